// The Pareto front of loss against complexity: for each complexity, the best equation found,
// kept only while no simpler equation is at least as good. "At least as good" allows for rounding:
// a loss within one part in 10⁹ of another (kLossRounding) is no better, so sin(exp(−5041/T))
// does not stand beside exp(−5041/T) for a last-digit gain where sin(ε) = ε − ε³/6.
//
// Thread-safety: `insert` and `snapshot` may be called concurrently from many search workers.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "engine/expr.hpp"

namespace kepler {

// Relative difference of two losses that counts as rounding, not as a better fit.
inline constexpr double kLossRounding = 1e-9;

// Whether a loss of `other` is at least as good as `loss` (allowing for rounding).
[[nodiscard]] inline bool at_least_as_good(double other, double loss) noexcept {
  return other <= loss * (1.0 + kLossRounding);
}

struct ParetoEntry {
  Expr expr;
  double loss = 0.0;
  std::size_t complexity = 0;
  // PySR's score: −Δlog(loss) / Δcomplexity against the next simpler entry (0 for the first).
  double score = 0.0;
  // The linear scaling the loss was measured with, when the search fits y ≈ offset + scale·expr
  // (0 and 1 otherwise), so the model need not be refitted to be known.
  double offset = 0.0;
  double scale = 1.0;
};

class ParetoFront {
 public:
  // Offers a candidate; returns true when it joins the front (possibly evicting dominated
  // entries). Non-finite losses are refused.
  bool insert(const Expr& expr, double loss);
  bool insert(const Expr& expr, double loss, std::size_t complexity);
  // The entry as given: its complexity, offset and scale (its score is recomputed).
  bool insert(ParetoEntry entry);

  // The entries, simplest first, with scores filled in.
  [[nodiscard]] std::vector<ParetoEntry> snapshot() const;
  [[nodiscard]] std::size_t size() const;
  [[nodiscard]] std::optional<double> best_loss() const;
  // The lowest loss among entries of at most `complexity` nodes, or nothing.
  [[nodiscard]] std::optional<double> loss_at(std::size_t complexity) const;

 private:
  mutable std::mutex mutex_;
  std::vector<ParetoEntry> entries_;  // ascending complexity, descending loss beyond rounding
};

// Whether a front's entries (ascending complexity, falling loss) hold one at least as simple and
// at least as good as (complexity, loss), rounding allowed: such a candidate does not join the front.
[[nodiscard]] bool dominated(std::span<const ParetoEntry> entries, std::size_t complexity, double loss);

// PySR's choice of "best": the highest score among entries whose loss is within `tolerance`
// times the lowest loss (1.5 in PySR). Returns the index into `entries`, nullopt when empty.
[[nodiscard]] std::optional<std::size_t> select_best(const std::vector<ParetoEntry>& entries,
                                                     double tolerance = 1.5);

}  // namespace kepler
