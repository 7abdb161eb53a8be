// Neural-guided search: a recurrent policy writes equations token by token through the grammar
// and learns, during the search, to write better ones — deep symbolic regression (Petersen et al.,
// ICLR 2021), with GP seeded by its samples (NGGP, Mundhenk et al., NeurIPS 2021) and rewards
// shared across equivalent samples (EGG-DRL, Jiang et al., 2025).
//
// One round is one batch:
//   1. the policy samples NeuralOptions::batch equations (policy.hpp; every one valid);
//   2. each is scored through a candidate pipeline (constants fitted; twins and repeats come from
//      the cache) and offered to the shared front; its reward is 1 / (1 + NRMSE), NRMSE = √(loss)
//      with the loss normalized (0 for one that is not finite);
//   3. neural-guided GP: the batch's best samples found a GP population per pipeline that breeds
//      a short while (its offspring offered to the front too); the best members join the batch;
//   4. one Adam step on the risk-seeking policy gradient of the batch's best ε (risk_seeking.hpp),
//      each model once when rewards are shared, with an entropy bonus.
// A round cut short by the deadline takes no step.
//
// Seed equations (SearchOptions::seed_equations, a resumed run's front) are scored and offered to
// the front at the start; a resumed run's policy starts afresh.
//
// Determinism: the policy's parameters and samples come from the search's seed; scoring and GP run
// on NeuralOptions::workers pipelines, each on a fixed slice of the batch with its own generator,
// so under an evaluation budget the result depends on the seed and that count alone.
#pragma once

#include <memory>
#include <span>

#include "search/neural/neural_options.hpp"
#include "search/search.hpp"

namespace kepler::neural {

class NeuralSearch final : public Search {
 public:
  explicit NeuralSearch(NeuralOptions options = {});
  ~NeuralSearch() override;
  NeuralSearch(NeuralSearch&&) noexcept;
  NeuralSearch& operator=(NeuralSearch&&) noexcept;

  [[nodiscard]] std::string_view name() const noexcept override { return "neural"; }
  void start(SearchContext& context, std::uint64_t seed) override;
  void round(SearchContext& context) override;
  void add_to(SearchReport& report) const override;

  // The mean reward of the policy's own samples in each batch so far (GP's members not counted).
  [[nodiscard]] std::span<const double> mean_rewards() const noexcept;

 private:
  struct Run;  // the grammar, the policy, the pipelines and islands, from start() on
  NeuralOptions options_;
  std::unique_ptr<Run> run_;
};

}  // namespace kepler::neural
