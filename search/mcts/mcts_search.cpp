#include "search/mcts/mcts_search.hpp"

#include <algorithm>
#include <optional>
#include <random>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "engine/error.hpp"
#include "search/candidate.hpp"
#include "search/context.hpp"
#include "search/grammar.hpp"
#include "search/mcts/double_q.hpp"
#include "search/mcts/frame.hpp"
#include "search/mcts/library.hpp"
#include "search/mcts/rollout.hpp"
#include "search/mcts/transposition.hpp"
#include "search/mcts/tree.hpp"
#include "search/seeds.hpp"

namespace kepler::mcts {

void MctsOptions::validate() const {
  const auto fail = [](const char* field, const char* rule) {
    throw InputError(std::string("mcts.") + field, rule);
  };
  if (trees == 0) fail("trees", "must be at least 1");
  if (iterations_per_round == 0) fail("iterations_per_round", "must be at least 1");
  if (!(exploration >= 0.0)) fail("exploration", "must be non-negative");
  if (!(best_weight >= 0.0 && best_weight <= 1.0)) fail("best_weight", "must lie in [0, 1]");
  if (!(length_discount > 0.0 && length_discount <= 1.0)) fail("length_discount", "must lie in (0, 1]");
  if (!(q_learning_rate > 0.0 && q_learning_rate <= 1.0)) fail("q_learning_rate", "must lie in (0, 1]");
  if (!(q_temperature > 0.0)) fail("q_temperature", "must be positive");
  if (library_interval == 0) fail("library_interval", "must be at least 1");
  if (fit_iterations <= 0) fail("fit_iterations", "must be positive");
  if (max_tree_nodes < 2) fail("max_tree_nodes", "must be at least 2");
}

namespace {

// One tree and what it works with.
struct Worker {
  SearchTree tree;
  bool sparse = false;  // builds through the run's sparse grammar (MctsOptions::sparse_trees)
  std::optional<TranspositionTable> transpositions;  // with MctsOptions::transpositions and the e-graph
  // Keys of partial equations by symmetric shape: a restarted tree grows the same prefixes again.
  std::unordered_map<std::uint64_t, std::uint64_t> partial_keys;
  CandidatePipeline* pipeline = nullptr;
  std::mt19937_64 rng;
  RolloutScratch scratch;
  std::optional<DoubleQ> q;  // with MctsOptions::double_q
  std::optional<Expr> frame;  // what the tree's equations fill (frame.hpp), if any
  std::vector<std::uint32_t> unvisited;
  std::vector<std::uint32_t> child_tokens;
  std::uint64_t iterations = 0;
  std::uint64_t restarts = 0;
  std::uint64_t aliases = 0;  // of trees already cleared

  void restart() {
    if (tree.size() == 1) return;  // a lone root: nothing to forget
    aliases += tree.aliases();
    tree.clear();
    if (transpositions) transpositions->clear();
    ++restarts;
  }
};

// The canonical key of a partial equation (with its holes), memoized by the worker.
std::uint64_t partial_key(Worker& worker, const Expr& f) {
  constexpr std::size_t kMaxRemembered = std::size_t{1} << 18;  // about 10 MB a tree
  const std::uint64_t shape = f.symmetric_shape_hash();
  if (const auto it = worker.partial_keys.find(shape); it != worker.partial_keys.end()) return it->second;
  if (worker.partial_keys.size() >= kMaxRemembered) worker.partial_keys.clear();
  const std::uint64_t key = worker.pipeline->fresh_key(f);
  worker.partial_keys.emplace(shape, key);
  return key;
}

// Whether the child about to be visited, `after` its prefix, is a transposition of a node of the
// tree no larger (transposition.hpp); if so it becomes that node's alias. Keys are taken only
// where a leaf completes an operator's sub-tree or the equation, and only for children about to
// be searched: most children of an expanded node are never visited.
bool is_transposition(Worker& worker, std::uint32_t child, const PartialExpr& after) {
  // A complete equation's key is the one scoring it takes (and memoizes) anyway.
  const std::uint64_t key =
      after.complete() ? worker.pipeline->key(after.to_expr()) : partial_key(worker, after.to_expr_with_holes());
  const std::uint32_t representative = worker.transpositions->find_or_add(key, child, after.nodes(), after.constants());
  if (representative == kNoNode) return false;
  worker.tree.make_alias(child, representative);
  return true;
}

// Scores the equation `partial` completes (inside the worker's frame, if any) through the
// pipeline, offers it to the front, lets the action values learn from it and returns its reward.
double evaluate(Worker& worker, const PartialExpr& partial, const Grammar& grammar, double length_discount) {
  double r = 0.0;
  Expr f = partial.to_expr();
  if (worker.frame) f = apply_frame(*worker.frame, f, grammar.variables());
  if (const std::optional<Candidate> candidate = worker.pipeline->score(std::move(f))) {
    worker.pipeline->offer(*candidate);
    r = reward(candidate->loss, candidate->f.size(), length_discount);
  }
  if (worker.q) worker.q->learn(partial.tokens(), r, worker.rng);
  return r;
}

// The child to descend into: as SearchTree::select, but with action values the unvisited child
// is drawn by them.
std::uint32_t choose(Worker& worker, std::uint32_t node, const PartialExpr& partial, const SelectionRule& rule,
                     double temperature) {
  if (!worker.q) return worker.tree.select(node, rule, worker.rng);
  worker.tree.unvisited_children(node, worker.unvisited);
  if (worker.unvisited.empty()) return worker.tree.best_visited_child(node, rule);
  std::vector<std::uint32_t>& tokens = worker.child_tokens;
  tokens.clear();
  for (const std::uint32_t c : worker.unvisited) tokens.push_back(worker.tree.node(c).token);
  return worker.unvisited[draw_index(tokens, &*worker.q, worker.q->next_slot(partial), temperature, worker.rng,
                                     worker.scratch.weights)];
}

// Select, expand, simulate, back up: one iteration of the tree.
void iterate(Worker& worker, const Grammar& grammar, const MctsOptions& options) {
  SearchTree& tree = worker.tree;
  if (tree.node(SearchTree::root()).exhausted || tree.size() >= options.max_tree_nodes) worker.restart();
  const SelectionRule rule{options.exploration, options.best_weight};
  PartialExpr partial(grammar);
  std::uint32_t node = SearchTree::root();
  std::vector<std::uint8_t>& mask = worker.scratch.mask;  // the rollout's, free until it runs
  mask.resize(grammar.size());
  while (true) {
    if (!tree.node(node).expanded()) {
      (void)partial.allowed(mask);
      tree.expand(node, mask);
    }
    const std::uint32_t child = choose(worker, node, partial, rule, options.q_temperature);
    if (child == kNoNode) {  // nothing left below: cannot happen under a node not exhausted
      tree.mark_exhausted(node);
      return;
    }
    const std::uint32_t token = tree.node(child).token;
    if (worker.transpositions && tree.node(child).visits == 0 && grammar.token(token).kind != Token::Kind::Operator &&
        (partial.next_closes_operator() || partial.open_slots() == 1)) {
      PartialExpr after = partial;
      after.push(token);
      if (is_transposition(worker, child, after)) {
        if (tree.node(node).exhausted) return;  // its last child was a twin: nothing new below
        continue;                               // choose again among the others
      }
    }
    partial.push(token);
    if (tree.node(child).visits == 0) {
      double r = 0.0;
      if (partial.complete()) {
        r = evaluate(worker, partial, grammar, options.length_discount);
        tree.mark_exhausted(child);
      } else {
        PartialExpr rollout = partial;
        complete_randomly(rollout, grammar, worker.rng, worker.scratch, worker.q ? &*worker.q : nullptr,
                          options.q_temperature);
        r = evaluate(worker, rollout, grammar, options.length_discount);
      }
      tree.backpropagate(child, r);
      return;
    }
    node = child;
  }
}

}  // namespace

struct MctsSearch::Run {
  MctsOptions options;
  std::optional<Grammar> grammar;
  std::optional<Grammar> sparse_grammar;  // the grammar with fewer free constants, for sparse trees
  std::vector<Worker> workers;
  std::uint64_t rounds = 0;
  std::size_t library_entries = 0;
  std::uint64_t frames_taken = 0;
  std::vector<Expr> tried_frames;  // every frame a tree has taken

  [[nodiscard]] const Grammar& grammar_of(const Worker& worker) const {
    return worker.sparse ? *sparse_grammar : *grammar;
  }
  // The sparse grammar, copied again after the run's grammar grew.
  void refresh_sparse_grammar() {
    if (sparse_grammar) sparse_grammar = grammar->with_max_constants(options.sparse_max_constants);
  }
};

void MctsSearch::grow_library(const std::vector<ParetoEntry>& front) {
  Run& run = *run_;
  const MctsOptions& options = run.options;
  if (!options.library || run.library_entries >= options.library_size) return;
  const std::vector<Expr> found = library_candidates(front, *run.grammar, options.library_size - run.library_entries);
  if (found.empty()) return;
  for (const Expr& entry : found) (void)run.grammar->add_library_entry(entry);
  run.library_entries += found.size();
  run.refresh_sparse_grammar();
  for (Worker& worker : run.workers) {
    worker.restart();
    if (worker.q) worker.q->grow();
  }
}

void MctsSearch::refresh_frames(const std::vector<ParetoEntry>& front) {
  Run& run = *run_;
  const std::size_t framed = std::min(run.options.framed_trees, run.workers.size() - 1);
  if (framed == 0) return;
  const std::size_t variables = run.grammar->variables();
  // Shapes, blind to constants: the same frame with A refitted since is no new search.
  const auto same = [](const Expr& a, const Expr& b) { return a.symmetric_shape_hash() == b.symmetric_shape_hash(); };
  // A tree keeps a frame still among the leading ones; the others take frames never tried, the
  // most accurate equations' first, so that a run works through the front's frames in turn.
  const std::vector<Expr> leading = frame_candidates(front, variables, framed);
  std::vector<Worker*> free;
  for (std::size_t k = run.workers.size() - framed; k < run.workers.size(); ++k) {
    Worker& worker = run.workers[k];
    const bool keeps = worker.frame && std::any_of(leading.begin(), leading.end(),
                                                   [&](const Expr& f) { return same(f, *worker.frame); });
    if (!keeps) free.push_back(&worker);
  }
  if (free.empty()) return;
  const std::vector<Expr> fresh = frame_candidates(front, variables, free.size(), 15, run.tried_frames);
  for (std::size_t k = 0; k < fresh.size(); ++k) {
    free[k]->frame = fresh[k];
    free[k]->restart();
    run.tried_frames.push_back(fresh[k]);
    ++run.frames_taken;
  }
}

MctsSearch::MctsSearch(MctsOptions options) : options_(options) {}
MctsSearch::~MctsSearch() = default;
MctsSearch::MctsSearch(MctsSearch&&) noexcept = default;
MctsSearch& MctsSearch::operator=(MctsSearch&&) noexcept = default;

void MctsSearch::start(SearchContext& context, std::uint64_t seed) {
  options_.validate();
  run_ = std::make_unique<Run>();
  Run& run = *run_;
  run.options = options_;
  GrammarOptions grammar_options;
  grammar_options.polynomial_token = context.options().polynomial;
  run.grammar.emplace(Grammar::of(context.problem(), grammar_options));
  run.workers.resize(options_.trees);
  for (std::size_t k = 1; k <= options_.sparse_trees && k < run.workers.size(); ++k) run.workers[k].sparse = true;
  if (options_.sparse_trees > 0 && run.workers.size() > 1) {
    run.sparse_grammar.emplace(run.grammar->with_max_constants(options_.sparse_max_constants));
  }
  std::uint64_t seed_state = seed;
  for (Worker& worker : run.workers) {
    worker.rng.seed(split_mix(seed_state));
    worker.pipeline = &context.add_pipeline(options_.fit_iterations);
    if (options_.double_q) worker.q.emplace(*run.grammar, options_.q_learning_rate);
    if (options_.transpositions && worker.pipeline->keys_prove_equality()) worker.transpositions.emplace();
  }
  // Seed equations (a user's, or a resumed run's front) go to the front as they are; the trees
  // do not start from them.
  for (const Expr& f : context.options().seed_equations) {
    if (const auto candidate = run.workers.front().pipeline->score(f)) run.workers.front().pipeline->offer(*candidate);
  }
}

void MctsSearch::round(SearchContext& context) {
  if (!run_) throw std::logic_error("MctsSearch::round: start() was not called");
  Run& run = *run_;
  if (run.rounds > 0 && run.rounds % run.options.library_interval == 0) {
    grow_library(context.front());
    refresh_frames(context.front());
  }
  ++run.rounds;
  context.parallel_for(run.workers.size(), [&](std::size_t i) {
    Worker& worker = run.workers[i];
    for (std::size_t k = 0; k < run.options.iterations_per_round && !context.out_of_time(); ++k) {
      iterate(worker, run.grammar_of(worker), run.options);
      ++worker.iterations;
    }
  });
}

void MctsSearch::add_to(SearchReport& report) const {
  if (!run_) return;
  std::uint64_t iterations = 0, restarts = 0, nodes = 0, aliases = 0;
  for (const Worker& worker : run_->workers) {
    iterations += worker.iterations;
    aliases += worker.aliases + worker.tree.aliases();
    restarts += worker.restarts;
    nodes += worker.tree.size();
  }
  report.add("iterations", static_cast<double>(iterations));
  report.add("tree_restarts", static_cast<double>(restarts));
  report.add("tree_nodes", static_cast<double>(nodes));
  report.add("tree_aliases", static_cast<double>(aliases));
  report.add("library_entries", static_cast<double>(run_->library_entries));
  report.add("frames_taken", static_cast<double>(run_->frames_taken));
}

}  // namespace kepler::mcts
