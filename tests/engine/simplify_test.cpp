#include "engine/simplify.hpp"

#include <doctest/doctest.h>

#include <random>

#include "engine/evaluator.hpp"
#include "engine/parse.hpp"
#include "engine/print.hpp"
#include "tests/engine/test_support.hpp"

using namespace kepler;

namespace {

const std::vector<std::string> kVars{"x", "y"};

std::string folded(std::string_view text) {
  return to_infix(fold_constants(parse_expr(text, kVars)), {kVars, {}});
}

}  // namespace

TEST_CASE("constant subtrees fold into one constant") {
  CHECK(folded("x * (2 * 3)") == "x * 6");
  CHECK(folded("sin(0) + x") == "x");
  CHECK(folded("x + sqrt(4) ^ 2") == "x + 4");
  CHECK(folded("log(-1) + x") == "log(-1) + x");  // not finite: left alone
}

TEST_CASE("identities with fixed numbers disappear") {
  CHECK(folded("x + 0") == "x");
  CHECK(folded("0 + x") == "x");
  CHECK(folded("0 - x") == "-x");
  CHECK(folded("x * 1 / 1") == "x");
  CHECK(folded("x * 0 + y") == "y");
  CHECK(folded("x ^ 1") == "x");
  CHECK(folded("x ^ 0.5 + y ^ -1") == "sqrt(x) + 1 / y");
  CHECK(folded("--x") == "x");
  CHECK(folded("pow(x, 3 - 1)") == "x^2");
}

TEST_CASE("signs fold into subtraction") {
  CHECK(folded("x * -1") == "-x");
  CHECK(folded("x + -y") == "x - y");
  CHECK(folded("-x + y") == "y - x");
  CHECK(folded("x - -y") == "x + y");
  CHECK(folded("x - -1") == "x + 1");
  CHECK(folded("x + -2") == "x - 2");
}

TEST_CASE("a fold with a free constant stays free and slots are renumbered") {
  Expr e = build::binary(Op::Mul, build::var(0),
                         build::binary(Op::Mul, build::param(2.0, 5), build::param(3.0, 9)));
  const Expr f = fold_constants(e);
  REQUIRE(f.size() == 3);
  CHECK(f[1].op == Op::Param);
  CHECK(f[1].value == 6.0);
  CHECK(f[1].index == 0);
}

TEST_CASE("folding never changes the function, on thousands of random trees") {
  std::mt19937_64 rng(77);
  const RandomExprOptions options = test::any_tree(30, 2, 0.5);
  int compared = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    const Expr e = random_expr(rng, options);
    const Expr f = fold_constants(e);
    CHECK(f.size() <= e.size());
    const std::vector<double> point{0.8, 1.7};
    const test::Reference ref = test::reference_value(e, point);
    if (!ref.stable || !std::isfinite(ref.value)) continue;
    CHECK(test::close(evaluate_point(f, point), ref.value, 1e-9, 1e-12));
    ++compared;
  }
  CHECK(compared > 1000);
}
