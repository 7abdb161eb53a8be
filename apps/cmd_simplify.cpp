// kepler simplify "EXPR": the smallest equivalent form by equality saturation, optionally with
// Graphviz pictures of the result and of the saturated e-graph.
#include <fmt/format.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "engine/atomic_file.hpp"
#include "apps/commands.hpp"
#include "egraph/graphviz.hpp"
#include "egraph/simplify.hpp"
#include "engine/error.hpp"
#include "engine/parse.hpp"
#include "engine/print.hpp"
#include "search/reading_order.hpp"

namespace kepler::cli {
namespace {

struct SimplifyCommandOptions {
  std::string expression;
  std::vector<std::string> positive;
  bool all_positive = false;
  std::string format = "infix";
  std::size_t iterations = 30;
  std::size_t max_nodes = 100'000;
  double time = 2.0;
  std::string dot;
  std::string egraph_dot;
  bool report = false;
};

Format parse_format(const std::string& name) {
  if (name == "infix") return Format::Infix;
  if (name == "sympy") return Format::Sympy;
  if (name == "latex") return Format::Latex;
  throw InputError("option --format", "expected infix, sympy or latex, got '" + name + "'");
}

int run_simplify(const SimplifyCommandOptions& o) {
  const Format format = parse_format(o.format);
  if (!(o.time > 0.0)) throw InputError("option --time", "must be positive");
  if (o.iterations == 0) throw InputError("option --iterations", "must be at least 1");
  ParseOptions parse_options;
  parse_options.unknown_names_are_variables = true;
  const ParsedExpr parsed = parse(o.expression, parse_options);
  const auto& names = parsed.variable_names;
  const Symbols symbols{names, {}};

  egraph::SimplifyOptions options;
  options.limits.iterations = o.iterations;
  options.limits.nodes = o.max_nodes;
  options.limits.seconds = o.time;
  options.positive_variables.assign(names.size(), o.all_positive);
  for (const std::string& name : o.positive) {
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
      throw InputError("option --positive", "'" + name + "' is not a variable of the expression");
    }
    options.positive_variables[static_cast<std::size_t>(it - names.begin())] = true;
  }

  const egraph::Simplifier simplifier(options);
  const egraph::Simplified result = simplifier.simplify(parsed.expr);
  const Expr readable = reading_order(result.expr);
  fmt::print("{}\n", to_string(readable, format, symbols));
  if (o.report) {
    fmt::print("{} after {} iterations: {} e-nodes, {} e-classes, {:.3f} s\n",
               egraph::to_string(result.report.stop_reason), result.report.iterations, result.report.nodes,
               result.report.classes, result.report.seconds);
    if (result.report.conflicts > 0) {
      fmt::print("{} merges of different numbers refused (a rule is unsound)\n", result.report.conflicts);
    }
  }
  if (!o.dot.empty()) {
    std::ostringstream text;
    egraph::write_dot(text, readable, symbols);
    write_file_atomically(o.dot, text.str());
  }
  if (!o.egraph_dot.empty()) {  // the saturated graph itself, rebuilt only when asked for
    egraph::EGraph graph(egraph::EGraphOptions{options.positive_variables, false, options.nonzero_variables});
    (void)graph.add(parsed.expr);
    (void)egraph::saturate(graph, egraph::all_rules(), options.limits);
    std::ostringstream text;
    egraph::write_dot(text, graph, symbols);
    write_file_atomically(o.egraph_dot, text.str());
  }
  return kSuccess;
}

}  // namespace

Action add_simplify_command(CLI::App& app) {
  auto o = std::make_shared<SimplifyCommandOptions>();
  auto* command = app.add_subcommand("simplify", "Simplify an expression by equality saturation (e-graph)");
  command->add_option("expression", o->expression, "Expression; unknown names are variables")->required();
  command->add_option("--positive", o->positive, "Variables known to be positive (comma-separated)")
      ->delimiter(',');
  command->add_flag("--all-positive", o->all_positive, "Every variable is positive");
  command->add_option("--format", o->format, "infix, sympy or latex")->capture_default_str();
  command->add_option("--iterations", o->iterations, "Saturation iteration limit")->capture_default_str();
  command->add_option("--max-nodes", o->max_nodes, "E-node limit")->capture_default_str();
  command->add_option("--time", o->time, "Time limit in seconds")->capture_default_str();
  command->add_option("--dot", o->dot, "Write the simplified expression tree as Graphviz to this file");
  command->add_option("--egraph-dot", o->egraph_dot, "Write the saturated e-graph as Graphviz to this file");
  command->add_flag("--report", o->report, "Print the saturation's stop reason and size");
  return [command, o]() -> int { return command->parsed() ? run_simplify(*o) : -1; };
}

}  // namespace kepler::cli
