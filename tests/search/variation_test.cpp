#include "search/gp/variation.hpp"

#include <doctest/doctest.h>

#include <random>

#include "tests/engine/test_support.hpp"

using namespace kepler;

TEST_CASE("every mutation and crossover yields a well-formed tree, on thousands of parents") {
  std::mt19937_64 rng(5);
  const gp::VariationContext context = gp::make_variation_context(test::all_operator_ops(), 3);
  RandomExprOptions options = context.leaves;
  options.max_size = 20;
  int changed = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    const Expr parent = random_expr(rng, options);
    const auto kind = static_cast<gp::Mutation>(trial % gp::kMutationCount);
    const Expr child = gp::mutate(parent, kind, rng, context);
    // Expr's constructor validates the postfix array; re-validate and check every child pointer.
    REQUIRE_NOTHROW(Expr(std::vector<Node>(child.nodes().begin(), child.nodes().end())));
    CHECK(child[child.root()].length == child.size() - 1);
    for (const Node& node : child.nodes()) {
      if (node.op == Op::Var) CHECK(node.index < 3);
    }
    changed += child == parent ? 0 : 1;
    const Expr crossed = gp::crossover(parent, random_expr(rng, options), rng);
    CHECK(crossed[crossed.root()].length == crossed.size() - 1);
  }
  CHECK(changed > 2000);
}

TEST_CASE("hoist returns a subtree and delete removes an operator") {
  std::mt19937_64 rng(1);
  const gp::VariationContext context = gp::make_variation_context({Op::Add, Op::Sin}, 1);
  const Expr parent = build::binary(Op::Add, build::unary(Op::Sin, build::var(0)), build::var(0));
  for (int i = 0; i < 50; ++i) {
    CHECK(gp::mutate(parent, gp::Mutation::Hoist, rng, context).size() <= parent.size());
    CHECK(gp::mutate(parent, gp::Mutation::Delete, rng, context).size() < parent.size());
  }
}

TEST_CASE("constant mutation changes only a constant's value") {
  std::mt19937_64 rng(2);
  const gp::VariationContext context = gp::make_variation_context({Op::Mul}, 1);
  const Expr parent = build::binary(Op::Mul, build::param(2.0), build::var(0));
  const Expr child = gp::mutate(parent, gp::Mutation::Constant, rng, context);
  REQUIRE(child.size() == 3);
  CHECK(child[0].op == Op::Param);
  CHECK(child[0].value != 2.0);
  CHECK(child[1] == parent[1]);
}
