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
#include "search/polynomial.hpp"
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
    options.polynomial_leaf = false;  // the brute force writes no leaf
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
    // Without the leaf: with it, sqrt(x0)·P is 3 nodes and settles the law first, as
    // sqrt(x0)·x1·(x1·c) with a scale that linear scaling makes redundant (8 nodes).
    options.polynomial_leaf = false;
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
  options.polynomial_leaf = false;  // with it, x0³ + x1 is the leaf alone
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

TEST_CASE("with the polynomial leaf, a form holds at most one, only where the pipeline can fit it") {
  FormGenerator forms(std::vector<Op>{Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Log, Op::Sin}, 1,
                      FormLimits{.max_size = 5, .max_constants = 1, .polynomial_leaf = true});
  std::vector<Expr> batch;
  while (forms.next(256, batch) > 0) {
    for (Expr& f : batch) {
      std::size_t leaves = 0;
      for (const Node& node : f.nodes()) leaves += node.op == Op::Var && node.index == kPolynomialLeaf ? 1 : 0;
      const std::optional<std::size_t> leaf = polynomial_leaf(f);
      CAPTURE(to_infix(f));
      CHECK(leaves <= 1);
      if (leaf) {
        // Affine in the leaf, or a root log over such a form: what PolynomialExpander::expand takes.
        const Op root = f[f.root()].op;
        const bool under_root = invertible_root(root) && *leaf != f.root();
        CHECK((under_root ? affine_in_leaf(f.subtree(f.children(f.root())[0]), *leaf) : affine_in_leaf(f, *leaf)));
      }
      forms.admit(std::move(f));
    }
    batch.clear();
  }
  // log(P) and P / x are there; sin(P) and x / P are not.
  const auto has = [&](const std::string& text) {
    for (std::size_t s = 1; s <= 5; ++s) {
      for (const Expr& f : forms.forms(s)) {
        if (to_infix(f) == text) return true;
      }
    }
    return false;
  };
  const std::string p = to_infix(build::var(kPolynomialLeaf));
  CHECK(has("log(" + p + ")"));
  CHECK(has(p + " / x0"));
  CHECK(!has("sin(" + p + ")"));
  CHECK(!has("x0 / " + p));
}

TEST_CASE("with the polynomial leaf, a long polynomial law is a small form") {
  // x0⁵ / x1³ is 17 nodes written out, P / (x1·x1·x1) with the leaf: 7.
  const Dataset data = test::law_dataset(60, 2, [](const std::vector<double>& x) { return std::pow(x[0], 5) / std::pow(x[1], 3); });
  const Problem problem = test::small_problem(data, {Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Sqrt, Op::Exp, Op::Log});
  Budget budget = test::evaluations(50'000'000);
  budget.early_stop_loss = 1e-20;
  EnumerateOptions options;
  options.max_size = 7;
  const SearchResult with = EnumerateSearch(options).run(problem, budget, SearchOptions{.threads = 2}, {});
  REQUIRE(!with.front.empty());
  CHECK(with.report.stop_reason == StopReason::EarlyStop);
  CHECK(with.front.back().loss < 1e-20);
  options.polynomial_leaf = false;
  const SearchResult without = EnumerateSearch(options).run(problem, budget, SearchOptions{.threads = 2}, {});
  CHECK(without.report.stop_reason == StopReason::Exhausted);
  CHECK(without.front.back().loss > 1e-12);
}

TEST_CASE("the enumerator offers a polynomial only where it fits exactly, never an approximation") {
  // sin(x0³)·cos(x0²) is no polynomial: its leaf forms approximate it, and stay off the front,
  // which is the front of the same enumeration without the leaf.
  const Dataset data = test::law_dataset(40, 1, [](const std::vector<double>& x) {
    return std::sin(x[0] * x[0] * x[0]) * std::cos(x[0] * x[0]);
  }, 3, -1.0, 1.0);
  Problem problem = test::small_problem(data, {Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Sin, Op::Exp});
  problem.max_size = 30;  // room for the polynomials
  EnumerateOptions options;
  options.max_size = 5;
  const SearchResult with = EnumerateSearch(options).run(problem, test::evaluations(50'000'000), SearchOptions{.threads = 1}, {});
  CHECK(with.report.counter("polynomials") > 0);
  options.polynomial_leaf = false;
  const SearchResult without = EnumerateSearch(options).run(problem, test::evaluations(50'000'000), SearchOptions{.threads = 1}, {});
  CHECK(without.report.counter("polynomials") == 0);
  // The same front, up to which of two equal-loss twins (x0 − sin(x0), sin(x0) − x0) came first.
  const auto shape = [](const std::vector<ParetoEntry>& front) {
    std::vector<std::pair<std::size_t, double>> out;
    for (const ParetoEntry& e : front) out.emplace_back(e.expr.complexity(), e.loss);
    return out;
  };
  CHECK(shape(with.front) == shape(without.front));
}
