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
  // Each front's head is kept by value, beside the others: the search below reads no point twice
  // through an index.
  head_first_.clear();
  head_second_.clear();
  for (const std::uint32_t i : order) {
    const double f = first[i];
    const double s = second[i];
    // Heads dominate a prefix of the fronts (their second objectives never decrease with rank).
    std::size_t low = 0;
    std::size_t high = head_second_.size();
    while (low < high) {
      const std::size_t mid = (low + high) / 2;
      const bool dominates = head_second_[mid] < s || (head_second_[mid] == s && head_first_[mid] < f);
      if (dominates) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    ranks[i] = static_cast<std::uint32_t>(low);
    if (low == head_second_.size()) {
      head_first_.push_back(f);
      head_second_.push_back(s);
    } else if (s < head_second_[low]) {
      head_first_[low] = f;
      head_second_[low] = s;
    }
  }
}

}  // namespace kepler::gp
