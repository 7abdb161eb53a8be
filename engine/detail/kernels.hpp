// Eigen views over one aligned batch of rows, used by the operator table's kernels.
// Internal: only operator.cpp includes it, so Eigen never reaches a public header.
#pragma once

#include <Eigen/Core>

#include "engine/batch.hpp"

namespace kepler::detail {

using BatchArray = Eigen::Array<double, static_cast<int>(kBatchRows), 1>;
using BatchIn = Eigen::Map<const BatchArray, Eigen::Aligned64>;
using BatchOut = Eigen::Map<BatchArray, Eigen::Aligned64>;

}  // namespace kepler::detail
