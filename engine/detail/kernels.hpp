// Eigen views over one aligned batch of rows, used by the operator table's kernels.
// Internal: only operator.cpp includes it, so Eigen never reaches a public header.
#pragma once

#include <Eigen/Core>

#include "engine/batch.hpp"

namespace kepler::detail {

template <typename T>
using BatchArray = Eigen::Array<T, static_cast<int>(kBatchRows), 1>;
template <typename T>
using BatchIn = Eigen::Map<const BatchArray<T>, Eigen::Aligned64>;
template <typename T>
using BatchOut = Eigen::Map<BatchArray<T>, Eigen::Aligned64>;

}  // namespace kepler::detail
