// The risk-seeking policy gradient of deep symbolic regression (Petersen et al., ICLR 2021): the
// search wants its best equation to be good, not its average one, so each batch trains only on
// its best ε fraction, with their (1 − ε) quantile as the baseline:
//
//   ∇J ≈ 1/|E| · Σ_{i ∈ E} (R_i − R_ε) ∇ log p(τ_i),   E = { i : R_i ≥ R_ε }
//
// R_ε is the empirical quantile taken as the sample at rank ⌈(n − 1)(1 − ε)⌉ of the ascending
// rewards (NumPy's quantile with "higher" interpolation, as the reference implementation).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace kepler::neural {

struct Elite {
  std::vector<std::size_t> members;  // indices of the rewards at or above the baseline, ascending
  double baseline = 0.0;             // R_ε
};

// Throws std::invalid_argument for no rewards or ε outside (0, 1].
[[nodiscard]] Elite select_elite(std::span<const double> rewards, double epsilon);

// The terms of the estimator: each a set of sequences (indices) whose probabilities add up to one
// model's, and the weight of its log-probability, (R − R_ε) / (number of terms).
struct Term {
  std::vector<std::size_t> sequences;
  double weight = 0.0;
};

// The elite's terms. With `keys` (one per reward; equal keys: the same model) the elite members of
// a model are one term, its probability the sum of theirs (EGG-DRL's reward sharing across
// equivalent sequences); with empty `keys` every member is a term. Terms come in the order of
// their first member.
[[nodiscard]] std::vector<Term> estimator_terms(const Elite& elite, std::span<const double> rewards,
                                                std::span<const std::uint64_t> keys);

}  // namespace kepler::neural
