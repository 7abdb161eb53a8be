#include "search/gp/gp_search.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <cmath>

#include "engine/print.hpp"
#include "tests/search/search_support.hpp"

using namespace kepler;

namespace {

Problem problem_for(const Dataset& data, std::vector<Op> ops) {
  Problem problem;
  problem.train = &data;
  problem.operators = std::move(ops);
  problem.max_size = 20;
  return problem;
}

Budget evaluations(std::uint64_t n) {
  Budget budget;
  budget.seconds = 600;  // the evaluation budget ends these runs
  budget.max_evaluations = n;
  return budget;
}

std::vector<std::string> fronts_as_text(const SearchResult& r) {
  std::vector<std::string> out;
  for (const auto& e : r.front) out.push_back(to_infix(e.expr) + " @ " + std::to_string(e.loss));
  return out;
}

}  // namespace

TEST_CASE("with an evaluation budget the same seed gives the same front, on 1 thread or 2") {
  const Dataset data = test::law_dataset(40, 2, [](const std::vector<double>& x) {
    return x[0] * x[1] + std::sin(x[0]);
  });
  const Problem problem = problem_for(data, {Op::Add, Op::Sub, Op::Mul, Op::Sin});
  gp::GpSearch search;
  SearchOptions one{7, 1};
  SearchOptions two{7, 2};
  const SearchResult a = search.run(problem, evaluations(20000), one, {});
  const SearchResult b = search.run(problem, evaluations(20000), two, {});
  CHECK(a.report.stop_reason == StopReason::EvaluationLimit);
  CHECK(fronts_as_text(a) == fronts_as_text(b));
  SearchOptions other{8, 1};
  CHECK(fronts_as_text(search.run(problem, evaluations(20000), other, {})) != fronts_as_text(a));
}

TEST_CASE("the GP recovers y = x0*x1 + sin(x2) under a fixed seed and evaluation budget") {
  const Dataset data = test::law_dataset(100, 3, [](const std::vector<double>& x) {
    return x[0] * x[1] + std::sin(x[2]);
  }, 3, -2.0, 2.0);
  const Problem problem = problem_for(data, {Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Sin, Op::Cos});
  gp::GpSearch search;
  Budget budget = evaluations(400000);
  budget.early_stop_loss = 1e-20;
  const SearchResult result = search.run(problem, budget, SearchOptions{1, 2}, {});
  REQUIRE(!result.front.empty());
  CHECK(result.front.back().loss < 1e-20);
  CHECK(result.report.stop_reason == StopReason::EarlyStop);
}

TEST_CASE("a cancelled search stops at once and returns a valid front") {
  const Dataset data = test::law_dataset(30, 1, [](const std::vector<double>& x) { return x[0]; });
  const Problem problem = problem_for(data, {Op::Add, Op::Mul});
  std::atomic<bool> cancel{true};
  Observer observer;
  observer.cancel = &cancel;
  int progress_calls = 0;
  observer.on_progress = [&](const Progress&) { ++progress_calls; };
  gp::GpSearch search;
  const SearchResult result = search.run(problem, evaluations(1000000), SearchOptions{1, 1}, observer);
  CHECK(result.report.stop_reason == StopReason::Cancelled);
  CHECK(result.report.evaluations < 10000);  // only the initial populations
  for (const auto& e : result.front) CHECK(std::isfinite(e.loss));
  CHECK(progress_calls >= 1);
}

TEST_CASE("invalid settings name the option and the rule") {
  const Dataset data = test::law_dataset(30, 1, [](const std::vector<double>& x) { return x[0]; });
  Problem problem = problem_for(data, {});
  gp::GpSearch search;
  CHECK_THROWS_WITH(search.run(problem, evaluations(10), {}, {}),
                    "search option operators: the operator list is empty");
  problem.operators = {Op::Add};
  Budget budget;
  budget.seconds = 0;
  CHECK_THROWS_WITH(search.run(problem, budget, {}, {}),
                    "option --time: must be a positive number of seconds");
  gp::GpOptions options;
  options.population = 2;
  CHECK_THROWS_WITH(gp::GpSearch(options).run(problem, evaluations(10), {}, {}),
                    "gp option population: must be at least the tournament size");
}

TEST_CASE("operator lists parse by name and reject unknown or empty ones") {
  CHECK(parse_operator_list("+, -,*,sin") == std::vector<Op>{Op::Add, Op::Sub, Op::Mul, Op::Sin});
  CHECK_THROWS_WITH(parse_operator_list(""), "option --ops: the operator list is empty");
  CHECK_THROWS_WITH(parse_operator_list("+,foo"),
                    doctest::Contains("option --ops: unknown operator 'foo' (known: + - * / ^"));
}
