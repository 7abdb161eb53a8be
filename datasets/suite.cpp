#include "datasets/suite.hpp"

#include <fmt/ranges.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

#include "engine/error.hpp"

namespace kepler::datasets {
namespace detail {
std::string_view embedded_suite(std::string_view name);  // generated from datasets/suites/*.json
}  // namespace detail

namespace {

using nlohmann::json;

// The classic file's suite labels, by the names users type.
const std::map<std::string, std::string, std::less<>>& classic_suites() {
  static const std::map<std::string, std::string, std::less<>> names = {
      {"nguyen", "Nguyen"},         {"nguyen-c", "Nguyen-c (DSR Constant)"},
      {"nguyen-c-spl", "Nguyen-c (SPL)"}, {"livermore", "Livermore"},
      {"keijzer", "Keijzer"},       {"jin", "Jin"},
      {"korns", "Korns"},           {"r", "R-rationals"},
      {"strogatz", "Strogatz"}};
  return names;
}

// DSO's published function sets, named in each problem's "source" (function_set=...).
std::string function_set(std::string_view source) {
  const auto at = source.find("function_set=");
  if (at == std::string_view::npos) return {};
  std::string_view name = source.substr(at + 13);
  name = name.substr(0, name.find_first_of(" ;,)"));
  if (name == "Koza" || name == "CKoza") return "+,-,*,/,sin,cos,exp,log";
  if (name == "Keijzer") return "+,*,neg,inv,sqrt";
  if (name == "Korns") return "+,-,*,/,sin,cos,exp,log,square,cube,sqrt,tan,tanh";
  if (name == "Jin") return "+,-,*,/,sin,cos,exp,square,cube";
  return {};
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string slug(std::string_view suite_label) {
  for (const auto& [name, label] : classic_suites()) {
    if (label == suite_label) return name;
  }
  return lower(suite_label);
}

// One classic split: U (uniform box), E (grid) or T (trajectory samples; only their bounding box
// is published, so uniform inside it).
SplitSpec classic_split(const std::string& name, const json& spec, const std::vector<std::string>& vars) {
  SplitSpec split;
  split.name = name;
  split.rows = spec.at("n").get<std::size_t>();
  const std::string sampling = spec.at("sampling").get<std::string>();
  for (std::size_t j = 0; j < vars.size(); ++j) {
    VariableSpec v;
    v.name = vars[j];
    const auto bound = [&](const char* key) {
      const json& b = spec.at(key);
      return b.is_array() ? b.at(j).get<double>() : b.get<double>();
    };
    v.low = bound("low");
    v.high = bound("high");
    v.sign = Sign::Positive;  // the bounds carry the sign
    if (sampling == "E") {
      v.law = Law::Grid;
      v.step = spec.contains("step") ? spec.at("step").get<double>() : 0.0;
    } else {
      v.law = Law::Uniform;
    }
    split.variables.push_back(std::move(v));
  }
  return split;
}

// More input variables than any benchmark has: a typo, not a problem to generate.
constexpr std::size_t kMaxVariables = 1'000;

std::vector<ProblemSpec> classic_problems(const json& problems, std::string_view wanted_label,
                                          const std::string& source) {
  std::vector<ProblemSpec> out;
  for (const json& p : problems) {
    const std::string label = p.at("suite").get<std::string>();
    if (!wanted_label.empty() && label != wanted_label) continue;
    ProblemSpec spec;
    spec.id = p.at("name").get<std::string>();
    spec.suite = slug(label);
    spec.category = spec.suite;
    spec.target = "y";
    spec.formula = p.at("formula").get<std::string>();
    const auto n = p.at("n_vars").get<std::size_t>();
    if (n > kMaxVariables) {
      throw InputError(source, fmt::format("problem {}: n_vars {} is more than {}", spec.id, n, kMaxVariables));
    }
    for (std::size_t j = 0; j < n; ++j) spec.variables.push_back("x" + std::to_string(j + 1));
    spec.splits.push_back(classic_split("train", p.at("train"), spec.variables));
    spec.splits.push_back(classic_split("test", p.contains("test") ? p.at("test") : p.at("train"), spec.variables));
    spec.operators = function_set(p.value("source", std::string{}));
    out.push_back(std::move(spec));
  }
  return out;
}

std::vector<ProblemSpec> srsd_problems(const json& root, std::string_view category) {
  std::vector<ProblemSpec> out;
  for (const json& p : root.at("problems")) {
    const std::string cat = p.at("category").get<std::string>();
    if (!category.empty() && cat != category) continue;
    ProblemSpec spec;
    spec.id = p.at("id").get<std::string>();
    spec.suite = "srsd-" + cat;
    spec.category = cat;
    spec.target = p.at("target").get<std::string>();
    spec.formula = p.at("formula").get<std::string>();
    std::vector<VariableSpec> laws;
    for (const json& v : p.at("variables")) {
      VariableSpec law;
      law.name = v.at("name").get<std::string>();
      const std::string sampling = v.at("sampling").get<std::string>();
      law.law = sampling == "log_uniform"       ? Law::LogUniform
                : sampling == "integer_uniform" ? Law::IntegerUniform
                                                : Law::Uniform;
      const std::string sign = v.at("sign").get<std::string>();
      law.sign = sign == "both" ? Sign::Both : sign == "negative" ? Sign::Negative : Sign::Positive;
      law.low = v.at("low").get<double>();
      law.high = v.at("high").get<double>();
      spec.variables.push_back(law.name);
      laws.push_back(std::move(law));
    }
    if (spec.target == "y" || std::find(spec.variables.begin(), spec.variables.end(), spec.target) != spec.variables.end()) {
      spec.target += "_out";
    }
    for (const char* name : {"train", "val", "test"}) {
      spec.splits.push_back({name, p.at("split").at(name).get<std::size_t>(), laws});
    }
    if (p.contains("ned_gt_tree")) {
      spec.reference_tree_size = p.at("ned_gt_tree").value("nodes_after_repo_preprocessing", std::size_t{0});
    }
    out.push_back(std::move(spec));
  }
  return out;
}

std::vector<ProblemSpec> select(const json& root, std::string_view name, const std::string& source) {
  const std::string wanted = lower(name);
  const bool srsd_file = root.is_object() && root.contains("problems");
  if (srsd_file) {
    if (wanted.empty() || wanted == "srsd") return srsd_problems(root, {});
    if (wanted.rfind("srsd-", 0) == 0) {
      auto problems = srsd_problems(root, std::string_view(wanted).substr(5));
      if (!problems.empty()) return problems;
    }
    return {};
  }
  if (!root.is_array()) throw InputError(source, "expected a JSON array of problems or an object with \"problems\"");
  if (wanted.empty()) return classic_problems(root, {}, source);
  const auto it = classic_suites().find(wanted);
  if (it == classic_suites().end()) return {};
  return classic_problems(root, it->second, source);
}

json parse_json(std::string_view text, const std::string& source) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    throw InputError(source, std::string("invalid JSON: ") + e.what());
  }
}

}  // namespace

std::vector<std::string> suite_names() {
  std::vector<std::string> names{"srsd-easy", "srsd-medium", "srsd-hard", "srsd"};
  for (const auto& [name, label] : classic_suites()) names.push_back(name);
  return names;
}

std::vector<ProblemSpec> load_suite(std::string_view name) {
  const std::string wanted = lower(name);
  const bool srsd = wanted == "srsd" || wanted.rfind("srsd-", 0) == 0;
  const std::string file = srsd ? "srsd_feynman" : "classic_benchmarks";
  std::vector<ProblemSpec> problems;
  try {
    problems = select(parse_json(detail::embedded_suite(file), file + ".json"), wanted, file + ".json");
  } catch (const json::exception& e) {
    throw InputError(file + ".json", std::string("malformed suite definition: ") + e.what());
  }
  if (problems.empty()) {
    throw InputError("suite " + std::string(name),
                     "unknown suite (known: " + fmt::format("{}", fmt::join(suite_names(), ", ")) + ")");
  }
  return problems;
}

std::vector<ProblemSpec> parse_suite(std::string_view text, const std::string& source, std::string_view name) {
  std::vector<ProblemSpec> problems;
  try {
    problems = select(parse_json(text, source), name, source);
  } catch (const json::exception& e) {
    throw InputError(source, std::string("malformed suite definition: ") + e.what());
  }
  if (problems.empty()) throw InputError(source, "no problems" + (name.empty() ? std::string() : " of suite " + std::string(name)));
  return problems;
}

std::vector<ProblemSpec> load_suite_file(const std::filesystem::path& path, std::string_view name) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string(), "cannot open the suite file");
  std::stringstream text;
  text << in.rdbuf();
  return parse_suite(text.str(), path.string(), name);
}

}  // namespace kepler::datasets
