// Evaluator throughput on Operon's published protocol: 1000 random trees of up to 64 nodes over
// 12 800 rows × 10 columns; throughput = Σ(tree length × rows) / time, reported per core as
// node_evals_per_core (node-evaluations per second per thread). Only trees that are finite on
// every row are kept: the evaluator stops early on invalid trees, and counting skipped rows as
// evaluated would inflate the figure; a tree is kept when it is finite in double and in single
// precision, so both precisions run the same trees.
//
//   BM_Evaluate/<ops>/<threads>/<single>          batched values
//   BM_EvaluateJacobian/<ops>/<threads>/<single>  values and the reverse-mode Jacobian
//   BM_Kernel/<op>/<single>                       one operator over one batch
// <single>: 0 = double precision (Evaluator), 1 = single precision (SingleEvaluator).
//   BM_ScalarReference/<ops>             a naive per-row scalar loop (evaluate_point), same trees
// <ops>: 0 = arithmetic (+ − × ÷), 1 = arithmetic and transcendental (exp, log, sin, cos, sqrt,
// tanh); Operon's own sections, one function added to the four operators: 2 = + exp, 3 = + sin,
// 4 = + log.
#include <benchmark/benchmark.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "engine/dataset.hpp"
#include "engine/evaluator.hpp"
#include "engine/batch.hpp"
#include "engine/detail/aligned_vector.hpp"
#include "engine/operator.hpp"
#include "engine/random_expr.hpp"

namespace {

using namespace kepler;

constexpr std::size_t kTrees = 1000;
constexpr std::size_t kMaxLength = 64;
constexpr std::size_t kRows = 12800;
constexpr std::size_t kColumns = 10;

const Dataset& operon_dataset() {
  static const Dataset data = [] {
    std::mt19937_64 rng(1234);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    std::vector<std::string> names;
    std::vector<std::vector<double>> columns(kColumns, std::vector<double>(kRows));
    std::vector<double> target(kRows);
    for (std::size_t j = 0; j < kColumns; ++j) {
      names.push_back("x" + std::to_string(j));
      for (double& v : columns[j]) v = u(rng);
    }
    for (double& v : target) v = u(rng);
    return Dataset(names, columns, "y", target);
  }();
  return data;
}

std::vector<Op> operators_of(int set) {
  std::vector<Op> ops = {Op::Add, Op::Sub, Op::Mul, Op::Div};
  switch (set) {
    case 1: ops.insert(ops.end(), {Op::Exp, Op::Log, Op::Sin, Op::Cos, Op::Sqrt, Op::Tanh}); break;
    case 2: ops.push_back(Op::Exp); break;
    case 3: ops.push_back(Op::Sin); break;
    case 4: ops.push_back(Op::Log); break;
    default: break;
  }
  return ops;
}

constexpr int kOperatorSets = 5;

const std::vector<Expr>& operon_trees(int set) {
  static const auto make = [](int ops) {
    RandomExprOptions options;
    options.max_size = kMaxLength;
    options.variables = kColumns;
    options.operators = operators_of(ops);
    std::mt19937_64 rng(static_cast<std::uint64_t>(ops) + 1);
    Evaluator evaluator(operon_dataset());
    SingleEvaluator single(operon_dataset());
    std::vector<double> out(kRows);
    std::vector<Expr> trees;
    while (trees.size() < kTrees) {
      Expr tree = random_expr(rng, options);
      if (evaluator.evaluate(tree, out) == EvalStatus::Ok && single.evaluate(tree, out) == EvalStatus::Ok) {
        trees.push_back(std::move(tree));
      }
    }
    return trees;
  };
  static std::vector<std::vector<Expr>> sets(kOperatorSets);
  static std::once_flag once[kOperatorSets];
  std::call_once(once[set], [&] { sets[static_cast<std::size_t>(set)] = make(set); });
  return sets[static_cast<std::size_t>(set)];
}

double total_nodes(const std::vector<Expr>& trees) {
  double n = 0;
  for (const auto& t : trees) n += static_cast<double>(t.size());
  return n;
}

template <typename EvaluatorType, bool WithJacobian>
void evaluate_all(benchmark::State& state) {
  const auto threads = static_cast<std::size_t>(state.range(1));
  const Dataset& data = operon_dataset();
  const auto& trees = operon_trees(static_cast<int>(state.range(0)));
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  struct Scratch {
    explicit Scratch(const Dataset& d) : evaluator(d), out(d.rows()) {}
    EvaluatorType evaluator;
    std::vector<double> out;
    std::vector<double> jacobian;
  };
  tbb::enumerable_thread_specific<Scratch> scratch([&] { return Scratch(data); });
  for (auto _ : state) {
    tbb::parallel_for(std::size_t{0}, trees.size(), [&](std::size_t i) {
      Scratch& s = scratch.local();
      if constexpr (WithJacobian) {
        s.jacobian.resize(data.rows() * trees[i].parameter_count());
        benchmark::DoNotOptimize(s.evaluator.evaluate_with_jacobian(trees[i], s.evaluator.all_rows(), s.out, s.jacobian));
      } else {
        benchmark::DoNotOptimize(s.evaluator.evaluate(trees[i], s.out));
      }
    });
  }
  const double evals = total_nodes(trees) * static_cast<double>(data.rows());
  state.counters["node_evals_per_core"] = benchmark::Counter(
      evals / static_cast<double>(threads), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["node_evals_per_s"] =
      benchmark::Counter(evals, benchmark::Counter::kIsIterationInvariantRate);
}

template <bool WithJacobian>
void evaluate_in_precision(benchmark::State& state) {
  if (state.range(2) != 0) {
    evaluate_all<SingleEvaluator, WithJacobian>(state);
  } else {
    evaluate_all<Evaluator, WithJacobian>(state);
  }
}
void BM_Evaluate(benchmark::State& state) { evaluate_in_precision<false>(state); }
void BM_EvaluateJacobian(benchmark::State& state) { evaluate_in_precision<true>(state); }

void BM_ScalarReference(benchmark::State& state) {
  const Dataset& data = operon_dataset();
  const auto& all = operon_trees(static_cast<int>(state.range(0)));
  // A tenth of the trees: the scalar loop is slow, and throughput is what is compared.
  const std::vector<Expr> trees(all.begin(), all.begin() + kTrees / 10);
  std::vector<std::vector<double>> rows(data.rows());
  for (std::size_t i = 0; i < data.rows(); ++i) rows[i] = data.row(i);
  for (auto _ : state) {
    for (const auto& tree : trees) {
      for (const auto& row : rows) benchmark::DoNotOptimize(evaluate_point(tree, row));
    }
  }
  state.counters["node_evals_per_core"] = benchmark::Counter(
      total_nodes(trees) * static_cast<double>(data.rows()),
      benchmark::Counter::kIsIterationInvariantRate);
}

BENCHMARK(BM_Evaluate)->ArgsProduct({{0, 1, 2, 3, 4}, {1, 2}, {0, 1}})->ArgNames({"ops", "threads", "single"})
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_EvaluateJacobian)->ArgsProduct({{0, 1}, {1, 2}, {0, 1}})->ArgNames({"ops", "threads", "single"})
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ScalarReference)->Arg(0)->Arg(1)->ArgNames({"ops"})->Unit(benchmark::kMillisecond);

}  // namespace

namespace {

// One operator kernel over one batch, inputs in [0.5, 2] (inside every operator's domain).
template <typename T>
void run_kernel(benchmark::State& state, const OpInfo& row) {
  kepler::detail::AlignedVectorOf<T> a(kBatchRows), b(kBatchRows), out(kBatchRows);
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0.5, 2.0);
  for (std::size_t i = 0; i < kBatchRows; ++i) {
    a[i] = static_cast<T>(u(rng));
    b[i] = static_cast<T>(u(rng));
  }
  const auto forward = row.forward_kernel<T>();
  for (auto _ : state) {
    forward(a.data(), b.data(), out.data());
    benchmark::ClobberMemory();
  }
  state.counters["evals_per_s"] = benchmark::Counter(static_cast<double>(kBatchRows),
                                                     benchmark::Counter::kIsIterationInvariantRate);
}
void BM_Kernel(benchmark::State& state) {
  const OpInfo& row = all_operators()[static_cast<std::size_t>(state.range(0))];
  state.SetLabel(std::string(row.name));
  if (state.range(1) != 0) {
    run_kernel<float>(state, row);
  } else {
    run_kernel<double>(state, row);
  }
}
BENCHMARK(BM_Kernel)
    ->ArgsProduct({benchmark::CreateDenseRange(static_cast<int>(Op::Add), static_cast<int>(Op::Abs), 1), {0, 1}})
    ->ArgNames({"op", "single"});

}  // namespace
