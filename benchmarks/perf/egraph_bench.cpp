// E-graph throughput: e-nodes created per second during equality saturation, and canonical keys
// per second on GP-sized random candidates.
#include <benchmark/benchmark.h>

#include <random>

#include "egraph/simplify.hpp"
#include "engine/random_expr.hpp"

namespace kepler::egraph {
namespace {

std::vector<Expr> candidates(std::size_t count, std::size_t max_size) {
  RandomExprOptions options;
  options.max_size = max_size;
  options.variables = 2;
  options.operators = {Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Sqrt, Op::Exp, Op::Log, Op::Sin, Op::Cos};
  std::mt19937_64 rng(42);
  std::vector<Expr> out;
  for (std::size_t i = 0; i < count; ++i) out.push_back(random_expr(rng, options));
  return out;
}

// Saturation with every rule under a 20 000-node, 12-iteration budget (Simplifier's default).
void BM_Saturate(benchmark::State& state) {
  const auto exprs = candidates(200, static_cast<std::size_t>(state.range(0)));
  const auto rules = all_rules();
  std::size_t nodes = 0;
  std::size_t i = 0;
  for (auto _ : state) {
    EGraph graph(EGraphOptions{{true, true}, false, {}});
    (void)graph.add(exprs[i++ % exprs.size()]);
    const RunReport report = saturate(graph, rules, SimplifyOptions{}.limits);
    nodes += report.nodes;
    benchmark::DoNotOptimize(report);
  }
  state.counters["enodes_per_s"] = benchmark::Counter(static_cast<double>(nodes), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Saturate)->Arg(10)->Arg(20)->ArgNames({"size"})->Unit(benchmark::kMillisecond);

// The GP's canonical key (abstract constants, 400 nodes) at 1–3 iterations; `reuse` 1 keys in one
// Canonicalizer::Workspace, as a search's worker does, 0 builds a fresh e-graph per key.
void BM_CanonicalKey(benchmark::State& state) {
  const auto exprs = candidates(1000, static_cast<std::size_t>(state.range(0)));
  KeyOptions options;
  options.positive_variables = {true, true};
  options.limits.iterations = static_cast<std::size_t>(state.range(1));
  const Canonicalizer canonicalizer(options);
  const bool reuse = state.range(2) != 0;
  Canonicalizer::Workspace workspace;
  std::size_t i = 0;
  for (auto _ : state) {
    const Expr& f = exprs[i++ % exprs.size()];
    benchmark::DoNotOptimize(reuse ? canonicalizer.key(f, workspace) : canonicalizer.key(f));
  }
  state.counters["keys_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CanonicalKey)
    ->ArgsProduct({{10, 20}, {1, 2, 3}, {0, 1}})
    ->ArgNames({"size", "iterations", "reuse"})
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace kepler::egraph
