#include "search/polynomial.hpp"

#include <doctest/doctest.h>
#include <tbb/task_arena.h>

#include <cmath>
#include <string>
#include <vector>

#include "engine/evaluator.hpp"
#include "engine/parse.hpp"
#include "engine/print.hpp"
#include "search/candidate.hpp"
#include "search/context.hpp"
#include "search/grammar.hpp"
#include "search/mcts/mcts_search.hpp"
#include "tests/search/search_support.hpp"

using namespace kepler;

namespace {

const std::vector<std::string> kNames{"x0", "x1"};

Expr leaf() { return build::var(kPolynomialLeaf); }

// f's values on the data (NaN on failure).
std::vector<double> values(const Expr& f, const Dataset& data) {
  Evaluator evaluator(data);
  std::vector<double> out(data.rows());
  if (evaluator.evaluate(f, out) != EvalStatus::Ok) out.assign(data.rows(), std::nan(""));
  return out;
}

double max_error(const Expr& f, const Dataset& data, double offset = 0.0) {
  const std::vector<double> v = values(f, data);
  double worst = 0.0;
  for (std::size_t i = 0; i < v.size(); ++i) worst = std::max(worst, std::abs(offset + v[i] - data.target()[i]));
  return std::isfinite(worst) ? worst : 1e300;
}

std::size_t params(const Expr& f) {
  std::size_t n = 0;
  for (const Node& node : f.nodes()) n += node.op == Op::Param ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("monomials: every one of degree 1..D, D the highest whose count fits max_terms") {
  const PolynomialOptions options;  // degree 10, 28 terms
  CHECK(monomial_exponents(1, options).size() == 10);  // x .. x¹⁰
  CHECK(monomial_exponents(2, options).size() == 27);  // degree 6
  CHECK(monomial_exponents(3, options).size() == 19);  // degree 3
  CHECK(monomial_exponents(6, options).size() == 27);  // degree 2
  CHECK(monomial_exponents(8, options).size() == 8);   // degree 1 only: 44 of degree 2 is too many
  const auto two = monomial_exponents(2, PolynomialOptions{.max_degree = 2, .max_terms = 28});
  REQUIRE(two.size() == 5);  // x0, x1, x0², x0·x1, x1²
  CHECK(two[0] == std::vector<std::uint8_t>{1, 0});
  CHECK(two[1] == std::vector<std::uint8_t>{0, 1});
  CHECK(two[2] == std::vector<std::uint8_t>{2, 0});
  CHECK(two[3] == std::vector<std::uint8_t>{1, 1});
  CHECK(two[4] == std::vector<std::uint8_t>{0, 2});
}

TEST_CASE("an equation is affine in its polynomial leaf only through +, −, · and numerators") {
  using namespace build;
  const Expr x = var(0), y = var(1);
  const auto at_leaf = [](const Expr& f) { return affine_in_leaf(f, *polynomial_leaf(f)); };
  CHECK(at_leaf(leaf()));
  CHECK(at_leaf(binary(Op::Add, x, leaf())));
  CHECK(at_leaf(binary(Op::Sub, unary(Op::Sin, x), leaf())));
  CHECK(at_leaf(binary(Op::Mul, unary(Op::Exp, y), binary(Op::Sub, x, leaf()))));
  CHECK(at_leaf(binary(Op::Div, binary(Op::Add, leaf(), x), y)));
  CHECK_FALSE(at_leaf(binary(Op::Div, x, leaf())));
  CHECK_FALSE(at_leaf(unary(Op::Exp, leaf())));
  CHECK_FALSE(at_leaf(binary(Op::Add, x, unary(Op::Sin, binary(Op::Add, leaf(), y)))));
  CHECK_FALSE(at_leaf(binary(Op::Add, leaf(), leaf())));  // one leaf at most
  CHECK_FALSE(polynomial_leaf(binary(Op::Add, x, y)));
}

TEST_CASE("Horner form: the same polynomial, with each coefficient a free constant") {
  const Dataset data = test::law_dataset(30, 2, [](const std::vector<double>& v) {
    return 0.5 * v[0] * v[0] - v[0] + 2.0 * v[1] * v[1] - 3.0 * v[0] * v[1] + 7.0;
  }, 4, -2.0, 2.0);
  const Expr p = horner({{2, 0}, {1, 0}, {0, 2}, {1, 1}, {0, 0}}, {0.5, -1.0, 2.0, -3.0, 7.0});
  CHECK(max_error(p, data) < 1e-12);
  CHECK(params(p) == 5);
  // x0·(x0·c + x1·c + c) + x1·(x1·c) + c: 5 products, where the monomials written out take 8.
  CHECK(p.size() == 19);
}

TEST_CASE("the leaf becomes exactly the law's monomials: x⁵ + x⁴ + x³ + x² + x") {
  const Dataset data = test::law_dataset(20, 1, [](const std::vector<double>& v) {
    const double x = v[0];
    return x * x * x * x * x + x * x * x * x + x * x * x + x * x + x;
  }, 7, -1.0, 1.0);
  PolynomialExpander expander(data, true);
  const std::optional<Expr> p = expander.expand(leaf());
  REQUIRE(p);
  CHECK_FALSE(polynomial_leaf(*p));
  CHECK(params(*p) == 5);  // of the ten monomials offered, the five of the law
  CHECK(max_error(*p, data) < 1e-8);
  CHECK(p->size() == 19);  // x·(c + x·(c + x·(c + x·(c + x·c))))
}

TEST_CASE("the leaf beside other terms: sin(x0) + poly for sin(x0) + x0³ − x0·x1 and x0⁴ − x0³ + x1²/2 − x1") {
  const Dataset mixed = test::law_dataset(40, 2, [](const std::vector<double>& v) {
    return std::sin(v[0]) + v[0] * v[0] * v[0] - v[0] * v[1];
  }, 9, -2.0, 2.0);
  PolynomialExpander on_mixed(mixed, true);
  const Expr f = build::binary(Op::Add, build::unary(Op::Sin, build::var(0)), leaf());
  const std::optional<Expr> g = on_mixed.expand(f);
  REQUIRE(g);
  CHECK(params(*g) == 2);
  CHECK(max_error(*g, mixed) < 1e-8);

  // Nguyen-12 as a benchmark run trains on it: 15 rows on [0, 1]², where 27 monomials of degree up
  // to 6 are offered — more than rows, so the forward steps choose.
  const Dataset nguyen12 = test::law_dataset(15, 2, [](const std::vector<double>& v) {
    return std::pow(v[0], 4) - std::pow(v[0], 3) + 0.5 * v[1] * v[1] - v[1];
  }, 12, 0.0, 1.0);
  PolynomialExpander on_nguyen12(nguyen12, false);  // without linear scaling: the leaf is all
  const std::optional<Expr> p = on_nguyen12.expand(leaf());
  REQUIRE(p);
  CHECK(params(*p) == 4);
  CHECK(max_error(*p, nguyen12) < 1e-8);
}

TEST_CASE("the leaf scaled by a factor: exp(x1)·poly, and nothing where the equation is not affine in it") {
  const Dataset data = test::law_dataset(40, 2, [](const std::vector<double>& v) {
    return std::exp(v[1]) * (v[0] * v[0] + 3.0 * v[0]);
  }, 5, -1.5, 1.5);
  PolynomialExpander expander(data, true);
  const std::optional<Expr> p = expander.expand(build::binary(Op::Mul, build::unary(Op::Exp, build::var(1)), leaf()));
  REQUIRE(p);
  CHECK(params(*p) == 2);
  CHECK(max_error(*p, data) < 1e-8);
  CHECK_FALSE(expander.expand(build::unary(Op::Sin, leaf())));
  CHECK_FALSE(expander.expand(build::unary(Op::Exp, leaf())));  // y < 0 somewhere: no log(y)
  CHECK_FALSE(expander.expand(build::binary(Op::Div, build::var(0), leaf())));
  const Expr plain = parse_expr("x0 * x1", kNames);
  CHECK(expander.expand(plain) == plain);
}

TEST_CASE("a single monomial that linear scaling scales takes no coefficient: P / x1³ for 3·x0⁵ / x1³") {
  const Dataset data = test::law_dataset(40, 2, [](const std::vector<double>& v) {
    return 3.0 * std::pow(v[0], 5) / std::pow(v[1], 3);
  }, 4, 0.5, 2.0);
  PolynomialExpander expander(data, true);
  const Expr cube = build::binary(Op::Mul, build::binary(Op::Mul, build::var(1), build::var(1)), build::var(1));
  const std::optional<Expr> p = expander.expand(build::binary(Op::Div, leaf(), cube));
  REQUIRE(p);
  CHECK(to_infix(*p, {kNames, {}}) == "x0 * x0 * x0 * x0 * x0 / (x1 * x1 * x1)");
  // Beside a term that varies, the scale is not redundant: the monomial keeps its coefficient.
  const std::optional<Expr> q = expander.expand(build::binary(Op::Add, build::var(1), build::binary(Op::Div, leaf(), cube)));
  REQUIRE(q);
  CHECK(params(*q) == 1);
  // Without linear scaling the coefficient is the law's.
  PolynomialExpander unscaled(data, false);
  const std::optional<Expr> r = unscaled.expand(build::binary(Op::Div, leaf(), cube));
  REQUIRE(r);
  CHECK(params(*r) == 1);
  CHECK(max_error(*r, data) < 1e-8);
  CHECK(monomial({2, 1}) == build::binary(Op::Mul, build::binary(Op::Mul, build::var(0), build::var(0)), build::var(1)));
  CHECK_THROWS_AS((void)monomial({0, 0}), std::invalid_argument);
}

TEST_CASE("the leaf under a root log, exp or sqrt is fitted to the target's inverse, with a constant term") {
  // Nguyen-7: log(x + 1) + log(x² + 1) = log(x³ + x² + x + 1), 20 rows on [0, 2].
  const Dataset nguyen7 = test::law_dataset(20, 1, [](const std::vector<double>& v) {
    return std::log(v[0] + 1.0) + std::log(v[0] * v[0] + 1.0);
  }, 7, 0.0, 2.0);
  PolynomialExpander expander(nguyen7, true);
  const std::optional<Expr> p = expander.expand(build::unary(Op::Log, leaf()));
  REQUIRE(p);
  CHECK((*p)[p->size() - 1].op == Op::Log);
  CHECK(params(*p) == 4);  // x³, x², x and the constant 1
  CHECK(max_error(*p, nguyen7) < 1e-8);

  const Dataset gauss = test::law_dataset(30, 2, [](const std::vector<double>& v) {
    return std::exp(v[0] * v[1] - 0.5 * v[0] * v[0]);
  }, 3, -1.0, 1.0);
  PolynomialExpander on_gauss(gauss, true);
  const std::optional<Expr> e = on_gauss.expand(build::unary(Op::Exp, leaf()));
  REQUIRE(e);
  CHECK(max_error(*e, gauss) < 1e-8);
  // Only at the root: below a sum the target's inverse means nothing.
  CHECK_FALSE(on_gauss.expand(build::binary(Op::Add, build::var(0), build::unary(Op::Exp, leaf()))));
}

TEST_CASE("noisy data: the criterion keeps the law's terms and drops the noise's") {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> noise(0.0, 0.01);
  const Dataset data = test::law_dataset(500, 1, [&](const std::vector<double>& v) {
    return 2.0 * v[0] * v[0] - v[0] + noise(rng);
  }, 8, -1.0, 1.0);
  PolynomialExpander expander(data, true);
  const std::optional<Expr> p = expander.expand(leaf());
  REQUIRE(p);
  CHECK(params(*p) <= 3);  // x and x², perhaps one more whose gain the criterion allows
  CHECK(params(*p) >= 2);
}

TEST_CASE("the pipeline expands the leaf, checks the size of what it became, and counts it") {
  const Dataset data = test::law_dataset(20, 1, [](const std::vector<double>& v) {
    const double x = v[0];
    return x * x * x * x + x * x * x + x * x + x;
  }, 2, -1.0, 1.0);
  Problem problem = test::small_problem(data, {Op::Add, Op::Sub, Op::Mul, Op::Sin});
  tbb::task_arena arena(1);
  const Observer observer;
  SearchContext context(problem, test::evaluations(1000), SearchOptions{}, observer, arena);
  CandidatePipeline& pipeline = context.add_pipeline(8);
  const auto law = pipeline.score(leaf());
  REQUIRE(law);
  CHECK(law->loss < 1e-20);
  CHECK(law->f.size() == 15);
  CHECK(pipeline.counters().polynomials == 1);

  // exp(x) needs many monomials: past a size limit of 12 nodes, the expansion is refused.
  const Dataset curved = test::law_dataset(20, 1, [](const std::vector<double>& v) { return std::exp(2.0 * v[0]); },
                                           2, -1.0, 1.0);
  problem = test::small_problem(curved, {Op::Add, Op::Mul});
  problem.max_size = 12;
  SearchContext small(problem, test::evaluations(1000), SearchOptions{}, observer, arena);
  CandidatePipeline& limited = small.add_pipeline(8);
  CHECK_FALSE(limited.score(leaf()));
  CHECK(limited.counters().rejected_constraint == 1);
  CHECK(limited.counters().polynomials == 1);
}

TEST_CASE("the grammar's polynomial token: once, and only where the equation stays affine in it") {
  const std::vector<Op> ops = {Op::Add, Op::Mul, Op::Div, Op::Sin, Op::Log};
  GrammarOptions options;
  options.constraints.max_size = 12;
  options.polynomial_token = true;
  const Grammar g(ops, 2, options);
  std::size_t poly = g.size();
  for (std::size_t t = 0; t < g.size(); ++t) {
    if (g.describe(t) == "poly") poly = t;
  }
  REQUIRE(poly < g.size());
  CHECK(g.token(poly).kind == Token::Kind::Polynomial);
  const auto token = [&](const char* text) {
    for (std::size_t t = 0; t < g.size(); ++t) {
      if (g.describe(t, kNames) == text) return t;
    }
    FAIL("no token " << text);
    return std::size_t{0};
  };
  PartialExpr at_root(g);
  CHECK(at_root.allows(poly));
  at_root.push(poly);
  CHECK(at_root.complete());  // the leaf alone is an equation: it holds the variables
  const Expr alone = at_root.to_expr();
  REQUIRE(alone.size() == 1);
  CHECK(alone[0].index == kPolynomialLeaf);

  PartialExpr sum(g);
  sum.push(token("+"));
  CHECK(sum.allows(poly));
  sum.push(poly);
  CHECK_FALSE(sum.allows(poly));  // one leaf an equation
  CHECK(sum.has_polynomial());

  PartialExpr sine(g);
  sine.push(token("sin"));
  CHECK_FALSE(sine.allows(poly));

  PartialExpr logarithm(g);
  logarithm.push(token("log"));
  CHECK(logarithm.allows(poly));  // a root log: fitted to exp(y)
  PartialExpr inner_log(g);
  inner_log.push(token("+"));
  inner_log.push(token("log"));
  CHECK_FALSE(inner_log.allows(poly));

  PartialExpr quotient(g);
  quotient.push(token("/"));
  CHECK(quotient.allows(poly));  // the numerator
  quotient.push(token("x0"));
  CHECK_FALSE(quotient.allows(poly));  // the denominator

  PartialExpr product(g);
  product.push(token("*"));
  product.push(token("sin"));
  CHECK_FALSE(product.allows(poly));  // inside sin
  product.push(token("x1"));
  CHECK(product.allows(poly));  // sin(x1)·poly

  GrammarOptions without = options;
  without.polynomial_token = false;
  const Grammar plain(ops, 2, without);
  for (std::size_t t = 0; t < plain.size(); ++t) CHECK(plain.token(t).kind != Token::Kind::Polynomial);
}

TEST_CASE("the tree search finds x⁶ + x⁵ + x⁴ + x³ + x² + x through the leaf, and not without it in the same budget") {
  const Dataset data = test::law_dataset(20, 1, [](const std::vector<double>& v) {
    double x = v[0], sum = 0.0, power = 1.0;
    for (int k = 1; k <= 6; ++k) sum += power *= x;
    return sum;
  }, 4, -1.0, 1.0);
  Problem problem = test::small_problem(data, {Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Sin, Op::Cos, Op::Exp, Op::Log});
  problem.max_size = 30;
  Budget budget = test::evaluations(20000);
  budget.early_stop_loss = 1e-20;
  mcts::MctsSearch with;
  const SearchResult found = with.run(problem, budget, SearchOptions{.seed = 1, .threads = 1}, {});
  REQUIRE(!found.front.empty());
  CHECK(found.front.back().loss < 1e-20);
  CHECK(found.report.stop_reason == StopReason::EarlyStop);
  CHECK(found.report.counter("polynomials") >= 1);

  mcts::MctsSearch without;
  const SearchResult missed =
      without.run(problem, budget, SearchOptions{.seed = 1, .threads = 1, .polynomial = false}, {});
  CHECK(missed.report.counter("polynomials") == 0);
  CHECK(missed.front.back().loss > 1e-20);
}
