#include "egraph/rewrite.hpp"

#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <cmath>

#include "engine/error.hpp"

namespace kepler::egraph {
namespace {

std::string trim(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  const auto end = text.find_last_not_of(" \t");
  return std::string(text.substr(begin, end - begin + 1));
}

std::uint32_t lhs_variable(const Pattern& lhs, const std::string& name, const std::string& rule) {
  const auto& vars = lhs.variables();
  const auto it = std::find(vars.begin(), vars.end(), name);
  if (it == vars.end()) {
    throw InputError("rule " + rule, name + " is not bound by the left side " + lhs.text());
  }
  return static_cast<std::uint32_t>(it - vars.begin());
}

}  // namespace

Rewrite::Rewrite(std::string name, std::string_view lhs, std::string_view rhs, std::string_view conditions)
    : name_(std::move(name)), lhs_(Pattern::parse(lhs)), rhs_(Pattern::parse(rhs)) {
  if (lhs_.nodes().back().kind == PatternNode::Kind::Variable) {
    throw InputError("rule " + name_, "the left side must not be a bare variable");
  }
  for (const auto& variable : rhs_.variables()) rhs_from_lhs_.push_back(lhs_variable(lhs_, variable, name_));
  std::string_view rest = conditions;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string clause = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (clause.empty()) continue;
    const auto space = clause.find(' ');
    const std::string kind = clause.substr(0, space);
    const std::string variable = space == std::string::npos ? std::string{} : trim(clause.substr(space + 1));
    Condition condition{Condition::Kind::Positive, 0};
    if (kind == "positive") {
      condition.kind = Condition::Kind::Positive;
    } else if (kind == "nonzero") {
      condition.kind = Condition::Kind::Nonzero;
    } else if (kind == "constant") {
      condition.kind = Condition::Kind::Constant;
    } else if (kind == "integer") {
      condition.kind = Condition::Kind::Integer;
    } else {
      throw InputError("rule " + name_, "unknown condition '" + clause +
                                             "' (expected positive, nonzero, constant or integer ?var)");
    }
    condition.variable = lhs_variable(lhs_, variable, name_);
    conditions_.push_back(condition);
  }
}

bool Rewrite::allows(const EGraph& graph, Bindings lhs_binding) const {
  for (const Condition& condition : conditions_) {
    const ClassData& data = graph.data(lhs_binding[condition.variable]);
    switch (condition.kind) {
      case Condition::Kind::Positive:
        if (!data.positive) return false;
        break;
      case Condition::Kind::Nonzero:
        if (!data.nonzero) return false;
        break;
      case Condition::Kind::Constant:
        if (!data.constant) return false;
        break;
      case Condition::Kind::Integer:
        if (!data.value || std::trunc(*data.value) != *data.value) return false;
        break;
    }
  }
  return true;
}

ClassId Rewrite::apply(EGraph& graph, Bindings lhs_binding) const {
  boost::container::small_vector<ClassId, 8> rhs_binding(rhs_from_lhs_.size());
  for (std::size_t i = 0; i < rhs_from_lhs_.size(); ++i) rhs_binding[i] = lhs_binding[rhs_from_lhs_[i]];
  return rhs_.instantiate(graph, Bindings(rhs_binding.data(), rhs_binding.size()));
}

}  // namespace kepler::egraph
