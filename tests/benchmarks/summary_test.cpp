#include "benchmarks/summary.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace kepler::bench;
using nlohmann::json;

namespace {

json record(const char* suite, const char* category, json solution, json ned, double r2, double seconds) {
  return {{"suite", suite}, {"category", category}, {"method", "gp"}, {"solution", solution},
          {"exact", solution}, {"ned", ned}, {"r2_test", r2}, {"time_s", seconds}};
}

}  // namespace

TEST_CASE("rates per suite and per category") {
  const auto rows = summarize({record("s", "easy", true, 0.0, 1.0, 1.0), record("s", "easy", false, 0.5, 0.99, 3.0),
                               record("s", "hard", false, 1.0, 0.9999, 2.0)});
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].category == "all");
  CHECK(rows[0].runs == 3);
  CHECK(rows[0].solution_rate == doctest::Approx(1.0 / 3));
  CHECK(rows[0].accuracy_rate == doctest::Approx(2.0 / 3));
  CHECK(rows[0].mean_ned == doctest::Approx(0.5));
  CHECK(rows[0].median_r2 == doctest::Approx(0.9999));
  CHECK(rows[0].median_seconds == doctest::Approx(2.0));
  CHECK(rows[1].category == "easy");
  CHECK(rows[1].runs == 2);
  CHECK(rows[2].category == "hard");
}

TEST_CASE("runs without a ground truth count for accuracy only; their recovery rates are dashes") {
  const auto rows = summarize({record("data", "", nullptr, nullptr, 0.9995, 1.0),
                               record("data", "", nullptr, nullptr, 0.5, 1.0)});
  REQUIRE(rows.size() == 1);
  CHECK(std::isnan(rows[0].solution_rate));
  CHECK(std::isnan(rows[0].mean_ned));
  CHECK(rows[0].accuracy_rate == doctest::Approx(0.5));
  const std::string table = summary_markdown(rows);
  CHECK(table.find("| data | all | gp | 2 | – | – | 0.500 | – |") != std::string::npos);
  CHECK(summary_csv(rows).find("data,all,gp,2,,,0.5,,") != std::string::npos);
}
