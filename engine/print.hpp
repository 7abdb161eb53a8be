// Printing expressions as infix text, as sympy-parsable strings and as LaTeX.
//
// All three printers are driven by the operator table's notations, with the fewest parentheses
// that keep the meaning. Infix output parses back to the same function, and after one reading
// print → parse → print is the identity (reading re-associates: x + (-2 + y) prints x + -2 + y,
// which reads as x - 2 + y); sympy output parses with sympy.sympify given the variable names as
// symbols (and with Kepler's parser); numbers are written with the shortest text that reads back
// as the same double. tests/engine/print_property_test.cpp checks all three formats.
//
// Precedence follows the printed form, never the value: -2 * pi / 3 is parenthesized as a
// quotient, a minus applied to a number prints as the negated number (-(-3) is 3). A named free
// constant prints as its name whatever its sign (x + c stays x + c for c = -3). Names never clash
// with built-ins: where a variable or constant is called `pi` (`\pi` in LaTeX), π prints as its
// digits; where one is called `e` in LaTeX, exp prints as \exp.
#pragma once

#include <span>
#include <string>

#include "engine/expr.hpp"

namespace kepler {

enum class Format { Infix, Sympy, Latex };

// Names to print leaves with. A variable without a name prints as x0, x1, ...; a free constant
// without a name prints as its value.
struct Symbols {
  std::span<const std::string> variables;
  std::span<const std::string> parameters;
};

[[nodiscard]] std::string to_string(const Expr& expr, Format format, const Symbols& symbols = {});
[[nodiscard]] inline std::string to_infix(const Expr& expr, const Symbols& symbols = {}) {
  return to_string(expr, Format::Infix, symbols);
}
[[nodiscard]] inline std::string to_sympy(const Expr& expr, const Symbols& symbols = {}) {
  return to_string(expr, Format::Sympy, symbols);
}
[[nodiscard]] inline std::string to_latex(const Expr& expr, const Symbols& symbols = {}) {
  return to_string(expr, Format::Latex, symbols);
}

// A number as that format writes it: shortest round-trip decimal, "pi" for π.
[[nodiscard]] std::string format_number(double value, Format format);
// The same without the name for π: always the digits.
[[nodiscard]] std::string format_digits(double value, Format format);

}  // namespace kepler
