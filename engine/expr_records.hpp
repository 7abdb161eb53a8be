// An expression as plain records, one per node in postfix order: (kind, index, value), the kind
// being the operator's name ("+", "sin", "neg") or "var", "num", "param". For storing an Expr
// exactly — checkpoints, Python pickles — and reading back the same tree with the same doubles:
// printed text reads back as the same function, but not always as the same tree (reading
// re-associates x * (a / b) as x * a / b).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/expr.hpp"

namespace kepler {

struct NodeRecord {
  std::string kind;
  std::uint32_t index = 0;  // var: the column; param: the slot
  double value = 0.0;       // num and param
};

[[nodiscard]] std::vector<NodeRecord> to_records(const Expr& expr);
// Throws std::invalid_argument for an unknown kind or records that are not one tree.
[[nodiscard]] Expr from_records(std::span<const NodeRecord> records);

}  // namespace kepler
