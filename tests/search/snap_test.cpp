#include "search/snap.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

#include <fmt/format.h>

#include "engine/evaluator.hpp"
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
  Expr e = test::parse_with_constants("a*x0^2 + b*x0 + c", vars);
  e.set_parameters(std::vector<double>{1.9999999, 0.7310002, 1e-9});
  const Expr snapped = snap_constants(e, fitter, variance(data.target()));
  const std::string text = to_infix(snapped, {vars, {}});
  CAPTURE(text);
  CHECK(text.find("2 * x0^2") != std::string::npos);
  CHECK(text.find("0.731 * x0") != std::string::npos);
  CHECK(text.find("+ 0") != std::string::npos);  // the offset dropped (folding removes it)
  CHECK(snapped.parameter_count() == 0);
}

TEST_CASE("an overall scale stays free and the constants inside snap relative to it") {
  // 3.7·(1 + x²/16), found as a·(b + c·x²) with a·b = 3.7: b is redundant with a, so b snaps to 1
  // and c, then 1/16 of the scale, to 0.0625; the scale last, to 3.7. In postfix order a would
  // have snapped to 1 first, leaving 3.7 + 0.23125·x² with nothing simple inside.
  const Dataset data = test::law_dataset(100, 1, [](const std::vector<double>& x) {
    return 3.7 * (1.0 + x[0] * x[0] / 16.0);
  });
  Fitter fitter(data);
  const std::vector<std::string> vars{"x0"};
  Expr e = test::parse_with_constants("a * (b + c * x0^2)", vars);
  e.set_parameters(std::vector<double>{2.0, 1.85, 1.85 / 16.0});
  const Expr snapped = snap_constants(e, fitter, variance(data.target()));
  CHECK(to_infix(snapped, {vars, {}}) == "3.7 * (1 + 0.0625 * x0^2)");
  CHECK(snapped.parameter_count() == 0);
}

TEST_CASE("constants print with the digits the data support: few on noisy data, all where the fit is exact") {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> noise(0.0, 1e-3);
  const Dataset noisy = test::law_dataset(50, 1, [&](const std::vector<double>& x) {
    return 365.0492275875458 * std::pow(x[0], 1.5) * (1.0 + noise(rng));
  });
  const std::vector<std::string> vars{"x0"};
  ParseOptions options;
  options.variables = vars;
  const Expr fitted = parse("365.0492275875458 * x0^1.5", options).expr;
  const std::string readable = to_infix(round_to_supported_digits(fitted, noisy), {vars, {}});
  CHECK(readable.size() < std::string("365.0492275875458 * x0^1.5").size());
  CHECK(readable.find("x0^1.5") != std::string::npos);  // a simple value stays

  const Dataset exact = test::law_dataset(50, 1, [](const std::vector<double>& x) { return 0.731234567891 * x[0] + 1.0 / 3.0; });
  const Expr law = parse("0.731234567891 * x0 + 0.3333333333333333", options).expr;
  // Exact data: ten digits (a relative error of 1e-10, within the fit's own tolerance); 1/3 stays.
  CHECK(to_infix(round_to_supported_digits(law, exact), {vars, {}}) == "0.7312345679 * x0 + 0.3333333333333333");
  // Within rounding error of a simple value: 1.0000000000000002 prints as 1.
  const Dataset shifted = test::law_dataset(30, 1, [](const std::vector<double>& x) { return x[0] + 1.0; });
  CHECK(to_infix(round_to_supported_digits(parse("x0 + 1.0000000000000002", options).expr, shifted), {vars, {}}) ==
        "x0 + 1");
}

TEST_CASE("phases of sine and cosine are taken modulo 2 pi, onto multiples of pi where they are that") {
  const std::vector<std::string> vars{"x0"};
  ParseOptions options;
  options.variables = vars;
  const Expr f = parse("cos(x0 - 26.703537555513595) + sin(x0 + 7.5)", options).expr;
  const Expr reduced = reduce_phases(f);
  CHECK(to_infix(reduced, {vars, {}}) == "cos(x0 - pi / 2) + sin(x0 + " + fmt::format("{}", std::remainder(7.5, 2 * std::numbers::pi)) + ")");
  for (double x : {-1.0, 0.3, 2.0}) {
    CHECK(evaluate_point(reduced, std::vector<double>{x}) == doctest::Approx(evaluate_point(f, std::vector<double>{x})).epsilon(1e-12));
  }
}
