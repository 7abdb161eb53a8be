#include "egraph/pattern.hpp"

#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <cctype>
#include <charconv>
#include <numbers>

#include "engine/error.hpp"

namespace kepler::egraph {
namespace {

class PatternParser {
 public:
  explicit PatternParser(std::string_view text) : text_(text) {}

  Pattern::Parts run() {
    parse_term();
    skip_space();
    if (at_ < text_.size()) fail("unexpected text after the pattern");
    return std::move(parts_);
  }

 private:
  [[noreturn]] void fail(const std::string& message) const {
    throw InputError("pattern \"" + std::string(text_) + "\"", 0, at_ + 1, message);
  }

  void skip_space() {
    while (at_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[at_]))) ++at_;
  }

  std::string_view atom() {
    const std::size_t begin = at_;
    while (at_ < text_.size() && !std::isspace(static_cast<unsigned char>(text_[at_])) &&
           text_[at_] != '(' && text_[at_] != ')') {
      ++at_;
    }
    return text_.substr(begin, at_ - begin);
  }

  std::uint32_t push(PatternNode node) {
    parts_.nodes.push_back(node);
    return static_cast<std::uint32_t>(parts_.nodes.size() - 1);
  }

  std::uint32_t parse_term() {
    skip_space();
    if (at_ >= text_.size()) fail("expected a term");
    const std::size_t start = at_;
    if (text_[at_] == '(') {
      ++at_;
      skip_space();
      const std::size_t name_at = at_;
      const std::string_view name = atom();
      const auto op = op_from_name(name);
      if (name.empty() || !op) {
        at_ = name_at;
        fail("unknown operator '" + std::string(name) + "'");
      }
      PatternNode node;
      node.kind = PatternNode::Kind::Operator;
      node.op = *op;
      for (int k = 0; k < arity(*op); ++k) node.children[static_cast<std::size_t>(k)] = parse_term();
      skip_space();
      if (at_ >= text_.size() || text_[at_] != ')') {
        fail("expected ')' closing the operator at column " + std::to_string(start + 1) + " (" +
             std::to_string(arity(*op)) + " operand" + (arity(*op) == 1 ? "" : "s") + ")");
      }
      ++at_;
      return push(node);
    }
    if (text_[at_] == ')') fail("unexpected ')'");
    const std::string_view word = atom();
    PatternNode node;
    if (word.front() == '?') {
      if (word.size() == 1) fail("a pattern variable needs a name after '?'");
      node.kind = PatternNode::Kind::Variable;
      const auto it = std::find(parts_.variables.begin(), parts_.variables.end(), word);
      if (it == parts_.variables.end()) {
        parts_.variables.emplace_back(word);
        parts_.repeated.push_back(false);
        node.variable = static_cast<std::uint32_t>(parts_.variables.size() - 1);
      } else {
        node.variable = static_cast<std::uint32_t>(it - parts_.variables.begin());
        parts_.repeated[node.variable] = true;
      }
      return push(node);
    }
    node.kind = PatternNode::Kind::Literal;
    if (word == "pi") {
      node.value = std::numbers::pi;
      return push(node);
    }
    const auto [end, error] = std::from_chars(word.data(), word.data() + word.size(), node.value);
    if (error != std::errc{} || end != word.data() + word.size()) {
      at_ = start;
      fail("expected a number, ?variable, pi or '(' but found '" + std::string(word) + "'");
    }
    return push(node);
  }

  std::string_view text_;
  std::size_t at_ = 0;
  Pattern::Parts parts_;
};

}  // namespace

Pattern Pattern::parse(std::string_view text) {
  Pattern pattern;
  Parts parts = PatternParser(text).run();
  pattern.nodes_ = std::move(parts.nodes);
  pattern.variables_ = std::move(parts.variables);
  pattern.repeated_ = std::move(parts.repeated);
  pattern.text_ = std::string(text);
  return pattern;
}

Op Pattern::root_op() const noexcept {
  const PatternNode& node = nodes_.back();
  return node.kind == PatternNode::Kind::Operator ? node.op : Op::Num;
}

void Pattern::match(const EGraph& graph, ClassId id, Substitution& scratch,
                    FunctionRef<void(const Substitution&)> found) const {
  scratch.assign(variables_.size(), kUnbound);
  auto report = [&](Substitution& s) { found(s); };
  match_node(graph, root(), graph.find(id), scratch, report);
}

void Pattern::match(const EGraph& graph, ClassId id, FunctionRef<void(const Substitution&)> found) const {
  Substitution scratch;
  match(graph, id, scratch, found);
}

void Pattern::match_node(const EGraph& graph, std::uint32_t index, ClassId id, Substitution& substitution,
                         FunctionRef<void(Substitution&)> next) const {
  const PatternNode& node = nodes_[index];
  if (graph.data(id).undefined()) return;  // nothing holds of log(-1) or 1/0, not even x·0 = 0
  switch (node.kind) {
    case PatternNode::Kind::Variable: {
      ClassId& bound = substitution[node.variable];
      if (bound == kUnbound) {
        bound = id;
        next(substitution);
        bound = kUnbound;
      } else if (bound == id) {
        next(substitution);
      }
      return;
    }
    case PatternNode::Kind::Literal: {
      const auto& value = graph.data(id).value;
      if (value && *value == node.value) next(substitution);
      return;
    }
    case PatternNode::Kind::Operator: {
      const int n = arity(node.op);
      for (const ENode& candidate : graph.eclass(id).nodes) {
        if (candidate.op != node.op) continue;
        if (n == 1) {
          match_node(graph, node.children[0], graph.find(candidate.children[0]), substitution, next);
        } else {
          const ClassId right = graph.find(candidate.children[1]);
          auto then_right = [&](Substitution& s) { match_node(graph, node.children[1], right, s, next); };
          match_node(graph, node.children[0], graph.find(candidate.children[0]), substitution, then_right);
        }
      }
      return;
    }
  }
}

ClassId Pattern::instantiate(EGraph& graph, Bindings substitution) const {
  boost::container::small_vector<ClassId, 16> ids(nodes_.size());
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    const PatternNode& node = nodes_[i];
    switch (node.kind) {
      case PatternNode::Kind::Variable: ids[i] = substitution[node.variable]; break;
      case PatternNode::Kind::Literal: ids[i] = graph.add(ENode{Op::Num, 0, node.value, {}}); break;
      case PatternNode::Kind::Operator: {
        ENode e{node.op, 0, 0.0, {}};
        for (int k = 0; k < arity(node.op); ++k) {
          const auto slot = static_cast<std::size_t>(k);
          e.children[slot] = ids[node.children[slot]];
        }
        ids[i] = graph.add(e);
        break;
      }
    }
  }
  return ids.back();
}

}  // namespace kepler::egraph
