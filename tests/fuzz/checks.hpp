// What each fuzz target checks, shared by the libFuzzer binaries (KEPLER_FUZZ=ON, clang) and by
// the corpus replay that the default test run executes. A check returns normally when the input
// is handled correctly — including a rejection by InputError — and reports anything else as a
// Finding: an output that is a different function, a refused e-graph merge, another exception.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace kepler::fuzz {

struct Finding : std::logic_error {
  using std::logic_error::logic_error;
};

// Parse (unknown names become variables) → print as infix, sympy and LaTeX → read back: the same
// values on sample points; infix is a fixed point of printing after one reading.
void check_print_round_trip(std::string_view input);
// Parse → simplify under small limits: the same values on sample points, no refused merge.
void check_simplify(std::string_view input);
// The parser on "names\ntext": the first line lists variable names (comma-separated), the rest is
// parsed over them with unknown names as free constants, and again with them as errors. Every
// result is a well-formed tree over those variables and constants, and prints (with the names)
// to text that parses back to the same values.
void check_parse(std::string_view input);
// Suite JSON (either schema): problems or an InputError; each problem's ground truth parses or
// fails with an InputError.
void check_suite_json(std::string_view input);
// The CSV reader (plain or gzip bytes): a dataset or an InputError, nothing else.
void check_csv(std::string_view input);

}  // namespace kepler::fuzz
