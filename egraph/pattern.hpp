// Patterns over the operator table, written as s-expressions: "(* ?a (+ ?b 1))". An atom is a
// pattern variable (?name), a number, or `pi`; a list is an operator name (as in --ops: + - * /
// ^ neg inv square cube sqrt cbrt exp log sin cos tan tanh abs) followed by its operands.
//
// E-matching finds every substitution of the pattern variables by e-classes under which the
// pattern is represented in a given e-class.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "egraph/egraph.hpp"

namespace kepler::egraph {

struct PatternNode {
  enum class Kind : std::uint8_t { Variable, Literal, Operator };
  Kind kind = Kind::Literal;
  Op op = Op::Num;           // Operator
  std::uint32_t variable = 0;  // Variable: index into Pattern::variables()
  double value = 0.0;          // Literal
  std::array<std::uint32_t, 2> children{};  // Operator: indices of the operand nodes
};

inline constexpr ClassId kUnbound = ~ClassId{0};
// Class bound to each pattern variable (kUnbound until matched).
using Substitution = std::vector<ClassId>;
// A substitution, read-only, wherever it is stored.
using Bindings = std::span<const ClassId>;

// A non-owning reference to a callable: e-matching's continuations, without std::function's
// allocations.
template <typename Signature>
class FunctionRef;
template <typename R, typename... Args>
class FunctionRef<R(Args...)> {
 public:
  // Safe for a temporary callable passed as an argument: it lives until the call returns.
  template <typename F>
    requires(!std::is_same_v<std::remove_cvref_t<F>, FunctionRef>)
  FunctionRef(F&& f) noexcept  // NOLINT(google-explicit-constructor)
      : object_(const_cast<void*>(static_cast<const void*>(&f))),
        call_([](void* o, Args... args) -> R { return (*static_cast<std::remove_reference_t<F>*>(o))(args...); }) {}
  R operator()(Args... args) const { return call_(object_, args...); }

 private:
  void* object_;
  R (*call_)(void*, Args...);
};

class Pattern {
 public:
  struct Parts {
    std::vector<PatternNode> nodes;
    std::vector<std::string> variables;
    std::vector<bool> repeated;
  };

  // Throws InputError("pattern", column, message) on malformed text.
  static Pattern parse(std::string_view text);

  [[nodiscard]] std::span<const PatternNode> nodes() const noexcept { return nodes_; }
  [[nodiscard]] std::uint32_t root() const noexcept { return static_cast<std::uint32_t>(nodes_.size() - 1); }
  [[nodiscard]] const std::vector<std::string>& variables() const noexcept { return variables_; }
  // Variables that occur more than once (they force two operands to be the same class).
  [[nodiscard]] const std::vector<bool>& repeated() const noexcept { return repeated_; }
  [[nodiscard]] const std::string& text() const noexcept { return text_; }
  // The operator at the root, or Num for a variable or literal root.
  [[nodiscard]] Op root_op() const noexcept;

  // Calls `found` with every substitution (sized variables().size()) that makes the pattern
  // match class `id`. No part of a match is an undefined class (ClassData::undefined).
  // `scratch` is working memory, reused across calls.
  void match(const EGraph& graph, ClassId id, Substitution& scratch, FunctionRef<void(const Substitution&)> found) const;
  void match(const EGraph& graph, ClassId id, FunctionRef<void(const Substitution&)> found) const;
  // Adds the pattern, its variables replaced by their classes, to the graph; returns its class.
  ClassId instantiate(EGraph& graph, Bindings substitution) const;

 private:
  void match_node(const EGraph& graph, std::uint32_t node, ClassId id, Substitution& substitution,
                  FunctionRef<void(Substitution&)> next) const;

  std::vector<PatternNode> nodes_;  // postfix: operands before their operator
  std::vector<std::string> variables_;
  std::vector<bool> repeated_;
  std::string text_;
};

}  // namespace kepler::egraph
