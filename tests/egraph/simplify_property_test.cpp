// Property: simplification never changes the function. For thousands of random expressions —
// every operator, free constants of any sign and magnitude, literals 0, ±1, multiples of pi,
// huge and tiny — the simplified form must agree with the input on random points wherever the
// input is finite and well-conditioned, and no merge of different known numbers may be attempted.
// Canonical keys are checked the same way: expressions that share a key are the same function.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <map>
#include <random>

#include "egraph/simplify.hpp"
#include "engine/print.hpp"
#include "tests/engine/test_support.hpp"

namespace kepler::egraph {
namespace {

constexpr int kExpressions = 10'000;  // over all domains together

struct Domain {
  const char* name;
  double low;
  double high;
  std::vector<bool> positive;
  std::vector<bool> nonzero;
};

struct Tally {
  int expressions = 0;
  int values = 0;
  std::size_t conflicts = 0;
};

Tally check_simplifier(const Domain& domain, std::uint64_t seed, int count) {
  SimplifyOptions options;
  options.positive_variables = domain.positive;
  options.nonzero_variables = domain.nonzero;
  // The limits discover uses for reported equations.
  options.limits = {.iterations = 6, .nodes = 2'000, .seconds = 0.02};
  const Simplifier simplifier(options);
  std::mt19937_64 rng(seed);
  const RandomExprOptions trees = test::any_tree(12, 2, 0.4);
  std::uniform_real_distribution<double> coordinate(domain.low, domain.high);
  Tally tally;
  for (int i = 0; i < count; ++i) {
    const Expr expr = test::with_tricky_constants(random_expr(rng, trees), rng);
    const Simplified result = simplifier.simplify(expr);
    ++tally.expressions;
    tally.conflicts += result.report.conflicts;
    CAPTURE(to_infix(expr));
    CAPTURE(to_infix(result.expr));
    CHECK(result.expr.size() <= expr.size());
    // Literals stay literals: only free constants come out as free constants.
    if (expr.parameter_count() == 0) CHECK(result.expr.parameter_count() == 0);
    for (int p = 0; p < 3; ++p) {
      std::vector<double> x(2);
      for (double& v : x) v = coordinate(rng);
      const test::Reference reference = test::reference_value(expr, x);
      if (!std::isfinite(reference.value) || !reference.stable || !test::stays_in_range(expr, x)) continue;
      CAPTURE(x);
      CHECK(test::close(evaluate_point(result.expr, x), reference.value, 1e-6, 1e-300));
      ++tally.values;
    }
  }
  return tally;
}

TEST_CASE("property: simplified equations are the same function, on any domain") {
  const std::vector<Domain> domains = {
      {"any sign", -3.0, 3.0, {}, {}},
      {"positive", 0.05, 3.0, {true, true}, {}},
      {"nonzero", 0.5, 3.0, {}, {true, true}},
  };
  std::uint64_t seed = 11;
  for (const Domain& domain : domains) {
    CAPTURE(std::string(domain.name));
    const int count = kExpressions / static_cast<int>(domains.size()) + 1;
    const Tally tally = check_simplifier(domain, seed++, count);
    MESSAGE(fmt::format("simplify ({}): {} expressions, {} values compared, {} conflicts", domain.name,
                        tally.expressions, tally.values, tally.conflicts));
    CHECK(tally.expressions == count);
    CHECK(tally.values >= count);
    CHECK(tally.conflicts == 0);
  }
}

TEST_CASE("property: expressions that share a canonical key are the same function") {
  // Without free constants a key's model family is one function, so equal keys must agree.
  std::mt19937_64 rng(29);
  const RandomExprOptions trees = test::any_tree(7, 1, 0.3);
  const Canonicalizer canonicalizer;
  std::map<std::uint64_t, std::vector<Expr>> by_key;
  for (int i = 0; i < kExpressions; ++i) {
    Expr expr = test::with_tricky_constants(random_expr(rng, trees), rng);
    std::vector<Node> nodes(expr.nodes().begin(), expr.nodes().end());
    for (Node& node : nodes) {
      if (node.op == Op::Param) node = Node::num(node.value);
    }
    expr = Expr(std::move(nodes));
    by_key[canonicalizer.key(expr)].push_back(std::move(expr));
  }
  std::uniform_real_distribution<double> coordinate(-3.0, 3.0);
  int compared = 0;
  for (const auto& entry : by_key) {
    const std::vector<Expr>& members = entry.second;  // not a structured binding: CAPTURE's lambda uses it
    for (std::size_t m = 1; m < members.size(); ++m) {
      CAPTURE(to_infix(members[0]));
      CAPTURE(to_infix(members[m]));
      for (int p = 0; p < 3; ++p) {
        const std::vector<double> x{coordinate(rng)};
        const test::Reference a = test::reference_value(members[0], x);
        const test::Reference b = test::reference_value(members[m], x);
        if (!std::isfinite(a.value) || !std::isfinite(b.value) || !a.stable || !b.stable) continue;
        CAPTURE(x);
        CHECK(test::close(a.value, b.value, 1e-6, 1e-300));
        ++compared;
      }
    }
  }
  MESSAGE(fmt::format("keys: {} expressions, {} keys, {} values of twins compared", kExpressions, by_key.size(),
                      compared));
  CHECK(compared >= 1'000);
}

TEST_CASE("property: a key computed in a reused workspace is the key of a fresh e-graph") {
  // A worker keys thousands of candidates in one workspace: nothing of one key may leak into the
  // next. Sizes vary so the graph shrinks and grows between keys; constants keep their signs,
  // numbers and literals their values, as in the search.
  std::mt19937_64 rng(31);
  const RandomExprOptions trees = test::any_tree(12, 2, 0.3);
  KeyOptions options;
  options.positive_variables = {true, false};
  const Canonicalizer canonicalizer(options);
  Canonicalizer::Workspace workspace;
  int differ = 0;
  for (int i = 0; i < kExpressions / 4; ++i) {
    const Expr expr = test::with_tricky_constants(random_expr(rng, trees), rng);
    const std::uint64_t reused = canonicalizer.key(expr, workspace);
    const std::uint64_t fresh = canonicalizer.key(expr);
    if (reused != fresh) {
      ++differ;
      CAPTURE(to_infix(expr));
      CHECK(reused == fresh);
    }
  }
  CHECK(differ == 0);
}

}  // namespace
}  // namespace kepler::egraph
