#include "search/polynomial.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace kepler {
namespace {

// Least squares for the sparse fit works on a sample of rows this large at most: the support it
// picks is refitted on every row by the pipeline's Levenberg–Marquardt anyway.
constexpr std::size_t kMaxFitRows = 2048;
// RSS below this fraction of the target's sum of squares buys no term. Far above rounding error:
// a smooth function's Taylor-like terms keep paying down to any floor, and a floor of 1e-12 let
// poly(x)·cos(y) reach a loss that ends a run early as if exact where the law is 2·sin(x)·cos(y);
// at 1e-8 such an approximation stops a few decades short, while an exact polynomial part still
// keeps exactly its terms (each worth far more) and Levenberg–Marquardt takes it to exact.
constexpr double kRssFloor = 1e-8;

// u⁻¹(y) for the transforms a leaf may sit under (NaN outside u's range).
double inverse_of(Op u, double y) {
  switch (u) {
    case Op::Log: return std::exp(y);
    case Op::Exp: return y > 0.0 ? std::log(y) : std::numeric_limits<double>::quiet_NaN();
    case Op::Sqrt: return y >= 0.0 ? y * y : std::numeric_limits<double>::quiet_NaN();
    default: return std::numeric_limits<double>::quiet_NaN();
  }
}

Expr with_leaf_as(const Expr& f, std::size_t leaf, double value) {
  std::vector<Node> nodes(f.nodes().begin(), f.nodes().end());
  nodes[leaf] = Node::num(value);
  return Expr(std::move(nodes));
}

std::size_t count_monomials(std::size_t variables, std::size_t degree) {
  // C(variables + degree, degree) − 1, saturating.
  double count = 1.0;
  for (std::size_t k = 1; k <= degree; ++k) count = count * static_cast<double>(variables + k) / static_cast<double>(k);
  return count > 1e9 ? std::size_t{1'000'000'000} : static_cast<std::size_t>(std::llround(count)) - 1;
}

void exponents_of_degree(std::size_t variables, std::size_t degree, std::size_t from, std::vector<std::uint8_t>& current,
                         std::vector<std::vector<std::uint8_t>>& out) {
  if (degree == 0) {
    out.push_back(current);
    return;
  }
  for (std::size_t v = from; v < variables; ++v) {
    ++current[v];
    exponents_of_degree(variables, degree - 1, v, current, out);
    --current[v];
  }
}

using Term = std::pair<std::vector<std::uint8_t>, double>;

Expr horner_of(std::vector<Term> terms) {
  std::optional<double> constant;
  std::vector<Term> rest;
  for (Term& t : terms) {
    if (std::all_of(t.first.begin(), t.first.end(), [](std::uint8_t e) { return e == 0; })) {
      constant = t.second;
    } else {
      rest.push_back(std::move(t));
    }
  }
  if (rest.empty()) return build::param(constant.value_or(0.0));
  // Factor out the variable most terms share: fewest multiplications, like Horner's rule in one.
  const std::size_t variables = rest.front().first.size();
  std::size_t v = 0, most = 0;
  for (std::size_t j = 0; j < variables; ++j) {
    const auto n = static_cast<std::size_t>(
        std::count_if(rest.begin(), rest.end(), [&](const Term& t) { return t.first[j] > 0; }));
    if (n > most) most = n, v = j;
  }
  std::vector<Term> with, without;
  for (Term& t : rest) {
    if (t.first[v] > 0) {
      --t.first[v];
      with.push_back(std::move(t));
    } else {
      without.push_back(std::move(t));
    }
  }
  Expr out = build::binary(Op::Mul, build::var(static_cast<std::uint32_t>(v)), horner_of(std::move(with)));
  if (!without.empty()) out = build::binary(Op::Add, out, horner_of(std::move(without)));
  if (constant) out = build::binary(Op::Add, out, build::param(*constant));
  return out;
}

}  // namespace

std::optional<std::size_t> polynomial_leaf(const Expr& f) noexcept {
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (f[i].op == Op::Var && f[i].index == kPolynomialLeaf) return i;
  }
  return std::nullopt;
}

bool affine_in_leaf(const Expr& f, std::size_t leaf) {
  std::size_t leaves = 0;
  for (const Node& node : f.nodes()) leaves += node.op == Op::Var && node.index == kPolynomialLeaf ? 1 : 0;
  if (leaves != 1 || leaf >= f.size() || f[leaf].op != Op::Var || f[leaf].index != kPolynomialLeaf) return false;
  std::size_t child = leaf;
  // Ancestors of node i are the nodes after it whose subtree holds it; walking up, the parent of
  // `child` is the first later node whose subtree begins at or before it.
  for (std::size_t i = leaf + 1; i < f.size(); ++i) {
    if (f.subtree_begin(i) > child) continue;
    const Op op = f[i].op;
    const bool numerator = f.children(i)[0] == child;
    if (!(op == Op::Add || op == Op::Sub || op == Op::Mul || (op == Op::Div && numerator))) return false;
    child = i;
  }
  return true;
}

std::vector<std::vector<std::uint8_t>> monomial_exponents(std::size_t variables, const PolynomialOptions& options) {
  std::size_t degree = 1;
  while (degree < options.max_degree && count_monomials(variables, degree + 1) <= options.max_terms) ++degree;
  std::vector<std::vector<std::uint8_t>> out;
  std::vector<std::uint8_t> current(variables, 0);
  for (std::size_t d = 1; d <= degree; ++d) exponents_of_degree(variables, d, 0, current, out);
  return out;
}

Expr monomial(const std::vector<std::uint8_t>& exponents) {
  Expr out;
  for (std::size_t j = 0; j < exponents.size(); ++j) {
    for (std::uint8_t p = 0; p < exponents[j]; ++p) {
      const Expr x = build::var(static_cast<std::uint32_t>(j));
      out = out.empty() ? x : build::binary(Op::Mul, out, x);
    }
  }
  if (out.empty()) throw std::invalid_argument("monomial: every exponent is 0");
  return out;
}

Expr horner(const std::vector<std::vector<std::uint8_t>>& exponents, const std::vector<double>& coefficients) {
  std::vector<Term> terms;
  for (std::size_t k = 0; k < exponents.size(); ++k) terms.emplace_back(exponents[k], coefficients[k]);
  return horner_of(std::move(terms));
}

PolynomialExpander::PolynomialExpander(const Dataset& data, bool linear_scaling, PolynomialOptions options)
    : data_(&data),
      linear_scaling_(linear_scaling),
      exponents_(monomial_exponents(data.variables(), options)),
      evaluator_(data),
      g_(data.rows()),
      h_(data.rows()) {
  const std::size_t rows = data.rows();
  const std::size_t stride = std::max<std::size_t>(1, (rows + kMaxFitRows - 1) / kMaxFitRows);
  for (const auto& e : exponents_) {
    std::vector<double> m;
    for (std::size_t i = 0; i < rows; i += stride) {
      double v = 1.0;
      for (std::size_t j = 0; j < e.size(); ++j) {
        for (std::uint8_t p = 0; p < e[j]; ++p) v *= data.column(j)[i];
      }
      m.push_back(v);
    }
    monomials_.push_back(std::move(m));
  }
}

std::optional<Expr> PolynomialExpander::expand(const Expr& f) {
  const std::optional<std::size_t> leaf = polynomial_leaf(f);
  if (!leaf) return f;
  if (exponents_.empty()) return std::nullopt;
  if (affine_in_leaf(f, *leaf)) return fit_leaf(f, *leaf, std::nullopt);
  // u(r) with u invertible and r affine in the leaf: r is fitted to u⁻¹(y).
  const Op root = f[f.size() - 1].op;
  if (!invertible_root(root)) return std::nullopt;
  const Expr inner = f.subtree(f.size() - 2);
  if (!affine_in_leaf(inner, *leaf)) return std::nullopt;
  std::optional<Expr> fitted = fit_leaf(inner, *leaf, root);
  if (!fitted) return std::nullopt;
  Expr out = build::unary(root, *fitted);
  out.renumber_parameters();
  return out;
}

std::optional<Expr> PolynomialExpander::fit_leaf(const Expr& f, std::size_t leaf, std::optional<Op> transform) {
  // Under a transform the target is u⁻¹(y), fitted as it is: the model's scaling is left to the
  // Levenberg–Marquardt fit that follows, and P takes a constant term.
  const bool scaled = linear_scaling_ && !transform;
  if (evaluator_.evaluate(with_leaf_as(f, leaf, 0.0), g_) != EvalStatus::Ok) return std::nullopt;
  if (evaluator_.evaluate(with_leaf_as(f, leaf, 1.0), h_) != EvalStatus::Ok) return std::nullopt;

  const std::size_t rows = data_->rows();
  const std::size_t stride = std::max<std::size_t>(1, (rows + kMaxFitRows - 1) / kMaxFitRows);
  const std::size_t n = monomials_.front().size();
  const auto y_all = data_->target();
  const auto w_all = data_->weights();
  Eigen::VectorXd y(n), sqrt_w(n), g(n), h(n);
  for (std::size_t r = 0, i = 0; r < n; ++r, i += stride) {
    sqrt_w[r] = w_all.empty() ? 1.0 : std::sqrt(w_all[i]);
    y[r] = transform ? inverse_of(*transform, y_all[i]) : y_all[i];
    g[r] = g_[i];
    h[r] = h_[i] - g_[i];
  }
  if (!y.allFinite()) return std::nullopt;
  // Columns: [1, g] with linear scaling (g only where it varies), then h·m_k; without it the
  // target is y − g, and P has a constant term (the column h).
  std::vector<Eigen::VectorXd> columns;
  const double g_mean = g.mean();
  const bool g_varies = (g.array() - g_mean).abs().maxCoeff() > 1e-12 * std::max(1.0, std::abs(g_mean));
  std::size_t base = 0;
  std::vector<std::size_t> term_of;  // the monomial of each column past the base ones
  const std::size_t constant_term = exponents_.size();
  if (scaled) {
    columns.push_back(Eigen::VectorXd::Ones(static_cast<Eigen::Index>(n)));
    if (g_varies) columns.push_back(g);
    base = columns.size();
  } else {
    y -= g;
    if (h.squaredNorm() > 0.0) {
      columns.push_back(h);
      term_of.push_back(constant_term);
    }
  }
  for (std::size_t k = 0; k < monomials_.size(); ++k) {
    Eigen::VectorXd c(n);
    for (std::size_t r = 0; r < n; ++r) c[r] = h[r] * monomials_[k][r];
    if (c.squaredNorm() > 0.0) {
      columns.push_back(std::move(c));
      term_of.push_back(k);
    }
  }
  if (columns.size() == base) return std::nullopt;

  // Weighted and scaled to unit RMS, for the conditioning of the normal equations.
  const std::size_t p = columns.size();
  Eigen::MatrixXd X(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(p));
  Eigen::VectorXd scale(static_cast<Eigen::Index>(p));
  for (std::size_t j = 0; j < p; ++j) {
    const Eigen::VectorXd c = columns[j].cwiseProduct(sqrt_w);
    scale[static_cast<Eigen::Index>(j)] = std::sqrt(c.squaredNorm() / static_cast<double>(n));
    X.col(static_cast<Eigen::Index>(j)) = c / scale[static_cast<Eigen::Index>(j)];
  }
  const Eigen::VectorXd yw = y.cwiseProduct(sqrt_w);
  if (!X.allFinite() || !yw.allFinite()) return std::nullopt;
  const Eigen::MatrixXd gram_all = X.transpose() * X;
  const Eigen::VectorXd xty_all = X.transpose() * yw;
  const double sw = sqrt_w.squaredNorm();
  const double y_mean = yw.dot(sqrt_w) / sw;
  const double tss = (yw - y_mean * sqrt_w).squaredNorm();
  const double floor = std::max(kRssFloor * tss, std::numeric_limits<double>::min());
  const double ridge = 1e-12 * gram_all.trace() / static_cast<double>(p);

  // The columns in the model (indices into X): the base ones always, then the monomials chosen.
  std::vector<std::size_t> active(base);
  for (std::size_t j = 0; j < base; ++j) active[j] = j;
  Eigen::VectorXd beta;
  Eigen::MatrixXd inverse;
  const auto at = [](std::size_t i) { return static_cast<Eigen::Index>(i); };
  const auto solve = [&] {
    const auto m = static_cast<Eigen::Index>(active.size());
    Eigen::MatrixXd gram(m, m);
    Eigen::VectorXd xty(m);
    for (Eigen::Index a = 0; a < m; ++a) {
      xty[a] = xty_all[at(active[static_cast<std::size_t>(a)])];
      for (Eigen::Index b = 0; b < m; ++b) {
        gram(a, b) = gram_all(at(active[static_cast<std::size_t>(a)]), at(active[static_cast<std::size_t>(b)]));
      }
      gram(a, a) += ridge;
    }
    const Eigen::LDLT<Eigen::MatrixXd> ldlt(gram);
    inverse = ldlt.solve(Eigen::MatrixXd::Identity(m, m));
    beta = inverse * xty;
  };
  solve();
  Eigen::VectorXd residual = yw;
  for (std::size_t a = 0; a < base; ++a) residual -= beta[at(a)] * X.col(at(active[a]));
  double rss = residual.squaredNorm();
  if (!std::isfinite(rss)) return std::nullopt;
  // The change of the Bayesian information criterion n·ln(RSS) + k·ln(n) when RSS becomes `after`
  // with `terms` more (or fewer) terms.
  const double penalty = std::log(static_cast<double>(n));
  const auto bic_change = [&](double after, double terms) {
    return static_cast<double>(n) * std::log(std::max(after, floor) / std::max(rss, floor)) + terms * penalty;
  };

  // Stepwise selection. Forward: add the monomial that lowers RSS most — by
  // (x_jᵀy − g_jᵀβ)² / (G_jj − g_jᵀG⁻¹g_j), g_j its Gram column over the model — while that
  // improves the criterion, short of interpolating the rows. Then backward: drop the term whose
  // loss costs least, ΔRSS = β_a² / (G⁻¹)_aa, while that does not worsen it. Forward first, since
  // there may be more monomials than rows; backward after, since a term the greedy steps took
  // early may be redundant once the others are in; past `keep` terms it drops them regardless.
  std::vector<bool> chosen(p, false);
  const std::size_t most = n > base + 2 ? std::min(p - base, n - base - 2) : 0;
  // What is kept has two rows at least for each coefficient: a fit with nearly as many terms as
  // rows makes any smooth function look exact (and would end a run early on an approximation).
  const std::size_t keep = n / 2 > base ? n / 2 - base : 0;
  while (active.size() - base < most) {
    std::size_t best = p;
    double best_gain = 0.0;
    for (std::size_t j = base; j < p; ++j) {
      if (chosen[j]) continue;
      Eigen::VectorXd g_j(static_cast<Eigen::Index>(active.size()));
      for (std::size_t a = 0; a < active.size(); ++a) g_j[at(a)] = gram_all(at(active[a]), at(j));
      const double denominator = gram_all(at(j), at(j)) - g_j.dot(inverse * g_j);
      if (!(denominator > 1e-10 * gram_all(at(j), at(j)))) continue;  // in the model's span already
      const double numerator = xty_all[at(j)] - g_j.dot(beta);
      const double gain = numerator * numerator / denominator;
      if (gain > best_gain) best_gain = gain, best = j;
    }
    if (best == p || bic_change(rss - best_gain, 1.0) >= 0.0) break;
    chosen[best] = true;
    active.push_back(best);
    rss = std::max(rss - best_gain, 0.0);
    solve();
  }
  if (active.size() == base || keep == 0) return std::nullopt;  // no monomial pays, or rows are too few
  while (active.size() > base + 1) {
    std::size_t cheapest_term = active.size();
    double cheapest = std::numeric_limits<double>::infinity();
    for (std::size_t a = base; a < active.size(); ++a) {
      const double d = beta[at(a)];
      const double delta = d * d / inverse(at(a), at(a));
      if (delta < cheapest) cheapest = delta, cheapest_term = a;
    }
    if (cheapest_term == active.size() || !std::isfinite(cheapest)) break;
    if (active.size() - base <= keep && bic_change(rss + cheapest, -1.0) > 0.0) break;
    rss += std::max(cheapest, 0.0);
    active.erase(active.begin() + static_cast<std::ptrdiff_t>(cheapest_term));
    solve();
  }
  if (!beta.allFinite()) return std::nullopt;

  // Back to data units; P's coefficients are d_k / b, b being g's coefficient where g is a column.
  const auto coefficient = [&](std::size_t a) {
    return beta[static_cast<Eigen::Index>(a)] / scale[static_cast<Eigen::Index>(active[a])];
  };
  double b = 1.0;
  if (scaled && g_varies) {
    const double fitted = coefficient(1);
    const double g_rms = std::sqrt(g.squaredNorm() / static_cast<double>(n));
    if (std::isfinite(fitted) && std::abs(fitted) * g_rms > 1e-9 * std::sqrt(tss / sw)) b = fitted;
  }
  std::vector<std::vector<std::uint8_t>> exponents;
  std::vector<double> coefficients;
  for (std::size_t a = base; a < active.size(); ++a) {
    const std::size_t term = term_of[active[a] - base];
    exponents.push_back(term == constant_term ? std::vector<std::uint8_t>(data_->variables(), 0) : exponents_[term]);
    coefficients.push_back(coefficient(a) / b);
  }
  // With linear scaling and g constant, the model a + b·(g + h·P) scales P by b alone: a single
  // monomial needs no coefficient of its own (x⁵/y³, not x·(x·(x·(x·(x·c))))/y³).
  const bool single_unscaled_monomial = scaled && !g_varies && exponents.size() == 1 &&
                                        std::any_of(exponents[0].begin(), exponents[0].end(), [](std::uint8_t e) { return e > 0; });
  Expr out = f.replace_subtree(leaf, single_unscaled_monomial ? monomial(exponents[0]) : horner(exponents, coefficients));
  out.renumber_parameters();
  return out;
}

}  // namespace kepler
