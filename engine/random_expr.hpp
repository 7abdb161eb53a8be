// Random expressions, for tests, benchmarks and the initial populations of searches.
#pragma once

#include <cstddef>
#include <random>
#include <span>
#include <vector>

#include "engine/expr.hpp"

namespace kepler {

struct RandomExprOptions {
  std::size_t max_size = 16;   // node count limit, ≥ 1
  std::size_t variables = 1;   // leaves pick columns 0 .. variables-1
  std::vector<Op> operators = {Op::Add, Op::Sub, Op::Mul, Op::Div};
  double constant_probability = 0.3;  // a leaf is a free constant with this probability
  double constant_low = -2.0;         // free constants start uniformly in [low, high]
  double constant_high = 2.0;
};

// A random tree of exactly `size` nodes (size ≤ max_size and reachable with the operators'
// arities), grown by choosing operators uniformly while the budget lasts. Parameters get one
// slot each, numbered in postfix order.
[[nodiscard]] Expr random_expr(std::mt19937_64& rng, std::size_t size,
                               const RandomExprOptions& options);
// A random tree whose size is drawn uniformly from [1, max_size].
[[nodiscard]] Expr random_expr(std::mt19937_64& rng, const RandomExprOptions& options);

}  // namespace kepler
