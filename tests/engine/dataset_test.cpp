#include "engine/dataset.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "engine/batch.hpp"
#include "tests/engine/test_support.hpp"

using namespace kepler;

TEST_CASE("columns are aligned and padded with 1 up to a whole batch") {
  const Dataset d = test::random_dataset(70, 2, 1);
  CHECK(d.padded_rows() == 2 * kBatchRows);
  for (std::size_t j = 0; j < 2; ++j) {
    CHECK(reinterpret_cast<std::uintptr_t>(d.padded_column(j)) % kBatchAlignment == 0);
    CHECK(d.padded_column(j)[70] == 1.0);
    CHECK(d.padded_column(j)[d.padded_rows() - 1] == 1.0);
  }
}

TEST_CASE("mismatched lengths are programmer errors") {
  CHECK_THROWS_AS(Dataset({"a"}, {{1.0, 2.0}}, "y", {1.0}), std::invalid_argument);
  CHECK_THROWS_AS(Dataset({"a", "b"}, {{1.0}}, "y", {1.0}), std::invalid_argument);
  CHECK_THROWS_AS(Dataset({"a"}, {{1.0}}, "y", {1.0}, {1.0, 2.0}), std::invalid_argument);
}

TEST_CASE("a seeded split is deterministic, disjoint and complete") {
  const Dataset d = test::random_dataset(100, 1, 3);
  const DatasetSplit a = split(d, 0.25, 7);
  const DatasetSplit b = split(d, 0.25, 7);
  const DatasetSplit c = split(d, 0.25, 8);
  CHECK(a.train.rows() == 75);
  CHECK(a.validation.rows() == 25);
  CHECK(std::equal(a.validation.target().begin(), a.validation.target().end(),
                   b.validation.target().begin()));
  CHECK(!std::equal(a.validation.target().begin(), a.validation.target().end(),
                    c.validation.target().begin()));
  double total = 0.0;
  for (double v : d.target()) total += v;
  double parts = 0.0;
  for (double v : a.train.target()) parts += v;
  for (double v : a.validation.target()) parts += v;
  CHECK(parts == doctest::Approx(total));
}

TEST_CASE("sampled rows are distinct rows of the data, in file order, and seeded") {
  std::vector<double> index(1000);
  for (std::size_t i = 0; i < index.size(); ++i) index[i] = static_cast<double>(i);
  const Dataset d({"i"}, {index}, "y", index);
  const Dataset a = sample_rows(d, 100, 4);
  REQUIRE(a.rows() == 100);
  CHECK(std::is_sorted(a.target().begin(), a.target().end()));
  CHECK(std::adjacent_find(a.target().begin(), a.target().end()) == a.target().end());  // distinct
  CHECK(std::equal(a.column(0).begin(), a.column(0).end(), a.target().begin()));      // whole rows
  const Dataset b = sample_rows(d, 100, 4);
  CHECK(std::equal(a.target().begin(), a.target().end(), b.target().begin()));
  const Dataset c = sample_rows(d, 100, 5);
  CHECK_FALSE(std::equal(a.target().begin(), a.target().end(), c.target().begin()));
  // Spread over the table, not its first rows.
  CHECK(a.target().back() > 800.0);
  CHECK(sample_rows(d, 5000, 4).rows() == 1000);
}

TEST_CASE("tiny datasets keep at least one training row") {
  const Dataset d = test::random_dataset(2, 1, 3);
  const DatasetSplit s = split(d, 0.5, 1);
  CHECK(s.train.rows() == 1);
  CHECK(s.validation.rows() == 1);
  CHECK(split(test::random_dataset(1, 1, 3), 0.5, 1).train.rows() == 1);
}
