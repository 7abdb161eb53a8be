#include "search/neural/neural_search.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <random>
#include <stdexcept>
#include <unordered_set>
#include <vector>

#include "engine/error.hpp"
#include "search/candidate.hpp"
#include "search/context.hpp"
#include "search/gp/island.hpp"
#include "search/gp/variation.hpp"
#include "search/grammar.hpp"
#include "search/neural/policy.hpp"
#include "search/neural/risk_seeking.hpp"
#include "search/neural/sequence.hpp"
#include "search/seeds.hpp"

namespace kepler::neural {

void NeuralOptions::validate() const {
  const auto fail = [](const char* field, const char* rule) {
    throw InputError(std::string("neural.") + field, rule);
  };
  if (hidden == 0 || hidden > 1024) fail("hidden", "must lie in [1, 1024]");
  if (embedding == 0 || embedding > 1024) fail("embedding", "must lie in [1, 1024]");
  if (batch < 2) fail("batch", "must be at least 2");
  if (!(epsilon > 0.0 && epsilon <= 1.0)) fail("epsilon", "must lie in (0, 1]");
  if (!(learning_rate > 0.0) || !std::isfinite(learning_rate)) fail("learning_rate", "must be positive");
  if (!(entropy_weight >= 0.0) || !std::isfinite(entropy_weight)) fail("entropy_weight", "must be non-negative");
  if (gp_steps > 0 && gp_seeds == 0) fail("gp_seeds", "must be at least 1 when gp_steps is");
  if (workers == 0) fail("workers", "must be at least 1");
  if (fit_iterations <= 0) fail("fit_iterations", "must be positive");
}

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double reward(double loss) { return 1.0 / (1.0 + std::sqrt(loss)); }

// A pipeline and the GP population it breeds.
struct Worker {
  std::mt19937_64 rng;  // its slice's samples
  CandidatePipeline* pipeline = nullptr;
  std::unique_ptr<gp::Island> island;
};

// One batch: the sequences, their rewards, and their models' keys.
struct Batch {
  std::vector<Sequence> sequences;
  std::vector<double> rewards;
  std::vector<std::uint64_t> keys;
  std::vector<std::optional<Candidate>> candidates;  // the policy's samples, scored
};

// A key no model has, for a sample that is not finite: such samples are never one model.
std::uint64_t lone_key(std::size_t i) { return ~std::uint64_t{0} - i; }

}  // namespace

struct NeuralSearch::Run {
  NeuralOptions options;
  gp::GpOptions gp;  // what the islands point to
  gp::VariationContext variation;
  std::optional<Grammar> grammar;
  std::optional<Policy> policy;
  std::vector<Worker> workers;
  bool share_rewards = false;
  std::vector<double> mean_rewards;
  std::uint64_t samples = 0;
  std::uint64_t gp_trained = 0;   // GP members that joined a batch
  std::uint64_t shared = 0;       // elite samples folded into another sample's model
  std::uint64_t steps = 0;
  double sample_seconds = 0.0;
  double train_seconds = 0.0;
};

NeuralSearch::NeuralSearch(NeuralOptions options) : options_(options) {}
NeuralSearch::~NeuralSearch() = default;
NeuralSearch::NeuralSearch(NeuralSearch&&) noexcept = default;
NeuralSearch& NeuralSearch::operator=(NeuralSearch&&) noexcept = default;

std::span<const double> NeuralSearch::mean_rewards() const noexcept {
  if (!run_) return {};
  return run_->mean_rewards;
}

void NeuralSearch::start(SearchContext& context, std::uint64_t seed) {
  options_.validate();
  const Problem& problem = context.problem();
  run_ = std::make_unique<Run>();
  Run& run = *run_;
  run.options = options_;
  // NGGP's GP: tournaments of 5, crossover half the time (Mundhenk et al.'s settings).
  run.gp.population = std::max<std::size_t>(options_.gp_seeds, 1);
  run.gp.tournament = std::min<std::size_t>(5, run.gp.population);
  run.gp.crossover_probability = 0.5;
  run.gp.fit_iterations = options_.fit_iterations;
  run.variation = gp::make_variation_context(problem.operators, problem.train->variables());
  run.grammar.emplace(Grammar::of(problem));
  std::uint64_t seed_state = seed;
  run.policy.emplace(*run.grammar, options_, split_mix(seed_state));
  run.workers.resize(options_.workers);
  for (Worker& worker : run.workers) {
    worker.rng.seed(split_mix(seed_state));
    worker.pipeline = &context.add_pipeline(options_.fit_iterations);
    worker.island = std::make_unique<gp::Island>(problem, run.gp, run.variation, split_mix(seed_state));
  }
  run.share_rewards = options_.share_rewards && run.workers.front().pipeline->keys_prove_equality();
  for (const Expr& f : context.options().seed_equations) {
    if (const auto candidate = run.workers.front().pipeline->score(f)) run.workers.front().pipeline->offer(*candidate);
  }
}

void NeuralSearch::round(SearchContext& context) {
  if (!run_) throw std::logic_error("NeuralSearch::round: start() was not called");
  Run& run = *run_;
  const NeuralOptions& options = run.options;
  const Grammar& grammar = *run.grammar;
  const std::size_t slices = run.workers.size();

  // Each worker samples its slice of the batch with its own generator, then scores it.
  const std::size_t n = options.batch;
  Batch batch;
  batch.sequences.resize(n);
  batch.rewards.assign(n, 0.0);
  batch.keys.resize(n);
  batch.candidates.resize(n);
  std::vector<double> sample_seconds(slices, 0.0);
  context.parallel_for(slices, [&](std::size_t w) {
    Worker& worker = run.workers[w];
    CandidatePipeline& pipeline = *worker.pipeline;
    const std::size_t begin = w * n / slices, end = (w + 1) * n / slices;
    const Clock::time_point sampling = Clock::now();
    std::vector<Sequence> slice = run.policy->sample(end - begin, worker.rng);
    sample_seconds[w] = seconds_since(sampling);
    std::move(slice.begin(), slice.end(), batch.sequences.begin() + static_cast<std::ptrdiff_t>(begin));
    for (std::size_t i = begin; i < end; ++i) {
      if (context.out_of_time()) return;
      batch.keys[i] = lone_key(i);
      std::optional<Candidate>& candidate = batch.candidates[i];
      candidate = pipeline.score(to_expr(batch.sequences[i], grammar));
      if (candidate) {
        pipeline.offer(*candidate);
        batch.rewards[i] = reward(candidate->loss);
        batch.keys[i] = candidate->key;
      }
    }
  });
  for (const double s : sample_seconds) run.sample_seconds += s;
  run.samples += n;
  if (context.out_of_time()) return;
  double total = 0.0;
  for (const double r : batch.rewards) total += r;
  run.mean_rewards.push_back(total / static_cast<double>(n));

  if (options.gp_steps > 0) {
    // The founders: the batch's best scored samples, ties to the earlier; each island takes them
    // as scored, so none is fitted again.
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < n; ++i) {
      if (batch.candidates[i]) order.push_back(i);
    }
    const std::size_t seeds = std::min(options.gp_seeds, order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(seeds), order.end(),
                      [&](std::size_t a, std::size_t b) {
                        return batch.rewards[a] != batch.rewards[b] ? batch.rewards[a] > batch.rewards[b] : a < b;
                      });
    std::vector<Candidate> founders;
    for (std::size_t k = 0; k < seeds; ++k) founders.push_back(*batch.candidates[order[k]]);
    std::vector<std::vector<gp::Individual>> bred(slices);
    const auto stop = [&] { return context.out_of_time(); };
    context.parallel_for(slices, [&](std::size_t w) {
      Worker& worker = run.workers[w];
      worker.island->populate(founders, *worker.pipeline);
      const std::size_t steps = (w + 1) * options.gp_steps / slices - w * options.gp_steps / slices;
      worker.island->evolve(steps, *worker.pipeline, stop);
      bred[w] = worker.island->best(options.gp_train);
    });
    if (context.out_of_time()) return;
    std::vector<gp::Individual> members;
    for (auto& best : bred) members.insert(members.end(), best.begin(), best.end());
    std::stable_sort(members.begin(), members.end(),
                     [](const gp::Individual& a, const gp::Individual& b) { return a.loss < b.loss; });
    std::unordered_set<std::uint64_t> taken;
    for (const gp::Individual& member : members) {
      if (taken.size() == options.gp_train) break;
      if (!taken.insert(member.key).second) continue;
      std::optional<Sequence> sequence = to_sequence(member.f, grammar);
      if (!sequence) continue;
      batch.sequences.push_back(std::move(*sequence));
      batch.rewards.push_back(reward(member.loss));
      batch.keys.push_back(member.key);
      ++run.gp_trained;
    }
  }

  const Clock::time_point training = Clock::now();
  const Elite elite = select_elite(batch.rewards, options.epsilon);
  std::vector<Term> terms = estimator_terms(elite, batch.rewards, run.share_rewards ? std::span<const std::uint64_t>(batch.keys)
                                                                                   : std::span<const std::uint64_t>());
  run.shared += elite.members.size() - terms.size();
  // The step sees the elite only: renumber the terms' sequences into it.
  std::vector<Sequence> elite_sequences;
  std::vector<std::size_t> position(batch.sequences.size());
  for (const std::size_t i : elite.members) {
    position[i] = elite_sequences.size();
    elite_sequences.push_back(batch.sequences[i]);
  }
  for (Term& term : terms) {
    for (std::size_t& s : term.sequences) s = position[s];
  }
  (void)run.policy->step(elite_sequences, terms, options.entropy_weight);
  ++run.steps;
  run.train_seconds += seconds_since(training);
}

void NeuralSearch::add_to(SearchReport& report) const {
  if (!run_) return;
  const Run& run = *run_;
  report.add("samples", static_cast<double>(run.samples));
  report.add("policy_steps", static_cast<double>(run.steps));
  report.add("gp_members_trained", static_cast<double>(run.gp_trained));
  report.add("shared_samples", static_cast<double>(run.shared));
  report.add("sample_seconds", run.sample_seconds);
  report.add("train_seconds", run.train_seconds);
}

}  // namespace kepler::neural
