// What `kepler fit --out DIR` records so that a run can be resumed (`kepler fit --resume DIR`):
// the settings of the run, the budget spent so far, and the search's front of equation cores with
// their constants exact. It lives in result.json beside the reported equations.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/expr.hpp"
#include "engine/pareto.hpp"
#include "search/discover.hpp"

namespace kepler::cli {

// The settings that decide what a run searches for; a resumed run keeps them all.
struct FitSettings {
  std::string data;  // absolute path of the CSV
  std::string target;
  std::string weights;
  std::string ops;
  std::string method;
  double time = 60.0;            // the whole run's time limit, resumed parts included
  std::uint64_t max_evals = 0;   // the whole run's evaluation limit (0: none)
  std::size_t max_size = 30;
  std::uint64_t seed = 1;
  std::string loss = "mse";
  double early_stop = 0.0;
  double validation = 0.25;
  std::size_t mini_batch = kDefaultMiniBatch;  // screening rows on large tables (0: none)
  bool egraph = true;
  bool polynomial = true;
  bool column_scaling = true;
  std::string seed_equations;  // the file the first part started from ("" if none)
};

// What a checkpoint says about a run: its settings, the data it read, what it has spent and
// where it stands.
struct Checkpoint {
  FitSettings settings;
  std::size_t rows = 0;
  std::vector<std::string> variables;
  double elapsed_seconds = 0.0;
  std::uint64_t evaluations = 0;
  std::uint64_t parts = 1;  // how many runs (the first and the resumed ones) made it
  std::string stop_reason;
  std::vector<Expr> cores;
};

[[nodiscard]] nlohmann::json settings_json(const FitSettings& settings);
// The cores with their constants as named numbers, exact: {"expr": "c0*x + c1", "constants":
// {"c0": 1.5, "c1": -2}, "loss": ..., "complexity": ...}. Constant names never clash with a
// variable's.
[[nodiscard]] nlohmann::json cores_json(const std::vector<ParetoEntry>& cores, const std::vector<std::string>& variables);

// Reads DIR/result.json; throws InputError naming the file and what is missing or malformed.
[[nodiscard]] Checkpoint read_checkpoint(const std::filesystem::path& dir);

}  // namespace kepler::cli
