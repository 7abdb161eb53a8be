#include "search/search.hpp"

#include <tbb/task_arena.h>

#include <algorithm>

#include "search/context.hpp"

namespace kepler {

std::string_view to_string(StopReason reason) noexcept {
  switch (reason) {
    case StopReason::TimeLimit: return "time limit";
    case StopReason::EvaluationLimit: return "evaluation limit";
    case StopReason::EarlyStop: return "early stop";
    case StopReason::Cancelled: return "cancelled";
    case StopReason::Running: return "running";
    case StopReason::Exhausted: return "search space exhausted";
  }
  return "unknown";
}

void SearchReport::add(std::string_view name, double value) {
  const auto it = std::find_if(counters.begin(), counters.end(), [&](const Counter& c) { return c.name == name; });
  if (it != counters.end()) {
    it->value += value;
  } else {
    counters.push_back({std::string(name), value});
  }
}

double SearchReport::counter(std::string_view name) const noexcept {
  const auto it = std::find_if(counters.begin(), counters.end(), [&](const Counter& c) { return c.name == name; });
  return it == counters.end() ? 0.0 : it->value;
}

SearchResult Search::run(const Problem& problem, const Budget& budget, const SearchOptions& options,
                         const Observer& observer) {
  tbb::task_arena arena(options.threads == 0 ? tbb::task_arena::automatic : static_cast<int>(options.threads));
  SearchContext context(problem, budget, options, observer, arena);
  return run_searches(context, {this});
}

}  // namespace kepler
