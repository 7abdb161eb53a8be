// Constant folding that never rounds: the result of an operation on known numbers, when that
// result is itself a double computed without any rounding, overflow or underflow.
//
// The e-graph merges a class with the literal of its folded value, and rules then reason with
// that literal as an exact real number. A double result that was rounded breaks that: absorption
// makes 1e16 + 1 equal 1e16, after which (1e16 + 1) − 1e16 is both 1 and 0 and every class that
// touches it collapses. Exact folding keeps the graph's equalities true in real arithmetic. Results
// that would need rounding (1/3, sqrt(2), exp(1)) stay unfolded terms; extraction still prints
// such a constant subterm as one number (see extract.hpp).
#pragma once

#include <optional>

#include "engine/operator.hpp"

namespace kepler::egraph {

// The exact value of `op` applied to `a` (and `b` for binary operators), or nothing when it is
// not a double or could not be shown exact. Operands are finite.
[[nodiscard]] std::optional<double> fold_exactly(Op op, double a, double b = 0.0) noexcept;

}  // namespace kepler::egraph
