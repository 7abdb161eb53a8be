// kepler bench --suite NAME --out DIR: every problem of a suite run by a search, scored against
// its ground truth; resumable (a rerun with the same --out skips finished runs).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "apps/commands.hpp"
#include "apps/interrupt.hpp"
#include "benchmarks/runner.hpp"
#include "datasets/suite.hpp"
#include "engine/error.hpp"

namespace kepler::cli {
namespace {

struct BenchCommandOptions {
  std::string suite;
  std::string suite_file;
  std::vector<std::string> problems;
  std::string method = "gp";
  double time = 60.0;
  std::uint64_t max_evals = 0;
  std::vector<std::uint64_t> seeds{1};
  std::size_t jobs = 1;
  std::size_t threads = 0;
  std::uint64_t data_seed = 1;
  double noise = 0.0;
  bool dummy = false;
  std::string ops;
  double early_stop = 1e-12;
  std::string out;
  bool quiet = false;
};

int run_bench(const BenchCommandOptions& o) {
  bench::BenchOptions options;
  options.problems = o.suite_file.empty() ? datasets::load_suite(o.suite) : datasets::load_suite_file(o.suite_file, o.suite);
  if (!o.problems.empty()) {
    std::vector<datasets::ProblemSpec> chosen;
    for (const auto& id : o.problems) {
      const auto it = std::find_if(options.problems.begin(), options.problems.end(),
                                   [&](const auto& p) { return p.id == id; });
      if (it == options.problems.end()) throw InputError("option --problem", "'" + id + "' is not in suite " + o.suite);
      chosen.push_back(*it);
    }
    options.problems = std::move(chosen);
  }
  options.methods = {o.method};
  options.seeds = o.seeds;
  options.seconds = o.time;
  options.max_evaluations = o.max_evals;
  options.early_stop = o.early_stop;
  options.jobs = o.jobs;
  options.threads = o.threads;
  options.data_seed = o.data_seed;
  options.noise = o.noise;
  options.dummy = o.dummy;
  options.operators = o.ops;
  options.out = o.out;
  options.cancel = &install_interrupt_handlers();
  if (!o.quiet) {
    options.on_run = [](const nlohmann::json& r, std::size_t done, std::size_t total) {
      const auto r2 = r["r2_test"];
      fmt::print("[{}/{}] {} {} seed {}: {} R² {} NED {:.2f} {:.1f}s  {}\n", done, total, r["problem"].get<std::string>(),
                 r["method"].get<std::string>(), r["seed"].get<std::uint64_t>(),
                 r["solution"].get<bool>() ? "solved" : "      ",
                 r2.is_number() ? fmt::format("{:.6f}", r2.get<double>()) : std::string("n/a"), r["ned"].get<double>(),
                 r["time_s"].get<double>(), r["equation"].is_string() ? r["equation"].get<std::string>() : "(none)");
      std::fflush(stdout);
    };
  }
  const bench::BenchResult result = bench::run_benchmark(options);
  std::ifstream summary(std::filesystem::path(o.out) / "summary.md");
  std::stringstream text;
  text << summary.rdbuf();
  fmt::print("{}{} runs: {} finished now, {} already recorded{}\n", text.str(), result.total, result.ran,
             result.skipped, result.cancelled ? "; interrupted (rerun to resume)" : "");
  return result.cancelled ? 130 : kSuccess;
}

}  // namespace

Action add_bench_command(CLI::App& app) {
  auto o = std::make_shared<BenchCommandOptions>();
  auto* command = app.add_subcommand("bench", "Run a search over a benchmark suite and score it");
  command->add_option("--suite", o->suite, "Suite (see kepler gen --help)")->required();
  command->add_option("--suite-file", o->suite_file, "Suite definitions from a JSON file of the bundled schema");
  command->add_option("--problem", o->problems, "Only these problems (by id; repeatable)");
  command->add_option("--method", o->method, "Search method")->capture_default_str();
  command->add_option("--time", o->time, "Time limit per run in seconds (> 0)")->capture_default_str();
  command->add_option("--max-evals", o->max_evals, "Evaluation limit per run (0: none)");
  command->add_option("--seeds", o->seeds, "Search seeds, e.g. --seeds 1 2 3")->capture_default_str();
  command->add_option("--jobs", o->jobs, "Runs in parallel")->capture_default_str();
  command->add_option("--threads", o->threads, "Threads for all jobs together (0: all cores)");
  command->add_option("--data-seed", o->data_seed, "Seed of the generated data")->capture_default_str();
  command->add_option("--noise", o->noise, "Target noise level (SRBench)")->capture_default_str();
  command->add_flag("--dummy", o->dummy, "Add SRSD's dummy variables");
  command->add_option("--ops", o->ops, "Operators (default: each suite's published function set)");
  command->add_option("--early-stop", o->early_stop, "Normalized loss that ends a run early")->capture_default_str();
  command->add_option("--out", o->out, "Directory for runs.jsonl, summary.md and summary.csv")->required();
  command->add_flag("-q,--quiet", o->quiet, "No per-run lines");
  return [command, o]() -> int { return command->parsed() ? run_bench(*o) : -1; };
}

}  // namespace kepler::cli
