#include "search/column_scales.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <utility>

namespace kepler {

namespace {

// 10^|k|: exact as a double up to 10²², and the one number both the scaled column and the written
// back equation are made with.
double power_of_ten(int k) { return std::pow(10.0, std::abs(k)); }

// Where x' = x / 10^k: x / p for k > 0, x · p for k < 0.
Op to_data_op(int k) { return k > 0 ? Op::Div : Op::Mul; }

}  // namespace

ColumnScales::ColumnScales(std::vector<int> exponents) : exponents_(std::move(exponents)) {}

ColumnScales ColumnScales::of(const Dataset& data) {
  std::vector<int> exponents(data.variables(), 0);
  for (std::size_t j = 0; j < data.variables(); ++j) {
    double sum = 0.0;
    std::size_t n = 0;
    for (const double x : data.column(j)) {
      if (std::isfinite(x)) {
        sum += x * x;
        ++n;
      }
    }
    const double rms = n > 0 ? std::sqrt(sum / static_cast<double>(n)) : 0.0;
    if (!(rms > 0.0) || !std::isfinite(rms)) continue;
    const int k = static_cast<int>(std::lround(std::log10(rms)));
    if (std::abs(k) >= kMinColumnExponent) exponents[j] = k;
  }
  return ColumnScales(std::move(exponents));
}

bool ColumnScales::identity() const noexcept {
  return std::all_of(exponents_.begin(), exponents_.end(), [](int k) { return k == 0; });
}

Dataset ColumnScales::scaled(const Dataset& data) const {
  std::vector<std::vector<double>> columns;
  columns.reserve(data.variables());
  for (std::size_t j = 0; j < data.variables(); ++j) {
    const std::span<const double> x = data.column(j);
    std::vector<double>& out = columns.emplace_back(x.begin(), x.end());
    const int k = j < exponents_.size() ? exponents_[j] : 0;
    if (k == 0) continue;
    const double p = power_of_ten(k);
    for (double& v : out) v = k > 0 ? v / p : v * p;
  }
  const std::span<const double> target = data.target();
  const std::span<const double> weights = data.weights();
  return Dataset(data.variable_names(), columns, data.target_name(), {target.begin(), target.end()},
                 {weights.begin(), weights.end()});
}

Expr ColumnScales::to_data_units(const Expr& f) const {
  if (identity()) return f;
  std::vector<Node> out;
  out.reserve(f.size());
  for (const Node& node : f.nodes()) {
    const int k = node.op == Op::Var && node.index < exponents_.size() ? exponents_[node.index] : 0;
    out.push_back(node);
    if (k == 0) continue;
    out.push_back(Node::num(power_of_ten(k)));
    out.push_back(Node::make(to_data_op(k)));
  }
  return Expr(std::move(out));
}

Expr ColumnScales::to_search_units(const Expr& f) const {
  if (identity()) return f;
  std::vector<Node> out;
  out.reserve(f.size());
  const std::span<const Node> nodes = f.nodes();
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const Node& node = nodes[i];
    const int k = node.op == Op::Var && node.index < exponents_.size() ? exponents_[node.index] : 0;
    out.push_back(node);
    if (k == 0) continue;
    const double p = power_of_ten(k);
    if (i + 2 < nodes.size() && nodes[i + 1].op == Op::Num && nodes[i + 1].value == p &&
        nodes[i + 2].op == to_data_op(k)) {
      i += 2;  // x / 10^k as to_data_units writes it: x' itself
      continue;
    }
    // x = x' · 10^k.
    out.push_back(Node::num(p));
    out.push_back(Node::make(k > 0 ? Op::Mul : Op::Div));
  }
  return Expr(std::move(out));
}

}  // namespace kepler
