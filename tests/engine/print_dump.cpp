// Writes random expressions as JSON lines: their infix, sympy and LaTeX forms, sample points and
// Kepler's values there. sympy_oracle.py checks that every sympy string parses and agrees.
#include <fmt/format.h>

#include <cmath>
#include <random>
#include <vector>

#include "engine/evaluator.hpp"
#include "engine/print.hpp"
#include "engine/random_expr.hpp"
#include "tests/engine/test_support.hpp"

namespace {

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

int main() {
  using namespace kepler;
  // Names that collide with sympy builtins or Python keywords, as CSV headers become them.
  const std::vector<std::vector<std::string>> name_sets{{"x", "beta", "lambda_", "I"}, {"pi", "E", "e", "gamma"}};
  RandomExprOptions options;
  options.max_size = 20;
  options.variables = 4;
  for (const auto& row : all_operators()) {
    if (!is_leaf(row.op)) options.operators.push_back(row.op);
  }
  std::mt19937_64 rng(12345);
  std::uniform_real_distribution<double> coordinate(-2.0, 2.0);
  for (int i = 0; i < 400; ++i) {
    const std::vector<std::string>& names = name_sets[static_cast<std::size_t>(i) % name_sets.size()];
    // Constants of every sign and magnitude, and the literals printers get wrong (0, ±1, k·pi/q).
    const Expr expr = test::with_tricky_constants(random_expr(rng, options), rng);
    std::string points = "[";
    std::string values = "[";
    for (int p = 0; p < 3; ++p) {
      std::vector<double> x(names.size());
      for (double& v : x) v = coordinate(rng);
      const double value = evaluate_point(expr, x);
      points += fmt::format("{}[{}]", p ? "," : "", fmt::join(x, ","));
      values += (p ? "," : "") + (std::isfinite(value) ? fmt::format("{}", value) : "null");
    }
    const Symbols symbols{names, {}};
    fmt::print("{{\"infix\": {}, \"sympy\": {}, \"latex\": {}, \"names\": [\"{}\"], \"points\": {}], \"values\": {}]}}\n",
               json_string(to_infix(expr, symbols)), json_string(to_sympy(expr, symbols)),
               json_string(to_latex(expr, symbols)), fmt::join(names, "\",\""), points, values);
  }
}
