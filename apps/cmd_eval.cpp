// kepler eval EXPR data.csv: how well a given formula fits a CSV, and its predictions.
#include <fmt/format.h>

#include <cmath>
#include <string>
#include <vector>

#include "engine/atomic_file.hpp"
#include "apps/commands.hpp"
#include "apps/data_options.hpp"
#include "engine/error.hpp"
#include "engine/evaluator.hpp"
#include "engine/metrics.hpp"
#include "engine/parse.hpp"
#include "engine/print.hpp"

namespace kepler::cli {
namespace {

struct EvalOptions {
  std::string expression;
  DataOptions data;
  std::string predict;
};

std::string predictions_csv(const Dataset& data, const std::vector<double>& prediction) {
  std::string out;
  for (const auto& name : data.variable_names()) out += name + ",";
  out += data.target_name() + ",prediction\n";
  for (std::size_t i = 0; i < data.rows(); ++i) {
    for (std::size_t j = 0; j < data.variables(); ++j) out += fmt::format("{},", data.column(j)[i]);
    out += fmt::format("{},{}\n", data.target()[i], prediction[i]);
  }
  return out;
}

int run_eval(const EvalOptions& options) {
  const Dataset data = options.data.load();
  ParseOptions parse_options;
  parse_options.variables = data.variable_names();
  const Expr expr = parse(options.expression, parse_options).expr;

  Evaluator evaluator(data);
  std::vector<double> prediction(data.rows());
  if (evaluator.evaluate(expr, prediction) != EvalStatus::Ok) {
    std::size_t row = 0;
    while (row < prediction.size() && std::isfinite(prediction[row])) ++row;
    throw InputError(options.data.path,
                     fmt::format("the expression is not finite on data row {} ({} = {})", row + 1,
                                 to_infix(expr, {data.variable_names(), {}}), prediction[row]));
  }
  const auto y = data.target();
  const auto w = data.weights();
  const Symbols symbols{data.variable_names(), {}};
  fmt::print("{} = {}\n", data.target_name(), to_infix(expr, symbols));
  fmt::print("  rows        {}\n", data.rows());
  fmt::print("  mse         {:.6g}\n", mse(y, prediction, w));
  fmt::print("  rmse        {:.6g}\n", rmse(y, prediction, w));
  fmt::print("  nmse        {:.6g}\n", nmse(y, prediction, w));
  fmt::print("  mae         {:.6g}\n", mae(y, prediction, w));
  fmt::print("  r2          {:.10g}\n", r2(y, prediction, w));
  fmt::print("  complexity  {}\n", expr.complexity());
  fmt::print("  sympy       {}\n", to_sympy(expr, symbols));
  fmt::print("  latex       {}\n", to_latex(expr, symbols));
  if (!options.predict.empty()) {
    write_file_atomically(options.predict, predictions_csv(data, prediction));
    fmt::print("predictions written to {}\n", options.predict);
  }
  return kSuccess;
}

}  // namespace

Action add_eval_command(CLI::App& app) {
  auto options = std::make_shared<EvalOptions>();
  CLI::App* command = app.add_subcommand("eval", "Score a formula on a CSV file");
  command->add_option("expression", options->expression, "Formula over the CSV's column names")
      ->required();
  options->data.add_to(*command);
  command->add_option("--predict,-p", options->predict,
                      "Write the inputs, target and predictions to this CSV file");
  return [command, options]() -> int {
    return command->parsed() ? run_eval(*options) : -1;
  };
}

}  // namespace kepler::cli
