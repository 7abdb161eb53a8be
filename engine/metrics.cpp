#include "engine/metrics.hpp"

#include <cassert>
#include <cmath>
#include <limits>

namespace kepler {
namespace {

template <typename Term>
double weighted_mean(std::size_t n, std::span<const double> weights, Term term) {
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0.0;
  double total = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double w = weights.empty() ? 1.0 : weights[i];
    sum += w * term(i);
    total += w;
  }
  return sum / total;
}

}  // namespace

double mse(std::span<const double> y, std::span<const double> p, std::span<const double> w) {
  assert(y.size() == p.size());
  return weighted_mean(y.size(), w, [&](std::size_t i) {
    const double e = y[i] - p[i];
    return e * e;
  });
}

double rmse(std::span<const double> y, std::span<const double> p, std::span<const double> w) {
  return std::sqrt(mse(y, p, w));
}

double mae(std::span<const double> y, std::span<const double> p, std::span<const double> w) {
  assert(y.size() == p.size());
  return weighted_mean(y.size(), w, [&](std::size_t i) { return std::abs(y[i] - p[i]); });
}

double variance(std::span<const double> y, std::span<const double> w) {
  const double mean = weighted_mean(y.size(), w, [&](std::size_t i) { return y[i]; });
  return weighted_mean(y.size(), w, [&](std::size_t i) {
    const double d = y[i] - mean;
    return d * d;
  });
}

double nmse(std::span<const double> y, std::span<const double> p, std::span<const double> w) {
  return mse(y, p, w) / variance(y, w);
}

double r2(std::span<const double> y, std::span<const double> p, std::span<const double> w) {
  return 1.0 - nmse(y, p, w);
}

}  // namespace kepler
