// The messages of a distributed `kepler bench`: rank 0 assigns runs to the other ranks and they
// answer each with one reply. Payloads are JSON text, so a record crosses ranks exactly as it is
// written to runs.jsonl.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "benchmarks/runner.hpp"

namespace kepler::cluster {

enum class BenchTag : int {
  kRun = 1,     // rank 0 → worker: run this PlannedRun
  kCancel = 2,  // rank 0 → worker: the user interrupted; cut the current runs short
  kStop = 3,    // rank 0 → worker: no more runs; leave
  kReply = 4,   // worker → rank 0: the outcome of one assigned run
};

// A worker's answer to one assigned run.
struct RunReply {
  enum class Kind { kFinished, kCutShort, kInputError, kFailure };
  bench::PlannedRun run;
  Kind kind = Kind::kFinished;
  bench::FinishedRun finished;  // kFinished
  std::string message;          // kInputError, kFailure: what() of the exception
};

[[nodiscard]] std::string encode_run(const bench::PlannedRun& run);
[[nodiscard]] bench::PlannedRun decode_run(std::string_view payload);
[[nodiscard]] std::string encode_reply(const RunReply& reply);
[[nodiscard]] RunReply decode_reply(std::string_view payload);

struct Message {
  int source = 0;
  BenchTag tag = BenchTag::kStop;
  std::string payload;
};

// A message waiting for this rank, received; nullopt when there is none (never blocks).
[[nodiscard]] std::optional<Message> poll_message();
// Sends on MPI_COMM_WORLD; returns once the payload may be reused.
void send_message(int destination, BenchTag tag, std::string_view payload = {});

}  // namespace kepler::cluster
