// Exhaustive enumeration of small forms: every form up to EnumerateOptions::max_size nodes, in
// order of size, generated bottom-up over the problem's operators and variables
// (search/enumerate/forms.hpp), each equivalence class once — a form whose canonical key an
// earlier one has is dropped, and only the first of each class builds larger forms — with its
// constants fitted and offered to the shared front. With linear scaling on, a form whose root only
// adds or multiplies a free constant is the same model as its other operand, and is not fitted.
// Forms may hold the sparse-polynomial leaf (EnumerateOptions::polynomial_leaf): such a form is
// keyed as written and fitted as the polynomial the data ask for, and goes to the front only where
// that fit is exact — the leaf approximates any smooth function, and an approximation is not
// what an exhaustive enumeration is for.
//
// One round keys the next forms_per_round forms (a slice per worker), admits the new ones in
// order, and fits those. The enumerator is exhausted once the largest size is done.
//
// Determinism: the forms, their order and which of a class is kept depend only on the problem and
// the options; the keys are the context's, so `--no-egraph` (syntactic keys) keeps more forms.
#pragma once

#include <memory>

#include "search/enumerate/enumerate_options.hpp"
#include "search/search.hpp"

namespace kepler::enumerate {

class EnumerateSearch final : public Search {
 public:
  explicit EnumerateSearch(EnumerateOptions options = {});
  ~EnumerateSearch() override;
  EnumerateSearch(EnumerateSearch&&) noexcept;
  EnumerateSearch& operator=(EnumerateSearch&&) noexcept;

  [[nodiscard]] std::string_view name() const noexcept override { return "enumerate"; }
  void start(SearchContext& context, std::uint64_t seed) override;
  void round(SearchContext& context) override;
  [[nodiscard]] bool exhausted() const noexcept override;
  void add_to(SearchReport& report) const override;

  // The largest size whose forms are all keyed (0 before the first round).
  [[nodiscard]] std::size_t completed_size() const noexcept;
  // Distinct forms kept so far, by size (index: nodes; 0 unused).
  [[nodiscard]] std::vector<std::size_t> forms_per_size() const;

 private:
  struct Run;  // the generator, the keys seen and the pipelines, from start() on

  EnumerateOptions options_;
  std::unique_ptr<Run> run_;
};

}  // namespace kepler::enumerate
