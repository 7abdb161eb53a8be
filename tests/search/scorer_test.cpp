#include "search/scorer.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "engine/parse.hpp"
#include "tests/search/search_support.hpp"

using namespace kepler;

TEST_CASE("linear scaling finds offset and scale in closed form, at any magnitude") {
  for (double magnitude : {1e-30, 1.0, 1e30}) {
    const Dataset data = test::law_dataset(50, 1, [&](const std::vector<double>& x) {
      return magnitude * (3.0 + 2.0 * x[0] * x[0]);
    });
    Problem problem;
    problem.train = &data;
    Scorer scorer(problem, 10);
    const Score s = scorer.score(build::unary(Op::Square, build::var(0)));
    CHECK(s.loss < 1e-24);
    CHECK(s.offset == doctest::Approx(3.0 * magnitude).epsilon(1e-9));
    CHECK(s.scale == doctest::Approx(2.0 * magnitude).epsilon(1e-9));
    // A constant candidate is no better than the mean: normalized loss 1.
    CHECK(scorer.score(build::num(4.0)).loss == doctest::Approx(1.0));
  }
}

TEST_CASE("without linear scaling the candidate is taken as it is") {
  const Dataset data = test::law_dataset(50, 1, [](const std::vector<double>& x) { return 2.0 * x[0]; });
  Problem problem;
  problem.train = &data;
  problem.linear_scaling = false;
  Scorer scorer(problem, 10);
  CHECK(scorer.score(build::var(0)).loss > 0.1);
}

TEST_CASE("optimize fits the core's constants jointly with the scaling and writes them back") {
  const Dataset data = test::law_dataset(80, 1, [](const std::vector<double>& x) {
    return 1.0 + 5.0 * std::pow(x[0], 1.5);
  });
  Problem problem;
  problem.train = &data;
  Scorer scorer(problem, 50);
  Expr f = build::binary(Op::Pow, build::var(0), build::param(1.0));
  const Score s = scorer.optimize(f);
  CHECK(s.loss < 1e-12);
  CHECK(f[1].value == doctest::Approx(1.5).epsilon(1e-6));
  CHECK(scorer.evaluations() > 2);
}

TEST_CASE("invalid candidates score NaN") {
  const Dataset data = test::law_dataset(20, 1, [](const std::vector<double>& x) { return x[0]; });
  Problem problem;
  problem.train = &data;
  Scorer scorer(problem, 10);
  CHECK(std::isnan(scorer.score(build::unary(Op::Log, build::unary(Op::Neg, build::var(0)))).loss));
}
