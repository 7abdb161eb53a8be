#include "engine/parse.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <numbers>
#include <random>

#include "engine/evaluator.hpp"
#include "engine/print.hpp"
#include "tests/engine/test_support.hpp"

using namespace kepler;

namespace {

const std::vector<std::string> kVars{"x", "y", "a_1"};

double at(std::string_view text, std::vector<double> point = {2.0, 3.0, 5.0}) {
  return evaluate_point(parse_expr(text, kVars), point);
}

std::string error_of(std::string_view text, bool parameters = false) {
  ParseOptions options;
  options.variables = kVars;
  options.unknown_names_are_parameters = parameters;
  try {
    (void)parse(text, options);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("precedence and associativity follow Python and sympy") {
  CHECK(at("x + y * a_1") == 17.0);
  CHECK(at("-x^2") == -4.0);
  CHECK(at("-x**2") == -4.0);
  CHECK(at("x^y^2") == 512.0);   // right-associative: 2^(3^2)
  CHECK(at("2^-1") == 0.5);
  CHECK(at("x - y - a_1") == -6.0);
  CHECK(at("x / y / a_1") == doctest::Approx(2.0 / 15.0));
  CHECK(at("-x * y") == -6.0);
  CHECK(at("+x") == 2.0);
  CHECK(at("(x + y) * a_1") == 25.0);
}

TEST_CASE("numbers, constants and functions") {
  CHECK(at("6.674e-11") == 6.674e-11);
  CHECK(at("1E3") == 1000.0);
  CHECK(at(".5") == 0.5);
  CHECK(at("pi") == std::numbers::pi);
  CHECK(at("E") == std::numbers::e);
  CHECK(at("sqrt(x*8)") == 4.0);
  CHECK(at("pow(x, 3)") == 8.0);
  CHECK(at("ln(E)") == 1.0);
  CHECK(at("Abs(-x)") == 2.0);
  CHECK(at("exp(log(y))") == doctest::Approx(3.0));
  CHECK(at("cbrt(-8)") == -2.0);
}

TEST_CASE("spellings are normalized as they are read") {
  CHECK(parse_expr("x^2", kVars)[1].op == Op::Square);
  CHECK(parse_expr("x**3", kVars)[1].op == Op::Cube);
  CHECK(parse_expr("1/x", kVars)[1].op == Op::Inv);
  CHECK(parse_expr("x^2.5", kVars)[2].op == Op::Pow);
  const Expr negative = parse_expr("-3", kVars);
  REQUIRE(negative.size() == 1);
  CHECK(negative[0].value == -3.0);
}

TEST_CASE("a column named like a constant is the column") {
  const std::vector<std::string> vars{"pi", "E"};
  CHECK(parse_expr("pi + E", vars)[0].op == Op::Var);
}

TEST_CASE("unknown names become free constants when asked, one slot per name") {
  ParseOptions options;
  options.variables = kVars;
  options.unknown_names_are_parameters = true;
  options.initial_parameter_value = 2.5;
  const ParsedExpr parsed = parse("c*x^p + c", options);
  CHECK(parsed.parameter_names == std::vector<std::string>{"c", "p"});
  CHECK(parsed.expr.parameter_count() == 2);
  CHECK(parsed.expr.parameters() == std::vector<double>{2.5, 2.5});
}

TEST_CASE("errors name the column and what was expected") {
  CHECK(error_of("y*x^") == "expression, column 5: expected an operand, found end of input");
  CHECK(error_of("(x + y") == "expression, column 7: expected ')' to close '(' at column 1, found end of input");
  CHECK(error_of("x + z") == "expression, column 5: unknown name 'z' (variables: x, y, a_1)");
  CHECK(error_of("foo(x)") == "expression, column 1: unknown function 'foo'");
  CHECK(error_of("sin(x, y)") == "expression, column 1: function 'sin' takes 1 argument, got 2");
  CHECK(error_of("pow(x)") == "expression, column 1: function 'pow' takes 2 arguments, got 1");
  CHECK(error_of("x y") == "expression, column 3: unexpected 'y' after a complete expression");
  CHECK(error_of("x $ y") == "expression, column 3: unexpected character '$'");
  CHECK(error_of("sin + x") == "expression, column 1: 'sin' is a function; call it as sin(...)");
  CHECK(error_of("") == "expression, column 1: expected an operand, found end of input");
  CHECK(error_of("1e999") == "expression, column 1: number '1e999' is too large for a double");
  CHECK(error_of("x + 1e-400") ==
        "expression, column 5: number '1e-400' is too small for a double (it would read as 0)");
  CHECK(parse_expr("0e-400 + 1e-310")[1].value == 1e-310);  // zero digits, and a subnormal
  CHECK(error_of(std::string(300, '(') + "x" + std::string(300, ')')) ==
        "expression, column 201: expression nests too deeply");
  CHECK(error_of("sin(x", true) ==
        "expression, column 6: expected ',' or ')' to close '(' at column 4, found end of input");
}

TEST_CASE("printing then parsing gives back the same function, on thousands of random trees") {
  std::mt19937_64 rng(2024);
  RandomExprOptions options = test::any_tree(25, 3);
  options.constant_low = -3.0;
  options.constant_high = 3.0;
  const std::vector<double> point{0.7, 1.3, 2.1};
  int compared = 0;
  for (int trial = 0; trial < 5000; ++trial) {
    const Expr original = random_expr(rng, options);
    const Symbols symbols{kVars, {}};
    const std::string text = to_infix(original, symbols);
    CAPTURE(text);
    const Expr reparsed = parse_expr(text, kVars);
    // Printing is idempotent after one round trip ...
    CHECK(to_infix(reparsed, symbols) == to_infix(parse_expr(to_infix(reparsed, symbols), kVars), symbols));
    // ... and the parsed tree computes the same function.
    const double expected = evaluate_point(original, point);
    const double actual = evaluate_point(reparsed, point);
    if (std::isfinite(expected) && std::abs(expected) < 1e12) {
      CHECK(test::close(actual, expected, 1e-9, 1e-9));
      ++compared;
    }
  }
  CHECK(compared > 2500);
}

TEST_CASE("reciprocal trigonometric functions parse as the function and inv") {
  const std::vector<std::string> vars{"x"};
  CHECK(evaluate_point(parse_expr("cot(x)", vars), std::vector<double>{0.7}) == doctest::Approx(1.0 / std::tan(0.7)));
  CHECK(evaluate_point(parse_expr("sec(x)", vars), std::vector<double>{0.7}) == doctest::Approx(1.0 / std::cos(0.7)));
  CHECK(evaluate_point(parse_expr("2*csc(x)", vars), std::vector<double>{0.7}) == doctest::Approx(2.0 / std::sin(0.7)));
}
