#include "search/gp/island.hpp"

#include <algorithm>
#include <cmath>

#include "engine/simplify.hpp"
#include "search/gp/constraints.hpp"

namespace kepler::gp {

Island::Island(const Problem& problem, const GpOptions& options, const VariationContext& context,
               std::uint64_t seed)
    : problem_(&problem), options_(&options), context_(&context), rng_(seed) {}

double Island::fitness(double loss, const Expr& f) const {
  const auto constants = static_cast<double>(f.parameter_count());
  const double weighted = static_cast<double>(f.size()) + (options_->constant_weight - 1.0) * constants;
  return std::log10(std::max(loss, 1e-30)) + options_->parsimony * weighted;
}

bool Island::make_individual(Expr f, Scorer& scorer, Individual& out) {
  f = fold_constants(f);
  if (!satisfies_constraints(f, *problem_)) return false;
  const Score s = scorer.optimize(f);
  if (!std::isfinite(s.loss)) return false;
  const double fit = fitness(s.loss, f);
  out = Individual{std::move(f), s.loss, fit, births_++};
  return true;
}

void Island::initialize(Scorer& scorer) {
  members_.clear();
  RandomExprOptions grow = context_->leaves;
  grow.max_size = std::min(options_->initial_max_size, problem_->max_size);
  int attempts = 0;
  while (members_.size() < options_->population && attempts < 100 * static_cast<int>(options_->population)) {
    ++attempts;
    Individual individual;
    if (make_individual(random_expr(rng_, grow), scorer, individual)) {
      members_.push_back(std::move(individual));
    }
  }
  // Data on which almost nothing is finite: fill with the variables themselves.
  for (std::uint32_t j = 0; members_.size() < options_->population; ++j) {
    const Expr f = build::var(j % static_cast<std::uint32_t>(context_->leaves.variables));
    const Score s = scorer.score(f);
    members_.push_back({f, std::isfinite(s.loss) ? s.loss : 1e30, 0.0, births_++});
    members_.back().fitness = fitness(members_.back().loss, f);
  }
}

const Individual& Island::tournament() {
  std::uniform_int_distribution<std::size_t> pick(0, members_.size() - 1);
  const Individual* winner = &members_[pick(rng_)];
  for (std::size_t k = 1; k < options_->tournament; ++k) {
    const Individual& contender = members_[pick(rng_)];
    if (contender.fitness < winner->fitness) winner = &contender;
  }
  return *winner;
}

void Island::replace_oldest(Individual individual) {
  auto oldest = std::min_element(members_.begin(), members_.end(),
                                 [](const Individual& a, const Individual& b) { return a.birth < b.birth; });
  *oldest = std::move(individual);
}

void Island::evolve(std::size_t steps, Scorer& scorer, std::vector<Individual>& offers,
                    const std::function<bool()>& stop) {
  for (std::size_t step = 0; step < steps; ++step) {
    if (stop()) return;
    Expr child;
    if (std::bernoulli_distribution(options_->crossover_probability)(rng_)) {
      const Expr& a = tournament().f;
      child = crossover(a, tournament().f, rng_);
    } else {
      child = mutate(tournament().f, random_mutation(rng_), rng_, *context_);
    }
    Individual individual;
    if (!make_individual(std::move(child), scorer, individual)) continue;
    offers.push_back(individual);
    replace_oldest(std::move(individual));
  }
}

std::vector<Individual> Island::best(std::size_t k) const {
  std::vector<Individual> sorted = members_;
  k = std::min(k, sorted.size());
  std::partial_sort(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(k), sorted.end(),
                    [](const Individual& a, const Individual& b) { return a.fitness < b.fitness; });
  sorted.resize(k);
  return sorted;
}

void Island::receive(const std::vector<Individual>& newcomers) {
  for (Individual individual : newcomers) {
    individual.birth = births_++;
    replace_oldest(std::move(individual));
  }
}

void Island::adopt(const Expr& f, Scorer& scorer) {
  Individual individual;
  if (make_individual(f, scorer, individual)) replace_oldest(std::move(individual));
}

}  // namespace kepler::gp
