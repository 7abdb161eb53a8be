#include "apps/fit_checkpoint.hpp"

#include <fstream>
#include <sstream>

#include "engine/error.hpp"
#include "engine/expr_records.hpp"
#include "engine/parse.hpp"
#include "engine/print.hpp"

namespace kepler::cli {
namespace {

using nlohmann::json;

// The first of c, k, q, c_, ... such that no variable is called prefix + digits.
std::string constant_prefix(const std::vector<std::string>& variables) {
  const auto clashes = [&](const std::string& prefix) {
    for (const std::string& name : variables) {
      if (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
          name.find_first_not_of("0123456789", prefix.size()) == std::string::npos) {
        return true;
      }
    }
    return false;
  };
  std::string prefix = "c";
  while (clashes(prefix)) prefix += '_';
  return prefix;
}

}  // namespace

json settings_json(const FitSettings& s) {
  return {{"data", s.data},         {"target", s.target},
          {"weights", s.weights},   {"ops", s.ops},
          {"method", s.method},     {"time", s.time},
          {"max_evals", s.max_evals}, {"max_size", s.max_size},
          {"seed", s.seed},         {"loss", s.loss},
          {"early_stop", s.early_stop}, {"validation", s.validation},
          {"mini_batch", s.mini_batch}, {"egraph", s.egraph},
          {"polynomial", s.polynomial}, {"column_scaling", s.column_scaling},
          {"seed_equations", s.seed_equations}};
}

json cores_json(const std::vector<ParetoEntry>& cores, const std::vector<std::string>& variables) {
  const std::string prefix = constant_prefix(variables);
  json out = json::array();
  for (const ParetoEntry& entry : cores) {
    const std::vector<double> values = entry.expr.parameters();
    std::vector<std::string> names;
    json constants = json::object();
    for (std::size_t slot = 0; slot < values.size(); ++slot) {
      names.push_back(prefix + std::to_string(slot));
      constants[names.back()] = values[slot];
    }
    json nodes = json::array();
    for (const NodeRecord& r : to_records(entry.expr)) nodes.push_back(json::array({r.kind, r.index, r.value}));
    out.push_back({{"expr", to_infix(entry.expr, {variables, names})},
                   {"constants", constants},
                   {"loss", entry.loss},
                   {"complexity", entry.complexity},
                   {"nodes", nodes}});
  }
  return out;
}

Checkpoint read_checkpoint(const std::filesystem::path& dir) {
  const std::filesystem::path path = dir / "result.json";
  const std::string source = path.string();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(source, "cannot open the checkpoint of the run to resume");
  std::stringstream text;
  text << in.rdbuf();
  Checkpoint out;
  try {
    const json root = json::parse(text.str());
    if (!root.contains("run") || !root.contains("search_front")) {
      throw InputError(source, "has no \"run\" and \"search_front\": not written by kepler fit --out of this version");
    }
    const json& run = root.at("run");
    FitSettings& s = out.settings;
    s.data = run.at("data").get<std::string>();
    s.target = run.at("target").get<std::string>();
    s.weights = run.at("weights").get<std::string>();
    s.ops = run.at("ops").get<std::string>();
    s.method = run.at("method").get<std::string>();
    s.time = run.at("time").get<double>();
    s.max_evals = run.at("max_evals").get<std::uint64_t>();
    s.max_size = run.at("max_size").get<std::size_t>();
    s.seed = run.at("seed").get<std::uint64_t>();
    s.loss = run.at("loss").get<std::string>();
    s.early_stop = run.at("early_stop").get<double>();
    s.validation = run.at("validation").get<double>();
    // Checkpoints from before mini-batches screened at the default.
    s.mini_batch = run.contains("mini_batch") ? run.at("mini_batch").get<std::size_t>() : s.mini_batch;
    s.egraph = run.at("egraph").get<bool>();
    // Checkpoints from before the polynomial leaf searched without it.
    s.polynomial = run.contains("polynomial") ? run.at("polynomial").get<bool>() : false;
    // Checkpoints from before column scaling searched in data units.
    s.column_scaling = run.contains("column_scaling") ? run.at("column_scaling").get<bool>() : false;
    s.seed_equations = run.at("seed_equations").get<std::string>();
    out.rows = run.at("rows").get<std::size_t>();
    out.parts = run.at("parts").get<std::uint64_t>();
    out.variables = root.at("variables").get<std::vector<std::string>>();
    out.elapsed_seconds = root.at("elapsed_s").get<double>();
    out.evaluations = root.at("evaluations").get<std::uint64_t>();
    out.stop_reason = root.at("stop_reason").get<std::string>();
    std::size_t index = 0;
    for (const json& core : root.at("search_front")) {
      ++index;
      if (core.contains("nodes")) {  // the exact tree; "expr" is for people
        std::vector<NodeRecord> records;
        for (const json& r : core.at("nodes")) {
          records.push_back({r.at(0).get<std::string>(), r.at(1).get<std::uint32_t>(), r.at(2).get<double>()});
        }
        try {
          out.cores.push_back(from_records(records));
        } catch (const std::invalid_argument& e) {
          throw InputError(source + ": search_front[" + std::to_string(index - 1) + "]", e.what());
        }
        continue;
      }
      ParseOptions options;
      options.variables = out.variables;
      options.unknown_names_are_parameters = true;
      options.source = source + ": search_front[" + std::to_string(index - 1) + "]";
      ParsedExpr parsed = parse(core.at("expr").get<std::string>(), options);
      std::vector<double> values;
      for (const std::string& name : parsed.parameter_names) {
        const json& constants = core.at("constants");
        if (!constants.contains(name)) throw InputError(options.source, "no value for the constant " + name);
        values.push_back(constants.at(name).get<double>());
      }
      parsed.expr.set_parameters(values);
      out.cores.push_back(std::move(parsed.expr));
    }
  } catch (const json::exception& e) {
    throw InputError(source, std::string("malformed checkpoint: ") + e.what());
  }
  return out;
}

}  // namespace kepler::cli
