// Scoring one benchmark run: the model a search returned against the problem's ground truth.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/dataset.hpp"
#include "engine/expr.hpp"

namespace kepler::bench {

struct RunScore {
  double r2_train = 0.0, mse_train = 0.0, mae_train = 0.0;
  double r2_test = 0.0, mse_test = 0.0, mae_test = 0.0;
  // Numerically the truth on the held-out test points: normalized RMSE ≤ 1e-6.
  bool exact = false;
  // Exact, and the e-graph proves model = truth (constants compared to 6 significant digits).
  bool proven = false;
  // SRBench's symbolic solution: test R² > 0.5 and truth − model a constant or model / truth a
  // non-zero constant (checked on the test points), with the model's constants rounded to 3
  // decimals or as they are (tiny physical constants must not round to 0).
  bool srbench_solution = false;
  double ned = 1.0;             // SRSD normalized edit distance (1 with no model)
  std::size_t model_size = 0;   // nodes of the model's sympy-shaped tree
};

struct ScoreInputs {
  const Expr* model = nullptr;  // null: the search returned nothing
  const Expr* truth = nullptr;  // null: no ground truth (real data); only accuracy is scored
  std::span<const std::string> variables;
  const Dataset* train = nullptr;
  const Dataset* test = nullptr;
};

[[nodiscard]] RunScore score_run(const ScoreInputs& inputs);

// The model with every constant rounded to `decimals` places (SRBench's rounding); free constants
// become fixed numbers.
[[nodiscard]] Expr round_constants(const Expr& e, int decimals);
// The model with every constant rounded to `digits` significant digits.
[[nodiscard]] Expr round_significant(const Expr& e, int digits);

}  // namespace kepler::bench
