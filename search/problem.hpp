// What a search is asked to do: the data, the building blocks, the loss and the limits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/dataset.hpp"
#include "engine/expr.hpp"
#include "engine/operator.hpp"

namespace kepler {

enum class SearchLoss : std::uint8_t { Mse, Mae, Huber };

// Whether `rows` rows can show that an equation with `constants` free constants (the linear
// scaling's two included where it applies) is exact: two rows at least per constant. With fewer,
// a fit that runs through every row is no evidence of a law (x^5 + ... + x on 15 rows, written as
// (2848·cos(0.0265·x³) − 2847)/(1 − x) − 1 and seven more constants, reached 1e-16).
[[nodiscard]] constexpr bool rows_can_show_exact(std::size_t constants, std::size_t rows) noexcept {
  return 2 * constants <= rows;
}

struct Problem {
  const Dataset* train = nullptr;  // the rows the search fits; not owned
  // A random subset of train's rows (not owned; null: none). Where set, every new candidate is
  // fitted on these rows first and fitted and scored on all of train only if that promises a
  // place on the front (search/candidate.hpp): on large tables most candidates cost a fraction of
  // a full evaluation, and the front still holds full-data losses only.
  const Dataset* screen = nullptr;
  std::vector<Op> operators = {Op::Add, Op::Sub, Op::Mul, Op::Div};
  SearchLoss loss = SearchLoss::Mse;
  std::size_t max_size = 30;  // node count limit of candidate equations, ≥ 1
  std::size_t max_depth = 12; // ≥ 1
  // Fit y ≈ a + b·f(x) with a and b solved in closed form for every candidate f, so the search
  // looks for the shape and never for the offset and scale.
  bool linear_scaling = true;

  // Throws InputError naming the field and the broken rule.
  void validate() const;
};

// When to stop. Whichever limit is met first ends the search; at least one must be finite.
struct Budget {
  double seconds = 60.0;  // wall time, > 0
  std::uint64_t max_evaluations = std::numeric_limits<std::uint64_t>::max();
  // Stop once an equation's normalized loss is at or below this, ≥ 0, where the training rows
  // number at least twice its constants (the linear scaling's two included).
  double early_stop_loss = 0.0;

  void validate() const;
};

struct SearchOptions {
  std::uint64_t seed = 1;
  std::size_t threads = 0;  // 0: every hardware thread
  // Recognise rewritten twins with the e-graph (off: syntactic shape only; an ablation switch).
  bool egraph = true;
  // Token-built searches (the tree search) may write the sparse-polynomial leaf, fitted by least
  // squares (search/polynomial.hpp); off: `--no-polynomial`, an ablation switch.
  bool polynomial = true;
  // Equations the search starts from, over the problem's variables: a resumed run's front, a
  // user's guesses. Each is scored and offered to the front before the search proper, and joins
  // the populations. They may use operators outside Problem::operators.
  std::vector<Expr> seed_equations{};
  // Entries per table and generation of the shared candidate cache (search/cache.hpp), ≥ 1.
  std::size_t cache_capacity = std::size_t{1} << 16;
};

// Why `f` cannot seed a search of `problem` (an input column the data lacks, more nodes than
// max_size, deeper than max_depth), or nothing.
[[nodiscard]] std::optional<std::string> seed_rejection(const Expr& f, const Problem& problem);
// Throws InputError "seed equation N: ..." for the first seed that cannot be used.
void validate_seeds(std::span<const Expr> seeds, const Problem& problem);

// The operators a search uses when none are named (`kepler fit`, and `kepler bench` for suites
// without a published function set).
inline constexpr const char* kDefaultOperators = "+,-,*,/,sqrt,exp,log,sin,cos";

// A loss by name: "mse", "mae" or "huber"; throws InputError naming `source` for another.
[[nodiscard]] SearchLoss parse_loss(std::string_view name, const std::string& source = "loss");

// Operators by their --ops names ("+,-,*,/,sin"); throws InputError naming an unknown one.
[[nodiscard]] std::vector<Op> parse_operator_list(const std::string& list,
                                                  const std::string& source = "operators");

}  // namespace kepler
