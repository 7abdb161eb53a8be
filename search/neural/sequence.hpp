// Equations as the policy's token sequences: what GP breeds (neural-guided GP) enters the
// training batch as the prefix sequence the policy would have had to write.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "engine/expr.hpp"
#include "search/grammar.hpp"

namespace kepler::neural {

using Sequence = std::vector<std::size_t>;  // grammar tokens in prefix order

// The complete equation's token sequence: operators and variables as their tokens, every number
// (free or fixed) as the constant token. Nothing when the grammar cannot write it: an operator or
// column it lacks, a number without the constant token, or a constraint broken on the way.
[[nodiscard]] std::optional<Sequence> to_sequence(const Expr& f, const Grammar& grammar);

// The equation a complete sequence writes (PartialExpr::to_expr). Throws std::invalid_argument for
// a sequence the grammar does not allow, std::logic_error for an incomplete one.
[[nodiscard]] Expr to_expr(const Sequence& sequence, const Grammar& grammar);

}  // namespace kepler::neural
