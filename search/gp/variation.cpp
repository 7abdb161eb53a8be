#include "search/gp/variation.hpp"

#include <array>
#include <cmath>

namespace kepler::gp {
namespace {

std::size_t pick_node(const Expr& e, std::mt19937_64& rng) {
  return std::uniform_int_distribution<std::size_t>(0, e.size() - 1)(rng);
}

Node random_leaf(std::mt19937_64& rng, const VariationContext& c) {
  return random_expr(rng, 1, c.leaves)[0];
}

Expr mutate_subtree(const Expr& p, std::mt19937_64& rng, const VariationContext& c) {
  const std::size_t i = pick_node(p, rng);
  const auto size = std::uniform_int_distribution<std::size_t>(1, c.max_new_subtree)(rng);
  return p.replace_subtree(i, random_expr(rng, size, c.leaves));
}

Expr mutate_point(const Expr& p, std::mt19937_64& rng, const VariationContext& c) {
  std::vector<Node> nodes(p.nodes().begin(), p.nodes().end());
  Node& node = nodes[pick_node(p, rng)];
  const int n = arity(node.op);
  const auto& pool = n == 1 ? c.unary : c.binary;
  if (n == 0) {
    node = random_leaf(rng, c);
  } else if (!pool.empty()) {
    node.op = pool[std::uniform_int_distribution<std::size_t>(0, pool.size() - 1)(rng)];
  }
  return Expr(std::move(nodes));
}

Expr mutate_insert(const Expr& p, std::mt19937_64& rng, const VariationContext& c) {
  const std::size_t i = pick_node(p, rng);
  const Expr sub = p.subtree(i);
  const bool use_unary =
      c.binary.empty() || (!c.unary.empty() && std::bernoulli_distribution(0.5)(rng));
  Expr wrapped;
  if (use_unary) {
    wrapped = build::unary(c.unary[std::uniform_int_distribution<std::size_t>(0, c.unary.size() - 1)(rng)], sub);
  } else {
    const Op op = c.binary[std::uniform_int_distribution<std::size_t>(0, c.binary.size() - 1)(rng)];
    const Expr leaf({random_leaf(rng, c)});
    wrapped = std::bernoulli_distribution(0.5)(rng) ? build::binary(op, sub, leaf)
                                                    : build::binary(op, leaf, sub);
  }
  return p.replace_subtree(i, wrapped);
}

Expr mutate_delete(const Expr& p, std::mt19937_64& rng) {
  std::vector<std::size_t> operators;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (!is_leaf(p[i].op)) operators.push_back(i);
  }
  if (operators.empty()) return p;
  const std::size_t i = operators[std::uniform_int_distribution<std::size_t>(0, operators.size() - 1)(rng)];
  const auto kids = p.children(i);
  const int n = arity(p[i].op);
  const std::size_t keep = kids[std::uniform_int_distribution<int>(0, n - 1)(rng)];
  return p.replace_subtree(i, p.subtree(keep));
}

Expr mutate_hoist(const Expr& p, std::mt19937_64& rng) { return p.subtree(pick_node(p, rng)); }

Expr mutate_constant(const Expr& p, std::mt19937_64& rng, const VariationContext& c) {
  std::vector<std::size_t> constants;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i].op == Op::Param) constants.push_back(i);
  }
  if (constants.empty()) return mutate_point(p, rng, c);
  std::vector<Node> nodes(p.nodes().begin(), p.nodes().end());
  Node& node = nodes[constants[std::uniform_int_distribution<std::size_t>(0, constants.size() - 1)(rng)]];
  // Multiplicative steps keep the scale; an occasional sign flip crosses zero.
  node.value *= std::exp(std::normal_distribution<double>(0.0, 0.5)(rng));
  if (std::bernoulli_distribution(0.1)(rng)) node.value = -node.value;
  return Expr(std::move(nodes));
}

}  // namespace

VariationContext make_variation_context(const std::vector<Op>& operators, std::size_t variables) {
  VariationContext c;
  c.leaves.variables = variables;
  c.leaves.operators = operators;
  c.leaves.max_size = c.max_new_subtree;
  c.leaves.constant_probability = 0.25;
  c.leaves.constant_low = -2.0;
  c.leaves.constant_high = 2.0;
  for (Op op : operators) (arity(op) == 1 ? c.unary : c.binary).push_back(op);
  return c;
}

Mutation random_mutation(std::mt19937_64& rng) {
  // Subtree, Point, Insert, Delete, Hoist, Constant
  static constexpr std::array<double, kMutationCount> kWeights = {3.0, 3.0, 2.0, 2.0, 0.5, 2.0};
  std::discrete_distribution<int> pick(kWeights.begin(), kWeights.end());
  return static_cast<Mutation>(pick(rng));
}

Expr mutate(const Expr& parent, Mutation kind, std::mt19937_64& rng, const VariationContext& c) {
  switch (kind) {
    case Mutation::Subtree: return mutate_subtree(parent, rng, c);
    case Mutation::Point: return mutate_point(parent, rng, c);
    case Mutation::Insert: return mutate_insert(parent, rng, c);
    case Mutation::Delete: return mutate_delete(parent, rng);
    case Mutation::Hoist: return mutate_hoist(parent, rng);
    case Mutation::Constant: return mutate_constant(parent, rng, c);
  }
  return parent;
}

Expr crossover(const Expr& a, const Expr& b, std::mt19937_64& rng) {
  return a.replace_subtree(pick_node(a, rng), b.subtree(pick_node(b, rng)));
}

}  // namespace kepler::gp
