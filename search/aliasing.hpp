// Aliasing: a periodic fit that only interpolates the rows.
//
// sin(u), cos(u) and tan(u) can pass near any few points once u changes by more than half a
// period between neighbouring rows: cos(100.0022 / conc) "fits" twelve enzyme-kinetics rows
// better than Michaelis–Menten does, by aliasing. By the sampling theorem, rows resolve a periodic
// function of u only where consecutive values of u, sorted, lie less than half a period apart. A
// fit whose periodic arguments are mostly further apart than that describes the sample, not a
// function, and a search should not be rewarded for it (unless it is exact: a law stays a law).
//
// Thread-safety: uses the caller's evaluator and scratch.
#pragma once

#include <vector>

#include "engine/evaluator.hpp"
#include "engine/expr.hpp"

namespace kepler {

// Whether, for some sin, cos or tan node of f, more than a quarter of the steps between
// consecutive distinct values of its argument over the evaluator's rows exceed half the
// operator's period. Arguments that are not finite on the rows count as resolved (the fit is
// invalid for other reasons).
[[nodiscard]] bool undersampled_periodic(const Expr& f, Evaluator& evaluator, std::vector<double>& scratch);

}  // namespace kepler
