#include "search/scorer.hpp"

#include <chrono>
#include <cmath>
#include <limits>

#include "engine/metrics.hpp"
#include "search/aliasing.hpp"

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

Score Scorer::fit_once(Expr& f, const Score& before) {
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

namespace {

// The nodes of f that are free constants below a nonlinear operator (exp, log, powers, roots,
// trigonometry): those whose magnitude a fit from 1 may never reach.
std::vector<std::size_t> nonlinear_constants(const Expr& f) {
  std::vector<bool> inside(f.size(), false);
  for (std::size_t i = 0; i < f.size(); ++i) {
    const Op op = f[i].op;
    if (op == Op::Exp || op == Op::Log || op == Op::Pow || op == Op::Sqrt || op == Op::Sin || op == Op::Cos ||
        op == Op::Tan || op == Op::Tanh) {
      for (std::size_t k = f.subtree_begin(i); k < i; ++k) inside[k] = true;
    }
  }
  std::vector<std::size_t> nodes;
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (inside[i] && f[i].op == Op::Param) nodes.push_back(i);
  }
  return nodes;
}

}  // namespace

Score Scorer::optimize(Expr& f) {
  const Score s = fit_best(f);
  // An exact fit is a law however its arguments are sampled, where there are rows enough to show it.
  const std::size_t constants = f.parameter_count() + (problem_->linear_scaling ? 2 : 0);
  const bool exact = s.loss <= kExactNormalizedLoss && rows_can_show_exact(constants, data_->rows());
  if (std::isfinite(s.loss) && !exact && undersampled_periodic(f, evaluator_, arguments_)) {
    ++aliased_;
    return {kNaN, 0.0, 1.0};
  }
  return s;
}

Score Scorer::fit_best(Expr& f) {
  if (f.parameter_count() == 0) return score(f);
  const Score before = score(f);
  if (!std::isfinite(before.loss) && !multi_start_) return before;
  const Expr start = f;
  Score best = std::isfinite(before.loss) ? fit_once(f, before) : before;
  if (!multi_start_ || best.loss <= 1e-14) return best;
  const std::vector<std::size_t> inside = nonlinear_constants(start);
  if (inside.empty()) return best;
  for (const double magnitude : {-1.0, 0.1, -0.1, 10.0, -10.0, 100.0, -100.0, 1e3, -1e3, 1e4, -1e4}) {
    std::vector<Node> nodes(start.nodes().begin(), start.nodes().end());
    for (const std::size_t i : inside) nodes[i].value = magnitude;
    Expr g(std::move(nodes));
    const Score from = score(g);
    if (!std::isfinite(from.loss)) continue;
    const Score fitted = fit_once(g, from);
    if (!std::isfinite(best.loss) || fitted.loss < best.loss) {
      best = fitted;
      f = std::move(g);
      if (best.loss <= 1e-14) break;
    }
  }
  return best;
}

}  // namespace kepler
