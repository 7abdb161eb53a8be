// Aggregating run records into the summary tables of `kepler bench`: per suite and per category
// (and method): runs, solution rate (SRBench symbolic solution), exact rate, accuracy rate
// (test R² > 0.999), mean NED, median test R², median time. Recovery rates and NED count only runs
// with a ground truth; with none (data files) they are NaN.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kepler::bench {

struct SummaryRow {
  std::string suite, category, method;
  std::size_t runs = 0;
  double solution_rate = 0.0, exact_rate = 0.0, accuracy_rate = 0.0;
  double mean_ned = 0.0, median_r2 = 0.0, median_seconds = 0.0;
};

// One row per (suite, method) with category "all", then one per (suite, category, method) where a
// suite has more than one category. Sorted, so equal record sets give equal tables.
[[nodiscard]] std::vector<SummaryRow> summarize(const std::vector<nlohmann::json>& records);
[[nodiscard]] std::string summary_markdown(const std::vector<SummaryRow>& rows);
[[nodiscard]] std::string summary_csv(const std::vector<SummaryRow>& rows);

}  // namespace kepler::bench
