#include "engine/fitter.hpp"

#include <ceres/ceres.h>
#include <ceres/tiny_solver.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "engine/error.hpp"
#include "engine/metrics.hpp"

namespace kepler {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Residuals (f − y)·√w / s and their Jacobian for a range of rows.
struct ResidualModel {
  Evaluator* evaluator;
  Expr* expr;
  const double* y;
  const double* sqrt_w;  // null when unweighted
  double inv_scale;

  bool operator()(const double* theta, RowRange rows, double* residuals,
                  double* jacobian_col_major) const {
    expr->set_parameters({theta, expr->parameter_count()});
    const std::span<double> out(residuals, rows.size());
    const EvalStatus status =
        jacobian_col_major == nullptr
            ? evaluator->evaluate(*expr, rows, out)
            : evaluator->evaluate_with_jacobian(
                  *expr, rows, out, {jacobian_col_major, rows.size() * expr->parameter_count()});
    if (status != EvalStatus::Ok) return false;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const double f = sqrt_w ? sqrt_w[rows.begin + i] * inv_scale : inv_scale;
      residuals[i] = (residuals[i] - y[rows.begin + i]) * f;
      if (jacobian_col_major) {
        for (std::size_t k = 0; k < expr->parameter_count(); ++k) {
          jacobian_col_major[k * rows.size() + i] *= f;
        }
      }
    }
    return true;
  }
};

// The functor ceres::TinySolver expects: all rows, column-major Jacobian.
struct TinyFunctor {
  using Scalar = double;
  enum { NUM_RESIDUALS = Eigen::Dynamic, NUM_PARAMETERS = Eigen::Dynamic };
  ResidualModel model;
  RowRange rows;
  int parameters;
  [[nodiscard]] int NumResiduals() const { return static_cast<int>(rows.size()); }
  [[nodiscard]] int NumParameters() const { return parameters; }
  bool operator()(const double* theta, double* residuals, double* jacobian) const {
    if (model(theta, rows, residuals, jacobian)) return true;
    // TinySolver does not check the return value of trial steps: make the step look terrible.
    std::fill(residuals, residuals + rows.size(), std::numeric_limits<double>::max() / 1e10);
    return false;
  }
};

// One residual block of the ceres::Problem path: kFitBlockRows rows (fewer in the last block).
class BlockCost final : public ceres::CostFunction {
 public:
  BlockCost(ResidualModel model, RowRange rows, int parameters)
      : model_(model), rows_(rows), jacobian_(rows.size() * static_cast<std::size_t>(parameters)) {
    set_num_residuals(static_cast<int>(rows.size()));
    mutable_parameter_block_sizes()->push_back(parameters);
  }
  bool Evaluate(double const* const* parameters, double* residuals,
                double** jacobians) const override {
    const bool want_jacobian = jacobians != nullptr && jacobians[0] != nullptr;
    if (!model_(parameters[0], rows_, residuals, want_jacobian ? jacobian_.data() : nullptr)) {
      return false;
    }
    if (want_jacobian) {  // Ceres wants row-major
      const std::size_t n = rows_.size();
      const std::size_t p = jacobian_.size() / std::max<std::size_t>(n, 1);
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t k = 0; k < p; ++k) jacobians[0][i * p + k] = jacobian_[k * n + i];
      }
    }
    return true;
  }

 private:
  ResidualModel model_;
  RowRange rows_;
  mutable std::vector<double> jacobian_;
};

}  // namespace

std::string_view to_string(FitStatus status) noexcept {
  switch (status) {
    case FitStatus::Converged: return "converged";
    case FitStatus::IterationLimit: return "iteration limit";
    case FitStatus::NonFinite: return "non-finite";
    case FitStatus::NoParameters: return "no parameters";
  }
  return "unknown";
}

void FitOptions::validate() const {
  const auto fail = [](const char* field, const char* rule) {
    throw InputError(std::string("fit option ") + field, rule);
  };
  if (max_iterations <= 0) fail("max_iterations", "must be positive");
  if (!(huber_delta > 0.0)) fail("huber_delta", "must be positive");
  if (!(function_tolerance >= 0.0)) fail("function_tolerance", "must be non-negative");
  if (!(parameter_tolerance >= 0.0)) fail("parameter_tolerance", "must be non-negative");
  if (!(gradient_tolerance >= 0.0)) fail("gradient_tolerance", "must be non-negative");
}

Fitter::Fitter(const Dataset& data, FitOptions options)
    : data_(&data), options_(options), evaluator_(data), prediction_(data.rows()) {
  options_.validate();
  const double sd = std::sqrt(variance(data.target(), data.weights()));
  scale_ = (std::isfinite(sd) && sd > 0.0) ? sd : 1.0;
  if (data.weighted()) {
    sqrt_weights_.resize(data.rows());
    std::transform(data.weights().begin(), data.weights().end(), sqrt_weights_.begin(),
                   [](double w) { return std::sqrt(w); });
  }
}

double Fitter::loss(Expr& expr, const std::vector<double>& theta) {
  expr.set_parameters(theta);
  if (evaluator_.evaluate(expr, prediction_) != EvalStatus::Ok) return kNaN;
  return mse(data_->target(), prediction_, data_->weights());
}

FitReport Fitter::fit(Expr& expr) {
  FitReport report;
  std::vector<double> theta = expr.parameters();
  report.initial_loss = loss(expr, theta);
  report.final_loss = report.initial_loss;
  if (!std::isfinite(report.initial_loss)) {
    report.status = FitStatus::NonFinite;
    return report;
  }
  if (theta.empty()) return report;  // NoParameters
  // The Jacobian must be finite where the solver starts (sqrt(θx) at θx = 0 is not).
  jacobian_.resize(data_->rows() * theta.size());
  if (evaluator_.evaluate_with_jacobian(expr, evaluator_.all_rows(), prediction_, jacobian_) !=
      EvalStatus::Ok) {
    report.status = FitStatus::NonFinite;
    return report;
  }
  const std::vector<double> start = theta;
  const bool use_problem = options_.loss == FitLoss::Huber || options_.solver == FitSolver::Problem;
  FitReport solved = use_problem ? fit_problem(expr, theta) : fit_tiny(expr, theta);
  solved.initial_loss = report.initial_loss;
  solved.final_loss = loss(expr, theta);
  if (!(solved.final_loss <= report.initial_loss)) {  // worse, or NaN: keep the start
    expr.set_parameters(start);
    solved.final_loss = report.initial_loss;
  }
  return solved;
}

FitReport Fitter::fit_tiny(Expr& expr, std::vector<double>& theta) {
  const ResidualModel model{&evaluator_, &expr, data_->target().data(),
                            sqrt_weights_.empty() ? nullptr : sqrt_weights_.data(), 1.0 / scale_};
  const TinyFunctor functor{model, evaluator_.all_rows(), static_cast<int>(theta.size())};
  using Solver = ceres::TinySolver<TinyFunctor>;
  Solver solver;
  solver.options.max_num_iterations = options_.max_iterations;
  solver.options.parameter_tolerance = options_.parameter_tolerance;
  solver.options.gradient_tolerance = options_.gradient_tolerance;
  // TinySolver's cost tolerances are absolute; the cost is ½Σr², r in units of the target's
  // spread, so relative to the cost of predicting the mean (½·rows).
  const double baseline = 0.5 * static_cast<double>(data_->rows());
  solver.options.function_tolerance = options_.function_tolerance * baseline;
  solver.options.cost_threshold = 1e-30 * baseline;
  Solver::Parameters x = Eigen::Map<const Eigen::VectorXd>(theta.data(), static_cast<Eigen::Index>(theta.size()));
  const auto& summary = solver.Solve(functor, &x);
  std::copy(x.data(), x.data() + x.size(), theta.begin());
  FitReport report;
  report.iterations = summary.iterations;
  report.status = summary.status == Solver::HIT_MAX_ITERATIONS ? FitStatus::IterationLimit
                                                                : FitStatus::Converged;
  return report;
}

FitReport Fitter::fit_problem(Expr& expr, std::vector<double>& theta) {
  const ResidualModel model{&evaluator_, &expr, data_->target().data(),
                            sqrt_weights_.empty() ? nullptr : sqrt_weights_.data(), 1.0 / scale_};
  ceres::Problem::Options problem_options;
  problem_options.enable_fast_removal = false;
  ceres::Problem problem(problem_options);
  ceres::LossFunction* robust =
      options_.loss == FitLoss::Huber ? new ceres::HuberLoss(options_.huber_delta) : nullptr;
  const int p = static_cast<int>(theta.size());
  for (std::size_t begin = 0; begin < data_->rows(); begin += kFitBlockRows) {
    const RowRange rows{begin, std::min(begin + kFitBlockRows, data_->rows())};
    problem.AddResidualBlock(new BlockCost(model, rows, p), robust, theta.data());
  }
  ceres::Solver::Options solver_options;
  solver_options.linear_solver_type = ceres::DENSE_QR;
  solver_options.max_num_iterations = options_.max_iterations;
  solver_options.function_tolerance = options_.function_tolerance;
  solver_options.parameter_tolerance = options_.parameter_tolerance;
  solver_options.gradient_tolerance = options_.gradient_tolerance;
  solver_options.logging_type = ceres::SILENT;
  solver_options.minimizer_progress_to_stdout = false;
  solver_options.num_threads = 1;
  ceres::Solver::Summary summary;
  ceres::Solve(solver_options, &problem, &summary);
  FitReport report;
  report.iterations = static_cast<int>(summary.iterations.size());
  report.status = summary.termination_type == ceres::NO_CONVERGENCE ? FitStatus::IterationLimit
                                                                    : FitStatus::Converged;
  return report;
}

}  // namespace kepler
