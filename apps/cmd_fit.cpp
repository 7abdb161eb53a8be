// kepler fit data.csv: discover equations for a CSV's target (the main job).
#include <fmt/format.h>

#include <string>
#include <thread>

#include "apps/commands.hpp"
#include "apps/data_options.hpp"
#include "apps/fit_report.hpp"
#include "apps/interrupt.hpp"
#include "apps/validators.hpp"
#include "engine/error.hpp"
#include "search/discover.hpp"

namespace kepler::cli {
namespace {

struct FitCommandOptions {
  DataOptions data;
  std::string ops = kDefaultOperators;
  std::string method = "gp";
  double time = 60.0;
  std::uint64_t max_evals = 0;
  std::size_t max_size = 30;
  std::uint64_t seed = 1;
  std::size_t threads = 0;
  std::string loss = "mse";
  double early_stop = 0.0;
  double validation = 0.25;
  std::string out;
  bool quiet = false;
  bool no_egraph = false;
};

int run_fit(const FitCommandOptions& o) {
  const Dataset data = o.data.load();
  if (data.rows() < 2) {
    throw InputError(o.data.path, "needs at least 2 data rows to search, found " + std::to_string(data.rows()));
  }
  DiscoverOptions options;
  options.method = o.method;
  options.operators = parse_operator_list(o.ops);
  options.loss = o.loss == "mae" ? SearchLoss::Mae : o.loss == "huber" ? SearchLoss::Huber : SearchLoss::Mse;
  options.max_size = o.max_size;
  options.validation_fraction = o.validation;
  options.budget.seconds = o.time;
  if (o.max_evals > 0) options.budget.max_evaluations = o.max_evals;
  options.budget.early_stop_loss = o.early_stop;
  options.search.seed = o.seed;
  options.search.threads = o.threads;
  options.search.egraph = !o.no_egraph;
  options.validate();
  if (!o.out.empty() && std::filesystem::exists(o.out) && !std::filesystem::is_directory(o.out)) {
    throw InputError(o.out, "--out must name a directory");
  }

  Observer observer;
  observer.cancel = &install_interrupt_handlers();
  ProgressPrinter progress(data.variable_names());
  if (!o.quiet) observer.on_progress = [&progress](const Progress& p) { progress(p); };
  const Discovery found = discover(data, options, observer);
  progress.finish();

  fmt::print("{}", pareto_table(found));
  fmt::print("stopped by {} after {:.1f} s: {} evaluations ({:.0f}/s)\n",
             to_string(found.report.stop_reason), found.report.seconds, found.report.evaluations,
             found.report.evaluations_per_second);
  const auto& r = found.report;
  if (r.offspring > 0) {
    fmt::print("twins ({}): {} of {} offspring ({:.1f}%) dropped as twins of a member, {} scored from the cache; "
               "keys took {:.2f} s of worker time\n",
               options.search.egraph ? "e-graph" : "syntactic", r.twins_rejected, r.offspring,
               100.0 * static_cast<double>(r.twins_rejected) / static_cast<double>(r.offspring), r.cache_hits,
               r.twin_key_seconds);
  }
  if (!o.out.empty()) {
    write_results(o.out, found, o.seed);
    fmt::print("wrote {}/pareto.csv and {}/result.json\n", o.out, o.out);
  }
  return kSuccess;
}

}  // namespace

Action add_fit_command(CLI::App& app) {
  auto o = std::make_shared<FitCommandOptions>();
  CLI::App* command = app.add_subcommand("fit", "Discover equations for a CSV's target column");
  o->data.add_to(*command);
  command->add_option("--ops", o->ops, "Operators, comma-separated")->capture_default_str();
  command->add_option("--method", o->method, "Search method (gp)")->capture_default_str();
  command->add_option("--time", o->time, "Time limit in seconds (> 0)")->capture_default_str();
  command->add_option("--max-evals", o->max_evals, "Evaluation limit (0: none)");
  command->add_option("--max-size", o->max_size, "Largest equation, in nodes")
      ->check(positive_number())->capture_default_str();
  command->add_option("--seed", o->seed, "Random seed")->capture_default_str();
  command->add_option("--threads", o->threads, "Worker threads (0: all cores)")->capture_default_str();
  command->add_option("--loss", o->loss, "mse, mae or huber")
      ->check(CLI::IsMember({"mse", "mae", "huber"}))->capture_default_str();
  command->add_option("--early-stop", o->early_stop,
                      "Stop once the normalized loss (loss / variance of the target) is this low")
      ->capture_default_str();
  command->add_option("--validation", o->validation, "Fraction of rows held out for validation")
      ->capture_default_str();
  command->add_option("--out", o->out, "Directory for pareto.csv and result.json");
  command->add_flag("--quiet,-q", o->quiet, "No progress line");
  command->add_flag("--no-egraph", o->no_egraph,
                    "Recognise rewritten twins syntactically only (ablation of the e-graph)");
  return [command, o]() -> int { return command->parsed() ? run_fit(*o) : -1; };
}

}  // namespace kepler::cli
