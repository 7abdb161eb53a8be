// Settings of the exhaustive enumerator of small forms, with their defaults.
#pragma once

#include <cstddef>

namespace kepler::enumerate {

struct EnumerateOptions {
  // Forms of up to this many nodes (never more than the problem's max_size), in order of size.
  // Linear scaling fits the offset and scale, so a form of 7 nodes settles a law of 7 core nodes.
  std::size_t max_size = 9;       // ≥ 1
  std::size_t max_constants = 2;  // free constants in one form
  // Whether forms may hold the sparse-polynomial leaf (search/enumerate/forms.hpp; only where the
  // search allows it, SearchOptions::polynomial, which `--no-polynomial` turns off).
  bool polynomial_leaf = true;
  std::size_t forms_per_round = 1024;  // forms keyed per round (and fitted, those that are new); ≥ 1
  // Workers, one pipeline each, sharing a round's forms in contiguous slices; the result depends
  // on this count and not on the threads. ≥ 1.
  std::size_t workers = 4;
  int fit_iterations = 16;  // Levenberg–Marquardt iterations per form with constants; > 0
  // Admitted forms kept as building blocks (a guard on memory on wide tables). ≥ 1.
  std::size_t max_forms = std::size_t{1} << 20;

  // Throws InputError naming the field ("enumerate.max_size") and the broken rule.
  void validate() const;
};

}  // namespace kepler::enumerate
