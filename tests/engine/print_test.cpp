#include "engine/print.hpp"

#include <doctest/doctest.h>

#include <numbers>

#include "engine/format.hpp"
#include "engine/parse.hpp"

using namespace kepler;

namespace {

const std::vector<std::string> kVars{"x", "y", "theta_1", "mass"};

std::string as(std::string_view text, Format format) {
  return to_string(parse_expr(text, kVars), format, {kVars, {}});
}

}  // namespace

TEST_CASE("infix uses the fewest parentheses that keep the meaning") {
  CHECK(as("(x + y) * theta_1", Format::Infix) == "(x + y) * theta_1");
  CHECK(as("x + (y * theta_1)", Format::Infix) == "x + y * theta_1");
  CHECK(as("x - (y - theta_1)", Format::Infix) == "x - (y - theta_1)");
  CHECK(as("x / (y * theta_1)", Format::Infix) == "x / (y * theta_1)");
  CHECK(as("(x^y)^2", Format::Infix) == "(x^y)^2");
  CHECK(as("x^(y^2)", Format::Infix) == "x^y^2");
  CHECK(as("-(x^2)", Format::Infix) == "-x^2");
  CHECK(as("(-x)^2", Format::Infix) == "(-x)^2");
  CHECK(as("(-2)^x", Format::Infix) == "(-2)^x");
  CHECK(as("x * -2", Format::Infix) == "x * -2");
  CHECK(as("1/(x*y)", Format::Infix) == "1 / (x * y)");
  CHECK(as("sqrt(x + 1)", Format::Infix) == "sqrt(x + 1)");
  CHECK(as("2*pi*sqrt(x^3/y)", Format::Infix) == "2 * pi * sqrt(x^3 / y)");
}

TEST_CASE("sympy strings use ** and sympy's function names") {
  CHECK(as("x^2.5 + abs(y)", Format::Sympy) == "x**2.5 + Abs(y)");
  CHECK(as("1/x + cbrt(y)", Format::Sympy) == "1/x + real_root(y, 3)");
  CHECK(as("6.6743e-11 * mass", Format::Sympy) == "6.6743e-11*mass");
  CHECK(as("-(x*y)", Format::Sympy) == "-(x*y)");
}

TEST_CASE("LaTeX uses fractions, roots, Greek letters and subscripts") {
  CHECK(as("x / y", Format::Latex) == "\\frac{x}{y}");
  CHECK(as("sqrt(theta_1)", Format::Latex) == "\\sqrt{\\theta_{1}}");
  CHECK(as("exp(x)^2", Format::Latex) == "\\left(e^{x}\\right)^{2}");
  CHECK(as("2*pi*mass", Format::Latex) == "2 \\cdot \\pi \\cdot \\mathrm{mass}");
  CHECK(as("6.6743e-11 * x", Format::Latex) == "6.6743 \\cdot 10^{-11} \\cdot x");
  CHECK(as("sin(x)", Format::Latex) == "\\sin{\\left(x \\right)}");
}

TEST_CASE("exact multiples of pi print as such, with the precedence of a product") {
  const Expr e = build::binary(Op::Sub, build::var(0), build::num(13 * std::numbers::pi / 2));
  CHECK(to_infix(e, {kVars, {}}) == "x - 13 * pi / 2");
  CHECK(to_sympy(e, {kVars, {}}) == "x - 13*pi/2");
  CHECK(to_latex(e, {kVars, {}}) == "x - \\frac{13 \\pi}{2}");
  const Expr f = build::binary(Op::Pow, build::num(2 * std::numbers::pi), build::var(0));
  CHECK(to_infix(f, {kVars, {}}) == "(2 * pi)^x");
  CHECK(to_infix(parse_expr("x * -pi", kVars), {kVars, {}}) == "x * -pi");
}

TEST_CASE("numbers print as the shortest text that reads back exactly") {
  CHECK(format_number(0.1, Format::Infix) == "0.1");
  CHECK(format_number(2.0, Format::Infix) == "2");
  CHECK(format_number(1e-300, Format::Sympy) == "1e-300");
  CHECK(format_number(-std::numbers::pi, Format::Infix) == "-pi");
  CHECK(format_number(1e20, Format::Latex) == "10^{20}");
}

TEST_CASE("unnamed variables print as x0, x1; named parameters print by name") {
  ParseOptions options;
  options.unknown_names_are_parameters = true;
  const std::vector<std::string> vars{"a"};
  options.variables = vars;
  const ParsedExpr parsed = parse("c*a^p", options);
  CHECK(to_infix(parsed.expr) == "1 * x0^1");
  CHECK(to_infix(parsed.expr, {vars, parsed.parameter_names}) == "c * a^p");
}

TEST_CASE("core types format with fmt") {
  const Expr e = parse_expr("x * sin(y)", kVars);
  CHECK(fmt::format("{}", e) == "x0 * sin(x1)");
  FitReport report;
  report.status = FitStatus::Converged;
  report.iterations = 12;
  report.initial_loss = 3.1;
  report.final_loss = 2e-9;
  CHECK(fmt::format("{}", report) == "converged after 12 iterations, loss 3.1 -> 2e-09");
}

TEST_CASE("adding or subtracting a negative number prints as the opposite operation") {
  CHECK(as("x + -2", Format::Infix) == "x - 2");
  CHECK(as("x - -0.5", Format::Infix) == "x + 0.5");
  CHECK(as("x + -pi", Format::Infix) == "x - pi");
  CHECK(as("x - -2", Format::Sympy) == "x + 2");
  CHECK(as("x + -2", Format::Latex) == "x - 2");
  CHECK(as("x - (y + -2)", Format::Infix) == "x - (y - 2)");
  CHECK(as("-2 + x", Format::Infix) == "-2 + x");  // only a right operand flips
}
