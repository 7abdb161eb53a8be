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
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "benchmarks/problem.hpp"
#include <nlohmann/json_fwd.hpp>

namespace kepler::bench {

struct BenchOptions {
  std::vector<BenchProblem> problems;  // ids must be unique
  std::vector<std::string> methods{"gp"};
  std::vector<std::uint64_t> seeds{1};
  double seconds = 60.0;               // per run
  std::uint64_t max_evaluations = 0;   // per run; 0: none
  double early_stop = 1e-12;           // normalized loss that ends a run early
  std::size_t jobs = 1;                // runs in parallel
  std::size_t threads = 0;             // for all jobs together; 0: every hardware thread
  ProblemDataOptions data;             // data seed, noise, dummy variables, file splits
  std::string operators;               // overrides each problem's function set when not empty
  bool egraph = true;                  // false: syntactic twin keys only (the e-graph's ablation)
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

// Runs what is not yet recorded in options.out / "runs.jsonl".
BenchResult run_benchmark(const BenchOptions& options);

// The records of a runs file, skipping a torn last line.
[[nodiscard]] std::vector<nlohmann::json> read_records(const std::filesystem::path& runs_file);

}  // namespace kepler::bench
