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

struct SearchReport {
  StopReason stop_reason = StopReason::TimeLimit;
  std::uint64_t evaluations = 0;     // candidate evaluations, constant-fitting passes included
  double seconds = 0.0;
  double evaluations_per_second = 0.0;
  double fitting_seconds = 0.0;      // summed over workers
  double evaluating_seconds = 0.0;   // summed over workers
  // Rewritten twins (see search/twins.hpp): offspring bred, offspring dropped unscored as twins
  // of a population member, offspring scored from the fitness cache, time spent on keys.
  std::uint64_t offspring = 0;
  std::uint64_t twins_rejected = 0;
  std::uint64_t cache_hits = 0;
  double twin_key_seconds = 0.0;     // summed over workers
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

// The registered methods' names ("gp", ...).
[[nodiscard]] std::vector<std::string> search_names();
// A new instance of the named method; throws InputError for an unknown name.
[[nodiscard]] std::unique_ptr<Search> make_search(std::string_view name);

}  // namespace kepler
