// kepler fit data.csv: discover equations for a CSV's target (the main job). With --out DIR the
// front found so far is checkpointed into DIR while the search runs, and `kepler fit --resume DIR`
// continues such a run.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <exception>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "apps/commands.hpp"
#include "apps/data_options.hpp"
#include "apps/fit_checkpoint.hpp"
#include "apps/fit_report.hpp"
#include "apps/interrupt.hpp"
#include "apps/option_names.hpp"
#include "apps/validators.hpp"
#include "engine/csv.hpp"
#include "engine/error.hpp"
#include "engine/parse.hpp"
#include "search/discover.hpp"
#include "search/method.hpp"

#if KEPLER_HAVE_MPI
#include "cluster/distributed_fit.hpp"
#include "cluster/mpi_session.hpp"
#endif

namespace kepler::cli {
namespace {

FitSettings default_settings() {
  FitSettings s;
  s.ops = kDefaultOperators;
  s.method = "portfolio";
  return s;
}

struct FitCommandOptions {
  DataOptions data;
  // Bound to the command line directly; the data fields and `egraph` come from `data` and
  // --no-egraph (see settings_from).
  FitSettings settings = default_settings();
  std::size_t threads = 0;
  std::string out;
  std::string resume;
  double checkpoint_every = 5.0;
  bool quiet = false;
  bool no_egraph = false;
  bool no_polynomial = false;
  bool no_column_scaling = false;
};

// The options that decide what a run searches for: a resumed run keeps its own.
constexpr const char* kSettingOptions[] = {"--target", "--weights", "--ops", "--method", "--max-size", "--seed",
                                           "--loss", "--early-stop", "--validation", "--mini-batch", "--no-egraph", "--no-polynomial",
                                           "--no-column-scaling", "--seed-equations"};

FitSettings settings_from(const FitCommandOptions& o) {
  FitSettings s = o.settings;
  s.data = o.data.path.empty() ? std::string() : std::filesystem::absolute(o.data.path).string();
  s.target = o.data.target;
  s.weights = o.data.weights;
  s.egraph = !o.no_egraph;
  s.polynomial = !o.no_polynomial;
  s.column_scaling = !o.no_column_scaling;
  return s;
}

DiscoverOptions discover_options(const FitSettings& s, std::size_t threads) {
  DiscoverOptions options;
  options.method = s.method;
  options.operators = parse_operator_list(s.ops);
  options.loss = parse_loss(s.loss, "option --loss");
  options.max_size = s.max_size;
  options.validation_fraction = s.validation;
  options.mini_batch = s.mini_batch;
  options.budget.seconds = s.time;
  if (s.max_evals > 0) options.budget.max_evaluations = s.max_evals;
  options.budget.early_stop_loss = s.early_stop;
  options.search.seed = s.seed;
  options.search.threads = threads;
  options.search.egraph = s.egraph;
  options.search.polynomial = s.polynomial;
  options.scale_columns = s.column_scaling;
  return options;
}

// One equation per line over the table's columns; blank lines and lines starting with '#' are
// skipped. Each must fit the run's size limits; errors name the file, line and column.
std::vector<Expr> read_seed_equations(const std::string& path, const Dataset& data, const DiscoverOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "cannot open the seed equations");
  Problem limits;
  limits.train = &data;
  limits.max_size = options.max_size;
  limits.max_depth = options.max_depth;
  const std::vector<std::string> variables = data.variable_names();
  std::vector<Expr> seeds;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    Expr expr;
    try {
      expr = parse_expr(line, variables);
    } catch (const InputError& e) {
      throw InputError(path, number, e.column(), e.message());
    }
    if (const auto why = seed_rejection(expr, limits)) throw InputError(path, number, first + 1, "the equation " + *why);
    seeds.push_back(std::move(expr));
  }
  if (seeds.empty()) throw InputError(path, "holds no equations");
  return seeds;
}

// Everything a fit needs before it searches: checked settings, the data, the options.
struct FitJob {
  bool resuming = false;
  Checkpoint checkpoint;
  FitSettings settings;
  std::string out;
  Dataset data;
  DiscoverOptions options;
  RunRecord record;
};

FitJob prepare_fit(const FitCommandOptions& o, const CLI::App& command) {
  FitJob job;
  job.resuming = !o.resume.empty();
  Checkpoint& checkpoint = job.checkpoint;
  FitSettings& settings = job.settings;
  settings = settings_from(o);
  if (job.resuming) {
    for (const char* name : kSettingOptions) {
      if (command.count(name) > 0) {
        throw InputError(std::string("option ") + name,
                         "cannot change when resuming: the run keeps the settings it started with (" + o.resume +
                             "/result.json)");
      }
    }
    checkpoint = read_checkpoint(o.resume);
    const FitSettings given = settings;
    settings = checkpoint.settings;
    if (!given.data.empty()) settings.data = given.data;
    if (command.count("--time") > 0) settings.time = given.time;
    if (command.count("--max-evals") > 0) settings.max_evals = given.max_evals;
  } else if (settings.data.empty()) {
    throw InputError("kepler fit", "needs a data file (or --resume DIR)");
  }
  job.out = !o.out.empty() ? o.out : o.resume;
  if (!job.out.empty() && std::filesystem::exists(job.out) && !std::filesystem::is_directory(job.out)) {
    throw InputError(job.out, "--out must name a directory");
  }

  job.data = read_csv(settings.data, CsvOptions{settings.target, settings.weights});
  const Dataset& data = job.data;
  if (data.rows() < 2) {
    throw InputError(settings.data, "needs at least 2 data rows to search, found " + std::to_string(data.rows()));
  }
  DiscoverOptions& options = job.options;
  options = discover_options(settings, o.threads);
  if (job.resuming) {
    if (data.rows() != checkpoint.rows || data.variable_names() != checkpoint.variables) {
      throw InputError(settings.data, fmt::format("is not the table the run in {} read ({} rows, columns {})", o.resume,
                                                  checkpoint.rows, fmt::join(checkpoint.variables, ", ")));
    }
    options.budget.seconds = settings.time - checkpoint.elapsed_seconds;
    if (!(options.budget.seconds > 0.0)) {
      throw InputError("option --time", fmt::format("the run in {} has spent {:.1f} s, its whole time limit of {} s; "
                                                    "give a larger --time (the whole run's) to continue it",
                                                    o.resume, checkpoint.elapsed_seconds, settings.time));
    }
    if (settings.max_evals > 0) {
      if (checkpoint.evaluations >= settings.max_evals) {
        throw InputError("option --max-evals", fmt::format("the run in {} has spent {} evaluations, its whole limit of {}; "
                                                           "give a larger --max-evals (the whole run's) to continue it",
                                                           o.resume, checkpoint.evaluations, settings.max_evals));
      }
      options.budget.max_evaluations = settings.max_evals - checkpoint.evaluations;
    }
    options.search.seed_equations = checkpoint.cores;
  } else if (!settings.seed_equations.empty()) {
    options.search.seed_equations = read_seed_equations(settings.seed_equations, data, options);
  }
  options.validate();

  job.record.run = settings_json(settings);
  job.record.run["rows"] = data.rows();
  job.record.run["parts"] = job.resuming ? checkpoint.parts + 1 : 1;
  job.record.seed = settings.seed;
  job.record.elapsed_before = checkpoint.elapsed_seconds;
  job.record.evaluations_before = checkpoint.evaluations;
  return job;
}

// Searches and reports. `exchange` (may be empty): this rank's part of a search over MPI ranks;
// `report`: whether this process prints and writes (rank 0, or the only process).
int run_fit_job(const FitCommandOptions& o, const FitJob& job, decltype(Observer::exchange) exchange, bool report) {
  const bool quiet = o.quiet || !report;
  Observer observer;
  observer.cancel = &install_interrupt_handlers();
  observer.front_every_seconds = o.checkpoint_every;
  observer.front_improvement_seconds = std::min(1.0, o.checkpoint_every);
  observer.exchange = std::move(exchange);
  ProgressPrinter progress(job.data.variable_names());
  if (!quiet) observer.on_progress = [&progress](const Progress& p) { progress(p); };
  std::function<void(const Discovery&)> on_checkpoint;
  if (report && !job.out.empty()) {
    on_checkpoint = [&](const Discovery& partial) { write_results(job.out, partial, job.record); };
  }
  if (job.resuming && !quiet) {
    fmt::print(stderr, "resuming {} ({}; {:.1f} s and {} evaluations spent, {} equations on the front)\n", o.resume,
               job.checkpoint.stop_reason, job.checkpoint.elapsed_seconds, job.checkpoint.evaluations,
               job.checkpoint.cores.size());
  }
  const Discovery found = discover(job.data, job.options, observer, on_checkpoint);
  if (!report) return kSuccess;
  progress.finish();

  fmt::print("{}", pareto_table(found));
  fmt::print("stopped by {} after {:.1f} s: {} evaluations ({:.0f}/s)\n",
             to_string(found.report.stop_reason), found.report.seconds, found.report.evaluations,
             found.report.evaluations_per_second);
  if (!found.report.counters.empty()) {
    fmt::print("search ({}): {}\n", job.options.search.egraph ? "e-graph keys" : "syntactic keys",
               counters_line(found.report));
  }
  if (!job.out.empty()) {
    write_results(job.out, found, job.record);
    fmt::print("wrote {}/pareto.csv and {}/result.json\n", job.out, job.out);
  }
  return kSuccess;
}

#if KEPLER_HAVE_MPI
// Under mpirun: every rank prepares the same job (each reads the data); if any rank cannot, rank 0
// reports the lowest such rank's error and every rank exits 2. Then each searches with its own
// seed, exchanging fronts at every round; rank 0 prints and writes.
int run_fit_on_ranks(const FitCommandOptions& o, const CLI::App& command, const cluster::MpiSession& mpi) {
  std::optional<FitJob> job;
  std::exception_ptr mine;
  std::optional<std::string> failure;
  try {
    job.emplace(prepare_fit(o, command));
  } catch (const InputError& e) {
    mine = std::current_exception();
    failure = with_option_names(e).what();
  }
  if (const auto first = cluster::first_failure(mpi, failure)) {
    if (!mpi.is_root()) return kBadInput;
    if (first->rank == 0) std::rethrow_exception(mine);
    throw InputError("rank " + std::to_string(first->rank), first->message);
  }
  job->options.search.seed = cluster::rank_seed(job->settings.seed, mpi.rank());
  job->record.run["ranks"] = mpi.size();
  return run_fit_job(o, *job, cluster::front_exchange(mpi), mpi.is_root());
}
#endif

int run_fit(const FitCommandOptions& o, const CLI::App& command) {
#if KEPLER_HAVE_MPI
  if (cluster::launched_by_mpi()) {
    const cluster::MpiSession mpi;
    if (mpi.size() > 1) return run_fit_on_ranks(o, command, mpi);
  }
#endif
  return run_fit_job(o, prepare_fit(o, command), {}, true);
}

}  // namespace

Action add_fit_command(CLI::App& app) {
  auto o = std::make_shared<FitCommandOptions>();
  CLI::App* command = app.add_subcommand("fit", "Discover equations for a CSV's target column");
  o->data.add_to(*command, /*required=*/false);
  command->add_option("--ops", o->settings.ops, "Operators, comma-separated")->capture_default_str();
  command->add_option("--method", o->settings.method,
                      fmt::format("Search method ({})", fmt::join(search_names(), ", ")))
      ->capture_default_str();
  command->add_option("--time", o->settings.time, "Time limit in seconds (> 0); when resuming, the whole run's")
      ->capture_default_str();
  command->add_option("--max-evals", o->settings.max_evals, "Evaluation limit (0: none); when resuming, the whole run's");
  command->add_option("--max-size", o->settings.max_size, "Largest equation, in nodes")
      ->check(positive_number())->capture_default_str();
  command->add_option("--seed", o->settings.seed, "Random seed")->capture_default_str();
  command->add_option("--threads", o->threads, "Worker threads (0: all cores)")->capture_default_str();
  command->add_option("--loss", o->settings.loss, "mse, mae or huber")
      ->check(CLI::IsMember({"mse", "mae", "huber"}))->capture_default_str();
  command->add_option("--early-stop", o->settings.early_stop,
                      "Stop once the normalized loss (loss / variance of the target) is this low")
      ->capture_default_str();
  command->add_option("--validation", o->settings.validation, "Fraction of rows held out for validation")
      ->capture_default_str();
  command->add_option("--mini-batch", o->settings.mini_batch,
                      fmt::format("Rows a candidate is screened on before it is fitted on all of them, on tables of "
                                  "{}× as many training rows or more (0: never)",
                                  kScreeningFactor))
      ->capture_default_str();
  command->add_option("--out", o->out,
                      "Directory for pareto.csv and result.json, also written while the search runs");
  command->add_option("--checkpoint-every", o->checkpoint_every,
                      "Seconds between the checkpoints written to --out while the front changes")
      ->check(positive_number())->capture_default_str();
  command->add_option("--resume", o->resume,
                      "Continue the run whose --out was DIR, with its settings; writes to DIR unless --out");
  command->add_option("--seed-equations", o->settings.seed_equations,
                      "File of equations (one per line, over the columns) the search starts from");
  command->add_flag("--quiet,-q", o->quiet, "No progress line");
  command->add_flag("--no-egraph", o->no_egraph,
                    "Recognise rewritten twins syntactically only (ablation of the e-graph)");
  command->add_flag("--no-polynomial", o->no_polynomial,
                    "The tree search writes no sparse-polynomial leaf (ablation of the least-squares polynomial)");
  command->add_flag("--no-column-scaling", o->no_column_scaling,
                    "Search every variable in data units, none in units of a power of ten (ablation)");
  return [command, o]() -> int { return command->parsed() ? run_fit(*o, *command) : -1; };
}

}  // namespace kepler::cli
