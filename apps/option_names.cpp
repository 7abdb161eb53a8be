#include "apps/option_names.hpp"

#include <string_view>
#include <utility>

namespace kepler::cli {
namespace {

constexpr std::pair<std::string_view, std::string_view> kFlags[] = {
    {"budget.seconds", "option --time"},
    {"budget.max_evaluations", "option --max-evals"},
    {"budget.early_stop_loss", "option --early-stop"},
    {"validation_fraction", "option --validation"},
    {"problem.max_size", "option --max-size"},
    {"problem.operators", "option --ops"},
    {"operators", "option --ops"},
    {"method", "option --method"},
};

}  // namespace

InputError with_option_names(const InputError& e) {
  for (const auto& [field, flag] : kFlags) {
    if (e.source() == field) return InputError(std::string(flag), e.line(), e.column(), e.message());
  }
  return e;
}

}  // namespace kepler::cli
