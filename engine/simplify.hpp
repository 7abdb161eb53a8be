// Local algebraic clean-up of an expression, in one bottom-up pass:
//  - constant folding: an operator whose operands are all constants becomes one constant, a free
//    constant (Param) if any operand was free, else a fixed number (Num); results that are not
//    finite are left unfolded;
//  - identities with fixed numbers: x + 0, 0 + x, x − 0, x · 1, 1 · x, x / 1, x^1 → x;
//    0 − x, x · −1 → −x; x · 0, 0 · x → 0; x^0 → 1; x^2, x^3, x^0.5, x^−1 → square, cube,
//    sqrt, inv; −(−x) → x;
//  - signs: a + (−b) → a − b, (−a) + b → b − a, a − (−b) → a + b, a + (−2) → a − 2,
//    a − (−2) → a + 2.
// Free constants are renumbered one slot each, in postfix order. Equality saturation (egraph/)
// does the global simplification; this pass is the cheap, always-safe part a search runs on every
// offspring.
#pragma once

#include "engine/expr.hpp"

namespace kepler {

[[nodiscard]] Expr fold_constants(const Expr& expr);

}  // namespace kepler
