// Property: every printed equation is the function it was printed from. For thousands of random
// expressions — every operator, free constants of any sign and magnitude, named or not, literals
// 0, ±1, multiples of pi, huge and tiny — each format is read back (infix and sympy by Kepler's
// parser, LaTeX by the test reader) and must give the same values on random points; infix must
// also be a fixed point of printing after one reading.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <random>

#include "engine/parse.hpp"
#include "engine/print.hpp"
#include "tests/engine/latex_reader.hpp"
#include "tests/engine/test_support.hpp"

namespace kepler {
namespace {

constexpr int kExpressions = 10'000;

// Variable names as CSV headers become them, some clashing with built-in names (pi, e, E, I).
const std::vector<std::vector<std::string>> kNameSets = {
    {"x", "y", "theta_1", "mass"},
    {"pi", "e", "lambda_", "I"},
    {"E", "Omega", "x_1", "x1"},
    {"p", "p_", "x__1", "pi_"},  // p_ once printed as p in LaTeX (a fuzzing finding)
};

// Reads `text` back as `format` over the same names; named free constants get their values back.
Expr read_back(const std::string& text, Format format, const std::vector<std::string>& variables,
               const std::vector<std::string>& parameters, const Expr& original) {
  if (format == Format::Latex) return test::read_latex(text, variables, parameters, original.parameters());
  ParseOptions options;
  options.variables = variables;
  options.unknown_names_are_parameters = true;
  ParsedExpr parsed = parse(text, options);
  std::vector<double> values;
  const std::vector<double> originals = original.parameters();
  for (const std::string& name : parsed.parameter_names) {
    const auto slot = static_cast<std::size_t>(std::find(parameters.begin(), parameters.end(), name) - parameters.begin());
    if (slot >= parameters.size()) throw std::runtime_error("unknown name " + name + " in " + text);
    values.push_back(originals[slot]);
  }
  parsed.expr.set_parameters(values);
  return parsed.expr;
}

struct Tally {
  int expressions = 0;  // read back without error
  int values = 0;       // values compared at well-conditioned points
};

Tally check_format(Format format) {
  std::mt19937_64 rng(20261201 + static_cast<int>(format));
  const RandomExprOptions options = test::any_tree(16, 4, 0.4);
  std::uniform_real_distribution<double> coordinate(-3.0, 3.0);
  Tally tally;
  for (int i = 0; i < kExpressions; ++i) {
    const Expr expr = test::with_tricky_constants(random_expr(rng, options), rng);
    const std::vector<std::string>& variables = kNameSets[static_cast<std::size_t>(i) % kNameSets.size()];
    std::vector<std::string> parameters;
    if (i % 2 == 0) {  // half the equations name their constants, as fit-constants does
      for (std::size_t k = 0; k < expr.parameter_count(); ++k) parameters.push_back(fmt::format("c{}", k));
    }
    const Symbols symbols{variables, parameters};
    const std::string text = to_string(expr, format, symbols);
    CAPTURE(text);
    Expr back;
    try {
      back = read_back(text, format, variables, parameters, expr);
    } catch (const std::exception& error) {
      FAIL_CHECK("does not read back: " << std::string(error.what()));
      continue;
    }
    ++tally.expressions;
    if (format == Format::Infix) {
      // Reading re-associates (x + (-2 + y) prints as x + -2 + y, which reads as x - 2 + y), so
      // the text is the same from the second printing on.
      const std::string again = to_string(back, format, symbols);
      CHECK(to_string(read_back(again, format, variables, parameters, expr), format, symbols) == again);
    }
    for (int p = 0; p < 3; ++p) {
      std::vector<double> x(variables.size());
      for (double& v : x) v = coordinate(rng);
      const test::Reference reference = test::reference_value(expr, x);
      if (!std::isfinite(reference.value) || !reference.stable) continue;
      const double got = evaluate_point(back, x);
      CAPTURE(x);
      CHECK(test::close(got, reference.value, 1e-6, 1e-300));
      ++tally.values;
    }
  }
  return tally;
}

TEST_CASE("property: infix output reads back as the same function and prints back the same") {
  const Tally tally = check_format(Format::Infix);
  MESSAGE(fmt::format("infix: {} expressions read back, {} values compared", tally.expressions, tally.values));
  CHECK(tally.expressions == kExpressions);
  CHECK(tally.values >= kExpressions);
}

TEST_CASE("property: sympy output reads back as the same function") {
  const Tally tally = check_format(Format::Sympy);
  MESSAGE(fmt::format("sympy: {} expressions read back, {} values compared", tally.expressions, tally.values));
  CHECK(tally.expressions == kExpressions);
  CHECK(tally.values >= kExpressions);
}

TEST_CASE("property: LaTeX output reads back as the same function") {
  const Tally tally = check_format(Format::Latex);
  MESSAGE(fmt::format("latex: {} expressions read back, {} values compared", tally.expressions, tally.values));
  CHECK(tally.expressions == kExpressions);
  CHECK(tally.values >= kExpressions);
}

}  // namespace
}  // namespace kepler
