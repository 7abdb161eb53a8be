#include "search/mcts/rollout.hpp"

#include <algorithm>
#include <cmath>

namespace kepler::mcts {

std::size_t draw_index(std::span<const std::uint32_t> pool, const DoubleQ* q, std::uint32_t slot, double temperature,
                       std::mt19937_64& rng, std::vector<double>& weights) {
  if (q == nullptr) return std::uniform_int_distribution<std::size_t>(0, pool.size() - 1)(rng);
  weights.resize(pool.size());
  double top = -1e300;
  for (const std::uint32_t t : pool) top = std::max(top, q->value(slot, t));
  double total = 0.0;
  for (std::size_t k = 0; k < pool.size(); ++k) {
    total += std::exp((q->value(slot, pool[k]) - top) / temperature);
    weights[k] = total;  // cumulative
  }
  const double u = std::uniform_real_distribution<double>(0.0, total)(rng);
  const auto k = static_cast<std::size_t>(std::upper_bound(weights.begin(), weights.end(), u) - weights.begin());
  return std::min(k, pool.size() - 1);
}

void complete_randomly(PartialExpr& partial, const Grammar& grammar, std::mt19937_64& rng,
                       RolloutScratch& scratch, const DoubleQ* q, double temperature) {
  std::vector<std::uint8_t>& mask = scratch.mask;
  std::vector<std::uint32_t>& leaves = scratch.leaves;
  std::vector<std::uint32_t>& operators = scratch.operators;
  mask.resize(grammar.size());
  while (!partial.complete()) {
    (void)partial.allowed(mask);
    leaves.clear();
    operators.clear();
    for (std::uint32_t t = 0; t < mask.size(); ++t) {
      if (mask[t] == 0) continue;
      (grammar.token(t).kind == Token::Kind::Operator ? operators : leaves).push_back(t);
    }
    const double p_leaf = std::min(0.9, 0.35 + 0.05 * static_cast<double>(partial.nodes()));
    const bool leaf = !leaves.empty() && (operators.empty() || std::bernoulli_distribution(p_leaf)(rng));
    const std::vector<std::uint32_t>& pool = leaf ? leaves : operators;
    const std::uint32_t slot = q != nullptr ? q->next_slot(partial) : 0;
    partial.push(draw(pool, q, slot, temperature, rng, scratch.weights));
  }
}

double reward(double loss, std::size_t nodes, double length_discount) {
  if (!std::isfinite(loss)) return 0.0;
  return std::pow(length_discount, static_cast<double>(nodes)) / (1.0 + std::sqrt(std::max(loss, 0.0)));
}

}  // namespace kepler::mcts
