#include "engine/operator.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "engine/batch.hpp"
#include "engine/detail/aligned_vector.hpp"
#include "tests/engine/test_support.hpp"

using namespace kepler;

namespace {

// Points where every operator is defined and smooth enough for finite differences.
double sample_input(Op op, std::mt19937_64& rng, int slot) {
  std::uniform_real_distribution<double> u(0.3, 2.5);
  double v = u(rng);
  const bool may_be_negative = op != Op::Sqrt && op != Op::Log && op != Op::Pow && op != Op::Cbrt;
  if (may_be_negative && std::bernoulli_distribution(0.5)(rng)) v = -v;
  if (op == Op::Tan) v = std::fmod(v, 1.2);      // stay away from the poles
  if (op == Op::Pow && slot == 1) v -= 1.2;       // exponents on both sides of 0
  return v;
}

}  // namespace

TEST_CASE("every operator row is complete and in enum order") {
  for (std::size_t i = 0; i < kOpCount; ++i) {
    const OpInfo& row = all_operators()[i];
    CHECK(static_cast<std::size_t>(row.op) == i);
    CHECK(&info(row.op) == &row);
    if (is_leaf(row.op)) {
      CHECK(row.arity == 0);
      continue;
    }
    CAPTURE(row.name);
    CHECK(!row.name.empty());
    CHECK((row.arity == 1 || row.arity == 2));
    CHECK(static_cast<bool>(row.scalar));
    CHECK(static_cast<bool>(row.forward));
    CHECK(static_cast<bool>(row.backward));
    CHECK(!row.infix.pattern.empty());
    CHECK(!row.sympy.pattern.empty());
    CHECK(!row.latex.pattern.empty());
    CHECK(op_from_name(row.name) == row.op);
  }
}

TEST_CASE("operator names and aliases resolve; symbols are not callable functions") {
  CHECK(op_from_name("**") == Op::Pow);
  CHECK(op_from_name("ln") == Op::Log);
  CHECK(op_from_name("Abs") == Op::Abs);
  CHECK(op_from_name("nope") == std::nullopt);
  CHECK(op_from_name("") == std::nullopt);
  CHECK(function_from_name("pow") == Op::Pow);
  CHECK(function_from_name("sin") == Op::Sin);
  CHECK(function_from_name("+") == std::nullopt);
}

TEST_CASE("each batched forward kernel matches the operator's scalar function") {
  std::mt19937_64 rng(7);
  detail::AlignedVector a(kBatchRows), b(kBatchRows), out(kBatchRows);
  for (Op op : test::all_operator_ops()) {
    const OpInfo& row = info(op);
    CAPTURE(row.name);
    for (std::size_t i = 0; i < kBatchRows; ++i) {
      a[i] = sample_input(op, rng, 0);
      b[i] = sample_input(op, rng, 1);
    }
    row.forward(a.data(), row.arity == 2 ? b.data() : nullptr, out.data());
    for (std::size_t i = 0; i < kBatchRows; ++i) {
      CHECK(test::close(out[i], row.scalar(a[i], b[i]), 1e-14));
    }
  }
}

TEST_CASE("each backward kernel matches central finite differences on random points") {
  std::mt19937_64 rng(11);
  detail::AlignedVector a(kBatchRows), b(kBatchRows), value(kBatchRows), adj(kBatchRows),
      adj_a(kBatchRows), adj_b(kBatchRows);
  for (Op op : test::all_operator_ops()) {
    const OpInfo& row = info(op);
    CAPTURE(row.name);
    const bool binary = row.arity == 2;
    for (std::size_t i = 0; i < kBatchRows; ++i) {
      a[i] = sample_input(op, rng, 0);
      b[i] = sample_input(op, rng, 1);
      adj[i] = std::uniform_real_distribution<double>(-2.0, 2.0)(rng);
    }
    row.forward(a.data(), binary ? b.data() : nullptr, value.data());
    row.backward(a.data(), binary ? b.data() : nullptr, value.data(), adj.data(), adj_a.data(),
                 binary ? adj_b.data() : nullptr);
    for (std::size_t i = 0; i < kBatchRows; ++i) {
      const double h = 1e-6;
      const double da = (row.scalar(a[i] + h, b[i]) - row.scalar(a[i] - h, b[i])) / (2 * h);
      CHECK(test::close(adj_a[i], adj[i] * da, 1e-6, 1e-7));
      if (binary) {
        const double db = (row.scalar(a[i], b[i] + h) - row.scalar(a[i], b[i] - h)) / (2 * h);
        CHECK(test::close(adj_b[i], adj[i] * db, 1e-6, 1e-7));
      }
    }
  }
}

TEST_CASE("each single-precision kernel computes its double kernel's values to float precision") {
  std::mt19937_64 rng(13);
  detail::AlignedVectorOf<float> a(kBatchRows), b(kBatchRows), value(kBatchRows), adj(kBatchRows),
      adj_a(kBatchRows), adj_b(kBatchRows);
  detail::AlignedVector ad(kBatchRows), bd(kBatchRows), valued(kBatchRows), adjd(kBatchRows),
      adj_ad(kBatchRows), adj_bd(kBatchRows);
  for (Op op : test::all_operator_ops()) {
    const OpInfo& row = info(op);
    CAPTURE(row.name);
    REQUIRE(static_cast<bool>(row.forward_single));
    REQUIRE(static_cast<bool>(row.backward_single));
    const bool binary = row.arity == 2;
    for (std::size_t i = 0; i < kBatchRows; ++i) {
      // The same inputs in both precisions: doubles that are exactly floats.
      a[i] = static_cast<float>(sample_input(op, rng, 0));
      b[i] = static_cast<float>(sample_input(op, rng, 1));
      adj[i] = static_cast<float>(std::uniform_real_distribution<double>(-2.0, 2.0)(rng));
      ad[i] = a[i];
      bd[i] = b[i];
      adjd[i] = adj[i];
    }
    row.forward_single(a.data(), binary ? b.data() : nullptr, value.data());
    row.forward(ad.data(), binary ? bd.data() : nullptr, valued.data());
    row.backward_single(a.data(), binary ? b.data() : nullptr, value.data(), adj.data(), adj_a.data(),
                        binary ? adj_b.data() : nullptr);
    row.backward(ad.data(), binary ? bd.data() : nullptr, valued.data(), adjd.data(), adj_ad.data(),
                 binary ? adj_bd.data() : nullptr);
    for (std::size_t i = 0; i < kBatchRows; ++i) {
      CHECK(test::close(value[i], valued[i], 1e-6, 1e-7));
      CHECK(test::close(adj_a[i], adj_ad[i], 1e-5, 1e-6));
      if (binary) CHECK(test::close(adj_b[i], adj_bd[i], 1e-5, 1e-6));
    }
  }
}

TEST_CASE("unprotected maths: out-of-domain inputs give NaN or Inf, not altered values") {
  CHECK(std::isnan(info(Op::Log).scalar(-1.0, 0.0)));
  CHECK(std::isnan(info(Op::Sqrt).scalar(-4.0, 0.0)));
  CHECK(std::isinf(info(Op::Div).scalar(1.0, 0.0)));
  CHECK(std::isnan(info(Op::Pow).scalar(-2.0, 0.5)));
  CHECK(info(Op::Pow).scalar(-2.0, 3.0) == -8.0);  // integer exponents of negative bases are fine
  CHECK(info(Op::Cbrt).scalar(-8.0, 0.0) == -2.0);
}
