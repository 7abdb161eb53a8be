// Data for the search tests: exact laws sampled with fixed seeds.
#pragma once

#include <functional>
#include <random>
#include <string>
#include <vector>

#include "engine/dataset.hpp"

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

}  // namespace kepler::test
