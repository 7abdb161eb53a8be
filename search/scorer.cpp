#include "search/scorer.hpp"

#include <chrono>
#include <cmath>
#include <limits>

#include "engine/metrics.hpp"

namespace kepler {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kHuberDelta = 1.0;  // in standard deviations of y, as the Fitter measures it

FitOptions fit_options(const Problem& problem, int iterations) {
  FitOptions options;
  options.max_iterations = iterations;
  // L1 has no Gauss–Newton form; a narrow Huber loss approximates it.
  if (problem.loss == SearchLoss::Huber) options.loss = FitLoss::Huber;
  if (problem.loss == SearchLoss::Mae) {
    options.loss = FitLoss::Huber;
    options.huber_delta = 0.05;
  }
  options.function_tolerance = 1e-10;
  options.parameter_tolerance = 1e-10;
  return options;
}

double mean_absolute_deviation(std::span<const double> y, std::span<const double> w) {
  double total = 0.0, mean = 0.0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double wi = w.empty() ? 1.0 : w[i];
    mean += wi * y[i];
    total += wi;
  }
  mean /= total;
  double mad = 0.0;
  for (std::size_t i = 0; i < y.size(); ++i) mad += (w.empty() ? 1.0 : w[i]) * std::abs(y[i] - mean);
  return mad / total;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

Scorer::Scorer(const Problem& problem, int fit_iterations) : Scorer(problem, *problem.train, fit_iterations) {}

Scorer::Scorer(const Problem& problem, const Dataset& data, int fit_iterations)
    : problem_(&problem),
      data_(&data),
      evaluator_(data),
      fitter_(data, fit_options(problem, fit_iterations)),
      values_(data.rows()) {
  const auto y = data_->target();
  const auto w = data_->weights();
  normalizer_ = problem.loss == SearchLoss::Mae ? mean_absolute_deviation(y, w) : variance(y, w);
  if (!(normalizer_ > 0.0)) normalizer_ = 1.0;
}

Score Scorer::loss_of(const std::vector<double>& f) const {
  const auto y = data_->target();
  const auto w = data_->weights();
  double a = 0.0;
  double b = 1.0;
  if (problem_->linear_scaling) {
    double sw = 0, sf = 0, sy = 0;
    for (std::size_t i = 0; i < f.size(); ++i) {
      const double wi = w.empty() ? 1.0 : w[i];
      sw += wi;
      sf += wi * f[i];
      sy += wi * y[i];
    }
    const double mf = sf / sw;
    const double my = sy / sw;
    double sff = 0, sfy = 0;
    for (std::size_t i = 0; i < f.size(); ++i) {
      const double wi = w.empty() ? 1.0 : w[i];
      sff += wi * (f[i] - mf) * (f[i] - mf);
      sfy += wi * (f[i] - mf) * (y[i] - my);
    }
    b = sff > 0.0 ? sfy / sff : 0.0;
    a = my - b * mf;
  }
  double sum = 0.0, total = 0.0;
  for (std::size_t i = 0; i < f.size(); ++i) {
    const double wi = w.empty() ? 1.0 : w[i];
    const double r = y[i] - (a + b * f[i]);
    double term = r * r;
    if (problem_->loss == SearchLoss::Mae) term = std::abs(r);
    if (problem_->loss == SearchLoss::Huber) {
      const double delta = kHuberDelta * std::sqrt(normalizer_);
      term = std::abs(r) <= delta ? r * r : 2.0 * delta * std::abs(r) - delta * delta;
    }
    sum += wi * term;
    total += wi;
  }
  const double loss = sum / total / normalizer_;
  return {std::isfinite(loss) ? loss : kNaN, a, b};
}

Score Scorer::score(const Expr& f) {
  const auto start = std::chrono::steady_clock::now();
  ++evaluations_;
  Score s{kNaN, 0.0, 1.0};
  if (evaluator_.evaluate(f, values_) == EvalStatus::Ok) s = loss_of(values_);
  evaluating_seconds_ += seconds_since(start);
  return s;
}

Expr Scorer::scaled(const Expr& f, double offset, double scale) {
  Expr g = build::binary(Op::Add, build::param(offset),
                         build::binary(Op::Mul, build::param(scale), f));
  g.renumber_parameters();
  return g;
}

Score Scorer::optimize(Expr& f) {
  if (f.parameter_count() == 0) return score(f);
  const Score before = score(f);
  if (!std::isfinite(before.loss)) return before;
  const auto start = std::chrono::steady_clock::now();
  // Fit a + b·f jointly; f's nodes sit at [2, 2 + |f|) in the postfix array of a + b·f.
  Expr g = problem_->linear_scaling ? scaled(f, before.offset, before.scale) : f;
  const FitReport report = fitter_.fit(g);
  evaluations_ += static_cast<std::uint64_t>(report.iterations);
  fitting_seconds_ += seconds_since(start);
  if (report.usable() && report.final_loss < report.initial_loss) {
    std::vector<Node> nodes(f.nodes().begin(), f.nodes().end());
    const std::size_t first = problem_->linear_scaling ? 2 : 0;
    for (std::size_t i = 0; i < nodes.size(); ++i) nodes[i].value = g[first + i].value;
    Expr fitted(std::move(nodes));
    const Score after = score(fitted);
    if (after.loss <= before.loss) {
      f = std::move(fitted);
      return after;
    }
  }
  return before;
}

}  // namespace kepler
