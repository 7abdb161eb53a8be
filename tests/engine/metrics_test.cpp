#include "engine/metrics.hpp"

#include <doctest/doctest.h>

#include <vector>

using namespace kepler;

TEST_CASE("metrics on a hand-computed example") {
  const std::vector<double> y{1.0, 2.0, 3.0, 4.0};
  const std::vector<double> p{1.0, 2.0, 3.0, 6.0};
  CHECK(mse(y, p) == 1.0);
  CHECK(rmse(y, p) == 1.0);
  CHECK(mae(y, p) == 0.5);
  CHECK(variance(y) == 1.25);
  CHECK(nmse(y, p) == 0.8);
  CHECK(r2(y, p) == doctest::Approx(0.2));
  CHECK(r2(y, y) == 1.0);
}

TEST_CASE("weights scale each row's contribution") {
  const std::vector<double> y{1.0, 2.0};
  const std::vector<double> p{2.0, 2.0};
  CHECK(mse(y, p, std::vector<double>{3.0, 1.0}) == 0.75);
  CHECK(mse(y, p, std::vector<double>{0.0, 1.0}) == 0.0);
}
