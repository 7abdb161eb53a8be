#include "engine/expr.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <stdexcept>
#include <string>

namespace kepler {

Expr::Expr(std::vector<Node> postfix) : nodes_(std::move(postfix)) {
  if (nodes_.size() > kMaxNodes) {
    throw std::invalid_argument("expression has " + std::to_string(nodes_.size()) +
                                " nodes; at most " + std::to_string(kMaxNodes) + " are allowed");
  }
  // Each entry on the stack is the start index of a finished subtree.
  std::vector<std::size_t> starts;
  starts.reserve(nodes_.size());
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    const int n = arity(nodes_[i].op);
    if (starts.size() < static_cast<std::size_t>(n)) {
      throw std::invalid_argument("malformed postfix expression: operator at node " +
                                  std::to_string(i) + " lacks operands");
    }
    std::size_t begin = i;
    if (n > 0) {
      begin = starts[starts.size() - static_cast<std::size_t>(n)];
      starts.resize(starts.size() - static_cast<std::size_t>(n));
    }
    nodes_[i].length = static_cast<std::uint16_t>(i - begin);
    starts.push_back(begin);
  }
  if (starts.size() != 1) {
    throw std::invalid_argument("malformed postfix expression: " + std::to_string(starts.size()) +
                                " separate trees");
  }
}

std::array<std::size_t, 2> Expr::children(std::size_t i) const noexcept {
  const int n = arity(nodes_[i].op);
  if (n == 1) return {i - 1, 0};
  if (n == 2) {
    const std::size_t right = i - 1;
    return {right - nodes_[right].length - 1, right};
  }
  return {0, 0};
}

Expr Expr::subtree(std::size_t i) const {
  Expr out;
  out.nodes_.assign(nodes_.begin() + static_cast<std::ptrdiff_t>(subtree_begin(i)),
                    nodes_.begin() + static_cast<std::ptrdiff_t>(i) + 1);
  return out;
}

Expr Expr::replace_subtree(std::size_t i, const Expr& replacement) const {
  std::vector<Node> out;
  out.reserve(nodes_.size() - nodes_[i].length - 1 + replacement.size());
  const auto begin = nodes_.begin();
  out.insert(out.end(), begin, begin + static_cast<std::ptrdiff_t>(subtree_begin(i)));
  out.insert(out.end(), replacement.nodes_.begin(), replacement.nodes_.end());
  out.insert(out.end(), begin + static_cast<std::ptrdiff_t>(i) + 1, nodes_.end());
  return Expr(std::move(out));  // recomputes the lengths of the ancestors
}

std::size_t Expr::depth() const {
  std::vector<std::size_t> depth(nodes_.size(), 1);
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    const int n = arity(nodes_[i].op);
    const auto kids = children(i);
    for (int k = 0; k < n; ++k) depth[i] = std::max(depth[i], depth[kids[k]] + 1);
  }
  return nodes_.empty() ? 0 : depth.back();
}

std::size_t Expr::parameter_count() const noexcept {
  std::size_t count = 0;
  for (const auto& node : nodes_) {
    if (node.op == Op::Param) count = std::max<std::size_t>(count, node.index + 1);
  }
  return count;
}

std::vector<double> Expr::parameters() const {
  std::vector<double> values(parameter_count(), 0.0);
  for (const auto& node : nodes_) {
    if (node.op == Op::Param) values[node.index] = node.value;
  }
  return values;
}

void Expr::set_parameters(std::span<const double> values) {
  if (values.size() != parameter_count()) {
    throw std::invalid_argument("set_parameters: expected " + std::to_string(parameter_count()) +
                                " values, got " + std::to_string(values.size()));
  }
  for (auto& node : nodes_) {
    if (node.op == Op::Param) node.value = values[node.index];
  }
}

void Expr::renumber_parameters() noexcept {
  std::uint32_t slot = 0;
  for (auto& node : nodes_) {
    if (node.op == Op::Param) node.index = slot++;
  }
}

namespace {

// FNV-1a over the fields that define the function; lengths follow from the ops.
std::uint64_t hash_nodes(std::span<const Node> nodes, bool with_parameter_values) noexcept {
  std::uint64_t h = 14695981039346656037ULL;
  const auto mix = [&h](std::uint64_t word) {
    for (int byte = 0; byte < 8; ++byte) {
      h ^= (word >> (8 * byte)) & 0xffU;
      h *= 1099511628211ULL;
    }
  };
  for (const auto& node : nodes) {
    mix(static_cast<std::uint64_t>(node.op) | (static_cast<std::uint64_t>(node.index) << 8));
    if (node.op == Op::Num || (node.op == Op::Param && with_parameter_values)) {
      mix(std::bit_cast<std::uint64_t>(node.value));
    }
  }
  return h;
}

}  // namespace

std::uint64_t Expr::hash() const noexcept { return hash_nodes(nodes_, true); }

std::uint64_t Expr::shape_hash() const noexcept { return hash_nodes(nodes_, false); }

std::uint64_t Expr::symmetric_shape_hash() const {
  // SplitMix64's finalizer: a well-mixed word per node, so operand hashes can be combined by
  // (sorted) position without collisions between swapped or regrouped subtrees.
  const auto mix = [](std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  };
  constexpr std::size_t kInline = 64;
  std::array<std::uint64_t, kInline> inline_stack;
  std::vector<std::uint64_t> heap_stack;
  if (nodes_.size() > kInline) heap_stack.resize(nodes_.size());
  const std::span<std::uint64_t> stack =
      heap_stack.empty() ? std::span<std::uint64_t>(inline_stack) : std::span<std::uint64_t>(heap_stack);
  std::size_t top = 0;
  for (const Node& node : nodes_) {
    std::uint64_t h = mix(static_cast<std::uint64_t>(node.op) + 0x9e3779b97f4a7c15ULL);
    if (node.op == Op::Var) h = mix(h ^ node.index);
    if (node.op == Op::Num) h = mix(h ^ std::bit_cast<std::uint64_t>(node.value));
    const int n = arity(node.op);
    if (n == 1) h = mix(h ^ stack[--top]);
    if (n == 2) {
      std::uint64_t right = stack[--top];
      std::uint64_t left = stack[--top];
      if (info(node.op).commutative && right < left) std::swap(left, right);
      h = mix(mix(h ^ left) + right);
    }
    stack[top++] = h;
  }
  return top == 1 ? stack[0] : 0;
}

namespace build {
Expr var(std::uint32_t column) { return Expr({Node::var(column)}); }
Expr num(double value) { return Expr({Node::num(value)}); }
Expr param(double value, std::uint32_t slot) { return Expr({Node::param(slot, value)}); }
Expr unary(Op op, const Expr& a) {
  std::vector<Node> nodes(a.nodes().begin(), a.nodes().end());
  nodes.push_back(Node::make(op));
  return Expr(std::move(nodes));
}
Expr binary(Op op, const Expr& a, const Expr& b) {
  std::vector<Node> nodes(a.nodes().begin(), a.nodes().end());
  nodes.insert(nodes.end(), b.nodes().begin(), b.nodes().end());
  nodes.push_back(Node::make(op));
  return Expr(std::move(nodes));
}
}  // namespace build

}  // namespace kepler
