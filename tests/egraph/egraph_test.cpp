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

TEST_CASE("a cleared graph is empty and builds what a fresh one builds") {
  EGraph graph;
  graph.add(parse_expr("exp(x) * 2 + sin(y)", kXY));
  graph.merge(graph.add(parse_expr("x", kXY)), graph.add(parse_expr("y", kXY)));
  graph.rebuild();
  graph.clear();
  CHECK(graph.class_count() == 0);
  CHECK(graph.node_count() == 0);
  CHECK(graph.id_count() == 0);
  CHECK(graph.clean());
  EGraph fresh;
  const ClassId a = graph.add(parse_expr("x * y + x", kXY));
  const ClassId b = fresh.add(parse_expr("x * y + x", kXY));
  CHECK(a == b);
  CHECK(graph.class_count() == fresh.class_count());
  CHECK(graph.node_count() == fresh.node_count());
  // x and y were merged before the clear; now they are different classes again.
  CHECK(graph.find(graph.add(parse_expr("x", kXY))) != graph.find(graph.add(parse_expr("y", kXY))));
  CHECK(graph.eclass(a).nodes.size() == 1);
}

TEST_CASE("the analysis folds constants into a literal of the class") {
  EGraph graph;
  const ClassId c = graph.add(parse_expr("(2 + 3) * 4"));
  REQUIRE(graph.data(c).value);
  CHECK(*graph.data(c).value == 20.0);
  CHECK(graph.lookup(ENode{Op::Num, 0, 20.0, {}}) == graph.find(c));
  // Non-finite results are not folded: log(-1) stays a term, and an undefined one.
  const ClassId bad = graph.add(parse_expr("log(-1)"));
  CHECK_FALSE(graph.data(bad).value);
  CHECK(graph.data(bad).undefined());
}

TEST_CASE("only exact results are known values; rounded ones are only current values") {
  EGraph graph;
  for (const char* rounded : {"1e16 + 1", "0.1 + 0.2", "1 / 3", "sqrt(2)", "exp(1)", "1e200 * 1e200",
                              "1e-200 * 1e-200", "2^0.3"}) {
    CAPTURE(rounded);
    const ClassData& data = graph.data(graph.add(parse_expr(rounded)));
    CHECK_FALSE(data.value);
    CHECK(data.current);  // the double value, for printing
  }
  const auto value_of = [&](const char* text) { return graph.data(graph.add(parse_expr(text))).value; };
  CHECK(value_of("1e16 + 2") == 1e16 + 2);
  CHECK(value_of("0.5 + 0.25") == 0.75);
  CHECK(value_of("1 / 4") == 0.25);
  CHECK(value_of("sqrt(2.25)") == 1.5);
  CHECK(value_of("2^10") == 1024.0);
  CHECK(value_of("2^-2") == 0.25);
  CHECK(value_of("1^20") == 1.0);
  CHECK(value_of("cbrt(-27)") == -3.0);
  CHECK(value_of("exp(0) + cos(0)") == 2.0);
}

TEST_CASE("merging classes known to be different numbers is refused") {
  EGraph graph;
  const ClassId one = graph.add(parse_expr("1"));
  const ClassId two = graph.add(parse_expr("3 - 1"));
  graph.rebuild();
  const std::size_t classes = graph.class_count();
  CHECK_THROWS_AS(graph.merge(one, two), ConstantConflict);
  CHECK(graph.find(one) != graph.find(two));
  CHECK(graph.class_count() == classes);
  CHECK(graph.clean());
  // Equal numbers merge as usual.
  CHECK(graph.merge(two, graph.add(parse_expr("x + 2 - x", kXY))));
}

TEST_CASE("a free constant is never a known number, whatever its value") {
  ParseOptions options;
  options.variables = kXY;
  options.unknown_names_are_parameters = true;
  options.initial_parameter_value = 1.0;
  EGraph graph;
  const ClassId c = graph.add(parse("c", options).expr);
  CHECK_FALSE(graph.data(c).value);
  CHECK(graph.data(c).current == 1.0);
  CHECK(graph.data(c).positive);  // a strict sign holds near the current value
  CHECK(graph.find(c) != graph.find(graph.add(parse_expr("1"))));
}
TEST_CASE("sign facts follow from the variables' domain") {
  EGraph graph(EGraphOptions{{true, false}, false, {}});
  CHECK(graph.data(graph.add(parse_expr("x * exp(y)", kXY))).positive);
  CHECK_FALSE(graph.data(graph.add(parse_expr("x * y", kXY))).positive);
  CHECK(graph.data(graph.add(parse_expr("y^2 + 1", kXY))).positive);
  CHECK_FALSE(graph.data(graph.add(parse_expr("y^2", kXY))).nonzero);
  CHECK(graph.data(graph.add(parse_expr("sqrt(x) / 3", kXY))).positive);
}

TEST_CASE("abstract constants: free constants have no value or sign and stay distinct") {
  EGraph graph(EGraphOptions{{}, true, {}});
  ParseOptions options;
  options.variables = kXY;
  options.unknown_names_are_parameters = true;
  options.initial_parameter_value = 2.0;
  graph.add(parse("a * x + b * x", options).expr);  // slots 0 and 1
  const ClassId a = graph.add(ENode{Op::Param, 0, 2.0, {}});
  const ClassId b = graph.add(ENode{Op::Param, 1, 2.0, {}});
  graph.rebuild();
  CHECK(graph.find(a) != graph.find(b));  // two constants, not one
  CHECK_FALSE(graph.data(a).value);
  CHECK_FALSE(graph.data(a).current);
  CHECK_FALSE(graph.data(a).positive);
}

}  // namespace
}  // namespace kepler::egraph
