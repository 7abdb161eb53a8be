// SRSD's normalized edit distance (Matsubara et al., DMLR 2024) between a model and the truth:
// both simplified (here by the e-graph), turned into sympy-shaped ordered trees — n-ary Add and
// Mul, subtraction as Mul(−1, ·), division and roots as Pow, every number the label "Const",
// operands of Add and Mul in a canonical order — then the Zhang–Shasha distance d with unit
// costs, normalized as min(d, |T_true|) / |T_true|.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "benchmarks/tree_edit.hpp"
#include "engine/expr.hpp"

namespace kepler::bench {

// The sympy-shaped tree of `expr` (not simplified here).
[[nodiscard]] LabelledTree sympy_tree(const Expr& expr, std::span<const std::string> variables);

struct NedOptions {
  std::vector<bool> positive_variables;  // domain facts for the simplifier
  std::vector<bool> nonzero_variables;
  bool simplify = true;
};

// 1 when `model` is null (no prediction).
[[nodiscard]] double normalized_edit_distance(const Expr* model, const Expr& truth,
                                              std::span<const std::string> variables,
                                              const NedOptions& options = {});

}  // namespace kepler::bench
