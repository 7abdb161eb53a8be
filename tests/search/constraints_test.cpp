#include "search/gp/constraints.hpp"

#include <doctest/doctest.h>

#include "engine/parse.hpp"

using namespace kepler;

namespace {

const std::vector<std::string> kVars{"x", "y"};

bool ok(std::string_view text, std::size_t max_size = 30, std::size_t max_depth = 10) {
  Problem problem;
  problem.max_size = max_size;
  problem.max_depth = max_depth;
  return gp::satisfies_constraints(parse_expr(text, kVars), problem);
}

}  // namespace

TEST_CASE("size and depth limits") {
  CHECK(ok("x + y", 3));
  CHECK(!ok("x + y", 2));
  CHECK(ok("sin(cos(x))", 30, 3) == false);  // trig in trig, whatever the depth
  CHECK(ok("exp(sqrt(x))", 30, 3));
  CHECK(!ok("exp(sqrt(x))", 30, 2));
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
}
