// kepler::discover: the one call that finds equations in a dataset.
//
//   const kepler::Discovery found = kepler::discover(data, options);
//   for (const auto& eq : found.pareto) fmt::print("{}\n", found.infix(eq));
//
// It splits the rows into training and validation sets, runs the registered search named by
// `options.method`, and turns each equation core on the search's Pareto front into a reported
// equation: the linear scaling folded in (y = a + b·f), constants folded and refitted in data
// units, then snapped to simple values (0, 1, ½, 2, π, ...) where the loss allows. The result is a
// Pareto front of loss against complexity in data units, with R² on both sets, and the chosen best:
// PySR's rule — the highest score among equations within 1.5× of the lowest loss — with the loss
// measured on the validation rows when there are any, among the equations with at least 4
// training rows per free constant (2 for one exact to rounding) — so that an equation that merely
// interpolates a few training points is not chosen; and where equations are exact to rounding,
// the simplest of them, since losses at that level differ only by rounding.
#pragma once

#include <any>
#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "engine/dataset.hpp"
#include "engine/expr.hpp"
#include "search/search.hpp"

namespace kepler {

inline constexpr std::size_t kScreeningFactor = 4;
// Rows a candidate is screened on (DiscoverOptions::mini_batch). On SRSD's 8 000-row tables at
// 10 s, 512 and 256 measured alike and well above 4096 (README, a sixth sitting): a candidate costs
// a tenth, and the one best at its size is still scored on all rows before it reaches the front.
inline constexpr std::size_t kDefaultMiniBatch = 512;

struct DiscoverOptions {
  std::string method = "portfolio";  // a registered method (search/method.hpp)
  // The method's own options (gp::GpOptions for "gp"); empty: its defaults.
  std::any method_options;
  std::vector<Op> operators = {Op::Add, Op::Sub, Op::Mul, Op::Div};
  SearchLoss loss = SearchLoss::Mse;
  std::size_t max_size = 30;
  std::size_t max_depth = 12;
  bool linear_scaling = true;
  bool snap_constants = true;
  // Reported equations are simplified by equality saturation (egraph::Simplifier) before their
  // final refit: the smallest equivalent form, redundant constants merged.
  bool simplify = true;
  double validation_fraction = 0.25;  // in [0, 1); no validation set below 8 rows
  // Variables far from order one are searched in units of a power of ten (search/column_scales.hpp)
  // and the equations written back in data units. Off: the ablation.
  bool scale_columns = true;
  // Screening on large tables (Problem::screen): with at least kScreeningFactor × mini_batch
  // training rows, candidates are fitted on mini_batch of them, drawn with the search's seed,
  // before any is fitted on all of them. 0: never.
  std::size_t mini_batch = kDefaultMiniBatch;
  Budget budget;
  SearchOptions search;

  // Throws InputError naming the field ("validation_fraction", "budget.seconds", "gp.population").
  void validate() const;
};

struct Equation {
  Expr expr;
  // expr with each constant to the digits the training rows support (round_to_supported_digits,
  // search/snap.hpp): what the console prints. `expr` keeps them exact.
  Expr readable;
  std::size_t complexity = 0;
  double loss = 0.0;      // the chosen loss on the training rows, in data units
  double r2_train = 0.0;
  double r2_val = 0.0;    // NaN without a validation set
  double loss_val = 0.0;  // the chosen loss on the validation rows; NaN without them
  double score = 0.0;     // PySR's −Δlog(loss)/Δcomplexity
};

struct Discovery {
  std::vector<std::string> variables;
  std::string target;
  std::vector<Equation> pareto;  // simplest first
  std::size_t best = 0;          // index into pareto
  SearchReport report;
  // The search's own front of equation cores (before linear scaling; normalized losses), in data
  // units: what a resumed search starts from (SearchOptions::seed_equations).
  std::vector<ParetoEntry> cores;
  // Per variable, the power of ten it was searched in units of (DiscoverOptions::scale_columns;
  // 0: as it is).
  std::vector<int> column_exponents;

  [[nodiscard]] std::string infix(const Equation& e) const;
  // The readable form (Equation::readable) in infix.
  [[nodiscard]] std::string readable(const Equation& e) const;
  [[nodiscard]] std::string sympy(const Equation& e) const;
  [[nodiscard]] std::string latex(const Equation& e) const;
  // The variables searched in units of a power of ten, by name, with their exponents.
  [[nodiscard]] std::vector<std::pair<std::string, int>> scaled_columns() const;
};

// Throws InputError for invalid options or data the search cannot use (fewer than 2 rows).
// `on_checkpoint`, if given, receives partial results while the search runs, on the schedule of
// Observer::on_front, from the search's coordinating thread: report.stop_reason is Running, and
// the equations are made as for the final result but neither snapped nor simplified, so that a
// checkpoint costs milliseconds; where it costs more (large tables), checkpoints are spaced so
// that they take at most about 5% of the time.
// The index in `pareto` (simplest first) of the equation to report as the best: PySR's rule (see
// above) on the validation loss if `validated`, else the training loss, among the equations with
// at least 4 of the `training_rows` per free constant, or 2 where the equation is exact — its
// loss at most `exact_loss`, the rounding level — and all where none has; where one is exact,
// the simplest exact one.
[[nodiscard]] std::size_t choose_best(const std::vector<Equation>& pareto, bool validated, std::size_t training_rows,
                                      double exact_loss);

[[nodiscard]] Discovery discover(const Dataset& data, const DiscoverOptions& options,
                                 const Observer& observer = {},
                                 const std::function<void(const Discovery&)>& on_checkpoint = {});

}  // namespace kepler
