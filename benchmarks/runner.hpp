// The suite runner behind `kepler bench`: every (problem, method, seed) run of a suite, jobs in
// parallel, each run's record appended to DIR/runs.jsonl as one line the moment it finishes.
//
// Resumable: a rerun with the same output directory skips runs already recorded. A run killed at
// any moment (kill -9) loses no finished record: each record is one write() of a whole line
// followed by fsync, and a torn last line (the only damage a kill can do) is cut off on resume.
//
// The settings that decide results (time, evaluation limit, early stop, operators, data seed,
// noise, dummy variables, file splits) are kept in DIR/settings.json; resuming a directory that
// holds runs made with other settings is an error, so a table never mixes incomparable runs.
//
// With `srbench_results` set, each finished run also gets one JSON file with the fields SRBench's
// evaluate_model.py writes, named as it names them, so SRBench's analysis scripts read them.
//
// A scheduler is built from three pieces: BenchOutput (the output directory, held by one process:
// the plan of runs not yet recorded, and the records), execute_run (one run, on any thread of any
// process) and FinishedRun (what a run hands back). run_benchmark is the one-process scheduler;
// cluster/ has the MPI one.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "benchmarks/problem.hpp"
#include "search/discover.hpp"

namespace kepler::bench {

struct BenchOptions {
  std::vector<BenchProblem> problems;  // ids must be unique
  std::vector<std::string> methods{"portfolio"};
  std::vector<std::uint64_t> seeds{1};
  double seconds = 60.0;               // per run
  std::uint64_t max_evaluations = 0;   // per run; 0: none
  double early_stop = 1e-20;           // normalized loss that ends a run early
  std::size_t jobs = 1;                // runs in parallel
  std::size_t threads = 0;             // for all jobs together; 0: every hardware thread
  ProblemDataOptions data;             // data seed, noise, dummy variables, file splits
  std::string operators;               // overrides each problem's function set when not empty
  bool egraph = true;                  // false: syntactic twin keys only (the e-graph's ablation)
  bool polynomial = true;              // false: no sparse-polynomial leaf (SearchOptions::polynomial)
  bool column_scaling = true;          // false: every variable in data units (DiscoverOptions::scale_columns)
  std::size_t mini_batch = kDefaultMiniBatch;  // screening rows on large tables (DiscoverOptions::mini_batch)
  std::filesystem::path out;           // records, summaries
  std::filesystem::path srbench_results;  // one SRBench result JSON per run; empty: none
  const std::atomic<bool>* cancel = nullptr;  // stop starting runs; cancelled runs are not recorded
  // Called (serialized) after each finished run with its record, the runs done and the total.
  std::function<void(const nlohmann::json& record, std::size_t done, std::size_t total)> on_run;

  void validate() const;  // throws InputError naming the field
};

// The name SRBench gives a run's result file, without the directory:
// "<dataset>_<algorithm>_<seed>[_target-noise<level>].json".
[[nodiscard]] std::string srbench_file_name(const std::string& dataset, const std::string& algorithm,
                                            std::uint64_t seed, double target_noise);

struct BenchResult {
  std::size_t total = 0;    // runs in the plan
  std::size_t skipped = 0;  // already recorded by an earlier invocation
  std::size_t ran = 0;      // finished now
  bool cancelled = false;
};

// One run of the plan: indices into BenchOptions::problems and ::methods, and the seed.
struct PlannedRun {
  std::size_t problem = 0;
  std::size_t method = 0;
  std::uint64_t seed = 0;
  friend bool operator==(const PlannedRun&, const PlannedRun&) = default;
};

// What a finished run hands back: its record, and SRBench's record when srbench_results is set
// (null otherwise).
struct FinishedRun {
  nlohmann::json record;
  nlohmann::json srbench;
};

// Executes one run with this many threads. nullopt when cancelled before it finished (a cut-short
// run is not recorded). Throws InputError when the problem's data cannot be loaded.
[[nodiscard]] std::optional<FinishedRun> execute_run(const BenchOptions& options, const PlannedRun& run,
                                                     std::size_t threads);

// The threads each of `jobs` parallel runs gets out of options.threads (0: every core this process
// may run on).
[[nodiscard]] std::size_t threads_per_job(const BenchOptions& options, std::size_t jobs);

// The output directory, held by one process for as long as this object lives (an exclusive lock
// on DIR/runs.jsonl: a second `kepler bench` on the same directory is refused, not interleaved).
// Construction validates the options, creates the directory, cuts a torn last line, checks the
// settings and plans the runs not yet recorded.
class BenchOutput {
 public:
  explicit BenchOutput(const BenchOptions& options);
  BenchOutput(const BenchOutput&) = delete;
  BenchOutput& operator=(const BenchOutput&) = delete;
  ~BenchOutput();

  [[nodiscard]] const std::vector<PlannedRun>& pending() const noexcept { return pending_; }
  // Writes the SRBench file, then appends the record (one write, fsync), then calls on_run.
  // Not thread-safe: one thread records.
  void record(const FinishedRun& run);
  // summary.md and summary.csv from every record in the directory.
  void write_summaries() const;
  [[nodiscard]] BenchResult result(bool cancelled) const;

 private:
  const BenchOptions& options_;
  std::filesystem::path runs_file_;
  int fd_ = -1;
  std::vector<PlannedRun> pending_;
  std::size_t total_ = 0;
  std::size_t skipped_ = 0;
  std::size_t ran_ = 0;
};

// Runs what is not yet recorded in options.out / "runs.jsonl", options.jobs at a time, in this
// process.
BenchResult run_benchmark(const BenchOptions& options);

// The records of a runs file, skipping a torn last line.
[[nodiscard]] std::vector<nlohmann::json> read_records(const std::filesystem::path& runs_file);

}  // namespace kepler::bench
