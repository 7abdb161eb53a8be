// Settings of the neural-guided search, with their defaults: those of deep symbolic regression
// (Petersen et al., ICLR 2021) and of its GP-seeded variant (Mundhenk et al., NeurIPS 2021) where
// Kepler has the same knob, except the learning rate.
#pragma once

#include <cstddef>

namespace kepler::neural {

enum class Cell { Lstm, Gru };

struct NeuralOptions {
  // The policy: a recurrent cell over the parent and sibling of each next token (one learned
  // embedding of `embedding` numbers each), then one linear layer to the tokens' logits.
  Cell cell = Cell::Lstm;
  std::size_t hidden = 32;     // units of the cell; in [1, 1024]
  std::size_t embedding = 16;  // per input token; in [1, 1024]
  // Training: every round samples `batch` equations, scores them through the candidate pipeline,
  // and takes one Adam step on the risk-seeking policy gradient of the best `epsilon` of them.
  std::size_t batch = 1000;     // ≥ 2
  double epsilon = 0.05;        // the risk-seeking quantile, in (0, 1]
  // Adam; > 0. DSR's 5e-4 suits its 2 million samples a run; runs of seconds need faster learning:
  // at 5 s a run, seeds 1 2, it recovered Livermore 17/44 against 28/44 at 0.01 (27/44 at 0.03,
  // 22/44 at 0.003) and Nguyen 11/24 against 18/24.
  double learning_rate = 0.01;
  double entropy_weight = 0.005;  // the entropy bonus; ≥ 0
  // Neural-guided GP (NGGP): the batch's best `gp_seeds` samples found a GP population that
  // breeds `gp_steps` offspring; its `gp_train` best members join the batch before the gradient
  // step. 0 gp_steps: off.
  std::size_t gp_seeds = 100;
  std::size_t gp_steps = 500;
  std::size_t gp_train = 50;
  // E-graph reward sharing (EGG-DRL): samples whose equations the context's e-graph keys prove
  // equal are one model: the estimator takes each model once, with the probability of all its
  // sampled sequences. Needs the e-graph: without it (SearchOptions::egraph off, `--no-egraph`)
  // keys are syntactic and the estimator counts every sample.
  bool share_rewards = true;
  // Scoring runs on this many pipelines, each a fixed slice of the batch; a run's result depends
  // on this count and the seed, not on the threads. ≥ 1.
  std::size_t workers = 4;
  int fit_iterations = 8;  // Levenberg–Marquardt iterations per equation with constants; > 0

  // Throws InputError naming the field ("neural.batch") and the broken rule.
  void validate() const;
};

}  // namespace kepler::neural
