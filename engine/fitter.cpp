// TinySolver forms the normal equations JᵀJ with an Eigen product of a p × n by an n × p matrix,
// p the few free constants, n the rows. Eigen sends any product deeper than 20 to its blocked
// GEMM, whose packing costs 10× the product itself at these shapes (p = 2, n = 750: 5.2 µs
// against 0.52 µs, measured here); below this threshold it computes the p² dot products
// directly. Defined before any Eigen header, for this file only: no other file of Kepler forms
// a matrix product.
#define EIGEN_GEMM_TO_COEFFBASED_THRESHOLD 1000000000
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
namespace detail {

// The residuals both solver paths minimize, for a range of rows:
//   r_i = √w_i (f(x_i; θ) − y_i) / s,  r̃_i = sign(r_i) √ρ(r_i²),  Σ r̃_i² = Σ w_i ρ(r_i²)
// with ρ(t) = t (least squares) or Huber's ρ(t) = t for t ≤ δ², 2δ√t − δ² beyond. Ceres would
// apply a LossFunction to a whole residual block's norm, so robustness lives here, per row, and
// the gradient of Σ r̃² is exact. Parameters are solved for in units d_k (θ_k = u_k d_k) chosen
// by Fitter::fit.
class ResidualModel {
 public:
  ResidualModel(Evaluator& evaluator, Expr& expr, const Dataset& data, const double* sqrt_w,
                double scale, const FitOptions& options, std::vector<double> parameter_scale)
      : evaluator_(&evaluator),
        expr_(&expr),
        y_(data.target().data()),
        sqrt_w_(sqrt_w),
        inv_scale_(1.0 / scale),
        huber_(options.loss == FitLoss::Huber),
        delta_(options.huber_delta),
        d_(std::move(parameter_scale)),
        theta_(d_.size()) {}

  [[nodiscard]] std::size_t parameters() const noexcept { return d_.size(); }
  [[nodiscard]] const std::vector<double>& parameter_scale() const noexcept { return d_; }

  bool operator()(const double* u, RowRange rows, double* residuals, double* jacobian) const {
    const std::size_t p = d_.size();
    for (std::size_t k = 0; k < p; ++k) theta_[k] = u[k] * d_[k];
    expr_->set_parameters(theta_);
    const std::span<double> out(residuals, rows.size());
    const EvalStatus status =
        jacobian == nullptr
            ? evaluator_->evaluate(*expr_, rows, out)
            : evaluator_->evaluate_with_jacobian(*expr_, rows, out, {jacobian, rows.size() * p});
    if (status != EvalStatus::Ok) return false;
    if (!huber_ && sqrt_w_ == nullptr) {  // least squares, unweighted: the slope is one number
      const std::size_t n = rows.size();
      const double* y = y_ + rows.begin;
      for (std::size_t i = 0; i < n; ++i) residuals[i] = (residuals[i] - y[i]) * inv_scale_;
      if (jacobian) {
        for (std::size_t k = 0; k < p; ++k) {
          const double column_scale = inv_scale_ * d_[k];
          double* column = jacobian + k * n;
          for (std::size_t i = 0; i < n; ++i) column[i] *= column_scale;
        }
      }
      return true;
    }
    const double delta2 = delta_ * delta_;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const double factor = sqrt_w_ ? sqrt_w_[rows.begin + i] * inv_scale_ : inv_scale_;
      double r = (residuals[i] - y_[rows.begin + i]) * factor;
      double slope = factor;  // d r̃ / d f
      if (huber_ && r * r > delta2) {
        const double root = std::sqrt(2.0 * delta_ * std::abs(r) - delta2);
        slope *= delta_ / root;
        r = std::copysign(root, r);
      }
      residuals[i] = r;
      if (jacobian) {
        for (std::size_t k = 0; k < p; ++k) jacobian[k * rows.size() + i] *= slope * d_[k];
      }
    }
    return true;
  }

 private:
  Evaluator* evaluator_;
  Expr* expr_;
  const double* y_;
  const double* sqrt_w_;  // null when unweighted
  double inv_scale_;
  bool huber_;
  double delta_;
  std::vector<double> d_;
  mutable std::vector<double> theta_;
};

}  // namespace detail

namespace {

using detail::ResidualModel;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The functor ceres::TinySolver expects: all rows, column-major Jacobian.
struct TinyFunctor {
  using Scalar = double;
  enum { NUM_RESIDUALS = Eigen::Dynamic, NUM_PARAMETERS = Eigen::Dynamic };
  const ResidualModel* model;
  RowRange rows;
  [[nodiscard]] int NumResiduals() const { return static_cast<int>(rows.size()); }
  [[nodiscard]] int NumParameters() const { return static_cast<int>(model->parameters()); }
  bool operator()(const double* u, double* residuals, double* jacobian) const {
    if ((*model)(u, rows, residuals, jacobian)) return true;
    // TinySolver does not check the return value of trial steps: make the step look terrible.
    std::fill(residuals, residuals + rows.size(), std::numeric_limits<double>::max() / 1e10);
    return false;
  }
};

// One residual block of the ceres::Problem path: kFitBlockRows rows (fewer in the last block).
class BlockCost final : public ceres::CostFunction {
 public:
  BlockCost(const ResidualModel& model, RowRange rows)
      : model_(&model), rows_(rows), jacobian_(rows.size() * model.parameters()) {
    set_num_residuals(static_cast<int>(rows.size()));
    mutable_parameter_block_sizes()->push_back(static_cast<int>(model.parameters()));
  }
  bool Evaluate(double const* const* parameters, double* residuals,
                double** jacobians) const override {
    const bool want_jacobian = jacobians != nullptr && jacobians[0] != nullptr;
    if (!(*model_)(parameters[0], rows_, residuals, want_jacobian ? jacobian_.data() : nullptr)) {
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
  const ResidualModel* model_;
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
    : data_(&data), options_(options), evaluator_(data) {
  options_.validate();
  const double sd = std::sqrt(variance(data.target(), data.weights()));
  scale_ = (std::isfinite(sd) && sd > 0.0) ? sd : 1.0;
  total_weight_ = static_cast<double>(data.rows());
  if (data.weighted()) {
    total_weight_ = 0.0;
    for (double w : data.weights()) total_weight_ += w;
    sqrt_weights_.resize(data.rows());
    std::transform(data.weights().begin(), data.weights().end(), sqrt_weights_.begin(),
                   [](double w) { return std::sqrt(w); });
  }
}

namespace {

// Units the solver measures each parameter in: the inverse norm of its Jacobian column at the
// start, so that a unit step in every parameter moves the residuals alike — a coefficient of 1e30
// and an offset that starts at 1e-9 are equally easy to move. A parameter without effect at the
// start keeps its own magnitude (or 1).
std::vector<double> parameter_scale(const std::vector<double>& theta, const std::vector<double>& jacobian,
                                    std::size_t rows) {
  std::vector<double> d(theta.size());
  for (std::size_t k = 0; k < theta.size(); ++k) {
    double norm2 = 0.0;
    for (std::size_t i = 0; i < rows; ++i) norm2 += jacobian[k * rows + i] * jacobian[k * rows + i];
    const double inverse = 1.0 / std::sqrt(norm2);
    const double m = std::abs(theta[k]);
    d[k] = (std::isfinite(inverse) && inverse > 0.0) ? inverse : (std::isfinite(m) && m > 0.0 ? m : 1.0);
  }
  return d;
}

std::vector<double> to_units(const std::vector<double>& theta, const std::vector<double>& d) {
  std::vector<double> u(theta.size());
  for (std::size_t k = 0; k < theta.size(); ++k) u[k] = theta[k] / d[k];
  return u;
}

}  // namespace

FitReport Fitter::fit(Expr& expr) {
  // Sized on first use: a search's fitters on a large table's rows may never fit (screening).
  prediction_.resize(data_->rows());
  FitReport report;
  const std::vector<double> start = expr.parameters();
  const double* sqrt_w = sqrt_weights_.empty() ? nullptr : sqrt_weights_.data();
  // First in the parameters' own units, to measure their Jacobian columns.
  const ResidualModel probe(evaluator_, expr, *data_, sqrt_w, scale_, options_,
                            std::vector<double>(start.size(), 1.0));
  if (start.empty()) {
    report.initial_loss = report.final_loss = loss(probe, start);
    if (!std::isfinite(report.initial_loss)) report.status = FitStatus::NonFinite;
    return report;  // else NoParameters
  }
  // One pass for the starting loss and the Jacobian, which must be finite where the solver
  // starts (sqrt(θx) at θx = 0 is not).
  jacobian_.resize(data_->rows() * start.size());
  if (!probe(start.data(), evaluator_.all_rows(), prediction_.data(), jacobian_.data())) {
    report.initial_loss = report.final_loss = loss(probe, start);  // NaN, or finite with a bad Jacobian
    report.status = FitStatus::NonFinite;
    expr.set_parameters(start);
    return report;
  }
  report.initial_loss = report.final_loss = loss_of_residuals();
  const ResidualModel model(evaluator_, expr, *data_, sqrt_w, scale_, options_,
                            parameter_scale(start, jacobian_, data_->rows()));
  std::vector<double> u = to_units(start, model.parameter_scale());
  const bool use_problem = options_.solver == FitSolver::Problem;
  FitReport solved = use_problem ? fit_problem(model, u) : fit_tiny(model, u, report.initial_loss);
  solved.initial_loss = report.initial_loss;
  solved.final_loss = loss(model, u);
  if (solved.final_loss <= report.initial_loss) {
    for (std::size_t k = 0; k < u.size(); ++k) u[k] *= model.parameter_scale()[k];
    expr.set_parameters(u);
  } else {  // worse, or NaN: keep the start
    expr.set_parameters(start);
    solved.final_loss = report.initial_loss;
  }
  return solved;
}

double Fitter::loss(const ResidualModel& model, const std::vector<double>& u) {
  if (!model(u.data(), evaluator_.all_rows(), prediction_.data(), nullptr)) return kNaN;
  return loss_of_residuals();
}

double Fitter::loss_of_residuals() const {
  double sum = 0.0;
  for (double r : prediction_) sum += r * r;
  return sum * scale_ * scale_ / total_weight_;
}

struct Fitter::TinySolverSlot {
  ceres::TinySolver<TinyFunctor> solver;
};

Fitter::~Fitter() = default;
Fitter::Fitter(Fitter&&) noexcept = default;
Fitter& Fitter::operator=(Fitter&&) noexcept = default;

FitReport Fitter::fit_tiny(const ResidualModel& model, std::vector<double>& u, double initial_loss) {
  const TinyFunctor functor{&model, evaluator_.all_rows()};
  using Solver = ceres::TinySolver<TinyFunctor>;
  if (!tiny_) tiny_ = std::make_unique<TinySolverSlot>();
  Solver& solver = tiny_->solver;
  solver.options.parameter_tolerance = options_.parameter_tolerance;
  solver.options.gradient_tolerance = options_.gradient_tolerance;
  // The cost is ½Σr̃², r in units of the target's spread: ½·Σw is the cost of predicting the
  // mean, and a cost 1e-30 of that is an exact fit.
  const double baseline = 0.5 * total_weight_;
  solver.options.cost_threshold = 1e-30 * baseline;
  // TinySolver's function tolerance is absolute. A relative one matters on exact data, where the
  // cost falls by many orders of magnitude: solve again from the improved point, with the
  // tolerance rescaled, for as long as a solve cuts the cost tenfold.
  Solver::Parameters x =
      Eigen::Map<const Eigen::VectorXd>(u.data(), static_cast<Eigen::Index>(u.size()));
  double cost = 0.5 * initial_loss * total_weight_ / (scale_ * scale_);
  FitReport report;
  report.status = FitStatus::Converged;
  while (report.iterations < options_.max_iterations) {
    solver.options.max_num_iterations = options_.max_iterations - report.iterations;
    solver.options.function_tolerance = options_.function_tolerance * cost;
    const auto& summary = solver.Solve(functor, &x);
    report.iterations += std::max(summary.iterations, 1);
    if (summary.status == Solver::HIT_MAX_ITERATIONS) {
      report.status = FitStatus::IterationLimit;
      break;
    }
    if (!(summary.final_cost < 0.1 * cost) || summary.status == Solver::COST_TOO_SMALL) break;
    cost = summary.final_cost;
  }
  std::copy(x.data(), x.data() + x.size(), u.begin());
  return report;
}

FitReport Fitter::fit_problem(const ResidualModel& model, std::vector<double>& u) {
  ceres::Problem::Options problem_options;
  problem_options.enable_fast_removal = false;
  ceres::Problem problem(problem_options);
  for (std::size_t begin = 0; begin < data_->rows(); begin += kFitBlockRows) {
    const RowRange rows{begin, std::min(begin + kFitBlockRows, data_->rows())};
    problem.AddResidualBlock(new BlockCost(model, rows), nullptr, u.data());
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
