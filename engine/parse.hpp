// Parsing expressions written the way people and sympy write them.
//
// Grammar (lowest to highest precedence):
//   sum     := product (('+' | '-') product)*
//   product := unary (('*' | '/') unary)*
//   unary   := ('-' | '+') unary | power
//   power   := atom (('^' | '**') unary)?          right-associative: a^b^c = a^(b^c)
//   atom    := number | name | name '(' sum (',' sum)* ')' | '(' sum ')'
// so -x^2 = -(x^2) and 2^-1 = 0.5, as in Python and sympy. Numbers accept scientific notation
// (6.674e-11); one too large or too small for a double (1e999, 1e-400) is an error, not inf or 0
// (engine/number.hpp). `pi` (and sympy's `E`) are the constants unless a variable has that name. Function
// names are the operator table's (sin, log, sqrt, pow, abs/Abs, ln, ...), sympy's cot, sec, csc
// and real_root(x, 3) (the cube root): Kepler's sympy output reads back.
//
// A few spellings are normalized as they are read, so that they print back the same way:
// x^2 and x^3 with literal exponents become square and cube, 1/x becomes inv(x), and a minus
// sign applied to a literal number becomes a negative number.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/error.hpp"
#include "engine/expr.hpp"

namespace kepler {

struct ParseOptions {
  // Names that resolve to dataset columns, by index.
  std::span<const std::string> variables;
  // When true, a name that is neither a variable nor a known constant becomes a free constant
  // (like scipy's curve_fit); otherwise it is an error.
  bool unknown_names_are_parameters = false;
  // When true (and unknown_names_are_parameters is false), such a name becomes a new variable,
  // numbered after `variables` in order of first appearance (for `kepler simplify "x*y"`).
  bool unknown_names_are_variables = false;
  // Starting value of free constants created from names.
  double initial_parameter_value = 1.0;
  // How errors name the text: "expression" gives "expression, column 5: ...".
  std::string source = "expression";
};

struct ParsedExpr {
  Expr expr;
  // Names of the free constants created from names, indexed by slot.
  std::vector<std::string> parameter_names;
  // `variables` followed by the names unknown_names_are_variables added.
  std::vector<std::string> variable_names;
};

// Throws InputError naming the column and what was expected.
[[nodiscard]] ParsedExpr parse(std::string_view text, const ParseOptions& options = {});

// Shorthand: parse over the given variable names, no free constants by name.
[[nodiscard]] Expr parse_expr(std::string_view text, std::span<const std::string> variables = {});

}  // namespace kepler
