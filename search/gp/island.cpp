#include "search/gp/island.hpp"

#include <algorithm>
#include <cmath>


namespace kepler::gp {

Island::Island(const Problem& problem, const GpOptions& options, const VariationContext& context,
               std::uint64_t seed)
    : problem_(&problem), options_(&options), context_(&context), rng_(seed) {}

double Island::weighted_size(const Expr& f) const {
  const auto constants = static_cast<double>(f.parameter_count());
  return static_cast<double>(f.size()) + (options_->constant_weight - 1.0) * constants;
}

double Island::fitness(double loss, const Expr& f) const {
  return std::log10(std::max(loss, 1e-30)) + options_->parsimony * weighted_size(f);
}

void Island::rank_members() {
  const std::size_t n = members_.size();
  const auto before = [this](std::uint32_t a, std::uint32_t b) { return ranked_before(a, b); };
  if (order_.size() != n) {  // the first ranking of this population: sort once
    losses_.resize(n);
    sizes_.resize(n);
    order_.resize(n);
    for (std::uint32_t i = 0; i < n; ++i) {
      losses_[i] = members_[i].loss;
      sizes_[i] = members_[i].size;
      order_[i] = i;
    }
    std::sort(order_.begin(), order_.end(), before);
  }
  ranks_.resize(n);
  ranker_.rank_in_order(order_, losses_, sizes_, ranks_);
  for (std::size_t i = 0; i < n; ++i) members_[i].rank = ranks_[i];
  ranks_stale_ = false;
}

bool Island::make_individual(Expr f, CandidatePipeline& pipeline, Individual& out, bool reject_twins,
                             bool offer) {
  auto proposal = pipeline.propose(std::move(f));
  if (!proposal) return false;
  if (reject_twins && census_.contains(proposal->key)) {
    pipeline.reject_twin();
    return false;
  }
  auto candidate = pipeline.evaluate(std::move(*proposal));
  if (!candidate) return false;
  if (offer) pipeline.offer(*candidate);
  const double fit = fitness(candidate->loss, candidate->f);
  const double size = weighted_size(candidate->f);
  out = Individual{std::move(candidate->f), candidate->loss, size, 0, fit, births_++, candidate->key};
  return true;
}

void Island::initialize(CandidatePipeline& pipeline) {
  members_.clear();
  census_.clear();
  order_.clear();
  ranks_stale_ = true;
  RandomExprOptions grow = context_->leaves;
  grow.max_size = std::min(options_->initial_max_size, problem_->max_size);
  int attempts = 0;
  while (members_.size() < options_->population && attempts < 100 * static_cast<int>(options_->population)) {
    ++attempts;
    Individual individual;
    if (make_individual(random_expr(rng_, grow), pipeline, individual, /*reject_twins=*/false, /*offer=*/true)) {
      count(individual.key, +1);
      members_.push_back(std::move(individual));
    }
  }
  // Data on which almost nothing is finite: fill with the variables themselves.
  for (std::uint32_t j = 0; members_.size() < options_->population; ++j) {
    const Expr f = build::var(j % static_cast<std::uint32_t>(context_->leaves.variables));
    const Score s = pipeline.scorer().score(f);
    members_.push_back({f, std::isfinite(s.loss) ? s.loss : 1e30, weighted_size(f), 0, 0.0, births_++,
                        pipeline.key(f)});
    members_.back().fitness = fitness(members_.back().loss, f);
    count(members_.back().key, +1);
  }
}

void Island::populate(std::span<const Candidate> founders, CandidatePipeline& pipeline) {
  members_.clear();
  census_.clear();
  order_.clear();
  ranks_stale_ = true;
  if (founders.empty()) {
    initialize(pipeline);
    return;
  }
  for (const Candidate& c : founders) {
    count(c.key, +1);
    members_.push_back({c.f, c.loss, weighted_size(c.f), 0, fitness(c.loss, c.f), births_++, c.key});
  }
}

const Individual& Island::tournament() {
  // Multi-objective pressure: the lower Pareto rank on (loss, size) wins, then the lower fitness.
  if (ranks_stale_) rank_members();
  const auto better = [](const Individual& a, const Individual& b) {
    return a.rank != b.rank ? a.rank < b.rank : a.fitness < b.fitness;
  };
  std::uniform_int_distribution<std::size_t> pick(0, members_.size() - 1);
  const Individual* winner = &members_[pick(rng_)];
  for (std::size_t k = 1; k < options_->tournament; ++k) {
    const Individual& contender = members_[pick(rng_)];
    if (better(contender, *winner)) winner = &contender;
  }
  return *winner;
}

void Island::replace_oldest(Individual individual) {
  auto oldest = std::min_element(members_.begin(), members_.end(),
                                 [](const Individual& a, const Individual& b) { return a.birth < b.birth; });
  ranks_stale_ = true;
  count(oldest->key, -1);
  count(individual.key, +1);
  const auto index = static_cast<std::uint32_t>(oldest - members_.begin());
  if (order_.size() == members_.size()) {  // keep the (loss, size) order: out, then in at its place
    order_.erase(std::find(order_.begin(), order_.end(), index));
    losses_[index] = individual.loss;
    sizes_[index] = individual.size;
    const auto place = std::lower_bound(order_.begin(), order_.end(), index,
                                        [this](std::uint32_t a, std::uint32_t b) { return ranked_before(a, b); });
    order_.insert(place, index);
  }
  *oldest = std::move(individual);
}

void Island::count(std::uint64_t key, int delta) {
  auto& n = census_[key];
  n = static_cast<std::uint32_t>(static_cast<int>(n) + delta);
  if (n == 0) census_.erase(key);
}

void Island::evolve(std::size_t steps, CandidatePipeline& pipeline, const std::function<bool()>& stop) {
  for (std::size_t step = 0; step < steps; ++step) {
    if (stop()) return;
    Expr child;
    if (std::bernoulli_distribution(options_->crossover_probability)(rng_)) {
      const Expr& a = tournament().f;
      child = crossover(a, tournament().f, rng_);
    } else {
      child = mutate(tournament().f, random_mutation(rng_), rng_, *context_);
    }
    ++offspring_;
    Individual individual;
    if (!make_individual(std::move(child), pipeline, individual, /*reject_twins=*/true, /*offer=*/true)) continue;
    replace_oldest(std::move(individual));
  }
}

std::vector<Individual> Island::best(std::size_t k) const {
  std::vector<std::uint32_t> order(members_.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  k = std::min(k, order.size());
  // Ties by index, as a stable sort of the members would break them.
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                    [this](std::uint32_t a, std::uint32_t b) {
                      return members_[a].fitness != members_[b].fitness ? members_[a].fitness < members_[b].fitness
                                                                         : a < b;
                    });
  std::vector<Individual> chosen;
  chosen.reserve(k);
  for (std::size_t i = 0; i < k; ++i) chosen.push_back(members_[order[i]]);
  return chosen;
}

void Island::receive(const std::vector<Individual>& newcomers) {
  for (Individual individual : newcomers) {
    individual.birth = births_++;
    replace_oldest(std::move(individual));
  }
}

std::optional<Individual> Island::adopt(const Expr& f, CandidatePipeline& pipeline, bool offer) {
  Individual individual;
  if (!make_individual(f, pipeline, individual, /*reject_twins=*/false, offer)) return std::nullopt;
  replace_oldest(individual);
  return individual;
}

}  // namespace kepler::gp
