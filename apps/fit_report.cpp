#include "apps/fit_report.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "apps/fit_checkpoint.hpp"
#include "engine/atomic_file.hpp"
#include "engine/error.hpp"
#include "engine/print.hpp"

namespace kepler::cli {
namespace {

std::string csv_quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string number(double v) { return std::isfinite(v) ? fmt::format("{}", v) : std::string(); }

nlohmann::json equation_json(const Discovery& found, const Equation& eq) {
  const auto finite_or_null = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); };
  return {{"equation", found.infix(eq)},      {"readable", found.readable(eq)}, {"sympy", found.sympy(eq)},
          {"latex", found.latex(eq)},         {"complexity", eq.complexity},
          {"loss", finite_or_null(eq.loss)},  {"r2_train", finite_or_null(eq.r2_train)},
          {"r2_val", finite_or_null(eq.r2_val)}, {"loss_val", finite_or_null(eq.loss_val)},
          {"score", finite_or_null(eq.score)}};
}

}  // namespace

ProgressPrinter::ProgressPrinter(std::vector<std::string> variables)
    : variables_(std::move(variables)), terminal_(::isatty(STDERR_FILENO) == 1) {}

void ProgressPrinter::operator()(const Progress& p) {
  const std::string best = p.best.empty() ? "-" : to_infix(p.best, {variables_, {}});
  const std::string line = fmt::format("[{:6.1f}/{:.0f} s] {:>9.0f} evals/s  best loss {:.3e}  {}",
                                       p.elapsed_seconds, p.limit_seconds,
                                       p.evaluations_per_second, p.best_loss, best);
  if (terminal_) {
    constexpr std::size_t kWidth = 110;
    fmt::print(stderr, "\r{:<{}}", line.substr(0, kWidth), kWidth);
    std::fflush(stderr);
    drew_ = true;
  } else if (p.elapsed_seconds - last_plain_ >= 5.0) {
    last_plain_ = p.elapsed_seconds;
    fmt::print(stderr, "{}\n", line);
  }
}

void ProgressPrinter::finish() {
  if (drew_) fmt::print(stderr, "\n");
}

std::string pareto_table(const Discovery& found) {
  std::string out = fmt::format("Pareto front of {} (* marks the chosen best)\n", found.target);
  out += fmt::format("  {:>10}  {:>12}  {:>10}  {:>10}  {}\n", "complexity", "loss", "r2_train",
                     "r2_val", "equation");
  for (std::size_t i = 0; i < found.pareto.size(); ++i) {
    const Equation& eq = found.pareto[i];
    const std::string val = std::isfinite(eq.r2_val) ? fmt::format("{:.6f}", eq.r2_val) : "-";
    out += fmt::format("{} {:>10}  {:>12.6g}  {:>10.6f}  {:>10}  {} = {}\n",
                       i == found.best ? '*' : ' ', eq.complexity, eq.loss, eq.r2_train, val,
                       found.target, found.readable(eq));
  }
  return out;
}

std::string pareto_csv(const Discovery& found) {
  std::string out = "complexity,loss,r2_train,r2_val,score,equation,sympy,latex\n";
  for (const Equation& eq : found.pareto) {
    out += fmt::format("{},{},{},{},{},{},{},{}\n", eq.complexity, number(eq.loss),
                       number(eq.r2_train), number(eq.r2_val), number(eq.score),
                       csv_quote(found.infix(eq)), csv_quote(found.sympy(eq)),
                       csv_quote(found.latex(eq)));
  }
  return out;
}

nlohmann::json counters_json(const SearchReport& report) {
  nlohmann::json out = nlohmann::json::object();
  for (const Counter& c : report.counters) {
    if (c.value == std::floor(c.value) && std::abs(c.value) < 0x1p53) {
      out[c.name] = static_cast<std::int64_t>(c.value);
    } else {
      out[c.name] = c.value;
    }
  }
  return out;
}

std::string counters_line(const SearchReport& report) {
  std::string out;
  for (const Counter& c : report.counters) {
    if (!out.empty()) out += ", ";
    const bool seconds = c.name.ends_with("_seconds");
    out += seconds ? fmt::format("{} {:.2f}", c.name, c.value) : fmt::format("{} {:.0f}", c.name, c.value);
  }
  return out;
}

std::string result_json(const Discovery& found, const RunRecord& record) {
  nlohmann::json pareto = nlohmann::json::array();
  for (const Equation& eq : found.pareto) pareto.push_back(equation_json(found, eq));
  nlohmann::json column_scales = nlohmann::json::object();
  for (const auto& [name, exponent] : found.scaled_columns()) column_scales[name] = exponent;
  nlohmann::json out = {
      {"target", found.target},
      {"variables", found.variables},
      {"best", found.pareto.empty() ? nlohmann::json() : equation_json(found, found.pareto[found.best])},
      {"pareto", pareto},
      {"elapsed_s", record.elapsed_before + found.report.seconds},
      {"evaluations", record.evaluations_before + found.report.evaluations},
      {"seed", record.seed},
      {"stop_reason", std::string(to_string(found.report.stop_reason))},
      {"counters", counters_json(found.report)},
      {"run", record.run},
      {"search_front", cores_json(found.cores, found.variables)},
      {"column_scales", column_scales},
  };
  return out.dump(2) + "\n";
}

void write_results(const std::filesystem::path& dir, const Discovery& found, const RunRecord& record) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw InputError(dir.string(), "cannot create directory: " + ec.message());
  write_file_atomically(dir / "pareto.csv", pareto_csv(found));
  write_file_atomically(dir / "result.json", result_json(found, record));
}

}  // namespace kepler::cli
