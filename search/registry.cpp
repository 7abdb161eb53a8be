#include <fmt/ranges.h>

#include "engine/error.hpp"
#include "search/enumerate/enumerate_search.hpp"
#include "search/gp/gp_search.hpp"
#include "search/mcts/mcts_search.hpp"
#include "search/method.hpp"
#include "search/portfolio/portfolio_search.hpp"
#ifdef KEPLER_WITH_NEURAL
#include "search/neural/neural_search.hpp"
#endif

namespace kepler {

std::span<const Method> methods() {
  static const std::vector<Method> table = {
      method_entry<gp::GpSearch, gp::GpOptions>(
          "gp", "genetic programming: islands of aging-evolution populations, ring migration, a shared front",
          "kepler::gp::GpOptions"),
      method_entry<mcts::MctsSearch, mcts::MctsOptions>(
          "mcts",
          "Monte-Carlo tree search over the grammar: UCT with the best reward beside the mean, rollouts drawn by double "
          "Q-learning, sub-tree discovery into the grammar and into frames, e-graph transpositions, independent trees",
          "kepler::mcts::MctsOptions"),
      method_entry<enumerate::EnumerateSearch, enumerate::EnumerateOptions>(
          "enumerate",
          "exhaustive enumeration of small forms: every form up to a size, bottom-up in order of size, each e-graph "
          "equivalence class once, constants fitted",
          "kepler::enumerate::EnumerateOptions"),
      method_entry<portfolio::PortfolioSearch, portfolio::PortfolioOptions>(
          "portfolio",
          "the enumerator, GP and tree search in one context: one front, one cache, one budget, split by what each "
          "adds to the front; a stagnating run restarts its idlest member",
          "kepler::portfolio::PortfolioOptions"),
#ifdef KEPLER_WITH_NEURAL
      method_entry<neural::NeuralSearch, neural::NeuralOptions>(
          "neural",
          "neural-guided search: a recurrent policy trained by risk-seeking policy gradient, seeding short GP runs "
          "(NGGP), rewards shared across e-graph-equivalent samples",
          "kepler::neural::NeuralOptions"),
#endif
  };
  return table;
}

std::vector<std::string> search_names() {
  std::vector<std::string> names;
  for (const Method& m : methods()) names.emplace_back(m.name);
  return names;
}

const Method& find_method(std::string_view name) {
  for (const Method& m : methods()) {
    if (m.name == name) return m;
  }
  throw InputError("method", "unknown search method '" + std::string(name) +
                                 "' (known: " + fmt::format("{}", fmt::join(search_names(), ", ")) + ")");
}

void validate_method_options(const Method& method, const std::any& options) {
  if (!options.has_value()) return;
  if (options.type() != *method.options_typeid) {
    throw InputError("method_options", "method '" + std::string(method.name) + "' takes " +
                                           std::string(method.options_type) + ", given another type");
  }
  method.validate(options);
}

std::unique_ptr<Search> make_search(std::string_view name, const std::any& options) {
  const Method& method = find_method(name);
  validate_method_options(method, options);
  return method.make(options.has_value() ? options : method.default_options());
}

}  // namespace kepler
