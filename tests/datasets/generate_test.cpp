#include "datasets/generate.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "engine/evaluator.hpp"

using namespace kepler;
using namespace kepler::datasets;

namespace {

ProblemSpec one_variable_problem(VariableSpec law, const char* formula = "x") {
  ProblemSpec spec;
  spec.id = "test";
  spec.target = "y";
  spec.formula = formula;
  law.name = "x";
  spec.variables = {"x"};
  spec.splits = {{"train", 2000, {law}}, {"test", 500, {law}}};
  return spec;
}

const ProblemSpec& find(const std::vector<ProblemSpec>& problems, std::string_view id) {
  return *std::find_if(problems.begin(), problems.end(), [&](const ProblemSpec& p) { return p.id == id; });
}

}  // namespace

TEST_CASE("generation is deterministic by seed and follows the split sizes") {
  const auto suite = load_suite("srsd-easy");
  const ProblemSpec& spec = suite[0];
  const GeneratedProblem a = generate(spec, {.seed = 3});
  const GeneratedProblem b = generate(spec, {.seed = 3});
  const GeneratedProblem c = generate(spec, {.seed = 4});
  REQUIRE(a.splits.size() == 3);
  CHECK(a.split("train")->rows() == 8000);
  CHECK(a.split("val")->rows() == 1000);
  CHECK(a.split("test")->rows() == 1000);
  CHECK(std::equal(a.split("train")->target().begin(), a.split("train")->target().end(),
                   b.split("train")->target().begin()));
  CHECK(a.split("train")->target()[0] != c.split("train")->target()[0]);
  CHECK(a.split("train")->target()[0] != a.split("test")->target()[0]);  // splits are independent draws
  // Targets are the ground truth of the inputs.
  const Expr truth = truth_expr(spec);
  const Dataset& train = *a.split("train");
  for (std::size_t i = 0; i < 50; ++i) CHECK(train.target()[i] == evaluate_point(truth, train.row(i)));
}

TEST_CASE("sampling laws: log-uniform, signs, integers with an exclusive upper bound") {
  SUBCASE("log-uniform, positive: within the bounds, every decade equally likely") {
    const auto data = generate(one_variable_problem({"", Law::LogUniform, Sign::Positive, 1e-3, 1e3}));
    const auto x = data.split("train")->column(0);
    CHECK(*std::min_element(x.begin(), x.end()) >= 1e-3);
    CHECK(*std::max_element(x.begin(), x.end()) <= 1e3);
    const auto below_one = std::count_if(x.begin(), x.end(), [](double v) { return v < 1.0; });
    CHECK(std::abs(static_cast<double>(below_one) / 2000.0 - 0.5) < 0.05);
  }
  SUBCASE("both signs: about half negative; negative: all negative") {
    const auto both = generate(one_variable_problem({"", Law::LogUniform, Sign::Both, 1.0, 10.0}));
    const auto x = both.split("train")->column(0);
    const auto negative = std::count_if(x.begin(), x.end(), [](double v) { return v < 0.0; });
    CHECK(std::abs(static_cast<double>(negative) / 2000.0 - 0.5) < 0.05);
    const auto neg = generate(one_variable_problem({"", Law::Uniform, Sign::Negative, 1.0, 2.0}));
    const auto y = neg.split("train")->column(0);
    CHECK(std::all_of(y.begin(), y.end(), [](double v) { return v <= -1.0 && v >= -2.0; }));
  }
  SUBCASE("integers in [low, high)") {
    const auto data = generate(one_variable_problem({"", Law::IntegerUniform, Sign::Positive, 1.0, 4.0}));
    const auto x = data.split("train")->column(0);
    CHECK(std::all_of(x.begin(), x.end(), [](double v) { return v == 1.0 || v == 2.0 || v == 3.0; }));
    CHECK(std::count(x.begin(), x.end(), 3.0) > 0);
  }
}

TEST_CASE("rows whose target is not a usable float32 number are redrawn") {
  // 1/(x − 1) overflows float32 near 1 and log(x) is undefined below 0: never kept.
  const auto data = generate(one_variable_problem({"", Law::Uniform, Sign::Both, 0.0, 2.0}, "log(x) / (x - 1)"));
  for (const double y : data.split("train")->target()) {
    CHECK(std::isfinite(y));
    CHECK(std::abs(y) <= 3.4e38);
  }
  CHECK(data.split("train")->rows() == 2000);
}

TEST_CASE("noise is N(0, level · RMS(y)) on train only") {
  const ProblemSpec spec = one_variable_problem({"", Law::Uniform, Sign::Positive, 1.0, 2.0}, "3 * x");
  const auto clean = generate(spec, {.seed = 1});
  const auto noisy = generate(spec, {.seed = 1, .noise = 0.1});
  const auto y0 = clean.split("train")->target();
  const auto y1 = noisy.split("train")->target();
  double rms = 0.0, spread = 0.0;
  for (std::size_t i = 0; i < y0.size(); ++i) {
    rms += y0[i] * y0[i];
    spread += (y1[i] - y0[i]) * (y1[i] - y0[i]);
  }
  rms = std::sqrt(rms / static_cast<double>(y0.size()));
  spread = std::sqrt(spread / static_cast<double>(y0.size()));
  CHECK(spread / rms == doctest::Approx(0.1).epsilon(0.08));
  const auto t0 = clean.split("test")->target();
  const auto t1 = noisy.split("test")->target();
  CHECK(std::equal(t0.begin(), t0.end(), t1.begin()));
}

TEST_CASE("dummy variables: one to three extra columns, the truth unchanged") {
  const auto suite = load_suite("srsd-easy");
  const ProblemSpec& spec = suite[0];
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    const auto data = generate(spec, {.seed = seed, .dummy = true});
    const std::size_t extra = data.spec.variables.size() - spec.variables.size();
    CHECK(extra >= 1);
    CHECK(extra <= 3);
    CHECK(data.split("train")->variables() == data.spec.variables.size());
    CHECK(data.spec.formula == spec.formula);
    const Expr truth = truth_expr(data.spec);
    const Dataset& train = *data.split("train");
    CHECK(train.target()[0] == evaluate_point(truth, train.row(0)));
  }
}

TEST_CASE("grids: Keijzer's evenly spaced points") {
  const auto data = generate(find(load_suite("keijzer"), "Keijzer-1"));
  const Dataset& train = *data.split("train");
  CHECK(train.rows() == 21);
  CHECK(train.column(0)[0] == doctest::Approx(-1.0));
  CHECK(train.column(0)[20] == doctest::Approx(1.0));
  CHECK(data.split("test")->rows() == 2001);
}
