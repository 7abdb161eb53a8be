#include "benchmarks/problem.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "benchmarks/runner.hpp"
#include "datasets/suite.hpp"
#include "engine/error.hpp"

using namespace kepler;
using namespace kepler::bench;

namespace {

// A table of `rows` rows, x = i and target = 2i + 1, with the target column first.
std::filesystem::path write_table(const std::string& name, int rows) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream out(path);
  out << "target\tx\n";
  for (int i = 0; i < rows; ++i) out << 2 * i + 1 << '\t' << i << '\n';
  return path;
}

std::set<double> xs(const Dataset& d) { return {d.column(0).begin(), d.column(0).end()}; }

}  // namespace

TEST_CASE("data files are named by their file name without extensions") {
  CHECK(data_file_id("pmlb/datasets/192_vineyard/192_vineyard.tsv.gz") == "192_vineyard");
  CHECK(data_file_id("planets.csv") == "planets");
  CHECK(file_problem({"a/b/feynman_I_6_2.tsv", ""}).suite == "data");
}

TEST_CASE("a data file is split 75/25 by the run's seed, the target found by name") {
  const auto path = write_table("kepler_problem_test.tsv", 100);
  const BenchProblem problem = file_problem({path, ""});
  const ProblemData a = load_problem(problem, {}, 1);
  CHECK(a.train.rows() == 75);
  CHECK(a.test.rows() == 25);
  CHECK(a.variables == std::vector<std::string>{"x"});
  CHECK(a.train.target_name() == "target");
  CHECK(!a.truth.has_value());
  for (std::size_t i = 0; i < a.train.rows(); ++i) CHECK(a.train.target()[i] == 2 * a.train.column(0)[i] + 1);
  // The two parts partition the rows.
  std::set<double> all = xs(a.train);
  const std::set<double> test = xs(a.test);
  all.insert(test.begin(), test.end());
  CHECK(all.size() == 100);

  CHECK(xs(load_problem(problem, {}, 1).test) == test);  // deterministic
  CHECK(xs(load_problem(problem, {}, 2).test) != test);  // another seed, another split
  std::filesystem::remove(path);
}

TEST_CASE("the training part is subsampled and noised; the test part stays exact") {
  const auto path = write_table("kepler_problem_noise.tsv", 400);
  const BenchProblem problem = file_problem({path, ""});
  ProblemDataOptions options;
  options.max_train_rows = 50;
  options.noise = 0.1;
  const ProblemData d = load_problem(problem, options, 3);
  CHECK(d.train.rows() == 50);
  CHECK(d.test.rows() == 100);
  std::size_t moved = 0;
  for (std::size_t i = 0; i < d.train.rows(); ++i) moved += d.train.target()[i] != 2 * d.train.column(0)[i] + 1;
  CHECK(moved == d.train.rows());
  for (std::size_t i = 0; i < d.test.rows(); ++i) CHECK(d.test.target()[i] == 2 * d.test.column(0)[i] + 1);
  std::filesystem::remove(path);
}

TEST_CASE("a named target column and bad files") {
  const auto path = write_table("kepler_problem_target.tsv", 20);
  const ProblemData d = load_problem(file_problem({path, "x"}), {}, 1);
  CHECK(d.train.target_name() == "x");
  CHECK_THROWS_WITH((void)load_problem(file_problem({path, "nope"}), {}, 1), doctest::Contains("unknown target column 'nope'"));
  const auto tiny = write_table("kepler_problem_tiny.tsv", 3);
  CHECK_THROWS_WITH((void)load_problem(file_problem({tiny, ""}), {}, 1), doctest::Contains("at least 4 rows"));
  std::filesystem::remove(path);
  std::filesystem::remove(tiny);
}

TEST_CASE("a suite problem brings its generated splits, truth and function set") {
  const auto suite = datasets::load_suite("nguyen");
  const ProblemData d = load_problem(suite_problem(suite.front()), {}, 7);
  REQUIRE(d.truth.has_value());
  CHECK(d.true_model == suite.front().formula);
  CHECK(d.operators == suite.front().operators);
  CHECK(d.train.rows() > 0);
  CHECK(d.test.rows() > 0);
}

TEST_CASE("SRBench result files are named as evaluate_model.py names them") {
  CHECK(srbench_file_name("192_vineyard", "kepler-gp", 42, 0.0) == "192_vineyard_kepler-gp_42.json");
  CHECK(srbench_file_name("feynman_I_6_2", "kepler-gp", 7, 0.01) == "feynman_I_6_2_kepler-gp_7_target-noise0.01.json");
  CHECK(srbench_file_name("d", "a", 1, 1.0) == "d_a_1_target-noise1.0.json");
  CHECK(srbench_file_name("d", "a", 1, 1e-05) == "d_a_1_target-noise1e-05.json");
}
