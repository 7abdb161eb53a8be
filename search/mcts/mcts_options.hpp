// Settings of the Monte-Carlo tree search, with their defaults.
#pragma once

#include <cstddef>

namespace kepler::mcts {

struct MctsOptions {
  // Independent trees (root parallelism), each with its own pipeline; a run's result depends on
  // this count and the seed, not on the threads. ≥ 1.
  std::size_t trees = 4;
  std::size_t iterations_per_round = 128;  // per tree between barriers; ≥ 1
  // UCT: a child's score is best_weight·(best reward below it) + (1 − best_weight)·(mean reward)
  // + exploration·√(ln N / n). Rewards are heavy-tailed — one exact form among many poor ones —
  // so the best reward seen counts beside the mean.
  double exploration = 0.5;  // ≥ 0
  double best_weight = 0.5;  // in [0, 1]
  // Reward of a scored equation: length_discount^nodes / (1 + √loss), loss normalized (1: no
  // better than the mean); 0 for one that is not finite. In (0, 1].
  double length_discount = 0.99;
  // Double Q-learning (search/mcts/double_q.hpp): learn action values from every scored
  // equation and draw the first child to expand and the rollouts' tokens with probability
  // ∝ exp(Q / q_temperature); off, both are uniform.
  bool double_q = true;
  double q_learning_rate = 0.1;  // in (0, 1]
  double q_temperature = 0.1;    // > 0
  // Sub-tree discovery (search/mcts/library.hpp): every library_interval rounds, sub-trees of 3–7
  // nodes of the front's most accurate equations join the grammar as single tokens, up to
  // library_size in all; the trees then start again (their action values kept).
  bool library = true;
  std::size_t library_size = 8;
  std::size_t library_interval = 16;  // ≥ 1
  // Modulated sub-tree discovery (search/mcts/frame.hpp): at the same interval, the last
  // framed_trees trees (at most trees − 1: the first always searches whole equations) each hold
  // one frame A ∘ □ and search for what fills it. A tree keeps its frame while it is among the
  // front's leading frames (those of its most accurate equations); otherwise it takes the leading
  // frame never tried yet, and starts again. 0: off.
  std::size_t framed_trees = 2;
  // Transpositions (search/mcts/transposition.hpp): a child about to be searched, whose leaf
  // token completes an operator's sub-tree or the equation and whose partial equation the
  // context's e-graph keys prove equal to a searched node's, is not searched: it becomes that
  // node's alias. Needs the e-graph: without it (SearchOptions::egraph off, `--no-egraph`) keys
  // are syntactic and prove nothing, and the table is not kept.
  bool transpositions = true;
  // Sparse trees: trees 1..sparse_trees (the first always has the full grammar) build equations
  // with at most sparse_max_constants free constants. Linear scaling still fits an offset and a
  // scale, so laws such as x⁵ + x⁴ + x³ + x² + x stay reachable, while the constant-rich
  // approximators (c₁·exp(c₂·x) + c₃·cos(c₄·x + c₅)) that reach R² = 0.9999 first and hold the
  // other trees' attention cannot be built there. 0: off.
  std::size_t sparse_trees = 1;
  std::size_t sparse_max_constants = 1;
  int fit_iterations = 8;  // Levenberg–Marquardt iterations per equation with constants; > 0
  // A tree that grows past this many nodes, or whose every leaf is explored, starts again from
  // its root (with its random state going on). ≥ 2.
  std::size_t max_tree_nodes = std::size_t{1} << 20;

  // Throws InputError naming the field ("mcts.exploration") and the broken rule.
  void validate() const;
};

}  // namespace kepler::mcts
