// What `kepler fit` shows and writes: the progress line, the Pareto table, pareto.csv and
// result.json.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "search/discover.hpp"
#include "search/observer.hpp"

namespace kepler::cli {

// Progress on stderr: one line rewritten in place on a terminal, a plain line every few seconds
// otherwise.
class ProgressPrinter {
 public:
  explicit ProgressPrinter(std::vector<std::string> variables);
  void operator()(const Progress& progress);
  void finish();

 private:
  std::vector<std::string> variables_;
  bool terminal_;
  double last_plain_ = -1e9;
  bool drew_ = false;
};

[[nodiscard]] std::string pareto_table(const Discovery& found);
[[nodiscard]] std::string pareto_csv(const Discovery& found);

// What result.json says about the run beside its equations (see apps/fit_checkpoint.hpp).
struct RunRecord {
  nlohmann::json run;                 // settings_json() plus "rows" and "parts"
  std::uint64_t seed = 1;
  double elapsed_before = 0.0;        // spent by the earlier parts of a resumed run
  std::uint64_t evaluations_before = 0;
};
[[nodiscard]] std::string result_json(const Discovery& found, const RunRecord& record);
// What the search counted (SearchReport::counters), as JSON and as one line "name value, ...".
[[nodiscard]] nlohmann::json counters_json(const SearchReport& report);
[[nodiscard]] std::string counters_line(const SearchReport& report);

// Writes DIR/pareto.csv and DIR/result.json (creating DIR), each atomically.
void write_results(const std::filesystem::path& dir, const Discovery& found, const RunRecord& record);

}  // namespace kepler::cli
