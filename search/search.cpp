#include "search/search.hpp"

#include <algorithm>

namespace kepler {

std::string_view to_string(StopReason reason) noexcept {
  switch (reason) {
    case StopReason::TimeLimit: return "time limit";
    case StopReason::EvaluationLimit: return "evaluation limit";
    case StopReason::EarlyStop: return "early stop";
    case StopReason::Cancelled: return "cancelled";
    case StopReason::Running: return "running";
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

}  // namespace kepler
