// Scoring candidate equations for a search worker.
//
// A candidate is a core f; with linear scaling the model is y ≈ a + b·f(x), a and b solved in
// closed form (weighted least squares) for every f, so the search never spends effort on offset
// and scale, and a law is found alike whether y is 10⁻³⁰ or 10³⁰. Losses are normalized: MSE and
// Huber by the target's variance, MAE by its mean absolute deviation — 1 means "no better than the
// mean", 0 is exact.
//
// `optimize` fits f's free constants jointly with a and b by the engine's Fitter (Ceres
// Levenberg–Marquardt) and writes them back into f (Lamarckian).
//
// Thread-safety: a Scorer owns an Evaluator and a Fitter; use one per worker.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/evaluator.hpp"
#include "engine/expr.hpp"
#include "engine/fitter.hpp"
#include "search/problem.hpp"

namespace kepler {

// The normalized loss at or below which a fit is the data to rounding: exact laws on noise-free
// data reach 1e-30 and below, approximations seldom pass 1e-16.
inline constexpr double kExactNormalizedLoss = 1e-16;

struct Score {
  double loss;    // normalized; NaN when f is not finite on the data
  double offset;  // a
  double scale;   // b
};

class Scorer {
 public:
  // Scores on problem.train.
  Scorer(const Problem& problem, int fit_iterations);
  // Scores on `data` (problem.train or a subset of its rows, such as problem.screen).
  Scorer(const Problem& problem, const Dataset& data, int fit_iterations);

  [[nodiscard]] Score score(const Expr& f);
  // Not finite (NaN loss) where the fit aliases: a periodic argument undersampled by the rows and
  // the fit not exact (search/aliasing.hpp).
  Score optimize(Expr& f);
  // Multi-start: where f's constants sit inside exp, log, a power, a root or trigonometry, and the
  // fit from their values is not exact, optimize fits again from those constants set to each of
  // ±1, ±0.1, ±10, ±100, ±1000, ±10⁴ (the others as given) and keeps the best — so exp(c/T) with
  // c ≈ −5000 is reached from a start of 1. For searches whose constants start at 1 (enumeration).
  void set_multi_start(bool on) noexcept { multi_start_ = on; }

  // offset + scale·f as one expression (free constants for offset and scale).
  [[nodiscard]] static Expr scaled(const Expr& f, double offset, double scale);

  [[nodiscard]] std::uint64_t evaluations() const noexcept { return evaluations_; }
  // Fits rejected as aliased.
  [[nodiscard]] std::uint64_t aliased() const noexcept { return aliased_; }
  [[nodiscard]] double fitting_seconds() const noexcept { return fitting_seconds_; }
  [[nodiscard]] double evaluating_seconds() const noexcept { return evaluating_seconds_; }

 private:
  [[nodiscard]] Score loss_of(const std::vector<double>& f_values) const;
  // One fit of f's constants from their current values; f keeps the better of before and after.
  Score fit_once(Expr& f, const Score& before);
  // optimize without the aliasing check.
  Score fit_best(Expr& f);

  const Problem* problem_;
  const Dataset* data_;
  Evaluator evaluator_;
  Fitter fitter_;
  std::vector<double> values_;
  std::vector<double> arguments_;  // scratch of the aliasing check
  double normalizer_;  // variance (MSE, Huber) or mean absolute deviation (MAE) of y
  std::uint64_t evaluations_ = 0;
  std::uint64_t aliased_ = 0;
  double fitting_seconds_ = 0.0;
  double evaluating_seconds_ = 0.0;
  bool multi_start_ = false;
};

}  // namespace kepler
