#include "datasets/suite.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <set>

#include "datasets/generate.hpp"
#include "engine/error.hpp"
#include "engine/evaluator.hpp"

using namespace kepler;
using namespace kepler::datasets;

TEST_CASE("every named suite loads with the published problem counts") {
  CHECK(load_suite("srsd-easy").size() == 30);
  CHECK(load_suite("srsd-medium").size() == 40);
  CHECK(load_suite("srsd-hard").size() == 50);
  CHECK(load_suite("SRSD").size() == 120);
  CHECK(load_suite("nguyen").size() == 12);
  CHECK(load_suite("livermore").size() == 22);
  CHECK(load_suite("keijzer").size() == 15);
  CHECK(load_suite("korns").size() == 15);
  CHECK(load_suite("jin").size() == 6);
  CHECK(load_suite("strogatz").size() == 14);
  CHECK(load_suite("r").size() == 6);
  for (const auto& name : suite_names()) CHECK_FALSE(load_suite(name).empty());
  CHECK_THROWS_AS((void)load_suite("no-such-suite"), InputError);
}

TEST_CASE("problem definitions carry the published set-up") {
  const auto nguyen = load_suite("nguyen");
  CHECK(nguyen[0].id == "Nguyen-1");
  CHECK(nguyen[0].operators == "+,-,*,/,sin,cos,exp,log");
  REQUIRE(nguyen[0].splits.size() == 2);
  CHECK(nguyen[0].splits[0].rows == 20);
  CHECK(nguyen[0].splits[0].variables[0].low == -1.0);
  const auto easy = load_suite("srsd-easy");
  CHECK(easy[0].splits.size() == 3);
  CHECK(easy[0].splits[0].rows == 8000);
  CHECK(easy[0].splits[2].rows == 1000);
  CHECK(easy[0].reference_tree_size > 0);
  std::set<std::string> ids;
  for (const auto& p : load_suite("srsd")) CHECK(ids.insert(p.id).second);
}

TEST_CASE("every SRSD ground truth parses and matches the reference implementation's value") {
  std::ifstream in(std::string(KEPLER_SUITES_DIR) + "/srsd_feynman.json");
  REQUIRE(in);
  const auto root = nlohmann::json::parse(in);
  const auto problems = load_suite("srsd");
  REQUIRE(problems.size() == root.at("problems").size());
  for (std::size_t i = 0; i < problems.size(); ++i) {
    const auto& spec = problems[i];
    const auto& reference = root.at("problems")[i];
    CAPTURE(spec.id);
    const Expr truth = truth_expr(spec);
    // Where the reference's own sympy formula and its data function disagree (its issues_found:
    // formula bugs, and cancellation in 1 − cos of a tiny angle), the stated formula is the truth.
    if (reference.at("check_point").at("rel_err_sympy_vs_eq_func").get<double>() > 1e-12) continue;
    std::vector<double> x;
    for (const auto& name : spec.variables) x.push_back(reference.at("check_point").at("x").at(name).get<double>());
    const double expected = reference.at("check_point").at("y_repo_eq_func").get<double>();
    const double got = evaluate_point(truth, x);
    CHECK(std::abs(got - expected) <= 1e-9 * std::abs(expected));
  }
}

TEST_CASE("every classic ground truth parses") {
  for (const auto& name : suite_names()) {
    if (name.rfind("srsd", 0) == 0) continue;
    for (const auto& spec : load_suite(name)) {
      CAPTURE(spec.id);
      CHECK_NOTHROW((void)truth_expr(spec));
    }
  }
}

TEST_CASE("a suite file of the same schema loads; a broken one is a clear error") {
  const auto problems = load_suite_file(std::string(KEPLER_SUITES_DIR) + "/classic_benchmarks.json", "jin");
  CHECK(problems.size() == 6);
  CHECK_THROWS_AS((void)load_suite_file("/nonexistent/suite.json"), InputError);
}

TEST_CASE("a classic problem with an absurd variable count is an error, not an allocation") {
  const std::string text = R"([{"suite": "Livermore", "name": "L-1", "n_vars": 1760119585, "formula": "x1",
                               "train": {"sampling": "U", "low": -1, "high": 1, "n": 10}}])";
  try {
    (void)parse_suite(text, "huge.json");
    FAIL("expected an InputError");
  } catch (const InputError& error) {
    CHECK(std::string(error.what()).find("n_vars 1760119585 is more than 1000") != std::string::npos);
  }
}
