#include "benchmarks/scoring.hpp"

#include <cmath>
#include <limits>
#include <span>
#include <vector>

#include "benchmarks/ned.hpp"
#include "egraph/simplify.hpp"
#include "engine/dataset.hpp"
#include "engine/evaluator.hpp"
#include "engine/metrics.hpp"

namespace kepler::bench {
namespace {

std::vector<double> predict(const Expr& e, const Dataset& data) {
  std::vector<double> out(data.rows());
  evaluate_rows(e, data, out);  // the finite rows still count
  return out;
}

double rms(std::span<const double> v) {
  double s = 0.0;
  for (const double x : v) s += x * x;
  return std::sqrt(s / static_cast<double>(v.size()));
}

// Whether v is (numerically) one value everywhere, relative to `scale`.
bool constant_everywhere(std::span<const double> v, double scale) {
  double mean = 0.0;
  for (const double x : v) {
    if (!std::isfinite(x)) return false;
    mean += x;
  }
  mean /= static_cast<double>(v.size());
  double spread = 0.0;
  for (const double x : v) spread = std::max(spread, std::abs(x - mean));
  return spread <= 1e-6 * scale;
}

// A scored model is a fixed function: its fitted constants become numbers (the e-graph treats a
// free constant as a symbol, so c = 2 would not prove c·x equal to 2·x).
Expr map_constants(const Expr& e, double (*round)(double, int), int places) {
  std::vector<kepler::Node> nodes(e.nodes().begin(), e.nodes().end());
  for (auto& node : nodes) {
    if (node.op == Op::Num || node.op == Op::Param) node = kepler::Node::num(round(node.value, places));
  }
  return Expr(std::move(nodes));
}

double round_decimals(double v, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(v * scale) / scale;
}

double round_digits(double v, int digits) {
  if (v == 0.0 || !std::isfinite(v)) return v;
  const int exponent = static_cast<int>(std::floor(std::log10(std::abs(v))));
  const double scale = std::pow(10.0, digits - 1 - exponent);
  return std::round(v * scale) / scale;
}

// Beyond the sampled domain an approximation parts from the law it approximates, while an equal
// function stays equal. The test points are moved there three ways: every input doubled, and every
// other input tripled and the rest divided by 3 (and the reverse) — scaling all inputs alike keeps
// the dimensionless ratios of a physical law where they were (ħω/kT small, a Taylor expansion
// still good), scaling them apart does not.
std::vector<std::vector<double>> widening_factors(std::size_t variables) {
  std::vector<std::vector<double>> out(3, std::vector<double>(variables));
  for (std::size_t j = 0; j < variables; ++j) {
    out[0][j] = 2.0;
    out[1][j] = j % 2 == 0 ? 3.0 : 1.0 / 3.0;
    out[2][j] = j % 2 == 0 ? 1.0 / 3.0 : 3.0;
  }
  return out;
}

// Whether truth − prediction or prediction / truth is one value at every point (SRBench's test).
bool leftover_is_constant(std::span<const double> truth, std::span<const double> prediction) {
  std::vector<double> difference(truth.size()), ratio(truth.size());
  bool ratio_defined = true;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    difference[i] = truth[i] - prediction[i];
    ratio_defined = ratio_defined && truth[i] != 0.0;
    ratio[i] = ratio_defined ? prediction[i] / truth[i] : 0.0;
  }
  double mean_ratio = 0.0;
  for (const double r : ratio) mean_ratio += r;
  mean_ratio /= static_cast<double>(ratio.size());
  return constant_everywhere(difference, rms(truth)) ||
         (ratio_defined && round_decimals(mean_ratio, 3) != 0.0 && constant_everywhere(ratio, std::abs(mean_ratio)));
}

// The points of `data` with input j multiplied by factors[j] (> 0: signs, hence domains, kept),
// the target left as it was.
Dataset widen(const Dataset& data, std::span<const double> factors) {
  std::vector<std::vector<double>> columns;
  for (std::size_t j = 0; j < data.variables(); ++j) {
    const auto column = data.column(j);
    auto& scaled = columns.emplace_back(column.begin(), column.end());
    for (double& v : scaled) v *= factors[j];
  }
  return Dataset(data.variable_names(), columns, data.target_name(),
                 std::vector<double>(data.target().begin(), data.target().end()));
}

}  // namespace

Expr round_constants(const Expr& e, int decimals) { return map_constants(e, round_decimals, decimals); }
Expr round_significant(const Expr& e, int digits) { return map_constants(e, round_digits, digits); }

RunScore score_run(const ScoreInputs& in) {
  RunScore s;
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  s.r2_train = s.mse_train = s.mae_train = s.r2_test = s.mse_test = s.mae_test = kNaN;
  if (in.model == nullptr || in.model->empty()) return s;
  s.model_size = sympy_tree(*in.model, in.variables).size();
  if (in.train != nullptr) {
    const auto p = predict(*in.model, *in.train);
    s.r2_train = r2(in.train->target(), p);
    s.mse_train = mse(in.train->target(), p);
    s.mae_train = mae(in.train->target(), p);
  }
  if (in.test == nullptr) return s;
  const auto p = predict(*in.model, *in.test);
  const auto y = in.test->target();
  s.r2_test = r2(y, p);
  s.mse_test = mse(y, p);
  s.mae_test = mae(y, p);
  if (in.truth == nullptr) return s;

  const double scale = rms(y);
  s.exact = std::isfinite(s.mse_test) && std::sqrt(s.mse_test) <= 1e-6 * scale;
  const std::vector<bool> positive = positive_columns(*in.test);
  const std::vector<bool> nonzero = nonzero_columns(*in.test);
  if (s.exact) {
    egraph::SimplifyOptions options;
    options.positive_variables = positive;
    options.nonzero_variables = nonzero;
    // Decided by the iteration and node limits; the clock is only a guard against a runaway (a
    // verdict that depended on the machine's speed would make benchmark records irreproducible).
    options.limits = {.iterations = 12, .nodes = 20'000, .seconds = 60.0};
    s.proven = egraph::equivalent(round_significant(*in.model, 6), round_significant(*in.truth, 6), options);
  }
  // SRBench checks only models with test R² > 0.5, then asks whether truth − model or model / truth
  // is a constant once the floats in them are rounded to 3 decimals. Rounding the model's constants
  // first catches constants the search left slightly off (3.1416 for pi); the model as it is
  // catches tiny constants (4.427e-12 for ε₀/2) that 3-decimal rounding would turn into 0.
  // SRBench decides symbolically; numerically, agreement on the sampled domain alone would also
  // pass an approximation (a polynomial within 1e-7 of sinh on [-1, 1]), so the leftover must
  // also be the same constant on the test points moved beyond the domain (widening_factors).
  // Both are compared with the truth's values, not the table's, which may carry noise.
  const std::vector<double> truth_test = predict(*in.truth, *in.test);
  std::vector<Dataset> widened;
  std::vector<std::vector<double>> truth_widened;
  for (const auto& factors : widening_factors(in.test->variables())) {
    truth_widened.push_back(predict(*in.truth, widened.emplace_back(widen(*in.test, factors))));
  }
  const auto solves = [&](const Expr& model, const std::vector<double>& on_test) {
    if (!leftover_is_constant(truth_test, on_test)) return false;
    for (std::size_t w = 0; w < widened.size(); ++w) {
      std::vector<double> truth_all(truth_test), model_all(on_test);
      const std::vector<double> model_widened = predict(model, widened[w]);
      for (std::size_t i = 0; i < model_widened.size(); ++i) {
        if (!std::isfinite(truth_widened[w][i])) continue;  // outside the truth's domain: no evidence
        truth_all.push_back(truth_widened[w][i]);
        model_all.push_back(model_widened[i]);
      }
      if (!leftover_is_constant(truth_all, model_all)) return false;
    }
    return true;
  };
  const Expr rounded = round_constants(*in.model, 3);
  s.srbench_solution = s.r2_test > 0.5 && (solves(rounded, predict(rounded, *in.test)) || solves(*in.model, p));
  NedOptions ned;
  ned.positive_variables = positive;
  ned.nonzero_variables = nonzero;
  s.ned = normalized_edit_distance(in.model, *in.truth, in.variables, ned);
  return s;
}

}  // namespace kepler::bench
