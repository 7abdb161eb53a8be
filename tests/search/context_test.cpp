#include "search/context.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "engine/parse.hpp"
#include "engine/print.hpp"
#include "search/gp/gp_search.hpp"
#include "tests/search/search_support.hpp"

using namespace kepler;

namespace {

Dataset sample() {
  return test::law_dataset(40, 2, [](const std::vector<double>& x) { return x[0] * x[1] + std::sin(x[0]); });
}

using test::evaluations;

Problem problem_for(const Dataset& data) {
  return test::small_problem(data, {Op::Add, Op::Sub, Op::Mul, Op::Sin});
}

using test::as_text;

struct TwoSearches {
  SearchResult result;
  std::uint64_t cached_equations = 0;
};

// Two GP searches with different seeds in one context on `threads` threads.
TwoSearches two_gps(const Problem& problem, std::size_t threads, std::uint64_t budget) {
  tbb::task_arena arena(static_cast<int>(threads));
  const Observer observer;
  SearchContext context(problem, evaluations(budget), SearchOptions{.seed = 3, .threads = threads}, observer, arena);
  gp::GpOptions small;
  small.islands = 3;
  gp::GpSearch a(small), b(small);
  TwoSearches out;
  out.result = run_searches(context, {&a, &b});
  out.cached_equations = context.cache().equations();
  return out;
}

}  // namespace

TEST_CASE("two searches in one context share the front, the cache and the budget, deterministically") {
  const Dataset data = sample();
  const Problem problem = problem_for(data);
  const TwoSearches one = two_gps(problem, 1, 30000);
  const TwoSearches two = two_gps(problem, 2, 30000);
  CHECK(one.result.report.stop_reason == StopReason::EvaluationLimit);
  CHECK(as_text(one.result.front) == as_text(two.result.front));
  CHECK(one.result.report.evaluations == two.result.report.evaluations);
  CHECK(one.result.report.counters.size() == two.result.report.counters.size());
  for (const Counter& c : one.result.report.counters) {
    if (!c.name.ends_with("_seconds")) CHECK_MESSAGE(c.value == two.result.report.counter(c.name), c.name);
  }
  // One budget: the run stops at the first barrier past it, counted over both searches.
  CHECK(one.result.report.evaluations >= 30000);
  CHECK(one.result.report.evaluations < 60000);
  // Both searches bred (six islands in all), and the shared cache answered some candidates (that
  // one worker sees another's entries is the next test's).
  CHECK(one.result.report.counter("offspring") > 0);
  CHECK(one.result.report.counter("cache_hits") > 0);
  CHECK(one.cached_equations > 0);

  // The second search draws from its own seed: two searches are not one search twice.
  gp::GpOptions small;
  small.islands = 3;
  gp::GpSearch alone(small);
  const SearchResult single = alone.run(problem, evaluations(30000), SearchOptions{.seed = 3, .threads = 1}, {});
  CHECK(as_text(single.front) != as_text(one.result.front));
}

TEST_CASE("a worker sees another's lessons only after the barrier") {
  const Dataset data = sample();
  const Problem problem = problem_for(data);
  tbb::task_arena arena(1);
  const Observer observer;
  SearchContext context(problem, evaluations(1000), SearchOptions{}, observer, arena);
  CandidatePipeline& first = context.add_pipeline(8);
  CandidatePipeline& second = context.add_pipeline(8);
  const std::vector<std::string> names{"x0", "x1"};
  const auto law = first.score(parse_expr("x0*x1 + sin(x0)", names));
  REQUIRE(law);
  first.offer(*law);
  const auto twin = parse_expr("sin(x0) + x1*x0", names);  // commuted: the same key
  const auto again = second.score(twin);
  REQUIRE(again);
  CHECK(again->key == law->key);
  second.offer(*again);
  CHECK(second.counters().cache_hits == 0);  // not yet merged: fitted afresh
  CHECK(second.counters().fitted == 1);
  CHECK(context.barrier());  // both offered the same model: it joined the front
  REQUIRE(context.front().size() == 1);
  CHECK(context.front()[0].loss < 1e-20);
  CHECK(context.front()[0].scale == doctest::Approx(1.0));  // the scaling comes with the core
  CHECK(context.front()[0].offset == doctest::Approx(0.0).epsilon(1e-9));
  CHECK(context.cache().equations() == 1);  // the first to learn the key wins
  REQUIRE(second.score(twin));
  CHECK(second.counters().cache_hits == 1);
  // A candidate from the cache counts one evaluation, as a scored one does.
  CHECK(second.evaluations() == second.scorer().evaluations() + 1);
  CHECK(context.evaluations() == first.evaluations() + second.evaluations());
}

TEST_CASE("an exchange adopts equations from elsewhere and decides when the search stops") {
  const Dataset data = sample();
  const Problem problem = problem_for(data);
  const std::vector<std::string> names{"x0", "x1"};
  int calls = 0;
  std::vector<bool> would_stop;
  Observer observer;
  observer.exchange = [&](const std::vector<ParetoEntry>&, std::optional<StopReason> reason) {
    would_stop.push_back(reason.has_value());
    Exchange answer;
    if (++calls == 2) answer.equations.push_back(parse_expr("x0*x1 + sin(x0)", names));
    if (calls == 4) answer.stop = StopReason::Cancelled;  // another process's reason
    return answer;
  };
  gp::GpOptions small;
  small.islands = 2;
  small.population = 16;
  gp::GpSearch search(small);
  // A budget spent long before the exchange says stop: the search goes on until it does.
  const SearchResult result = search.run(problem, evaluations(1), SearchOptions{.seed = 5, .threads = 1}, observer);
  CHECK(calls == 4);
  CHECK(would_stop == std::vector<bool>{true, true, true, true});
  CHECK(result.report.stop_reason == StopReason::Cancelled);
  CHECK(result.report.counter("arrivals") == 1);
  REQUIRE_FALSE(result.front.empty());
  CHECK(result.front.back().loss < 1e-20);  // the arrival, scored here, joined the front
}

TEST_CASE("the cache holds at most two generations and keeps the entries in use") {
  CandidateCache cache(4);
  for (std::uint64_t k = 0; k < 4; ++k) cache.learn_key(k, 100 + k);
  CHECK(cache.keys() == 4);
  cache.learn_key(4, 104);  // the newer generation was full: it becomes the older
  CHECK(cache.keys() == 5);
  CHECK(cache.key(0).first != nullptr);
  CHECK(cache.key(0).second);  // found in the older generation

  // A worker that uses key 0 learns it again, so it survives the next turnover.
  CacheDelta worker(cache);
  REQUIRE(worker.key(0) != nullptr);
  CHECK(*worker.key(0) == 100);
  worker.merge_into(cache);
  for (std::uint64_t k = 5; k < 8; ++k) cache.learn_key(k, 100 + k);
  CHECK(cache.keys() <= 8);
  CHECK(cache.key(0).first != nullptr);
  CHECK(cache.key(1).first == nullptr);  // unused: forgotten
  cache.learn_key(0, 999);                // a known key keeps its first value
  CHECK(*cache.key(0).first == 100);
}

TEST_CASE("progress may be reported from any worker, serialized and rate-limited") {
  const Dataset data = sample();
  const Problem problem = problem_for(data);
  tbb::task_arena arena(2);
  int calls = 0;  // unguarded on purpose: the context serializes the observer (TSan checks it)
  Observer observer;
  observer.on_progress = [&](const Progress&) { ++calls; };
  SearchContext context(problem, evaluations(10), SearchOptions{}, observer, arena);
  context.parallel_for(8, [&](std::size_t) { context.report_progress(); });
  CHECK(calls == 1);  // within 0.2 s of each other: one call
}

TEST_CASE("a context checks what it is given") {
  const Dataset data = sample();
  Problem problem = problem_for(data);
  tbb::task_arena arena(1);
  const Observer observer;
  SearchOptions options;
  options.cache_capacity = 0;
  CHECK_THROWS_WITH(SearchContext(problem, evaluations(10), options, observer, arena),
                    "cache_capacity: must be at least 1");
  problem.max_size = 0;
  CHECK_THROWS_WITH(SearchContext(problem, evaluations(10), SearchOptions{}, observer, arena),
                    doctest::Contains("problem.max_size"));
}

TEST_CASE("an early stop needs an equation with two training rows per constant") {
  // 5 rows of exp(x0²): a quartic with four fitted coefficients and the scaling's offset runs
  // through every row, which is no evidence of the law; exp(x0²) with none is.
  const Dataset data = test::law_dataset(5, 1, [](const std::vector<double>& x) { return std::exp(x[0] * x[0]); });
  const Problem problem = test::small_problem(data, {Op::Add, Op::Mul, Op::Exp});
  const std::vector<std::string> names{"x0"};
  Budget budget = evaluations(2000);
  budget.early_stop_loss = 1e-10;
  tbb::task_arena arena(1);
  const Observer observer;
  SearchContext context(problem, budget, SearchOptions{}, observer, arena);
  CandidatePipeline& pipeline = context.add_pipeline(200);
  const auto offer = [&](const Expr& f) {
    const auto candidate = pipeline.score(f);
    REQUIRE(candidate);
    pipeline.offer(*candidate);
    context.barrier();
    return candidate->loss;
  };
  CHECK(offer(test::parse_with_constants("(((a*x0 + b)*x0 + c)*x0 + d)*x0", names)) <= 1e-10);  // it reaches the loss
  CHECK_FALSE(context.stop_reason());                                                      // and the run goes on
  CHECK(offer(parse_expr("exp(x0 * x0)", names)) <= 1e-10);
  CHECK(context.stop_reason() == StopReason::EarlyStop);
}
