#include "search/aliasing.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "search/scorer.hpp"
#include "tests/search/search_support.hpp"

using namespace kepler;

namespace {

// Treated rows of R's Puromycin (datasets/examples/puromycin.csv).
Dataset puromycin() {
  const std::vector<double> conc{0.02, 0.02, 0.06, 0.06, 0.11, 0.11, 0.22, 0.22, 0.56, 0.56, 1.10, 1.10};
  const std::vector<double> rate{76, 47, 97, 107, 123, 139, 159, 152, 191, 201, 207, 200};
  return Dataset({"conc"}, {conc}, "rate", rate);
}

bool undersampled(std::string_view text, const Dataset& data) {
  Evaluator evaluator(data);
  std::vector<double> scratch;
  return undersampled_periodic(test::parse_with_constants(text, data.variable_names()), evaluator, scratch);
}

}  // namespace

TEST_CASE("a periodic argument is undersampled where most steps between rows exceed half a period") {
  const Dataset data = puromycin();
  CHECK(undersampled("cos(100 / conc)", data));         // steps of 90 to 3000 radians
  CHECK(undersampled("sqrt(sin(conc * 40) + 2)", data));  // nested: 1.6 to 21 radians
  CHECK(!undersampled("cos(conc)", data));
  CHECK(!undersampled("sin(0.05 / conc)", data));       // 2.5 to 0.05: resolved
  CHECK(!undersampled("exp(100 / conc)", data));        // not periodic
  CHECK(!undersampled("cos(c) * conc", data));          // a constant argument
  // Twenty rows on [0, 1] resolve sin(30·x), not sin(3000·x).
  const Dataset ramp = test::law_dataset(20, 1, [](const std::vector<double>& x) { return x[0]; }, 3, 0.0, 1.0);
  CHECK(!undersampled("sin(x0 * 30)", ramp));
  CHECK(undersampled("sin(x0 * 3000)", ramp));
}

TEST_CASE("the scorer rejects an aliased fit, not an exact one") {
  const Dataset data = puromycin();
  Problem problem;
  problem.train = &data;
  Scorer scorer(problem, 50);
  Expr aliased = build::unary(Op::Cos, build::binary(Op::Div, build::param(100.0), build::var(0)));
  aliased.renumber_parameters();
  CHECK(std::isnan(scorer.optimize(aliased).loss));
  CHECK(scorer.aliased() == 1);
  // Michaelis–Menten is not periodic: it is fitted as before.
  Expr mm = test::parse_with_constants("conc / (conc + k)", data.variable_names());
  CHECK(scorer.optimize(mm).loss < 0.05);

  // An exact law stays a law however sparsely its argument is sampled.
  const Dataset sparse = test::law_dataset(12, 1, [](const std::vector<double>& x) { return std::sin(40.0 * x[0]); }, 5);
  Problem exact;
  exact.train = &sparse;
  Scorer exact_scorer(exact, 50);
  Expr law = build::unary(Op::Sin, build::binary(Op::Mul, build::param(40.0), build::var(0)));
  law.renumber_parameters();
  CHECK(undersampled("sin(x0 * 40)", sparse));
  CHECK(exact_scorer.optimize(law).loss < 1e-20);
  CHECK(exact_scorer.aliased() == 0);

  // Unless the rows are too few to tell a law from an interpolation: two rows per constant, the
  // linear scaling's two included (the planets' few training rows were run through by a 21-node
  // cos(7·a − 107) with seven constants). The same law on 5 of those rows: 3 constants, 6 rows needed.
  const Dataset few = test::law_dataset(5, 1, [](const std::vector<double>& x) { return std::sin(40.0 * x[0]); }, 5);
  Problem too_few;
  too_few.train = &few;
  Scorer few_scorer(too_few, 50);
  Expr same = build::unary(Op::Sin, build::binary(Op::Mul, build::param(40.0), build::var(0)));
  same.renumber_parameters();
  CHECK(undersampled("sin(x0 * 40)", few));
  CHECK(std::isnan(few_scorer.optimize(same).loss));
  CHECK(few_scorer.aliased() == 1);
}
