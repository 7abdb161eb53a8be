#include "engine/arrays.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "engine/error.hpp"

using namespace kepler;

namespace {

// What the call throws, as the user reads it.
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("a row-major and a column-major matrix give the same dataset") {
  const std::vector<double> row_major = {1, 10, 2, 20, 3, 30};  // 3 rows × 2 columns
  const std::vector<double> col_major = {1, 2, 3, 10, 20, 30};
  const std::vector<double> y = {5, 6, 8};
  const Dataset a = dataset_from_arrays({row_major.data(), 3, 2, 2, 1}, y, {}, {"a", "b"}, "t");
  const Dataset b = dataset_from_arrays({col_major.data(), 3, 2, 1, 3}, y, {}, {"a", "b"}, "t");
  for (const Dataset* d : {&a, &b}) {
    REQUIRE(d->rows() == 3);
    CHECK(d->column(0)[2] == 3.0);
    CHECK(d->column(1)[1] == 20.0);
    CHECK(d->target()[2] == 8.0);
    CHECK(d->target_name() == "t");
    CHECK(!d->weighted());
  }
}

TEST_CASE("names become identifiers as CSV headers do, and must stay distinct") {
  const std::vector<double> x = {1, 2, 3, 4};
  const std::vector<double> y = {1, 2};
  const Dataset d = dataset_from_arrays({x.data(), 2, 2, 2, 1}, y, {}, {"mass (kg)", "lambda"}, "");
  CHECK(d.variable_names() == std::vector<std::string>{"mass__kg_", "lambda_"});
  CHECK(d.target_name() == "y");
  CHECK(error_of([&] { (void)dataset_from_arrays({x.data(), 2, 2, 2, 1}, y, {}, {"x-1", "x 1"}, "y"); }) ==
        "variable_names: names 0 ('x-1') and 1 ('x 1') both become the identifier 'x_1'");
  CHECK(error_of([&] { (void)dataset_from_arrays({x.data(), 2, 2, 2, 1}, y, {}, {"a"}, "y"); }) ==
        "variable_names: 1 names for the 2 columns of X");
}

TEST_CASE("bad values are located by row and column") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> x = {1, 2, 3, 4, 5, 6};  // 3 × 2, row-major
  const std::vector<double> y = {1, 2, 3};
  const MatrixView view{x.data(), 3, 2, 2, 1};
  x[3] = nan;
  CHECK(error_of([&] { (void)dataset_from_arrays(view, y, {}, {"a", "b"}, "y"); }) ==
        "X: NaN at row 1, column 1 ('b'); Kepler needs finite values (drop or impute the row)");
  x[3] = -inf;
  CHECK(error_of([&] { (void)inputs_from_array(view, {"a", "b"}); }) ==
        "X: -inf at row 1, column 1 ('b'); Kepler needs finite values (drop or impute the row)");
  x[3] = 4;
  const std::vector<double> y_inf = {1, inf, 3};
  CHECK(error_of([&] { (void)dataset_from_arrays(view, y_inf, {}, {"a", "b"}, "y"); }) ==
        "y: inf at row 1; Kepler needs finite values (drop or impute the row)");
  const std::vector<double> y_short = {1, 2};
  CHECK(error_of([&] { (void)dataset_from_arrays(view, y_short, {}, {"a", "b"}, "y"); }) ==
        "y: has 2 rows but X has 3");
  const std::vector<double> y_constant = {2.5, 2.5, 2.5};
  CHECK(error_of([&] { (void)dataset_from_arrays(view, y_constant, {}, {"a", "b"}, "y"); }) ==
        "y: is constant (every row is 2.5): there is no law to find");
}

TEST_CASE("weights are checked and kept") {
  const std::vector<double> x = {1, 2, 3};
  const std::vector<double> y = {1, 4, 9};
  const MatrixView view{x.data(), 3, 1, 1, 1};
  const std::vector<double> w = {1, 0, 2};
  const Dataset d = dataset_from_arrays(view, y, w, {"x"}, "y");
  REQUIRE(d.weighted());
  CHECK(d.weights()[2] == 2.0);
  const std::vector<double> negative = {1, -1, 2};
  CHECK(error_of([&] { (void)dataset_from_arrays(view, y, negative, {"x"}, "y"); }) ==
        "sample_weight: negative weight -1 at row 1");
  const std::vector<double> zeros = {0, 0, 0};
  CHECK(error_of([&] { (void)dataset_from_arrays(view, y, zeros, {"x"}, "y"); }) ==
        "sample_weight: is zero in every row");
  const std::vector<double> two = {1, 1};
  CHECK(error_of([&] { (void)dataset_from_arrays(view, y, two, {"x"}, "y"); }) ==
        "sample_weight: has 2 rows but X has 3");
}
