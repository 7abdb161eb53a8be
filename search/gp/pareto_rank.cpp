#include "search/gp/pareto_rank.hpp"

#include <algorithm>

namespace kepler::gp {

void ParetoRanker::rank(std::span<const double> first, std::span<const double> second,
                        std::span<std::uint32_t> ranks) {
  // Sorted by (first, second), every earlier point is no worse on the first objective, so a front
  // dominates a point exactly when its head (smallest second, earliest among equals) does, and
  // dominance is transitive: a point's rank is the first front whose head does not dominate it.
  order_.resize(first.size());
  for (std::uint32_t i = 0; i < order_.size(); ++i) order_[i] = i;
  std::sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) {
    return first[a] != first[b] ? first[a] < first[b] : second[a] < second[b];
  });
  rank_in_order(order_, first, second, ranks);
}

void ParetoRanker::rank_in_order(std::span<const std::uint32_t> order, std::span<const double> first,
                                 std::span<const double> second, std::span<std::uint32_t> ranks) {
  heads_.clear();
  for (const std::uint32_t i : order) {
    const auto dominated_by = [&](std::uint32_t head) {
      return second[head] < second[i] || (second[head] == second[i] && first[head] < first[i]);
    };
    // Heads dominate a prefix of the fronts (their second objectives never decrease with rank).
    const auto r = static_cast<std::uint32_t>(
        std::partition_point(heads_.begin(), heads_.end(), dominated_by) - heads_.begin());
    ranks[i] = r;
    if (r == heads_.size()) {
      heads_.push_back(i);
    } else if (second[i] < second[heads_[r]]) {
      heads_[r] = i;
    }
  }
}

}  // namespace kepler::gp
