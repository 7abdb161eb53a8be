// How a running search reports progress and learns it should stop.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/expr.hpp"
#include "engine/pareto.hpp"

namespace kepler {

// Running: not finished — what a checkpoint written during the search says.
// Exhausted: every search tried everything it could (search/search.hpp).
enum class StopReason : std::uint8_t { TimeLimit, EvaluationLimit, EarlyStop, Cancelled, Running, Exhausted };

// What a search learns from the processes it runs beside (cluster/distributed_fit.hpp).
struct Exchange {
  std::vector<Expr> equations;     // cores found elsewhere: scored here, offered to the front
  std::optional<StopReason> stop;  // stop now, for this reason; nullopt: go on
};

struct Progress {
  double elapsed_seconds = 0.0;
  double limit_seconds = 0.0;
  std::uint64_t evaluations = 0;
  double evaluations_per_second = 0.0;
  double best_loss = 0.0;  // normalized loss of the most accurate equation so far
  Expr best;               // that equation's core (before linear scaling)
};

// The front of equation cores found so far, for checkpoints (kepler fit --out) and resuming.
struct FrontSnapshot {
  std::vector<ParetoEntry> front;  // simplest first; losses normalized
  std::uint64_t evaluations = 0;
  double elapsed_seconds = 0.0;
};

struct Observer {
  // Called from the search's coordinating thread between rounds (a few times a second at most).
  std::function<void(const Progress&)> on_progress;
  // Set from anywhere (a signal handler, another thread) to stop the search soon; what was found
  // so far is kept.
  const std::atomic<bool>* cancel = nullptr;
  // Called from the coordinating thread with the front so far, when it has changed: within
  // `front_improvement_seconds` of a new lowest loss, and otherwise at most every
  // `front_every_seconds` (see FrontReporter). Returning false declines the snapshot: the
  // change stays pending and is offered again at a later round.
  std::function<bool(const FrontSnapshot&)> on_front;
  double front_every_seconds = 5.0;
  double front_improvement_seconds = 1.0;
  // Called from the coordinating thread at every round barrier, with the front and the reason
  // this search would stop now (nullopt: it would go on). Where set, it decides: the search
  // adopts the equations and stops exactly when the answer says so — so searches in several
  // processes, exchanging their fronts, take the same number of rounds and stop together.
  std::function<Exchange(const std::vector<ParetoEntry>& front, std::optional<StopReason> would_stop)> exchange;

  [[nodiscard]] bool cancelled() const noexcept {
    return cancel != nullptr && cancel->load(std::memory_order_relaxed);
  }
};

// When a search calls Observer::on_front: every search calls round() once per round of its work.
class FrontReporter {
 public:
  explicit FrontReporter(const Observer& observer) : observer_(&observer) {}
  // `front`: simplest first; `changed`: whether anything joined it since the last round.
  void round(const std::vector<ParetoEntry>& front, bool changed, std::uint64_t evaluations, double elapsed_seconds);

 private:
  const Observer* observer_;
  bool pending_ = false;      // changes not yet reported
  bool improved_ = false;     // a new lowest loss not yet reported
  double last_call_ = -1e300;  // elapsed seconds at the last call
  double reported_best_ = 1e300;
};

}  // namespace kepler
