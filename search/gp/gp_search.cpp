#include "search/gp/gp_search.hpp"

#include <memory>
#include <random>
#include <stdexcept>
#include <vector>

#include "engine/error.hpp"
#include "search/candidate.hpp"
#include "search/context.hpp"
#include "search/gp/island.hpp"
#include "search/gp/variation.hpp"
#include "search/seeds.hpp"

namespace kepler::gp {

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

struct GpSearch::Run {
  GpOptions options;  // what the islands point to
  VariationContext variation;
  std::vector<std::unique_ptr<Island>> islands;
  std::vector<CandidatePipeline*> pipelines;  // owned by the context, one per island
  std::mt19937_64 rng;
};

GpSearch::GpSearch(GpOptions options) : options_(options) {}
GpSearch::~GpSearch() = default;
GpSearch::GpSearch(GpSearch&&) noexcept = default;
GpSearch& GpSearch::operator=(GpSearch&&) noexcept = default;

void GpSearch::start(SearchContext& context, std::uint64_t seed) {
  options_.validate();
  const Problem& problem = context.problem();
  run_ = std::make_unique<Run>();
  Run& run = *run_;
  run.options = options_;
  run.variation = make_variation_context(problem.operators, problem.train->variables());
  std::uint64_t seed_state = seed;
  for (std::size_t i = 0; i < options_.islands; ++i) {
    run.islands.push_back(std::make_unique<Island>(problem, run.options, run.variation, split_mix(seed_state)));
    run.pipelines.push_back(&context.add_pipeline(options_.fit_iterations));
  }
  run.rng.seed(split_mix(seed_state));
  // Seeds join every island (scored there, so islands stay independent); island 0 offers them.
  const std::vector<Expr>& seeds = context.options().seed_equations;
  context.parallel_for(run.islands.size(), [&](std::size_t i) {
    run.islands[i]->initialize(*run.pipelines[i]);
    for (const Expr& f : seeds) run.islands[i]->adopt(f, *run.pipelines[i], /*offer=*/i == 0);
  });
}

void GpSearch::round(SearchContext& context) {
  if (!run_) throw std::logic_error("GpSearch::round: start() was not called");
  Run& run = *run_;
  // Each island adopts an equation of random complexity from the shared front (as of the last
  // barrier): building blocks of every size keep circulating.
  const std::vector<ParetoEntry>& hall = context.front();
  std::vector<const Expr*> adoptees(run.islands.size(), nullptr);
  if (!hall.empty()) {
    for (const Expr*& adoptee : adoptees) {
      adoptee = &hall[std::uniform_int_distribution<std::size_t>(0, hall.size() - 1)(run.rng)].expr;
    }
  }
  const auto stop = [&] { return context.out_of_time(); };
  context.parallel_for(run.islands.size(), [&](std::size_t i) {
    if (adoptees[i] != nullptr) run.islands[i]->adopt(*adoptees[i], *run.pipelines[i]);
    run.islands[i]->evolve(options_.steps_per_round, *run.pipelines[i], stop);
  });
  // Ring migration.
  std::vector<std::vector<Individual>> migrants;
  for (const auto& island : run.islands) migrants.push_back(island->best(options_.migrants));
  for (std::size_t i = 0; i < run.islands.size(); ++i) {
    run.islands[(i + 1) % run.islands.size()]->receive(migrants[i]);
  }
}

void GpSearch::add_to(SearchReport& report) const {
  if (!run_) return;
  std::uint64_t offspring = 0;
  for (const auto& island : run_->islands) offspring += island->offspring();
  report.add("offspring", static_cast<double>(offspring));
}

}  // namespace kepler::gp
