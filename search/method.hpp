// The registered search methods, as a table: each entry names a method, says what it is, and knows
// its options — a struct of the method's own (gp::GpOptions, ...), carried type-erased as std::any
// so that DiscoverOptions and front ends can hold any method's settings — how to check them, and
// how to build the search from them.
//
//   gp::GpOptions gp;
//   gp.islands = 4;
//   DiscoverOptions options;
//   options.method = "gp";
//   options.method_options = gp;    // empty: the method's defaults
#pragma once

#include <any>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "search/search.hpp"

namespace kepler {

struct Method {
  std::string_view name;
  std::string_view description;
  std::string_view options_type;  // the C++ type of its options, for error messages
  const std::type_info* options_typeid;
  std::function<std::any()> default_options;
  // Throws InputError naming the field ("gp.population") and the broken rule.
  std::function<void(const std::any&)> validate;
  std::function<std::unique_ptr<Search>(const std::any&)> make;
};

// Every registered method, in registration order.
[[nodiscard]] std::span<const Method> methods();
// The method called `name`; throws InputError("method", ...) listing the known ones.
[[nodiscard]] const Method& find_method(std::string_view name);
// Throws InputError("method_options", ...) when `options` is neither empty nor of the method's
// options type, and whatever the method's validation throws.
void validate_method_options(const Method& method, const std::any& options);
// The search, built from `options` (empty: the defaults), validated first.
[[nodiscard]] std::unique_ptr<Search> make_search(std::string_view name, const std::any& options = {});

// The registered methods' names ("gp", ...).
[[nodiscard]] std::vector<std::string> search_names();

// A table entry for a method whose options are `Options` (with validate()) and whose search is
// `S` (constructible from Options).
template <typename S, typename Options>
[[nodiscard]] Method method_entry(std::string_view name, std::string_view description, std::string_view options_type) {
  return Method{name,
                description,
                options_type,
                &typeid(Options),
                [] { return std::any(Options{}); },
                [](const std::any& o) { std::any_cast<const Options&>(o).validate(); },
                [](const std::any& o) -> std::unique_ptr<Search> {
                  return std::make_unique<S>(std::any_cast<const Options&>(o));
                }};
}

}  // namespace kepler
