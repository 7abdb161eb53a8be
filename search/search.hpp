// The interface every search method implements.
//
// A search works in rounds inside a SearchContext (search/context.hpp), which it shares with
// the other searches of the run: the Pareto front of equation cores (for each complexity, the
// best f with its normalized loss — the loss divided by the target's variance, after linear
// scaling when the problem asks for it), the candidate cache, the budget and the threads. Turning
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

class SearchContext;

class Search {
 public:
  virtual ~Search() = default;
  [[nodiscard]] virtual std::string_view name() const noexcept = 0;

  // Prepares a run in `context` (initial populations, seed equations), drawing random numbers
  // from `seed`; called before any round, while no other search runs. Creates its workers'
  // pipelines here (SearchContext::add_pipeline) and may use the context's threads.
  virtual void start(SearchContext& context, std::uint64_t seed) = 0;
  // One round of work, concurrently with the other searches' rounds: it reads the front as of the
  // last barrier, offers candidates through its pipelines, and returns soon after
  // SearchContext::out_of_time() says so. Rounds of a fraction of a second keep the shared front
  // fresh for everyone.
  virtual void round(SearchContext& context) = 0;
  // Whether it has nothing left to try (an enumeration that is complete): its rounds return at
  // once. A run whose searches are all exhausted stops (StopReason::Exhausted).
  [[nodiscard]] virtual bool exhausted() const noexcept { return false; }
  // Counters of its own (its pipelines' are the context's to report).
  virtual void add_to(SearchReport& /*report*/) const {}

  // This search alone, on SearchOptions::threads threads (0: all): a context and run_searches.
  SearchResult run(const Problem& problem, const Budget& budget, const SearchOptions& options,
                   const Observer& observer);
};

// The registry of methods: search/method.hpp.

}  // namespace kepler
