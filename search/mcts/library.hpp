// Sub-tree discovery into the grammar's library (after RSRM's sub-tree discovery): the building
// blocks of the best equations found so far become single tokens, so a tree reaches in one step
// what took it several.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "engine/expr.hpp"
#include "engine/pareto.hpp"
#include "search/grammar.hpp"

namespace kepler::mcts {

// Proper sub-trees of the front's equations, the most accurate equation first and, within one,
// the larger sub-tree first: each of `min_nodes` .. `max_nodes` nodes, holding a variable,
// valid on its own under the grammar's constraints, and not yet a token (compared by shape, blind
// to constant values and to the order of commutative operands). At most `count`.
[[nodiscard]] std::vector<Expr> library_candidates(std::span<const ParetoEntry> front, const Grammar& grammar,
                                                   std::size_t count, std::size_t min_nodes = 3,
                                                   std::size_t max_nodes = 7);

}  // namespace kepler::mcts
