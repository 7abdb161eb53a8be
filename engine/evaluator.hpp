// Batched evaluation of expressions over a dataset, with exact derivatives.
//
// The interpreter walks the postfix array once per batch of kBatchRows rows. Every operator node
// owns a batch-sized buffer and runs its operator-table kernel over the whole batch (vectorized
// by Eigen); variables are read in place from the dataset's aligned columns and constants are
// broadcast once per call, so leaves cost nothing per batch.
//
// `evaluate_with_jacobian` also returns d f(x_i; θ) / d θ_k for every row i and parameter slot
// k, by one reverse (adjoint) sweep over the same buffers: exact derivatives, one forward and one
// backward pass regardless of how many constants the expression has.
//
// A NaN or Inf makes a candidate invalid, so evaluation stops at the first batch whose values
// are not all finite and reports NonFinite: `out` then holds the rows up to and including that
// batch (the first non-finite row among them) and is unspecified beyond; so is the Jacobian.
//
// `BasicEvaluator<float>` (SingleEvaluator) computes the same in single precision, eight values per
// AVX2 instruction instead of four, from its own float copy of the dataset's inputs, and writes its
// results widened to double: about seven correct digits, for screening that needs no more (a
// scored loss, a front entry, is always computed in double). Values beyond float's range (3.4e38)
// are Inf there, so NonFinite from it proves nothing about the double result. No search uses it
// yet: as the first Levenberg–Marquardt steps of a fit it measured slower in `kepler fit`, whose
// fits take a few iterations (README, Performance).
//
// Thread-safety: an evaluator owns mutable scratch buffers; use one per thread. Several
// evaluators may share one Dataset.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/dataset.hpp"
#include "engine/detail/aligned_vector.hpp"
#include "engine/expr.hpp"
#include "engine/operator.hpp"

namespace kepler {

// Rows [begin, end) of a dataset. `begin` must be a multiple of kBatchRows.
struct RowRange {
  std::size_t begin = 0;
  std::size_t end = 0;
  [[nodiscard]] std::size_t size() const noexcept { return end - begin; }
};

enum class EvalStatus : std::uint8_t {
  Ok,
  NonFinite,  // some output (or derivative) is NaN or ±Inf: the candidate is invalid
};

template <typename T>
class BasicEvaluator {
 public:
  // Throws std::invalid_argument for single precision on data without single-precision inputs
  // (Dataset::single_precision_inputs).
  explicit BasicEvaluator(const Dataset& data);

  [[nodiscard]] const Dataset& data() const noexcept { return *data_; }
  [[nodiscard]] RowRange all_rows() const noexcept { return {0, data_->rows()}; }

  // Writes f(x_i) for each row of `rows` into `out` (rows.size() values).
  [[nodiscard]] EvalStatus evaluate(const Expr& expr, RowRange rows, std::span<double> out);
  [[nodiscard]] EvalStatus evaluate(const Expr& expr, std::span<double> out) {
    return evaluate(expr, all_rows(), out);
  }

  // Also writes the Jacobian with respect to the parameter slots, column-major:
  // jacobian[k * rows.size() + i] = d f(x_i) / d θ_k, for k < expr.parameter_count().
  [[nodiscard]] EvalStatus evaluate_with_jacobian(const Expr& expr, RowRange rows,
                                                  std::span<double> out,
                                                  std::span<double> jacobian);

 private:
  struct OpStep {
    ForwardKernelOf<T> forward;
    BackwardKernelOf<T> backward;
    std::uint32_t node;
    std::uint32_t a;
    std::uint32_t b;  // == node for unary operators (never read)
    bool needs_adjoint;  // the subtree holds a parameter
  };
  struct VarStep {
    std::uint32_t node;
    const T* column;
  };

  void plan(const Expr& expr, bool with_jacobian);
  void forward_batch(std::size_t row0);
  void backward_batch(const Expr& expr, std::size_t row0, std::size_t count, std::size_t stride,
                      double* jacobian);
  template <bool WithJacobian>
  EvalStatus run(const Expr& expr, RowRange rows, std::span<double> out,
                 std::span<double> jacobian);

  // Variable j's padded column in T.
  [[nodiscard]] const T* column(std::size_t j) const noexcept;

  const Dataset* data_;
  // Single precision: the inputs rounded to float, laid out as the dataset's (empty for double).
  detail::AlignedVectorOf<T> single_columns_;
  // Scratch, reused across calls; sized for the largest expression seen.
  detail::AlignedVectorOf<T> values_;    // one batch per node
  detail::AlignedVectorOf<T> adjoints_;  // one batch per node (Jacobian only)
  std::vector<const T*> inputs_;  // current batch of each node
  std::vector<OpStep> op_steps_;
  std::vector<VarStep> var_steps_;
  std::vector<char> has_param_;  // per node: its subtree holds a parameter
  // Per node: a parameter's first node, whose adjoint is written to its Jacobian column (later
  // nodes of the same parameter add to it), so the Jacobian needs no zeroing beforehand.
  std::vector<char> first_use_;
  std::vector<char> used_;  // per parameter: some node refers to it
};

extern template class BasicEvaluator<double>;
extern template class BasicEvaluator<float>;
using Evaluator = BasicEvaluator<double>;
using SingleEvaluator = BasicEvaluator<float>;

// The value of `expr` at one point, computed node by node with the operator table's scalar
// functions. The reference the batched evaluator is tested against; too slow for searches.
[[nodiscard]] double evaluate_point(const Expr& expr, std::span<const double> x);

// f at every row of `data`, into `out` (data.rows() values): batched, and where some value is not
// finite, point by point, so that only the rows where f is undefined or overflows are NaN or ±Inf
// (predictions, scoring), not the whole batch after them.
void evaluate_rows(const Expr& expr, const Dataset& data, std::span<double> out);

}  // namespace kepler
