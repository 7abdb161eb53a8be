#include "search/snap.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "engine/evaluator.hpp"
#include "engine/metrics.hpp"
#include "engine/simplify.hpp"

namespace kepler {

std::vector<double> simple_values_near(double value) {
  // 0 drops a term and 1 a redundant factor (c1·x / c2: c2 = 1 loses nothing), whatever the value.
  std::vector<double> out{0.0, 1.0};
  const double tolerance = 0.02 * std::abs(value);
  const auto consider = [&](double c) {
    if (std::isfinite(c) && std::abs(c - value) <= tolerance && c != value &&
        std::find(out.begin(), out.end(), c) == out.end()) {
      out.push_back(c);
    }
  };
  for (int q = 1; q <= 6; ++q) consider(std::round(value * q) / q);
  // k·π/q for q up to 8 and |k| ≤ 64: π/8 = 0.3927 is Poiseuille's (π r⁴ ΔP / 8 η L), 17π/2 a
  // phase; 581·π/5 is no simpler than 365.04.
  for (int q = 1; q <= 8; ++q) {
    const double k = std::round(value * q / std::numbers::pi);
    if (std::abs(k) <= 64) consider(k * std::numbers::pi / q);
  }
  // Short decimals at any magnitude: 2.4999999e20 → 2.5e20, 0.73099999 → 0.731. Formatting and
  // reading back gives the double nearest the decimal (1.9, not 1.9000000000000001).
  for (int digits = 1; digits <= 3; ++digits) {
    consider(std::stod(fmt::format("{:.{}e}", value, digits - 1)));
  }
  return out;
}

namespace {

// The free constants of `expr` in the order snapping tries them: postfix, except that the overall
// scale — constants that multiply or divide the whole equation — comes last. A scale that is
// redundant with the constants inside is then what stays free: a·(b + c·x²) becomes a·(1 + x²/16)
// with b snapped to 1 and c/b to 1/16, not (a·b) + (a·c)·x² with nothing simple left to snap.
std::vector<std::size_t> snapping_order(const Expr& expr) {
  std::vector<bool> scale(expr.size(), false);
  std::vector<std::size_t> factors{expr.size() - 1};  // nodes that multiply the whole equation
  while (!factors.empty()) {
    const std::size_t node = factors.back();
    factors.pop_back();
    if (expr[node].op == Op::Param) scale[node] = true;
    if (expr[node].op == Op::Mul || expr[node].op == Op::Div) {
      for (const std::size_t child : expr.children(node)) factors.push_back(child);
    }
  }
  std::vector<std::size_t> order;
  for (const bool outer : {false, true}) {
    for (std::size_t i = 0; i < expr.size(); ++i) {
      if (expr[i].op == Op::Param && scale[i] == outer) order.push_back(i);
    }
  }
  return order;
}

}  // namespace

Expr snap_constants(const Expr& expr, Fitter& fitter, double target_variance) {
  Expr current = expr;
  double loss = fitter.fit(current).final_loss;
  if (!std::isfinite(loss) || expr.empty()) return expr;
  const double rows = static_cast<double>(fitter.rows());
  const double allowance = std::exp(2.0 / std::max(rows, 1.0));
  const double floor = 1e-20 * target_variance;
  // Snapping a constant turns it into a number in place, so the positions stay valid.
  for (const std::size_t i : snapping_order(expr)) {
    for (double candidate : simple_values_near(current[i].value)) {
      std::vector<Node> nodes(current.nodes().begin(), current.nodes().end());
      nodes[i] = Node::num(candidate);
      Expr trial(std::move(nodes));
      trial.renumber_parameters();
      const FitReport report = fitter.fit(trial);
      if (report.status != FitStatus::NonFinite && report.final_loss <= loss * allowance + floor) {
        current = std::move(trial);
        loss = report.final_loss;
        break;
      }
    }
  }
  return current;
}

namespace {

// Values worth printing as they are: integers, ratios p/q and multiples k·π/q with small p, k and q
// (1094/3 is no simpler than 364.67).
bool is_simple(double v) {
  if (!std::isfinite(v)) return true;
  if (v == std::round(v) && std::abs(v) < 1e15) return true;
  for (int q = 1; q <= 12; ++q) {
    const double p = std::round(v * q);
    if (p == v * q && std::abs(p) <= 64) return true;
    const double k = std::round(v * q / std::numbers::pi);
    if (k * std::numbers::pi / q == v && std::abs(k) <= 64) return true;
  }
  return false;
}

double squared_error(const Expr& expr, const Dataset& data, Evaluator& evaluator, std::vector<double>& values) {
  if (evaluator.evaluate(expr, values) != EvalStatus::Ok) return std::numeric_limits<double>::infinity();
  return mse(data.target(), values, data.weights());
}

}  // namespace

Expr reduce_phases(const Expr& expr) {
  constexpr double kTwoPi = 2.0 * std::numbers::pi;
  std::vector<Node> nodes(expr.nodes().begin(), expr.nodes().end());
  bool changed = false;
  for (std::size_t i = 0; i < expr.size(); ++i) {
    if (expr[i].op != Op::Sin && expr[i].op != Op::Cos) continue;
    const std::size_t arg = i - 1;
    if (expr[arg].op != Op::Add && expr[arg].op != Op::Sub) continue;
    const auto operands = expr.children(arg);
    for (const std::size_t k : operands) {
      if (expr[k].op != Op::Num || !std::isfinite(expr[k].value)) continue;
      const double value = expr[k].value;
      double reduced = std::remainder(value, kTwoPi);  // in [−π, π]
      if (reduced == -std::numbers::pi) reduced = std::numbers::pi;
      for (int q = 1; q <= 12; ++q) {
        const double multiple = std::round(reduced * q / std::numbers::pi) * std::numbers::pi / q;
        if (std::abs(reduced - multiple) <= 1e-12 * std::max(1.0, std::abs(value))) {
          reduced = multiple;
          break;
        }
      }
      if (reduced != value) {
        nodes[k].value = reduced;
        changed = true;
      }
    }
  }
  return changed ? Expr(std::move(nodes)) : expr;
}

Expr round_to_supported_digits(const Expr& expr, const Dataset& data, double relative) {
  Evaluator evaluator(data);
  std::vector<double> values(data.rows());
  const double exact = squared_error(expr, data, evaluator, values);
  if (!std::isfinite(exact)) return expr;
  const double allowed = exact * (1.0 + relative) + 1e-20 * variance(data.target(), data.weights());
  std::vector<Node> nodes(expr.nodes().begin(), expr.nodes().end());
  for (Node& node : nodes) {
    if ((node.op != Op::Num && node.op != Op::Param) || is_simple(node.value)) continue;
    const double value = node.value;
    for (int digits = 1; digits <= 16; ++digits) {
      const double rounded = std::stod(fmt::format("{:.{}e}", value, digits - 1));
      if (rounded == value) break;
      node.value = rounded;
      if (squared_error(Expr(nodes), data, evaluator, values) <= allowed) break;
      node.value = value;
    }
  }
  return Expr(std::move(nodes));
}

}  // namespace kepler
