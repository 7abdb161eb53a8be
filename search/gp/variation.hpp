// The GP's variation operators: mutations and crossover on postfix expressions. Each takes its
// random generator explicitly and returns a new expression; constraints are checked by the caller.
#pragma once

#include <random>
#include <vector>

#include "engine/expr.hpp"
#include "engine/random_expr.hpp"

namespace kepler::gp {

enum class Mutation : std::uint8_t {
  Subtree,   // replace a random subtree by a new random one
  Point,     // change one node: an operator for another of its arity, a leaf for another leaf
  Insert,    // wrap a subtree in a new operator
  Delete,    // replace an operator by one of its operands
  Hoist,     // replace the whole tree by one of its subtrees
  Constant,  // perturb one free constant
};
inline constexpr int kMutationCount = 6;

struct VariationContext {
  RandomExprOptions leaves;     // variables, constant range, operators for new subtrees
  std::vector<Op> unary;        // from the problem's operators
  std::vector<Op> binary;
  std::size_t max_new_subtree = 6;
};

[[nodiscard]] VariationContext make_variation_context(const std::vector<Op>& operators,
                                                      std::size_t variables);

[[nodiscard]] Expr mutate(const Expr& parent, Mutation kind, std::mt19937_64& rng,
                          const VariationContext& context);
// Mutation drawn with weights that favour small edits.
[[nodiscard]] Mutation random_mutation(std::mt19937_64& rng);
// Replaces a random subtree of `a` with a random subtree of `b`.
[[nodiscard]] Expr crossover(const Expr& a, const Expr& b, std::mt19937_64& rng);

}  // namespace kepler::gp
