// The search tree of Monte-Carlo tree search over partial equations: node i stands for the
// prefix of tokens on the path from the root to it. Nodes live in one array; a node's children
// are contiguous, added all at once when it is first expanded. Statistics: visits, summed and
// best reward, and whether everything below is explored (exhausted), so selection never walks
// into a finished subtree twice. A node may be an alias of another (a transposition: its partial
// equation proven to complete to the same functions, search/mcts/transposition.hpp): it is never
// descended into, and its statistics are the other node's.
//
// Thread-safety: one worker uses a tree at a time (select() keeps scratch).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <span>
#include <vector>

namespace kepler::mcts {

inline constexpr std::uint32_t kNoNode = std::numeric_limits<std::uint32_t>::max();

struct TreeNode {
  std::uint32_t parent = kNoNode;
  std::uint32_t first_child = kNoNode;
  std::uint32_t children = 0;
  std::uint32_t token = 0;  // what this node appends to its parent's prefix (unused at the root)
  std::uint32_t visits = 0;
  std::uint32_t alias = kNoNode;  // the node whose statistics this one shares, if any
  bool exhausted = false;
  double total_reward = 0.0;
  double best_reward = 0.0;

  [[nodiscard]] bool expanded() const noexcept { return first_child != kNoNode; }
  [[nodiscard]] double mean_reward() const noexcept {
    return visits == 0 ? 0.0 : total_reward / static_cast<double>(visits);
  }
};

struct SelectionRule {
  double exploration = 0.5;
  double best_weight = 0.5;
};

class SearchTree {
 public:
  SearchTree() { clear(); }

  [[nodiscard]] static constexpr std::uint32_t root() noexcept { return 0; }
  [[nodiscard]] const TreeNode& node(std::uint32_t i) const noexcept { return nodes_[i]; }
  [[nodiscard]] std::size_t size() const noexcept { return nodes_.size(); }
  // The statistics that stand for node i: its own, or its representative's when it is an alias.
  [[nodiscard]] const TreeNode& stats(std::uint32_t i) const noexcept {
    const std::uint32_t a = nodes_[i].alias;
    return a == kNoNode ? nodes_[i] : nodes_[a];
  }
  [[nodiscard]] std::size_t aliases() const noexcept { return aliases_; }

  // Gives `parent` one child per token t with mask[t] != 0, in token order. Once per node.
  void expand(std::uint32_t parent, std::span<const std::uint8_t> mask);
  // The child to descend into: a child never visited (uniformly among them) first, else the one
  // of highest score() (the first among equals); only children not exhausted. kNoNode when every
  // child is exhausted or the node has none.
  [[nodiscard]] std::uint32_t select(std::uint32_t parent, const SelectionRule& rule,
                                     std::mt19937_64& rng) const;
  // select()'s two halves: the children never visited and not exhausted, in token order; the
  // visited child not exhausted of highest score() (kNoNode if none).
  void unvisited_children(std::uint32_t parent, std::vector<std::uint32_t>& out) const;
  [[nodiscard]] std::uint32_t best_visited_child(std::uint32_t parent, const SelectionRule& rule) const;
  // UCT with the best reward beside the mean (MctsOptions).
  [[nodiscard]] static double score(const TreeNode& child, std::uint32_t parent_visits,
                                    const SelectionRule& rule) noexcept;
  // One visit with `reward` for the node and each of its ancestors.
  void backpropagate(std::uint32_t node, double reward);
  // Marks the node exhausted, and every ancestor whose children are then all exhausted.
  void mark_exhausted(std::uint32_t node);
  // Makes a node never visited nor expanded an alias of `representative` (not itself an alias):
  // selection skips it as it does an exhausted node, and stats() reads the representative's.
  void make_alias(std::uint32_t node, std::uint32_t representative);
  // Back to a lone root (storage kept).
  void clear();

 private:
  std::vector<TreeNode> nodes_;
  std::size_t aliases_ = 0;
  mutable std::vector<std::uint32_t> unvisited_;  // select()'s scratch
};

}  // namespace kepler::mcts
