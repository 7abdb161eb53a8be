#include "engine/random_expr.hpp"

#include <algorithm>
#include <stdexcept>

namespace kepler {
namespace {

class Grower {
 public:
  Grower(std::mt19937_64& rng, const RandomExprOptions& options) : rng_(rng), options_(options) {
    for (Op op : options.operators) (arity(op) == 1 ? unary_ : binary_).push_back(op);
    if (options.variables == 0) throw std::invalid_argument("random_expr: no variables");
  }

  // Emits a subtree of exactly `size` nodes in postfix order.
  void grow(std::size_t size, std::vector<Node>& out) {
    if (size == 1) {
      out.push_back(leaf());
      return;
    }
    // size 2 needs a unary operator; larger sizes take either kind if it fits.
    const bool can_unary = !unary_.empty();
    const bool can_binary = !binary_.empty() && size >= 3;
    if (!can_unary && !can_binary) {
      out.push_back(leaf());  // unreachable size: settle for a leaf
      return;
    }
    const bool use_binary =
        can_binary && (!can_unary || std::uniform_int_distribution<int>(0, 1)(rng_) == 0);
    if (!use_binary) {
      grow(size - 1, out);
      out.push_back(Node::make(pick(unary_)));
      return;
    }
    const std::size_t left = std::uniform_int_distribution<std::size_t>(1, size - 2)(rng_);
    grow(left, out);
    grow(size - 1 - left, out);
    out.push_back(Node::make(pick(binary_)));
  }

 private:
  Node leaf() {
    if (std::bernoulli_distribution(options_.constant_probability)(rng_)) {
      return Node::param(0, std::uniform_real_distribution<double>(options_.constant_low,
                                                                   options_.constant_high)(rng_));
    }
    const auto column =
        std::uniform_int_distribution<std::size_t>(0, options_.variables - 1)(rng_);
    return Node::var(static_cast<std::uint32_t>(column));
  }
  Op pick(const std::vector<Op>& ops) {
    return ops[std::uniform_int_distribution<std::size_t>(0, ops.size() - 1)(rng_)];
  }

  std::mt19937_64& rng_;
  const RandomExprOptions& options_;
  std::vector<Op> unary_;
  std::vector<Op> binary_;
};

}  // namespace

Expr random_expr(std::mt19937_64& rng, std::size_t size, const RandomExprOptions& options) {
  if (size == 0 || size > options.max_size) {
    throw std::invalid_argument("random_expr: size must lie in [1, max_size]");
  }
  std::vector<Node> nodes;
  nodes.reserve(size);
  Grower(rng, options).grow(size, nodes);
  Expr expr(std::move(nodes));
  expr.renumber_parameters();
  return expr;
}

Expr random_expr(std::mt19937_64& rng, const RandomExprOptions& options) {
  const auto size = std::uniform_int_distribution<std::size_t>(1, options.max_size)(rng);
  return random_expr(rng, size, options);
}

}  // namespace kepler
