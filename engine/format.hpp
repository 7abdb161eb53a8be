// fmt formatters for Kepler's core types:
//   fmt::format("{}", expr)    infix, variables as x0, x1, ... (use to_infix to name them)
//   fmt::format("{}", report)  one line: "converged after 12 iterations, loss 3.1 -> 2e-09"
#pragma once

#include <fmt/format.h>

#include "engine/expr.hpp"
#include "engine/fitter.hpp"
#include "engine/print.hpp"

template <>
struct fmt::formatter<kepler::Expr> : fmt::formatter<std::string_view> {
  template <typename Context>
  auto format(const kepler::Expr& expr, Context& ctx) const {
    return fmt::formatter<std::string_view>::format(kepler::to_infix(expr), ctx);
  }
};

template <>
struct fmt::formatter<kepler::FitReport> : fmt::formatter<std::string_view> {
  template <typename Context>
  auto format(const kepler::FitReport& report, Context& ctx) const {
    const std::string line =
        fmt::format("{} after {} iterations, loss {:.6g} -> {:.6g}", kepler::to_string(report.status),
                    report.iterations, report.initial_loss, report.final_loss);
    return fmt::formatter<std::string_view>::format(line, ctx);
  }
};
