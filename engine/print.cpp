#include "engine/print.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <numbers>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/identifier.hpp"

namespace kepler {
namespace {

// How the negation of a printed expression reads without a minus in front, where it has one
// to drop: -2 * x negated is 2 * x, so a + -2 * x prints a - 2 * x.
struct Negation {
  std::string text;
  std::uint8_t precedence;
};

struct Printed {
  std::string text;
  std::uint8_t precedence;
  std::optional<double> number = std::nullopt;  // the value, when the text is just a number
  std::optional<Negation> negation = std::nullopt;
};

const Notation& notation(const OpInfo& row, Format format) {
  switch (format) {
    case Format::Infix: return row.infix;
    case Format::Sympy: return row.sympy;
    case Format::Latex: return row.latex;
  }
  return row.infix;
}

constexpr std::array<std::string_view, 24> kGreek = {
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta",  "eta",   "theta",
    "iota",  "kappa", "lambda", "mu",  "nu",      "xi",    "pi",    "rho",
    "sigma", "tau",  "upsilon", "phi", "chi",     "psi",   "omega", "varepsilon"};

// Capital Greek letters that LaTeX has commands for (the others look like Latin capitals).
constexpr std::array<std::string_view, 11> kCapitalGreek = {
    "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega"};

bool is_greek(std::string_view name) {
  return std::find(kGreek.begin(), kGreek.end(), name) != kGreek.end() ||
         std::find(kCapitalGreek.begin(), kCapitalGreek.end(), name) != kCapitalGreek.end();
}

std::string latex_name(std::string_view name) {
  // A trailing underscore that dodges a Python keyword (lambda_) is not part of the name; any
  // other stays, so that p and p_ print differently.
  if (name.size() > 1 && name.back() == '_' && is_python_keyword(name.substr(0, name.size() - 1))) {
    name.remove_suffix(1);
  }
  const auto underscore = name.find('_');
  if (underscore != std::string_view::npos && underscore > 0 && underscore + 1 < name.size()) {
    return latex_name(name.substr(0, underscore)) + "_{" +
           latex_name(name.substr(underscore + 1)) + "}";
  }
  if (is_greek(name)) return "\\" + std::string(name);
  if (name.size() == 1) return std::string(name);
  std::string escaped;
  for (char c : name) {
    if (c == '_') escaped += '\\';
    escaped += c;
  }
  return "\\mathrm{" + escaped + "}";
}

// p·π/q for small q when `value` is exactly that double (as constant snapping produces).
struct PiMultiple {
  long long p;
  int q;
};
std::optional<PiMultiple> as_pi_multiple(double value) {
  if (value == 0.0 || !std::isfinite(value)) return std::nullopt;
  for (int q = 1; q <= 12; ++q) {
    const double p = std::round(value * q / std::numbers::pi);
    if (p == 0.0 || std::abs(p) > 1e6) continue;
    if (p * std::numbers::pi / q == value && std::gcd(static_cast<long long>(std::abs(p)), static_cast<long long>(q)) == 1) {
      return PiMultiple{static_cast<long long>(p), q};
    }
  }
  return std::nullopt;
}

Printed print_pi_multiple(PiMultiple m, Format format) {
  const char* pi = format == Format::Latex ? "\\pi" : "pi";
  const std::string sign = m.p < 0 ? "-" : "";
  const long long p = std::abs(m.p);
  std::string text;
  if (format == Format::Latex) {
    const std::string top = p == 1 ? std::string("\\pi") : fmt::format("{} \\pi", p);
    text = m.q == 1 ? sign + top : fmt::format("{}\\frac{{{}}}{{{}}}", sign, top, m.q);
  } else {
    const std::string times = format == Format::Sympy ? "*" : " * ";
    const std::string over = format == Format::Sympy ? "/" : " / ";
    text = sign + (p == 1 ? std::string(pi) : fmt::format("{}{}{}", p, times, pi));
    if (m.q != 1) text += fmt::format("{}{}", over, m.q);
  }
  // The printed form decides the precedence: -2 * pi / 3 is a quotient, whatever its sign.
  const bool single = p == 1 && m.q == 1;
  if (!single) return {std::move(text), precedence::kMultiplicative};
  return {std::move(text), m.p < 0 ? precedence::kUnary : precedence::kAtom};
}

// The precedence of a number as printed: 6.6743 \cdot 10^{-11} is a product, 10^{20} a power.
std::uint8_t number_precedence(const std::string& text) {
  if (text.find("\\cdot") != std::string::npos) return precedence::kMultiplicative;
  if (text.front() == '-') return precedence::kUnary;
  if (text.find('^') != std::string::npos) return precedence::kPower;
  return precedence::kAtom;
}

// How a printer writes π where no variable or named constant is called that; where one is, π is
// written as its digits so that the name means only the variable.
struct Context {
  Format format;
  const Symbols& symbols;
  bool pi_is_a_name = false;
  bool e_is_a_name = false;  // LaTeX: exp prints as \exp(...) rather than e^{...}
};

std::string leaf_name(std::string_view name, Format format) {
  return format == Format::Latex ? latex_name(name) : std::string(name);
}

Printed print_number(double value, const Context& context) {
  if (!context.pi_is_a_name) {
    if (const auto multiple = as_pi_multiple(value)) {
      Printed printed = print_pi_multiple(*multiple, context.format);
      printed.number = value;
      return printed;
    }
  }
  std::string text = context.pi_is_a_name ? format_digits(value, context.format) : format_number(value, context.format);
  const std::uint8_t own = number_precedence(text);
  return {std::move(text), own, value};
}

Printed print_signed_number(double value, const Context& context) {
  Printed printed = print_number(value, context);
  if (std::signbit(value) && value != 0.0) {
    Printed positive = print_number(-value, context);
    printed.negation = Negation{std::move(positive.text), positive.precedence};
  }
  return printed;
}

Printed print_leaf(const Node& node, const Context& context) {
  const Symbols& symbols = context.symbols;
  if (node.op == Op::Var) {
    std::string name = node.index < symbols.variables.size() ? symbols.variables[node.index]
                                                             : fmt::format("x{}", node.index);
    return {leaf_name(name, context.format), precedence::kAtom};
  }
  if (node.op == Op::Param && node.index < symbols.parameters.size()) {
    return {leaf_name(symbols.parameters[node.index], context.format), precedence::kAtom};
  }
  return print_signed_number(node.value, context);
}

std::string parenthesize(std::string text, Format format) {
  return format == Format::Latex ? "\\left(" + text + "\\right)" : "(" + text + ")";
}

}  // namespace

std::string format_number(double value, Format format) {
  if (std::abs(value) == std::numbers::pi) {
    const char* pi = format == Format::Latex ? "\\pi" : "pi";
    return value < 0 ? std::string("-") + pi : std::string(pi);
  }
  return format_digits(value, format);
}

std::string format_digits(double value, Format format) {
  std::string text = fmt::format("{}", value);
  if (format != Format::Latex) return text;
  const auto e = text.find('e');
  if (e == std::string::npos) return text;
  // 6.6743e-11 → 6.6743 \cdot 10^{-11}
  const std::string mantissa = text.substr(0, e);
  const int exponent = std::stoi(text.substr(e + 1));
  const std::string power = fmt::format("10^{{{}}}", exponent);
  if (mantissa == "1") return power;
  if (mantissa == "-1") return "-" + power;
  return mantissa + " \\cdot " + power;
}

std::string to_string(const Expr& expr, Format format, const Symbols& symbols) {
  Context context{format, symbols};
  const std::string pi_text = format_number(std::numbers::pi, format);
  for (const auto* names : {&symbols.variables, &symbols.parameters}) {
    for (const std::string& name : *names) {
      const std::string printed = leaf_name(name, format);
      context.pi_is_a_name = context.pi_is_a_name || printed == pi_text;
      context.e_is_a_name = context.e_is_a_name || (format == Format::Latex && printed == "e");
    }
  }
  constexpr Notation kLatexExp{"\\exp{{\\left({0} \\right)}}", precedence::kAtom, {0, 0}};

  std::vector<Printed> stack;
  stack.reserve(expr.size());
  for (std::size_t i = 0; i < expr.size(); ++i) {
    const Node& node = expr[i];
    if (is_leaf(node.op)) {
      stack.push_back(print_leaf(node, context));
      continue;
    }
    Op op = node.op;
    // A minus applied to a number prints as the negated number, as the parser reads -3.
    if (op == Op::Neg && stack.back().number) {
      stack.back() = print_signed_number(-*stack.back().number, context);
      continue;
    }
    // A minus applied to what reads negated already drops both: -(-2 * x) prints 2 * x.
    if (op == Op::Neg && stack.back().negation) {
      Negation negation = std::move(*stack.back().negation);
      stack.back() = {std::move(negation.text), negation.precedence};
      continue;
    }
    // a + -2 * x reads a - 2 * x, and a - -2 reads a + 2.
    if ((op == Op::Add || op == Op::Sub) && stack.back().negation) {
      Negation negation = std::move(*stack.back().negation);
      stack.back() = {std::move(negation.text), negation.precedence};
      op = op == Op::Add ? Op::Sub : Op::Add;
    }
    const OpInfo& row = info(op);
    const Notation& form = op == Op::Exp && context.e_is_a_name ? kLatexExp : notation(row, format);
    const auto n = static_cast<std::size_t>(row.arity);
    const auto argument = [&](std::string text, std::uint8_t precedence, std::size_t k) {
      return precedence < form.child_precedence[k] ? parenthesize(std::move(text), format) : std::move(text);
    };
    std::array<std::string, 2> args;
    std::optional<Negation> negation;
    Printed& first = stack[stack.size() - n];
    // A product or quotient led by a negative factor negates by that factor: -2 * x / y.
    if ((op == Op::Mul || op == Op::Div) && first.negation) {
      negation = Negation{fmt::format(fmt::runtime(form.pattern),
                                      argument(first.negation->text, first.negation->precedence, 0),
                                      argument(stack.back().text, stack.back().precedence, 1)),
                          form.precedence};
    } else if (op == Op::Neg) {
      negation = Negation{first.text, first.precedence};
    }
    for (std::size_t k = 0; k < n; ++k) {
      Printed& child = stack[stack.size() - n + k];
      args[k] = argument(std::move(child.text), child.precedence, k);
    }
    stack.resize(stack.size() - n);
    std::string text = n == 1 ? fmt::format(fmt::runtime(form.pattern), args[0])
                              : fmt::format(fmt::runtime(form.pattern), args[0], args[1]);
    stack.push_back({std::move(text), form.precedence, std::nullopt, std::move(negation)});
  }
  return stack.empty() ? std::string() : std::move(stack.back().text);
}

}  // namespace kepler
