#include "engine/simplify.hpp"

#include <cmath>
#include <vector>

namespace kepler {
namespace {

using Fragment = std::vector<Node>;  // a subtree in postfix order

bool is_number(const Fragment& f, double value) {
  return f.size() == 1 && f[0].op == Op::Num && f[0].value == value;
}
bool is_constant(const Fragment& f) { return f.size() == 1 && is_constant_leaf(f[0].op); }

Fragment unary(Op op, Fragment a) {
  a.push_back(Node::make(op));
  return a;
}

Fragment binary(Op op, Fragment a, const Fragment& b) {
  a.insert(a.end(), b.begin(), b.end());
  a.push_back(Node::make(op));
  return a;
}

bool is_negation(const Fragment& f) { return f.size() >= 2 && f.back().op == Op::Neg; }
Fragment negated_operand(Fragment f) {
  f.pop_back();
  return f;
}
bool is_negative_number(const Fragment& f) {
  return f.size() == 1 && f[0].op == Op::Num && f[0].value < 0.0;
}
Fragment absolute_number(const Fragment& f) { return {Node::num(-f[0].value)}; }

// Applies the identities; returns false when none applies.
bool apply_identity(Op op, Fragment& a, Fragment& b, Fragment& out) {
  switch (op) {
    case Op::Add:
      if (is_number(b, 0.0)) return out = std::move(a), true;
      if (is_number(a, 0.0)) return out = std::move(b), true;
      if (is_negation(b)) return out = binary(Op::Sub, std::move(a), negated_operand(std::move(b))), true;
      if (is_negation(a)) return out = binary(Op::Sub, std::move(b), negated_operand(std::move(a))), true;
      if (is_negative_number(b)) return out = binary(Op::Sub, std::move(a), absolute_number(b)), true;
      return false;
    case Op::Sub:
      if (is_number(b, 0.0)) return out = std::move(a), true;
      if (is_number(a, 0.0)) return out = unary(Op::Neg, std::move(b)), true;
      if (is_negation(b)) return out = binary(Op::Add, std::move(a), negated_operand(std::move(b))), true;
      if (is_negative_number(b)) return out = binary(Op::Add, std::move(a), absolute_number(b)), true;
      return false;
    case Op::Mul:
      if (is_number(b, 1.0)) return out = std::move(a), true;
      if (is_number(a, 1.0)) return out = std::move(b), true;
      if (is_number(a, 0.0) || is_number(b, 0.0)) return out = {Node::num(0.0)}, true;
      if (is_number(b, -1.0)) return out = unary(Op::Neg, std::move(a)), true;
      if (is_number(a, -1.0)) return out = unary(Op::Neg, std::move(b)), true;
      return false;
    case Op::Div:
      if (is_number(b, 1.0)) return out = std::move(a), true;
      if (is_number(a, 1.0)) return out = unary(Op::Inv, std::move(b)), true;
      return false;
    case Op::Pow:
      if (is_number(b, 1.0)) return out = std::move(a), true;
      if (is_number(b, 0.0)) return out = {Node::num(1.0)}, true;
      if (is_number(b, 2.0)) return out = unary(Op::Square, std::move(a)), true;
      if (is_number(b, 3.0)) return out = unary(Op::Cube, std::move(a)), true;
      if (is_number(b, 0.5)) return out = unary(Op::Sqrt, std::move(a)), true;
      if (is_number(b, -1.0)) return out = unary(Op::Inv, std::move(a)), true;
      return false;
    case Op::Neg:
      if (a.size() >= 2 && a.back().op == Op::Neg) {
        a.pop_back();
        return out = std::move(a), true;
      }
      return false;
    default:
      return false;
  }
}

}  // namespace

Expr fold_constants(const Expr& expr) {
  std::vector<Fragment> stack;
  stack.reserve(expr.size());
  for (const Node& node : expr.nodes()) {
    if (is_leaf(node.op)) {
      stack.push_back({node});
      continue;
    }
    const OpInfo& row = info(node.op);
    Fragment b;
    if (row.arity == 2) {
      b = std::move(stack.back());
      stack.pop_back();
    }
    Fragment a = std::move(stack.back());
    stack.pop_back();
    const bool all_constant = is_constant(a) && (row.arity == 1 || is_constant(b));
    if (all_constant) {
      const double value = row.scalar(a[0].value, row.arity == 2 ? b[0].value : 0.0);
      if (std::isfinite(value)) {
        const bool free = a[0].op == Op::Param || (row.arity == 2 && b[0].op == Op::Param);
        stack.push_back({free ? Node::param(0, value) : Node::num(value)});
        continue;
      }
    }
    Fragment out;
    if (!apply_identity(node.op, a, b, out)) {
      out = std::move(a);
      out.insert(out.end(), b.begin(), b.end());
      out.push_back(Node::make(node.op));
    }
    stack.push_back(std::move(out));
  }
  Expr result(std::move(stack.back()));
  result.renumber_parameters();
  return result;
}

}  // namespace kepler
