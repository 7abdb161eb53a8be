#include "search/problem.hpp"

#include <algorithm>
#include <cmath>

#include "engine/error.hpp"

namespace kepler {

void Problem::validate() const {
  const auto fail = [](const char* field, const std::string& rule) {
    throw InputError(std::string("problem.") + field, rule);
  };
  if (train == nullptr) fail("train", "no dataset given");
  if (train->rows() < 2) {
    fail("train", "needs at least 2 rows to fit, the data has " + std::to_string(train->rows()));
  }
  if (screen != nullptr && (screen->rows() == 0 || screen->variables() != train->variables())) {
    fail("screen", "must be rows of the training data");
  }
  if (operators.empty()) fail("operators", "the operator list is empty");
  for (Op op : operators) {
    if (is_leaf(op)) fail("operators", "leaves are not operators");
  }
  if (max_size == 0) fail("max_size", "must be at least 1");
  if (max_depth == 0) fail("max_depth", "must be at least 1");
}

std::optional<std::string> seed_rejection(const Expr& f, const Problem& problem) {
  if (f.empty()) return "is empty";
  for (const Node& node : f.nodes()) {
    if (node.op == Op::Var && node.index >= problem.train->variables()) {
      return "uses input column " + std::to_string(node.index + 1) + " of a table with " +
             std::to_string(problem.train->variables());
    }
    if (node.op == Op::Param && !std::isfinite(node.value)) return "has a constant that is not finite";
  }
  if (f.size() > problem.max_size) {
    return "has " + std::to_string(f.size()) + " nodes, more than the largest size " + std::to_string(problem.max_size);
  }
  if (f.depth() > problem.max_depth) {
    return "is " + std::to_string(f.depth()) + " deep, more than the depth limit " + std::to_string(problem.max_depth);
  }
  return std::nullopt;
}

void validate_seeds(std::span<const Expr> seeds, const Problem& problem) {
  for (std::size_t i = 0; i < seeds.size(); ++i) {
    if (const auto why = seed_rejection(seeds[i], problem)) {
      throw InputError("seed equation " + std::to_string(i + 1), *why);
    }
  }
}

void Budget::validate() const {
  if (!(seconds > 0.0)) throw InputError("budget.seconds", "must be a positive number of seconds");
  if (max_evaluations == 0) throw InputError("budget.max_evaluations", "must be positive");
  if (!(early_stop_loss >= 0.0)) throw InputError("budget.early_stop_loss", "must be non-negative");
}

SearchLoss parse_loss(std::string_view name, const std::string& source) {
  if (name == "mse") return SearchLoss::Mse;
  if (name == "mae") return SearchLoss::Mae;
  if (name == "huber") return SearchLoss::Huber;
  throw InputError(source, "must be 'mse', 'mae' or 'huber', got '" + std::string(name) + "'");
}

std::vector<Op> parse_operator_list(const std::string& list, const std::string& source) {
  std::vector<Op> ops;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    std::string name = list.substr(start, end - start);
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    if (!name.empty()) {
      const auto op = op_from_name(name);
      if (!op) {
        std::string known;
        for (const auto& row : all_operators()) {
          if (!is_leaf(row.op)) known += (known.empty() ? "" : " ") + std::string(row.name);
        }
        throw InputError(source, "unknown operator '" + name + "' (known: " + known + ")");
      }
      if (std::find(ops.begin(), ops.end(), *op) == ops.end()) ops.push_back(*op);
    }
    start = end + 1;
  }
  if (ops.empty()) throw InputError(source, "the operator list is empty");
  return ops;
}

}  // namespace kepler
