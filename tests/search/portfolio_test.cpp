#include "search/portfolio/portfolio_search.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/error.hpp"
#include "engine/parse.hpp"
#include "engine/print.hpp"
#include "search/candidate.hpp"
#include "search/context.hpp"
#include "search/portfolio/schedule.hpp"
#include "tests/search/search_support.hpp"

using namespace kepler;
using namespace kepler::portfolio;

namespace {

Expr parsed(const std::string& text) {
  static const std::vector<std::string> names = {"x0", "x1"};
  ParseOptions options;
  options.variables = names;
  return parse(text, options).expr;
}

// Offers one equation in its first round, then idles.
class Planter final : public Search {
 public:
  explicit Planter(Expr f) : f_(std::move(f)) {}
  [[nodiscard]] std::string_view name() const noexcept override { return "planter"; }
  void start(SearchContext& context, std::uint64_t) override { pipeline_ = &context.add_pipeline(8); }
  void round(SearchContext&) override {
    if (planted_) return;
    if (const auto c = pipeline_->score(f_)) pipeline_->offer(*c);
    planted_ = true;
  }
  [[nodiscard]] bool exhausted() const noexcept override { return planted_; }

 private:
  Expr f_;
  CandidatePipeline* pipeline_ = nullptr;
  bool planted_ = false;
};

// Looks for an equation on the shared front, and scores it through its own pipeline.
class Watcher final : public Search {
 public:
  explicit Watcher(Expr f) : f_(std::move(f)) {}
  [[nodiscard]] std::string_view name() const noexcept override { return "watcher"; }
  void start(SearchContext& context, std::uint64_t) override { pipeline_ = &context.add_pipeline(8); }
  void round(SearchContext& context) override {
    for (const ParetoEntry& e : context.front()) seen_ = seen_ || to_infix(e.expr) == to_infix(f_);
    if (seen_ && !scored_) {
      (void)pipeline_->score(f_);
      scored_ = true;
      // The pipeline is the context's, gone with it after the run: keep what it counted.
      cache_hits_ = pipeline_->counters().cache_hits;
      fitted_ = pipeline_->counters().fitted;
    }
  }
  [[nodiscard]] bool exhausted() const noexcept override { return scored_; }
  bool seen_ = false;
  bool scored_ = false;
  std::uint64_t cache_hits_ = 0;
  std::uint64_t fitted_ = 0;
  CandidatePipeline* pipeline_ = nullptr;

 private:
  Expr f_;
};

}  // namespace

TEST_CASE("the schedule gives the contributing member most of the budget and the others their floor") {
  Schedule schedule(3, ShareRule{.floor = 0.1});
  std::vector<std::uint64_t> spent(3, 0);
  const std::vector<bool> all(3, true);
  for (int round = 0; round < 3000; ++round) {
    const std::size_t m = schedule.next(all);
    const std::uint64_t evaluations = m == 2 ? 5000 : 1000;  // member 2's rounds are long
    spent[m] += evaluations;
    schedule.record(m, static_cast<double>(evaluations), m == 0 ? 0.5 : 0.0);  // member 0 feeds the front
  }
  const double total = static_cast<double>(spent[0] + spent[1] + spent[2]);
  // Weights 1 : 0.1 : 0.1, so shares of 1/1.2 and 0.1/1.2.
  CHECK(static_cast<double>(spent[0]) / total == doctest::Approx(1.0 / 1.2).epsilon(0.03));
  CHECK(static_cast<double>(spent[1]) / total == doctest::Approx(0.1 / 1.2).epsilon(0.1));
  CHECK(static_cast<double>(spent[2]) / total == doctest::Approx(0.1 / 1.2).epsilon(0.1));
  CHECK(schedule.weight(1) == doctest::Approx(0.1 * schedule.weight(0)));
  // Unavailable members are skipped.
  CHECK(schedule.next({false, true, false}) == 1);
}

TEST_CASE("members share the front and the cache: what one finds, another sees and does not fit again") {
  const Dataset data = test::law_dataset(40, 2, [](const std::vector<double>& x) { return 2.0 * x[0] * std::exp(x[1]); });
  const Problem problem = test::small_problem(data, {Op::Add, Op::Mul, Op::Exp});
  const Expr law = parsed("x0 * exp(x1)");
  std::vector<std::unique_ptr<Search>> members;
  members.push_back(std::make_unique<Planter>(law));
  members.push_back(std::make_unique<Watcher>(law));
  auto* watcher = static_cast<Watcher*>(members.back().get());
  PortfolioSearch portfolio(std::move(members));
  const SearchResult result = portfolio.run(problem, test::evaluations(1000), SearchOptions{.threads = 1}, {});
  CHECK(result.report.stop_reason == StopReason::Exhausted);
  CHECK(watcher->seen_);
  REQUIRE(watcher->scored_);
  CHECK(watcher->cache_hits_ == 1);
  CHECK(watcher->fitted_ == 0);
  CHECK(result.report.counter("planter_admitted") == 1);
  CHECK(result.report.counter("watcher_admitted") == 0);
}

TEST_CASE("the portfolio recovers a law under an evaluation budget, with the same front on 1 and 2 threads") {
  const Dataset data = test::law_dataset(60, 2, [](const std::vector<double>& x) { return x[0] * x[0] * x[1] + std::sin(x[1]); });
  const Problem problem = test::small_problem(data, {Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Sin, Op::Exp});
  const Budget budget = test::evaluations(400'000);
  PortfolioOptions options;
  options.lead_fraction = 0.1;  // the law has 8 core nodes: past the enumerator's lead
  const SearchResult a = PortfolioSearch(options).run(problem, budget, SearchOptions{.seed = 3, .threads = 1}, {});
  const SearchResult b = PortfolioSearch(options).run(problem, budget, SearchOptions{.seed = 3, .threads = 2}, {});
  CHECK(test::as_text(a.front) == test::as_text(b.front));
  CHECK(a.report.counter("gp_evaluations") == b.report.counter("gp_evaluations"));
  REQUIRE(!a.front.empty());
  CHECK(a.front.back().loss < 1e-12);
  for (const std::string& member : default_members()) {
    INFO(member);
    CHECK(a.report.counter(member + "_rounds") > 0);
  }
}

TEST_CASE("the enumerator leads: a law of a few nodes is found before the other members run") {
  const Dataset data = test::law_dataset(40, 1, [](const std::vector<double>& x) { return std::sin(x[0] * x[0]) * std::cos(x[0]) - 1.0; });
  const Problem problem = test::small_problem(data, {Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Sin, Op::Cos, Op::Exp, Op::Log});
  Budget budget = test::evaluations(5'000'000);
  budget.early_stop_loss = 1e-20;
  const SearchResult result = PortfolioSearch().run(problem, budget, SearchOptions{.threads = 1}, {});
  CHECK(result.report.stop_reason == StopReason::EarlyStop);
  CHECK(result.front.back().loss < 1e-20);
  CHECK(result.report.counter("enumerate_admitted") > 0);
  CHECK(result.report.counter("gp_rounds") == 0);
  CHECK(result.report.counter("mcts_rounds") == 0);
}

TEST_CASE("a stagnating run restarts its idlest member; an improving one does not") {
  // A target no equation reaches: the front soon stops improving.
  const Dataset noise = test::law_dataset(50, 1, [](const std::vector<double>& x) {
    return std::fmod(std::floor(x[0] * 1e6), 7.0);
  });
  Problem problem = test::small_problem(noise, {Op::Add, Op::Mul, Op::Sin});
  problem.max_size = 7;  // a front of a few entries, soon as good as it gets
  PortfolioOptions options;
  options.members = {"gp", "mcts"};
  options.stagnation_evaluations = 20'000;
  const SearchResult stuck = PortfolioSearch(options).run(problem, test::evaluations(600'000), SearchOptions{.threads = 1}, {});
  CHECK(stuck.report.counter("restarts") > 0);
  options.stagnation_evaluations = 0;
  const SearchResult never = PortfolioSearch(options).run(problem, test::evaluations(600'000), SearchOptions{.threads = 1}, {});
  CHECK(never.report.counter("restarts") == 0);
}

TEST_CASE("portfolio options are checked") {
  PortfolioOptions options;
  options.members = {"gp", "gp"};
  CHECK_THROWS_AS(options.validate(), InputError);
  options.members = {"portfolio"};
  CHECK_THROWS_AS(options.validate(), InputError);
  options.members = {"nope"};
  CHECK_THROWS_AS(options.validate(), InputError);
  options.members = {"gp"};
  options.share.floor = 0.0;
  CHECK_THROWS_AS(options.validate(), InputError);
}
