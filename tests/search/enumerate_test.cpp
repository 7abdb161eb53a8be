#include "search/enumerate/enumerate_search.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/evaluator.hpp"
#include "engine/parse.hpp"
#include "engine/print.hpp"
#include "search/constraints.hpp"
#include "search/enumerate/forms.hpp"
#include "tests/search/search_support.hpp"

using namespace kepler;
using namespace kepler::enumerate;

namespace {

// Every expression of exactly `size` nodes over the operators and variables (no constants), both
// operand orders, by brute force.
std::vector<Expr> brute_force(const std::vector<Op>& ops, std::size_t variables, std::size_t size,
                              std::map<std::size_t, std::vector<Expr>>& memo) {
  if (const auto it = memo.find(size); it != memo.end()) return it->second;
  std::vector<Expr> out;
  if (size == 1) {
    for (std::uint32_t v = 0; v < variables; ++v) out.push_back(build::var(v));
  }
  for (const Op op : ops) {
    if (arity(op) == 1 && size >= 2) {
      for (const Expr& a : brute_force(ops, variables, size - 1, memo)) out.push_back(build::unary(op, a));
    }
    if (arity(op) == 2 && size >= 3) {
      for (std::size_t left = 1; left + 2 <= size; ++left) {
        for (const Expr& a : brute_force(ops, variables, left, memo)) {
          for (const Expr& b : brute_force(ops, variables, size - 1 - left, memo)) out.push_back(build::binary(op, a, b));
        }
      }
    }
  }
  return memo[size] = out;
}

// A function's fingerprint: its values at fixed points, to 9 significant digits.
std::string fingerprint(const Expr& f, std::size_t variables) {
  std::string print;
  for (int k = 0; k < 6; ++k) {
    std::vector<double> x(variables);
    for (std::size_t v = 0; v < variables; ++v) x[v] = 0.37 + 0.61 * k + 0.23 * static_cast<double>(v * v + k * v);
    print += fmt::format("{:.9g},", evaluate_point(f, x));
  }
  return print;
}

}  // namespace

TEST_CASE("forms come in order of size, leaves first, without constant composites or commutative mirrors") {
  FormGenerator forms(std::vector<Op>{Op::Add, Op::Sin}, 1, {.max_size = 3, .max_constants = 1});
  std::vector<std::string> seen;
  std::vector<Expr> batch;
  while (forms.next(100, batch) > 0) {
    for (Expr& f : batch) {
      seen.push_back(to_infix(f));
      forms.admit(std::move(f));
    }
    batch.clear();
  }
  CHECK(forms.done());
  // Size 1: x0, c. Size 2: sin(x0) (sin(c) is a constant). Size 3: sin(sin(x0)), then x0 + x0 and
  // c + x0 (never x0 + c, never c + c).
  REQUIRE(seen.size() == 6);
  CHECK(seen[0] == "x0");
  CHECK(seen[2] == "sin(x0)");
  CHECK(forms.forms(3).size() == 3);
  CHECK(forms.forms(1).size() == 2);
}

TEST_CASE("the enumerator keeps each equivalence class once: counted against brute force") {
  // The brute force tells every distinct function by its values; the enumerator must keep exactly
  // one form of each, at the smallest size where it appears, under the same constraints.
  struct Grammar {
    std::vector<Op> ops;
    std::size_t variables;
    std::size_t max_size;
  };
  for (const Grammar& g : {Grammar{{Op::Add, Op::Mul, Op::Sin}, 1, 7}, Grammar{{Op::Add, Op::Sub, Op::Mul}, 2, 5}}) {
    const Dataset data = test::law_dataset(30, g.variables, [](const std::vector<double>& x) { return std::exp(x[0]); });
    const Problem problem = test::small_problem(data, g.ops);
    const Constraints constraints = Constraints::of(problem);  // no sin inside sin
    std::map<std::size_t, std::vector<Expr>> memo;
    std::set<std::string> known;
    std::vector<std::size_t> distinct(g.max_size + 1, 0);
    for (std::size_t s = 1; s <= g.max_size; ++s) {
      for (const Expr& f : brute_force(g.ops, g.variables, s, memo)) {
        if (satisfies(f, constraints) && known.insert(fingerprint(f, g.variables)).second) ++distinct[s];
      }
    }
    EnumerateOptions options;
    options.max_size = g.max_size;
    options.max_constants = 0;
    EnumerateSearch search(options);
    const SearchResult result = search.run(problem, test::evaluations(10'000'000), SearchOptions{.threads = 1}, {});
    CHECK(result.report.stop_reason == StopReason::Exhausted);
    const std::vector<std::size_t> kept = search.forms_per_size();
    INFO("distinct " << fmt::format("{}", fmt::join(distinct, " ")) << ", kept " << fmt::format("{}", fmt::join(kept, " ")));
    CHECK(kept == distinct);
  }
}

TEST_CASE("the enumerator finds every planted law of up to 7 nodes, with its offset and scale") {
  struct Law {
    const char* name;
    double (*f)(const std::vector<double>&);
  };
  const Law laws[] = {
      {"x0 * x1 / x2", [](const std::vector<double>& x) { return 3.0 * x[0] * x[1] / x[2]; }},
      {"sin(x0) * exp(x1)", [](const std::vector<double>& x) { return std::sin(x[0]) * std::exp(x[1]) - 1.5; }},
      {"x0 / (x1 + 0.3)", [](const std::vector<double>& x) { return x[0] / (x[1] + 0.3); }},
      {"log(x0 + 1.7) * x1", [](const std::vector<double>& x) { return 2.0 * std::log(x[0] + 1.7) * x[1]; }},
      {"cos(x0 * x1) + x2", [](const std::vector<double>& x) { return std::cos(x[0] * x[1]) + x[2]; }},
      {"sqrt(x0) * x1 * x1", [](const std::vector<double>& x) { return 0.5 * std::sqrt(x[0]) * x[1] * x[1] + 4.0; }},
      {"exp(-1.3 * x2) / x0", [](const std::vector<double>& x) { return std::exp(-1.3 * x[2]) / x[0]; }},
  };
  const std::vector<Op> ops = {Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Sqrt, Op::Exp, Op::Log, Op::Sin, Op::Cos};
  for (const Law& law : laws) {
    INFO(std::string(law.name));
    const Dataset data = test::law_dataset(60, 3, law.f);
    const Problem problem = test::small_problem(data, ops);
    EnumerateOptions options;
    options.max_size = 7;
    Budget budget = test::evaluations(50'000'000);
    budget.early_stop_loss = 1e-20;
    const SearchResult result = EnumerateSearch(options).run(problem, budget, SearchOptions{.threads = 2}, {});
    REQUIRE(!result.front.empty());
    CHECK(result.report.stop_reason == StopReason::EarlyStop);
    CHECK(result.front.back().loss < 1e-20);
    CHECK(result.front.back().expr.size() <= 7);
  }
}

TEST_CASE("an enumeration is exhausted once its largest size is done, with the same front on any thread count") {
  const Dataset data = test::law_dataset(40, 2, [](const std::vector<double>& x) { return x[0] * x[0] * x[0] + x[1]; });
  const Problem problem = test::small_problem(data, {Op::Add, Op::Mul, Op::Sin});
  EnumerateOptions options;
  options.max_size = 6;
  options.forms_per_round = 50;
  const SearchResult a = EnumerateSearch(options).run(problem, test::evaluations(50'000'000), SearchOptions{.threads = 1}, {});
  const SearchResult b = EnumerateSearch(options).run(problem, test::evaluations(50'000'000), SearchOptions{.threads = 2}, {});
  CHECK(a.report.stop_reason == StopReason::Exhausted);
  CHECK(a.report.counter("forms_size_completed") == 6);
  CHECK(test::as_text(a.front) == test::as_text(b.front));
  CHECK(a.report.counter("forms_distinct") == b.report.counter("forms_distinct"));
  // x0·x0·x0 + x1 has 7 nodes: past the enumeration.
  CHECK(a.front.back().loss > 1e-12);
  CHECK(a.report.counter("forms_twins") > 0);
}
