// The sequence model of the neural-guided search: a recurrent network that writes an equation in
// prefix order, one token at a time, through the grammar's masks (so every sample is a valid
// equation), and learns from rewards by gradient steps. Built on libtorch; this header keeps torch
// out of everything that includes it.
//
// At each position the network reads the parent and sibling tokens of that position
// (prefix_neighbours.hpp), each through its own embedding, updates its recurrent state and scores
// every token; disallowed tokens get probability 0.
//
// Determinism: parameters are initialized from the seed given (never from torch's global
// generator), sampling draws from the caller's generator, and torch computes on one intra-op
// thread, so the same seed and calls give the same samples and steps.
//
// Thread-safety: sample() may run on several threads at once; everything else, one at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <span>
#include <vector>

#include "search/grammar.hpp"
#include "search/neural/neural_options.hpp"
#include "search/neural/risk_seeking.hpp"
#include "search/neural/sequence.hpp"

namespace kepler::neural {

class Policy {
 public:
  // Over `grammar`'s tokens, which must not change while the policy lives.
  Policy(const Grammar& grammar, const NeuralOptions& options, std::uint64_t seed);
  ~Policy();
  Policy(Policy&&) noexcept;
  Policy& operator=(Policy&&) noexcept;

  // `n` complete equations drawn from the policy. Safe to call from several threads at once (each
  // with its own generator) while no step runs.
  [[nodiscard]] std::vector<Sequence> sample(std::size_t n, std::mt19937_64& rng) const;
  // log p(sequence) of each; every sequence must be one the grammar can write.
  [[nodiscard]] std::vector<double> log_probabilities(std::span<const Sequence> sequences);
  // The probabilities of the next token after `prefix` (incomplete, and writable by the grammar),
  // one per grammar token, 0 where the mask forbids: priors for tree search.
  [[nodiscard]] std::vector<double> next_token_probabilities(std::span<const std::size_t> prefix);

  // One Adam step on the loss
  //   −Σ_terms weight · log Σ_{s ∈ term} p(s)  −  entropy_weight · (mean entropy of the sequences)
  // where a sequence's entropy sums its positions' entropies under the masks; returns the loss
  // before the step. Sequences not in any term count in the entropy only.
  double step(std::span<const Sequence> sequences, std::span<const Term> terms, double entropy_weight);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kepler::neural
