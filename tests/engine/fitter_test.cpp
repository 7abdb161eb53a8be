#include "engine/fitter.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "engine/parse.hpp"
#include "tests/engine/test_support.hpp"

using namespace kepler;

namespace {

// y = f(x) on x ∈ [0.5, 3] for a given law.
template <typename Law>
Dataset law_data(std::size_t rows, Law law, std::uint64_t seed = 3) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.5, 3.0);
  std::vector<double> x(rows), y(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    x[i] = u(rng);
    y[i] = law(x[i]);
  }
  return Dataset({"x"}, {x}, "y", y);
}

ParsedExpr with_constants(std::string_view text) {
  static const std::vector<std::string> vars{"x"};
  ParseOptions options;
  options.variables = vars;
  options.unknown_names_are_parameters = true;
  return parse(text, options);
}

}  // namespace

TEST_CASE("both Ceres paths recover the constants of an exact power law") {
  const Dataset data = law_data(500, [](double x) { return 2.5 * std::pow(x, 1.5) + 0.3; });
  for (FitSolver solver : {FitSolver::Tiny, FitSolver::Problem}) {
    CAPTURE(static_cast<int>(solver));
    FitOptions options;
    options.solver = solver;
    Fitter fitter(data, options);
    Expr expr = with_constants("a*x^p + b").expr;
    const FitReport report = fitter.fit(expr);
    CHECK(report.usable());
    CHECK(report.final_loss < 1e-16);
    CHECK(report.final_loss <= report.initial_loss);
    const auto theta = expr.parameters();
    CHECK(theta[0] == doctest::Approx(2.5).epsilon(1e-8));
    CHECK(theta[1] == doctest::Approx(1.5).epsilon(1e-8));
    CHECK(theta[2] == doctest::Approx(0.3).epsilon(1e-8));
  }
}

TEST_CASE("fitting is scale-free: constants of 1e-30 and 1e30 are found alike") {
  for (double scale : {1e-30, 1.0, 1e30}) {
    CAPTURE(scale);
    const Dataset data = law_data(200, [scale](double x) { return scale * 6.0 * x * x; });
    Fitter fitter(data);
    Expr expr = with_constants("c*x^2").expr;
    expr.set_parameters(std::vector<double>{scale});
    const FitReport report = fitter.fit(expr);
    CHECK(report.usable());
    CHECK(expr.parameters()[0] == doctest::Approx(6.0 * scale).epsilon(1e-10));
  }
}

TEST_CASE("Huber loss resists outliers that pull least squares away") {
  Dataset clean = law_data(300, [](double x) { return 3.0 * x; });
  std::vector<double> y(clean.target().begin(), clean.target().end());
  for (std::size_t i = 0; i < y.size(); i += 30) y[i] += 50.0;  // 10 gross outliers
  const Dataset data({"x"}, {std::vector<double>(clean.column(0).begin(), clean.column(0).end())},
                     "y", y);
  FitOptions robust;
  robust.loss = FitLoss::Huber;
  robust.huber_delta = 0.1;
  Expr huber = with_constants("c*x").expr;
  Expr squares = huber;
  (void)Fitter(data, robust).fit(huber);
  (void)Fitter(data).fit(squares);
  CHECK(std::abs(huber.parameters()[0] - 3.0) < 0.05);
  CHECK(std::abs(squares.parameters()[0] - 3.0) > 0.3);
}

TEST_CASE("weights change the fit towards heavy rows") {
  const std::vector<double> x{1.0, 2.0, 3.0, 4.0};
  const std::vector<double> y{1.0, 2.0, 3.0, 40.0};
  const Dataset unweighted({"x"}, {x}, "y", y);
  const Dataset weighted({"x"}, {x}, "y", y, {1.0, 1.0, 1.0, 0.0});
  Expr a = with_constants("c*x").expr;
  Expr b = a;
  (void)Fitter(unweighted).fit(a);
  (void)Fitter(weighted).fit(b);
  CHECK(b.parameters()[0] == doctest::Approx(1.0));
  CHECK(a.parameters()[0] > 5.0);
}

TEST_CASE("numerical failure is a status and leaves the expression unchanged") {
  const Dataset data = law_data(50, [](double x) { return x; });
  Fitter fitter(data);
  Expr bad = with_constants("log(c - x)").expr;
  bad.set_parameters(std::vector<double>{0.0});
  const FitReport report = fitter.fit(bad);
  CHECK(report.status == FitStatus::NonFinite);
  CHECK(bad.parameters()[0] == 0.0);
  Expr none = with_constants("x").expr;
  CHECK(fitter.fit(none).status == FitStatus::NoParameters);
}

TEST_CASE("invalid options name the field and the rule") {
  FitOptions options;
  options.max_iterations = 0;
  CHECK_THROWS_WITH(options.validate(), "fit option max_iterations: must be positive");
  options = {};
  options.huber_delta = -1;
  CHECK_THROWS_WITH(options.validate(), "fit option huber_delta: must be positive");
}
