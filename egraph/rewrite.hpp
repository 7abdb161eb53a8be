// Rewrite rules: "lhs => rhs if conditions", both sides patterns, conditions read from the
// e-class analysis. A rule is validated when it is built: its right side may only use variables
// its left side binds, and its conditions may only name those variables.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "egraph/pattern.hpp"

namespace kepler::egraph {

struct Condition {
  enum class Kind : std::uint8_t {
    Positive,  // the class is > 0 wherever it is defined
    Nonzero,   // ≠ 0 wherever it is defined
    Constant,  // no variable below it
    Integer,   // folds to a whole number
  };
  Kind kind;
  std::uint32_t variable;  // index into the left side's variables
};

class Rewrite {
 public:
  // `conditions` is a comma-separated list such as "positive ?a, nonzero ?b" (empty for none).
  // Throws InputError naming the rule on any error.
  Rewrite(std::string name, std::string_view lhs, std::string_view rhs, std::string_view conditions = {});

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] const Pattern& lhs() const noexcept { return lhs_; }
  [[nodiscard]] const Pattern& rhs() const noexcept { return rhs_; }
  [[nodiscard]] const std::vector<Condition>& conditions() const noexcept { return conditions_; }

  // Whether the analysis of the bound classes satisfies every condition.
  [[nodiscard]] bool allows(const EGraph& graph, Bindings lhs_binding) const;
  // Adds the right side under a left-side substitution; returns its class.
  ClassId apply(EGraph& graph, Bindings lhs_binding) const;

 private:
  std::string name_;
  Pattern lhs_;
  Pattern rhs_;
  std::vector<std::uint32_t> rhs_from_lhs_;  // rhs variable -> lhs variable
  std::vector<Condition> conditions_;
};

}  // namespace kepler::egraph
