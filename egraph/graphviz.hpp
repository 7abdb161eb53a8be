// Graphviz (dot) pictures of an expression tree and of an e-graph, written with Boost.Graph.
//
// An e-graph is drawn as a bipartite graph: each e-class a dashed box listing its id, each e-node
// an ellipse labelled with its operator, a dotted edge from a class to each of its nodes and a
// solid edge from a node to each operand class.
#pragma once

#include <ostream>

#include "egraph/egraph.hpp"
#include "engine/print.hpp"

namespace kepler::egraph {

void write_dot(std::ostream& out, const Expr& expr, const Symbols& symbols = {});
void write_dot(std::ostream& out, const EGraph& graph, const Symbols& symbols = {});

}  // namespace kepler::egraph
