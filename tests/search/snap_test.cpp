#include "search/snap.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "engine/metrics.hpp"
#include "engine/parse.hpp"
#include "engine/print.hpp"
#include "tests/search/search_support.hpp"

using namespace kepler;

namespace {

bool contains(const std::vector<double>& v, double x) { return std::find(v.begin(), v.end(), x) != v.end(); }

}  // namespace

TEST_CASE("simple values near a constant: zero, integers, small ratios, multiples of pi") {
  CHECK(contains(simple_values_near(0.9999), 1.0));
  CHECK(contains(simple_values_near(0.50003), 0.5));
  CHECK(contains(simple_values_near(0.33332), 1.0 / 3.0));
  CHECK(contains(simple_values_near(3.14158), std::numbers::pi));
  CHECK(contains(simple_values_near(1.3), 0.0));
  CHECK(contains(simple_values_near(1.3), 1.0));  // always tried: it removes redundant factors
  CHECK(contains(simple_values_near(2.4999999e20), 2.5e20));
  CHECK(contains(simple_values_near(-0.0731000002), -0.0731));
  CHECK(contains(simple_values_near(-1.8999), -1.9));  // the double nearest -1.9, exactly
  CHECK(!contains(simple_values_near(1.3), 1.5));  // too far to be that value
  CHECK(contains(simple_values_near(0.39269908169872325), std::numbers::pi / 8));
  CHECK(!contains(simple_values_near(365.0442), 581 * std::numbers::pi / 5));  // not simple
}

TEST_CASE("constants that are simple values in exact data snap; others stay fitted") {
  const Dataset data = test::law_dataset(100, 1, [](const std::vector<double>& x) {
    return 2.0 * x[0] * x[0] + 0.731 * x[0];
  });
  Fitter fitter(data);
  const std::vector<std::string> vars{"x0"};
  ParseOptions options;
  options.variables = vars;
  options.unknown_names_are_parameters = true;
  Expr e = parse("a*x0^2 + b*x0 + c", options).expr;
  e.set_parameters(std::vector<double>{1.9999999, 0.7310002, 1e-9});
  const Expr snapped = snap_constants(e, fitter, variance(data.target()));
  const std::string text = to_infix(snapped, {vars, {}});
  CAPTURE(text);
  CHECK(text.find("2 * x0^2") != std::string::npos);
  CHECK(text.find("0.731 * x0") != std::string::npos);
  CHECK(text.find("+ 0") != std::string::npos);  // the offset dropped (folding removes it)
  CHECK(snapped.parameter_count() == 0);
}
