#include "engine/simplify.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace kepler {
namespace {

// The pass rewrites in one postfix buffer: every finished subtree is a contiguous fragment at
// its end, so an operator's operands are the last one or two fragments, and each identity is a
// truncation, an erasure, a rotation or an appended node — no vector per subtree.
class Folder {
 public:
  explicit Folder(std::size_t size) {
    out_.reserve(size);
    starts_.reserve(size);
  }

  void leaf(const Node& node) {
    starts_.push_back(static_cast<std::uint32_t>(out_.size()));
    out_.push_back(node);
  }

  void unary(Op op) {
    const std::size_t a = starts_.back();
    if (op == Op::Neg && out_.size() - a >= 2 && out_.back().op == Op::Neg) {
      out_.pop_back();  // −(−x) → x
      return;
    }
    if (fold(op, a, out_.size())) return;
    out_.push_back(Node::make(op));
  }

  void binary(Op op) {
    const std::size_t b = starts_.back();
    starts_.pop_back();
    const std::size_t a = starts_.back();
    if (fold(op, a, b)) return;
    if (!apply_identity(op, a, b)) out_.push_back(Node::make(op));
  }

  std::vector<Node> take() && { return std::move(out_); }

 private:
  // The fragment [begin, end) as one number `value`.
  [[nodiscard]] bool is_number(std::size_t begin, std::size_t end, double value) const {
    return end - begin == 1 && out_[begin].op == Op::Num && out_[begin].value == value;
  }
  [[nodiscard]] bool is_constant(std::size_t begin, std::size_t end) const {
    return end - begin == 1 && is_constant_leaf(out_[begin].op);
  }
  [[nodiscard]] bool is_negation(std::size_t begin, std::size_t end) const {
    return end - begin >= 2 && out_[end - 1].op == Op::Neg;
  }
  [[nodiscard]] bool is_negative_number(std::size_t begin, std::size_t end) const {
    return end - begin == 1 && out_[begin].op == Op::Num && out_[begin].value < 0.0;
  }

  // Constant operands become one constant (free if any was); a result that is not finite stays.
  bool fold(Op op, std::size_t a, std::size_t b) {
    const OpInfo& row = info(op);
    const bool binary = row.arity == 2;
    if (!is_constant(a, b) || (binary && !is_constant(b, out_.size()))) return false;
    const double value = row.scalar(out_[a].value, binary ? out_[b].value : 0.0);
    if (!std::isfinite(value)) return false;
    const bool free = out_[a].op == Op::Param || (binary && out_[b].op == Op::Param);
    become(a, free ? Node::param(0, value) : Node::num(value));
    return true;
  }

  void become(std::size_t a, const Node& node) {
    out_.resize(a);
    out_.push_back(node);
  }
  void keep_first(std::size_t b) { out_.resize(b); }
  void keep_second(std::size_t a, std::size_t b) {
    out_.erase(out_.begin() + static_cast<std::ptrdiff_t>(a), out_.begin() + static_cast<std::ptrdiff_t>(b));
  }
  void push(Op op) { out_.push_back(Node::make(op)); }

  // The identities for operands a = [a, b) and b = [b, end); false when none applies.
  bool apply_identity(Op op, std::size_t a, std::size_t b) {
    const std::size_t end = out_.size();
    switch (op) {
      case Op::Add:
        if (is_number(b, end, 0.0)) return keep_first(b), true;
        if (is_number(a, b, 0.0)) return keep_second(a, b), true;
        if (is_negation(b, end)) return out_.pop_back(), push(Op::Sub), true;
        if (is_negation(a, b)) {  // (−a) + b → b − a
          out_.erase(out_.begin() + static_cast<std::ptrdiff_t>(b - 1));
          std::rotate(out_.begin() + static_cast<std::ptrdiff_t>(a), out_.begin() + static_cast<std::ptrdiff_t>(b - 1),
                      out_.end());
          return push(Op::Sub), true;
        }
        if (is_negative_number(b, end)) return out_.back().value = -out_.back().value, push(Op::Sub), true;
        return false;
      case Op::Sub:
        if (is_number(b, end, 0.0)) return keep_first(b), true;
        if (is_number(a, b, 0.0)) return keep_second(a, b), push(Op::Neg), true;
        if (is_negation(b, end)) return out_.pop_back(), push(Op::Add), true;
        if (is_negative_number(b, end)) return out_.back().value = -out_.back().value, push(Op::Add), true;
        return false;
      case Op::Mul:
        if (is_number(b, end, 1.0)) return keep_first(b), true;
        if (is_number(a, b, 1.0)) return keep_second(a, b), true;
        if (is_number(a, b, 0.0) || is_number(b, end, 0.0)) return become(a, Node::num(0.0)), true;
        if (is_number(b, end, -1.0)) return keep_first(b), push(Op::Neg), true;
        if (is_number(a, b, -1.0)) return keep_second(a, b), push(Op::Neg), true;
        return false;
      case Op::Div:
        if (is_number(b, end, 1.0)) return keep_first(b), true;
        if (is_number(a, b, 1.0)) return keep_second(a, b), push(Op::Inv), true;
        return false;
      case Op::Pow:
        if (is_number(b, end, 1.0)) return keep_first(b), true;
        if (is_number(b, end, 0.0)) return become(a, Node::num(1.0)), true;
        if (is_number(b, end, 2.0)) return keep_first(b), push(Op::Square), true;
        if (is_number(b, end, 3.0)) return keep_first(b), push(Op::Cube), true;
        if (is_number(b, end, 0.5)) return keep_first(b), push(Op::Sqrt), true;
        if (is_number(b, end, -1.0)) return keep_first(b), push(Op::Inv), true;
        return false;
      default:
        return false;
    }
  }

  std::vector<Node> out_;
  std::vector<std::uint32_t> starts_;  // where each finished fragment begins, innermost last
};

}  // namespace

Expr fold_constants(const Expr& expr) {
  Folder folder(expr.size());
  for (const Node& node : expr.nodes()) {
    if (is_leaf(node.op)) {
      folder.leaf(node);
    } else if (arity(node.op) == 2) {
      folder.binary(node.op);
    } else {
      folder.unary(node.op);
    }
  }
  Expr result(std::move(folder).take());
  result.renumber_parameters();
  return result;
}

}  // namespace kepler
