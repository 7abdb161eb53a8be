// How a running search reports progress and learns it should stop.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "engine/expr.hpp"

namespace kepler {

struct Progress {
  double elapsed_seconds = 0.0;
  double limit_seconds = 0.0;
  std::uint64_t evaluations = 0;
  double evaluations_per_second = 0.0;
  double best_loss = 0.0;  // normalized loss of the most accurate equation so far
  Expr best;               // that equation's core (before linear scaling)
};

struct Observer {
  // Called from the search's coordinating thread between rounds (a few times a second at most).
  std::function<void(const Progress&)> on_progress;
  // Set from anywhere (a signal handler, another thread) to stop the search soon; what was found
  // so far is kept.
  const std::atomic<bool>* cancel = nullptr;

  [[nodiscard]] bool cancelled() const noexcept {
    return cancel != nullptr && cancel->load(std::memory_order_relaxed);
  }
};

}  // namespace kepler
