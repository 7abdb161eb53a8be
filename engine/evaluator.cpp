#include "engine/evaluator.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <cassert>
#include <cmath>
#include <stdexcept>
#include <type_traits>

#include "engine/batch.hpp"

namespace kepler {
namespace {

bool all_finite(const double* values, std::size_t n) {
  return Eigen::Map<const Eigen::ArrayXd>(values, static_cast<Eigen::Index>(n)).allFinite();
}

}  // namespace

template <typename T>
BasicEvaluator<T>::BasicEvaluator(const Dataset& data) : data_(&data) {
  if constexpr (!std::is_same_v<T, double>) {
    if (!data.single_precision_inputs()) {
      throw std::invalid_argument("SingleEvaluator: the dataset has values beyond single precision");
    }
    const std::size_t stride = data.padded_rows();
    single_columns_.resize(data.variables() * stride);
    for (std::size_t j = 0; j < data.variables(); ++j) {
      std::transform(data.padded_column(j), data.padded_column(j) + stride, single_columns_.begin() + static_cast<std::ptrdiff_t>(j * stride),
                     [](double v) { return static_cast<T>(v); });
    }
  }
}

template <typename T>
const T* BasicEvaluator<T>::column(std::size_t j) const noexcept {
  if constexpr (std::is_same_v<T, double>) {
    return data_->padded_column(j);
  } else {
    return single_columns_.data() + j * data_->padded_rows();
  }
}

template <typename T>
void BasicEvaluator<T>::plan(const Expr& expr, bool with_jacobian) {
  const std::size_t n = expr.size();
  values_.resize(n * kBatchRows);
  if (with_jacobian) adjoints_.resize(n * kBatchRows);
  inputs_.assign(n, nullptr);
  op_steps_.clear();
  var_steps_.clear();

  std::vector<char>& has_param = has_param_;
  has_param.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const Node& node = expr[i];
    T* buffer = values_.data() + i * kBatchRows;
    switch (node.op) {
      case Op::Var:
        var_steps_.push_back({static_cast<std::uint32_t>(i), column(node.index)});
        break;
      case Op::Num:
      case Op::Param:
        std::fill(buffer, buffer + kBatchRows, static_cast<T>(node.value));  // constant across batches
        inputs_[i] = buffer;
        has_param[i] = node.op == Op::Param;
        break;
      default: {
        const OpInfo& row = info(node.op);
        const auto kids = expr.children(i);
        const std::size_t b = row.arity == 2 ? kids[1] : i;
        has_param[i] = has_param[kids[0]] || (row.arity == 2 && has_param[kids[1]]);
        op_steps_.push_back({row.template forward_kernel<T>(), row.template backward_kernel<T>(), static_cast<std::uint32_t>(i),
                             static_cast<std::uint32_t>(kids[0]), static_cast<std::uint32_t>(b),
                             has_param[i] != 0});
        inputs_[i] = buffer;
      }
    }
  }
}

template <typename T>
void BasicEvaluator<T>::forward_batch(std::size_t row0) {
  for (const VarStep& step : var_steps_) inputs_[step.node] = step.column + row0;
  T* values = values_.data();
  for (const OpStep& step : op_steps_) {
    step.forward(inputs_[step.a], inputs_[step.b], values + step.node * kBatchRows);
  }
}

template <typename T>
void BasicEvaluator<T>::backward_batch(const Expr& expr, std::size_t row0, std::size_t count,
                               std::size_t stride, double* jacobian) {
  T* adj = adjoints_.data();
  const std::size_t root = expr.root();
  std::fill(adj + root * kBatchRows, adj + (root + 1) * kBatchRows, T(1));
  // Adjoints flow from each operator to its children; in a tree every node has one parent, so
  // each child's adjoint is written exactly once, by its parent, before it is read.
  for (auto it = op_steps_.rbegin(); it != op_steps_.rend(); ++it) {
    if (!it->needs_adjoint) continue;
    const bool binary = it->b != it->node;
    it->backward(inputs_[it->a], binary ? inputs_[it->b] : nullptr, inputs_[it->node],
                 adj + it->node * kBatchRows, adj + it->a * kBatchRows,
                 binary ? adj + it->b * kBatchRows : nullptr);
  }
  for (std::size_t i = 0; i < expr.size(); ++i) {
    const Node& node = expr[i];
    if (node.op != Op::Param) continue;
    double* column = jacobian + node.index * stride + row0;
    const T* a = adj + i * kBatchRows;
    if (first_use_[i] != 0) {
      std::copy(a, a + count, column);
    } else {
      for (std::size_t r = 0; r < count; ++r) column[r] += a[r];
    }
  }
}

template <typename T>
template <bool WithJacobian>
EvalStatus BasicEvaluator<T>::run(const Expr& expr, RowRange rows, std::span<double> out,
                          std::span<double> jacobian) {
  if (rows.begin % kBatchRows != 0 || rows.end > data_->rows() || rows.begin > rows.end) {
    throw std::invalid_argument("Evaluator: row range must start on a batch boundary and lie in the dataset");
  }
  if (out.size() != rows.size()) throw std::invalid_argument("Evaluator: output size mismatch");
  const std::size_t n_params = WithJacobian ? expr.parameter_count() : 0;
  if constexpr (WithJacobian) {
    if (jacobian.size() != rows.size() * n_params) {
      throw std::invalid_argument("Evaluator: Jacobian size mismatch");
    }
    // Each parameter's column is written by its first node; a parameter no node refers to has a
    // zero column.
    first_use_.assign(expr.size(), 0);
    used_.assign(n_params, 0);
    for (std::size_t i = 0; i < expr.size(); ++i) {
      const Node& node = expr[i];
      if (node.op != Op::Param || node.index >= n_params) continue;
      first_use_[i] = used_[node.index] == 0;
      used_[node.index] = 1;
    }
    for (std::size_t k = 0; k < n_params; ++k) {
      if (used_[k] == 0) std::fill_n(jacobian.begin() + static_cast<std::ptrdiff_t>(k * rows.size()), rows.size(), 0.0);
    }
  }
  if (expr.empty() || rows.size() == 0) return EvalStatus::Ok;

  plan(expr, WithJacobian);
  const std::size_t root = expr.root();
  for (std::size_t row0 = rows.begin; row0 < rows.end; row0 += kBatchRows) {
    forward_batch(row0);
    const std::size_t count = std::min(kBatchRows, rows.end - row0);
    const T* result = inputs_[root];
    double* target = out.data() + (row0 - rows.begin);
    std::copy(result, result + count, target);
    // An invalid candidate is invalid whatever its other rows say: stop here.
    if (!all_finite(target, count)) return EvalStatus::NonFinite;
    if constexpr (WithJacobian) {
      backward_batch(expr, row0 - rows.begin, count, rows.size(), jacobian.data());
    }
  }
  if constexpr (WithJacobian) {
    if (!all_finite(jacobian.data(), jacobian.size())) return EvalStatus::NonFinite;
  }
  return EvalStatus::Ok;
}

template <typename T>
EvalStatus BasicEvaluator<T>::evaluate(const Expr& expr, RowRange rows, std::span<double> out) {
  return run<false>(expr, rows, out, {});
}

template <typename T>
EvalStatus BasicEvaluator<T>::evaluate_with_jacobian(const Expr& expr, RowRange rows,
                                             std::span<double> out, std::span<double> jacobian) {
  return run<true>(expr, rows, out, jacobian);
}

template class BasicEvaluator<double>;
template class BasicEvaluator<float>;

double evaluate_point(const Expr& expr, std::span<const double> x) {
  std::vector<double> stack;
  stack.reserve(expr.size());
  for (const Node& node : expr.nodes()) {
    switch (node.op) {
      case Op::Var: stack.push_back(x[node.index]); break;
      case Op::Num:
      case Op::Param: stack.push_back(node.value); break;
      default: {
        const OpInfo& row = info(node.op);
        if (row.arity == 1) {
          stack.back() = row.scalar(stack.back(), 0.0);
        } else {
          const double b = stack.back();
          stack.pop_back();
          stack.back() = row.scalar(stack.back(), b);
        }
      }
    }
  }
  return stack.empty() ? 0.0 : stack.back();
}

void evaluate_rows(const Expr& expr, const Dataset& data, std::span<double> out) {
  Evaluator evaluator(data);
  if (evaluator.evaluate(expr, out) == EvalStatus::Ok) return;
  for (std::size_t i = 0; i < data.rows(); ++i) out[i] = evaluate_point(expr, data.row(i));
}

}  // namespace kepler
