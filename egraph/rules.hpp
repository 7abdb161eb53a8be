// Kepler's rule set over the operator table, as text. Every rule is checked numerically on random
// points by tests/egraph/rules_test.cpp.
#pragma once

#include <string_view>
#include <vector>

#include "egraph/rewrite.hpp"

namespace kepler::egraph {

enum class RuleGroup : std::uint8_t {
  Algebra,        // commutativity, associativity, identities, inverse forms, factoring
  Powers,         // square, cube, sqrt, cbrt, inv as powers; products of powers
  LogExp,         // log(exp x) = x, log(x·y) = log x + log y, ...
  Trigonometry,   // sin² + cos² = 1, parity
  Expansion,      // distributivity and angle sums: they grow the graph fastest
};

struct RuleText {
  std::string_view name;
  std::string_view lhs;
  std::string_view rhs;
  std::string_view conditions;
  RuleGroup group;
};

// Every rule, as text.
[[nodiscard]] std::span<const RuleText> rule_texts() noexcept;
// The rules of the given groups, built (and so validated).
[[nodiscard]] std::vector<Rewrite> make_rules(std::initializer_list<RuleGroup> groups);
// All groups.
[[nodiscard]] std::vector<Rewrite> all_rules();

}  // namespace kepler::egraph
