#include "search/discover.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "engine/evaluator.hpp"
#include "engine/parse.hpp"
#include "tests/search/search_support.hpp"

using namespace kepler;

TEST_CASE("discover reports an exact law exactly, constants snapped, in data units") {
  // y = 2.5 x0² on data of magnitude 1e20: found through linear scaling, reported with 2.5e20.
  const Dataset data = test::law_dataset(60, 2, [](const std::vector<double>& x) {
    return 2.5e20 * x[0] * x[0];
  });
  DiscoverOptions options;
  options.operators = {Op::Add, Op::Sub, Op::Mul, Op::Div};
  options.budget.seconds = 600;
  options.budget.max_evaluations = 200000;
  options.budget.early_stop_loss = 1e-24;
  options.search.threads = 1;
  const Discovery found = discover(data, options);
  REQUIRE(!found.pareto.empty());
  const Equation& best = found.pareto[found.best];
  CAPTURE(found.infix(best));
  // Exact: the same values as the law, in data units, wherever we look.
  for (double x : {0.5, 1.0, 1.7, 3.0}) {
    CHECK(evaluate_point(best.expr, std::vector<double>{x, 0.0}) ==
          doctest::Approx(2.5e20 * x * x).epsilon(1e-12));
  }
  CHECK(best.r2_train == 1.0);
  CHECK(best.r2_val == doctest::Approx(1.0));
  // Snapped: every constant is a fixed number, none a fitted float; and the form is short.
  CHECK(best.expr.parameter_count() == 0);
  CHECK(best.complexity <= 7);
  CHECK(found.sympy(best).find("x0") != std::string::npos);
  for (std::size_t i = 1; i < found.pareto.size(); ++i) {
    CHECK(found.pareto[i].complexity > found.pareto[i - 1].complexity);
    CHECK(found.pareto[i].loss < found.pareto[i - 1].loss);
  }
}

TEST_CASE("discover refuses data a search cannot use") {
  const Dataset one_row({"x"}, {{1.0}}, "y", {2.0});
  CHECK_THROWS_WITH((void)discover(one_row, DiscoverOptions{}), "data: needs at least 2 rows to search, found 1");
  DiscoverOptions bad;
  bad.validation_fraction = 1.0;
  CHECK_THROWS_WITH((void)discover(one_row, bad), "validation_fraction: must lie in [0, 1)");
}

TEST_CASE("discover hands out checkpoints while the search runs, and the cores to resume from") {
  const Dataset data = test::law_dataset(60, 1, [](const std::vector<double>& x) { return 3.0 * x[0] * x[0] + 1.0; });
  DiscoverOptions options;
  options.operators = {Op::Add, Op::Sub, Op::Mul};
  options.budget.seconds = 600;
  options.budget.max_evaluations = 20000;
  options.search.threads = 1;
  Observer observer;
  observer.front_every_seconds = 0.0;
  std::vector<Discovery> checkpoints;
  const Discovery found = discover(data, options, observer, [&](const Discovery& d) { checkpoints.push_back(d); });
  REQUIRE(!checkpoints.empty());
  for (const Discovery& partial : checkpoints) {
    CHECK(partial.report.stop_reason == StopReason::Running);
    CHECK(!partial.pareto.empty());
    CHECK(!partial.cores.empty());
    CHECK(partial.target == "y");
  }
  CHECK(found.report.stop_reason == StopReason::EvaluationLimit);
  REQUIRE(!found.cores.empty());
  // Resuming from the cores starts where the run ended.
  options.search.seed_equations.clear();
  for (const ParetoEntry& core : found.cores) options.search.seed_equations.push_back(core.expr);
  options.budget.max_evaluations = 1;
  const Discovery resumed = discover(data, options);
  CHECK(resumed.cores.back().loss <= found.cores.back().loss * (1 + 1e-9));
}

TEST_CASE("discover's simplifier goes on from its own result until it stops shrinking") {
  // Nguyen-1's law, seeded in a long form that one pass of the simplifier's budget leaves long.
  const Dataset data = test::law_dataset(40, 1, [](const std::vector<double>& x) {
    return x[0] * x[0] * x[0] + x[0] * x[0] + x[0];
  }, 11, -1.0, 1.0);
  ParseOptions parse_options;
  const std::vector<std::string> names{"x0"};
  parse_options.variables = names;
  DiscoverOptions options;
  options.operators = {Op::Add, Op::Sub, Op::Mul};
  options.budget.seconds = 600;
  options.budget.max_evaluations = 1;
  options.search.threads = 1;
  options.max_size = 60;
  // One pass of the budget ends at (x0 + 1)·(x0² + 1) − 1 (its node limit); a second reaches
  // x0³ + x0 + x0².
  options.search.seed_equations = {
      parse("((x0*x0 + 1 - x0 + x0) * (x0 + 1) - 1) * (x0 + 1 - x0) + (x0 - x0) * (x0 + 2)^3", parse_options).expr};
  const Discovery found = discover(data, options);
  REQUIRE(!found.pareto.empty());
  const Equation& best = found.pareto.back();
  CAPTURE(found.infix(best));
  CHECK(best.loss < 1e-20);
  CHECK(best.complexity <= 9);
}

namespace {

Equation equation(const char* text, double loss_val, double r2_val, double score) {
  Equation e;
  e.expr = test::parse_with_constants(text, {"x"});
  e.complexity = e.expr.size();
  e.loss = e.loss_val = loss_val;
  e.r2_train = e.r2_val = r2_val;
  e.score = score;
  return e;
}

}  // namespace

TEST_CASE("the best equation: PySR's rule among equations whose constants the rows support") {
  constexpr double kExact = 1e-24;  // the rounding level in these losses' units
  // 15 training rows: 3 constants are supported, 5 only where the equation is exact.
  const std::vector<Equation> approximate{equation("a * x", 1e-2, 0.99, 0.0),
                                          equation("a * x + b * x^2 + c", 1e-4, 0.9999, 2.0),
                                          equation("p*x^5 + q*x^4 + r*x^3 + s*x^2 + t*x", 1e-16, 1.0, 3.0)};
  CHECK(choose_best(approximate, true, 15, kExact) == 1);  // five constants on 15 rows, not exact
  std::vector<Equation> exact = approximate;
  CHECK(exact[2].expr.parameter_count() == 5);
  exact[2].loss = exact[2].loss_val = 1e-31;
  CHECK(choose_best(exact, true, 15, kExact) == 2);
  CHECK(choose_best(exact, true, 9, kExact) == 0);  // fewer than two rows per constant: not even when exact
  CHECK(choose_best(exact, true, 20, kExact) == 2);
}

TEST_CASE("the best equation: of those exact to rounding, the simplest") {
  // On a table of x ≈ 1e-23, a * sin(x) is a * x to the last digit; its loss may come out lower by
  // rounding, and its score higher, but the loss says nothing at that level.
  const std::vector<Equation> front{equation("a", 1.0, 0.0, 0.0), equation("a * x", 1e-31, 1.0, 35.0),
                                    equation("a * sin(x)", 1e-33, 1.0, 40.0)};
  CHECK(choose_best(front, true, 15, 1e-24) == 1);
  CHECK(choose_best(front, true, 15, 1e-34) == 2);  // with no loss at the rounding level, PySR's rule
}
