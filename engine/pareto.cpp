#include "engine/pareto.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace kepler {

bool dominated(std::span<const ParetoEntry> entries, std::size_t complexity, double loss) {
  // Losses fall with complexity: the best loss at most this complex is the last such entry's.
  const auto first_more_complex = std::upper_bound(
      entries.begin(), entries.end(), complexity,
      [](std::size_t c, const ParetoEntry& e) { return c < e.complexity; });
  return first_more_complex != entries.begin() && at_least_as_good(std::prev(first_more_complex)->loss, loss);
}

bool ParetoFront::insert(const Expr& expr, double loss) {
  return insert(expr, loss, expr.complexity());
}

bool ParetoFront::insert(const Expr& expr, double loss, std::size_t complexity) {
  ParetoEntry entry;
  entry.expr = expr;
  entry.loss = loss;
  entry.complexity = complexity;
  return insert(std::move(entry));
}

bool ParetoFront::insert(ParetoEntry entry) {
  const double loss = entry.loss;
  const std::size_t complexity = entry.complexity;
  if (!std::isfinite(loss)) return false;
  std::lock_guard lock(mutex_);
  if (dominated(entries_, complexity, loss)) return false;
  // Remove the entries this one dominates: as complex or more, and no better.
  const auto first_same_or_more = std::lower_bound(
      entries_.begin(), entries_.end(), complexity,
      [](const ParetoEntry& e, std::size_t c) { return e.complexity < c; });
  auto last_dominated = first_same_or_more;
  while (last_dominated != entries_.end() && at_least_as_good(loss, last_dominated->loss)) ++last_dominated;
  const auto pos = entries_.erase(first_same_or_more, last_dominated);
  entry.score = 0.0;
  entries_.insert(pos, std::move(entry));
  return true;
}

std::vector<ParetoEntry> ParetoFront::snapshot() const {
  std::vector<ParetoEntry> out;
  {
    std::lock_guard lock(mutex_);
    out = entries_;
  }
  // Floor the loss so exact fits (loss 0) give finite scores.
  constexpr double kTiny = 1e-300;
  for (std::size_t i = 1; i < out.size(); ++i) {
    const double dlog = std::log(std::max(out[i].loss, kTiny)) -
                        std::log(std::max(out[i - 1].loss, kTiny));
    const double dc = static_cast<double>(out[i].complexity - out[i - 1].complexity);
    out[i].score = -dlog / dc;
  }
  return out;
}

std::size_t ParetoFront::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

std::optional<double> ParetoFront::best_loss() const {
  std::lock_guard lock(mutex_);
  if (entries_.empty()) return std::nullopt;
  return entries_.back().loss;
}

std::optional<double> ParetoFront::loss_at(std::size_t complexity) const {
  std::lock_guard lock(mutex_);
  std::optional<double> loss;
  for (const ParetoEntry& e : entries_) {
    if (e.complexity > complexity) break;
    loss = e.loss;
  }
  return loss;
}

std::optional<std::size_t> select_best(const std::vector<ParetoEntry>& entries, double tolerance) {
  if (entries.empty()) return std::nullopt;
  double lowest = entries.front().loss;
  for (const auto& e : entries) lowest = std::min(lowest, e.loss);
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].loss > tolerance * lowest) continue;
    if (!best || entries[i].score > entries[*best].score) best = i;
  }
  return best;
}

}  // namespace kepler
