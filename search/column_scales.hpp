// Searching in units where every variable is of order one. A column of speeds near 10⁸ or
// charges near 10⁻¹⁹ puts the law's constants at 10⁻¹⁷ or 10²³ (1 − v²/c², exp(q·V/(k·T))),
// magnitudes that no fit started at 1 and no mutation reaches. Divided by the power of ten
// nearest its root mean square, such a column is of order one, and so are the constants of a
// physical law over it: 1 − 0.111·v'² with v' = v / 10⁸.
//
// Only a power of ten is used, and no offset, so the law keeps its form in either unit; an
// equation found over the scaled columns is written back in data units by putting v / 10⁸ where
// v' stands (exactly the division the scaled column was made by, so both give the same values),
// and the simplifier merges it into the constant beside it. Columns within a factor of about 30 of
// 1 (exponent below kMinColumnExponent) are left as they are.
//
//   const ColumnScales scales = ColumnScales::of(data);
//   const Dataset searched = scales.scaled(train);
//   Expr law = scales.to_data_units(found);         // v' → v / 1e8
//   Expr seed = scales.to_search_units(law);        // back: v / 1e8 → v'
#pragma once

#include <vector>

#include "engine/dataset.hpp"
#include "engine/expr.hpp"

namespace kepler {

inline constexpr int kMinColumnExponent = 2;

class ColumnScales {
 public:
  // No column scaled.
  ColumnScales() = default;
  // Per variable, the power of ten nearest the root mean square of its finite values, over all of
  // `data`'s rows (the same on every process that reads the same table).
  [[nodiscard]] static ColumnScales of(const Dataset& data);
  // Each variable j searched as x_j / 10^exponents[j] (0: as it is).
  explicit ColumnScales(std::vector<int> exponents);

  [[nodiscard]] const std::vector<int>& exponents() const noexcept { return exponents_; }
  [[nodiscard]] bool identity() const noexcept;

  // The same rows with each scaled column divided by its power of ten (multiplied by its inverse
  // below 1, which is exact as a double where the power itself is not).
  [[nodiscard]] Dataset scaled(const Dataset& data) const;
  // f over the scaled columns, written over the data's: each scaled variable x' becomes x / 10^k
  // (x · 10^−k for k < 0).
  [[nodiscard]] Expr to_data_units(const Expr& f) const;
  // The inverse: f over the data's columns, written over the scaled ones. A variable in the exact
  // shape to_data_units writes becomes the scaled variable again; any other x becomes x' · 10^k.
  [[nodiscard]] Expr to_search_units(const Expr& f) const;

 private:
  std::vector<int> exponents_;
};

}  // namespace kepler
