#include "search/discover.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "egraph/simplify.hpp"
#include "engine/error.hpp"
#include "engine/evaluator.hpp"
#include "engine/fitter.hpp"
#include "engine/metrics.hpp"
#include "engine/pareto.hpp"
#include "engine/print.hpp"
#include "engine/simplify.hpp"
#include "search/scorer.hpp"
#include "search/snap.hpp"
#include "search/twins.hpp"

namespace kepler {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kMinRowsForValidation = 8;

std::vector<double> predict(const Expr& expr, const Dataset& data) {
  std::vector<double> out(data.rows());
  Evaluator evaluator(data);
  if (evaluator.evaluate(expr, out) != EvalStatus::Ok) return {};
  return out;
}

double data_loss(SearchLoss kind, const Dataset& data, const std::vector<double>& prediction,
                 double huber) {
  if (kind == SearchLoss::Mae) return mae(data.target(), prediction, data.weights());
  if (kind == SearchLoss::Huber) return huber;
  return mse(data.target(), prediction, data.weights());
}

// PySR's rule on held-out loss where there is one (see discover.hpp). With a validation set, an
// equation that is not finite on it is never chosen while another is.
// Equations with fewer than kRowsPerConstant training rows per free constant are not chosen while
// another is: the data cannot pin their constants down, and a few validation rows cannot tell.
std::size_t choose_best(const std::vector<Equation>& pareto, bool validated, std::size_t rows) {
  constexpr std::size_t kRowsPerConstant = 4;
  const auto supported = [&](const Equation& e) {
    return kRowsPerConstant * e.expr.parameter_count() <= rows;
  };
  const bool any_supported = std::any_of(pareto.begin(), pareto.end(), supported);
  const auto admissible = [&](const Equation& e) { return !any_supported || supported(e); };
  const auto reference = [validated](const Equation& e) { return validated ? e.loss_val : e.loss; };
  double lowest = std::numeric_limits<double>::infinity();
  for (const Equation& e : pareto) {
    if (admissible(e) && std::isfinite(reference(e))) lowest = std::min(lowest, reference(e));
  }
  std::size_t best = 0;
  double best_score = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < pareto.size(); ++i) {
    const double r = reference(pareto[i]);
    if (!admissible(pareto[i]) || !(std::isfinite(r) && r <= 1.5 * lowest)) continue;
    if (pareto[i].score > best_score) {
      best = i;
      best_score = pareto[i].score;
    }
  }
  return best;
}

}  // namespace

void DiscoverOptions::validate() const {
  if (!(validation_fraction >= 0.0 && validation_fraction < 1.0)) {
    throw InputError("option validation_fraction", "must lie in [0, 1)");
  }
  budget.validate();
}

std::string Discovery::infix(const Equation& e) const { return to_infix(e.expr, {variables, {}}); }
std::string Discovery::sympy(const Equation& e) const { return to_sympy(e.expr, {variables, {}}); }
std::string Discovery::latex(const Equation& e) const { return to_latex(e.expr, {variables, {}}); }

Discovery discover(const Dataset& data, const DiscoverOptions& options, const Observer& observer) {
  options.validate();
  if (data.rows() < 2) {
    throw InputError("data", "needs at least 2 rows to search, found " + std::to_string(data.rows()));
  }
  const bool validate_on_holdout =
      options.validation_fraction > 0.0 && data.rows() >= kMinRowsForValidation;
  const DatasetSplit parts = validate_on_holdout ? split(data, options.validation_fraction, options.search.seed)
                                                 : DatasetSplit{data, Dataset()};
  Problem problem;
  problem.train = &parts.train;
  problem.operators = options.operators;
  problem.loss = options.loss;
  problem.max_size = options.max_size;
  problem.max_depth = options.max_depth;
  problem.linear_scaling = options.linear_scaling;
  problem.validate();

  const std::unique_ptr<Search> search = make_search(options.method);
  const SearchResult result = search->run(problem, options.budget, options.search, observer);

  // Cores → equations in data units.
  Scorer scorer(problem, 1);
  FitOptions fit_options;
  fit_options.max_iterations = 200;
  if (options.loss != SearchLoss::Mse) fit_options.loss = FitLoss::Huber;
  if (options.loss == SearchLoss::Mae) fit_options.huber_delta = 0.05;
  Fitter fitter(parts.train, fit_options);
  const double var_y = variance(parts.train.target(), parts.train.weights());
  egraph::SimplifyOptions simplify_options;
  simplify_options.positive_variables = positive_columns(parts.train);
  simplify_options.nonzero_variables = nonzero_columns(parts.train);
  simplify_options.limits = {.iterations = 8, .nodes = 4'000, .seconds = 0.05};
  const egraph::Simplifier simplifier(simplify_options);
  ParetoFront front;
  std::vector<Equation> candidates;
  for (const ParetoEntry& entry : result.front) {
    const Score s = scorer.score(entry.expr);
    if (!std::isfinite(s.loss)) continue;
    Expr expr = options.linear_scaling ? Scorer::scaled(entry.expr, s.offset, s.scale) : entry.expr;
    expr = fold_constants(expr);
    // Snapping starts by fitting; either way the equation ends refitted in data units.
    if (options.snap_constants) expr = fold_constants(snap_constants(expr, fitter, var_y));
    // Checked on every row: the domain facts come from the training rows alone.
    if (options.simplify) expr = fold_constants(simplifier.simplify_on(expr, data));
    const FitReport fitted = fitter.fit(expr);
    const std::vector<double> on_train = predict(expr, parts.train);
    if (on_train.empty()) continue;
    Equation eq;
    eq.expr = expr;
    eq.complexity = expr.complexity();
    eq.loss = data_loss(options.loss, parts.train, on_train, fitted.final_loss);
    eq.r2_train = r2(parts.train.target(), on_train, parts.train.weights());
    eq.r2_val = kNaN;
    eq.loss_val = kNaN;
    if (validate_on_holdout) {
      const std::vector<double> on_val = predict(expr, parts.validation);
      if (!on_val.empty()) {
        eq.r2_val = r2(parts.validation.target(), on_val, parts.validation.weights());
        eq.loss_val = data_loss(options.loss == SearchLoss::Huber ? SearchLoss::Mse : options.loss,
                                parts.validation, on_val, kNaN);
      }
    }
    if (front.insert(expr, eq.loss, eq.complexity)) candidates.push_back(std::move(eq));
  }

  Discovery out;
  out.variables = data.variable_names();
  out.target = data.target_name();
  out.report = result.report;
  const std::vector<ParetoEntry> kept = front.snapshot();
  for (const ParetoEntry& entry : kept) {
    for (const Equation& eq : candidates) {
      if (eq.complexity == entry.complexity && eq.expr == entry.expr) {
        out.pareto.push_back(eq);
        out.pareto.back().score = entry.score;
        break;
      }
    }
  }
  out.best = choose_best(out.pareto, validate_on_holdout, parts.train.rows());
  return out;
}

}  // namespace kepler
