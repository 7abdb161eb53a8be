#include "search/constraints.hpp"

#include <doctest/doctest.h>

#include "engine/parse.hpp"

using namespace kepler;

namespace {

const std::vector<std::string> kVars{"x", "y"};

bool ok(std::string_view text, const Constraints& c) { return satisfies(parse_expr(text, kVars), c); }

bool ok(std::string_view text, std::size_t max_size = 30, std::size_t max_depth = 10) {
  Constraints c;
  c.max_size = max_size;
  c.max_depth = max_depth;
  return ok(text, c);
}

Expr with_params(std::string_view text) {
  ParseOptions options;
  options.variables = kVars;
  options.unknown_names_are_parameters = true;
  return parse(text, options).expr;
}

}  // namespace

TEST_CASE("size and depth limits") {
  CHECK(ok("x + y", 3));
  CHECK(!ok("x + y", 2));
  CHECK(ok("sin(cos(x))", 30, 3) == false);  // trig in trig, whatever the depth
  CHECK(ok("exp(sqrt(x))", 30, 3));
  CHECK(!ok("exp(sqrt(x))", 30, 2));
}

TEST_CASE("the limits come from the problem") {
  Problem problem;
  problem.max_size = 7;
  problem.max_depth = 4;
  const Constraints c = Constraints::of(problem);
  CHECK(c.max_size == 7);
  CHECK(c.max_depth == 4);
  CHECK(!c.require_variable);
}

TEST_CASE("nesting rules keep trig out of trig, exp out of exp and log out of log, at any depth") {
  CHECK(!ok("sin(x + cos(y))"));
  CHECK(!ok("cos(2 * sin(x))"));
  CHECK(!ok("exp(1 + exp(x))"));
  CHECK(!ok("log(x * log(y))"));
  CHECK(ok("exp(y * log(x))"));  // x^y
  CHECK(ok("log(1 + exp(x * y))"));
  CHECK(ok("sin(x) * cos(y)"));
  CHECK(ok("exp(sin(x))"));
  CHECK(ok("log(x) + exp(y)"));
  Constraints off;
  off.nesting = false;
  CHECK(ok("sin(x + cos(y))", off));
}

TEST_CASE("an operator straight on its inverse is refused") {
  CHECK(!ok("exp(log(x))"));
  CHECK(!ok("log(exp(x + y))"));
  CHECK(!ok("sqrt(square(x))"));
  CHECK(!ok("cbrt(x^3)"));  // x^3 reads as cube(x)
  CHECK(ok("exp(2 * log(x))"));
  CHECK(ok("sqrt(x) * sqrt(y)"));
  CHECK(is_inverse_pair(Op::Neg, Op::Neg));
  CHECK(is_inverse_pair(Op::Inv, Op::Inv));
  CHECK(!is_inverse_pair(Op::Exp, Op::Exp));  // the nesting rule's, not an inverse
  Constraints off;
  off.inverse_pairs = false;
  CHECK(ok("exp(log(x))", off));
}

TEST_CASE("constant cap and at least one variable") {
  Constraints c;
  c.max_constants = 2;
  CHECK(satisfies(with_params("a * x + b"), c));
  CHECK(!satisfies(with_params("a * x + b * y + d"), c));
  CHECK(satisfies(with_params("a"), c));  // a constant core: allowed unless a variable is required
  c.require_variable = true;
  CHECK(!satisfies(with_params("a"), c));
  CHECK(!ok("2 * 3", c));
  CHECK(ok("2 * x", c));
}
