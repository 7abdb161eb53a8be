#include "search/mcts/tree.hpp"

#include <cmath>
#include <stdexcept>

namespace kepler::mcts {

void SearchTree::clear() {
  nodes_.clear();
  aliases_ = 0;
  nodes_.emplace_back();
}

void SearchTree::expand(std::uint32_t parent, std::span<const std::uint8_t> mask) {
  if (nodes_[parent].expanded()) throw std::logic_error("SearchTree::expand: the node has children");
  const auto first = static_cast<std::uint32_t>(nodes_.size());
  std::uint32_t count = 0;
  for (std::size_t t = 0; t < mask.size(); ++t) {
    if (mask[t] == 0) continue;
    TreeNode child;
    child.parent = parent;
    child.token = static_cast<std::uint32_t>(t);
    nodes_.push_back(child);
    ++count;
  }
  TreeNode& p = nodes_[parent];
  p.children = count;
  p.first_child = count == 0 ? kNoNode : first;
  if (count == 0) mark_exhausted(parent);
}

double SearchTree::score(const TreeNode& child, std::uint32_t parent_visits, const SelectionRule& rule) noexcept {
  const double exploit = rule.best_weight * child.best_reward + (1.0 - rule.best_weight) * child.mean_reward();
  const double explore = std::sqrt(std::log(static_cast<double>(parent_visits)) / static_cast<double>(child.visits));
  return exploit + rule.exploration * explore;
}

void SearchTree::unvisited_children(std::uint32_t parent, std::vector<std::uint32_t>& out) const {
  out.clear();
  const TreeNode& p = nodes_[parent];
  if (!p.expanded()) return;
  for (std::uint32_t c = p.first_child; c < p.first_child + p.children; ++c) {
    if (!nodes_[c].exhausted && nodes_[c].visits == 0) out.push_back(c);
  }
}

std::uint32_t SearchTree::best_visited_child(std::uint32_t parent, const SelectionRule& rule) const {
  const TreeNode& p = nodes_[parent];
  if (!p.expanded()) return kNoNode;
  std::uint32_t best = kNoNode;
  double best_score = -1.0;
  for (std::uint32_t c = p.first_child; c < p.first_child + p.children; ++c) {
    const TreeNode& child = nodes_[c];
    if (child.exhausted || child.visits == 0) continue;
    const double s = score(child, p.visits, rule);
    if (s > best_score) {
      best_score = s;
      best = c;
    }
  }
  return best;
}

std::uint32_t SearchTree::select(std::uint32_t parent, const SelectionRule& rule, std::mt19937_64& rng) const {
  unvisited_children(parent, unvisited_);
  if (!unvisited_.empty()) {
    return unvisited_[std::uniform_int_distribution<std::size_t>(0, unvisited_.size() - 1)(rng)];
  }
  return best_visited_child(parent, rule);
}

void SearchTree::backpropagate(std::uint32_t node, double reward) {
  for (std::uint32_t i = node; i != kNoNode; i = nodes_[i].parent) {
    TreeNode& n = nodes_[i];
    ++n.visits;
    n.total_reward += reward;
    if (reward > n.best_reward) n.best_reward = reward;
  }
}

void SearchTree::mark_exhausted(std::uint32_t node) {
  for (std::uint32_t i = node; i != kNoNode; i = nodes_[i].parent) {
    nodes_[i].exhausted = true;
    const std::uint32_t parent = nodes_[i].parent;
    if (parent == kNoNode) return;
    const TreeNode& p = nodes_[parent];
    for (std::uint32_t c = p.first_child; c < p.first_child + p.children; ++c) {
      if (!nodes_[c].exhausted) return;
    }
  }
}

void SearchTree::make_alias(std::uint32_t node, std::uint32_t representative) {
  TreeNode& n = nodes_[node];
  if (n.visits != 0 || n.expanded() || n.alias != kNoNode || nodes_[representative].alias != kNoNode ||
      node == representative) {
    throw std::logic_error("SearchTree::make_alias: the node has been searched, or the representative is an alias");
  }
  n.alias = representative;
  ++aliases_;
  mark_exhausted(node);
}

}  // namespace kepler::mcts
