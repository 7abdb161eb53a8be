#include "search/grammar.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <random>
#include <set>
#include <stdexcept>
#include <vector>

#include "engine/parse.hpp"
#include "engine/print.hpp"

using namespace kepler;

namespace {

const std::vector<std::string> kNames{"x", "y"};

GrammarOptions limits(std::size_t max_size, std::size_t max_depth = 10) {
  GrammarOptions options;
  options.constraints.max_size = max_size;
  options.constraints.max_depth = max_depth;
  return options;
}

// The token a grammar describes as `text` (its first one).
std::size_t token(const Grammar& g, const std::string& text) {
  for (std::size_t t = 0; t < g.size(); ++t) {
    if (g.describe(t, kNames) == text) return t;
  }
  FAIL("no token " << text);
  return 0;
}

PartialExpr built(const Grammar& g, std::initializer_list<const char*> prefix) {
  PartialExpr p(g);
  for (const char* text : prefix) p.push(token(g, text));
  return p;
}

bool allows(const Grammar& g, std::initializer_list<const char*> prefix, const std::string& next) {
  return built(g, prefix).allows(token(g, next));
}

// A canonical text for sets of expressions: the nodes, exactly.
std::string key(const Expr& e) {
  std::string out;
  for (const Node& n : e.nodes()) out += std::to_string(static_cast<int>(n.op)) + ":" + std::to_string(n.index) + " ";
  return out;
}

}  // namespace

TEST_CASE("the tokens are the operators, the variables, a constant and the library, in that order") {
  const std::vector<Op> ops = {Op::Add, Op::Sin, Op::Add};
  GrammarOptions options;
  options.library.push_back(parse_expr("x * y", kNames));
  const Grammar g(ops, 2, options);
  REQUIRE(g.size() == 6);  // the duplicate + is one token
  CHECK(g.describe(0) == "+");
  CHECK(g.describe(1) == "sin");
  CHECK(g.describe(2, kNames) == "x");
  CHECK(g.describe(3) == "x1");
  CHECK(g.describe(4) == "c");
  CHECK(g.describe(5, kNames) == "x * y");
  CHECK(g.token(5).kind == Token::Kind::Library);
  CHECK_THROWS_AS(Grammar(std::vector<Op>{Op::Var}, 1), std::invalid_argument);
  CHECK_THROWS_AS(Grammar(ops, 0), std::invalid_argument);
  GrammarOptions bad;
  bad.library.push_back(parse_expr("exp(log(x))", kNames));
  CHECK_THROWS_AS(Grammar(ops, 2, bad), std::invalid_argument);
  GrammarOptions wide;
  wide.library.push_back(Expr({Node::var(5)}));
  CHECK_THROWS_AS(Grammar(ops, 2, wide), std::invalid_argument);
}

TEST_CASE("prefix tokens become the postfix expression, free constants numbered in order") {
  const std::vector<Op> ops = {Op::Add, Op::Mul, Op::Sin};
  const Grammar g(ops, 2);
  const PartialExpr p = built(g, {"+", "x", "*", "c", "sin", "c"});
  REQUIRE(p.complete());
  const Expr e = p.to_expr();
  CHECK(to_infix(e, {kNames, {}}) == "x + 1 * sin(1)");
  CHECK(e.parameter_count() == 2);
  CHECK(e[1].op == Op::Param);
  CHECK(e[1].index == 0);
  CHECK(built(g, {"+", "x"}).open_slots() == 1);
  CHECK_THROWS_AS((void)built(g, {"+", "x"}).to_expr(), std::logic_error);
}

TEST_CASE("each mask rule is enforced") {
  const std::vector<Op> ops = {Op::Add, Op::Mul, Op::Sin, Op::Cos, Op::Exp, Op::Log, Op::Sqrt, Op::Square};
  SUBCASE("size: every open slot needs a node") {
    const Grammar g(ops, 2, limits(6));
    CHECK(allows(g, {"+"}, "+"));          // + + _ _ _ : 5 nodes at least
    CHECK(!allows(g, {"+", "+"}, "+"));    // + + + _ _ _ _ : 7
    CHECK(allows(g, {"+", "+"}, "sin"));   // + + sin _ _ _ : 6
    CHECK(!allows(g, {"+", "+", "sin"}, "sin"));
    CHECK(allows(g, {"+", "+", "sin"}, "x"));
  }
  SUBCASE("depth") {
    const Grammar g(ops, 2, limits(30, 3));
    CHECK(allows(g, {"sin"}, "exp"));
    CHECK(!allows(g, {"sin", "exp"}, "sqrt"));  // its operand would sit at depth 4
    CHECK(allows(g, {"sin", "exp"}, "x"));
  }
  SUBCASE("nesting: trig in trig, exp in exp, log in log, at any depth") {
    const Grammar g(ops, 2, limits(30));
    CHECK(!allows(g, {"sin", "+", "x"}, "cos"));
    CHECK(!allows(g, {"exp", "*", "x", "sqrt"}, "exp"));
    CHECK(!allows(g, {"log", "+"}, "log"));
    CHECK(allows(g, {"exp", "*", "y"}, "log"));  // y^x as exp(y * log(x))
    CHECK(allows(g, {"exp"}, "sin"));
  }
  SUBCASE("inverse pairs") {
    const Grammar g(ops, 2, limits(30));
    CHECK(!allows(g, {"exp"}, "log"));
    CHECK(!allows(g, {"log"}, "exp"));
    CHECK(!allows(g, {"sqrt"}, "square"));
    CHECK(!allows(g, {"square"}, "sqrt"));
    CHECK(allows(g, {"sqrt"}, "exp"));
  }
  SUBCASE("a cap on free constants") {
    GrammarOptions options = limits(30);
    options.constraints.max_constants = 1;
    const Grammar g(ops, 2, options);
    CHECK(allows(g, {"+", "*"}, "c"));
    CHECK(!allows(g, {"+", "*", "c"}, "c"));
    CHECK(allows(g, {"+", "*", "c"}, "x"));
  }
  SUBCASE("at least one variable") {
    const Grammar g(ops, 2, limits(30));
    CHECK(!allows(g, {}, "c"));  // a lone constant
    CHECK(allows(g, {"+"}, "c"));
    CHECK(!allows(g, {"+", "c"}, "c"));
    CHECK(allows(g, {"+", "c"}, "sin"));
    CHECK(!allows(g, {"+", "c", "sin"}, "c"));
    CHECK(allows(g, {"+", "x"}, "c"));
  }
  SUBCASE("library entries count their nodes, depth, constants, variables and families") {
    GrammarOptions options = limits(6, 4);
    options.constraints.max_constants = 1;
    ParseOptions read;
    read.variables = kNames;
    read.unknown_names_are_parameters = true;
    options.library.push_back(parse("sin(a * x)", read).expr);  // 4 nodes, depth 3, one constant
    const Grammar g(ops, 2, options);
    const std::string entry = g.describe(g.size() - 1, kNames);
    CHECK(allows(g, {}, entry));
    CHECK(allows(g, {"+", "x"}, entry));
    CHECK(!allows(g, {"+", "+"}, entry));   // 2 + 4 + 2 open slots > 6
    CHECK(!allows(g, {"exp", "sqrt"}, entry));  // depth 5
    CHECK(!allows(g, {"+", "c"}, entry));   // a second constant
    CHECK(!allows(g, {"cos"}, entry));      // trig in trig
    const PartialExpr p = built(g, {"*", "x", entry.c_str()});
    CHECK(to_infix(p.to_expr(), {kNames, {}}) == "x * sin(1 * x)");
  }
  const Grammar g(ops, 2, limits(30));
  PartialExpr p(g);
  CHECK_THROWS_AS(p.push(token(g, "c")), std::invalid_argument);
  CHECK(p.tokens().empty());
}

TEST_CASE("a copy with fewer free constants keeps the tokens and masks what holds more") {
  const std::vector<Op> ops = {Op::Add, Op::Mul, Op::Sin};
  GrammarOptions options = limits(12);
  options.constraints.max_constants = 2;
  ParseOptions read;
  read.variables = kNames;
  read.unknown_names_are_parameters = true;
  options.library.push_back(parse("sin(a * x)", read).expr);  // one constant
  options.library.push_back(parse("x * y", read).expr);       // none
  const Grammar full(ops, 2, options);
  const Grammar none = full.with_max_constants(0);
  REQUIRE(none.size() == full.size());
  for (std::size_t t = 0; t < full.size(); ++t) CHECK(none.describe(t, kNames) == full.describe(t, kNames));
  CHECK(none.constraints().max_constants == 0);
  CHECK(full.with_max_constants(5).constraints().max_constants == 2);  // never more than the original
  const std::string with_constant = full.describe(full.size() - 2, kNames);
  const std::string without = full.describe(full.size() - 1, kNames);
  CHECK(allows(full, {"+"}, "c"));
  CHECK(allows(full, {"+"}, with_constant));
  CHECK(!allows(none, {"+"}, "c"));
  CHECK(!allows(none, {"+"}, with_constant));
  CHECK(allows(none, {"+"}, without));
  const Grammar one = full.with_max_constants(1);
  CHECK(allows(one, {"+"}, "c"));
  CHECK(!allows(one, {"+", "c"}, "c"));
  CHECK(!allows(one, {"+", "c"}, with_constant));
}

TEST_CASE("random walks through the masks complete to valid expressions only") {
  const std::vector<Op> ops = {Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Pow, Op::Neg, Op::Inv, Op::Square,
                               Op::Sqrt, Op::Exp, Op::Log, Op::Sin, Op::Cos, Op::Tanh};
  GrammarOptions options = limits(15, 6);
  options.constraints.max_constants = 3;
  options.library.push_back(parse_expr("x * y", kNames));
  const Grammar g(ops, 2, options);
  std::mt19937_64 rng(5);
  std::vector<std::uint8_t> mask(g.size());
  std::set<std::string> distinct;
  for (int walk = 0; walk < 20000; ++walk) {
    PartialExpr p(g);
    while (!p.complete()) {
      const std::size_t n = p.allowed(mask);
      REQUIRE(n > 0);  // no dead end
      std::size_t pick = std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
      std::size_t t = 0;
      while (mask[t] == 0 || pick-- > 0) ++t;
      p.push(t);
    }
    CHECK(p.allowed(mask) == 0);
    const Expr e = p.to_expr();
    REQUIRE(satisfies(e, g.constraints()));
    CHECK(e.size() == p.nodes());
    distinct.insert(key(e));
  }
  CHECK(distinct.size() > 10000);
}

TEST_CASE("on a small grammar the masks allow exactly the expressions the constraints allow") {
  const std::vector<Op> ops = {Op::Add, Op::Mul, Op::Sin, Op::Cos, Op::Exp, Op::Log};
  GrammarOptions options = limits(6, 4);
  options.constraints.max_constants = 1;
  const Grammar g(ops, 2, options);

  // Every tree the masks lead to, by depth-first search.
  std::set<std::string> masked;
  std::vector<std::uint8_t> mask(g.size());
  const std::function<void(const PartialExpr&)> explore = [&](const PartialExpr& p) {
    if (p.complete()) {
      masked.insert(key(p.to_expr()));
      return;
    }
    std::vector<std::uint8_t> here(g.size());
    (void)p.allowed(here);
    for (std::size_t t = 0; t < g.size(); ++t) {
      if (here[t] == 0) continue;
      PartialExpr next = p;
      next.push(t);
      explore(next);
    }
  };
  explore(PartialExpr(g));

  // Every tree of up to 6 nodes over the same tokens, unconstrained, kept if it satisfies them.
  std::set<std::string> filtered;
  GrammarOptions unconstrained;
  unconstrained.constraints.max_size = 1000;
  unconstrained.constraints.max_depth = 1000;
  unconstrained.constraints.max_constants = 1000;
  unconstrained.constraints.require_variable = false;
  unconstrained.constraints.nesting = unconstrained.constraints.inverse_pairs = false;
  const Grammar loose(ops, 2, unconstrained);  // the same tokens, in the same order
  const std::function<void(std::vector<std::size_t>&, std::size_t)> grow = [&](std::vector<std::size_t>& prefix,
                                                                             std::size_t open) {
    if (open == 0) {
      PartialExpr p(loose);
      for (const std::size_t t : prefix) p.push(t);
      const Expr e = p.to_expr();
      if (satisfies(e, g.constraints())) filtered.insert(key(e));
      return;
    }
    if (prefix.size() + open > 6) return;
    for (std::size_t t = 0; t < g.size(); ++t) {
      const int a = g.token(t).kind == Token::Kind::Operator ? arity(g.token(t).op) : 0;
      prefix.push_back(t);
      grow(prefix, open - 1 + static_cast<std::size_t>(a));
      prefix.pop_back();
    }
  };
  std::vector<std::size_t> prefix;
  grow(prefix, 1);

  CHECK(masked.size() > 1000);
  CHECK(masked == filtered);
}
