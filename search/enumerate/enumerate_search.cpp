#include "search/enumerate/enumerate_search.hpp"

#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "engine/error.hpp"
#include "search/candidate.hpp"
#include "search/context.hpp"
#include "search/enumerate/fingerprint.hpp"
#include "search/enumerate/forms.hpp"
#include "search/polynomial.hpp"

namespace kepler::enumerate {

void EnumerateOptions::validate() const {
  const auto fail = [](const char* field, const char* rule) {
    throw InputError(std::string("enumerate.") + field, rule);
  };
  if (max_size == 0) fail("max_size", "must be at least 1");
  if (forms_per_round == 0) fail("forms_per_round", "must be at least 1");
  if (workers == 0) fail("workers", "must be at least 1");
  if (fit_iterations <= 0) fail("fit_iterations", "must be positive");
  if (max_forms == 0) fail("max_forms", "must be at least 1");
}

namespace {

// Under linear scaling, c + f, f − c, c·f, f / c and −f are f's model: its fit is f's.
bool scaling_twin(const Expr& f) {
  const Node& root = f[f.root()];
  if (root.op == Op::Neg) return true;
  if (root.op != Op::Add && root.op != Op::Sub && root.op != Op::Mul && root.op != Op::Div) return false;
  const auto [a, b] = f.children(f.root());
  return f[a].op == Op::Param || f[b].op == Op::Param;
}

bool has_variable(const Expr& f) {
  for (const Node& node : f.nodes()) {
    if (node.op == Op::Var) return true;
  }
  return false;
}

}  // namespace

struct EnumerateSearch::Run {
  Run(const SearchContext& context, const EnumerateOptions& options)
      : fingerprint(*context.problem().train),
        forms(context.problem().operators, context.problem().train->variables(),
              FormLimits{.max_size = std::min(options.max_size, context.problem().max_size),
                         .max_constants = options.max_constants,
                         .constant_leaf = options.max_constants > 0,
                         .polynomial_leaf = options.polynomial_leaf && context.options().polynomial,
                         .max_forms = options.max_forms}),
        linear_scaling(context.problem().linear_scaling) {}

  ValueFingerprint fingerprint;
  FormGenerator forms;
  bool linear_scaling;
  // The admitted forms' keys (proven equal within the e-graph's budget, constants abstract) and
  // fingerprints (the same values on the data): a form that matches either is a twin.
  std::unordered_set<std::uint64_t> seen_keys;
  std::unordered_set<std::uint64_t> seen_values;
  std::vector<CandidatePipeline*> pipelines;
  std::vector<Expr> batch;
  std::vector<std::optional<Proposal>> proposals;
  std::vector<std::uint64_t> keys;    // canonical keys of the forms as written
  std::vector<char> valid;            // whether a form keeps the constraints, as written
  std::vector<std::uint64_t> values;  // fingerprints
  std::vector<Proposal> to_fit;
  std::vector<char> exact_only;  // of to_fit: offered to the front only where the fit is exact
  std::uint64_t generated = 0;
  std::uint64_t invalid = 0;  // broke a constraint (depth, nesting, inverse pairs)
  std::uint64_t twins = 0;
  std::uint64_t fitted = 0;
};

EnumerateSearch::EnumerateSearch(EnumerateOptions options) : options_(options) {}
EnumerateSearch::~EnumerateSearch() = default;
EnumerateSearch::EnumerateSearch(EnumerateSearch&&) noexcept = default;
EnumerateSearch& EnumerateSearch::operator=(EnumerateSearch&&) noexcept = default;

void EnumerateSearch::start(SearchContext& context, std::uint64_t /*seed*/) {
  options_.validate();
  run_ = std::make_unique<Run>(context, options_);
  for (std::size_t i = 0; i < options_.workers; ++i) {
    run_->pipelines.push_back(&context.add_pipeline(options_.fit_iterations));
    run_->pipelines.back()->set_multi_start(true);  // its constants all start at 1
  }
  CandidatePipeline& first = *run_->pipelines.front();
  for (const Expr& f : context.options().seed_equations) {
    if (const auto candidate = first.score(f)) first.offer(*candidate);
  }
}

void EnumerateSearch::round(SearchContext& context) {
  if (!run_) throw std::logic_error("EnumerateSearch::round: start() was not called");
  Run& run = *run_;
  run.batch.clear();
  if (run.forms.next(options_.forms_per_round, run.batch) == 0) return;
  run.generated += run.batch.size();

  // Keys, a contiguous slice per worker.
  const std::size_t n = run.batch.size();
  const std::size_t workers = run.pipelines.size();
  run.proposals.assign(n, std::nullopt);
  run.keys.assign(n, 0);
  run.valid.assign(n, 0);
  run.values.assign(n, 0);
  context.parallel_for(workers, [&](std::size_t w) {
    for (std::size_t k = w * n / workers; k < (w + 1) * n / workers; ++k) {
      CandidatePipeline& pipeline = *run.pipelines[w];
      const Expr& form = run.batch[k];
      run.proposals[k] = pipeline.propose(form);
      if (polynomial_leaf(form)) {
        // Proposed as the polynomial this table asks for, which may be past the size limit; as
        // a building block the form is itself, and its class its own.
        if (!satisfies(form, context.constraints())) continue;
        run.keys[k] = pipeline.key(form);
      } else {
        if (!run.proposals[k]) continue;
        run.keys[k] = run.proposals[k]->key;
      }
      run.valid[k] = 1;
      run.values[k] = run.fingerprint.of(form);
    }
  });

  // Admission in generation order: the first form of each class is kept.
  run.to_fit.clear();
  run.exact_only.clear();
  for (std::size_t k = 0; k < n; ++k) {
    std::optional<Proposal>& proposal = run.proposals[k];
    if (!run.valid[k]) {
      ++run.invalid;
      continue;
    }
    if (run.seen_keys.contains(run.keys[k]) || run.seen_values.contains(run.values[k])) {
      ++run.twins;
      continue;
    }
    run.seen_keys.insert(run.keys[k]);
    run.seen_values.insert(run.values[k]);
    const bool fit = proposal && has_variable(run.batch[k]) && !(run.linear_scaling && scaling_twin(run.batch[k]));
    if (fit) {
      run.exact_only.push_back(polynomial_leaf(run.batch[k]) ? 1 : 0);
      run.to_fit.push_back(std::move(*proposal));
    }
    run.forms.admit(std::move(run.batch[k]));
  }

  // Fits, spread over the workers in turn.
  const std::size_t m = run.to_fit.size();
  context.parallel_for(workers, [&](std::size_t w) {
    CandidatePipeline& pipeline = *run.pipelines[w];
    for (std::size_t k = w; k < m && !context.out_of_time(); k += workers) {
      const auto candidate = pipeline.evaluate(std::move(run.to_fit[k]));
      if (candidate && (!run.exact_only[k] || candidate->loss <= kExactNormalizedLoss)) pipeline.offer(*candidate);
    }
  });
  run.fitted += m;
}

std::size_t EnumerateSearch::completed_size() const noexcept {
  if (!run_) return 0;
  // Every size below the one in progress is done.
  const std::size_t size = run_->forms.size();
  return run_->forms.done() ? size : size - (size > 0 ? 1 : 0);
}

bool EnumerateSearch::exhausted() const noexcept { return run_ && run_->forms.done(); }

std::vector<std::size_t> EnumerateSearch::forms_per_size() const {
  std::vector<std::size_t> counts;
  if (!run_) return counts;
  for (std::size_t s = 0; s <= options_.max_size; ++s) counts.push_back(run_->forms.forms(s).size());
  return counts;
}

void EnumerateSearch::add_to(SearchReport& report) const {
  if (!run_) return;
  report.add("forms_generated", static_cast<double>(run_->generated));
  report.add("forms_invalid", static_cast<double>(run_->invalid));
  report.add("forms_twins", static_cast<double>(run_->twins));
  report.add("forms_distinct", static_cast<double>(run_->forms.admitted()));
  report.add("forms_fitted", static_cast<double>(run_->fitted));
  report.add("forms_size_completed", static_cast<double>(completed_size()));
}

}  // namespace kepler::enumerate
