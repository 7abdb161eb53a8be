// Benchmark suites as data: SRSD-Feynman and the classic ground-truth suites (Nguyen, Livermore,
// Keijzer, Jin, Korns, R, Strogatz), read from the JSON definitions compiled into the library
// (datasets/suites/, sources cited there) or from a file of the same schema.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace kepler::datasets {

enum class Law : std::uint8_t {
  Uniform,         // U(low, high)
  LogUniform,      // |x| = 10^U(log10 low, log10 high)
  IntegerUniform,  // a whole number in [low, high): the upper bound is exclusive
  Grid,            // evenly spaced from low to high, by `step` (or `rows` points when step is 0)
};
enum class Sign : std::uint8_t { Positive, Negative, Both };  // Both: each draw negated w.p. 1/2

struct VariableSpec {
  std::string name;
  Law law = Law::Uniform;
  Sign sign = Sign::Positive;
  double low = 0.0;
  double high = 1.0;
  double step = 0.0;  // Grid only
};

// How one split is drawn: `rows` points, each variable by its law (a multi-variable grid is the
// Cartesian product of the per-variable grids, as DSO builds it).
struct SplitSpec {
  std::string name;  // "train", "val", "test"
  std::size_t rows = 0;
  std::vector<VariableSpec> variables;
};

struct ProblemSpec {
  std::string id;        // e.g. "feynman-i.12.1", "Nguyen-1"
  std::string suite;     // e.g. "srsd-easy", "nguyen"
  std::string category;  // SRSD: easy / medium / hard; classic: the suite
  std::string target;    // target column name
  std::string formula;   // ground truth, sympy syntax over the variable names
  std::vector<std::string> variables;
  std::vector<SplitSpec> splits;
  std::string operators;          // the suite's published function set ("" = Kepler's default)
  std::size_t reference_tree_size = 0;  // SRSD's NED denominator for the truth (0: unknown)
};

// Suite names: srsd-easy, srsd-medium, srsd-hard, srsd (all 120), nguyen, nguyen-c, nguyen-c-spl,
// livermore, keijzer, jin, korns, r, strogatz.
[[nodiscard]] std::vector<std::string> suite_names();
// Problems of a named suite, in definition order. Throws InputError for an unknown name.
[[nodiscard]] std::vector<ProblemSpec> load_suite(std::string_view name);
// Problems from a JSON file in the schema of classic_benchmarks.json or srsd_feynman.json;
// `name` filters by suite as above (empty: every problem in the file).
[[nodiscard]] std::vector<ProblemSpec> load_suite_file(const std::filesystem::path& path,
                                                       std::string_view name = {});
// The same from the file's text; `source` names it in errors.
[[nodiscard]] std::vector<ProblemSpec> parse_suite(std::string_view text, const std::string& source,
                                                   std::string_view name = {});

}  // namespace kepler::datasets
