// Non-domination ranks on two objectives, both minimized (NSGA-II's fronts): rank 0 is the set no
// point dominates, rank 1 what is left once rank 0 is removed, and so on. Points equal in both
// objectives share a rank.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace kepler::gp {

class ParetoRanker {
 public:
  // ranks[i] for the point (first[i], second[i]); the spans have equal length. O(n log n);
  // allocates only while its scratch grows.
  void rank(std::span<const double> first, std::span<const double> second, std::span<std::uint32_t> ranks);
  // The same ranks, for points already listed in `order` by ascending (first, second): O(n log r)
  // for r ranks, no sort.
  void rank_in_order(std::span<const std::uint32_t> order, std::span<const double> first,
                     std::span<const double> second, std::span<std::uint32_t> ranks);

 private:
  std::vector<std::uint32_t> order_;
  // Per rank: the objectives of its point with the smallest second objective (the first such).
  std::vector<double> head_first_;
  std::vector<double> head_second_;
};

}  // namespace kepler::gp
