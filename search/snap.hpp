// Snapping fitted constants to simple values: 0, 1, small integers and ratios, multiples of π,
// short decimals.
//
// Where the data are exact, a search reports 0.99999999 or 2.0000001 for constants that are 1 and
// 2; an equation with those constants is not the law. Each free constant is tried, in postfix
// order with the overall scale last (so that the constants inside snap relative to it:
// a·(1 + x²/16)), at the simple values near it (and at 0, which drops its term, and 1, which
// drops a redundant factor); the others are refitted,
// and the snap is kept when the loss does not get worse beyond what one fewer parameter is worth
// (Akaike: loss_new ≤ loss_old · exp(2/n), plus a floor of 1e-20 · var(y) — a relative error of
// 1e-10, far below any measurement — for the solver's own convergence tolerance).
#pragma once

#include <vector>

#include "engine/dataset.hpp"
#include "engine/expr.hpp"
#include "engine/fitter.hpp"

namespace kepler {

// Candidate simple values near `value`, simplest first.
[[nodiscard]] std::vector<double> simple_values_near(double value);

// Returns `expr` with snapped constants fixed (as numbers) and the rest refitted.
[[nodiscard]] Expr snap_constants(const Expr& expr, Fitter& fitter, double target_variance);

// `expr` with every number added to or subtracted from the argument of a sine or cosine taken
// modulo 2π into (−π, π], and set to k·π/q (q ≤ 12) where it is that within 1e-12: so
// cos(x − 17π/2) becomes cos(x − π/2), which the simplifier knows as sin(x).
[[nodiscard]] Expr reduce_phases(const Expr& expr);

// `expr` for reading: each constant, in postfix order, rounded to the fewest significant digits
// that keep its squared error on `data` within `relative` of the exact constants' (plus 1e-20 of
// the target's variance: the digits an exact fit does not need). Simple values (integers, ratios
// p/q with q ≤ 12, multiples of π) stay as they are. An equation whose constants the data pin
// down to 4 digits prints with 4, not 16 — 365.05 · a^1.5, not 365.0492275875458 · a^1.5.
[[nodiscard]] Expr round_to_supported_digits(const Expr& expr, const Dataset& data, double relative = 1e-3);

}  // namespace kepler
