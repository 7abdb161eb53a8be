#include "search/neural/risk_seeking.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <unordered_map>

namespace kepler::neural {

Elite select_elite(std::span<const double> rewards, double epsilon) {
  if (rewards.empty()) throw std::invalid_argument("select_elite: no rewards");
  if (!(epsilon > 0.0 && epsilon <= 1.0)) throw std::invalid_argument("select_elite: epsilon must lie in (0, 1]");
  std::vector<double> sorted(rewards.begin(), rewards.end());
  const double position = static_cast<double>(sorted.size() - 1) * (1.0 - epsilon);
  // Round away the floating-point noise of (1 − ε)·(n − 1) before taking the ceiling: 0.95·100
  // is 95.00000000000001 in binary.
  const auto rank = static_cast<std::size_t>(std::ceil(position - 1e-9));
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(rank), sorted.end());
  Elite elite;
  elite.baseline = sorted[rank];
  for (std::size_t i = 0; i < rewards.size(); ++i) {
    if (rewards[i] >= elite.baseline) elite.members.push_back(i);
  }
  return elite;
}

std::vector<Term> estimator_terms(const Elite& elite, std::span<const double> rewards,
                                  std::span<const std::uint64_t> keys) {
  std::vector<Term> terms;
  std::vector<double> term_rewards;
  std::unordered_map<std::uint64_t, std::size_t> term_of_key;
  for (const std::size_t i : elite.members) {
    if (!keys.empty()) {
      const auto [it, fresh] = term_of_key.try_emplace(keys[i], terms.size());
      if (!fresh) {
        terms[it->second].sequences.push_back(i);
        // Equal keys are one model, fitted once; its reward is the best of its members' (they
        // differ only where a twin's constants converged less well).
        term_rewards[it->second] = std::max(term_rewards[it->second], rewards[i]);
        continue;
      }
    }
    terms.push_back({{i}, 0.0});
    term_rewards.push_back(rewards[i]);
  }
  for (std::size_t t = 0; t < terms.size(); ++t) {
    terms[t].weight = (term_rewards[t] - elite.baseline) / static_cast<double>(terms.size());
  }
  return terms;
}

}  // namespace kepler::neural
