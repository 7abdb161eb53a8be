#include "search/aliasing.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace kepler {
namespace {

double half_period(Op op) noexcept {
  if (op == Op::Sin || op == Op::Cos) return std::numbers::pi;
  if (op == Op::Tan) return std::numbers::pi / 2.0;
  return 0.0;
}

// Values of u (sorted in place) whose consecutive distinct steps are more often than one in four
// wider than `half`.
bool undersampled(std::vector<double>& u, double half) {
  std::sort(u.begin(), u.end());
  std::size_t steps = 0, wide = 0;
  for (std::size_t i = 1; i < u.size(); ++i) {
    const double step = u[i] - u[i - 1];
    if (step <= 1e-12 * std::max(1.0, std::abs(u[i]))) continue;  // the same value
    ++steps;
    if (step > half) ++wide;
  }
  return 4 * wide > steps;
}

}  // namespace

bool undersampled_periodic(const Expr& f, Evaluator& evaluator, std::vector<double>& scratch) {
  for (std::size_t i = 0; i < f.size(); ++i) {
    const double half = half_period(f[i].op);
    if (half == 0.0) continue;
    const std::size_t arg = i - 1;  // a unary operator's operand ends just before it
    if (f[arg].op == Op::Num || f[arg].op == Op::Param) continue;
    scratch.resize(evaluator.data().rows());
    if (evaluator.evaluate(f.subtree(arg), scratch) != EvalStatus::Ok) continue;
    if (undersampled(scratch, half)) return true;
  }
  return false;
}

}  // namespace kepler
