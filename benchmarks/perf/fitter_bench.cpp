// Constant fitting: ceres::TinySolver against a ceres::Problem with one residual block per
// kFitBlockRows rows, on the same models and data, for a sweep of row counts.
//   BM_Fit/<solver>/<rows>   solver 0 = Tiny, 1 = Problem
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "engine/dataset.hpp"
#include "engine/fitter.hpp"
#include "engine/parse.hpp"

namespace {

using namespace kepler;

// Models a search typically fits: a few constants, smooth and not.
const std::vector<std::string> kModels = {
    "a*x0^p + b",
    "a*exp(-b*x0)*cos(c*x1 + d)",
    "a*x0*x1/(b + x1^2) + c*sin(x0)",
    "a + b*x0 + c*x0^2 + d*x1 + e*x1^2",
};

Dataset fit_data(std::size_t rows) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(0.2, 3.0);
  std::vector<double> x0(rows), x1(rows), y(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    x0[i] = u(rng);
    x1[i] = u(rng);
    y[i] = 1.7 * std::pow(x0[i], 1.3) * std::exp(-0.4 * x1[i]) + 0.3 * std::sin(2.0 * x0[i]);
  }
  return Dataset({"x0", "x1"}, {x0, x1}, "y", y);
}

std::vector<ParsedExpr> models() {
  const std::vector<std::string> vars{"x0", "x1"};
  ParseOptions options;
  options.variables = vars;
  options.unknown_names_are_parameters = true;
  options.initial_parameter_value = 0.5;
  std::vector<ParsedExpr> out;
  for (const auto& m : kModels) out.push_back(parse(m, options));
  return out;
}

void BM_Fit(benchmark::State& state) {
  const Dataset data = fit_data(static_cast<std::size_t>(state.range(1)));
  FitOptions options;
  options.solver = state.range(0) == 0 ? FitSolver::Tiny : FitSolver::Problem;
  options.max_iterations = 50;
  Fitter fitter(data, options);
  const std::vector<ParsedExpr> start = models();
  double iterations = 0;
  double loss = 0;
  for (auto _ : state) {
    for (const auto& m : start) {
      Expr expr = m.expr;
      const FitReport report = fitter.fit(expr);
      iterations += report.iterations;
      loss += report.final_loss;
    }
  }
  state.counters["fits_per_s"] = benchmark::Counter(static_cast<double>(start.size()),
                                                    benchmark::Counter::kIsIterationInvariantRate);
  state.counters["iterations_per_fit"] =
      iterations / static_cast<double>(state.iterations() * start.size());
  state.counters["mean_final_loss"] = loss / static_cast<double>(state.iterations() * start.size());
}

BENCHMARK(BM_Fit)->ArgsProduct({{0, 1}, {100, 1000, 10000}})->ArgNames({"solver", "rows"})
    ->Unit(benchmark::kMicrosecond);

}  // namespace
