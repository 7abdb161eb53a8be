#include "search/gp/gp_search.hpp"

#include <tbb/task_arena.h>

#include <chrono>
#include <cmath>
#include <memory>
#include <optional>
#include <random>
#include <utility>

#include "engine/error.hpp"
#include "search/candidate.hpp"
#include "search/gp/island.hpp"
#include "search/gp/variation.hpp"
#include "search/parallel.hpp"

namespace kepler::gp {
namespace {

using Clock = std::chrono::steady_clock;

// SplitMix64: independent seeds for the islands from one master seed.
std::uint64_t split_mix(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

void GpOptions::validate() const {
  const auto fail = [](const char* field, const char* rule) {
    throw InputError(std::string("gp.") + field, rule);
  };
  if (islands == 0) fail("islands", "must be at least 1");
  if (tournament == 0) fail("tournament", "must be at least 1");
  if (population < tournament) fail("population", "must be at least the tournament size");
  if (steps_per_round == 0) fail("steps_per_round", "must be at least 1");
  if (!(crossover_probability >= 0.0 && crossover_probability <= 1.0)) {
    fail("crossover_probability", "must lie in [0, 1]");
  }
  if (!(parsimony >= 0.0)) fail("parsimony", "must be non-negative");
  if (!(constant_weight >= 0.0)) fail("constant_weight", "must be non-negative");
  if (fit_iterations <= 0) fail("fit_iterations", "must be positive");
  if (initial_max_size == 0) fail("initial_max_size", "must be at least 1");
}

SearchResult GpSearch::run(const Problem& problem, const Budget& budget,
                           const SearchOptions& options, const Observer& observer) {
  problem.validate();
  budget.validate();
  options_.validate();
  validate_seeds(options.seed_equations, problem);
  const auto start = Clock::now();
  const auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };

  const VariationContext context = make_variation_context(problem.operators, problem.train->variables());
  std::optional<egraph::Canonicalizer> canonicalizer;
  if (options.egraph) {
    egraph::KeyOptions key_options;
    key_options.positive_variables = positive_columns(*problem.train);
    canonicalizer.emplace(std::move(key_options));
  }
  std::uint64_t seed_state = options.seed;
  const Constraints constraints = Constraints::of(problem);
  std::vector<std::unique_ptr<Island>> islands;
  std::vector<std::unique_ptr<CandidatePipeline>> pipelines;
  for (std::size_t i = 0; i < options_.islands; ++i) {
    islands.push_back(std::make_unique<Island>(problem, options_, context, split_mix(seed_state)));
    pipelines.push_back(std::make_unique<CandidatePipeline>(problem, constraints, canonicalizer ? &*canonicalizer : nullptr,
                                                            options_.fit_iterations));
  }
  std::mt19937_64 rng(split_mix(seed_state));

  const int threads = options.threads == 0 ? tbb::this_task_arena::max_concurrency()
                                           : static_cast<int>(options.threads);
  tbb::task_arena arena(threads);
  const auto for_each_island = [&](const auto& work) { parallel_for_each(arena, islands.size(), work); };
  const auto out_of_time = [&] { return observer.cancelled() || elapsed() >= budget.seconds; };

  ParetoFront front;
  // Seeds join every island (scored there, so islands stay independent) and the front.
  for_each_island([&](std::size_t i) {
    islands[i]->initialize(*pipelines[i]);
    for (const Expr& seed : options.seed_equations) {
      if (const auto member = islands[i]->adopt(seed, *pipelines[i]); member && i == 0) {
        front.insert(member->f, member->loss);
      }
    }
  });
  FrontReporter checkpoints(observer);
  bool seeded = front.size() > 0;
  std::vector<std::vector<Individual>> offers(islands.size());
  SearchReport report;
  double last_progress = -1.0;
  while (true) {
    for_each_island([&](std::size_t i) {
      offers[i].clear();
      islands[i]->evolve(options_.steps_per_round, *pipelines[i], offers[i], out_of_time);
    });
    bool front_changed = std::exchange(seeded, false);
    for (const auto& island_offers : offers) {
      for (const Individual& individual : island_offers) {
        front_changed = front.insert(individual.f, individual.loss) || front_changed;
      }
    }
    report.evaluations = 0;
    for (const auto& pipeline : pipelines) report.evaluations += pipeline->scorer().evaluations();

    // Ring migration, then each island adopts an equation of random complexity from the hall of
    // fame: building blocks of every size keep circulating.
    std::vector<std::vector<Individual>> migrants;
    for (const auto& island : islands) migrants.push_back(island->best(options_.migrants));
    for (std::size_t i = 0; i < islands.size(); ++i) {
      islands[(i + 1) % islands.size()]->receive(migrants[i]);
    }
    const std::vector<ParetoEntry> hall = front.snapshot();
    if (!hall.empty()) {
      for (std::size_t i = 0; i < islands.size(); ++i) {
        const auto& entry = hall[std::uniform_int_distribution<std::size_t>(0, hall.size() - 1)(rng)];
        islands[i]->adopt(entry.expr, *pipelines[i]);
      }
    }

    const double now = elapsed();
    const auto best = front.best_loss();
    if (observer.on_progress && (now - last_progress >= 0.2)) {
      last_progress = now;
      Progress progress;
      progress.elapsed_seconds = now;
      progress.limit_seconds = budget.seconds;
      progress.evaluations = report.evaluations;
      progress.evaluations_per_second = now > 0 ? static_cast<double>(report.evaluations) / now : 0.0;
      progress.best_loss = best.value_or(std::nan(""));
      if (!hall.empty()) progress.best = hall.back().expr;
      observer.on_progress(progress);
    }
    checkpoints.round(front, front_changed, report.evaluations, now);
    if (observer.cancelled()) {
      report.stop_reason = StopReason::Cancelled;
      break;
    }
    if (best && *best <= budget.early_stop_loss) {
      report.stop_reason = StopReason::EarlyStop;
      break;
    }
    if (report.evaluations >= budget.max_evaluations) {
      report.stop_reason = StopReason::EvaluationLimit;
      break;
    }
    if (now >= budget.seconds) {
      report.stop_reason = StopReason::TimeLimit;
      break;
    }
  }
  report.seconds = elapsed();
  report.evaluations_per_second =
      report.seconds > 0 ? static_cast<double>(report.evaluations) / report.seconds : 0.0;
  std::uint64_t offspring = 0;
  for (const auto& island : islands) offspring += island->offspring();
  report.add("offspring", static_cast<double>(offspring));
  for (const auto& pipeline : pipelines) pipeline->add_to(report);
  return {front.snapshot(), report};
}

}  // namespace kepler::gp
