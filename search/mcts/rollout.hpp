// Completing a partial equation at random, through the grammar's masks, so every completion is
// valid: the rollout policy of tree search.
#pragma once

#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "search/grammar.hpp"
#include "search/mcts/double_q.hpp"

namespace kepler::mcts {

// Buffers a rollout reuses.
struct RolloutScratch {
  std::vector<std::uint8_t> mask;
  std::vector<std::uint32_t> leaves;
  std::vector<std::uint32_t> operators;
  std::vector<double> weights;
};

// The position in `pool` of a token drawn uniformly, or with `q`, with probability
// ∝ exp(Q(slot, t) / temperature); `draw` returns the token itself.
[[nodiscard]] std::size_t draw_index(std::span<const std::uint32_t> pool, const DoubleQ* q, std::uint32_t slot,
                                     double temperature, std::mt19937_64& rng, std::vector<double>& weights);
[[nodiscard]] inline std::uint32_t draw(std::span<const std::uint32_t> pool, const DoubleQ* q, std::uint32_t slot,
                                        double temperature, std::mt19937_64& rng, std::vector<double>& weights) {
  return pool[draw_index(pool, q, slot, temperature, rng, weights)];
}

// Pushes allowed tokens until `partial` is complete. Each position takes a leaf token (a variable,
// the constant, a library entry) with probability min(0.9, 0.35 + 0.05·nodes so far) when one is
// allowed, else an operator: completions stay short. Within the kind, as `draw` does.
void complete_randomly(PartialExpr& partial, const Grammar& grammar, std::mt19937_64& rng,
                       RolloutScratch& scratch, const DoubleQ* q = nullptr, double temperature = 1.0);

// The reward of a scored equation (MctsOptions::length_discount).
[[nodiscard]] double reward(double loss, std::size_t nodes, double length_discount);

}  // namespace kepler::mcts
