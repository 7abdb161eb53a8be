#include "search/column_scales.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "engine/evaluator.hpp"
#include "engine/parse.hpp"
#include "search/discover.hpp"
#include "tests/search/search_support.hpp"

using namespace kepler;

namespace {

// Columns of speeds (~10⁸), charges (~10⁻¹⁹), angles (~1) and counts (~20), and y = 1.
Dataset physical_columns() {
  const std::vector<std::vector<double>> columns = {
      {1.5e8, 2.9e8, 3.0e7, 2.2e8},
      {1.6e-19, 3.2e-19, 4.8e-19, 1.6e-19},
      {0.1, 1.2, 2.5, -0.7},
      {12.0, 25.0, 18.0, 30.0},
  };
  return Dataset({"v", "q", "theta", "n"}, columns, "y", {1.0, 1.0, 1.0, 1.0});
}

Expr parse_over(const std::string& text, const std::vector<std::string>& variables) {
  return parse_expr(text, variables);
}

std::vector<double> values_of(const Expr& f, const Dataset& data) {
  std::vector<double> out(data.rows());
  Evaluator evaluator(data);
  REQUIRE(evaluator.evaluate(f, out) == EvalStatus::Ok);
  return out;
}

// The Boltzmann-factor shape of SRSD's feynman-i.40.1 over masses near 1e-23: no fit started at 1
// reaches the constant −7.1e22.
double boltzmann(double m) { return 2.0 * std::exp(-7.1e22 * m) + 1.0; }

Dataset boltzmann_rows() {
  return test::law_dataset(40, 1, [](const std::vector<double>& x) { return boltzmann(x[0]); }, 5, 2e-23, 6e-23);
}

DiscoverOptions enumerate_to_the_law() {
  DiscoverOptions options;
  options.method = "enumerate";
  options.operators = {Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Exp};
  options.budget.seconds = 600;
  options.budget.max_evaluations = 200000;
  options.budget.early_stop_loss = 1e-24;
  options.search.threads = 1;
  return options;
}

}  // namespace

TEST_CASE("columns far from order one get the power of ten nearest their root mean square; the others none") {
  const ColumnScales scales = ColumnScales::of(physical_columns());
  CHECK(scales.exponents() == std::vector<int>{8, -19, 0, 0});
  CHECK_FALSE(scales.identity());
  CHECK(ColumnScales::of(test::law_dataset(20, 2, [](const std::vector<double>& x) { return x[0]; })).identity());
}

TEST_CASE("an equation over the scaled columns has the same values written back in data units") {
  const Dataset data = physical_columns();
  const ColumnScales scales = ColumnScales::of(data);
  const Dataset scaled = scales.scaled(data);
  CHECK(scaled.column(0)[0] == doctest::Approx(1.5));
  CHECK(scaled.column(1)[1] == doctest::Approx(3.2));
  CHECK(scaled.column(2)[2] == 2.5);
  CHECK(scaled.column(3)[3] == 30.0);

  const std::vector<std::string> names = data.variable_names();
  for (const std::string text : {"sqrt(1 - 0.111 * v * v) * q + theta", "exp(-q / n) * sin(v * theta)", "v / q"}) {
    CAPTURE(text);
    const Expr searched = parse_over(text, names);
    const Expr in_data_units = scales.to_data_units(searched);
    // Bit for bit: the written-back equation divides by the very number the column was divided by.
    CHECK(values_of(in_data_units, data) == values_of(searched, scaled));
    // And back again: the search's own equation, not a rewritten twin.
    CHECK(scales.to_search_units(in_data_units) == searched);
  }
}

TEST_CASE("an equation in data units, written over the scaled columns, keeps its values") {
  const Dataset data = physical_columns();
  const ColumnScales scales = ColumnScales::of(data);
  const Dataset scaled = scales.scaled(data);
  const Expr law = parse_over("q * v / (1.6e-19 + n) + theta * q * 1e19", data.variable_names());
  const Expr searched = scales.to_search_units(law);
  const std::vector<double> expected = values_of(law, data);
  const std::vector<double> got = values_of(searched, scaled);
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) CHECK(got[i] == doctest::Approx(expected[i]).epsilon(1e-14));
  CHECK(ColumnScales().to_data_units(law) == law);
  CHECK(ColumnScales().to_search_units(law) == law);
}

TEST_CASE("discover finds exp(c·m) with c near 7e22 by searching m in its own units, and reports it in data units") {
  const Discovery found = discover(boltzmann_rows(), enumerate_to_the_law());
  CHECK(found.column_exponents == std::vector<int>{-22});
  REQUIRE(!found.pareto.empty());
  const Equation& best = found.pareto[found.best];
  CAPTURE(found.infix(best));
  for (const double m : {2.5e-23, 4e-23, 5.5e-23}) {
    CHECK(evaluate_point(best.expr, std::vector<double>{m}) ==
          doctest::Approx(boltzmann(m)).epsilon(1e-9));
  }
  // Written over m itself: the power of ten merged into the fitted constant.
  CHECK(found.infix(best).find("e+22") != std::string::npos);
  // The cores to resume from are in data units too: the most accurate, scaled as the search
  // scaled it, is the law at a point of the data's own magnitude.
  REQUIRE(!found.cores.empty());
  const ParetoEntry& core = found.cores.back();
  CHECK(core.offset + core.scale * evaluate_point(core.expr, std::vector<double>{3e-23}) ==
        doctest::Approx(boltzmann(3e-23)).epsilon(1e-9));
}

TEST_CASE("a run resumed from cores written in data units starts from its own equations, within its limits") {
  const Dataset data = boltzmann_rows();
  const DiscoverOptions options = enumerate_to_the_law();
  const Discovery first = discover(data, options);
  REQUIRE(!first.cores.empty());

  // The limit the cores keep in the search's units, which those written over m itself pass.
  const ColumnScales scales = ColumnScales::of(data);
  std::size_t searched = 0;
  std::size_t written = 0;
  for (const ParetoEntry& core : first.cores) {
    searched = std::max(searched, scales.to_search_units(core.expr).size());
    written = std::max(written, core.expr.size());
  }
  REQUIRE(written > searched);
  DiscoverOptions resumed = options;
  resumed.max_size = searched;
  resumed.budget.max_evaluations = 1000;
  for (const ParetoEntry& core : first.cores) resumed.search.seed_equations.push_back(core.expr);
  Discovery again;
  REQUIRE_NOTHROW(again = discover(data, resumed));
  REQUIRE(!again.pareto.empty());
  CHECK(again.pareto[again.best].loss <= first.pareto[first.best].loss * (1.0 + 1e-9));
}
