#include "search/gp/gp_search.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <cmath>

#include "engine/parse.hpp"
#include "engine/print.hpp"
#include "tests/search/search_support.hpp"

using namespace kepler;

namespace {

using test::evaluations;

std::vector<std::string> fronts_as_text(const SearchResult& r) { return test::as_text(r.front); }

}  // namespace

TEST_CASE("with an evaluation budget the same seed gives the same front, on 1 thread or 2") {
  const Dataset data = test::law_dataset(40, 2, [](const std::vector<double>& x) {
    return x[0] * x[1] + std::sin(x[0]);
  });
  const Problem problem = test::small_problem(data, {Op::Add, Op::Sub, Op::Mul, Op::Sin});
  gp::GpSearch search;
  SearchOptions one{.seed = 7, .threads = 1};
  SearchOptions two{.seed = 7, .threads = 2};
  const SearchResult a = search.run(problem, evaluations(20000), one, {});
  const SearchResult b = search.run(problem, evaluations(20000), two, {});
  CHECK(a.report.stop_reason == StopReason::EvaluationLimit);
  CHECK(fronts_as_text(a) == fronts_as_text(b));
  SearchOptions other{.seed = 8, .threads = 1};
  CHECK(fronts_as_text(search.run(problem, evaluations(20000), other, {})) != fronts_as_text(a));
}

TEST_CASE("the GP recovers y = x0*x1 + sin(x2) under a fixed seed and evaluation budget") {
  const Dataset data = test::law_dataset(100, 3, [](const std::vector<double>& x) {
    return x[0] * x[1] + std::sin(x[2]);
  }, 3, -2.0, 2.0);
  const Problem problem = test::small_problem(data, {Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Sin, Op::Cos});
  gp::GpSearch search;
  Budget budget = evaluations(400000);
  budget.early_stop_loss = 1e-20;
  const SearchResult result = search.run(problem, budget, SearchOptions{.seed = 1, .threads = 2}, {});
  REQUIRE(!result.front.empty());
  CHECK(result.front.back().loss < 1e-20);
  CHECK(result.report.stop_reason == StopReason::EarlyStop);
}

TEST_CASE("a cancelled search stops at once and returns a valid front") {
  const Dataset data = test::law_dataset(30, 1, [](const std::vector<double>& x) { return x[0]; });
  const Problem problem = test::small_problem(data, {Op::Add, Op::Mul});
  std::atomic<bool> cancel{true};
  Observer observer;
  observer.cancel = &cancel;
  int progress_calls = 0;
  observer.on_progress = [&](const Progress&) { ++progress_calls; };
  gp::GpSearch search;
  const SearchResult result = search.run(problem, evaluations(1000000), SearchOptions{.seed = 1, .threads = 1}, observer);
  CHECK(result.report.stop_reason == StopReason::Cancelled);
  CHECK(result.report.evaluations < 10000);  // only the initial populations
  for (const auto& e : result.front) CHECK(std::isfinite(e.loss));
  CHECK(progress_calls >= 1);
}

TEST_CASE("invalid settings name the field and the rule") {
  const Dataset data = test::law_dataset(30, 1, [](const std::vector<double>& x) { return x[0]; });
  Problem problem = test::small_problem(data, {});
  gp::GpSearch search;
  CHECK_THROWS_WITH(search.run(problem, evaluations(10), {}, {}),
                    "problem.operators: the operator list is empty");
  problem.operators = {Op::Add};
  Budget budget;
  budget.seconds = 0;
  CHECK_THROWS_WITH(search.run(problem, budget, {}, {}),
                    "budget.seconds: must be a positive number of seconds");
  gp::GpOptions options;
  options.population = 2;
  CHECK_THROWS_WITH(gp::GpSearch(options).run(problem, evaluations(10), {}, {}),
                    "gp.population: must be at least the tournament size");
}

TEST_CASE("operator lists parse by name and reject unknown or empty ones") {
  CHECK(parse_operator_list("+, -,*,sin") == std::vector<Op>{Op::Add, Op::Sub, Op::Mul, Op::Sin});
  CHECK_THROWS_WITH((void)parse_operator_list(""), "operators: the operator list is empty");
  CHECK_THROWS_WITH((void)parse_operator_list("+,foo"),
                    doctest::Contains("operators: unknown operator 'foo' (known: + - * / ^"));
}

TEST_CASE("seed equations join the front before the search proper") {
  const Dataset data = test::law_dataset(60, 2, [](const std::vector<double>& x) {
    return x[0] * std::exp(-x[1]) + std::sin(x[0] * x[1]);
  });
  const Problem problem = test::small_problem(data, {Op::Add, Op::Sub, Op::Mul, Op::Div});  // no exp, no sin
  const std::vector<std::string> names{"x0", "x1"};
  SearchOptions options{.seed = 1, .threads = 1};
  options.seed_equations = {parse_expr("x0*exp(-x1) + sin(x0*x1)", names), parse_expr("x0 + x1", names)};
  gp::GpSearch search;
  const SearchResult seeded = search.run(problem, evaluations(1), options, {});
  REQUIRE(!seeded.front.empty());
  CHECK(seeded.front.back().loss < 1e-25);
  const SearchResult plain = search.run(problem, evaluations(1), SearchOptions{.seed = 1, .threads = 1}, {});
  CHECK(plain.front.back().loss > 1e-6);

  options.seed_equations = {parse_expr("x0 + x1", names), build::var(2)};
  CHECK_THROWS_WITH((void)search.run(problem, evaluations(1), options, {}),
                    "seed equation 2: uses input column 3 of a table with 2");
}

TEST_CASE("the observer receives the front while the search runs") {
  const Dataset data = test::law_dataset(40, 1, [](const std::vector<double>& x) { return x[0] * x[0] + x[0]; });
  const Problem problem = test::small_problem(data, {Op::Add, Op::Mul});
  std::vector<FrontSnapshot> snapshots;
  Observer observer;
  observer.front_every_seconds = 0.0;  // at every change
  observer.on_front = [&](const FrontSnapshot& s) {
    snapshots.push_back(s);
    return true;
  };
  gp::GpSearch search;
  const SearchResult result = search.run(problem, evaluations(5000), SearchOptions{.seed = 1, .threads = 1}, observer);
  REQUIRE(snapshots.size() >= 1);
  for (std::size_t i = 0; i < snapshots.size(); ++i) {
    CHECK(!snapshots[i].front.empty());
    if (i > 0) CHECK(snapshots[i].evaluations > snapshots[i - 1].evaluations);
  }
  // The last snapshot is no better than the final front.
  CHECK(result.front.back().loss <= snapshots.back().front.back().loss);
}
