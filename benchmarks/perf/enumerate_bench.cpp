// Exhaustive enumeration over the default operators: distinct forms kept per size (counters
// size_1 .. size_N) and the time to enumerate and fit every one of them, by variable count, without
// and with the polynomial leaf.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "engine/dataset.hpp"
#include "search/enumerate/enumerate_search.hpp"
#include "search/problem.hpp"

namespace kepler::enumerate {
namespace {

Dataset uniform_data(std::size_t variables, std::size_t rows) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0.5, 2.0);
  std::vector<std::string> names;
  std::vector<std::vector<double>> columns(variables, std::vector<double>(rows));
  for (std::size_t j = 0; j < variables; ++j) {
    names.push_back("x" + std::to_string(j));
    for (double& v : columns[j]) v = u(rng);
  }
  std::vector<double> y(rows);
  for (std::size_t i = 0; i < rows; ++i) y[i] = std::exp(columns[0][i]) * std::tanh(columns[0][i]);  // out of reach
  return Dataset(names, columns, "y", y);
}

// range(0): variables, range(1): the largest size, range(2): whether forms may hold the polynomial leaf.
void BM_Enumerate(benchmark::State& state) {
  const Dataset data = uniform_data(static_cast<std::size_t>(state.range(0)), 200);
  Problem problem;
  problem.train = &data;
  problem.operators = parse_operator_list(kDefaultOperators);
  EnumerateOptions options;
  options.max_size = static_cast<std::size_t>(state.range(1));
  options.polynomial_leaf = state.range(2) != 0;
  Budget budget;
  budget.seconds = 3600;
  std::vector<std::size_t> counts;
  for (auto _ : state) {
    EnumerateSearch search(options);
    const SearchResult result = search.run(problem, budget, SearchOptions{.threads = 1}, {});
    benchmark::DoNotOptimize(result);
    counts = search.forms_per_size();
  }
  for (std::size_t s = 1; s < counts.size(); ++s) state.counters["size_" + std::to_string(s)] = static_cast<double>(counts[s]);
}
BENCHMARK(BM_Enumerate)
    ->Args({1, 7, 0})
    ->Args({1, 7, 1})
    ->Args({1, 9, 0})
    ->Args({2, 7, 0})
    ->Args({2, 7, 1})
    ->Args({3, 7, 0})
    ->Args({3, 7, 1})
    ->ArgNames({"vars", "max_size", "leaf"})
    ->Unit(benchmark::kSecond)
    ->Iterations(1);

}  // namespace
}  // namespace kepler::enumerate
