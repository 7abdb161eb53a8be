#include <fmt/ranges.h>

#include <memory>

#include "engine/error.hpp"
#include "search/gp/gp_search.hpp"
#include "search/search.hpp"

namespace kepler {

std::vector<std::string> search_names() { return {"gp"}; }

std::unique_ptr<Search> make_search(std::string_view name) {
  if (name == "gp") return std::make_unique<gp::GpSearch>();
  throw InputError("option --method", "unknown search method '" + std::string(name) +
                                          "' (known: " + fmt::format("{}", fmt::join(search_names(), ", ")) + ")");
}

}  // namespace kepler
