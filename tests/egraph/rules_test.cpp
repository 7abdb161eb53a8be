#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

#include "egraph/rules.hpp"
#include "engine/evaluator.hpp"

namespace kepler::egraph {
namespace {

// The pattern as an expression, its variables numbered by their position in `names`.
Expr to_expr(const Pattern& pattern, const std::vector<std::string>& names) {
  std::vector<Node> nodes;
  for (const PatternNode& node : pattern.nodes()) {
    switch (node.kind) {
      case PatternNode::Kind::Variable: {
        const auto& name = pattern.variables()[node.variable];
        const auto at = std::find(names.begin(), names.end(), name) - names.begin();
        nodes.push_back(Node::var(static_cast<std::uint32_t>(at)));
        break;
      }
      case PatternNode::Kind::Literal: nodes.push_back(Node::num(node.value)); break;
      case PatternNode::Kind::Operator: nodes.push_back(Node::make(node.op)); break;
    }
  }
  return Expr(std::move(nodes));
}

TEST_CASE("every rule builds and is sound on random points") {
  std::mt19937_64 rng(7);
  std::set<std::string_view> names;
  for (const RuleText& text : rule_texts()) {
    CAPTURE(text.name);
    CHECK(names.insert(text.name).second);  // unique names
    const Rewrite rule(std::string(text.name), text.lhs, text.rhs, text.conditions);
    const auto& variables = rule.lhs().variables();
    const Expr lhs = to_expr(rule.lhs(), variables);
    const Expr rhs = to_expr(rule.rhs(), variables);
    std::vector<Condition::Kind> domain(variables.size(), Condition::Kind::Constant);
    for (const Condition& c : rule.conditions()) domain[c.variable] = c.kind;

    int checked = 0;
    for (int trial = 0; trial < 400; ++trial) {
      std::vector<double> x(variables.size());
      for (std::size_t v = 0; v < x.size(); ++v) {
        switch (domain[v]) {
          case Condition::Kind::Positive: x[v] = std::uniform_real_distribution(0.05, 3.0)(rng); break;
          case Condition::Kind::Nonzero: {
            const double magnitude = std::uniform_real_distribution(0.05, 3.0)(rng);
            x[v] = std::bernoulli_distribution(0.5)(rng) ? magnitude : -magnitude;
            break;
          }
          case Condition::Kind::Constant: x[v] = std::uniform_real_distribution(-3.0, 3.0)(rng); break;
          case Condition::Kind::Integer: x[v] = std::uniform_int_distribution(-3, 3)(rng); break;
        }
      }
      const double left = evaluate_point(lhs, x);
      if (!std::isfinite(left)) continue;
      const double right = evaluate_point(rhs, x);
      CAPTURE(x);
      REQUIRE(std::isfinite(right));
      CHECK(std::abs(left - right) <= 1e-9 * std::max(1.0, std::abs(left)));
      ++checked;
    }
    CHECK(checked >= 100);  // the rule was exercised where it applies
  }
}

TEST_CASE("rule groups partition the rule set") {
  std::size_t total = 0;
  for (const RuleGroup group : {RuleGroup::Algebra, RuleGroup::Powers, RuleGroup::LogExp,
                                RuleGroup::Trigonometry, RuleGroup::Expansion}) {
    const auto rules = make_rules({group});
    CHECK_FALSE(rules.empty());
    total += rules.size();
  }
  CHECK(total == rule_texts().size());
  CHECK(all_rules().size() == rule_texts().size());
}

}  // namespace
}  // namespace kepler::egraph
