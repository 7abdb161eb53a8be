// Shared helpers for the engine tests: random data and expressions with fixed seeds.
#pragma once

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "engine/dataset.hpp"
#include "engine/evaluator.hpp"
#include "engine/random_expr.hpp"

namespace kepler::test {

// Every operator except the leaves.
inline std::vector<Op> all_operator_ops() {
  std::vector<Op> ops;
  for (const auto& row : all_operators()) {
    if (!is_leaf(row.op)) ops.push_back(row.op);
  }
  return ops;
}

// Random trees over every operator: up to `max_size` nodes, `variables` columns.
inline RandomExprOptions any_tree(std::size_t max_size, std::size_t variables,
                                  double constant_probability = 0.3) {
  RandomExprOptions options;
  options.max_size = max_size;
  options.variables = variables;
  options.operators = all_operator_ops();
  options.constant_probability = constant_probability;
  return options;
}

// `rows` rows of `vars` variables drawn from U[low, high], target = sum of the variables.
inline Dataset random_dataset(std::size_t rows, std::size_t vars, std::uint64_t seed,
                              double low = 0.5, double high = 2.0) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(low, high);
  std::vector<std::string> names;
  std::vector<std::vector<double>> columns(vars, std::vector<double>(rows));
  std::vector<double> target(rows, 0.0);
  for (std::size_t j = 0; j < vars; ++j) {
    names.push_back("x" + std::to_string(j));
    for (std::size_t i = 0; i < rows; ++i) {
      columns[j][i] = u(rng);
      target[i] += columns[j][i];
    }
  }
  return Dataset(names, columns, "y", target);
}

// Relative closeness that treats values near zero on an absolute scale.
inline bool close(double a, double b, double rel = 1e-9, double abs = 1e-12) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  if (std::isinf(a) || std::isinf(b)) return a == b;
  return std::abs(a - b) <= abs + rel * std::max(std::abs(a), std::abs(b));
}

// `expr` at `x` node by node, each operator's result scaled by (1 + e) with e drawn from
// ±relative_noise: a model of kernels that round differently from libm.
inline double perturbed_point(const Expr& expr, const std::vector<double>& x, std::mt19937_64& rng,
                              double relative_noise) {
  std::uniform_real_distribution<double> noise(-relative_noise, relative_noise);
  std::vector<double> stack;
  for (const Node& node : expr.nodes()) {
    if (node.op == Op::Var) {
      stack.push_back(x[node.index]);
    } else if (is_leaf(node.op)) {
      stack.push_back(node.value);
    } else {
      const OpInfo& row = info(node.op);
      double b = 0.0;
      if (row.arity == 2) {
        b = stack.back();
        stack.pop_back();
      }
      stack.back() = row.scalar(stack.back(), b) * (1.0 + noise(rng));
    }
  }
  return stack.back();
}

// The scalar reference value of `expr` at `x`, and whether it is well-conditioned there: the value
// moves by at most 1e-7 of itself when every intermediate result is off by up to 1e-13 (about
// 500 ulp). Batched kernels (Eigen, libmvec) may differ from libm by a few ulp; an
// ill-conditioned tree (tan(exp(exp(x))), log(tanh(40))) amplifies that into any difference at
// all, so only well-conditioned points are compared.
struct Reference {
  double value;
  bool stable;
};

inline Reference reference_value(const Expr& expr, const std::vector<double>& x) {
  const double value = evaluate_point(expr, x);
  std::mt19937_64 rng(std::hash<double>{}(value));
  bool stable = true;
  for (int trial = 0; trial < 8 && stable; ++trial) {
    const double nearby = perturbed_point(expr, x, rng, 1e-13);
    if (std::isfinite(value) != std::isfinite(nearby)) {
      stable = false;
    } else if (std::isfinite(value)) {
      stable = std::abs(nearby - value) <= 1e-7 * std::abs(value);
    }
  }
  return {value, stable};
}

}  // namespace kepler::test

namespace kepler::test {

// Whether evaluating `expr` at `x` stays within the double range: no intermediate value is
// infinite or NaN, and none is 0 or subnormal where its operands were not (exp(-1e11), 1e-200²).
// Where one is, the double result is an artefact of the range (log(exp(-1e11)) is -inf, not
// -1e11), and a rewritten form that computes the real value differs from it rightly.
inline bool stays_in_range(const Expr& expr, const std::vector<double>& x) {
  std::vector<double> stack;
  for (const Node& node : expr.nodes()) {
    if (is_leaf(node.op)) {
      stack.push_back(node.op == Op::Var ? x[node.index] : node.value);
      continue;
    }
    const OpInfo& row = info(node.op);
    double b = 0.0;
    if (row.arity == 2) {
      b = stack.back();
      stack.pop_back();
    }
    const double a = stack.back();
    const double v = row.scalar(a, b);
    if (!std::isfinite(v)) return false;
    const bool operands_nonzero = a != 0.0 && (row.arity == 1 || b != 0.0);
    if (std::abs(v) < std::numeric_limits<double>::min() && (v != 0.0 || operands_nonzero) &&
        node.op != Op::Sub && node.op != Op::Add && node.op != Op::Sin && node.op != Op::Tan &&
        node.op != Op::Tanh && node.op != Op::Log) {
      return false;
    }
    stack.back() = v;
  }
  return true;
}

// A literal of the kinds that printers and folding get wrong: 0, ±1, small integers and halves,
// exact multiples of pi, huge and tiny magnitudes, and ordinary random numbers.
inline double tricky_literal(std::mt19937_64& rng) {
  std::uniform_int_distribution<int> kind(0, 7);
  std::uniform_int_distribution<int> small(-4, 4);
  const double sign = std::bernoulli_distribution(0.5)(rng) ? 1.0 : -1.0;
  switch (kind(rng)) {
    case 0: return 0.0;
    case 1: return sign;
    case 2: return small(rng) * 0.5;
    case 3: {
      const int q = std::uniform_int_distribution<int>(1, 6)(rng);
      return small(rng) * 3.141592653589793 / q;
    }
    case 4: return sign * std::pow(10.0, std::uniform_int_distribution<int>(15, 307)(rng));
    case 5: return sign * std::pow(10.0, -std::uniform_int_distribution<int>(15, 307)(rng));
    case 6: return small(rng);
    default: return sign * std::pow(10.0, std::uniform_real_distribution<double>(-6.0, 6.0)(rng));
  }
}

// `expr` with each free constant replaced, at random, by a tricky literal or by a free constant of
// random sign and magnitude (10^-12 .. 10^12). Free constants are renumbered.
inline Expr with_tricky_constants(const Expr& expr, std::mt19937_64& rng) {
  std::vector<Node> nodes(expr.nodes().begin(), expr.nodes().end());
  for (Node& node : nodes) {
    if (node.op != Op::Param) continue;
    if (std::bernoulli_distribution(0.5)(rng)) {
      node = Node::num(tricky_literal(rng));
    } else {
      const double sign = std::bernoulli_distribution(0.5)(rng) ? 1.0 : -1.0;
      node.value = sign * std::pow(10.0, std::uniform_real_distribution<double>(-12.0, 12.0)(rng));
    }
  }
  Expr out(std::move(nodes));
  out.renumber_parameters();
  return out;
}

}  // namespace kepler::test
