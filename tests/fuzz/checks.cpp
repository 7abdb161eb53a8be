#include "tests/fuzz/checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <random>

#include "datasets/generate.hpp"
#include "datasets/suite.hpp"
#include "egraph/simplify.hpp"
#include "engine/csv.hpp"
#include "engine/error.hpp"
#include "engine/gzip.hpp"
#include "engine/parse.hpp"
#include "engine/print.hpp"
#include "tests/engine/latex_reader.hpp"
#include "tests/engine/test_support.hpp"

namespace kepler::fuzz {
namespace {

constexpr std::size_t kMaxInput = 4'096;  // longer texts only slow the search down

struct Parsed {
  Expr expr;
  std::vector<std::string> variables;
};

std::optional<Parsed> parse_input(std::string_view input) {
  if (input.size() > kMaxInput) return std::nullopt;
  ParseOptions options;
  options.unknown_names_are_variables = true;
  try {
    ParsedExpr parsed = parse(input, options);
    return Parsed{std::move(parsed.expr), std::move(parsed.variable_names)};
  } catch (const InputError&) {
    return std::nullopt;
  }
}

// Sample points drawn from the input's own hash, so a finding replays.
std::vector<std::vector<double>> sample_points(std::string_view input, std::size_t variables, bool positive) {
  std::mt19937_64 rng(std::hash<std::string_view>{}(input));
  std::uniform_real_distribution<double> coordinate(positive ? 0.05 : -3.0, 3.0);
  std::vector<std::vector<double>> points(4, std::vector<double>(variables));
  for (auto& point : points) {
    for (double& v : point) v = coordinate(rng);
  }
  return points;
}

// `other` must compute the input's values wherever the input stays in the double range. With
// `other_may_leave_range` (a rewritten form), points where `other` itself leaves the range are
// skipped too — a*log(x) = log(x^a) is exact in the reals, but x^a overflows where a*log(x) does
// not. (So a rewritten form that leaves the range at every sample point goes unchecked there.)
void expect_same_values(const Expr& original, const Expr& other, std::string_view input, std::size_t variables,
                        const std::string& what, bool positive = false, bool other_may_leave_range = false) {
  for (const auto& x : sample_points(input, variables, positive)) {
    const test::Reference reference = test::reference_value(original, x);
    if (!std::isfinite(reference.value) || !reference.stable || !test::stays_in_range(original, x)) continue;
    if (other_may_leave_range && !test::stays_in_range(other, x)) continue;
    const double got = evaluate_point(other, x);
    if (!test::close(got, reference.value, 1e-6, 1e-300)) {
      throw Finding(fmt::format("{}: {} at [{}] is {}, the input {}", what, to_infix(other), fmt::join(x, ", "), got,
                                reference.value));
    }
  }
}

}  // namespace

void check_print_round_trip(std::string_view input) {
  const auto parsed = parse_input(input);
  if (!parsed) return;
  const Symbols symbols{parsed->variables, {}};
  for (const Format format : {Format::Infix, Format::Sympy, Format::Latex}) {
    const std::string text = to_string(parsed->expr, format, symbols);
    Expr back;
    try {
      if (format == Format::Latex) {
        back = test::read_latex(text, parsed->variables);
      } else {
        ParseOptions options;
        options.variables = parsed->variables;
        back = parse(text, options).expr;
      }
    } catch (const std::exception& error) {
      throw Finding(fmt::format("printed '{}' does not read back: {}", text, error.what()));
    }
    // The printer writes a constant pi/3 as `pi / 3` and a product's factors in reading order, so
    // the printed text may regroup: 1e308 * -pi / 3 overflows where 1e308 * -1.047 does not.
    expect_same_values(parsed->expr, back, input, parsed->variables.size(), fmt::format("printed '{}'", text),
                       /*positive=*/false, /*other_may_leave_range=*/true);
    if (format == Format::Infix) {
      const std::string again = to_infix(back, symbols);
      ParseOptions options;
      options.variables = parsed->variables;
      if (to_infix(parse(again, options).expr, symbols) != again) {
        throw Finding(fmt::format("'{}' does not print back the same", again));
      }
    }
  }
}

void check_simplify(std::string_view input) {
  const auto parsed = parse_input(input);
  if (!parsed || parsed->expr.size() > 200) return;
  for (const bool positive : {false, true}) {
    egraph::SimplifyOptions options;
    options.limits = {.iterations = 6, .nodes = 2'000, .seconds = 0.05};
    if (positive) options.positive_variables.assign(parsed->variables.size(), true);
    const egraph::Simplified result = egraph::Simplifier(options).simplify(parsed->expr);
    if (result.report.conflicts > 0) {
      throw Finding(fmt::format("simplifying '{}' tried {} merges of different numbers", input, result.report.conflicts));
    }
    expect_same_values(parsed->expr, result.expr, input, parsed->variables.size(),
                       fmt::format("'{}' simplified", to_infix(parsed->expr, {parsed->variables, {}})), positive,
                       /*other_may_leave_range=*/true);
  }
}

void check_parse(std::string_view input) {
  if (input.size() > kMaxInput) return;
  const std::size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return;
  std::vector<std::string> variables;
  for (std::string_view names = input.substr(0, newline); !names.empty();) {
    const std::size_t comma = std::min(names.find(','), names.size());
    variables.emplace_back(names.substr(0, comma));
    names.remove_prefix(std::min(comma + 1, names.size()));
  }
  const std::string_view text = input.substr(newline + 1);
  for (const bool parameters : {true, false}) {
    ParseOptions options;
    options.variables = variables;
    options.unknown_names_are_parameters = parameters;
    options.initial_parameter_value = 1.25;
    ParsedExpr parsed;
    try {
      parsed = parse(text, options);
    } catch (const InputError&) {
      continue;
    } catch (const std::exception& error) {
      throw Finding(fmt::format("parser threw '{}' instead of an InputError", error.what()));
    }
    const Expr& expr = parsed.expr;
    if (expr.empty()) throw Finding("parser returned an empty expression");
    if (!parameters && expr.parameter_count() > 0) throw Finding("free constants where unknown names are errors");
    if (expr.parameter_count() != parsed.parameter_names.size()) {
      throw Finding(fmt::format("{} parameter slots for {} names", expr.parameter_count(), parsed.parameter_names.size()));
    }
    for (const Node& node : expr.nodes()) {
      if (node.op == Op::Var && node.index >= variables.size()) {
        throw Finding(fmt::format("variable column {} of {}", node.index, variables.size()));
      }
    }
    (void)Expr(std::vector<Node>(expr.nodes().begin(), expr.nodes().end()));  // well-formed or throws
    // Printed with its names, the expression reads back as the same function. Names that are
    // not identifiers (the first line is free text) cannot be printed readably: skip those.
    const auto readable = [](const std::string& name) {
      return !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_') &&
             std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
    };
    if (!std::all_of(variables.begin(), variables.end(), readable)) continue;
    const std::string printed = to_infix(expr, {variables, parsed.parameter_names});
    ParsedExpr back;
    try {
      back = parse(printed, options);
    } catch (const std::exception& error) {
      throw Finding(fmt::format("printed '{}' does not read back: {}", printed, error.what()));
    }
    for (const std::string& name : back.parameter_names) {
      if (std::find(parsed.parameter_names.begin(), parsed.parameter_names.end(), name) == parsed.parameter_names.end()) {
        throw Finding(fmt::format("printed '{}' has a constant {} the input lacks", printed, name));
      }
    }
    expect_same_values(expr, back.expr, input, variables.size(), fmt::format("printed '{}'", printed));
  }
}

void check_suite_json(std::string_view input) {
  if (input.size() > 1 << 20) return;
  std::vector<datasets::ProblemSpec> problems;
  try {
    problems = datasets::parse_suite(input, "fuzz.json");
  } catch (const InputError&) {
    return;
  } catch (const std::exception& error) {
    throw Finding(fmt::format("suite loader threw '{}' instead of an InputError", error.what()));
  }
  for (const datasets::ProblemSpec& spec : problems) {
    try {
      (void)datasets::truth_expr(spec);
    } catch (const InputError&) {
    } catch (const std::exception& error) {
      throw Finding(fmt::format("ground truth of {} threw '{}' instead of an InputError", spec.id, error.what()));
    }
  }
}

void check_csv(std::string_view input) {
  if (input.size() > 1 << 20) return;
  const std::string bytes(input);
  // Read as it is, and with its first column as the weights (a table can then lack inputs).
  const std::string first_name(input.substr(0, input.find_first_of(",;\t\r\n")));
  for (const CsvOptions& options : {CsvOptions{}, CsvOptions{"", first_name}}) {
    try {
      if (is_gzip(bytes)) {
        (void)parse_csv(gunzip(bytes, "fuzz.csv.gz"), options, "fuzz.csv.gz");
      } else {
        (void)parse_csv(bytes, options, "fuzz.csv");
      }
    } catch (const InputError&) {
      // A located error is the right answer to bad input.
    } catch (const std::exception& error) {
      throw Finding(fmt::format("CSV reader threw '{}' instead of an InputError", error.what()));
    }
  }
}

}  // namespace kepler::fuzz
