// kepler bench --suite NAME | --data FILE... --out DIR: every problem of a suite (data generated) or
// every data file (SRBench / PMLB tables, split as SRBench does) run by a search and scored;
// resumable (a rerun with the same --out skips finished runs).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "apps/commands.hpp"
#include "apps/interrupt.hpp"
#include "benchmarks/runner.hpp"
#include "datasets/suite.hpp"
#include "engine/error.hpp"
#include "search/discover.hpp"
#include "search/method.hpp"

#if KEPLER_HAVE_MPI
#include "cluster/distributed_bench.hpp"
#include "cluster/mpi_session.hpp"
#endif

namespace kepler::cli {
namespace {

struct BenchCommandOptions {
  std::string suite;
  std::string suite_file;
  std::vector<std::string> problems;
  std::vector<std::string> data;
  std::string target;
  std::size_t max_train_rows = 10000;
  std::vector<std::string> methods{"portfolio"};
  double time = 60.0;
  std::uint64_t max_evals = 0;
  std::vector<std::uint64_t> seeds{1};
  std::size_t jobs = 1;
  std::size_t threads = 0;
  std::uint64_t data_seed = 1;
  double noise = 0.0;
  bool dummy = false;
  std::string ops;
  double early_stop = 1e-20;
  bool no_egraph = false;
  bool no_polynomial = false;
  bool no_column_scaling = false;
  std::size_t mini_batch = kDefaultMiniBatch;
  std::string out;
  std::string srbench_results;
  bool quiet = false;
};

bool is_table_file(const std::filesystem::path& path) {
  static constexpr std::array<std::string_view, 4> kSuffixes{".csv", ".tsv", ".csv.gz", ".tsv.gz"};
  const std::string name = path.filename().string();
  return std::any_of(kSuffixes.begin(), kSuffixes.end(), [&](std::string_view suffix) { return name.ends_with(suffix); });
}

// A file as given; a directory (e.g. a PMLB checkout) as every table file under it, sorted.
std::vector<std::filesystem::path> data_files(const std::vector<std::string>& arguments) {
  std::vector<std::filesystem::path> files;
  for (const auto& argument : arguments) {
    const std::filesystem::path path(argument);
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      std::vector<std::filesystem::path> found;
      for (const auto& entry : std::filesystem::recursive_directory_iterator(path, ec)) {
        if (entry.is_regular_file() && is_table_file(entry.path())) found.push_back(entry.path());
      }
      if (found.empty()) throw InputError(argument, "directory holds no .csv, .tsv, .csv.gz or .tsv.gz file");
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (std::filesystem::exists(path, ec)) {
      files.push_back(path);
    } else {
      throw InputError(argument, "no such file or directory");
    }
  }
  return files;
}

std::vector<bench::BenchProblem> suite_problems(const BenchCommandOptions& o) {
  std::vector<bench::BenchProblem> out;
  if (o.suite.empty()) return out;
  const auto specs = o.suite_file.empty() ? datasets::load_suite(o.suite) : datasets::load_suite_file(o.suite_file, o.suite);
  for (const auto& spec : specs) {
    if (o.problems.empty() || std::find(o.problems.begin(), o.problems.end(), spec.id) != o.problems.end()) {
      out.push_back(bench::suite_problem(spec));
    }
  }
  for (const auto& id : o.problems) {
    if (std::none_of(specs.begin(), specs.end(), [&](const auto& p) { return p.id == id; })) {
      throw InputError("option --problem", "'" + id + "' is not in suite " + o.suite);
    }
  }
  return out;
}

std::string progress_line(const nlohmann::json& r, std::size_t done, std::size_t total) {
  const auto number = [](const nlohmann::json& v, const char* format) {
    return v.is_number() ? fmt::format(fmt::runtime(format), v.get<double>()) : std::string("n/a");
  };
  const auto& solution = r["solution"];
  const std::string verdict = solution.is_boolean() ? (solution.get<bool>() ? "solved" : "      ") : "";
  return fmt::format("[{}/{}] {} {} seed {}: {} R² {} NED {} {:.1f}s  {}\n", done, total,
                     r["problem"].get<std::string>(), r["method"].get<std::string>(), r["seed"].get<std::uint64_t>(),
                     verdict, number(r["r2_test"], "{:.6f}"), number(r["ned"], "{:.2f}"), r["time_s"].get<double>(),
                     r["equation"].is_string() ? r["equation"].get<std::string>() : "(none)");
}

int run_bench(const BenchCommandOptions& o) {
  if (o.suite.empty() && o.data.empty()) throw InputError("kepler bench", "give --suite NAME or --data FILE...");
  if (!o.problems.empty() && o.suite.empty()) throw InputError("option --problem", "selects problems of a --suite");
  bench::BenchOptions options;
  options.problems = suite_problems(o);
  for (const auto& path : data_files(o.data)) options.problems.push_back(bench::file_problem({path, o.target}));
  options.methods = o.methods;
  options.seeds = o.seeds;
  options.seconds = o.time;
  options.max_evaluations = o.max_evals;
  options.early_stop = o.early_stop;
  options.egraph = !o.no_egraph;
  options.polynomial = !o.no_polynomial;
  options.column_scaling = !o.no_column_scaling;
  options.mini_batch = o.mini_batch;
  options.jobs = o.jobs;
  options.threads = o.threads;
  options.data = {.data_seed = o.data_seed, .noise = o.noise, .dummy = o.dummy, .test_fraction = 0.25,
                  .max_train_rows = o.max_train_rows};
  options.operators = o.ops;
  options.out = o.out;
  options.srbench_results = o.srbench_results;
  options.cancel = &install_interrupt_handlers();
  if (!o.quiet) {
    options.on_run = [](const nlohmann::json& r, std::size_t done, std::size_t total) {
      fmt::print("{}", progress_line(r, done, total));
      std::fflush(stdout);
    };
  }
#if KEPLER_HAVE_MPI
  // Under mpirun every rank runs this command; rank 0 alone schedules, writes and prints.
  std::optional<cluster::MpiSession> mpi;
  if (cluster::launched_by_mpi()) mpi.emplace();
  if (mpi && !mpi->is_root()) options.on_run = nullptr;
  const bench::BenchResult result = mpi ? cluster::run_benchmark_distributed(options, *mpi) : bench::run_benchmark(options);
  if (mpi && !mpi->is_root()) return result.cancelled ? 130 : kSuccess;
#else
  const bench::BenchResult result = bench::run_benchmark(options);
#endif
  std::ifstream summary(std::filesystem::path(o.out) / "summary.md");
  std::stringstream text;
  text << summary.rdbuf();
  fmt::print("{}{} runs: {} finished now, {} already recorded{}\n", text.str(), result.total, result.ran,
             result.skipped, result.cancelled ? "; interrupted (rerun to resume)" : "");
  return result.cancelled ? 130 : kSuccess;
}

std::string method_help() {
  return fmt::format("Search methods, e.g. --method gp (registered: {})", fmt::join(search_names(), ", "));
}

}  // namespace

Action add_bench_command(CLI::App& app) {
  auto o = std::make_shared<BenchCommandOptions>();
  auto* command = app.add_subcommand("bench", "Run a search over a benchmark suite or data files and score it");
  command->add_option("--suite", o->suite, "Suite (see kepler gen --help)");
  command->add_option("--suite-file", o->suite_file, "Suite definitions from a JSON file of the bundled schema");
  command->add_option("--problem", o->problems, "Only these problems of the suite (by id; repeatable)");
  command->add_option("--data", o->data,
                      "Data files or directories of them (.csv, .tsv, optionally .gz: SRBench / PMLB tables), each "
                      "split 75/25 into train and test by the run's seed");
  command->add_option("--target", o->target, "Target column of the data files (default: 'target' if present, else the last)");
  command->add_option("--max-train-rows", o->max_train_rows, "Subsample a data file's training part to this many rows (0: all)")
      ->capture_default_str();
  command->add_option("--method", o->methods, method_help())->capture_default_str();
  command->add_option("--time", o->time, "Time limit per run in seconds (> 0)")->capture_default_str();
  command->add_option("--max-evals", o->max_evals, "Evaluation limit per run (0: none)");
  command->add_option("--seeds", o->seeds, "Search seeds, e.g. --seeds 1 2 3 (also split data files)")->capture_default_str();
  command->add_option("--jobs", o->jobs, "Runs in parallel (on each rank, under mpirun)")->capture_default_str();
  command->add_option("--threads", o->threads, "Threads for all jobs together, on each rank (0: the cores this process may use)");
  command->add_option("--data-seed", o->data_seed, "Seed of the generated data")->capture_default_str();
  command->add_option("--noise", o->noise, "Target noise level (SRBench), on training data")->capture_default_str();
  command->add_flag("--dummy", o->dummy, "Add SRSD's dummy variables");
  command->add_option("--ops", o->ops, "Operators (default: each suite's published function set)");
  command->add_option("--early-stop", o->early_stop, "Normalized loss that ends a run early")->capture_default_str();
  command->add_flag("--no-egraph", o->no_egraph, "Recognise rewritten twins syntactically only (ablation of the e-graph)");
  command->add_flag("--no-polynomial", o->no_polynomial,
                    "The tree search writes no sparse-polynomial leaf (ablation of the least-squares polynomial)");
  command->add_flag("--no-column-scaling", o->no_column_scaling,
                    "Search every variable in data units, none in units of a power of ten (ablation)");
  command->add_option("--mini-batch", o->mini_batch,
                      fmt::format("Rows a candidate is screened on before it is fitted on all of them, on tables of "
                                  "{}× as many training rows or more (0: never)",
                                  kScreeningFactor))
      ->capture_default_str();
  command->add_option("--out", o->out, "Directory for runs.jsonl, summary.md and summary.csv")->required();
  command->add_option("--srbench-results", o->srbench_results,
                      "Also write one SRBench result JSON per run into this directory");
  command->add_flag("-q,--quiet", o->quiet, "No per-run lines");
  return [command, o]() -> int { return command->parsed() ? run_bench(*o) : -1; };
}

}  // namespace kepler::cli
