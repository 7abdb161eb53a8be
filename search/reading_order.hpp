// Equations in the order people write them: sums by falling polynomial degree with numbers last
// (x³ + x² + x + 1), products with the coefficient first and one fraction bar
// (0.3927 · ΔP · r⁴ / (L · η), not r⁴ / η · ΔP · 0.3927 / L). The same function in the reals:
// only the order of commutative operands and the grouping of sums and products change, and the
// literal numbers on each side of the bar become one (T · T / 1000000, not T · T / (1000 · 1000)).
#pragma once

#include "engine/expr.hpp"

namespace kepler {

[[nodiscard]] Expr reading_order(const Expr& expr);

}  // namespace kepler
