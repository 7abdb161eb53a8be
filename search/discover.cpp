#include "search/discover.hpp"

#include <algorithm>
#include <cmath>
#include <chrono>
#include <functional>
#include <limits>
#include <optional>

#include "egraph/simplify.hpp"
#include "engine/error.hpp"
#include "engine/evaluator.hpp"
#include "engine/fitter.hpp"
#include "engine/metrics.hpp"
#include "engine/pareto.hpp"
#include "engine/print.hpp"
#include "engine/simplify.hpp"
#include "search/column_scales.hpp"
#include "search/method.hpp"
#include "search/reading_order.hpp"
#include "search/scorer.hpp"
#include "search/snap.hpp"

namespace kepler {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kMinRowsForValidation = 8;
constexpr int kSimplifyPasses = 6;

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

}  // namespace

// PySR's rule on held-out loss where there is one (see discover.hpp). With a validation set, an
// equation that is not finite on it is never chosen while another is.
// Equations with fewer than kRowsPerConstant training rows per free constant are not chosen while
// another is: the data cannot pin their constants down, and a few validation rows cannot tell —
// unless the equation is exact to rounding where it is judged, with at least two rows per
// constant: an overfit does not reach that on rows it was not fitted to, and on a 15-row table
// x^5 + x^4 + x^3 + x^2 + x with five fitted coefficients is the law, not a fluke.
// Losses at the rounding level carry no information (1e-31 against 1e-33 is noise, and on a table
// of x ≈ 1e-23, sin(x) is x to the last digit): where an equation is exact, the simplest exact one
// is chosen.
std::size_t choose_best(const std::vector<Equation>& pareto, bool validated, std::size_t rows, double exact_loss) {
  constexpr std::size_t kRowsPerConstant = 4;
  const auto reference = [validated](const Equation& e) { return validated ? e.loss_val : e.loss; };
  const auto exact = [&](const Equation& e) { return reference(e) <= exact_loss; };
  const auto supported = [&](const Equation& e) {
    const std::size_t constants = e.expr.parameter_count();
    return kRowsPerConstant * constants <= rows || (rows_can_show_exact(constants, rows) && exact(e));
  };
  const bool any_supported = std::any_of(pareto.begin(), pareto.end(), supported);
  const auto admissible = [&](const Equation& e) { return !any_supported || supported(e); };
  for (std::size_t i = 0; i < pareto.size(); ++i) {
    if (admissible(pareto[i]) && exact(pareto[i])) return i;
  }
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

void DiscoverOptions::validate() const {
  if (!(validation_fraction >= 0.0 && validation_fraction < 1.0)) {
    throw InputError("validation_fraction", "must lie in [0, 1)");
  }
  budget.validate();
  validate_method_options(find_method(method), method_options);
}

std::string Discovery::infix(const Equation& e) const { return to_infix(e.expr, {variables, {}}); }
std::string Discovery::readable(const Equation& e) const {
  return to_infix(e.readable.empty() ? e.expr : e.readable, {variables, {}});
}
std::string Discovery::sympy(const Equation& e) const { return to_sympy(e.expr, {variables, {}}); }
std::string Discovery::latex(const Equation& e) const { return to_latex(e.expr, {variables, {}}); }

std::vector<std::pair<std::string, int>> Discovery::scaled_columns() const {
  std::vector<std::pair<std::string, int>> out;
  for (std::size_t j = 0; j < column_exponents.size() && j < variables.size(); ++j) {
    if (column_exponents[j] != 0) out.emplace_back(variables[j], column_exponents[j]);
  }
  return out;
}

namespace {

// Turns a search's front of cores into a Discovery in data units. `polish`: snap and simplify
// (the final result); without, the cores are only scaled, folded and refitted (checkpoints).
class EquationMaker {
 public:
  // `screen` (may be null): the search's screening rows, on which constants are snapped (each
  // snap tried is a refit: on all of a large table's rows they would cost more than the search).
  EquationMaker(const Dataset& data, const DatasetSplit& parts, const DiscoverOptions& options,
                bool validate_on_holdout, const Dataset* screen)
      : data_(&data), parts_(&parts), options_(&options), validate_on_holdout_(validate_on_holdout),
        fitter_(parts.train, fit_options(options)), simplifier_(simplify_options(parts.train)) {
    const Dataset& snap_rows = screen != nullptr ? *screen : parts.train;
    if (screen != nullptr) snap_fitter_.emplace(*screen, fit_options(options));
    snap_variance_ = variance(snap_rows.target(), snap_rows.weights());
  }

  [[nodiscard]] Discovery make(const std::vector<ParetoEntry>& cores, const SearchReport& report, bool polish) {
    ParetoFront front;
    std::vector<Equation> candidates;
    for (const ParetoEntry& entry : cores) {
      if (auto eq = equation(entry, polish); eq && front.insert(eq->expr, eq->loss, eq->complexity)) {
        candidates.push_back(std::move(*eq));
      }
    }
    Discovery out;
    out.variables = data_->variable_names();
    out.target = data_->target_name();
    out.report = report;
    out.cores = cores;
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
    out.best = choose_best(out.pareto, validate_on_holdout_, parts_->train.rows(), exact_loss());
    return out;
  }

 private:
  // The loss at or below which an equation is the data to rounding, where the best is judged: a
  // residual 1e-12 of the target's spread (normalized squared loss 1e-24; exact laws on
  // noise-free data reach 1e-30 and below, approximations seldom pass 1e-16).
  [[nodiscard]] double exact_loss() const {
    constexpr double kRelative = 1e-12;
    const Dataset& judged = validate_on_holdout_ ? parts_->validation : parts_->train;
    const double spread = variance(judged.target(), judged.weights());
    return options_->loss == SearchLoss::Mae ? kRelative * std::sqrt(spread) : kRelative * kRelative * spread;
  }

  static FitOptions fit_options(const DiscoverOptions& options) {
    FitOptions fit;
    fit.max_iterations = 200;
    if (options.loss != SearchLoss::Mse) fit.loss = FitLoss::Huber;
    if (options.loss == SearchLoss::Mae) fit.huber_delta = 0.05;
    return fit;
  }
  static egraph::SimplifyOptions simplify_options(const Dataset& train) {
    egraph::SimplifyOptions simplify;
    simplify.positive_variables = positive_columns(train);
    simplify.nonzero_variables = nonzero_columns(train);
    // Node and iteration limits decide the result; the time limit only guards against a
    // pathological graph (a wall-clock limit would make results depend on the machine).
    simplify.limits = {.iterations = 8, .nodes = 4'000, .seconds = 10.0};
    return simplify;
  }

  std::optional<Equation> equation(const ParetoEntry& entry, bool polish) {
    const Dataset& train = parts_->train;
    // The search measured the core's loss with this scaling: the model needs no refit to be known.
    Expr expr = options_->linear_scaling ? Scorer::scaled(entry.expr, entry.offset, entry.scale) : entry.expr;
    expr = fold_constants(expr);
    // Snapping starts by fitting; either way the equation ends refitted in data units.
    if (polish && options_->snap_constants) {
      expr = fold_constants(snap_constants(expr, snap_fitter_ ? *snap_fitter_ : fitter_, snap_variance_));
      expr = reduce_phases(expr);
    }
    // Checked on every row: the domain facts come from the training rows alone.
    // Saturation stops at its node budget long before the fixed point on some front equations
    // ((x² + 1 − x + x)·(x + 1) − 1), so it goes again from what it extracted while that shrinks.
    if (polish && options_->simplify) {
      for (int pass = 0; pass < kSimplifyPasses; ++pass) {
        Expr next = fold_constants(simplifier_.simplify_on(expr, *data_));
        const bool smaller = next.size() < expr.size();
        if (next.size() <= expr.size()) expr = std::move(next);
        if (!smaller) break;
      }
    }
    if (polish) expr = reading_order(expr);
    const FitReport fitted = fitter_.fit(expr);
    const std::vector<double> on_train = predict(expr, train);
    if (on_train.empty()) return std::nullopt;
    Equation eq;
    eq.expr = expr;
    eq.readable = polish ? round_to_supported_digits(expr, train) : expr;
    eq.complexity = expr.complexity();
    eq.loss = data_loss(options_->loss, train, on_train, fitted.final_loss);
    eq.r2_train = r2(train.target(), on_train, train.weights());
    eq.r2_val = kNaN;
    eq.loss_val = kNaN;
    if (validate_on_holdout_) {
      const Dataset& validation = parts_->validation;
      const std::vector<double> on_val = predict(expr, validation);
      if (!on_val.empty()) {
        eq.r2_val = r2(validation.target(), on_val, validation.weights());
        eq.loss_val = data_loss(options_->loss == SearchLoss::Huber ? SearchLoss::Mse : options_->loss, validation,
                                on_val, kNaN);
      }
    }
    return eq;
  }

  const Dataset* data_;
  const DatasetSplit* parts_;
  const DiscoverOptions* options_;
  bool validate_on_holdout_;
  Fitter fitter_;
  std::optional<Fitter> snap_fitter_;  // on the screening rows, where there are some
  double snap_variance_ = 1.0;
  egraph::Simplifier simplifier_;
};

}  // namespace

Discovery discover(const Dataset& data, const DiscoverOptions& options, const Observer& observer,
                   const std::function<void(const Discovery&)>& on_checkpoint) {
  options.validate();
  if (data.rows() < 2) {
    throw InputError("data", "needs at least 2 rows to search, found " + std::to_string(data.rows()));
  }
  const bool validate_on_holdout =
      options.validation_fraction > 0.0 && data.rows() >= kMinRowsForValidation;
  const DatasetSplit parts = validate_on_holdout ? split(data, options.validation_fraction, options.search.seed)
                                                 : DatasetSplit{data, Dataset()};
  const ColumnScales scales = options.scale_columns ? ColumnScales::of(data) : ColumnScales();
  const Dataset searched_train = scales.identity() ? Dataset() : scales.scaled(parts.train);
  const Dataset& search_train = scales.identity() ? parts.train : searched_train;
  Problem problem;
  problem.train = &search_train;
  problem.operators = options.operators;
  problem.loss = options.loss;
  problem.max_size = options.max_size;
  problem.max_depth = options.max_depth;
  problem.linear_scaling = options.linear_scaling;
  Dataset screening_rows;
  if (options.mini_batch > 0 && parts.train.rows() >= kScreeningFactor * options.mini_batch) {
    screening_rows = sample_rows(parts.train, options.mini_batch, options.search.seed);
    problem.screen = &screening_rows;
  }
  problem.validate();
  // Checked as the search gets them: a resumed run's cores, written in data units, are their
  // search's own equations again, within the limits they were found under.
  SearchOptions search_options = options.search;
  for (Expr& seed : search_options.seed_equations) seed = scales.to_search_units(seed);
  validate_seeds(search_options.seed_equations, problem);

  // The screening rows in data units, for the snaps; the search's in its own.
  const Dataset search_screen = problem.screen != nullptr && !scales.identity() ? scales.scaled(screening_rows) : Dataset();
  if (problem.screen != nullptr && !scales.identity()) problem.screen = &search_screen;
  EquationMaker maker(data, parts, options, validate_on_holdout, problem.screen != nullptr ? &screening_rows : nullptr);
  const auto in_data_units = [&scales](std::vector<ParetoEntry> cores) {
    for (ParetoEntry& core : cores) core.expr = scales.to_data_units(core.expr);
    return cores;
  };
  Observer search_observer = observer;
  if (observer.on_progress && !scales.identity()) {
    search_observer.on_progress = [&observer, &scales](const Progress& progress) {
      Progress in_data = progress;
      in_data.best = scales.to_data_units(progress.best);
      observer.on_progress(in_data);
    };
  }
  // A checkpoint refits every equation on the training rows: on large tables that costs, so the
  // next one waits at least 20× as long as the last took (at most 5% of the search's time).
  using Clock = std::chrono::steady_clock;
  Clock::time_point next_checkpoint = Clock::now();
  if (on_checkpoint) {
    search_observer.on_front = [&](const FrontSnapshot& snapshot) {
      const Clock::time_point start = Clock::now();
      if (start < next_checkpoint) return false;
      SearchReport report;
      report.stop_reason = StopReason::Running;
      report.evaluations = snapshot.evaluations;
      report.seconds = snapshot.elapsed_seconds;
      Discovery partial = maker.make(in_data_units(snapshot.front), report, false);
      partial.column_exponents = scales.exponents();
      on_checkpoint(partial);
      const Clock::time_point end = Clock::now();
      next_checkpoint = end + 20 * (end - start);
      return true;
    };
  }
  const std::unique_ptr<Search> search = make_search(options.method, options.method_options);
  const SearchResult result = search->run(problem, options.budget, search_options, search_observer);
  Discovery found = maker.make(in_data_units(result.front), result.report, true);
  found.column_exponents = scales.exponents();
  return found;
}

}  // namespace kepler
