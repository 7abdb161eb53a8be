// The transposition table of tree search (after EGG-MCTS, Jiang et al., 2025): partial equations
// keyed by the canonical key of their expression with the open slots as placeholder variables
// (PartialExpr::to_expr_with_holes). Two partial equations with one key complete to the same
// function for every completion, so a node whose key an earlier node already holds need not be
// searched: it becomes that node's alias. An equal key only counts when the earlier node is no
// larger — in nodes and in free constants — so that every completion the size and constant
// limits allow the later one, they allow the earlier one too, and nothing reachable is lost.
//
// Thread-safety: one per tree.
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>

namespace kepler::mcts {

class TranspositionTable {
 public:
  // The node that already stands for `key` and is no larger than (nodes, constants), if any;
  // otherwise `node` becomes the key's node (replacing a larger one) and kNoNode is returned.
  std::uint32_t find_or_add(std::uint64_t key, std::uint32_t node, std::size_t nodes, std::size_t constants);
  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
  void clear() noexcept { entries_.clear(); }

 private:
  struct Entry {
    std::uint32_t node;
    std::uint32_t nodes;
    std::uint32_t constants;
  };
  std::unordered_map<std::uint64_t, Entry> entries_;
};

}  // namespace kepler::mcts
