// The sparse-polynomial leaf: a token that a search writes where it wants "some polynomial in the
// inputs", and that the candidate pipeline replaces by the polynomial the data ask for.
//
// After uDSR's polynomial token (Landajuela et al., "A Unified Framework for Deep Symbolic
// Regression", NeurIPS 2022). A search writes the leaf as a variable node numbered
// kPolynomialLeaf. Where the equation is affine in that leaf — every operator above it is +, −, ·,
// or ÷ with the leaf in the numerator — it reads f(x) = g(x) + h(x)·P(x) with g = f at P = 0 and
// h = f at P = 1 minus g, both computed from the data. With linear scaling the model
// y ≈ a + b·g + Σ d_k·h·m_k is linear in a, b and the d_k, m_k the monomials of total degree 1 to
// D over the inputs, so least squares gives them all. The monomials are chosen stepwise by the
// Bayesian information criterion n·ln(RSS) + k·ln(n), the RSS floored at 10⁻⁸ of the target's
// variance so that neither rounding error nor an approximation's last decades buy a term: forward, the monomial that lowers RSS most while
// that pays, short of interpolating the rows (there may be more monomials than rows), then backward, the term whose loss costs least
// (ΔRSS_k = d_k² / (G⁻¹)_kk) while dropping it does not cost, and regardless while more terms are
// left than half the rows (a fit with nearly as many terms as rows makes any smooth function look
// exact). A law with an exact polynomial
// part keeps exactly its monomials. The leaf becomes that polynomial in nested Horner form
// (x·(c₁ + x·(c₂ + y·c₃)) + y·c₄), its coefficients free constants started at d_k / b, which the
// pipeline's Levenberg–Marquardt fit then polishes with the rest of f's constants — except where
// linear scaling already scales P (g constant) and P is one monomial, which then takes no
// coefficient: P/y³ becomes x⁵/y³.
//
// Where f is u(r) with u a root log, exp or sqrt and r affine in the leaf, r is fitted the same
// way to u⁻¹(y) with offset 0 and scale 1 assumed (the fit that follows finds the real ones), and P
// takes a constant term: log(x³ + x² + x + 1) = log(x + 1) + log(x² + 1) is log(P) away.
//
// So x⁵ + x⁴ + x³ + x² + x, x⁴ − x³ + y²/2 − y and sin(x) + x³ + x² + x are each one leaf away
// for a search (the last is `sin(x) + poly`), where writing out their monomials token by token
// takes 15 to 30 tokens. D is the highest degree whose monomials number at most max_terms (10
// for one input, 6 for two, 3 for three, 2 for up to six).
//
// Thread-safety: a PolynomialExpander owns scratch; one per worker (each CandidatePipeline).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "engine/dataset.hpp"
#include "engine/evaluator.hpp"
#include "engine/expr.hpp"

namespace kepler {

// The column index that marks the polynomial leaf in a variable node.
inline constexpr std::uint32_t kPolynomialLeaf = 0xFFFF'FF00u;

struct PolynomialOptions {
  std::size_t max_degree = 10;  // total degree of a monomial, ≥ 1
  std::size_t max_terms = 28;   // monomials offered to the least-squares fit; at least one degree is always offered
};

// Whether a root operator u may hold the leaf below it (u(r), r affine in the leaf, fitted to
// u⁻¹(y)): log, exp and sqrt.
[[nodiscard]] constexpr bool invertible_root(Op u) noexcept { return u == Op::Log || u == Op::Exp || u == Op::Sqrt; }

// The node index of f's polynomial leaf, or nothing.
[[nodiscard]] std::optional<std::size_t> polynomial_leaf(const Expr& f) noexcept;
// Whether f is affine in the polynomial leaf at node `leaf`: every ancestor is +, −, · or ÷ with
// the leaf's side as the numerator, and f holds no other polynomial leaf.
[[nodiscard]] bool affine_in_leaf(const Expr& f, std::size_t leaf);

// Exponent vectors of the monomials of total degree 1..D over `variables` inputs, D the highest
// degree (≤ max_degree) whose monomials number at most max_terms (1 at least), by degree.
[[nodiscard]] std::vector<std::vector<std::uint8_t>> monomial_exponents(std::size_t variables,
                                                                       const PolynomialOptions& options);

// The product of the variables to their exponents, without a coefficient (x0·x0·x1 for {2, 1}).
// Throws std::invalid_argument when every exponent is 0.
[[nodiscard]] Expr monomial(const std::vector<std::uint8_t>& exponents);

// Σ coefficient·monomial in nested Horner form over the variables, each coefficient a free
// constant with that value (a zero exponent vector is the constant term). Terms must be distinct.
[[nodiscard]] Expr horner(const std::vector<std::vector<std::uint8_t>>& exponents,
                          const std::vector<double>& coefficients);

class PolynomialExpander {
 public:
  // `linear_scaling`: the model is a + b·f (as the problem scores it), else f itself.
  PolynomialExpander(const Dataset& data, bool linear_scaling, PolynomialOptions options = {});

  // f with its polynomial leaf replaced by the sparse polynomial the data ask for; nothing when f
  // is not affine in its leaf (nor u(r) with r affine in it, u a root log, exp or sqrt) or not
  // finite on the data. f without a leaf comes back as it is.
  [[nodiscard]] std::optional<Expr> expand(const Expr& f);

 private:
  // f affine in the leaf at `leaf`; with `transform` u, fitted to u⁻¹(y) unscaled.
  [[nodiscard]] std::optional<Expr> fit_leaf(const Expr& f, std::size_t leaf, std::optional<Op> transform);

  const Dataset* data_;
  bool linear_scaling_;
  std::vector<std::vector<std::uint8_t>> exponents_;
  std::vector<std::vector<double>> monomials_;  // by term, a value per row
  Evaluator evaluator_;
  std::vector<double> g_, h_;
};

}  // namespace kepler
