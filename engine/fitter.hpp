// Fitting an expression's free constants to data, with Ceres Solver.
//
// Minimizes Σ_i w_i ρ(r_i) over the parameter slots θ, where r_i = (f(x_i; θ) − y_i) / s and s
// is the standard deviation of the target: residuals are measured in units of the target's spread,
// so tolerances mean the same at 10⁻³⁰ and at 10³⁰. ρ is the square (least squares) or Huber's
// loss. The Jacobian is the evaluator's exact reverse-mode one.
//
// Huber's loss is applied per row inside the residuals (r̃ = sign(r)·√ρ(r²), exact gradient),
// not as a Ceres LossFunction, which would act on a whole residual block's norm. Each parameter
// is solved for in units of the inverse norm of its Jacobian column at the start, so the fit is
// scale-free in θ as well: a coefficient of 1e30 moves as readily as an offset of 1e-9.
//
// Two Ceres paths solve the same problem:
//  - `FitSolver::Tiny`: ceres::TinySolver (Levenberg–Marquardt on a dense problem with no
//    per-residual overhead), evaluating all rows in one batched call;
//  - `FitSolver::Problem`: a ceres::Problem with one residual block per kFitBlockRows rows, Ceres'
//    trust-region LM with dense QR.
// benchmarks/perf/fitter_bench.cpp measures both; the faster, Tiny, is the default.
//
// Numerical failure is a status, never an exception: a fit that meets NaN/Inf or fails to
// improve leaves the expression unchanged.
//
// Thread-safety: a Fitter owns scratch buffers; use one per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "engine/dataset.hpp"
#include "engine/evaluator.hpp"
#include "engine/expr.hpp"

namespace kepler {

namespace detail {
class ResidualModel;
}

enum class FitLoss : std::uint8_t { Squared, Huber };
enum class FitSolver : std::uint8_t { Tiny, Problem };

struct FitOptions {
  int max_iterations = 100;           // > 0
  FitLoss loss = FitLoss::Squared;
  double huber_delta = 1.0;           // > 0, in standard deviations of the target
  FitSolver solver = FitSolver::Tiny;
  double function_tolerance = 1e-12;  // relative change of the cost that ends the fit, ≥ 0
  double parameter_tolerance = 1e-12; // relative step size that ends the fit, ≥ 0
  double gradient_tolerance = 1e-14;  // ≥ 0

  // Throws InputError naming the field and the rule it breaks.
  void validate() const;
};

enum class FitStatus : std::uint8_t {
  Converged,       // a tolerance was met
  IterationLimit,  // max_iterations reached; the parameters are the best found
  NonFinite,       // the expression is not finite on the data at the starting point
  NoParameters,    // nothing to fit
};
[[nodiscard]] std::string_view to_string(FitStatus status) noexcept;

struct FitReport {
  FitStatus status = FitStatus::NoParameters;
  int iterations = 0;
  // The objective, in squared data units: the weighted mean of (f − y)² for least squares
  // (the MSE), of Huber's loss for FitLoss::Huber. Before and after the fit; never worse after.
  double initial_loss = 0.0;
  double final_loss = 0.0;
  [[nodiscard]] bool usable() const noexcept {
    return status == FitStatus::Converged || status == FitStatus::IterationLimit;
  }
};

// Rows per residual block on the ceres::Problem path.
inline constexpr std::size_t kFitBlockRows = 256;

class Fitter {
 public:
  Fitter(const Dataset& data, FitOptions options = {});
  ~Fitter();
  Fitter(Fitter&&) noexcept;
  Fitter& operator=(Fitter&&) noexcept;

  // Fits expr's parameters in place (left unchanged unless the loss improves).
  FitReport fit(Expr& expr);

  [[nodiscard]] const FitOptions& options() const noexcept { return options_; }
  [[nodiscard]] std::size_t rows() const noexcept { return data_->rows(); }

 private:
  // `initial_loss`: the loss at u, already known.
  FitReport fit_tiny(const detail::ResidualModel& model, std::vector<double>& u, double initial_loss);
  FitReport fit_problem(const detail::ResidualModel& model, std::vector<double>& u);
  // The objective at scaled parameters u; NaN if not finite.
  double loss(const detail::ResidualModel& model, const std::vector<double>& u);
  // The loss of the residuals the last model evaluation left in prediction_.
  [[nodiscard]] double loss_of_residuals() const;

  const Dataset* data_;
  FitOptions options_;
  Evaluator evaluator_;
  double scale_;                     // standard deviation of the target (1 if it is 0)
  double total_weight_;              // Σw (rows when unweighted)
  std::vector<double> sqrt_weights_; // empty when unweighted
  std::vector<double> prediction_;
  std::vector<double> jacobian_;
  // The small-problem solver, kept from fit to fit: its matrices keep their storage.
  struct TinySolverSlot;
  std::unique_ptr<TinySolverSlot> tiny_;
};

}  // namespace kepler
