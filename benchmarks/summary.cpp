#include "benchmarks/summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

namespace kepler::bench {
namespace {

double median(std::vector<double> v) {
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

struct Tally {
  std::size_t runs = 0, judged = 0, solved = 0, exact = 0, accurate = 0;
  double ned = 0.0;
  std::vector<double> r2, seconds;

  void add(const nlohmann::json& r) {
    ++runs;
    // Runs without a ground truth (data files) have null recovery fields and count only for accuracy.
    const auto& solution = r["solution"];
    if (solution.is_boolean()) {
      ++judged;
      solved += solution.get<bool>() ? 1 : 0;
      exact += r.value("exact", false) ? 1 : 0;
      ned += r["ned"].is_number() ? r["ned"].get<double>() : 1.0;
    }
    const auto& r2_test = r["r2_test"];
    // A missing model or one not finite on the test set counts as R² = −∞ for the median.
    const double value = r2_test.is_number() ? r2_test.get<double>() : -HUGE_VAL;
    accurate += value > 0.999 ? 1 : 0;
    r2.push_back(value);
    seconds.push_back(r["time_s"].is_number() ? r["time_s"].get<double>() : 0.0);
  }
  [[nodiscard]] SummaryRow row(std::string suite, std::string category, std::string method) const {
    const auto rate = [](std::size_t k, std::size_t n) {
      return n == 0 ? std::nan("") : static_cast<double>(k) / static_cast<double>(n);
    };
    return {std::move(suite), std::move(category), std::move(method), runs, rate(solved, judged),
            rate(exact, judged), rate(accurate, runs), judged == 0 ? std::nan("") : ned / static_cast<double>(judged),
            median(r2), median(seconds)};
  }
};

// Rates without runs to judge (no ground truth) print as a dash in Markdown, empty in CSV.
std::string markdown_number(double v, int decimals) {
  return std::isnan(v) ? std::string("–") : fmt::format("{:.{}f}", v, decimals);
}
std::string csv_number(double v) { return std::isnan(v) ? std::string() : fmt::format("{}", v); }

}  // namespace

std::vector<SummaryRow> summarize(const std::vector<nlohmann::json>& records) {
  using Key = std::tuple<std::string, std::string, std::string>;
  std::map<Key, Tally> by_suite, by_category;
  std::map<std::pair<std::string, std::string>, std::set<std::string>> categories;
  for (const auto& r : records) {
    const std::string suite = r.value("suite", ""), category = r.value("category", ""), method = r.value("method", "");
    by_suite[{suite, "all", method}].add(r);
    by_category[{suite, category, method}].add(r);
    categories[{suite, method}].insert(category);
  }
  std::vector<SummaryRow> rows;
  for (const auto& [key, tally] : by_suite) {
    const auto& [suite, all, method] = key;
    rows.push_back(tally.row(suite, all, method));
    if (categories[{suite, method}].size() > 1) {
      for (const auto& [ckey, ctally] : by_category) {
        if (std::get<0>(ckey) == suite && std::get<2>(ckey) == method) {
          rows.push_back(ctally.row(suite, std::get<1>(ckey), method));
        }
      }
    }
  }
  return rows;
}

std::string summary_markdown(const std::vector<SummaryRow>& rows) {
  std::string out =
      "| suite | category | method | runs | solution rate | exact rate | accuracy rate (R² > 0.999) | mean NED | "
      "median R² | median time (s) |\n|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& r : rows) {
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {:.3f} | {} | {:.6f} | {:.1f} |\n", r.suite, r.category,
                       r.method, r.runs, markdown_number(r.solution_rate, 3), markdown_number(r.exact_rate, 3),
                       r.accuracy_rate, markdown_number(r.mean_ned, 3), r.median_r2, r.median_seconds);
  }
  return out;
}

std::string summary_csv(const std::vector<SummaryRow>& rows) {
  std::string out =
      "suite,category,method,runs,solution_rate,exact_rate,accuracy_rate,mean_ned,median_r2,median_time_s\n";
  for (const auto& r : rows) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", r.suite, r.category, r.method, r.runs,
                       csv_number(r.solution_rate), csv_number(r.exact_rate), r.accuracy_rate, csv_number(r.mean_ned),
                       r.median_r2, r.median_seconds);
  }
  return out;
}

}  // namespace kepler::bench
