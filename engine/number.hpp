// Reading a decimal number, the one way Kepler reads numbers: CSV cells and expression literals.
//
// Accepts what C's strtod accepts for finite decimals (an optional sign, including '+', digits
// with an optional point, an optional exponent), and says why anything else is refused: `nan` and
// `inf` are not finite. A number
// too large for a double is out of range; so is one too small, whose digits are not all zero but
// which would read as 0 (1e-400): silently reading it as 0 would change the data. Numbers in the
// subnormal range (1e-310) read with reduced precision.
#pragma once

#include <string_view>

namespace kepler {

enum class NumberStatus { Ok, NotANumber, NotFinite, TooLarge, TooSmall };

struct NumberRead {
  double value = 0.0;
  NumberStatus status = NumberStatus::NotANumber;
};

// Reads all of `text`, which must be exactly one number (no spaces).
[[nodiscard]] NumberRead read_number(std::string_view text) noexcept;

// What went wrong, for an error message: "is not a number", "is too large for a double", ...
[[nodiscard]] std::string_view describe(NumberStatus status) noexcept;

}  // namespace kepler
