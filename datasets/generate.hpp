// Drawing a benchmark problem's data as its suite publishes it: each split by its sampling laws,
// rows whose target is not a usable float32 number redrawn (SRSD's rejection rule), optional
// target noise as SRBench adds it (N(0, level · RMS(y)) on the train and validation splits; the
// test split stays exact), and optional SRSD dummy variables. Deterministic by seed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "datasets/suite.hpp"
#include "engine/dataset.hpp"
#include "engine/expr.hpp"

namespace kepler::datasets {

struct GenerateOptions {
  std::uint64_t seed = 1;
  double noise = 0.0;  // SRBench level: 0, 0.001, 0.01, 0.1
  bool dummy = false;  // add SRSD's dummy variables (1 to 3 irrelevant columns)
};

struct GeneratedSplit {
  std::string name;
  Dataset data;
};

struct GeneratedProblem {
  ProblemSpec spec;  // with dummy variables, when added
  std::vector<GeneratedSplit> splits;
  [[nodiscard]] const Dataset* split(std::string_view name) const;
};

// The ground truth as an expression over spec.variables. Throws InputError if it does not parse.
[[nodiscard]] Expr truth_expr(const ProblemSpec& spec);

// Throws InputError if the formula does not parse or a split cannot be filled with finite rows.
[[nodiscard]] GeneratedProblem generate(const ProblemSpec& spec, const GenerateOptions& options = {});

// SRBench's target noise: every target value plus N(0, level · RMS(y)), drawn from the stream of
// (key, seed). Level 0 returns the data unchanged.
[[nodiscard]] Dataset with_target_noise(const Dataset& data, double level, std::string_view key, std::uint64_t seed);

// SRSD's dummy-column recipe: k ~ U{1,2,3} columns, each at a position U{0..n} of the original
// columns, each log-uniform on [10^(j−1), 10^(j+1)] with j ~ U{−32..32}, signed for half of them.
[[nodiscard]] ProblemSpec with_dummy_variables(const ProblemSpec& spec, std::uint64_t seed);

}  // namespace kepler::datasets
