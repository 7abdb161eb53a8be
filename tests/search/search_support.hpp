// Data for the search tests: exact laws sampled with fixed seeds.
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/dataset.hpp"
#include "engine/operator.hpp"
#include "engine/parse.hpp"
#include "engine/pareto.hpp"
#include "engine/print.hpp"
#include "search/problem.hpp"

namespace kepler::test {

inline Dataset law_dataset(std::size_t rows, std::size_t vars,
                           const std::function<double(const std::vector<double>&)>& law,
                           std::uint64_t seed = 11, double low = 0.5, double high = 2.0) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(low, high);
  std::vector<std::string> names;
  std::vector<std::vector<double>> columns(vars, std::vector<double>(rows));
  std::vector<double> target(rows);
  for (std::size_t j = 0; j < vars; ++j) names.push_back("x" + std::to_string(j));
  for (std::size_t i = 0; i < rows; ++i) {
    std::vector<double> x(vars);
    for (std::size_t j = 0; j < vars; ++j) x[j] = columns[j][i] = u(rng);
    target[i] = law(x);
  }
  return Dataset(names, columns, "y", target);
}

// A search of `data` with these operators and equations of up to 20 nodes.
// `text` over `variables`, other names becoming free constants (starting at 1).
inline Expr parse_with_constants(std::string_view text, const std::vector<std::string>& variables) {
  ParseOptions options;
  options.variables = variables;
  options.unknown_names_are_parameters = true;
  return parse(text, options).expr;
}

inline Problem small_problem(const Dataset& data, std::vector<Op> ops) {
  Problem problem;
  problem.train = &data;
  problem.operators = std::move(ops);
  problem.max_size = 20;
  return problem;
}

// A budget that `n` evaluations end, long before its time limit.
inline Budget evaluations(std::uint64_t n) {
  Budget budget;
  budget.seconds = 600;
  budget.max_evaluations = n;
  return budget;
}

// A front as comparable text: each equation with its loss.
inline std::vector<std::string> as_text(const std::vector<ParetoEntry>& front) {
  std::vector<std::string> out;
  for (const auto& e : front) out.push_back(to_infix(e.expr) + " @ " + std::to_string(e.loss));
  return out;
}

}  // namespace kepler::test
