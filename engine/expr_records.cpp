#include "engine/expr_records.hpp"

#include <stdexcept>

namespace kepler {
namespace {

constexpr const char* kVar = "var";
constexpr const char* kNum = "num";
constexpr const char* kParam = "param";

}  // namespace

std::vector<NodeRecord> to_records(const Expr& expr) {
  std::vector<NodeRecord> out;
  out.reserve(expr.size());
  for (const Node& node : expr.nodes()) {
    switch (node.op) {
      case Op::Var: out.push_back({kVar, node.index, 0.0}); break;
      case Op::Num: out.push_back({kNum, 0, node.value}); break;
      case Op::Param: out.push_back({kParam, node.index, node.value}); break;
      default: out.push_back({std::string(info(node.op).name), 0, 0.0}); break;
    }
  }
  return out;
}

Expr from_records(std::span<const NodeRecord> records) {
  std::vector<Node> nodes;
  nodes.reserve(records.size());
  for (const NodeRecord& r : records) {
    if (r.kind == kVar) {
      nodes.push_back(Node::var(r.index));
    } else if (r.kind == kNum) {
      nodes.push_back(Node::num(r.value));
    } else if (r.kind == kParam) {
      nodes.push_back(Node::param(r.index, r.value));
    } else if (const auto op = op_from_name(r.kind); op && arity(*op) > 0) {
      nodes.push_back(Node::make(*op));
    } else {
      throw std::invalid_argument("unknown node kind '" + r.kind + "'");
    }
  }
  return Expr(std::move(nodes));
}

}  // namespace kepler
