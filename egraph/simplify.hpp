// What the rest of Kepler asks of the e-graph: the simplest form of an equation, a proof that two
// equations are the same function, and a canonical key shared by equations proven equal.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "egraph/extract.hpp"
#include "egraph/rules.hpp"
#include "engine/dataset.hpp"
#include "egraph/runner.hpp"

namespace kepler::egraph {

struct SimplifyOptions {
  RunnerLimits limits{.iterations = 12, .nodes = 20'000, .seconds = 0.5};
  // Columns that are positive on the data's domain (needed for log and power laws).
  std::vector<bool> positive_variables;
  // Columns with no zero on the data's domain (x / x = 1 needs it).
  std::vector<bool> nonzero_variables;
};

struct Simplified {
  Expr expr;
  RunReport report;
};

// Rules built once and reused: building a rule set parses its text.
class Simplifier {
 public:
  explicit Simplifier(SimplifyOptions options = {});

  // The smallest equivalent term found (node count), constants folded. Free constants stay free
  // constants (a product of two becomes one); literals stay literals. Never larger than `expr`
  // after constant folding.
  [[nodiscard]] Simplified simplify(const Expr& expr) const;
  // simplify(expr), kept only if it computes the same values as `expr` on every row of `data`
  // (within 1e-6 of the largest value, plus what rounding in `expr` itself can explain where its
  // terms cancel): else `expr`. Real arithmetic proves the two equal, but
  // the double range (x^b overflowing where b·log(x) does not) or domain facts that hold on
  // other rows than these can tell them apart.
  [[nodiscard]] Expr simplify_on(const Expr& expr, const Dataset& data) const;
  // Whether a and b were proven equal within the limits.
  [[nodiscard]] bool equivalent(const Expr& a, const Expr& b, RunReport* report = nullptr) const;

 private:
  SimplifyOptions options_;
  std::vector<Rewrite> rules_;
};

[[nodiscard]] Expr simplify(const Expr& expr, const SimplifyOptions& options = {});
[[nodiscard]] bool equivalent(const Expr& a, const Expr& b, const SimplifyOptions& options = {});

struct KeyOptions {
  // One iteration: a key must cost about what scoring a candidate does (BM_CanonicalKey). The
  // iteration and node limits decide the key; the time limit is only a guard (a key that
  // depended on the clock would make a search's result depend on the machine's speed).
  RunnerLimits limits{.iterations = 1, .nodes = 400, .seconds = 1.0};
  std::vector<bool> positive_variables;
};

// Canonical keys of model families: free constants are abstract ("c", any value), so c1·x + c2·x
// and c·x share a key, as do x·(y + c) and c·x + x·y once proven equal within the small budget.
// Equal keys mean proven equal; different keys mean only "not proven equal".
class Canonicalizer {
 public:
  // One worker's working memory for keys (graph, saturation and extraction scratch), reused from
  // key to key so that a key allocates only while the memory grows. Used with one canonicalizer.
  class Workspace {
    friend class Canonicalizer;
    std::optional<EGraph> graph;
    SaturationScratch saturation;
    Extractor extractor;
  };

  explicit Canonicalizer(KeyOptions options = {});
  [[nodiscard]] std::uint64_t key(const Expr& expr) const;
  // The same key, computed in `workspace`.
  [[nodiscard]] std::uint64_t key(const Expr& expr, Workspace& workspace) const;

 private:
  KeyOptions options_;
  std::vector<Rewrite> rules_;
};

}  // namespace kepler::egraph
