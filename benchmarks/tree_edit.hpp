// Zhang–Shasha tree edit distance between ordered, labelled trees, with unit costs for
// inserting, deleting and relabelling a node (K. Zhang and D. Shasha, SIAM J. Comput. 18(6), 1989).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace kepler::bench {

// A tree in postorder: node i's children are listed before it; the root is last.
struct LabelledTree {
  std::vector<std::string> labels;
  std::vector<std::vector<std::size_t>> children;  // per node, left to right

  std::size_t add(std::string label, std::vector<std::size_t> kids = {});
  [[nodiscard]] std::size_t size() const noexcept { return labels.size(); }
};

// Unit-cost edit distance; O(|a|·|b|·min(depth, leaves)²) time, O(|a|·|b|) memory.
[[nodiscard]] std::size_t tree_edit_distance(const LabelledTree& a, const LabelledTree& b);

}  // namespace kepler::bench
