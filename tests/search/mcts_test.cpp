#include "search/mcts/mcts_search.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "engine/parse.hpp"
#include "engine/print.hpp"
#include "search/grammar.hpp"
#include "egraph/simplify.hpp"
#include "search/mcts/double_q.hpp"
#include "search/mcts/frame.hpp"
#include "search/mcts/library.hpp"
#include "search/mcts/rollout.hpp"
#include "search/mcts/transposition.hpp"
#include "search/mcts/tree.hpp"
#include "tests/search/search_support.hpp"

using namespace kepler;
using namespace kepler::mcts;

namespace {

// A root with `n` children, tokens 0 .. n-1.
SearchTree tree_with_children(std::size_t n) {
  SearchTree tree;
  tree.expand(SearchTree::root(), std::vector<std::uint8_t>(n, 1));
  return tree;
}

std::uint32_t child(const SearchTree& tree, std::uint32_t parent, std::uint32_t k) {
  return tree.node(parent).first_child + k;
}

GrammarOptions limits(std::size_t max_size, std::size_t max_depth = 10) {
  GrammarOptions options;
  options.constraints.max_size = max_size;
  options.constraints.max_depth = max_depth;
  return options;
}

}  // namespace

TEST_CASE("expansion adds one child per allowed token, in token order") {
  SearchTree tree;
  tree.expand(SearchTree::root(), std::vector<std::uint8_t>{0, 1, 1, 0, 1});
  const TreeNode& root = tree.node(SearchTree::root());
  REQUIRE(root.children == 3);
  CHECK(tree.node(child(tree, 0, 0)).token == 1);
  CHECK(tree.node(child(tree, 0, 1)).token == 2);
  CHECK(tree.node(child(tree, 0, 2)).token == 4);
  for (std::uint32_t k = 0; k < 3; ++k) CHECK(tree.node(child(tree, 0, k)).parent == SearchTree::root());
  CHECK_THROWS_AS(tree.expand(SearchTree::root(), std::vector<std::uint8_t>{1}), std::logic_error);
}

TEST_CASE("backpropagation counts a visit, adds the reward and keeps the best on the whole path") {
  SearchTree tree = tree_with_children(2);
  const std::uint32_t a = child(tree, 0, 0);
  tree.expand(a, std::vector<std::uint8_t>{1, 1});
  const std::uint32_t leaf = child(tree, a, 1);
  tree.backpropagate(leaf, 0.25);
  tree.backpropagate(leaf, 0.75);
  tree.backpropagate(child(tree, 0, 1), 0.5);
  CHECK(tree.node(leaf).visits == 2);
  CHECK(tree.node(leaf).total_reward == doctest::Approx(1.0));
  CHECK(tree.node(leaf).best_reward == doctest::Approx(0.75));
  CHECK(tree.node(a).visits == 2);
  CHECK(tree.node(a).mean_reward() == doctest::Approx(0.5));
  CHECK(tree.node(child(tree, a, 0)).visits == 0);
  CHECK(tree.node(SearchTree::root()).visits == 3);
  CHECK(tree.node(SearchTree::root()).best_reward == doctest::Approx(0.75));
  CHECK(tree.node(SearchTree::root()).total_reward == doctest::Approx(1.5));
}

TEST_CASE("UCT selection: unvisited children first, then the best mix of best, mean and exploration") {
  std::mt19937_64 rng(1);
  SearchTree tree = tree_with_children(3);
  const SelectionRule rule{1.0, 0.5};
  // Unvisited children are taken first, each once the others are visited.
  std::set<std::uint32_t> first_picks;
  for (int k = 0; k < 3; ++k) {
    const std::uint32_t c = tree.select(SearchTree::root(), rule, rng);
    REQUIRE(c != kNoNode);
    CHECK(tree.node(c).visits == 0);
    first_picks.insert(c);
    tree.backpropagate(c, k == 1 ? 0.9 : 0.1);
  }
  CHECK(first_picks.size() == 3);
  // All visited once: child 1 (reward 0.9) has the best score; the formula is as documented.
  const std::uint32_t picked = tree.select(SearchTree::root(), rule, rng);
  CHECK(picked == child(tree, 0, 1));
  const double expected = 0.5 * 0.9 + 0.5 * 0.9 + 1.0 * std::sqrt(std::log(3.0) / 1.0);
  CHECK(SearchTree::score(tree.node(picked), 3, rule) == doctest::Approx(expected));
  // Visits of child 1 raise the others' exploration term until one of them wins.
  for (int k = 0; k < 10; ++k) tree.backpropagate(child(tree, 0, 1), 0.3);
  CHECK(tree.select(SearchTree::root(), rule, rng) != child(tree, 0, 1));
  // Without exploration the best reward seen decides when best_weight is 1.
  const SelectionRule greedy{0.0, 1.0};
  CHECK(tree.select(SearchTree::root(), greedy, rng) == child(tree, 0, 1));
}

TEST_CASE("exhausted children are skipped; a node whose children are all exhausted is exhausted") {
  std::mt19937_64 rng(2);
  SearchTree tree = tree_with_children(2);
  const std::uint32_t a = child(tree, 0, 0);
  const std::uint32_t b = child(tree, 0, 1);
  tree.expand(a, std::vector<std::uint8_t>{1, 1});
  tree.mark_exhausted(child(tree, a, 0));
  CHECK_FALSE(tree.node(a).exhausted);
  CHECK(tree.select(a, SelectionRule{}, rng) == child(tree, a, 1));
  tree.mark_exhausted(child(tree, a, 1));
  CHECK(tree.node(a).exhausted);
  CHECK(tree.select(a, SelectionRule{}, rng) == kNoNode);
  CHECK_FALSE(tree.node(SearchTree::root()).exhausted);
  CHECK(tree.select(SearchTree::root(), SelectionRule{}, rng) == b);
  tree.mark_exhausted(b);
  CHECK(tree.node(SearchTree::root()).exhausted);
  tree.clear();
  CHECK(tree.size() == 1);
  CHECK_FALSE(tree.node(SearchTree::root()).expanded());
}

TEST_CASE("rewards fall with the loss and the length; a non-finite loss earns nothing") {
  CHECK(reward(0.0, 1, 1.0) == 1.0);
  CHECK(reward(0.0, 10, 0.99) == doctest::Approx(std::pow(0.99, 10)));
  CHECK(reward(0.25, 1, 1.0) == doctest::Approx(1.0 / 1.5));
  CHECK(reward(0.1, 5, 0.99) > reward(0.2, 5, 0.99));
  CHECK(reward(0.1, 5, 0.99) > reward(0.1, 6, 0.99));
  CHECK(reward(std::numeric_limits<double>::quiet_NaN(), 3, 0.99) == 0.0);
}

TEST_CASE("rollouts complete any prefix to a valid expression within the limits") {
  const std::vector<Op> ops{Op::Add, Op::Mul, Op::Div, Op::Sin, Op::Exp, Op::Log};
  const Grammar grammar(ops, 2, limits(12, 5));
  std::mt19937_64 rng(5);
  RolloutScratch scratch;
  std::vector<std::uint8_t> mask(grammar.size());
  std::set<std::string> distinct;
  for (int trial = 0; trial < 3000; ++trial) {
    PartialExpr partial(grammar);
    // A random prefix through the masks, then the rollout.
    const int prefix = std::uniform_int_distribution<int>(0, 4)(rng);
    for (int k = 0; k < prefix && !partial.complete(); ++k) {
      (void)partial.allowed(mask);
      std::vector<std::size_t> allowed;
      for (std::size_t t = 0; t < mask.size(); ++t) {
        if (mask[t] != 0) allowed.push_back(t);
      }
      partial.push(allowed[std::uniform_int_distribution<std::size_t>(0, allowed.size() - 1)(rng)]);
    }
    complete_randomly(partial, grammar, rng, scratch);
    REQUIRE(partial.complete());
    const Expr f = partial.to_expr();
    CHECK(satisfies(f, grammar.constraints()));
    CHECK(f.size() <= 12);
    distinct.insert(to_infix(f));
  }
  CHECK(distinct.size() > 500);  // random, not one fixed completion
}

TEST_CASE("with an evaluation budget the same seed gives the same front, on 1 thread or 2") {
  const Dataset data = test::law_dataset(40, 2, [](const std::vector<double>& x) {
    return x[0] * x[1] + std::sin(x[0]);
  });
  const Problem problem = test::small_problem(data, {Op::Add, Op::Sub, Op::Mul, Op::Sin});
  MctsSearch search;
  const SearchResult a = search.run(problem, test::evaluations(20000), SearchOptions{.seed = 7, .threads = 1}, {});
  const SearchResult b = search.run(problem, test::evaluations(20000), SearchOptions{.seed = 7, .threads = 2}, {});
  CHECK(a.report.stop_reason == StopReason::EvaluationLimit);
  CHECK(test::as_text(a.front) == test::as_text(b.front));
  CHECK(a.report.counter("iterations") == b.report.counter("iterations"));
  const SearchResult c = search.run(problem, test::evaluations(20000), SearchOptions{.seed = 8, .threads = 1}, {});
  CHECK(c.report.counter("tree_nodes") != a.report.counter("tree_nodes"));
}

TEST_CASE("a sparse tree searches without the constants: a different path, still deterministic") {
  const Dataset data = test::law_dataset(40, 1, [](const std::vector<double>& x) {
    return x[0] * x[0] * x[0] + x[0] * x[0] + x[0];
  });
  const Problem problem = test::small_problem(data, {Op::Add, Op::Sub, Op::Mul, Op::Sin, Op::Exp});
  MctsOptions options;
  options.trees = 2;
  options.framed_trees = 0;
  options.library = false;
  options.sparse_trees = 1;
  options.sparse_max_constants = 0;
  MctsOptions dense = options;
  dense.sparse_trees = 0;
  const Budget budget = test::evaluations(6000);
  const SearchResult a = MctsSearch(options).run(problem, budget, SearchOptions{.seed = 2, .threads = 1}, {});
  const SearchResult b = MctsSearch(options).run(problem, budget, SearchOptions{.seed = 2, .threads = 2}, {});
  const SearchResult c = MctsSearch(dense).run(problem, budget, SearchOptions{.seed = 2, .threads = 1}, {});
  CHECK(test::as_text(a.front) == test::as_text(b.front));
  CHECK(a.report.counter("tree_nodes") == b.report.counter("tree_nodes"));
  // The second tree's nodes never hold the constant token, so the trees grow apart.
  CHECK(a.report.counter("tree_nodes") != c.report.counter("tree_nodes"));
}

TEST_CASE("tree search recovers y = x0*x1 + sin(x2) under a fixed seed and evaluation budget") {
  const Dataset data = test::law_dataset(100, 3, [](const std::vector<double>& x) {
    return x[0] * x[1] + std::sin(x[2]);
  }, 3, -2.0, 2.0);
  const Problem problem = test::small_problem(data, {Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Sin, Op::Cos});
  MctsSearch search;
  Budget budget = test::evaluations(400000);
  budget.early_stop_loss = 1e-20;
  const SearchResult result = search.run(problem, budget, SearchOptions{.seed = 1, .threads = 2}, {});
  REQUIRE(!result.front.empty());
  CHECK(result.front.back().loss < 1e-20);
  CHECK(result.report.stop_reason == StopReason::EarlyStop);
}

TEST_CASE("a small space is explored completely: every tree exhausts and starts again") {
  const Dataset data = test::law_dataset(20, 1, [](const std::vector<double>& x) { return std::exp(x[0]); });
  Problem problem = test::small_problem(data, {Op::Add, Op::Mul});
  problem.max_size = 3;  // x, c, x+x, x+c, c+x, x*x, x*c, c*x: eight prefixes with a variable
  MctsOptions options;
  options.trees = 1;
  options.iterations_per_round = 4;
  MctsSearch search(options);
  const SearchResult result = search.run(problem, test::evaluations(200), SearchOptions{.seed = 1, .threads = 1}, {});
  CHECK(result.report.counter("tree_restarts") >= 1);
  CHECK(result.report.counter("iterations") > 8);
}

TEST_CASE("invalid tree-search settings name the field and the rule") {
  const auto invalid = [](auto change) {
    MctsOptions options;
    change(options);
    return options;
  };
  CHECK_THROWS_WITH(invalid([](MctsOptions& o) { o.trees = 0; }).validate(), "mcts.trees: must be at least 1");
  CHECK_THROWS_WITH(invalid([](MctsOptions& o) { o.best_weight = 1.5; }).validate(), "mcts.best_weight: must lie in [0, 1]");
  CHECK_THROWS_WITH(invalid([](MctsOptions& o) { o.length_discount = 0.0; }).validate(),
                    "mcts.length_discount: must lie in (0, 1]");
  CHECK_THROWS_WITH(invalid([](MctsOptions& o) { o.q_temperature = 0.0; }).validate(), "mcts.q_temperature: must be positive");
  CHECK_THROWS_WITH(invalid([](MctsOptions& o) { o.exploration = -1.0; }).validate(),
                    "mcts.exploration: must be non-negative");
  CHECK_NOTHROW(MctsOptions{}.validate());
}

TEST_CASE("seed equations reach the front before the trees grow") {
  const Dataset data = test::law_dataset(40, 2, [](const std::vector<double>& x) {
    return std::exp(x[0]) * std::sin(x[1]);
  });
  const Problem problem = test::small_problem(data, {Op::Add, Op::Mul, Op::Exp, Op::Sin});
  SearchOptions options{.seed = 1, .threads = 1};
  ParseOptions names;
  names.variables = data.variable_names();
  options.seed_equations = {parse("exp(x0) * sin(x1)", names).expr};
  MctsOptions one_step;  // one iteration of one tree before the budget ends: the seed did it
  one_step.trees = 1;
  one_step.iterations_per_round = 1;
  MctsSearch search(one_step);
  const SearchResult result = search.run(problem, test::evaluations(2), options, {});
  CHECK(result.report.counter("iterations") == 1);
  REQUIRE(!result.front.empty());
  CHECK(result.front.back().loss < 1e-20);
}

TEST_CASE("double Q-learning: slots follow prefix order, and values learn which tokens pay") {
  const std::vector<Op> ops{Op::Add, Op::Mul, Op::Sin};
  const Grammar grammar(ops, 1, limits(9));
  // Tokens: +, *, sin, x0, c.
  REQUIRE(grammar.size() == 5);
  const std::size_t add = 0, mul = 1, sine = 2, x = 3, c = 4;
  DoubleQ q(grammar, 0.5);
  CHECK(q.slots() == 11);
  std::vector<std::uint32_t> slots;
  const std::vector<std::size_t> sum_of_product{add, x, mul, x, c};  // x + x·c
  q.slots_of(sum_of_product, slots);
  const auto operand = [](std::size_t token, std::uint32_t k) { return static_cast<std::uint32_t>(1 + 2 * token + k); };
  CHECK(slots == std::vector<std::uint32_t>{0, operand(add, 0), operand(add, 1), operand(mul, 0), operand(mul, 1)});
  PartialExpr partial(grammar);
  for (std::size_t k = 0; k < 4; ++k) {
    CHECK(q.next_slot(partial) == slots[k]);
    partial.push(sum_of_product[k]);
  }
  CHECK(q.next_slot(partial) == slots[4]);
  // sin(x) always pays, x + x·c never: the root slot learns to prefer sin.
  std::mt19937_64 rng(3);
  const std::vector<std::size_t> sine_of_x{sine, x};
  for (int k = 0; k < 200; ++k) {
    q.learn(sine_of_x, 1.0, rng);
    q.learn(sum_of_product, 0.0, rng);
  }
  CHECK(q.value(0, sine) == doctest::Approx(1.0).epsilon(1e-3));
  CHECK(q.value(operand(sine, 0), x) == doctest::Approx(1.0).epsilon(1e-3));
  CHECK(q.value(0, add) == doctest::Approx(0.0).epsilon(1e-3));
  // Drawing by value prefers sin at the root; without values the draw is uniform.
  RolloutScratch scratch;
  const std::vector<std::uint32_t> pool{static_cast<std::uint32_t>(add), static_cast<std::uint32_t>(sine)};
  int sines = 0, uniform_sines = 0;
  for (int k = 0; k < 1000; ++k) {
    sines += draw(pool, &q, 0, 0.1, rng, scratch.weights) == sine ? 1 : 0;
    uniform_sines += draw(pool, nullptr, 0, 0.1, rng, scratch.weights) == sine ? 1 : 0;
  }
  CHECK(sines > 990);
  CHECK(uniform_sines > 400);
  CHECK(uniform_sines < 600);
}

TEST_CASE("tree search with and without double Q-learning: both deterministic, different paths") {
  const Dataset data = test::law_dataset(40, 2, [](const std::vector<double>& x) { return x[0] * std::sin(x[1]); });
  const Problem problem = test::small_problem(data, {Op::Add, Op::Mul, Op::Sin, Op::Exp});
  MctsOptions off;
  off.double_q = false;
  const SearchOptions seed{.seed = 3, .threads = 2};
  const SearchResult with_q = MctsSearch().run(problem, test::evaluations(5000), seed, {});
  const SearchResult with_q_again = MctsSearch().run(problem, test::evaluations(5000), seed, {});
  const SearchResult without = MctsSearch(off).run(problem, test::evaluations(5000), seed, {});
  CHECK(test::as_text(with_q.front) == test::as_text(with_q_again.front));
  CHECK(with_q.report.counter("tree_nodes") != without.report.counter("tree_nodes"));
}

TEST_CASE("sub-tree discovery: the best equations' building blocks, new, valid and with a variable") {
  const std::vector<Op> ops{Op::Add, Op::Mul, Op::Sin, Op::Exp};
  Grammar grammar(ops, 2, limits(20));
  ParseOptions names;
  const std::vector<std::string> vars{"x0", "x1"};
  names.variables = vars;
  const auto entry = [&](const char* text, double loss) {
    ParetoEntry e;
    e.expr = parse(text, names).expr;
    e.loss = loss;
    e.complexity = e.expr.complexity();
    return e;
  };
  // The more accurate equation's sub-trees come first, larger first; pieces of fewer than three
  // nodes or without a variable (2 + 3·4) are not building blocks.
  const std::vector<ParetoEntry> front{entry("x0 + x1", 0.5), entry("x0 * sin(x1 * x0) + exp(x1 + 2)", 0.01),
                                       entry("x0 * (2 + 3 * 4)", 0.3)};
  const std::vector<Expr> found = library_candidates(front, grammar, 10);
  std::vector<std::string> text;
  for (const Expr& e : found) text.push_back(to_infix(e, {vars, {}}));
  CHECK(text == std::vector<std::string>{"x0 * sin(x1 * x0)", "sin(x1 * x0)", "exp(x1 + 2)", "x1 * x0", "x1 + 2"});
  for (const Expr& e : found) CHECK(e.size() >= 3);
  // Once a token, a sub-tree (or a commuted twin of it) is not found again.
  (void)grammar.add_library_entry(parse("x0 * x1", names).expr);
  const std::vector<Expr> again = library_candidates(front, grammar, 10);
  for (const Expr& e : again) CHECK(to_infix(e, {vars, {}}) != "x1 * x0");
  CHECK(again.size() == found.size() - 1);
  CHECK(library_candidates(front, grammar, 2).size() == 2);
}

TEST_CASE("grown action values keep what was learned and start new tokens at 0") {
  const std::vector<Op> ops{Op::Add, Op::Sin};
  Grammar grammar(ops, 1, limits(9));
  DoubleQ q(grammar, 1.0);
  std::mt19937_64 rng(1);
  const std::vector<std::size_t> sine_of_x{1, 2};  // sin, x0
  for (int k = 0; k < 20; ++k) q.learn(sine_of_x, 0.8, rng);
  const double before = q.value(0, 1);
  const double below = q.value(1 + 2 * 1, 2);
  ParseOptions names;
  const std::vector<std::string> vars{"x0"};
  names.variables = vars;
  const std::size_t token = grammar.add_library_entry(parse("x0 + x0", names).expr);
  q.grow();
  CHECK(q.slots() == 1 + 2 * grammar.size());
  CHECK(q.value(0, 1) == before);
  CHECK(q.value(1 + 2 * 1, 2) == below);
  CHECK(q.value(0, token) == 0.0);
}

TEST_CASE("a run adds the front's building blocks to its grammar, up to the library size") {
  const Dataset data = test::law_dataset(40, 2, [](const std::vector<double>& x) {
    return std::sin(x[0] * x[1]) + x[0] * x[0] * x[1];
  });
  const Problem problem = test::small_problem(data, {Op::Add, Op::Mul, Op::Sin});
  MctsOptions options;
  options.library_interval = 1;
  options.library_size = 3;
  options.iterations_per_round = 32;
  const SearchResult result = MctsSearch(options).run(problem, test::evaluations(20000), SearchOptions{.seed = 2, .threads = 1}, {});
  CHECK(result.report.counter("library_entries") == 3);
  CHECK(result.report.counter("tree_restarts") >= 1);
  MctsOptions off = options;
  off.library = false;
  CHECK(MctsSearch(off).run(problem, test::evaluations(20000), SearchOptions{.seed = 2, .threads = 1}, {})
            .report.counter("library_entries") == 0);
}

TEST_CASE("partial equations with their open slots as placeholder variables, in filling order") {
  const std::vector<Op> ops{Op::Add, Op::Mul, Op::Sin};
  Grammar grammar(ops, 2, limits(20));
  // Tokens: + * sin x0 x1 c.
  PartialExpr partial(grammar);
  CHECK_THROWS_AS((void)partial.to_expr_with_holes(), std::logic_error);
  for (const std::size_t t : {0, 1, 3}) partial.push(t);  // + * x0: (x0 · □) + □
  const std::vector<std::string> names{"x0", "x1", "h0", "h1"};
  CHECK(to_infix(partial.to_expr_with_holes(), {names, {}}) == "x0 * h0 + h1");
  partial.push(5);  // the first hole takes the constant
  CHECK(to_infix(partial.to_expr_with_holes(), {names, {}}) == "x0 * 1 + h0");
  partial.push(2);
  partial.push(4);
  CHECK(partial.complete());
  CHECK(partial.to_expr_with_holes() == partial.to_expr());
}

TEST_CASE("an alias is never descended into and reads its representative's statistics") {
  SearchTree tree = tree_with_children(3);
  const std::uint32_t a = child(tree, 0, 0), b = child(tree, 0, 1), c = child(tree, 0, 2);
  tree.make_alias(c, a);
  CHECK(tree.aliases() == 1);
  CHECK(tree.node(c).exhausted);
  CHECK_FALSE(tree.node(SearchTree::root()).exhausted);
  tree.backpropagate(a, 0.7);
  CHECK(tree.stats(c).visits == 1);
  CHECK(tree.stats(c).best_reward == 0.7);
  CHECK(tree.node(c).visits == 0);  // its own record stays empty
  std::mt19937_64 rng(1);
  for (int k = 0; k < 20; ++k) CHECK(tree.select(SearchTree::root(), SelectionRule{}, rng) == b);
  tree.mark_exhausted(b);
  tree.mark_exhausted(a);
  CHECK(tree.node(SearchTree::root()).exhausted);  // the alias leaves nothing unexplored
  CHECK_THROWS_AS(tree.make_alias(a, c), std::logic_error);  // a has been searched
}

TEST_CASE("the transposition table: the first no-larger node with a key stands for it") {
  TranspositionTable table;
  CHECK(table.find_or_add(42, 1, 5, 1) == kNoNode);
  CHECK(table.find_or_add(42, 2, 5, 1) == 1);  // as large: an alias
  CHECK(table.find_or_add(42, 3, 7, 2) == 1);  // larger: an alias
  CHECK(table.find_or_add(42, 4, 3, 1) == kNoNode);  // smaller: it stands for the key from now on
  CHECK(table.find_or_add(42, 5, 4, 1) == 4);
  CHECK(table.find_or_add(42, 6, 3, 0) == kNoNode);  // fewer constants: the completions it allows are more
  CHECK(table.find_or_add(7, 8, 3, 0) == kNoNode);
  CHECK(table.size() == 2);
  table.clear();
  CHECK(table.size() == 0);
}

TEST_CASE("the e-graph keys of partial equations prove commuted and rewritten prefixes equal") {
  const std::vector<Op> ops{Op::Add, Op::Sub, Op::Mul};
  Grammar grammar(ops, 2, limits(20));
  // Tokens: + - * x0 x1 c.
  const egraph::Canonicalizer keys;
  const auto key_of = [&](std::initializer_list<std::size_t> tokens) {
    PartialExpr partial(grammar);
    for (const std::size_t t : tokens) partial.push(t);
    return keys.key(partial.to_expr_with_holes());
  };
  CHECK(key_of({2, 0, 3, 4}) == key_of({2, 0, 4, 3}));  // (x0 + x1)·□ and (x1 + x0)·□
  CHECK(key_of({2, 3, 4}) == key_of({2, 4, 3}));        // x0·x1 and x1·x0
  CHECK(key_of({2, 5, 2, 5}) == key_of({2, 5}));        // c·(c·□) is the family c·□
  CHECK(key_of({2, 1, 3, 4}) != key_of({2, 1, 4, 3}));  // (x0 − x1)·□ and (x1 − x0)·□ differ
  CHECK(key_of({0, 3}) != key_of({0, 4}));              // x0 + □ and x1 + □
}

TEST_CASE("transpositions: equivalent children are not searched twice, only with the e-graph") {
  const Dataset data = test::law_dataset(20, 1, [](const std::vector<double>& x) { return std::exp(x[0]); });
  Problem problem = test::small_problem(data, {Op::Add, Op::Mul});
  problem.max_size = 3;  // x, c, x+x, x+c, c+x, x*x, x*c, c*x: c+x and c*x are twins of x+c and x*c
  MctsOptions options;
  options.trees = 1;
  options.iterations_per_round = 4;
  options.library = false;
  MctsSearch search(options);
  const SearchResult with = search.run(problem, test::evaluations(300), SearchOptions{.seed = 1, .threads = 1}, {});
  const SearchResult without =
      search.run(problem, test::evaluations(300), SearchOptions{.seed = 1, .threads = 1, .egraph = false}, {});
  CHECK(with.report.counter("tree_aliases") >= 2);
  CHECK(without.report.counter("tree_aliases") == 0);
  // Fewer iterations exhaust the space, so the same budget sees more passes through it.
  CHECK(with.report.counter("tree_restarts") > without.report.counter("tree_restarts"));
  CHECK(test::as_text(with.front) == test::as_text(without.front));
  MctsOptions off = options;
  off.transpositions = false;
  CHECK(MctsSearch(off).run(problem, test::evaluations(300), SearchOptions{.seed = 1, .threads = 1}, {})
            .report.counter("tree_aliases") == 0);
}

TEST_CASE("modulated sub-tree discovery: a planted factor A of y = A·f becomes the frame A·□") {
  const std::vector<std::string> vars{"x0", "x1"};
  ParseOptions names;
  names.variables = vars;
  const auto entry = [&](const char* text, double loss) {
    ParetoEntry e;
    e.expr = parse(text, names).expr;
    e.loss = loss;
    e.complexity = e.expr.complexity();
    return e;
  };
  // The front approximates sin(x1) by a cubic next to the right factor x0·x0 + 1.
  const std::vector<ParetoEntry> front{entry("x0 + x1", 0.5),
                                       entry("(x0 * x0 + 1) * (x1 - 0.16 * (x1 * x1 * x1))", 1e-3),
                                       entry("2 * x0", 0.3)};
  const std::vector<std::string> with_hole{"x0", "x1", "h"};
  std::vector<std::string> text;
  for (const Expr& frame : frame_candidates(front, 2, 10)) text.push_back(to_infix(frame, {with_hole, {}}));
  // The most accurate equation first, its smaller operand kept first; a constant is no A, but
  // the constant's place is a frame (x0 times what is to be found).
  CHECK(text == std::vector<std::string>{"(x0 * x0 + 1) * h", "h * (x1 - 0.16 * x1 * x1 * x1)", "h * x0", "x0 + h",
                                         "h + x1"});
  const std::vector<Expr> first = frame_candidates(front, 2, 1);
  REQUIRE(first.size() == 1);
  CHECK(frame_candidates(front, 2, 10, 15, first).size() == 4);  // a known frame is not found again
  CHECK(frame_candidates(front, 2, 10, 3).size() == 3);          // A of at most 3 nodes
  const Expr filled = apply_frame(first[0], parse("sin(x1)", names).expr, 2);
  CHECK(to_infix(filled, {vars, {}}) == "(x0 * x0 + 1) * sin(x1)");
  CHECK_THROWS_AS((void)apply_frame(parse("x0 + x1", names).expr, filled, 2), std::invalid_argument);
}

TEST_CASE("a framed tree fills the frame of a planted factor and recovers the law") {
  const Dataset data = test::law_dataset(60, 2, [](const std::vector<double>& x) {
    return (x[0] * x[0] + x[0] + 1.0) * std::sin(x[1] * x[1]);
  }, 5, -1.2, 1.2);
  Problem problem = test::small_problem(data, {Op::Add, Op::Mul, Op::Sin});
  problem.max_size = 30;
  SearchOptions settings{.seed = 3, .threads = 1};
  ParseOptions names;
  names.variables = data.variable_names();
  // A resumed front: the right factor beside a Taylor polynomial of sin(x1²), the front's most
  // accurate equation when the trees start.
  settings.seed_equations = {parse("(x0 * x0 + x0 + 1) * (x1 * x1 - 0.16 * x1 * x1 * x1 * x1 * x1 * x1)", names).expr};
  MctsOptions options;
  options.library = false;
  options.library_interval = 2;
  options.framed_trees = 3;
  Budget budget = test::evaluations(60000);
  budget.early_stop_loss = 1e-20;
  const SearchResult result = MctsSearch(options).run(problem, budget, settings, {});
  CHECK(result.report.counter("frames_taken") >= 1);
  REQUIRE(!result.front.empty());
  CHECK(result.front.back().loss < 1e-20);
  // The same budget without frames stops at the seed's accuracy (seeds 1-5 alike when written).
  MctsOptions unframed = options;
  unframed.framed_trees = 0;
  const SearchResult plain = MctsSearch(unframed).run(problem, budget, settings, {});
  CHECK(plain.report.counter("frames_taken") == 0);
  CHECK(plain.front.back().loss > 1e-10);
}
