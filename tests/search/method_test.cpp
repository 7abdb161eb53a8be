#include "search/method.hpp"

#include <doctest/doctest.h>

#include "engine/error.hpp"
#include "search/discover.hpp"
#include "search/gp/gp_options.hpp"
#include "search/mcts/mcts_options.hpp"
#include "tests/search/search_support.hpp"

using namespace kepler;

namespace {

DiscoverOptions small_run() {
  DiscoverOptions options;
  options.operators = {Op::Add, Op::Mul};
  options.budget.max_evaluations = 3000;
  options.budget.seconds = 600;
  options.search.threads = 1;
  return options;
}

}  // namespace

TEST_CASE("the registry is a table of named methods with their options") {
  REQUIRE(!methods().empty());
  CHECK(search_names().front() == "gp");
  const Method& gp = find_method("gp");
  CHECK(!gp.description.empty());
  CHECK(std::any_cast<gp::GpOptions>(gp.default_options()).islands == gp::GpOptions{}.islands);
  CHECK(make_search("gp")->name() == "gp");
  CHECK(make_search("mcts")->name() == "mcts");
  CHECK(std::any_cast<mcts::MctsOptions>(find_method("mcts").default_options()).trees == mcts::MctsOptions{}.trees);
  std::string known;
  for (const std::string& name : search_names()) known += (known.empty() ? "" : ", ") + name;
  CHECK(known.starts_with("gp, mcts"));  // then neural, when built with libtorch
  CHECK_THROWS_WITH((void)find_method("anneal"), ("method: unknown search method 'anneal' (known: " + known + ")").c_str());
  mcts::MctsOptions bad;
  bad.trees = 0;
  CHECK_THROWS_WITH((void)make_search("mcts", bad), "mcts.trees: must be at least 1");
  CHECK_THROWS_WITH((void)make_search("mcts", gp::GpOptions{}),
                    "method_options: method 'mcts' takes kepler::mcts::MctsOptions, given another type");
}

TEST_CASE("a method's options travel in DiscoverOptions, checked by the method") {
  const Dataset data = test::law_dataset(40, 1, [](const std::vector<double>& x) { return 3 * x[0] + 1; });
  DiscoverOptions options = small_run();
  options.method = "gp";
  options.budget.early_stop_loss = 1e-20;  // y = 3x + 1 is x scaled: found among the first members
  gp::GpOptions gp;
  gp.islands = 1;
  gp.population = 16;
  options.method_options = gp;
  const Discovery one_island = discover(data, options);
  options.method_options = {};
  const Discovery defaults = discover(data, options);
  CHECK(one_island.report.stop_reason == StopReason::EarlyStop);
  CHECK(defaults.report.stop_reason == StopReason::EarlyStop);
  // Stopped before breeding: the initial populations, eight islands of 64 against one of 16.
  CHECK(one_island.report.counter("offspring") == 0);
  CHECK(one_island.report.counter("proposed") <= 16 + 48 + 16);
  CHECK(defaults.report.counter("proposed") >= 8 * 64);

  gp.population = 2;  // fewer than the tournament
  options.method_options = gp;
  CHECK_THROWS_WITH((void)discover(data, options), "gp.population: must be at least the tournament size");
  options.method_options = 42;
  CHECK_THROWS_WITH((void)discover(data, options),
                    "method_options: method 'gp' takes kepler::gp::GpOptions, given another type");
  options.method_options = {};
  options.method = "anneal";
  CHECK_THROWS_AS((void)discover(data, options), InputError);
}

TEST_CASE("library errors name fields, not command-line flags") {
  const Dataset data = test::law_dataset(40, 1, [](const std::vector<double>& x) { return x[0]; });
  DiscoverOptions options = small_run();
  options.budget.seconds = -1;
  CHECK_THROWS_WITH((void)discover(data, options), "budget.seconds: must be a positive number of seconds");
  options = small_run();
  options.validation_fraction = 1.5;
  CHECK_THROWS_WITH((void)discover(data, options), "validation_fraction: must lie in [0, 1)");
  options = small_run();
  options.max_size = 0;
  CHECK_THROWS_WITH((void)discover(data, options), "problem.max_size: must be at least 1");
}
