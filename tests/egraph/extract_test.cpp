#include <doctest/doctest.h>

#include <sstream>

#include "egraph/extract.hpp"
#include "egraph/graphviz.hpp"
#include "engine/parse.hpp"
#include "engine/print.hpp"

namespace kepler::egraph {
namespace {

const std::vector<std::string> kXY = {"x", "y"};

TEST_CASE("extraction picks the cheapest term through cycles") {
  EGraph graph;
  const ClassId x = graph.add(parse_expr("x", kXY));
  const ClassId x_times_one = graph.add(parse_expr("x * 1", kXY));
  const ClassId root = graph.add(parse_expr("sin(x * 1) + y", kXY));
  graph.merge(x, x_times_one);  // x = x·1: the class now contains itself
  graph.rebuild();
  const Extractor extractor(graph);
  CHECK(to_infix(extractor.extract(root), {kXY, {}}) == "sin(x) + y");
  CHECK(extractor.cost(root) == doctest::Approx(4.002));  // 4 nodes, 2 of them operations
}

TEST_CASE("a custom cost changes the choice") {
  EGraph graph;
  const ClassId square = graph.add(parse_expr("x^2", kXY));
  graph.merge(square, graph.add(parse_expr("x * x", kXY)));
  graph.rebuild();
  CHECK(to_infix(Extractor(graph).extract(square), {kXY, {}}) == "x^2");
  const auto no_squares = [](const ENode& node, std::span<const double> operands) {
    double total = node.op == Op::Square ? 100.0 : 1.0;
    for (const double c : operands) total += c;
    return total;
  };
  CHECK(to_infix(Extractor(graph, no_squares).extract(square), {kXY, {}}) == "x * x");
}

TEST_CASE("ties are broken by the term, not by insertion order") {
  const auto hash_of = [](const char* first, const char* second) {
    EGraph graph;
    const ClassId a = graph.add(parse_expr(first, kXY));
    const ClassId b = graph.add(parse_expr(second, kXY));
    graph.merge(a, b);
    graph.rebuild();
    return std::pair{Extractor(graph).term_hash(a), to_infix(Extractor(graph).extract(a), {kXY, {}})};
  };
  CHECK(hash_of("x + y", "y + x") == hash_of("y + x", "x + y"));
}

TEST_CASE("Graphviz output of an expression and an e-graph") {
  std::ostringstream tree;
  write_dot(tree, parse_expr("sin(x) * 2", kXY), {kXY, {}});
  CHECK(tree.str().find("digraph") != std::string::npos);
  CHECK(tree.str().find("label=sin") != std::string::npos);
  CHECK(tree.str().find("label=x") != std::string::npos);

  EGraph graph;
  graph.add(parse_expr("x + y", kXY));
  std::ostringstream egraph;
  write_dot(egraph, graph, {kXY, {}});
  CHECK(egraph.str().find("class 2") != std::string::npos);
  CHECK(egraph.str().find("dotted") != std::string::npos);
}

}  // namespace
}  // namespace kepler::egraph
