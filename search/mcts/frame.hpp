// Modulated sub-tree discovery (after RSRM, Xu et al., ICLR 2024): when the best equations found
// have the form y ≈ A ∘ g — ∘ one of +, −, ·, ÷, ^ at the root, A a sub-tree with a variable —
// A is probably right and g is not yet, so a tree searches for f in y ≈ A ∘ f instead of for the
// whole equation. A frame is A ∘ □: the equation with a placeholder variable (the grammar's
// variable count as its column) where f goes. Searching f inside the frame, scored on y, is
// RSRM's search on the transformed target (y − A, y / A, log y / log A) without dividing by an A
// near zero, and with A's constants fitted again beside f's.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "engine/expr.hpp"
#include "engine/pareto.hpp"

namespace kepler::mcts {

// Frames from the front's equations, the most accurate first; within one, the smaller operand
// kept as A first (the larger is more likely the part still approximated). A has a variable and
// at most `max_nodes` nodes; frames are new by symmetric shape, and not in `known`. At most
// `count`. `variables` is the problem's column count (the placeholder's column).
[[nodiscard]] std::vector<Expr> frame_candidates(std::span<const ParetoEntry> front, std::size_t variables,
                                                 std::size_t count, std::size_t max_nodes = 15,
                                                 std::span<const Expr> known = {});
// The equation `frame` makes of f: its placeholder replaced by f, free constants renumbered.
// Throws std::invalid_argument if the frame has no placeholder.
[[nodiscard]] Expr apply_frame(const Expr& frame, const Expr& f, std::size_t variables);

}  // namespace kepler::mcts
