#include "cluster/bench_messages.hpp"

#include <mpi.h>

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace kepler::cluster {
namespace {

using nlohmann::json;

constexpr std::string_view kind_name(RunReply::Kind kind) {
  switch (kind) {
    case RunReply::Kind::kFinished: return "finished";
    case RunReply::Kind::kCutShort: return "cut short";
    case RunReply::Kind::kInputError: return "input error";
    case RunReply::Kind::kFailure: return "failure";
  }
  return "failure";
}

RunReply::Kind kind_of(std::string_view name) {
  for (const auto kind : {RunReply::Kind::kFinished, RunReply::Kind::kCutShort, RunReply::Kind::kInputError,
                          RunReply::Kind::kFailure}) {
    if (kind_name(kind) == name) return kind;
  }
  throw std::runtime_error("MPI reply of unknown kind '" + std::string(name) + "'");
}

json run_json(const bench::PlannedRun& run) { return json::array({run.problem, run.method, run.seed}); }

bench::PlannedRun run_of(const json& j) {
  return {.problem = j.at(0).get<std::size_t>(), .method = j.at(1).get<std::size_t>(),
          .seed = j.at(2).get<std::uint64_t>()};
}

}  // namespace

std::string encode_run(const bench::PlannedRun& run) { return run_json(run).dump(); }

bench::PlannedRun decode_run(std::string_view payload) { return run_of(json::parse(payload)); }

std::string encode_reply(const RunReply& reply) {
  json j;
  j["run"] = run_json(reply.run);
  j["kind"] = kind_name(reply.kind);
  if (reply.kind == RunReply::Kind::kFinished) {
    j["record"] = reply.finished.record;
    j["srbench"] = reply.finished.srbench;
  }
  if (!reply.message.empty()) j["message"] = reply.message;
  return j.dump();
}

RunReply decode_reply(std::string_view payload) {
  const json j = json::parse(payload);
  RunReply reply;
  reply.run = run_of(j.at("run"));
  reply.kind = kind_of(j.at("kind").get<std::string>());
  if (reply.kind == RunReply::Kind::kFinished) {
    reply.finished.record = j.at("record");
    reply.finished.srbench = j.at("srbench");
  }
  reply.message = j.value("message", "");
  return reply;
}

std::optional<Message> poll_message() {
  int waiting = 0;
  MPI_Status status;
  MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &waiting, &status);
  if (waiting == 0) return std::nullopt;
  int count = 0;
  MPI_Get_count(&status, MPI_CHAR, &count);
  Message message;
  message.source = status.MPI_SOURCE;
  message.tag = static_cast<BenchTag>(status.MPI_TAG);
  message.payload.resize(static_cast<std::size_t>(count));
  MPI_Recv(message.payload.data(), count, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
           MPI_STATUS_IGNORE);
  return message;
}

void send_message(int destination, BenchTag tag, std::string_view payload) {
  MPI_Send(payload.data(), static_cast<int>(payload.size()), MPI_CHAR, destination, static_cast<int>(tag),
           MPI_COMM_WORLD);
}

}  // namespace kepler::cluster
