#include "engine/evaluator.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "engine/batch.hpp"
#include "engine/parse.hpp"
#include "engine/print.hpp"
#include "tests/engine/test_support.hpp"

using namespace kepler;

TEST_CASE("batched evaluation matches the scalar reference on thousands of random trees") {
  // 203 rows: three full batches and a partial one.
  const Dataset data = test::random_dataset(203, 3, 1, -2.0, 2.0);
  Evaluator evaluator(data);
  std::mt19937_64 rng(99);
  const RandomExprOptions options = test::any_tree(40, 3);
  std::vector<double> out(data.rows());
  int compared = 0;
  int non_finite = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    const Expr expr = random_expr(rng, options);
    const EvalStatus status = evaluator.evaluate(expr, out);
    // On NonFinite the evaluator stops after the batch holding the first non-finite row.
    std::size_t computed = data.rows();
    if (status == EvalStatus::NonFinite) {
      std::size_t first = 0;
      while (first < data.rows() && std::isfinite(out[first])) ++first;
      REQUIRE(first < data.rows());
      computed = std::min(data.rows(), (first / kBatchRows + 1) * kBatchRows);
    }
    bool all_stable_finite = true;
    bool some_stable_non_finite = false;
    for (std::size_t i = 0; i < computed; ++i) {
      const test::Reference ref = test::reference_value(expr, data.row(i));
      const bool finite = std::isfinite(ref.value);
      all_stable_finite = all_stable_finite && ref.stable && finite;
      some_stable_non_finite = some_stable_non_finite || (ref.stable && !finite);
      if (!ref.stable) continue;
      const bool ok = finite ? test::close(out[i], ref.value, 1e-9, 1e-300) : !std::isfinite(out[i]);
      if (!ok) {
        FAIL_CHECK("row " << i << " of " << to_infix(expr) << ": " << out[i] << " vs " << ref.value);
        break;
      }
      ++compared;
    }
    if (all_stable_finite) CHECK(status == EvalStatus::Ok);
    if (some_stable_non_finite) CHECK(status == EvalStatus::NonFinite);
    if (status == EvalStatus::NonFinite) ++non_finite;
  }
  CHECK(compared > 200000);
  CHECK(non_finite > 100);  // the early exit was exercised
}

TEST_CASE("row ranges evaluate a slice starting on a batch boundary") {
  const Dataset data = test::random_dataset(300, 2, 5);
  Evaluator evaluator(data);
  const std::vector<std::string> vars{"x0", "x1"};
  const Expr expr = parse_expr("x0 * sin(x1) + 1", vars);
  std::vector<double> all(data.rows());
  REQUIRE(evaluator.evaluate(expr, all) == EvalStatus::Ok);
  const RowRange slice{kBatchRows * 2, 300};
  std::vector<double> part(slice.size());
  REQUIRE(evaluator.evaluate(expr, slice, part) == EvalStatus::Ok);
  for (std::size_t i = 0; i < part.size(); ++i) CHECK(part[i] == all[slice.begin + i]);
  CHECK_THROWS_AS((void)evaluator.evaluate(expr, RowRange{3, 10}, part), std::invalid_argument);
}

TEST_CASE("leaves as roots: a variable, a number, a parameter") {
  const Dataset data = test::random_dataset(70, 1, 3);
  Evaluator evaluator(data);
  std::vector<double> out(data.rows());
  REQUIRE(evaluator.evaluate(build::var(0), out) == EvalStatus::Ok);
  CHECK(out[69] == data.column(0)[69]);
  REQUIRE(evaluator.evaluate(build::num(4.5), out) == EvalStatus::Ok);
  CHECK(out[0] == 4.5);
  std::vector<double> jac(data.rows());
  REQUIRE(evaluator.evaluate_with_jacobian(build::param(2.0), evaluator.all_rows(), out, jac) ==
          EvalStatus::Ok);
  CHECK(out[5] == 2.0);
  CHECK(jac[5] == 1.0);
}

TEST_CASE("non-finite values are reported, not hidden") {
  const Dataset data = test::random_dataset(10, 1, 3);
  Evaluator evaluator(data);
  std::vector<double> out(data.rows());
  const std::vector<std::string> vars{"x0"};
  CHECK(evaluator.evaluate(parse_expr("log(-x0)", vars), out) == EvalStatus::NonFinite);
  CHECK(evaluator.evaluate(parse_expr("x0 / 0", vars), out) == EvalStatus::NonFinite);
  CHECK(evaluator.evaluate(parse_expr("log(x0)", vars), out) == EvalStatus::Ok);
}

TEST_CASE("reverse-mode Jacobian matches finite differences on thousands of random trees") {
  const Dataset data = test::random_dataset(130, 2, 17, 0.5, 2.0);
  Evaluator evaluator(data);
  std::mt19937_64 rng(4242);
  RandomExprOptions options = test::any_tree(30, 2, 0.5);
  options.constant_low = 0.5;
  options.constant_high = 1.5;
  std::vector<double> out(data.rows());
  std::vector<double> plus(data.rows()), minus(data.rows());
  int checked = 0;
  long compared = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    Expr expr = random_expr(rng, options);
    const std::size_t p = expr.parameter_count();
    if (p == 0) continue;
    std::vector<double> jac(data.rows() * p);
    if (evaluator.evaluate_with_jacobian(expr, evaluator.all_rows(), out, jac) != EvalStatus::Ok) {
      continue;
    }
    bool ok = true;
    const std::vector<double> theta = expr.parameters();
    // Central differences at steps h and h/4 agree where the function is smooth and
    // well-conditioned; only there are they a trustworthy reference.
    const auto central = [&](std::size_t k, double h, std::vector<double>& fd) {
      std::vector<double> t = theta;
      t[k] = theta[k] + h;
      expr.set_parameters(t);
      const bool fp = evaluator.evaluate(expr, plus) == EvalStatus::Ok;
      t[k] = theta[k] - h;
      expr.set_parameters(t);
      const bool fm = evaluator.evaluate(expr, minus) == EvalStatus::Ok;
      expr.set_parameters(theta);
      for (std::size_t i = 0; i < data.rows(); ++i) fd[i] = (plus[i] - minus[i]) / (2 * h);
      return fp && fm;
    };
    // Rows where some intermediate value is huge suffer absorption (tan(1.4 + 5e23) does not
    // move with the 1.4): finite differences see a flat function there. Compare the rest.
    std::vector<bool> well_scaled(data.rows(), true);
    std::vector<double> partial(data.rows());
    for (std::size_t node = 0; node < expr.size(); ++node) {
      if (is_leaf(expr[node].op)) continue;
      (void)evaluator.evaluate(expr.subtree(node), partial);
      for (std::size_t i = 0; i < data.rows(); ++i) {
        if (!(std::abs(partial[i]) < 1e6)) well_scaled[i] = false;
      }
    }
    std::vector<double> coarse(data.rows()), fine(data.rows());
    for (std::size_t k = 0; k < p && ok; ++k) {
      const double h = 1e-5 * std::max(1.0, std::abs(theta[k]));
      if (!central(k, h, coarse) || !central(k, h / 4, fine)) break;
      for (std::size_t i = 0; i < data.rows(); ++i) {
        const double scale = std::max({1.0, std::abs(out[i]), std::abs(fine[i])});
        if (!well_scaled[i] || std::abs(coarse[i] - fine[i]) > 1e-6 * scale) continue;
        ++compared;
        if (std::abs(jac[k * data.rows() + i] - fine[i]) > 1e-5 * scale) {
          FAIL_CHECK(to_infix(expr) << " slot " << k << " row " << i << ": "
                                    << jac[k * data.rows() + i] << " vs " << fine[i]);
          ok = false;
          break;
        }
      }
    }
    checked += ok ? 1 : 0;
  }
  CHECK(checked > 500);
  CHECK(compared > 50000);
}

TEST_CASE("a parameter used twice accumulates both uses in its Jacobian column") {
  const Dataset data = test::random_dataset(5, 1, 1);
  Evaluator evaluator(data);
  ParseOptions options;
  const std::vector<std::string> vars{"x0"};
  options.variables = vars;
  options.unknown_names_are_parameters = true;
  Expr expr = parse("c*x0 + c^2", options).expr;
  expr.set_parameters(std::vector<double>{3.0});
  std::vector<double> out(5), jac(5);
  REQUIRE(evaluator.evaluate_with_jacobian(expr, evaluator.all_rows(), out, jac) == EvalStatus::Ok);
  for (std::size_t i = 0; i < 5; ++i) CHECK(jac[i] == doctest::Approx(data.column(0)[i] + 6.0));
}

TEST_CASE("single-precision evaluation agrees with double precision to float's digits") {
  const Dataset data = test::random_dataset(203, 3, 21, 0.5, 2.0);
  REQUIRE(data.single_precision_inputs());
  Evaluator evaluator(data);
  SingleEvaluator single(data);
  std::mt19937_64 rng(2024);
  RandomExprOptions options = test::any_tree(30, 3, 0.3);
  options.constant_low = 0.5;
  options.constant_high = 1.5;
  std::vector<double> exact(data.rows()), rounded(data.rows());
  std::vector<double> jacobian, jacobian_single;
  long compared = 0;
  long agreed = 0;
  long jacobian_compared = 0;
  long jacobian_agreed = 0;
  // Rounding to float may be amplified by cancellation (x − x + …) or near poles, so a few rows
  // differ (0.75 % here); a wrong kernel or a misplaced buffer makes nearly every row of the
  // trees that use it differ.
  const auto agree = [](double f, double d) {
    return std::abs(f - d) <= 1e-4 * std::max(1.0, std::abs(d));
  };
  for (int trial = 0; trial < 2000; ++trial) {
    const Expr expr = random_expr(rng, options);
    const std::size_t p = expr.parameter_count();
    jacobian.resize(data.rows() * p);
    jacobian_single.resize(data.rows() * p);
    if (evaluator.evaluate_with_jacobian(expr, evaluator.all_rows(), exact, jacobian) != EvalStatus::Ok) continue;
    if (single.evaluate_with_jacobian(expr, single.all_rows(), rounded, jacobian_single) != EvalStatus::Ok) continue;
    std::vector<double> values(data.rows());
    REQUIRE(single.evaluate(expr, values) == EvalStatus::Ok);
    for (std::size_t i = 0; i < data.rows(); ++i) {
      CHECK(values[i] == rounded[i]);  // with and without the Jacobian: the same forward pass
      if (!(std::abs(exact[i]) < 1e6)) continue;
      ++compared;
      agreed += agree(rounded[i], exact[i]) ? 1 : 0;
    }
    for (std::size_t k = 0; k < jacobian.size(); ++k) {
      if (!(std::abs(jacobian[k]) < 1e6)) continue;
      ++jacobian_compared;
      jacobian_agreed += agree(jacobian_single[k], jacobian[k]) ? 1 : 0;
    }
  }
  CHECK(compared > 100000);
  CHECK(jacobian_compared > 20000);
  CHECK(static_cast<double>(agreed) > 0.98 * static_cast<double>(compared));
  CHECK(static_cast<double>(jacobian_agreed) > 0.98 * static_cast<double>(jacobian_compared));
}

TEST_CASE("single precision needs inputs that are normal floats") {
  const auto with_value = [](double v) {
    return Dataset({"x"}, {{1.0, v, 2.0}}, "y", {1.0, 2.0, 3.0});
  };
  CHECK(with_value(3.0e38).single_precision_inputs());
  CHECK(with_value(0.0).single_precision_inputs());
  CHECK(with_value(-1.5e-38).single_precision_inputs());
  CHECK_FALSE(with_value(1.0e39).single_precision_inputs());
  CHECK_FALSE(with_value(1.0e-39).single_precision_inputs());
  CHECK_THROWS_AS(SingleEvaluator(with_value(1.0e39)), std::invalid_argument);
  const Dataset data = with_value(0.1);
  REQUIRE(data.single_precision_inputs());
  SingleEvaluator single(data);
  std::vector<double> out(3);
  ParseOptions options;
  options.variables = data.variable_names();
  REQUIRE(single.evaluate(parse("x", options).expr, out) == EvalStatus::Ok);
  CHECK(out[1] == static_cast<double>(0.1f));  // the input, rounded to float
  REQUIRE(single.evaluate(parse("x * x", options).expr, out) == EvalStatus::Ok);
  CHECK(out[1] == doctest::Approx(0.01).epsilon(1e-6));
  CHECK(out[1] == static_cast<double>(0.1f * 0.1f));  // computed in float
}
