#include "engine/pareto.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace kepler;
using namespace kepler::build;

TEST_CASE("the front keeps, for each complexity, only entries no simpler entry beats") {
  ParetoFront front;
  const Expr size1 = var(0);
  const Expr size3 = binary(Op::Mul, var(0), var(0));
  const Expr size5 = binary(Op::Add, size3, var(0));
  CHECK(front.insert(size3, 1.0));
  CHECK(front.insert(size1, 2.0));
  CHECK(!front.insert(size5, 1.5));     // a simpler entry is better
  CHECK(!front.insert(size3, 1.0));     // ties do not replace
  CHECK(front.insert(size5, 0.1));
  CHECK(front.insert(size3, 0.05));     // evicts the size-5 entry it now dominates
  CHECK(!front.insert(size1, std::nan("")));
  const auto entries = front.snapshot();
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].complexity == 1);
  CHECK(entries[1].complexity == 3);
  CHECK(entries[1].loss == 0.05);
  CHECK(front.best_loss() == 0.05);
}

TEST_CASE("a loss within rounding of a simpler entry's is no better") {
  ParetoFront front;
  const Expr size1 = var(0);
  const Expr size3 = binary(Op::Mul, var(0), var(0));
  CHECK(front.insert(size1, 0.1));
  CHECK(!front.insert(size3, 0.1 * (1.0 - 1e-12)));  // a last-digit gain: not on the front
  CHECK(front.insert(size3, 0.1 * (1.0 - 1e-6)));
  // A simpler entry within rounding of a more complex one replaces it.
  CHECK(front.insert(size1, 0.1 * (1.0 - 1e-6) * (1.0 + 1e-12)));
  const auto entries = front.snapshot();
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].complexity == 1);
  // Exact laws differ by orders of magnitude, far beyond rounding.
  CHECK(front.insert(size3, 1e-30));
  CHECK(front.snapshot().size() == 2);
}

TEST_CASE("scores are PySR's -dlog(loss)/dcomplexity and select_best applies its tolerance") {
  ParetoFront front;
  front.insert(var(0), 1.0, 1);
  front.insert(var(0), 0.01, 3);   // big drop: score ln(100)/2
  front.insert(var(0), 0.008, 9);  // small drop
  const auto entries = front.snapshot();
  REQUIRE(entries.size() == 3);
  CHECK(entries[0].score == 0.0);
  CHECK(entries[1].score == doctest::Approx(std::log(100.0) / 2));
  CHECK(select_best(entries) == 1u);           // 0.01 is within 1.5 × 0.008
  CHECK(select_best(entries, 1.1) == 2u);      // only the most accurate qualifies
  CHECK(select_best({}) == std::nullopt);
}
