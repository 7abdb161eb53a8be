// kepler fit-constants EXPR data.csv: fit the free constants of a formula, like scipy's
// curve_fit. Every name in EXPR that is not a column is a free constant.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "apps/commands.hpp"
#include "apps/data_options.hpp"
#include "apps/validators.hpp"
#include "engine/error.hpp"
#include "engine/evaluator.hpp"
#include "engine/fitter.hpp"
#include "engine/format.hpp"
#include "engine/metrics.hpp"
#include "engine/parse.hpp"
#include "engine/print.hpp"

namespace kepler::cli {
namespace {

struct FitConstantsOptions {
  std::string expression;
  DataOptions data;
  std::vector<std::string> init;  // name=value
  std::string loss = "mse";
  int max_iterations = 200;
  int restarts = 16;
  std::uint64_t seed = 1;
};

void apply_initial_values(const FitConstantsOptions& options, const ParsedExpr& parsed,
                          std::vector<double>& theta) {
  for (const std::string& item : options.init) {
    const auto eq = item.find('=');
    const std::string name = item.substr(0, eq);
    const auto it = std::find(parsed.parameter_names.begin(), parsed.parameter_names.end(), name);
    if (eq == std::string::npos || it == parsed.parameter_names.end()) {
      throw InputError("option --init", "'" + item + "' must be NAME=VALUE for a constant of the formula");
    }
    try {
      std::size_t used = 0;
      const double value = std::stod(item.substr(eq + 1), &used);
      if (used != item.size() - eq - 1 || !std::isfinite(value)) throw std::invalid_argument(item);
      theta[static_cast<std::size_t>(it - parsed.parameter_names.begin())] = value;
    } catch (const std::exception&) {
      throw InputError("option --init", "'" + item + "': the value is not a finite number");
    }
  }
}

int run_fit_constants(const FitConstantsOptions& options) {
  const Dataset data = options.data.load();
  ParseOptions parse_options;
  parse_options.variables = data.variable_names();
  parse_options.unknown_names_are_parameters = true;
  ParsedExpr parsed = parse(options.expression, parse_options);
  if (parsed.parameter_names.empty()) {
    throw InputError("expression", "has no free constants to fit (every name is a column of " +
                                       options.data.path + ")");
  }
  FitOptions fit_options;
  fit_options.max_iterations = options.max_iterations;
  fit_options.loss = options.loss == "huber" ? FitLoss::Huber : FitLoss::Squared;
  Fitter fitter(data, fit_options);

  // Start from the given values, then from random restarts whose magnitudes span 10^±3 with
  // either sign; keep the best fit.
  std::vector<double> start(parsed.parameter_names.size(), 1.0);
  apply_initial_values(options, parsed, start);
  std::mt19937_64 rng(options.seed);
  std::uniform_real_distribution<double> exponent(-3.0, 3.0);
  Expr best = parsed.expr;
  FitReport best_report;
  best_report.final_loss = std::numeric_limits<double>::infinity();
  for (int attempt = 0; attempt <= options.restarts; ++attempt) {
    std::vector<double> theta = start;
    if (attempt > 0) {
      for (double& v : theta) v = (rng() % 2 ? 1.0 : -1.0) * std::pow(10.0, exponent(rng));
    }
    Expr candidate = parsed.expr;
    candidate.set_parameters(theta);
    const FitReport report = fitter.fit(candidate);
    if (report.status != FitStatus::NonFinite && report.final_loss < best_report.final_loss) {
      best = candidate;
      best_report = report;
    }
  }
  if (!std::isfinite(best_report.final_loss)) {
    throw InputError(options.data.path,
                     "the formula is not finite on the data for any starting values tried");
  }

  Evaluator evaluator(data);
  std::vector<double> prediction(data.rows());
  (void)evaluator.evaluate(best, prediction);
  const Symbols names{data.variable_names(), parsed.parameter_names};
  const Symbols values{data.variable_names(), {}};
  fmt::print("model   {} = {}\n", data.target_name(), to_infix(best, names));
  fmt::print("fitted  {} = {}\n", data.target_name(), to_infix(best, values));
  const std::vector<double> theta = best.parameters();
  for (std::size_t k = 0; k < theta.size(); ++k) {
    fmt::print("  {} = {:.10g}\n", parsed.parameter_names[k], theta[k]);
  }
  fmt::print("  mse         {:.6g}\n", mse(data.target(), prediction, data.weights()));
  fmt::print("  r2          {:.10g}\n", r2(data.target(), prediction, data.weights()));
  fmt::print("  fit         {}\n", best_report);
  fmt::print("  sympy       {}\n", to_sympy(best, values));
  return kSuccess;
}

}  // namespace

Action add_fit_constants_command(CLI::App& app) {
  auto options = std::make_shared<FitConstantsOptions>();
  CLI::App* command = app.add_subcommand(
      "fit-constants", "Fit the free constants of a formula (names that are not columns)");
  command->add_option("expression", options->expression, "Formula, e.g. \"c*a^p\"")->required();
  options->data.add_to(*command);
  command->add_option("--init", options->init, "Starting values, e.g. --init c=300 p=1")
      ->delimiter(',');
  command->add_option("--loss", options->loss, "Loss: mse or huber")
      ->check(CLI::IsMember({"mse", "huber"}))
      ->capture_default_str();
  command->add_option("--max-iterations", options->max_iterations, "Solver iterations per start")
      ->check(positive_number())
      ->capture_default_str();
  command->add_option("--restarts", options->restarts, "Random restarts besides the given start")
      ->check(non_negative_number())
      ->capture_default_str();
  command->add_option("--seed", options->seed, "Seed of the random restarts")->capture_default_str();
  return [command, options]() -> int {
    return command->parsed() ? run_fit_constants(*options) : -1;
  };
}

}  // namespace kepler::cli
