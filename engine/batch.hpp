// The row batch the evaluator works in. Dataset columns are padded to a multiple of it, so every
// kernel runs on full, aligned batches and the compiler can unroll and vectorize it completely.
#pragma once

#include <cstddef>

namespace kepler {

// 64 doubles per node buffer: a 64-node tree's values and adjoints stay within L2, a typical
// tree's values within L1. Chosen by benchmarks/perf (BM_Evaluate sweeps).
inline constexpr std::size_t kBatchRows = 64;
inline constexpr std::size_t kBatchAlignment = 64;  // bytes

[[nodiscard]] constexpr std::size_t padded_rows(std::size_t rows) noexcept {
  return (rows + kBatchRows - 1) / kBatchRows * kBatchRows;
}

}  // namespace kepler
