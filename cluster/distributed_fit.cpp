#include "cluster/distributed_fit.hpp"

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/expr_records.hpp"
#include "search/seeds.hpp"

namespace kepler::cluster {
namespace {

using nlohmann::json;

// Waits for a non-blocking collective without spinning a core: a rank that reaches the barrier
// first must not slow down one still searching on the same machine.
void wait_for(MPI_Request& request) {
  int done = 0;
  auto pause = std::chrono::microseconds(20);
  for (MPI_Test(&request, &done, MPI_STATUS_IGNORE); done == 0; MPI_Test(&request, &done, MPI_STATUS_IGNORE)) {
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(2000));
  }
}

std::string encode(const std::vector<ParetoEntry>& front, std::optional<StopReason> would_stop) {
  json equations = json::array();
  for (const ParetoEntry& entry : front) {
    json nodes = json::array();
    for (const NodeRecord& r : to_records(entry.expr)) nodes.push_back(json::array({r.kind, r.index, r.value}));
    equations.push_back(std::move(nodes));
  }
  json out = {{"front", std::move(equations)}, {"stop", nullptr}};
  if (would_stop) out["stop"] = static_cast<int>(*would_stop);
  return out.dump();
}

struct Share {
  std::vector<Expr> equations;
  std::optional<StopReason> stop;
};

Share decode(std::string_view payload) {
  const json in = json::parse(payload);
  Share share;
  for (const json& nodes : in.at("front")) {
    std::vector<NodeRecord> records;
    for (const json& r : nodes) {
      records.push_back({r.at(0).get<std::string>(), r.at(1).get<std::uint32_t>(), r.at(2).get<double>()});
    }
    share.equations.push_back(from_records(records));
  }
  if (!in.at("stop").is_null()) share.stop = static_cast<StopReason>(in.at("stop").get<int>());
  return share;
}

// Every rank's payload, in rank order.
std::vector<std::string> all_gather(const std::string& mine, int ranks) {
  const int size = static_cast<int>(mine.size());
  std::vector<int> sizes(static_cast<std::size_t>(ranks));
  MPI_Request request;
  MPI_Iallgather(&size, 1, MPI_INT, sizes.data(), 1, MPI_INT, MPI_COMM_WORLD, &request);
  wait_for(request);
  std::vector<int> offsets(sizes.size(), 0);
  for (std::size_t r = 1; r < sizes.size(); ++r) offsets[r] = offsets[r - 1] + sizes[r - 1];
  std::string all(static_cast<std::size_t>(offsets.back() + sizes.back()), '\0');
  MPI_Iallgatherv(mine.data(), size, MPI_CHAR, all.data(), sizes.data(), offsets.data(), MPI_CHAR, MPI_COMM_WORLD,
                  &request);
  wait_for(request);
  std::vector<std::string> out;
  for (std::size_t r = 0; r < sizes.size(); ++r) {
    out.push_back(all.substr(static_cast<std::size_t>(offsets[r]), static_cast<std::size_t>(sizes[r])));
  }
  return out;
}

}  // namespace

decltype(Observer::exchange) front_exchange(const MpiSession& mpi) {
  const int rank = mpi.rank();
  const int ranks = mpi.size();
  return [rank, ranks](const std::vector<ParetoEntry>& front, std::optional<StopReason> would_stop) {
    const std::vector<std::string> payloads = all_gather(encode(front, would_stop), ranks);
    Exchange answer;
    for (int r = 0; r < ranks; ++r) {
      Share share = decode(payloads[static_cast<std::size_t>(r)]);
      if (!answer.stop) answer.stop = share.stop;  // the lowest rank's reason: the same on every rank
      if (r == rank) continue;
      for (Expr& f : share.equations) answer.equations.push_back(std::move(f));
    }
    return answer;
  };
}

std::uint64_t rank_seed(std::uint64_t seed, int rank) {
  if (rank == 0) return seed;
  std::uint64_t state = seed;  // the rank-th draw of SplitMix64 from the seed
  std::uint64_t value = seed;
  for (int r = 0; r < rank; ++r) value = split_mix(state);
  return value;
}

}  // namespace kepler::cluster
