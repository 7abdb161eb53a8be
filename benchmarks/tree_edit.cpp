#include "benchmarks/tree_edit.hpp"

#include <algorithm>

namespace kepler::bench {

std::size_t LabelledTree::add(std::string label, std::vector<std::size_t> kids) {
  labels.push_back(std::move(label));
  children.push_back(std::move(kids));
  return labels.size() - 1;
}

namespace {

// Leftmost leaf of each node's subtree and the keyroots (nodes with a left sibling, and the root),
// both over postorder indices.
struct Indexed {
  std::vector<std::size_t> leftmost;
  std::vector<std::size_t> keyroots;
};

Indexed index(const LabelledTree& t) {
  Indexed out;
  out.leftmost.resize(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    out.leftmost[i] = t.children[i].empty() ? i : out.leftmost[t.children[i].front()];
  }
  // A keyroot is the highest node with a given leftmost leaf.
  std::vector<bool> seen(t.size(), false);
  for (std::size_t i = t.size(); i-- > 0;) {
    if (!seen[out.leftmost[i]]) {
      seen[out.leftmost[i]] = true;
      out.keyroots.push_back(i);
    }
  }
  std::sort(out.keyroots.begin(), out.keyroots.end());
  return out;
}

}  // namespace

std::size_t tree_edit_distance(const LabelledTree& a, const LabelledTree& b) {
  if (a.size() == 0) return b.size();
  if (b.size() == 0) return a.size();
  const Indexed ia = index(a);
  const Indexed ib = index(b);
  std::vector<std::size_t> tree_distance(a.size() * b.size(), 0);
  const auto td = [&](std::size_t i, std::size_t j) -> std::size_t& { return tree_distance[i * b.size() + j]; };
  std::vector<std::size_t> forest((a.size() + 1) * (b.size() + 1), 0);
  for (const std::size_t i : ia.keyroots) {
    for (const std::size_t j : ib.keyroots) {
      const std::size_t li = ia.leftmost[i];
      const std::size_t lj = ib.leftmost[j];
      const std::size_t rows = i - li + 2;
      const std::size_t cols = j - lj + 2;
      const auto fd = [&](std::size_t x, std::size_t y) -> std::size_t& { return forest[x * cols + y]; };
      fd(0, 0) = 0;
      for (std::size_t x = 1; x < rows; ++x) fd(x, 0) = fd(x - 1, 0) + 1;
      for (std::size_t y = 1; y < cols; ++y) fd(0, y) = fd(0, y - 1) + 1;
      for (std::size_t x = 1; x < rows; ++x) {
        for (std::size_t y = 1; y < cols; ++y) {
          const std::size_t node_a = li + x - 1;
          const std::size_t node_b = lj + y - 1;
          const std::size_t remove = fd(x - 1, y) + 1;
          const std::size_t insert = fd(x, y - 1) + 1;
          if (ia.leftmost[node_a] == li && ib.leftmost[node_b] == lj) {
            const std::size_t relabel = fd(x - 1, y - 1) + (a.labels[node_a] == b.labels[node_b] ? 0 : 1);
            fd(x, y) = std::min({remove, insert, relabel});
            td(node_a, node_b) = fd(x, y);
          } else {
            const std::size_t xa = ia.leftmost[node_a] - li;  // forest before node_a's subtree
            const std::size_t yb = ib.leftmost[node_b] - lj;
            fd(x, y) = std::min({remove, insert, fd(xa, yb) + td(node_a, node_b)});
          }
        }
      }
    }
  }
  return td(a.size() - 1, b.size() - 1);
}

}  // namespace kepler::bench
