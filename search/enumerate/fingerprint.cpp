#include "search/enumerate/fingerprint.hpp"

#include <cmath>

#include "engine/evaluator.hpp"
#include "search/polynomial.hpp"

namespace kepler {
namespace {

std::uint64_t mix(std::uint64_t h, std::uint64_t v) noexcept {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h;
}

// The value to about 9 significant digits; every NaN alike, each infinity apart.
std::uint64_t quantized(double v) noexcept {
  if (std::isnan(v)) return 0x7ff8000000000001ULL;
  if (std::isinf(v)) return v > 0 ? 0x7ff0000000000001ULL : 0xfff0000000000001ULL;
  if (v == 0.0) return 0;
  int exponent = 0;
  const double mantissa = std::frexp(v, &exponent);  // in ±[0.5, 1)
  const auto digits = static_cast<std::int64_t>(std::llround(std::ldexp(mantissa, 30)));
  return mix(static_cast<std::uint64_t>(digits), static_cast<std::uint64_t>(static_cast<std::int64_t>(exponent)));
}

// Generic values for constant slots: far from 0, 1 and each other's simple ratios.
double generic_constant(std::size_t slot) noexcept { return 1.0 + 0.6180339887 * static_cast<double>(slot + 1) + 0.01 * static_cast<double>(slot * slot); }

// The polynomial leaf's value in sample row k: spread over [0.5, 2.5) by the golden ratio, so
// that no polynomial in the inputs matches it.
double generic_leaf(std::size_t k) noexcept {
  const double t = 0.5 + 0.7548776662 * static_cast<double>(k + 1);
  return 0.5 + 2.0 * (t - std::floor(t));
}

}  // namespace

ValueFingerprint::ValueFingerprint(const Dataset& data, std::size_t points) : leaf_column_(data.variables()) {
  const std::size_t n = std::min(points, data.rows());
  for (std::size_t k = 0; k < n; ++k) {
    rows_.push_back(data.row(k * data.rows() / n));
    rows_.back().push_back(generic_leaf(k));
  }
}

std::uint64_t ValueFingerprint::of(const Expr& f) const {
  Expr generic = f;
  if (const std::optional<std::size_t> leaf = polynomial_leaf(f)) {
    std::vector<Node> nodes(f.nodes().begin(), f.nodes().end());
    nodes[*leaf].index = static_cast<std::uint32_t>(leaf_column_);
    generic = Expr(std::move(nodes));
  }
  std::vector<double> constants(generic.parameter_count());
  for (std::size_t slot = 0; slot < constants.size(); ++slot) constants[slot] = generic_constant(slot);
  generic.set_parameters(constants);
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const auto& row : rows_) h = mix(h, quantized(evaluate_point(generic, row)));
  return h;
}

}  // namespace kepler
