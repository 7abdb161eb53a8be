// Which equations a search accepts as candidates, for every search: size, depth and constant
// limits, at least one variable, and rules that keep out forms a physicist never writes and that
// waste evaluations — trigonometry inside trigonometry, exp inside exp, log inside log (like
// PySR's nested constraints; exp(b·log(a)) = a^b stays allowed) and an operator applied straight
// to its inverse (exp(log(x)), sqrt(square(x)), ...). search/grammar.hpp enforces the same rules
// token by token while an equation is built.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>

#include "engine/expr.hpp"
#include "search/problem.hpp"

namespace kepler {

struct Constraints {
  std::size_t max_size = 30;   // nodes
  std::size_t max_depth = 12;  // a leaf alone is depth 1
  std::size_t max_constants = std::numeric_limits<std::size_t>::max();  // free constants (Param nodes)
  // Off by default: a constant core is the baseline entry of a front (y = mean).
  bool require_variable = false;
  bool nesting = true;
  bool inverse_pairs = true;

  // The problem's size and depth limits, the other rules at their defaults.
  [[nodiscard]] static Constraints of(const Problem& problem);
};

[[nodiscard]] bool satisfies(const Expr& f, const Constraints& constraints);

// The nesting rule's families: an operator of a family may not have one of the same family
// anywhere below it. A bit per family (trigonometric, exp, log); 0 for every other operator.
[[nodiscard]] std::uint8_t nesting_family(Op op) noexcept;
// Whether outer(inner(x)) undoes itself: exp∘log, log∘exp, square∘sqrt, sqrt∘square, cube∘cbrt,
// cbrt∘cube, neg∘neg, inv∘inv.
[[nodiscard]] bool is_inverse_pair(Op outer, Op inner) noexcept;

}  // namespace kepler
