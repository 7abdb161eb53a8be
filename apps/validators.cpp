#include "apps/validators.hpp"

#include <cmath>

#include "engine/number.hpp"

namespace kepler::cli {
namespace {

CLI::Validator number_at_least(double bound, bool strict, const char* rule) {
  return CLI::Validator(
      [bound, strict, rule](std::string& text) -> std::string {
        const NumberRead number = read_number(text);
        const bool ok = number.status == NumberStatus::Ok && (strict ? number.value > bound : number.value >= bound);
        return ok ? std::string() : std::string(rule) + ", got '" + text + "'";
      },
      strict ? "POSITIVE" : "NONNEGATIVE");
}

}  // namespace

CLI::Validator positive_number() { return number_at_least(0.0, true, "must be a positive number"); }
CLI::Validator non_negative_number() { return number_at_least(0.0, false, "must be a non-negative number"); }

}  // namespace kepler::cli
