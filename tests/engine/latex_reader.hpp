// A reader for the LaTeX that Kepler's printer writes, so that tests can check LaTeX output the
// way they check infix: read it back and compare values. It reads the usual mathematical
// conventions (− binds looser than ^, \cdot and \frac are products and quotients, ^{} is a power)
// and exactly the constructs the printer emits; variables and named constants are recognised by
// the text the printer gives each of them. Anything else is an error (std::runtime_error with the position).
#pragma once

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <numbers>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/expr.hpp"
#include "engine/print.hpp"

namespace kepler::test {

class LatexReader {
 public:
  // `variables` and `parameters` are the names the expression was printed with; a named free
  // constant reads back with its value from `values`.
  LatexReader(std::string_view text, const std::vector<std::string>& variables,
              const std::vector<std::string>& parameters = {}, const std::vector<double>& values = {})
      : text_(text) {
    for (std::size_t i = 0; i < variables.size(); ++i) {
      const Expr leaf = build::var(static_cast<std::uint32_t>(i));
      names_.push_back({to_latex(leaf, {variables, {}}), Node::var(static_cast<std::uint32_t>(i))});
    }
    for (std::size_t k = 0; k < parameters.size(); ++k) {
      const Expr leaf = build::param(0.0, static_cast<std::uint32_t>(k));
      const double value = k < values.size() ? values[k] : 1.0;
      names_.push_back({to_latex(leaf, {{}, parameters}), Node::param(static_cast<std::uint32_t>(k), value)});
    }
    // Longest first: x_{1} before x.
    std::sort(names_.begin(), names_.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    variable_e_ = std::any_of(names_.begin(), names_.end(), [](const auto& n) { return n.first == "e"; });
    variable_pi_ = std::any_of(names_.begin(), names_.end(), [](const auto& n) { return n.first == "\\pi"; });
  }

  Expr read() {
    std::vector<Node> out;
    sum(out);
    skip();
    if (at_ != text_.size()) fail("unexpected text");
    return Expr(std::move(out));
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("LaTeX at " + std::to_string(at_) + ": " + what + " in " + std::string(text_));
  }
  void skip() {
    while (at_ < text_.size() && text_[at_] == ' ') ++at_;
  }
  bool accept(std::string_view token) {
    skip();
    if (text_.substr(at_).starts_with(token)) {
      at_ += token.size();
      return true;
    }
    return false;
  }
  void expect(std::string_view token) {
    if (!accept(token)) fail("expected " + std::string(token));
  }
  void braced(std::vector<Node>& out) {
    expect("{");
    sum(out);
    expect("}");
  }

  void sum(std::vector<Node>& out) {
    product(out);
    while (true) {
      if (accept("+")) {
        product(out);
        out.push_back(Node::make(Op::Add));
      } else if (accept("-")) {
        product(out);
        out.push_back(Node::make(Op::Sub));
      } else {
        return;
      }
    }
  }
  void product(std::vector<Node>& out) {
    unary(out);
    while (accept("\\cdot")) {
      unary(out);
      out.push_back(Node::make(Op::Mul));
    }
  }
  void unary(std::vector<Node>& out) {
    if (accept("-")) {
      unary(out);
      out.push_back(Node::make(Op::Neg));
      return;
    }
    power(out);
  }
  void power(std::vector<Node>& out) {
    primary(out);
    while (accept("^")) {
      braced(out);
      out.push_back(Node::make(Op::Pow));
    }
  }
  void function(std::vector<Node>& out, Op op) {
    expect("{");
    expect("\\left(");
    sum(out);
    expect("\\right)");
    expect("}");
    out.push_back(Node::make(op));
  }
  void primary(std::vector<Node>& out) {
    skip();
    if (at_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[at_])) || text_[at_] == '.')) {
      const std::string rest(text_.substr(at_));
      char* end = nullptr;
      const double value = std::strtod(rest.c_str(), &end);
      at_ += static_cast<std::size_t>(end - rest.c_str());
      out.push_back(Node::num(value));
      if (!variable_pi_ && accept("\\pi")) {  // 2 \pi: a multiple of pi, written side by side
        out.push_back(Node::num(std::numbers::pi));
        out.push_back(Node::make(Op::Mul));
      }
      return;
    }
    if (accept("\\frac")) {
      braced(out);
      braced(out);
      out.push_back(Node::make(Op::Div));
      return;
    }
    if (accept("\\sqrt[3]")) {
      braced(out);
      out.push_back(Node::make(Op::Cbrt));
      return;
    }
    if (accept("\\sqrt")) {
      braced(out);
      out.push_back(Node::make(Op::Sqrt));
      return;
    }
    if (accept("\\left(")) {
      sum(out);
      expect("\\right)");
      return;
    }
    if (accept("\\left|")) {
      sum(out);
      expect("\\right|");
      out.push_back(Node::make(Op::Abs));
      return;
    }
    for (const auto& [name, op] : kFunctions) {
      if (accept(name)) return function(out, op);
    }
    if (!variable_e_ && accept("e^")) {
      braced(out);
      out.push_back(Node::make(Op::Exp));
      return;
    }
    for (const auto& [name, leaf] : names_) {
      if (accept(name)) {
        out.push_back(leaf);
        return;
      }
    }
    if (!variable_pi_ && accept("\\pi")) {
      out.push_back(Node::num(std::numbers::pi));
      return;
    }
    fail("expected an operand");
  }

  static constexpr std::pair<std::string_view, Op> kFunctions[] = {
      {"\\sin", Op::Sin}, {"\\cos", Op::Cos}, {"\\tanh", Op::Tanh}, {"\\tan", Op::Tan},
      {"\\log", Op::Log}, {"\\exp", Op::Exp}};

  std::string_view text_;
  std::size_t at_ = 0;
  std::vector<std::pair<std::string, Node>> names_;  // printed name → its leaf
  bool variable_e_ = false;
  bool variable_pi_ = false;
};

inline Expr read_latex(std::string_view text, const std::vector<std::string>& variables,
                       const std::vector<std::string>& parameters = {}, const std::vector<double>& values = {}) {
  return LatexReader(text, variables, parameters, values).read();
}

}  // namespace kepler::test
