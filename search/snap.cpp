#include "search/snap.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>

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
  // k·π/q for q up to 8: π/8 = 0.3927 is Poiseuille's (π r⁴ ΔP / 8 η L).
  for (int q = 1; q <= 8; ++q) {
    consider(std::round(value * q / std::numbers::pi) * std::numbers::pi / q);
  }
  // Short decimals at any magnitude: 2.4999999e20 → 2.5e20, 0.73099999 → 0.731. Formatting and
  // reading back gives the double nearest the decimal (1.9, not 1.9000000000000001).
  for (int digits = 1; digits <= 3; ++digits) {
    consider(std::stod(fmt::format("{:.{}e}", value, digits - 1)));
  }
  return out;
}

Expr snap_constants(const Expr& expr, Fitter& fitter, double target_variance) {
  Expr current = expr;
  double loss = fitter.fit(current).final_loss;
  if (!std::isfinite(loss)) return expr;
  const double rows = static_cast<double>(fitter.rows());
  const double allowance = std::exp(2.0 / std::max(rows, 1.0));
  const double floor = 1e-20 * target_variance;
  for (std::size_t i = 0; i < current.size(); ++i) {
    if (current[i].op != Op::Param) continue;
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

}  // namespace kepler
