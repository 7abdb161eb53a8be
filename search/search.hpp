// The interface every search method implements, and the registry that names them.
//
// A Search takes a Problem, a Budget, SearchOptions and an Observer and returns the Pareto front
// of equation cores it found: for each complexity, the best f with its normalized loss (the loss
// divided by the target's variance, after linear scaling when the problem asks for it). Turning
// cores into reported equations (scaling, simplification, snapping, refitting in data units) is
// kepler::discover's job, shared by every method.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/pareto.hpp"
#include "search/observer.hpp"
#include "search/problem.hpp"

namespace kepler {

// Running: not finished — what a checkpoint written during the search says.
enum class StopReason : std::uint8_t { TimeLimit, EvaluationLimit, EarlyStop, Cancelled, Running };
[[nodiscard]] std::string_view to_string(StopReason reason) noexcept;

// What a search counted, by name: every search reports its own (the candidate pipeline's stages,
// seconds spent by its workers, ...) and front ends print whatever is there. Seconds are summed
// over workers and named "..._seconds".
struct Counter {
  std::string name;
  double value = 0.0;
};

struct SearchReport {
  StopReason stop_reason = StopReason::TimeLimit;
  std::uint64_t evaluations = 0;     // candidate evaluations, constant-fitting passes included
  double seconds = 0.0;
  double evaluations_per_second = 0.0;
  std::vector<Counter> counters;     // in the order first added

  // Adds `value` to the counter `name`, appending it if new.
  void add(std::string_view name, double value);
  // The counter's value, or 0 if the search did not report it.
  [[nodiscard]] double counter(std::string_view name) const noexcept;
};

struct SearchResult {
  std::vector<ParetoEntry> front;  // simplest first; losses normalized
  SearchReport report;
};

class Search {
 public:
  virtual ~Search() = default;
  [[nodiscard]] virtual std::string_view name() const noexcept = 0;
  virtual SearchResult run(const Problem& problem, const Budget& budget,
                           const SearchOptions& options, const Observer& observer) = 0;
};

// The registry of methods: search/method.hpp.

}  // namespace kepler
