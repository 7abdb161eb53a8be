#include "search/neural/policy.hpp"

#include <dlfcn.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <tuple>

#include "search/neural/prefix_neighbours.hpp"

namespace kepler::neural {

namespace {

// The logit of a forbidden token: low enough that its probability is exactly 0 in float, finite so
// that p·log p and its gradient stay 0 rather than NaN.
constexpr float kForbidden = -1e9F;

struct Network : torch::nn::Module {
  Network(std::size_t tokens, const NeuralOptions& options) {
    const auto t = static_cast<std::int64_t>(tokens);
    const auto e = static_cast<std::int64_t>(options.embedding);
    const auto h = static_cast<std::int64_t>(options.hidden);
    // One more input row than tokens: "no parent" / "no sibling".
    parent = register_module("parent", torch::nn::Embedding(t + 1, e));
    sibling = register_module("sibling", torch::nn::Embedding(t + 1, e));
    if (options.cell == Cell::Lstm) {
      lstm = register_module("cell", torch::nn::LSTMCell(2 * e, h));
    } else {
      gru = register_module("cell", torch::nn::GRUCell(2 * e, h));
    }
    out = register_module("out", torch::nn::Linear(h, t));
  }

  // The next tokens' logits [n, tokens] from the inputs' rows [n]; advances the state (h, c).
  torch::Tensor forward(const torch::Tensor& parents, const torch::Tensor& siblings, torch::Tensor& h,
                        torch::Tensor& c) {
    const torch::Tensor x = torch::cat({parent->forward(parents), sibling->forward(siblings)}, 1);
    if (lstm) {
      std::tie(h, c) = lstm->forward(x, std::make_tuple(h, c));
    } else {
      h = gru->forward(x, h);
    }
    return out->forward(h);
  }

  torch::nn::Embedding parent{nullptr}, sibling{nullptr};
  torch::nn::LSTMCell lstm{nullptr};
  torch::nn::GRUCell gru{nullptr};
  torch::nn::Linear out{nullptr};
};

// Torch computes on the calling thread alone: the policy's tensors are small (a slice of a batch ×
// hidden), one thread computes them as fast, and the cores stay with the context's task arena.
// Torch's OpenMP build keeps the thread count per thread (omp_set_num_threads), so each thread that
// runs the policy sets it; OpenBLAS, when it is the BLAS, keeps one pool per process, set once.
void use_one_torch_thread() {
  static const bool blas_done = [] {
    using SetThreads = void (*)(int);
    if (void* set = dlsym(RTLD_DEFAULT, "openblas_set_num_threads")) reinterpret_cast<SetThreads>(set)(1);
    return true;
  }();
  thread_local const bool done = [] {
    at::set_num_threads(1);
    return true;
  }();
  (void)blas_done;
  (void)done;
}

torch::Tensor longs(std::vector<std::int64_t>& values, std::initializer_list<std::int64_t> shape) {
  return torch::from_blob(values.data(), shape, torch::kLong).clone();
}

// Sequences laid out position by position for the network, [positions, n]: each position's inputs,
// the token written there and its mask; positions past a sequence's end are padding.
struct Replay {
  torch::Tensor parents, siblings, actions;  // long
  torch::Tensor valid;                       // float: 1 inside the sequence, 0 in the padding
  torch::Tensor allowed;                     // bool [positions, n, tokens]
  std::int64_t positions = 0;
};

Replay lay_out(const Grammar& grammar, std::span<const Sequence> sequences) {
  const std::size_t n = sequences.size();
  const std::size_t tokens = grammar.size();
  std::size_t positions = 0;
  for (const Sequence& s : sequences) positions = std::max(positions, s.size());
  std::vector<std::int64_t> parents(positions * n, static_cast<std::int64_t>(tokens));
  std::vector<std::int64_t> siblings(parents), actions(positions * n, 0);
  std::vector<float> valid(positions * n, 0.0F);
  std::vector<std::uint8_t> allowed(positions * n * tokens, 1);  // padding: anything, masked by `valid`
  for (std::size_t i = 0; i < n; ++i) {
    PartialExpr partial(grammar);
    PrefixNeighbours neighbours(grammar);
    for (std::size_t t = 0; t < sequences[i].size(); ++t) {
      const std::size_t at = t * n + i;
      parents[at] = static_cast<std::int64_t>(neighbours.parent());
      siblings[at] = static_cast<std::int64_t>(neighbours.sibling());
      actions[at] = static_cast<std::int64_t>(sequences[i][t]);
      valid[at] = 1.0F;
      (void)partial.allowed(std::span<std::uint8_t>(allowed.data() + at * tokens, tokens));
      partial.push(sequences[i][t]);  // throws for a sequence the grammar cannot write
      neighbours.push(sequences[i][t]);
    }
    if (!partial.complete()) throw std::invalid_argument("Policy: an incomplete sequence");
  }
  const auto p = static_cast<std::int64_t>(positions);
  const auto m = static_cast<std::int64_t>(n);
  Replay r;
  r.positions = p;
  r.parents = longs(parents, {p, m});
  r.siblings = longs(siblings, {p, m});
  r.actions = longs(actions, {p, m});
  r.valid = torch::from_blob(valid.data(), {p, m}, torch::kFloat).clone();
  r.allowed = torch::from_blob(allowed.data(), {p, m, static_cast<std::int64_t>(tokens)}, torch::kUInt8)
                  .to(torch::kBool);
  return r;
}

}  // namespace

struct Policy::Impl {
  const Grammar* grammar;
  NeuralOptions options;
  std::shared_ptr<Network> network;
  std::unique_ptr<torch::optim::Adam> adam;
  [[nodiscard]] std::pair<torch::Tensor, torch::Tensor> initial_state(std::int64_t n) const {
    const auto h = static_cast<std::int64_t>(options.hidden);
    return {torch::zeros({n, h}), torch::zeros({n, h})};
  }

  // log p of each laid-out sequence and its entropy (summed over its positions), [n] each.
  std::pair<torch::Tensor, torch::Tensor> evaluate(const Replay& r, std::int64_t n) const {
    auto [h, c] = initial_state(n);
    torch::Tensor log_p = torch::zeros({n});
    torch::Tensor entropy = torch::zeros({n});
    for (std::int64_t t = 0; t < r.positions; ++t) {
      const torch::Tensor logits =
          network->forward(r.parents[t], r.siblings[t], h, c).masked_fill(r.allowed[t].logical_not(), kForbidden);
      const torch::Tensor log_q = torch::log_softmax(logits, 1);
      const torch::Tensor valid = r.valid[t];
      log_p = log_p + log_q.gather(1, r.actions[t].unsqueeze(1)).squeeze(1) * valid;
      entropy = entropy - (log_q.exp() * log_q).sum(1) * valid;
    }
    return {log_p, entropy};
  }
};

Policy::Policy(const Grammar& grammar, const NeuralOptions& options, std::uint64_t seed)
    : impl_(std::make_unique<Impl>()) {
  use_one_torch_thread();
  Impl& impl = *impl_;
  impl.grammar = &grammar;
  impl.options = options;
  impl.network = std::make_shared<Network>(grammar.size(), options);
  {
    // PyTorch's own initialization of recurrent cells, U(−1/√hidden, 1/√hidden), for every
    // parameter, drawn from the seed rather than from torch's global generator.
    torch::NoGradGuard no_grad;
    std::mt19937_64 rng(seed);
    const double bound = 1.0 / std::sqrt(static_cast<double>(options.hidden));
    std::uniform_real_distribution<double> u(-bound, bound);
    for (torch::Tensor& p : impl.network->parameters()) {
      std::vector<float> values(static_cast<std::size_t>(p.numel()));
      for (float& v : values) v = static_cast<float>(u(rng));
      p.copy_(torch::from_blob(values.data(), p.sizes(), torch::kFloat));
    }
  }
  impl.adam = std::make_unique<torch::optim::Adam>(impl.network->parameters(),
                                                   torch::optim::AdamOptions(options.learning_rate));
}

Policy::~Policy() = default;
Policy::Policy(Policy&&) noexcept = default;
Policy& Policy::operator=(Policy&&) noexcept = default;

std::vector<Sequence> Policy::sample(std::size_t n, std::mt19937_64& rng) const {
  use_one_torch_thread();
  const Impl& impl = *impl_;
  const Grammar& grammar = *impl.grammar;
  const std::size_t tokens = grammar.size();
  torch::NoGradGuard no_grad;  // per thread: concurrent samplers only read the parameters
  std::vector<std::uint8_t> mask(tokens);
  std::vector<double> weights(tokens);
  std::vector<PartialExpr> partials(n, PartialExpr(grammar));
  std::vector<PrefixNeighbours> neighbours(n, PrefixNeighbours(grammar));
  std::vector<Sequence> sequences(n);
  std::vector<std::int64_t> parents(n), siblings(n);
  auto [h, c] = impl.initial_state(static_cast<std::int64_t>(n));
  std::size_t open = n;
  while (open > 0) {
    for (std::size_t i = 0; i < n; ++i) {
      parents[i] = static_cast<std::int64_t>(neighbours[i].parent());
      siblings[i] = static_cast<std::int64_t>(neighbours[i].sibling());
    }
    const auto m = static_cast<std::int64_t>(n);
    const torch::Tensor logits = impl.network->forward(longs(parents, {m}), longs(siblings, {m}), h, c).contiguous();
    const float* row = logits.data_ptr<float>();
    for (std::size_t i = 0; i < n; ++i, row += tokens) {
      if (partials[i].complete()) continue;
      (void)partials[i].allowed(mask);
      float top = -std::numeric_limits<float>::infinity();
      for (std::size_t t = 0; t < tokens; ++t) {
        if (mask[t]) top = std::max(top, row[t]);
      }
      double total = 0.0;
      for (std::size_t t = 0; t < tokens; ++t) {
        weights[t] = mask[t] ? std::exp(static_cast<double>(row[t] - top)) : 0.0;
        total += weights[t];
      }
      double u = std::uniform_real_distribution<double>(0.0, total)(rng);
      std::size_t chosen = tokens;
      for (std::size_t t = 0; t < tokens; ++t) {
        if (!mask[t]) continue;
        chosen = t;  // the last allowed token takes what rounding leaves over
        if ((u -= weights[t]) < 0.0) break;
      }
      partials[i].push(chosen);
      neighbours[i].push(chosen);
      sequences[i].push_back(chosen);
      if (partials[i].complete()) --open;
    }
  }
  return sequences;
}

std::vector<double> Policy::log_probabilities(std::span<const Sequence> sequences) {
  use_one_torch_thread();
  if (sequences.empty()) return {};
  torch::NoGradGuard no_grad;
  const auto n = static_cast<std::int64_t>(sequences.size());
  const torch::Tensor log_p = impl_->evaluate(lay_out(*impl_->grammar, sequences), n).first.to(torch::kDouble);
  return {log_p.data_ptr<double>(), log_p.data_ptr<double>() + n};
}

std::vector<double> Policy::next_token_probabilities(std::span<const std::size_t> prefix) {
  use_one_torch_thread();
  Impl& impl = *impl_;
  const Grammar& grammar = *impl.grammar;
  torch::NoGradGuard no_grad;
  PartialExpr partial(grammar);
  PrefixNeighbours neighbours(grammar);
  auto [h, c] = impl.initial_state(1);
  torch::Tensor logits;
  for (std::size_t t = 0;; ++t) {
    std::vector<std::int64_t> parent{static_cast<std::int64_t>(neighbours.parent())};
    std::vector<std::int64_t> sibling{static_cast<std::int64_t>(neighbours.sibling())};
    logits = impl.network->forward(longs(parent, {1}), longs(sibling, {1}), h, c);
    if (t == prefix.size()) break;
    partial.push(prefix[t]);  // throws for a token the grammar does not allow
    neighbours.push(prefix[t]);
  }
  if (partial.complete()) throw std::invalid_argument("Policy::next_token_probabilities: the prefix is complete");
  std::vector<std::uint8_t> allowed(grammar.size());
  (void)partial.allowed(allowed);
  const torch::Tensor masked =
      logits.squeeze(0).masked_fill(torch::from_blob(allowed.data(), {static_cast<std::int64_t>(allowed.size())},
                                                     torch::kUInt8)
                                        .to(torch::kBool)
                                        .logical_not(),
                                    kForbidden);
  const torch::Tensor p = torch::softmax(masked, 0).to(torch::kDouble).contiguous();
  std::vector<double> out(p.data_ptr<double>(), p.data_ptr<double>() + p.numel());
  return out;
}

double Policy::step(std::span<const Sequence> sequences, std::span<const Term> terms, double entropy_weight) {
  use_one_torch_thread();
  if (sequences.empty()) return 0.0;
  Impl& impl = *impl_;
  const auto n = static_cast<std::int64_t>(sequences.size());
  const auto [log_p, entropy] = impl.evaluate(lay_out(*impl.grammar, sequences), n);
  torch::Tensor loss = -entropy_weight * entropy.mean();
  for (const Term& term : terms) {
    std::vector<std::int64_t> members(term.sequences.begin(), term.sequences.end());
    const torch::Tensor term_log_p =
        torch::logsumexp(log_p.index_select(0, longs(members, {static_cast<std::int64_t>(members.size())})), 0);
    loss = loss - term.weight * term_log_p;
  }
  impl.adam->zero_grad();
  loss.backward();
  impl.adam->step();
  return loss.item<double>();
}

}  // namespace kepler::neural
