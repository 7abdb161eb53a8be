#include "search/mcts/library.hpp"

#include <algorithm>
#include <cstdint>
#include <set>

#include "search/constraints.hpp"

namespace kepler::mcts {

std::vector<Expr> library_candidates(std::span<const ParetoEntry> front, const Grammar& grammar, std::size_t count,
                                     std::size_t min_nodes, std::size_t max_nodes) {
  Constraints alone = grammar.constraints();
  alone.require_variable = false;
  std::set<std::uint64_t> known;
  for (std::size_t t = 0; t < grammar.size(); ++t) {
    if (grammar.token(t).kind == Token::Kind::Library) known.insert(grammar.library_entry(grammar.token(t).index).symmetric_shape_hash());
  }
  std::vector<const ParetoEntry*> by_loss;
  for (const ParetoEntry& e : front) by_loss.push_back(&e);
  std::stable_sort(by_loss.begin(), by_loss.end(), [](const ParetoEntry* a, const ParetoEntry* b) { return a->loss < b->loss; });
  std::vector<Expr> out;
  for (const ParetoEntry* entry : by_loss) {
    const Expr& f = entry->expr;
    std::vector<std::size_t> roots;
    for (std::size_t i = 0; i + 1 < f.size(); ++i) {  // proper: not the root
      const std::size_t nodes = i + 1 - f.subtree_begin(i);
      if (nodes >= min_nodes && nodes <= max_nodes) roots.push_back(i);
    }
    std::stable_sort(roots.begin(), roots.end(), [&](std::size_t a, std::size_t b) {
      return a + 1 - f.subtree_begin(a) > b + 1 - f.subtree_begin(b);
    });
    for (const std::size_t i : roots) {
      if (out.size() >= count) return out;
      Expr sub = f.subtree(i);
      const bool has_variable =
          std::any_of(sub.nodes().begin(), sub.nodes().end(), [](const Node& n) { return n.op == Op::Var; });
      if (!has_variable || !satisfies(sub, alone)) continue;
      if (!known.insert(sub.symmetric_shape_hash()).second) continue;
      out.push_back(std::move(sub));
    }
  }
  return out;
}

}  // namespace kepler::mcts
