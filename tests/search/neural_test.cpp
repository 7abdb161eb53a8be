#include "search/neural/neural_search.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "engine/error.hpp"
#include "engine/evaluator.hpp"
#include "engine/parse.hpp"
#include "search/constraints.hpp"
#include "search/grammar.hpp"
#include "search/method.hpp"
#include "search/neural/policy.hpp"
#include "search/neural/prefix_neighbours.hpp"
#include "search/neural/risk_seeking.hpp"
#include "search/neural/sequence.hpp"
#include "search/portfolio/portfolio_options.hpp"
#include "tests/search/search_support.hpp"

using namespace kepler;
using namespace kepler::neural;

namespace {

const std::vector<Op> kOperators{Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Sin, Op::Cos, Op::Exp, Op::Log};

Grammar small_grammar(std::size_t max_size = 12, std::size_t max_constants = 2) {
  GrammarOptions options;
  options.constraints.max_size = max_size;
  options.constraints.max_depth = 6;
  options.constraints.max_constants = max_constants;
  return Grammar(kOperators, 2, options);
}

std::size_t token_of(const Grammar& grammar, const std::string& text) {
  const std::vector<std::string> names{"x0", "x1"};
  for (std::size_t t = 0; t < grammar.size(); ++t) {
    if (grammar.describe(t, names) == text) return t;
  }
  FAIL("no token " << text);
  return 0;
}

NeuralOptions quick_options() {
  NeuralOptions options;
  options.batch = 200;
  options.gp_steps = 0;
  options.workers = 2;
  return options;
}

}  // namespace

TEST_CASE("the policy's inputs: each position's parent and previous sibling in prefix order") {
  const Grammar grammar = small_grammar();
  const std::size_t plus = token_of(grammar, "+"), times = token_of(grammar, "*"), sin = token_of(grammar, "sin");
  const std::size_t x0 = token_of(grammar, "x0"), x1 = token_of(grammar, "x1"), c = token_of(grammar, "c");
  // + x0 * sin x1 c  =  x0 + sin(x1) · c
  PrefixNeighbours at(grammar);
  const std::size_t none = at.none();
  CHECK(none == grammar.size());
  const std::vector<std::size_t> sequence{plus, x0, times, sin, x1, c};
  const std::vector<std::pair<std::size_t, std::size_t>> expected{
      {none, none}, {plus, none}, {plus, x0}, {times, none}, {sin, none}, {times, sin}};
  for (std::size_t k = 0; k < sequence.size(); ++k) {
    CHECK(at.parent() == expected[k].first);
    CHECK(at.sibling() == expected[k].second);
    at.push(sequence[k]);
  }
  CHECK(at.parent() == none);  // complete
}

TEST_CASE("the risk-seeking estimator keeps exactly the top ε quantile, its lowest reward the baseline") {
  std::vector<double> rewards(100);
  std::iota(rewards.begin(), rewards.end(), 0.0);
  std::shuffle(rewards.begin(), rewards.end(), std::mt19937_64(3));
  const Elite elite = select_elite(rewards, 0.05);
  CHECK(elite.baseline == 95.0);
  REQUIRE(elite.members.size() == 5);
  for (const std::size_t i : elite.members) CHECK(rewards[i] >= 95.0);
  CHECK(std::is_sorted(elite.members.begin(), elite.members.end()));

  // Ties at the quantile all stay; ε = 1 keeps everything with the lowest reward as baseline.
  const std::vector<double> tied{0.1, 0.5, 0.5, 0.5, 0.2};
  CHECK(select_elite(tied, 0.3).members == std::vector<std::size_t>{1, 2, 3});
  CHECK(select_elite(tied, 1.0).members.size() == 5);
  CHECK(select_elite(tied, 1.0).baseline == 0.1);
  CHECK_THROWS_AS((void)select_elite(tied, 0.0), std::invalid_argument);
  CHECK_THROWS_AS((void)select_elite(std::vector<double>{}, 0.5), std::invalid_argument);
}

TEST_CASE("equivalent elite samples are one term of the estimator; without keys every sample is") {
  const std::vector<double> rewards{0.9, 0.8, 0.9, 0.1};
  const std::vector<std::uint64_t> keys{5, 7, 5, 9};
  const Elite elite = select_elite(rewards, 0.75);  // baseline 0.8: samples 0, 1, 2
  REQUIRE(elite.members == std::vector<std::size_t>{0, 1, 2});
  const std::vector<Term> shared = estimator_terms(elite, rewards, keys);
  REQUIRE(shared.size() == 2);
  CHECK(shared[0].sequences == std::vector<std::size_t>{0, 2});
  CHECK(shared[0].weight == doctest::Approx((0.9 - 0.8) / 2));
  CHECK(shared[1].sequences == std::vector<std::size_t>{1});
  CHECK(shared[1].weight == 0.0);
  const std::vector<Term> apart = estimator_terms(elite, rewards, {});
  REQUIRE(apart.size() == 3);
  CHECK(apart[2].sequences == std::vector<std::size_t>{2});
  CHECK(apart[0].weight == doctest::Approx((0.9 - 0.8) / 3));
}

TEST_CASE("equations become the token sequences that write them, where the grammar can") {
  const Grammar grammar = small_grammar();
  const std::vector<std::string> names{"x0", "x1"};
  const Expr f = parse_expr("x0 + sin(x1 * 2.5)", names);
  const auto sequence = to_sequence(f, grammar);
  REQUIRE(sequence.has_value());
  CHECK(sequence->size() == f.size());
  const Expr written = to_expr(*sequence, grammar);  // its constant starts at 1
  Expr refitted = written;
  refitted.set_parameters(std::vector<double>{2.5});
  const std::vector<double> x{0.3, 0.7};
  CHECK(evaluate_point(refitted, x) == doctest::Approx(evaluate_point(f, x)));
  // Not in the grammar: an operator it lacks, a column past its variables, a size past its limit.
  CHECK_FALSE(to_sequence(parse_expr("sqrt(x0)", names), grammar).has_value());
  CHECK_FALSE(to_sequence(build::var(5), grammar).has_value());
  CHECK_FALSE(to_sequence(parse_expr("x0 + x0 + x0 + x0 + x0 + x0 + x0", names), grammar).has_value());
}

TEST_CASE("masks make every sample valid: each completes within every constraint") {
  const Grammar grammar = small_grammar(10, 1);
  Policy policy(grammar, NeuralOptions{}, 1);
  std::mt19937_64 rng(2);
  const std::vector<Sequence> samples = policy.sample(2000, rng);
  REQUIRE(samples.size() == 2000);
  std::size_t distinct_sizes = 0;
  std::vector<bool> seen(11, false);
  for (const Sequence& s : samples) {
    const Expr f = to_expr(s, grammar);
    CHECK(satisfies(f, grammar.constraints()));
    CHECK(f.size() <= 10);
    CHECK(f.parameter_count() <= 1);
    if (!seen[f.size()]) ++distinct_sizes, seen[f.size()] = true;
  }
  CHECK(distinct_sizes >= 4);  // an untrained policy writes equations of many sizes
}

TEST_CASE("the policy's log-probabilities and next-token distribution follow its masks") {
  const Grammar grammar = small_grammar();
  Policy policy(grammar, NeuralOptions{}, 4);
  std::mt19937_64 rng(5);
  const std::vector<Sequence> samples = policy.sample(3, rng);
  const std::vector<double> log_p = policy.log_probabilities(samples);
  REQUIRE(log_p.size() == 3);
  for (std::size_t i = 0; i < samples.size(); ++i) {
    // The product of the next-token probabilities along the sequence.
    double expected = 0.0;
    for (std::size_t t = 0; t < samples[i].size(); ++t) {
      const std::vector<double> p =
          policy.next_token_probabilities(std::span<const std::size_t>(samples[i].data(), t));
      expected += std::log(p[samples[i][t]]);
    }
    CHECK(log_p[i] == doctest::Approx(expected).epsilon(1e-4));
  }
  // After "sin", trigonometry is forbidden (no trig inside trig) and gets probability 0.
  const std::vector<double> p = policy.next_token_probabilities(std::vector<std::size_t>{token_of(grammar, "sin")});
  CHECK(std::accumulate(p.begin(), p.end(), 0.0) == doctest::Approx(1.0));
  CHECK(p[token_of(grammar, "cos")] == 0.0);
  CHECK(p[token_of(grammar, "sin")] == 0.0);
  CHECK(p[token_of(grammar, "x0")] > 0.0);
}

TEST_CASE("a term of equivalent sequences is weighted by the log of their summed probability") {
  const Grammar grammar = small_grammar();
  Policy policy(grammar, NeuralOptions{}, 6);
  const std::size_t plus = token_of(grammar, "+"), x0 = token_of(grammar, "x0"), x1 = token_of(grammar, "x1");
  const std::vector<Sequence> twins{{plus, x0, x1}, {plus, x1, x0}};  // x0 + x1 and x1 + x0
  const std::vector<double> log_p = policy.log_probabilities(twins);
  const std::vector<Term> terms{{{0, 1}, 0.25}};
  const double loss = policy.step(twins, terms, /*entropy_weight=*/0.0);
  CHECK(loss == doctest::Approx(-0.25 * std::log(std::exp(log_p[0]) + std::exp(log_p[1]))).epsilon(1e-5));
  // The step raised the pair's probability.
  const std::vector<double> after = policy.log_probabilities(twins);
  CHECK(std::exp(after[0]) + std::exp(after[1]) > std::exp(log_p[0]) + std::exp(log_p[1]));
}

TEST_CASE("the policy's mean reward on a fixed simple target rises over a fixed number of steps") {
  const Dataset data = test::law_dataset(40, 1, [](const std::vector<double>& x) { return x[0] * x[0] + x[0]; });
  Problem problem = test::small_problem(data, {Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Sin, Op::Exp, Op::Log});
  problem.max_size = 12;
  NeuralOptions options = quick_options();
  // Faster learning than DSR's defaults, and no entropy bonus, so that 60 steps of 200 samples show it.
  options.learning_rate = 0.01;
  options.entropy_weight = 0.0;
  NeuralSearch search(options);
  const SearchResult result = search.run(problem, test::evaluations(60000), SearchOptions{.seed = 3, .threads = 2}, {});
  const std::span<const double> rewards = search.mean_rewards();
  REQUIRE(rewards.size() >= 20);
  const auto mean = [](std::span<const double> r) { return std::accumulate(r.begin(), r.end(), 0.0) / double(r.size()); };
  const double first = mean(rewards.first(5)), last = mean(rewards.last(5));
  MESSAGE("mean reward of the first 5 batches " << first << ", of the last 5 " << last << " over " << rewards.size());
  CHECK(last > first + 0.1);
  CHECK(result.report.counter("policy_steps") == static_cast<double>(rewards.size()));
}

TEST_CASE("neural search: deterministic for a seed whatever the threads; equivalent samples share reward") {
  const Dataset data = test::law_dataset(60, 2, [](const std::vector<double>& x) { return x[0] * x[1] + x[0]; });
  const Problem problem = test::small_problem(data, kOperators);
  NeuralOptions options = quick_options();
  options.gp_steps = 100;
  options.gp_seeds = 20;
  options.gp_train = 10;
  NeuralSearch search(options);
  const SearchResult a = search.run(problem, test::evaluations(20000), SearchOptions{.seed = 7, .threads = 1}, {});
  const SearchResult b = search.run(problem, test::evaluations(20000), SearchOptions{.seed = 7, .threads = 2}, {});
  CHECK(a.report.stop_reason == StopReason::EvaluationLimit);
  CHECK(test::as_text(a.front) == test::as_text(b.front));
  CHECK(a.report.counter("samples") == b.report.counter("samples"));
  CHECK(a.report.counter("gp_members_trained") > 0);
  CHECK(a.report.counter("shared_samples") > 0);

  // Without the e-graph the keys prove nothing, and nothing is shared.
  const SearchResult syntactic =
      search.run(problem, test::evaluations(20000), SearchOptions{.seed = 7, .threads = 2, .egraph = false}, {});
  CHECK(syntactic.report.counter("shared_samples") == 0);
  options.share_rewards = false;
  NeuralSearch apart(options);
  CHECK(apart.run(problem, test::evaluations(20000), SearchOptions{.seed = 7, .threads = 2}, {})
            .report.counter("shared_samples") == 0);
}

TEST_CASE("neural search recovers y = x0·x1 + x0 under a fixed seed and evaluation budget") {
  const Dataset data = test::law_dataset(60, 2, [](const std::vector<double>& x) { return x[0] * x[1] + x[0]; });
  const Problem problem = test::small_problem(data, kOperators);
  NeuralSearch search;
  Budget budget = test::evaluations(300000);
  budget.early_stop_loss = 1e-20;
  const SearchResult result = search.run(problem, budget, SearchOptions{.seed = 1, .threads = 2}, {});
  REQUIRE(!result.front.empty());
  CHECK(result.front.back().loss < 1e-20);
  CHECK(result.report.stop_reason == StopReason::EarlyStop);
}

TEST_CASE("neural search is a registered method and a default portfolio member; invalid settings name the field and the rule") {
  CHECK(make_search("neural")->name() == "neural");
  const std::vector<std::string> members = portfolio::PortfolioOptions{}.members;
  CHECK(std::find(members.begin(), members.end(), "neural") != members.end());
  const auto invalid = [](auto change) {
    NeuralOptions options;
    change(options);
    return options;
  };
  CHECK_THROWS_WITH(invalid([](NeuralOptions& o) { o.batch = 1; }).validate(), "neural.batch: must be at least 2");
  CHECK_THROWS_WITH(invalid([](NeuralOptions& o) { o.epsilon = 0.0; }).validate(), "neural.epsilon: must lie in (0, 1]");
  CHECK_THROWS_WITH(invalid([](NeuralOptions& o) { o.hidden = 0; }).validate(), "neural.hidden: must lie in [1, 1024]");
  CHECK_THROWS_WITH(invalid([](NeuralOptions& o) { o.learning_rate = -1.0; }).validate(),
                    "neural.learning_rate: must be positive");
  CHECK_THROWS_WITH(invalid([](NeuralOptions& o) { o.workers = 0; }).validate(), "neural.workers: must be at least 1");
  CHECK_NOTHROW(NeuralOptions{}.validate());
}
