// A form's values as a hash: on a fixed sample of the data's rows, with its free constants at
// fixed generic values. Equal fingerprints mean the same function of the inputs and the
// constants on these rows (to about 9 significant digits) — x0 + x1 − x0 and x1, which the
// e-graph's bounded saturation may not prove equal — so keeping one form per fingerprint is
// sound where it matters: the two would fit the data alike. The polynomial leaf
// (search/polynomial.hpp) reads as one more input, with generic values of its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/dataset.hpp"
#include "engine/expr.hpp"

namespace kepler {

class ValueFingerprint {
 public:
  // Up to `points` rows of `data`, evenly spaced.
  explicit ValueFingerprint(const Dataset& data, std::size_t points = 24);
  // f's fingerprint: NaN, ±∞ and finite values alike where f's values are.
  [[nodiscard]] std::uint64_t of(const Expr& f) const;

 private:
  std::size_t leaf_column_;  // where the rows hold the polynomial leaf's generic value
  std::vector<std::vector<double>> rows_;
};

}  // namespace kepler
