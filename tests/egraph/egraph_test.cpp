#include <doctest/doctest.h>

#include "egraph/egraph.hpp"
#include "engine/parse.hpp"

namespace kepler::egraph {
namespace {

const std::vector<std::string> kXY = {"x", "y"};

TEST_CASE("the hash-cons shares equal subterms") {
  EGraph graph;
  const ClassId a = graph.add(parse_expr("sin(x) + sin(x)", kXY));
  const ClassId b = graph.add(parse_expr("sin(x)", kXY));
  CHECK(graph.class_count() == 3);  // x, sin(x), sin(x) + sin(x)
  CHECK(a != b);
  CHECK(graph.lookup(ENode{Op::Sin, 0, 0.0, {graph.add(parse_expr("x", kXY))}}) == b);
}

TEST_CASE("rebuilding restores congruence after a merge") {
  EGraph graph;
  const ClassId fx = graph.add(parse_expr("exp(x) * 2", kXY));
  const ClassId fy = graph.add(parse_expr("exp(y) * 2", kXY));
  CHECK(graph.find(fx) != graph.find(fy));
  graph.merge(graph.add(parse_expr("x", kXY)), graph.add(parse_expr("y", kXY)));
  CHECK_FALSE(graph.clean());
  graph.rebuild();
  CHECK(graph.clean());
  CHECK(graph.find(fx) == graph.find(fy));
  CHECK(graph.find(graph.add(parse_expr("exp(x)", kXY))) == graph.find(graph.add(parse_expr("exp(y)", kXY))));
}

TEST_CASE("the analysis folds constants into a literal of the class") {
  EGraph graph;
  const ClassId c = graph.add(parse_expr("(2 + 3) * 4"));
  REQUIRE(graph.data(c).value);
  CHECK(*graph.data(c).value == 20.0);
  CHECK(graph.lookup(ENode{Op::Num, 0, 20.0, {}}) == graph.find(c));
  // Non-finite results are not folded: log(-1) stays a term.
  const ClassId bad = graph.add(parse_expr("log(-1)"));
  CHECK_FALSE(graph.data(bad).value);
}

TEST_CASE("sign facts follow from the variables' domain") {
  EGraph graph(EGraphOptions{{true, false}, false, {}});
  CHECK(graph.data(graph.add(parse_expr("x * exp(y)", kXY))).positive);
  CHECK_FALSE(graph.data(graph.add(parse_expr("x * y", kXY))).positive);
  CHECK(graph.data(graph.add(parse_expr("y^2 + 1", kXY))).positive);
  CHECK_FALSE(graph.data(graph.add(parse_expr("y^2", kXY))).nonzero);
  CHECK(graph.data(graph.add(parse_expr("sqrt(x) / 3", kXY))).positive);
}

TEST_CASE("abstract constants: any operation on free constants is the free constant") {
  EGraph graph(EGraphOptions{{}, true, {}});
  ParseOptions options;
  options.variables = kXY;
  options.unknown_names_are_parameters = true;
  const ClassId a = graph.add(parse("a * b * x", options).expr);
  const ClassId b = graph.add(parse("exp(c) * x", options).expr);
  graph.rebuild();
  CHECK(graph.find(a) == graph.find(b));
  // A literal is not a free constant.
  const ClassId two_x = graph.add(parse_expr("2 * x", kXY));
  graph.rebuild();
  CHECK(graph.find(two_x) != graph.find(a));
}

}  // namespace
}  // namespace kepler::egraph
