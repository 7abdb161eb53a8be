#include "search/reading_order.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/evaluator.hpp"
#include "engine/parse.hpp"
#include "engine/print.hpp"

using namespace kepler;

namespace {

std::string ordered(const std::string& text, const std::vector<std::string>& names) {
  ParseOptions options;
  options.variables = names;
  const Expr f = parse(text, options).expr;
  const Expr g = reading_order(f);
  // The same function.
  for (double v : {0.3, 1.7, 2.9}) {
    const std::vector<double> x(names.size(), v);
    CHECK(evaluate_point(g, x) == doctest::Approx(evaluate_point(f, x)).epsilon(1e-12));
  }
  return to_infix(g, {names, {}});
}

}  // namespace

TEST_CASE("sums by falling degree with numbers last; products coefficient first, one fraction bar") {
  CHECK(ordered("x1^3 + x1 + x1^2", {"x1"}) == "x1^3 + x1^2 + x1");
  CHECK(ordered("1 + x*x", {"x"}) == "x * x + 1");
  CHECK(ordered("r^4 / eta * dP * 0.39269908169872414 / L", {"r", "eta", "dP", "L"}) ==
        "pi / 8 * r^4 * dP / (eta * L)");
  CHECK(ordered("-0.22 + 7.5 * exp(-5041.5 / T)", {"T"}) == "7.5 * exp(-5041.5 / T) - 0.22");
  CHECK(ordered("x - (y - 3)", {"x", "y"}) == "x - y + 3");
  CHECK(ordered("3 - x", {"x"}) == "3 - x");  // led by an added term, not -x + 3
  CHECK(ordered("sin(x) * 2", {"x"}) == "2 * sin(x)");
  // One number each side of the bar (a column searched in units of 1000, written back twice).
  CHECK(ordered("T / 1000 * T / 1000 * 3", {"T"}) == "3 * T * T / 1000000");
  CHECK(ordered("2 * x * 0.5 / (4 * y)", {"x", "y"}) == "x / (4 * y)");
}
