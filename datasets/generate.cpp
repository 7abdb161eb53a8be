#include "datasets/generate.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <random>

#include "engine/error.hpp"
#include "engine/evaluator.hpp"
#include "engine/parse.hpp"

namespace kepler::datasets {
namespace {

constexpr int kMaxRedraws = 1000;

// An independent stream per (problem, purpose, seed): FNV-1a of the text, mixed with the seed.
std::mt19937_64 stream(std::string_view problem, std::string_view purpose, std::uint64_t seed) {
  std::uint64_t h = 14695981039346656037ULL;
  for (const std::string_view part : {problem, std::string_view("/"), purpose}) {
    for (const char c : part) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ULL;
    }
  }
  std::seed_seq seq{static_cast<std::uint32_t>(h), static_cast<std::uint32_t>(h >> 32),
                    static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)};
  return std::mt19937_64(seq);
}

double draw(const VariableSpec& v, std::mt19937_64& rng) {
  double x = 0.0;
  switch (v.law) {
    case Law::Uniform: x = std::uniform_real_distribution<double>(v.low, v.high)(rng); break;
    case Law::LogUniform:
      x = std::pow(10.0, std::uniform_real_distribution<double>(std::log10(v.low), std::log10(v.high))(rng));
      break;
    case Law::IntegerUniform: {
      const auto low = static_cast<long long>(std::ceil(v.low));
      const auto high = static_cast<long long>(std::ceil(v.high)) - 1;  // exclusive upper bound
      x = static_cast<double>(std::uniform_int_distribution<long long>(low, std::max(low, high))(rng));
      break;
    }
    case Law::Grid: break;  // not drawn
  }
  if (v.sign == Sign::Negative) x = -x;
  if (v.sign == Sign::Both && std::bernoulli_distribution(0.5)(rng)) x = -x;
  return x;
}

std::vector<double> grid(const VariableSpec& v, std::size_t rows) {
  std::vector<double> points;
  if (v.step > 0.0) {
    const auto count = static_cast<std::size_t>(std::floor((v.high - v.low) / v.step + 1e-9)) + 1;
    for (std::size_t i = 0; i < count; ++i) points.push_back(v.low + static_cast<double>(i) * v.step);
  } else {
    for (std::size_t i = 0; i < rows; ++i) {
      points.push_back(rows == 1 ? v.low : v.low + (v.high - v.low) * static_cast<double>(i) / static_cast<double>(rows - 1));
    }
  }
  return points;
}

// SRSD drops targets that are not finite, overflow float32 or are below its smallest normal.
bool usable(double y) {
  return std::isfinite(y) && std::abs(y) <= static_cast<double>(FLT_MAX) && std::abs(y) >= static_cast<double>(FLT_MIN);
}

void add_noise(std::vector<double>& y, double level, std::mt19937_64& rng) {
  double sum_squares = 0.0;
  for (const double v : y) sum_squares += v * v;
  const double rms = std::sqrt(sum_squares / static_cast<double>(y.size()));
  std::normal_distribution<double> gauss(0.0, level * rms);
  for (double& v : y) v += gauss(rng);
}

Dataset draw_split(const ProblemSpec& spec, const SplitSpec& split, const Expr& truth, std::uint64_t seed,
                   double noise) {
  const std::size_t n_vars = split.variables.size();
  std::vector<std::vector<double>> columns(n_vars);
  std::vector<double> y;
  std::vector<double> point(n_vars);
  const bool on_grid = std::all_of(split.variables.begin(), split.variables.end(),
                                   [](const VariableSpec& v) { return v.law == Law::Grid; });
  if (on_grid) {
    // Cartesian product of the per-variable grids; rows where the truth is undefined are dropped.
    std::vector<std::vector<double>> axes;
    std::size_t total = 1;
    for (const auto& v : split.variables) {
      axes.push_back(grid(v, split.rows));
      total *= axes.back().size();
    }
    for (std::size_t r = 0; r < total; ++r) {
      std::size_t rest = r;
      for (std::size_t j = n_vars; j-- > 0;) {
        point[j] = axes[j][rest % axes[j].size()];
        rest /= axes[j].size();
      }
      const double value = evaluate_point(truth, point);
      if (!std::isfinite(value)) continue;
      for (std::size_t j = 0; j < n_vars; ++j) columns[j].push_back(point[j]);
      y.push_back(value);
    }
  } else {
    std::mt19937_64 rng = stream(spec.id, split.name, seed);
    for (std::size_t r = 0; r < split.rows; ++r) {
      double value = 0.0;
      int tries = 0;
      do {
        if (++tries > kMaxRedraws) {
          throw InputError("problem " + spec.id, "cannot draw a " + split.name + " row where " + spec.formula +
                                                     " is a finite float32 number");
        }
        for (std::size_t j = 0; j < n_vars; ++j) point[j] = draw(split.variables[j], rng);
        value = evaluate_point(truth, point);
      } while (!usable(value));
      for (std::size_t j = 0; j < n_vars; ++j) columns[j].push_back(point[j]);
      y.push_back(value);
    }
  }
  if (y.empty()) throw InputError("problem " + spec.id, "the " + split.name + " split has no finite row");
  if (noise > 0.0) {
    std::mt19937_64 rng = stream(spec.id, split.name + "/noise", seed);
    add_noise(y, noise, rng);
  }
  std::vector<std::string> names;
  for (const auto& v : split.variables) names.push_back(v.name);
  return Dataset(std::move(names), columns, spec.target, std::move(y));
}

}  // namespace

const Dataset* GeneratedProblem::split(std::string_view name) const {
  for (const auto& s : splits) {
    if (s.name == name) return &s.data;
  }
  return nullptr;
}

Expr truth_expr(const ProblemSpec& spec) {
  ParseOptions options;
  options.variables = spec.variables;
  options.source = "formula of " + spec.id;
  return parse(spec.formula, options).expr;
}

Dataset with_target_noise(const Dataset& data, double level, std::string_view key, std::uint64_t seed) {
  if (!(level >= 0.0) || !std::isfinite(level)) throw InputError("option --noise", "must be a non-negative number");
  if (level == 0.0 || data.rows() == 0) return data;
  std::vector<double> y(data.target().begin(), data.target().end());
  std::mt19937_64 rng = stream(key, "noise", seed);
  add_noise(y, level, rng);
  std::vector<std::vector<double>> columns;
  for (std::size_t j = 0; j < data.variables(); ++j) columns.emplace_back(data.column(j).begin(), data.column(j).end());
  return Dataset(data.variable_names(), columns, data.target_name(), std::move(y),
                 std::vector<double>(data.weights().begin(), data.weights().end()));
}

ProblemSpec with_dummy_variables(const ProblemSpec& spec, std::uint64_t seed) {
  std::mt19937_64 rng = stream(spec.id, "dummy", seed);
  ProblemSpec out = spec;
  const int count = std::uniform_int_distribution<int>(1, 3)(rng);
  const std::size_t n = spec.variables.size();
  std::vector<std::pair<std::size_t, VariableSpec>> dummies;
  for (int k = 0; k < count; ++k) {
    VariableSpec v;
    v.name = "dummy" + std::to_string(k + 1);
    while (std::find(spec.variables.begin(), spec.variables.end(), v.name) != spec.variables.end()) v.name += "_";
    const int j = std::uniform_int_distribution<int>(-32, 32)(rng);
    v.law = Law::LogUniform;
    v.low = std::pow(10.0, j - 1);
    v.high = std::pow(10.0, j + 1);
    v.sign = std::bernoulli_distribution(0.5)(rng) ? Sign::Both : Sign::Positive;
    dummies.emplace_back(std::uniform_int_distribution<std::size_t>(0, n)(rng), std::move(v));
  }
  // Inserted in descending order of position, so each position counts original columns.
  std::stable_sort(dummies.begin(), dummies.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (const auto& [position, v] : dummies) {
    out.variables.insert(out.variables.begin() + static_cast<std::ptrdiff_t>(position), v.name);
    for (auto& split : out.splits) {
      split.variables.insert(split.variables.begin() + static_cast<std::ptrdiff_t>(position), v);
    }
  }
  return out;
}

GeneratedProblem generate(const ProblemSpec& spec, const GenerateOptions& options) {
  if (!(options.noise >= 0.0) || !std::isfinite(options.noise)) {
    throw InputError("option --noise", "must be a non-negative number");
  }
  GeneratedProblem out;
  out.spec = options.dummy ? with_dummy_variables(spec, options.seed) : spec;
  const Expr truth = truth_expr(out.spec);
  for (const SplitSpec& split : out.spec.splits) {
    const double noise = split.name == "test" ? 0.0 : options.noise;
    out.splits.push_back({split.name, draw_split(out.spec, split, truth, options.seed, noise)});
  }
  return out;
}

}  // namespace kepler::datasets
