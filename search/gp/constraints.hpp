// Which candidate equations the GP accepts: size and depth limits, and nesting rules that keep
// out forms a physicist never writes and that waste evaluations: trigonometry inside trigonometry,
// exp inside exp, log inside log (like PySR's nested constraints). exp(b·log(a)) = a^b stays
// allowed.
#pragma once

#include "engine/expr.hpp"
#include "search/problem.hpp"

namespace kepler::gp {

[[nodiscard]] bool satisfies_constraints(const Expr& f, const Problem& problem);

}  // namespace kepler::gp
