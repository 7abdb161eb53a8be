#include "search/mcts/frame.hpp"

#include <algorithm>
#include <cstdint>
#include <set>
#include <stdexcept>

#include "engine/operator.hpp"

namespace kepler::mcts {

namespace {

bool is_frame_root(Op op) noexcept {
  return op == Op::Add || op == Op::Sub || op == Op::Mul || op == Op::Div || op == Op::Pow;
}

bool has_variable(const Expr& f) {
  return std::any_of(f.nodes().begin(), f.nodes().end(), [](const Node& n) { return n.op == Op::Var; });
}

}  // namespace

std::vector<Expr> frame_candidates(std::span<const ParetoEntry> front, std::size_t variables, std::size_t count,
                                   std::size_t max_nodes, std::span<const Expr> known) {
  std::set<std::uint64_t> seen;
  for (const Expr& frame : known) seen.insert(frame.symmetric_shape_hash());
  std::vector<const ParetoEntry*> by_loss;
  for (const ParetoEntry& e : front) by_loss.push_back(&e);
  std::stable_sort(by_loss.begin(), by_loss.end(),
                   [](const ParetoEntry* a, const ParetoEntry* b) { return a->loss < b->loss; });
  const Expr placeholder = build::var(static_cast<std::uint32_t>(variables));
  std::vector<Expr> out;
  for (const ParetoEntry* entry : by_loss) {
    const Expr& f = entry->expr;
    if (f.empty() || !is_frame_root(f[f.root()].op)) continue;
    const auto [left, right] = f.children(f.root());
    std::array<std::size_t, 2> kept{left, right};  // the operand kept as A
    const auto nodes = [&](std::size_t i) { return i + 1 - f.subtree_begin(i); };
    if (nodes(right) < nodes(left)) std::swap(kept[0], kept[1]);
    for (const std::size_t a : kept) {
      if (out.size() >= count) return out;
      const Expr sub = f.subtree(a);
      if (nodes(a) > max_nodes || !has_variable(sub)) continue;
      const std::size_t other = a == left ? right : left;
      Expr frame = f.replace_subtree(other, placeholder);
      frame.renumber_parameters();
      if (!seen.insert(frame.symmetric_shape_hash()).second) continue;
      out.push_back(std::move(frame));
    }
  }
  return out;
}

Expr apply_frame(const Expr& frame, const Expr& f, std::size_t variables) {
  for (std::size_t i = 0; i < frame.size(); ++i) {
    if (frame[i].op == Op::Var && frame[i].index == variables) {
      Expr out = frame.replace_subtree(i, f);
      out.renumber_parameters();
      return out;
    }
  }
  throw std::invalid_argument("apply_frame: the frame has no placeholder");
}

}  // namespace kepler::mcts
