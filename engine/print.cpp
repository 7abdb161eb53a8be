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

namespace kepler {
namespace {

struct Printed {
  std::string text;
  std::uint8_t precedence;
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

bool is_greek(std::string_view name) {
  std::string lower(name);
  if (!lower.empty()) lower[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(lower[0])));
  return std::find(kGreek.begin(), kGreek.end(), lower) != kGreek.end();
}

std::string latex_name(std::string_view name) {
  // Trailing underscores only dodge Python keywords (lambda_); they are not subscripts.
  while (name.size() > 1 && name.back() == '_') name.remove_suffix(1);
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
  const bool single = p == 1 && m.q == 1;
  return {std::move(text), m.p < 0 ? precedence::kUnary
                                    : (single ? precedence::kAtom : precedence::kMultiplicative)};
}

Printed print_leaf(const Node& node, Format format, const Symbols& symbols) {
  if (node.op == Op::Var) {
    std::string name = node.index < symbols.variables.size() ? symbols.variables[node.index]
                                                             : fmt::format("x{}", node.index);
    return {format == Format::Latex ? latex_name(name) : name, precedence::kAtom};
  }
  if (node.op == Op::Param && node.index < symbols.parameters.size()) {
    const auto& name = symbols.parameters[node.index];
    return {format == Format::Latex ? latex_name(name) : name, precedence::kAtom};
  }
  if (const auto multiple = as_pi_multiple(node.value)) return print_pi_multiple(*multiple, format);
  return {format_number(node.value, format),
          std::signbit(node.value) ? precedence::kUnary : precedence::kAtom};
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
  std::vector<Printed> stack;
  stack.reserve(expr.size());
  for (std::size_t i = 0; i < expr.size(); ++i) {
    const Node& node = expr[i];
    if (is_leaf(node.op)) {
      stack.push_back(print_leaf(node, format, symbols));
      continue;
    }
    Op op = node.op;
    // a + -2 reads a - 2, and a - -2 reads a + 2 (a binary node's right operand ends at i − 1).
    if ((op == Op::Add || op == Op::Sub) && is_leaf(expr[i - 1].op) && expr[i - 1].op != Op::Var &&
        std::signbit(expr[i - 1].value) && expr[i - 1].value != 0.0) {
      Node positive = expr[i - 1];
      positive.value = -positive.value;
      stack.back() = print_leaf(positive, format, symbols);
      op = op == Op::Add ? Op::Sub : Op::Add;
    }
    const OpInfo& row = info(op);
    const Notation& form = notation(row, format);
    const auto n = static_cast<std::size_t>(row.arity);
    std::array<std::string, 2> args;
    for (std::size_t k = 0; k < n; ++k) {
      Printed& child = stack[stack.size() - n + k];
      args[k] = child.precedence < form.child_precedence[k]
                    ? parenthesize(std::move(child.text), format)
                    : std::move(child.text);
    }
    stack.resize(stack.size() - n);
    std::string text = n == 1 ? fmt::format(fmt::runtime(form.pattern), args[0])
                              : fmt::format(fmt::runtime(form.pattern), args[0], args[1]);
    stack.push_back({std::move(text), form.precedence});
  }
  return stack.empty() ? std::string() : std::move(stack.back().text);
}

}  // namespace kepler
