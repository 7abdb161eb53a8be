// One GP population evolving by age-regularized ("aging") evolution: each offspring of a
// tournament winner (lowest Pareto rank on loss and size, then fitness) replaces the oldest member, so every member has a bounded lifetime and the
// population keeps exploring, while the shared Pareto front keeps the best equations for good.
//
// Thread-safety: an island is worked on by one thread at a time, with its own Scorer.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <span>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "search/candidate.hpp"
#include "search/gp/gp_options.hpp"
#include "search/gp/pareto_rank.hpp"
#include "search/gp/variation.hpp"
#include "search/problem.hpp"

namespace kepler::gp {

struct Individual {
  Expr f;
  double loss = 0.0;     // normalized
  double size = 0.0;     // complexity with constants weighted
  std::uint32_t rank = 0;  // non-domination rank in its island
  double fitness = 0.0;  // lower is better
  std::uint64_t birth = 0;
  std::uint64_t key = 0;  // canonical key: members with equal keys are the same model
};

class Island {
 public:
  Island(const Problem& problem, const GpOptions& options, const VariationContext& context,
         std::uint64_t seed);

  // A random population; every valid member is offered to the shared front.
  void initialize(CandidatePipeline& pipeline);
  // A population of these candidates instead, scored by another search (which offered them);
  // with none, a random one.
  void populate(std::span<const Candidate> founders, CandidatePipeline& pipeline);
  // Breeds up to `steps` offspring, stopping early when `stop()` says so. Every valid offspring is
  // offered to the shared front.
  void evolve(std::size_t steps, CandidatePipeline& pipeline, const std::function<bool()>& stop);
  // The k fittest members.
  [[nodiscard]] std::vector<Individual> best(std::size_t k) const;
  // Newcomers replace the oldest members.
  void receive(const std::vector<Individual>& newcomers);
  // An equation from outside (the shared front, a seed), scored afresh and offered to the front
  // when `offer`; the member it became, or nothing if it is not a valid candidate.
  std::optional<Individual> adopt(const Expr& f, CandidatePipeline& pipeline, bool offer = false);
  // Offspring bred.
  [[nodiscard]] std::uint64_t offspring() const noexcept { return offspring_; }

 private:
  [[nodiscard]] const Individual& tournament();
  [[nodiscard]] double fitness(double loss, const Expr& f) const;
  // The candidate pipeline's verdict on f as a member; false if the candidate is invalid, or a
  // twin of a member when `reject_twins`. A valid candidate is offered to the front when `offer`.
  bool make_individual(Expr f, CandidatePipeline& pipeline, Individual& out, bool reject_twins, bool offer);
  void replace_oldest(Individual individual);
  void count(std::uint64_t key, int delta);
  // Non-domination rank of every member on (loss, weighted complexity); 0 is the island's front.
  void rank_members();
  // Member a before member b in ascending (loss, size) order.
  [[nodiscard]] bool ranked_before(std::uint32_t a, std::uint32_t b) const noexcept {
    return losses_[a] != losses_[b] ? losses_[a] < losses_[b] : sizes_[a] < sizes_[b];
  }
  [[nodiscard]] double weighted_size(const Expr& f) const;

  const Problem* problem_;
  const GpOptions* options_;
  const VariationContext* context_;
  std::mt19937_64 rng_;
  std::vector<Individual> members_;
  std::uint64_t births_ = 0;
  absl::flat_hash_map<std::uint64_t, std::uint32_t> census_;  // members per key
  std::uint64_t offspring_ = 0;
  bool ranks_stale_ = true;
  ParetoRanker ranker_;
  // Members' (loss, size) by index, and the indices in ascending (loss, size) order, kept up to
  // date as members are replaced: ranking then needs no sort. Empty until the first ranking.
  std::vector<double> losses_, sizes_;
  std::vector<std::uint32_t> order_;
  std::vector<std::uint32_t> ranks_;
};

}  // namespace kepler::gp
