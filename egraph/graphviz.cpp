#include "egraph/graphviz.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphviz.hpp>
#include <string>
#include <unordered_map>

namespace kepler::egraph {
namespace {

struct VertexStyle {
  std::string label;
  std::string shape;
  std::string style;
};
struct EdgeStyle {
  std::string style;
  std::string label;
};
using DotGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, VertexStyle, EdgeStyle>;

std::string leaf_label(Op op, std::uint32_t index, double value, const Symbols& symbols) {
  switch (op) {
    case Op::Var:
      return index < symbols.variables.size() ? symbols.variables[index] : "x" + std::to_string(index);
    case Op::Param:
      return index < symbols.parameters.size() ? symbols.parameters[index] : "c" + std::to_string(index);
    case Op::Num: return format_number(value, Format::Infix);
    default: return std::string(info(op).name);
  }
}

void write(std::ostream& out, DotGraph& graph) {
  boost::dynamic_properties properties;
  properties.property("node_id", boost::get(boost::vertex_index, graph));
  properties.property("label", boost::get(&VertexStyle::label, graph));
  properties.property("shape", boost::get(&VertexStyle::shape, graph));
  properties.property("style", boost::get(&VertexStyle::style, graph));
  properties.property("style", boost::get(&EdgeStyle::style, graph));
  properties.property("label", boost::get(&EdgeStyle::label, graph));
  boost::write_graphviz_dp(out, graph, properties);
}

}  // namespace

void write_dot(std::ostream& out, const Expr& expr, const Symbols& symbols) {
  DotGraph graph;
  std::vector<DotGraph::vertex_descriptor> vertex(expr.size());
  for (std::size_t i = 0; i < expr.size(); ++i) {
    const Node& node = expr[i];
    vertex[i] = boost::add_vertex(
        VertexStyle{leaf_label(node.op, node.index, node.value, symbols), is_leaf(node.op) ? "box" : "ellipse", "solid"},
        graph);
    const auto children = expr.children(i);
    for (int k = 0; k < arity(node.op); ++k) {
      boost::add_edge(vertex[i], vertex[children[static_cast<std::size_t>(k)]],
                      EdgeStyle{"solid", arity(node.op) == 2 ? std::to_string(k) : ""}, graph);
    }
  }
  write(out, graph);
}

void write_dot(std::ostream& out, const EGraph& egraph, const Symbols& symbols) {
  DotGraph graph;
  std::unordered_map<ClassId, DotGraph::vertex_descriptor> class_vertex;
  const auto ids = egraph.class_ids();
  for (const ClassId id : ids) {
    class_vertex[id] = boost::add_vertex(VertexStyle{"class " + std::to_string(id), "box", "dashed"}, graph);
  }
  for (const ClassId id : ids) {
    for (const ENode& node : egraph.eclass(id).nodes) {
      const auto v = boost::add_vertex(
          VertexStyle{leaf_label(node.op, node.index, node.value, symbols), "ellipse", "solid"}, graph);
      boost::add_edge(class_vertex.at(id), v, EdgeStyle{"dotted", ""}, graph);
      for (std::size_t k = 0; k < node.operands().size(); ++k) {
        boost::add_edge(v, class_vertex.at(egraph.find(node.children[k])),
                        EdgeStyle{"solid", node.operands().size() == 2 ? std::to_string(k) : ""}, graph);
      }
    }
  }
  write(out, graph);
}

}  // namespace kepler::egraph
