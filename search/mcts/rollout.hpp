// Completing a partial equation at random, through the grammar's masks, so every completion is
// valid: the rollout policy of tree search.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "search/grammar.hpp"

namespace kepler::mcts {

// Buffers a rollout reuses.
struct RolloutScratch {
  std::vector<std::uint8_t> mask;
  std::vector<std::uint32_t> leaves;
  std::vector<std::uint32_t> operators;
};

// Pushes allowed tokens until `partial` is complete. Each position takes a leaf token (a variable,
// the constant, a library entry) with probability min(0.9, 0.35 + 0.05·nodes so far) when one is
// allowed, else an operator, uniformly within the kind: completions stay short.
void complete_randomly(PartialExpr& partial, const Grammar& grammar, std::mt19937_64& rng,
                       RolloutScratch& scratch);

// The reward of a scored equation (MctsOptions::length_discount).
[[nodiscard]] double reward(double loss, std::size_t nodes, double length_discount);

}  // namespace kepler::mcts
