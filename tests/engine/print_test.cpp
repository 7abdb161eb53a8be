#include "engine/print.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <numbers>

#include "engine/format.hpp"
#include "engine/evaluator.hpp"
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

TEST_CASE("a term led by a minus is added or subtracted as its opposite") {
  CHECK(as("x + -2 * y", Format::Infix) == "x - 2 * y");
  CHECK(as("x - -0.5 * y / mass", Format::Infix) == "x + 0.5 * y / mass");
  CHECK(as("x + -y * mass", Format::Infix) == "x - y * mass");
  CHECK(as("x + (-2 * y) * mass", Format::Infix) == "x - 2 * y * mass");
  CHECK(as("x - -(y + mass)", Format::Infix) == "x + y + mass");
  CHECK(as("x + -(y + mass)", Format::Infix) == "x - (y + mass)");
  CHECK(as("-(-2 * x)", Format::Infix) == "2 * x");
  CHECK(as("x + -2 * y", Format::Sympy) == "x - 2*y");
  CHECK(as("x + y^-2", Format::Infix).find("+") != std::string::npos);  // a power keeps its sign
  for (const char* text : {"x + -2 * y", "x - -0.5 * y / mass", "x + (-2 * y) * mass", "x - -(y + mass)", "-(-2 * x) - -y"}) {
    const Expr e = parse_expr(text, kVars);
    for (const Format format : {Format::Infix, Format::Sympy}) {
      const std::string printed = to_string(e, format, {kVars, {}});
      CAPTURE(printed);
      CHECK(printed.find("+ -") == std::string::npos);
      CHECK(printed.find("- -") == std::string::npos);
      const Expr back = parse_expr(printed, kVars);
      const std::vector<double> point{0.7, -1.3, 2.1, 0.4};
      CHECK(evaluate_point(back, point) == doctest::Approx(evaluate_point(e, point)));
    }
  }
}

// Regression tests for printed forms that were a different function from the expression.
namespace {

double value_at(const Expr& e, double x) { return evaluate_point(e, std::vector<double>{x}); }

// Every format that Kepler's own parser reads back: infix, and sympy's dialect.
void check_reparses_at(const Expr& e, const Symbols& symbols, double x) {
  const std::vector<std::string> vars(symbols.variables.begin(), symbols.variables.end());
  for (const Format format : {Format::Infix, Format::Sympy}) {
    const std::string text = to_string(e, format, symbols);
    CAPTURE(text);
    ParseOptions options;
    options.variables = vars;
    options.unknown_names_are_parameters = true;
    ParsedExpr back = parse(text, options);
    // Named constants take their values back by name.
    std::vector<double> values(back.parameter_names.size());
    for (std::size_t k = 0; k < values.size(); ++k) {
      const auto slot = static_cast<std::size_t>(
          std::find(symbols.parameters.begin(), symbols.parameters.end(), back.parameter_names[k]) -
          symbols.parameters.begin());
      REQUIRE(slot < symbols.parameters.size());
      values[k] = e.parameters()[slot];
    }
    back.expr.set_parameters(values);
    CHECK(value_at(back.expr, x) == doctest::Approx(value_at(e, x)).epsilon(1e-12));
  }
}

}  // namespace

TEST_CASE("a named free constant keeps its sign: x + c with c = -3 is not x - c") {
  const std::vector<std::string> vars{"x"};
  const std::vector<std::string> params{"c"};
  const Expr e = build::binary(Op::Add, build::var(0), build::param(-3.0));
  CHECK(to_infix(e, {vars, params}) == "x + c");
  CHECK(to_sympy(e, {vars, params}) == "x + c");
  CHECK(to_latex(e, {vars, params}) == "x + c");
  check_reparses_at(e, {vars, params}, 1.7);
  const Expr f = build::binary(Op::Sub, build::var(0), build::param(-3.0));
  CHECK(to_infix(f, {vars, params}) == "x - c");
  check_reparses_at(f, {vars, params}, 1.7);
  CHECK(to_infix(build::unary(Op::Neg, build::param(-3.0)), {vars, params}) == "-c");
  // Without a name the constant prints as its value, and flips as a number does.
  CHECK(to_infix(e, {vars, {}}) == "x - 3");
}

TEST_CASE("negative multiples of pi have the precedence of the product they print as") {
  const std::vector<std::string> vars{"x"};
  const Symbols symbols{vars, {}};
  const Expr x = build::var(0);
  const Expr quotient = build::binary(Op::Div, x, build::num(-2.0943951023931953));
  CHECK(to_infix(quotient, symbols) == "x / (-2 * pi / 3)");
  CHECK(to_sympy(quotient, symbols) == "x/(-2*pi/3)");
  check_reparses_at(quotient, symbols, 1.7);
  const Expr inverse = build::binary(Op::Div, build::num(1.0), build::num(-1.0471975511965976));
  CHECK(to_infix(inverse, symbols) == "1 / (-pi / 3)");
  check_reparses_at(inverse, symbols, 1.7);
  const Expr power = build::binary(Op::Pow, x, build::num(-2.0943951023931953));
  CHECK(to_infix(power, symbols) == "x^(-2 * pi / 3)");
  CHECK(to_sympy(power, symbols) == "x**(-2*pi/3)");
  check_reparses_at(power, symbols, 1.7);
  CHECK(to_infix(build::binary(Op::Div, x, build::num(-std::numbers::pi)), symbols) == "x / -pi");
  CHECK(to_latex(quotient, symbols) == "\\frac{x}{-\\frac{2 \\pi}{3}}");
}

TEST_CASE("a variable named pi owns the name: the number pi prints as digits") {
  const std::vector<std::string> vars{"pi", "x"};
  const Symbols symbols{vars, {}};
  const Expr e = build::binary(Op::Mul, build::num(std::numbers::pi), build::var(0));
  CHECK(to_infix(e, symbols) == "3.141592653589793 * pi");
  CHECK(to_sympy(e, symbols) == "3.141592653589793*pi");
  CHECK(to_latex(e, symbols) == "3.141592653589793 \\cdot \\pi");
  check_reparses_at(e, symbols, 1.7);
  const Expr third = build::binary(Op::Mul, build::num(2.0943951023931953), build::var(1));
  CHECK(to_infix(third, symbols) == "2.0943951023931953 * x");
  // Without such a variable pi prints by name.
  CHECK(to_infix(third, {std::vector<std::string>{"y", "x"}, {}}) == "2 * pi / 3 * x");
}

TEST_CASE("a variable named e in LaTeX: exp prints as \\exp") {
  const std::vector<std::string> vars{"e"};
  const Expr e = build::unary(Op::Exp, build::var(0));
  CHECK(to_latex(e, {vars, {}}) == "\\exp{\\left(e \\right)}");
  CHECK(to_latex(e, {std::vector<std::string>{"x"}, {}}) == "e^{x}");
}

TEST_CASE("a minus applied to a number prints as the negated number") {
  const std::vector<std::string> vars{"x"};
  const Expr e = build::unary(Op::Neg, build::num(-3.0));
  CHECK(to_infix(e) == "3");
  CHECK(to_infix(parse_expr(to_infix(e))) == to_infix(e));
  CHECK(to_infix(build::unary(Op::Neg, build::num(3.0))) == "-3");
  CHECK(to_infix(build::unary(Op::Neg, build::unary(Op::Neg, build::var(0))), {vars, {}}) == "x");  // two minuses cancel
  CHECK(to_infix(build::binary(Op::Mul, build::var(0), build::unary(Op::Neg, build::num(-2.0))), {vars, {}}) ==
        "x * 2");
}

TEST_CASE("LaTeX numbers with a power of ten are parenthesized as powers and products") {
  const std::vector<std::string> vars{"x"};
  const Symbols symbols{vars, {}};
  CHECK(to_latex(build::binary(Op::Pow, build::num(6.6743e-11), build::var(0)), symbols) ==
        "\\left(6.6743 \\cdot 10^{-11}\\right)^{x}");
  CHECK(to_latex(build::binary(Op::Pow, build::num(1e20), build::var(0)), symbols) == "\\left(10^{20}\\right)^{x}");
  CHECK(to_latex(build::unary(Op::Square, build::num(1e20)), symbols) == "\\left(10^{20}\\right)^{2}");
}

TEST_CASE("capital Greek letters without a LaTeX command print upright") {
  const std::vector<std::string> vars{"Theta", "Alpha", "Eta"};
  const Expr e = build::binary(Op::Mul, build::binary(Op::Mul, build::var(0), build::var(1)), build::var(2));
  CHECK(to_latex(e, {vars, {}}) == "\\Theta \\cdot \\mathrm{Alpha} \\cdot \\mathrm{Eta}");
}

TEST_CASE("LaTeX names stay distinct: only a keyword's trailing underscore is dropped") {
  const std::vector<std::string> vars{"p", "p_", "lambda_", "x__1"};
  const Symbols symbols{vars, {}};
  CHECK(to_latex(build::var(0), symbols) == "p");
  CHECK(to_latex(build::var(1), symbols) == "\\mathrm{p\\_}");
  CHECK(to_latex(build::var(2), symbols) == "\\lambda");
  CHECK(to_latex(build::var(3), symbols) == "x_{\\mathrm{\\_1}}");
}
