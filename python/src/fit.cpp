#include "python/src/fit.hpp"

#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "engine/parse.hpp"
#include "engine/print.hpp"
#include "python/src/arrays.hpp"
#include "python/src/expression.hpp"
#include "search/discover.hpp"

namespace py = pybind11;

namespace kepler::python {
namespace {

// Runs discover on a thread of its own while the calling thread, GIL released, wakes every 50 ms
// to let Python run its signal handlers and to hand the latest progress to `on_progress`: an
// exception there (a KeyboardInterrupt from Ctrl-C, or one the callback raises) cancels the
// search, which returns the front found so far; the exception is handed back to be raised once
// the result is stored. The GIL is held only for those moments, so other Python threads run.
struct Outcome {
  Discovery found;
  std::optional<py::error_already_set> interruption;
};

py::dict progress_dict(const Progress& p, const std::vector<std::string>& variables) {
  py::dict d;
  d["elapsed"] = p.elapsed_seconds;
  d["limit"] = p.limit_seconds;
  d["evaluations"] = p.evaluations;
  d["evaluations_per_second"] = p.evaluations_per_second;
  d["best_loss"] = p.best_loss;
  d["best"] = p.best.empty() ? std::string() : to_infix(p.best, {variables, {}});
  return d;
}

Outcome run_interruptible(const Dataset& data, const DiscoverOptions& options, const py::object& on_progress) {
  std::atomic<bool> cancel{false};
  std::mutex mutex;
  std::condition_variable finished;
  bool done = false;
  std::optional<Progress> latest;  // guarded by mutex
  Observer observer;
  observer.cancel = &cancel;
  if (!on_progress.is_none()) {
    observer.on_progress = [&](const Progress& p) {
      const std::lock_guard lock(mutex);
      latest = p;
    };
  }
  Outcome outcome;
  std::exception_ptr failure;
  {
    py::gil_scoped_release release;
    std::thread worker([&] {
      try {
        outcome.found = discover(data, options, observer);
      } catch (...) {
        failure = std::current_exception();
      }
      const std::lock_guard lock(mutex);
      done = true;
      finished.notify_one();
    });
    std::unique_lock lock(mutex);
    while (!finished.wait_for(lock, std::chrono::milliseconds(50), [&] { return done; })) {
      const std::optional<Progress> report = std::exchange(latest, std::nullopt);
      lock.unlock();
      {
        py::gil_scoped_acquire acquire;
        if (!outcome.interruption) {
          try {
            if (PyErr_CheckSignals() != 0) throw py::error_already_set();
            if (report) on_progress(progress_dict(*report, data.variable_names()));
          } catch (py::error_already_set& e) {
            outcome.interruption.emplace(std::move(e));
            cancel.store(true);
          }
        }
      }
      lock.lock();
    }
    lock.unlock();
    worker.join();
  }
  if (failure) std::rethrow_exception(failure);
  return outcome;
}

py::dict fit(const DoubleArray& x, const ContiguousArray& y, const std::optional<ContiguousArray>& weights,
             const std::vector<std::string>& variable_names, const std::string& target, const std::string& method,
             const std::string& operators, const std::string& loss, std::size_t max_size, std::size_t max_depth,
             double time, std::optional<std::uint64_t> max_evals, double early_stop, double validation,
             std::size_t mini_batch, std::uint64_t seed, std::size_t threads, bool egraph, bool polynomial, bool column_scaling, bool simplify, bool snap_constants,
             const std::vector<std::string>& seed_equations, const py::object& on_progress) {
  const Dataset data = dataset_from_arrays(matrix_view(x, "X"), vector_view(y, "y"),
                                           weights ? vector_view(*weights, "sample_weight") : std::span<const double>{},
                                           variable_names, target);
  DiscoverOptions options;
  options.method = method;
  options.operators = parse_operator_list(operators, "operators");
  options.loss = parse_loss(loss);
  options.max_size = max_size;
  options.max_depth = max_depth;
  options.simplify = simplify;
  options.snap_constants = snap_constants;
  options.validation_fraction = validation;
  options.mini_batch = mini_batch;
  options.budget.seconds = time;
  if (max_evals) options.budget.max_evaluations = *max_evals;
  options.budget.early_stop_loss = early_stop;
  options.search.seed = seed;
  options.search.threads = threads;
  options.search.egraph = egraph;
  options.search.polynomial = polynomial;
  options.scale_columns = column_scaling;
  Problem limits;
  limits.train = &data;
  limits.max_size = max_size;
  limits.max_depth = max_depth;
  for (std::size_t i = 0; i < seed_equations.size(); ++i) {
    const std::string source = "seed_equations[" + std::to_string(i) + "]";
    Expr seed_expr;
    try {
      seed_expr = parse_expr(seed_equations[i], data.variable_names());
    } catch (const InputError& e) {
      throw InputError(source, 0, e.column(), e.message());
    }
    if (const auto why = seed_rejection(seed_expr, limits)) throw InputError(source, "the equation " + *why);
    options.search.seed_equations.push_back(std::move(seed_expr));
  }
  options.validate();

  Outcome outcome = run_interruptible(data, options, on_progress);
  const Discovery& found = outcome.found;
  py::list equations;
  for (const Equation& e : found.pareto) {
    py::dict row;
    row["complexity"] = e.complexity;
    row["loss"] = e.loss;
    row["loss_val"] = e.loss_val;
    row["r2_train"] = e.r2_train;
    row["r2_val"] = e.r2_val;
    row["score"] = e.score;
    row["expression"] = Expression{e.expr, found.variables};
    row["readable"] = found.readable(e);
    equations.append(row);
  }
  py::dict result;
  result["variables"] = found.variables;
  result["target"] = found.target;
  result["equations"] = equations;
  result["best"] = found.best;
  result["stop_reason"] = std::string(to_string(found.report.stop_reason));
  result["evaluations"] = found.report.evaluations;
  result["seconds"] = found.report.seconds;
  py::dict counters;
  for (const Counter& c : found.report.counters) counters[py::str(c.name)] = c.value;
  result["counters"] = counters;
  py::dict column_scales;
  for (const auto& [name, exponent] : found.scaled_columns()) column_scales[py::str(name)] = exponent;
  result["column_scales"] = column_scales;
  result["interruption"] = outcome.interruption ? py::object(outcome.interruption->value()) : py::none();
  return result;
}

}  // namespace

void bind_fit(py::module_& m) {
  m.def("fit", &fit, py::arg("X"), py::arg("y"), py::arg("sample_weight"), py::arg("variable_names"),
        py::arg("target"), py::kw_only(), py::arg("method"), py::arg("operators"), py::arg("loss"),
        py::arg("max_size"), py::arg("max_depth"), py::arg("time"), py::arg("max_evals"), py::arg("early_stop"),
        py::arg("validation"), py::arg("mini_batch"), py::arg("seed"), py::arg("threads"), py::arg("egraph"), py::arg("polynomial"),
        py::arg("column_scaling"), py::arg("simplify"),
        py::arg("snap_constants"), py::arg("seed_equations"), py::arg("on_progress") = py::none(),
        "kepler::discover on arrays: a dict of the Pareto front (simplest first), the best equation's index, "
        "why the search stopped, and the exception that interrupted it (or None). `on_progress`, if given, is "
        "called on the calling thread with a dict of the search's progress, a few times a second.");
}

}  // namespace kepler::python
