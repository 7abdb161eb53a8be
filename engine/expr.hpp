// Expressions as flat postfix arrays.
//
// An `Expr` stores its nodes in postfix order: children come before their parent and the root is
// the last node. Each node records the size of the subtree below it (`length`), so the subtree
// rooted at node i occupies [i - length, i] and its last child is node i - 1. This layout is
// cheap to copy, hash and compare, evaluates with one forward sweep and differentiates with one
// backward sweep, and lets search operators splice subtrees as plain array ranges.
//
// Free constants (`Op::Param`) carry their current value and a slot number: the Jacobian has one
// column per slot, so a constant that appears twice (`c*x + c`) is one slot used by two nodes.
//
// Thread-safety: an Expr is a value; concurrent reads are safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>
#include <vector>

#include "engine/operator.hpp"

namespace kepler {

struct Node {
  Op op = Op::Num;
  std::uint16_t length = 0;  // nodes in the subtree below this one (0 for a leaf)
  std::uint32_t index = 0;   // Var: column index; Param: slot
  double value = 0.0;        // Num and Param: the number

  [[nodiscard]] static constexpr Node var(std::uint32_t column) noexcept {
    return {Op::Var, 0, column, 0.0};
  }
  [[nodiscard]] static constexpr Node num(double v) noexcept { return {Op::Num, 0, 0, v}; }
  [[nodiscard]] static constexpr Node param(std::uint32_t slot, double v) noexcept {
    return {Op::Param, 0, slot, v};
  }
  // An operator node; its length is filled in by Expr.
  [[nodiscard]] static constexpr Node make(Op op) noexcept { return {op, 0, 0, 0.0}; }

  friend bool operator==(const Node&, const Node&) = default;
};
static_assert(sizeof(Node) == 16);
static_assert(std::is_trivially_copyable_v<Node>);

class Expr {
 public:
  // Largest number of nodes an Expr may hold (subtree lengths are 16-bit).
  static constexpr std::size_t kMaxNodes = 65535;

  Expr() = default;
  // Takes nodes in postfix order and computes every node's length. Throws std::invalid_argument
  // if the nodes do not form exactly one well-formed tree.
  explicit Expr(std::vector<Node> postfix);

  [[nodiscard]] std::span<const Node> nodes() const noexcept { return nodes_; }
  [[nodiscard]] const Node& operator[](std::size_t i) const noexcept { return nodes_[i]; }
  [[nodiscard]] std::size_t size() const noexcept { return nodes_.size(); }
  [[nodiscard]] bool empty() const noexcept { return nodes_.empty(); }
  [[nodiscard]] std::size_t root() const noexcept { return nodes_.size() - 1; }

  // First index of the subtree rooted at node i.
  [[nodiscard]] std::size_t subtree_begin(std::size_t i) const noexcept {
    return i - nodes_[i].length;
  }
  // Children of node i, left to right; entries past arity(op) are unused.
  [[nodiscard]] std::array<std::size_t, 2> children(std::size_t i) const noexcept;
  // The subtree rooted at node i, as an expression of its own.
  [[nodiscard]] Expr subtree(std::size_t i) const;
  // A copy with the subtree rooted at node i replaced by `replacement`.
  [[nodiscard]] Expr replace_subtree(std::size_t i, const Expr& replacement) const;

  // Node count: the complexity measure used for the Pareto front.
  [[nodiscard]] std::size_t complexity() const noexcept { return nodes_.size(); }
  [[nodiscard]] std::size_t depth() const;

  // Number of parameter slots (one past the largest slot used).
  [[nodiscard]] std::size_t parameter_count() const noexcept;
  // Value of each slot.
  [[nodiscard]] std::vector<double> parameters() const;
  // Sets every Param node to the value of its slot; `values.size()` must be parameter_count().
  void set_parameters(std::span<const double> values);
  // Gives every Param node a slot of its own, numbered in postfix order.
  void renumber_parameters() noexcept;

  [[nodiscard]] std::uint64_t hash() const noexcept;
  // Hash of the shape: like hash() but blind to the values of free constants, so two candidates
  // that differ only in where their constants start are the same model.
  [[nodiscard]] std::uint64_t shape_hash() const noexcept;
  // Like shape_hash(), also blind to the order of a commutative operator's operands (x·y and y·x
  // hash alike) and to how free constants are numbered: a cheap first step of canonicalization.
  [[nodiscard]] std::uint64_t symmetric_shape_hash() const;
  friend bool operator==(const Expr&, const Expr&) = default;

 private:
  std::vector<Node> nodes_;
};

// Builders for readable tests and examples: var(0) + num(2) * sin(var(1)).
namespace build {
[[nodiscard]] Expr var(std::uint32_t column);
[[nodiscard]] Expr num(double value);
[[nodiscard]] Expr param(double value, std::uint32_t slot = 0);
[[nodiscard]] Expr unary(Op op, const Expr& a);
[[nodiscard]] Expr binary(Op op, const Expr& a, const Expr& b);
}  // namespace build

}  // namespace kepler
