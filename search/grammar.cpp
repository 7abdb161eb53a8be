#include "search/grammar.hpp"

#include <algorithm>
#include <stdexcept>

#include "engine/print.hpp"
#include "search/polynomial.hpp"

namespace kepler {

Grammar::Grammar(std::span<const Op> operators, std::size_t variables, GrammarOptions options)
    : variables_(variables), constraints_(options.constraints) {
  if (variables == 0) throw std::invalid_argument("Grammar: needs at least one variable");
  for (const Op op : operators) {
    if (arity(op) == 0) throw std::invalid_argument("Grammar: a leaf is not an operator");
    const bool seen = std::any_of(tokens_.begin(), tokens_.end(), [&](const Token& t) { return t.op == op; });
    if (!seen) add({Token::Kind::Operator, op, 0}, {arity(op), 1, 1, 0, false, op, nesting_family(op)});
  }
  for (std::uint32_t j = 0; j < variables; ++j) {
    add({Token::Kind::Variable, Op::Var, j}, {0, 1, 1, 0, true, Op::Var, 0});
  }
  if (options.constant_token) add({Token::Kind::Constant, Op::Param, 0}, {0, 1, 1, 1, false, Op::Param, 0});
  if (options.polynomial_token) {
    add({Token::Kind::Polynomial, Op::Var, kPolynomialLeaf}, {0, 1, 1, 0, true, Op::Var, 0, true});
  }
  for (Expr& entry : options.library) add_library_entry(std::move(entry));
}

Grammar Grammar::of(const Problem& problem, GrammarOptions options) {
  if (problem.train == nullptr) throw std::invalid_argument("Grammar::of: the problem has no data");
  options.constraints.max_size = problem.max_size;
  options.constraints.max_depth = problem.max_depth;
  return Grammar(problem.operators, problem.train->variables(), std::move(options));
}

void Grammar::add(Token token, Shape shape) {
  tokens_.push_back(token);
  shapes_.push_back(shape);
}

std::size_t Grammar::add_library_entry(Expr entry) {
  Constraints alone = constraints_;
  alone.require_variable = false;
  if (!satisfies(entry, alone)) {
    throw std::invalid_argument("Grammar: library entry " + to_infix(entry) + " breaks the constraints on its own");
  }
  Shape shape;
  shape.nodes = entry.size();
  shape.depth = entry.depth();
  shape.root = entry[entry.root()].op;
  for (const Node& node : entry.nodes()) {
    if (node.op == Op::Var && node.index >= variables_) {
      throw std::invalid_argument("Grammar: library entry " + to_infix(entry) + " names a column past the variables");
    }
    shape.constants += node.op == Op::Param ? 1 : 0;
    shape.has_variable = shape.has_variable || node.op == Op::Var;
    shape.families = static_cast<std::uint8_t>(shape.families | nesting_family(node.op));
  }
  library_.push_back(std::move(entry));
  add({Token::Kind::Library, shape.root, static_cast<std::uint32_t>(library_.size() - 1)}, shape);
  return tokens_.size() - 1;
}

Grammar Grammar::with_max_constants(std::size_t cap) const {
  Grammar out = *this;
  out.constraints_.max_constants = std::min(cap, constraints_.max_constants);
  return out;
}

std::string Grammar::describe(std::size_t t, std::span<const std::string> names) const {
  const Token& token = tokens_[t];
  switch (token.kind) {
    case Token::Kind::Operator: return std::string(info(token.op).name);
    case Token::Kind::Variable:
      return token.index < names.size() ? names[token.index] : "x" + std::to_string(token.index);
    case Token::Kind::Constant: return "c";
    case Token::Kind::Polynomial: return "poly";
    case Token::Kind::Library: return to_infix(library_[token.index], {names, {}});
  }
  return {};
}

PartialExpr::PartialExpr(const Grammar& grammar) : grammar_(&grammar), slots_{Slot{}} {}

bool PartialExpr::allows(std::size_t t) const noexcept {
  if (slots_.empty()) return false;
  const Slot& slot = slots_.back();
  const Grammar::Shape& shape = grammar_->shapes_[t];
  const Constraints& c = grammar_->constraints_;
  // Every slot left open afterwards takes at least one node.
  const std::size_t open_after = slots_.size() - 1 + static_cast<std::size_t>(shape.arity);
  if (nodes_ + shape.nodes + open_after > c.max_size) return false;
  const std::size_t deepest = shape.arity > 0 ? slot.depth + 1 : slot.depth + shape.depth - 1;
  if (deepest > c.max_depth) return false;
  if (c.nesting && (shape.families & slot.above) != 0) return false;
  if (c.inverse_pairs && is_inverse_pair(slot.parent, shape.root)) return false;
  if (constants_ + shape.constants > c.max_constants) return false;
  if (shape.polynomial && (has_polynomial_ || !slot.affine)) return false;
  // Without a variable yet, the last open slot must take one.
  if (c.require_variable && !has_variable_ && !shape.has_variable && open_after == 0) return false;
  return true;
}

std::size_t PartialExpr::allowed(std::span<std::uint8_t> mask) const noexcept {
  std::size_t count = 0;
  for (std::size_t t = 0; t < mask.size(); ++t) {
    mask[t] = allows(t) ? 1 : 0;
    count += mask[t];
  }
  return count;
}

void PartialExpr::push(std::size_t t) {
  if (t >= grammar_->size() || !allows(t)) {
    throw std::invalid_argument("PartialExpr: token " + std::to_string(t) + " is not allowed here");
  }
  const Slot slot = slots_.back();
  slots_.pop_back();
  const Grammar::Shape& shape = grammar_->shapes_[t];
  nodes_ += shape.nodes;
  constants_ += shape.constants;
  has_variable_ = has_variable_ || shape.has_variable;
  has_polynomial_ = has_polynomial_ || shape.polynomial;
  tokens_.push_back(t);
  // Below a root log, exp or sqrt the leaf is fitted to the inverse of the target.
  const bool at_root = slot.parent == Op::Var;
  const bool affine = slot.affine && (shape.root == Op::Add || shape.root == Op::Sub || shape.root == Op::Mul ||
                                      shape.root == Op::Div || (at_root && invertible_root(shape.root)));
  Slot child{slot.depth + 1, static_cast<std::uint8_t>(slot.above | shape.families), shape.root, true,
             affine && shape.root != Op::Div};  // a quotient is affine in its numerator only
  for (int k = 0; k < shape.arity; ++k) {
    slots_.push_back(child);  // the first pushed is filled last
    child.last_operand = false;
    child.affine = affine;
  }
}

Expr PartialExpr::to_expr() const {
  if (!complete()) throw std::logic_error("PartialExpr::to_expr: the expression is incomplete");
  return build(0);
}

Expr PartialExpr::to_expr_with_holes() const {
  if (tokens_.empty()) throw std::logic_error("PartialExpr::to_expr_with_holes: nothing is built yet");
  return build(grammar_->variables_);
}

Expr PartialExpr::build(std::size_t first_hole) const {
  std::vector<Node> postfix;
  postfix.reserve(nodes_ + slots_.size());
  std::size_t next = 0;
  auto hole = static_cast<std::uint32_t>(first_hole);
  const auto emit = [&](const auto& self) -> void {
    if (next == tokens_.size()) {  // an open slot: prefix order fills them left to right
      postfix.push_back(Node::var(hole++));
      return;
    }
    const Token& token = grammar_->tokens_[tokens_[next++]];
    switch (token.kind) {
      case Token::Kind::Operator:
        for (int k = 0; k < arity(token.op); ++k) self(self);
        postfix.push_back(Node::make(token.op));
        break;
      case Token::Kind::Variable:
      case Token::Kind::Polynomial: postfix.push_back(Node::var(token.index)); break;
      case Token::Kind::Constant: postfix.push_back(Node::param(0, 1.0)); break;
      case Token::Kind::Library: {
        const auto nodes = grammar_->library_[token.index].nodes();
        postfix.insert(postfix.end(), nodes.begin(), nodes.end());
        break;
      }
    }
  };
  emit(emit);
  Expr expr(std::move(postfix));
  expr.renumber_parameters();
  return expr;
}

}  // namespace kepler
