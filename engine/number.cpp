#include "engine/number.hpp"

#include <fast_float/fast_float.h>

#include <algorithm>
#include <cmath>

namespace kepler {

NumberRead read_number(std::string_view text) noexcept {
  NumberRead out;
  std::string_view digits = text;
  // fast_float takes no leading '+'; a '+' before another sign stays an error.
  if (digits.size() > 1 && digits.front() == '+' && digits[1] != '-' && digits[1] != '+') digits.remove_prefix(1);
  const char* end = digits.data() + digits.size();
  const auto result = fast_float::from_chars(digits.data(), end, out.value);
  if (result.ec != std::errc() || result.ptr != end) return out;
  if (std::isnan(out.value) || std::isinf(out.value)) {
    // "inf" and "nan" are spelled out; digits that overflow are a number too large.
    const bool spelled = std::any_of(digits.begin(), digits.end(), [](char c) { return c == 'n' || c == 'N'; });
    out.status = spelled ? NumberStatus::NotFinite : NumberStatus::TooLarge;
    return out;
  }
  if (out.value == 0.0) {
    const std::string_view mantissa = digits.substr(0, digits.find_first_of("eE"));
    if (mantissa.find_first_of("123456789") != std::string_view::npos) {
      out.status = NumberStatus::TooSmall;
      return out;
    }
  }
  out.status = NumberStatus::Ok;
  return out;
}

std::string_view describe(NumberStatus status) noexcept {
  switch (status) {
    case NumberStatus::Ok: return "is a number";
    case NumberStatus::NotANumber: return "is not a number";
    case NumberStatus::NotFinite: return "is not finite";
    case NumberStatus::TooLarge: return "is too large for a double";
    case NumberStatus::TooSmall: return "is too small for a double (it would read as 0)";
  }
  return "is not a number";
}

}  // namespace kepler
