#include "benchmarks/ned.hpp"

#include <doctest/doctest.h>

#include "benchmarks/tree_edit.hpp"
#include "engine/parse.hpp"

using namespace kepler;
using namespace kepler::bench;

namespace {

const std::vector<std::string> kXY{"x", "y"};

double ned(const char* model, const char* truth) {
  const Expr m = parse_expr(model, kXY);
  return normalized_edit_distance(&m, parse_expr(truth, kXY), kXY, {.positive_variables = {}, .nonzero_variables = {}, .simplify = false});
}

}  // namespace

TEST_CASE("Zhang–Shasha: the textbook example f(d(a, c(b)), e) → f(c(d(a, b)), e) costs 2") {
  LabelledTree t1;
  const auto a = t1.add("a");
  const auto b = t1.add("b");
  const auto c = t1.add("c", {b});
  const auto d = t1.add("d", {a, c});
  const auto e = t1.add("e");
  t1.add("f", {d, e});
  LabelledTree t2;
  const auto a2 = t2.add("a");
  const auto b2 = t2.add("b");
  const auto d2 = t2.add("d", {a2, b2});
  const auto c2 = t2.add("c", {d2});
  const auto e2 = t2.add("e");
  t2.add("f", {c2, e2});
  CHECK(tree_edit_distance(t1, t2) == 2);
  CHECK(tree_edit_distance(t2, t1) == 2);
  CHECK(tree_edit_distance(t1, t1) == 0);
  CHECK(tree_edit_distance(t1, LabelledTree{}) == 6);
}

TEST_CASE("Zhang–Shasha: insertions, deletions and relabels at unit cost") {
  LabelledTree leaf;
  leaf.add("x");
  LabelledTree pair;
  const auto x = pair.add("x");
  const auto y = pair.add("y");
  pair.add("Add", {x, y});
  CHECK(tree_edit_distance(leaf, pair) == 2);
  LabelledTree other;
  const auto x2 = other.add("x");
  const auto y2 = other.add("y");
  other.add("Mul", {x2, y2});
  CHECK(tree_edit_distance(pair, other) == 1);
}

TEST_CASE("NED: identical trees 0, one relabel in a 3-node truth 1/3, no prediction 1") {
  CHECK(ned("x + y", "x + y") == 0.0);
  CHECK(ned("y + x", "x + y") == 0.0);  // operands of Add are unordered, as in sympy
  CHECK(ned("x * y", "x + y") == doctest::Approx(1.0 / 3.0));
  CHECK(normalized_edit_distance(nullptr, parse_expr("x + y", kXY), kXY) == 1.0);
  CHECK(ned("sin(exp(x * y + x / y))", "x") == 1.0);  // capped at 1
}

TEST_CASE("sympy-shaped trees: numbers are Const, subtraction and division as sympy writes them") {
  const auto tree = [](const char* text) { return sympy_tree(parse_expr(text, kXY), kXY); };
  CHECK(tree("2.5 * x").labels == std::vector<std::string>{"Const", "x", "Mul"});
  CHECK(tree("x - y").size() == 5);   // Add(x, Mul(Const, y))
  CHECK(tree("x / y").size() == 5);   // Mul(x, Pow(y, Const))
  CHECK(tree("sqrt(x)").size() == 3); // Pow(x, Const)
  CHECK(tree("x + y + x * y").size() == 6);  // one n-ary Add
}

TEST_CASE("sympy-shaped trees fold as sympy's Add and Mul do on construction") {
  const std::vector<std::string> names{"q1", "q2", "r", "x", "y"};
  const auto tree = [&](const char* text) { return sympy_tree(parse_expr(text, names), names); };
  // Powers of one base merge; numbers multiply into one coefficient.
  CHECK(tree("q1 / r * q2 * 8987742438 / r").labels == tree("8987742438 * q1 * q2 / r^2").labels);
  CHECK(tree("x * x").labels == tree("x^2").labels);
  CHECK(tree("2 * x * 3").size() == 3);             // Mul(Const, x)
  CHECK(tree("x / x").labels == std::vector<std::string>{"Const"});
  CHECK(tree("x^3 / x").labels == tree("x^2").labels);
  CHECK(tree("(x * y)^2").size() == 7);             // Mul(Pow(x, Const), Pow(y, Const))
  CHECK(tree("(x^2)^3").size() == 3);               // Pow(x, Const)
  // Like terms merge; numbers add into one term.
  CHECK(tree("x + x").labels == tree("2 * x").labels);
  CHECK(tree("2 * x - x").labels == std::vector<std::string>{"x"});
  CHECK(tree("x - x + y").labels == std::vector<std::string>{"y"});
  CHECK(tree("1 + x + 2").size() == 3);             // Add(Const, x)
  // A function of numbers is a number.
  CHECK(tree("x * sin(2)").size() == 3);
  CHECK(tree("sin(x - x) + y").labels == std::vector<std::string>{"y"});  // sin(0) + y
}

TEST_CASE("NED simplifies both sides first") {
  const Expr model = parse_expr("x * x + 0 * y", kXY);
  CHECK(normalized_edit_distance(&model, parse_expr("x^2", kXY), kXY) == 0.0);
}
