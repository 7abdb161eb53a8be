// Snapping fitted constants to simple values: 0, 1, small integers and ratios, multiples of π,
// short decimals.
//
// Where the data are exact, a search reports 0.99999999 or 2.0000001 for constants that are 1 and
// 2; an equation with those constants is not the law. Each free constant is tried, in postfix
// order, at the simple values near it (and at 0, which drops its term); the others are refitted,
// and the snap is kept when the loss does not get worse beyond what one fewer parameter is worth
// (Akaike: loss_new ≤ loss_old · exp(2/n), plus a floor of 1e-20 · var(y) — a relative error of
// 1e-10, far below any measurement — for the solver's own convergence tolerance).
#pragma once

#include <vector>

#include "engine/expr.hpp"
#include "engine/fitter.hpp"

namespace kepler {

// Candidate simple values near `value`, simplest first.
[[nodiscard]] std::vector<double> simple_values_near(double value);

// Returns `expr` with snapped constants fixed (as numbers) and the rest refitted.
[[nodiscard]] Expr snap_constants(const Expr& expr, Fitter& fitter, double target_variance);

}  // namespace kepler
