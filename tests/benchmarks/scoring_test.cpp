#include "benchmarks/scoring.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "datasets/generate.hpp"
#include "engine/parse.hpp"

using namespace kepler;
using namespace kepler::bench;

namespace {

datasets::GeneratedProblem problem(const char* formula) {
  datasets::ProblemSpec spec;
  spec.id = "scoring";
  spec.target = "y";
  spec.formula = formula;
  spec.variables = {"x", "z"};
  const datasets::VariableSpec x{"x", datasets::Law::Uniform, datasets::Sign::Positive, 1.0, 3.0};
  const datasets::VariableSpec z{"z", datasets::Law::Uniform, datasets::Sign::Positive, 1.0, 3.0};
  spec.splits = {{"train", 200, {x, z}}, {"test", 200, {x, z}}};
  return datasets::generate(spec);
}

RunScore score(const char* model_text, const char* truth_text) {
  const auto data = problem(truth_text);
  const Expr truth = datasets::truth_expr(data.spec);
  const Expr model = parse_expr(model_text, data.spec.variables);
  return score_run({&model, &truth, data.spec.variables, data.split("train"), data.split("test")});
}

}  // namespace

TEST_CASE("the truth itself, rewritten, is exact, proven, a solution, with NED 0") {
  const RunScore s = score("z * (x + x)", "2 * x * z");
  CHECK(s.exact);
  CHECK(s.proven);
  CHECK(s.srbench_solution);
  CHECK(s.ned == 0.0);
  CHECK(s.r2_test == doctest::Approx(1.0));
}

TEST_CASE("SRBench's criterion: an offset or a factor left over still counts; an approximation does not") {
  const RunScore offset = score("x * z + 0.2", "x * z");
  CHECK_FALSE(offset.exact);
  CHECK(offset.srbench_solution);
  const RunScore factor = score("1.1 * x * z", "x * z");
  CHECK(factor.srbench_solution);
  // SRBench looks only at models with test R² > 0.5.
  CHECK_FALSE(score("x * z + 3.2", "x * z").srbench_solution);
  CHECK_FALSE(score("3 * x * z", "x * z").srbench_solution);
  const RunScore near = score("x * z + 0.001 * x", "x * z");
  CHECK_FALSE(near.srbench_solution);
  CHECK(near.r2_test > 0.999);
  CHECK(near.ned > 0.0);
}

TEST_CASE("an approximation within the tolerance on the sampled domain is not a solution") {
  // exp(x/10) by its Taylor polynomial of degree 6: within 2e-8 relative on x in [1, 3], so
  // numerically the truth there, but 1e-6 off where x doubles; SRBench's symbolic test rejects it.
  const RunScore taylor = score("(1 + x/10 + x^2/200 + x^3/6000 + x^4/240000 + x^5/12000000 + x^6/720000000) * z",
                                "exp(x / 10) * z");
  CHECK(taylor.exact);
  CHECK_FALSE(taylor.srbench_solution);
  // A law of a ratio, expanded where the ratio is small: doubling both inputs keeps the ratio
  // where it was; moving them apart does not.
  const RunScore ratio = score("1 + x / (1000 * z) + x^2 / (2000000 * z^2)", "exp(x / (1000 * z))");
  CHECK(ratio.exact);
  CHECK_FALSE(ratio.srbench_solution);
  // An equal function written otherwise stays a solution beyond the domain too.
  CHECK(score("exp(x / 20)^2 * z + 0.3", "exp(x / 10) * z").srbench_solution);
}

TEST_CASE("constants within the rounding count as the truth's") {
  const RunScore s = score("3.14159265 * x * z", "pi * x * z");
  CHECK(s.exact);
  CHECK(s.srbench_solution);
}

TEST_CASE("tiny constants are not rounded away") {
  // ε₀/2 fitted to 15 significant digits: rounding the model to 3 decimals would make it 0.
  const RunScore s = score("4.427000000000019e-12 * x * z", "4.427e-12 * x * z");
  CHECK(s.exact);
  CHECK(s.srbench_solution);
  CHECK_FALSE(score("4.5e-12 * x * z^2", "4.427e-12 * x * z").srbench_solution);
}

TEST_CASE("no model: nothing solved, NED 1") {
  const auto data = problem("x");
  const Expr truth = datasets::truth_expr(data.spec);
  const RunScore s = score_run({nullptr, &truth, data.spec.variables, data.split("train"), data.split("test")});
  CHECK_FALSE(s.exact);
  CHECK_FALSE(s.srbench_solution);
  CHECK(s.ned == 1.0);
  CHECK(std::isnan(s.r2_test));
}

TEST_CASE("rounding constants") {
  const std::vector<std::string> v{"x"};
  CHECK(round_constants(parse_expr("1.23456 * x", v), 3)[0].value == doctest::Approx(1.235));
  CHECK(round_significant(parse_expr("6.674301e-11 * x", v), 4)[0].value == doctest::Approx(6.674e-11));
}
