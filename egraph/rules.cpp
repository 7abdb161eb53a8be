#include "egraph/rules.hpp"

#include <algorithm>
#include <array>

namespace kepler::egraph {
namespace {

using G = RuleGroup;

// Conditions hold "wherever the left side is defined": log(x) is NaN for x < 0 on both sides.
constexpr std::array kRules = {
    // Algebra.
    RuleText{"add-comm", "(+ ?a ?b)", "(+ ?b ?a)", "", G::Algebra},
    RuleText{"mul-comm", "(* ?a ?b)", "(* ?b ?a)", "", G::Algebra},
    RuleText{"add-assoc", "(+ ?a (+ ?b ?c))", "(+ (+ ?a ?b) ?c)", "", G::Algebra},
    RuleText{"add-assoc-rev", "(+ (+ ?a ?b) ?c)", "(+ ?a (+ ?b ?c))", "", G::Algebra},
    RuleText{"mul-assoc", "(* ?a (* ?b ?c))", "(* (* ?a ?b) ?c)", "", G::Algebra},
    RuleText{"mul-assoc-rev", "(* (* ?a ?b) ?c)", "(* ?a (* ?b ?c))", "", G::Algebra},
    RuleText{"sub-as-add", "(- ?a ?b)", "(+ ?a (neg ?b))", "", G::Algebra},
    RuleText{"add-neg-as-sub", "(+ ?a (neg ?b))", "(- ?a ?b)", "", G::Algebra},
    RuleText{"neg-as-mul", "(neg ?a)", "(* -1 ?a)", "", G::Algebra},
    RuleText{"mul-minus-one", "(* -1 ?a)", "(neg ?a)", "", G::Algebra},
    RuleText{"div-as-mul", "(/ ?a ?b)", "(* ?a (inv ?b))", "", G::Algebra},
    RuleText{"mul-inv-as-div", "(* ?a (inv ?b))", "(/ ?a ?b)", "", G::Algebra},
    RuleText{"inv-as-div", "(inv ?a)", "(/ 1 ?a)", "", G::Algebra},
    RuleText{"inv-of-mul", "(inv (* ?a ?b))", "(* (inv ?a) (inv ?b))", "", G::Algebra},
    RuleText{"mul-of-inv", "(* (inv ?a) (inv ?b))", "(inv (* ?a ?b))", "", G::Algebra},
    RuleText{"add-zero", "(+ ?a 0)", "?a", "", G::Algebra},
    RuleText{"mul-one", "(* ?a 1)", "?a", "", G::Algebra},
    RuleText{"mul-zero", "(* ?a 0)", "0", "", G::Algebra},
    RuleText{"sub-self", "(- ?a ?a)", "0", "", G::Algebra},
    RuleText{"div-self", "(/ ?a ?a)", "1", "nonzero ?a", G::Algebra},
    RuleText{"neg-neg", "(neg (neg ?a))", "?a", "", G::Algebra},
    RuleText{"inv-inv", "(inv (inv ?a))", "?a", "nonzero ?a", G::Algebra},
    RuleText{"add-same", "(+ ?a ?a)", "(* 2 ?a)", "", G::Algebra},
    RuleText{"factor", "(+ (* ?a ?b) (* ?a ?c))", "(* ?a (+ ?b ?c))", "", G::Algebra},
    RuleText{"factor-one", "(+ ?a (* ?b ?a))", "(* (+ 1 ?b) ?a)", "", G::Algebra},
    // Powers.
    RuleText{"mul-self", "(* ?a ?a)", "(square ?a)", "", G::Powers},
    RuleText{"square-as-mul", "(square ?a)", "(* ?a ?a)", "", G::Powers},
    RuleText{"mul-square", "(* ?a (square ?a))", "(cube ?a)", "", G::Powers},
    RuleText{"square-as-pow", "(square ?a)", "(^ ?a 2)", "", G::Powers},
    RuleText{"pow-two", "(^ ?a 2)", "(square ?a)", "", G::Powers},
    RuleText{"cube-as-pow", "(cube ?a)", "(^ ?a 3)", "", G::Powers},
    RuleText{"pow-three", "(^ ?a 3)", "(cube ?a)", "", G::Powers},
    RuleText{"sqrt-as-pow", "(sqrt ?a)", "(^ ?a 0.5)", "", G::Powers},
    RuleText{"pow-half", "(^ ?a 0.5)", "(sqrt ?a)", "", G::Powers},
    RuleText{"cbrt-as-pow", "(cbrt ?a)", "(^ ?a (/ 1 3))", "positive ?a", G::Powers},
    RuleText{"inv-as-pow", "(inv ?a)", "(^ ?a -1)", "", G::Powers},
    RuleText{"pow-minus-one", "(^ ?a -1)", "(inv ?a)", "", G::Powers},
    RuleText{"pow-one", "(^ ?a 1)", "?a", "", G::Powers},
    RuleText{"pow-zero", "(^ ?a 0)", "1", "", G::Powers},
    RuleText{"one-pow", "(^ 1 ?a)", "1", "", G::Powers},
    RuleText{"pow-mul", "(* (^ ?a ?b) (^ ?a ?c))", "(^ ?a (+ ?b ?c))", "positive ?a", G::Powers},
    RuleText{"pow-mul-base", "(* ?a (^ ?a ?b))", "(^ ?a (+ ?b 1))", "positive ?a", G::Powers},
    RuleText{"pow-pow", "(^ (^ ?a ?b) ?c)", "(^ ?a (* ?b ?c))", "positive ?a", G::Powers},
    RuleText{"pow-pow-integer", "(^ (^ ?a ?b) ?c)", "(^ ?a (* ?b ?c))", "integer ?c", G::Powers},
    RuleText{"pow-of-mul", "(^ (* ?a ?b) ?c)", "(* (^ ?a ?c) (^ ?b ?c))", "positive ?a, positive ?b", G::Powers},
    // Logarithm and exponential.
    RuleText{"log-exp", "(log (exp ?a))", "?a", "", G::LogExp},
    RuleText{"exp-log", "(exp (log ?a))", "?a", "positive ?a", G::LogExp},
    RuleText{"log-mul", "(log (* ?a ?b))", "(+ (log ?a) (log ?b))", "positive ?a, positive ?b", G::LogExp},
    RuleText{"log-add", "(+ (log ?a) (log ?b))", "(log (* ?a ?b))", "positive ?a, positive ?b", G::LogExp},
    RuleText{"log-div", "(log (/ ?a ?b))", "(- (log ?a) (log ?b))", "positive ?a, positive ?b", G::LogExp},
    RuleText{"log-pow", "(log (^ ?a ?b))", "(* ?b (log ?a))", "positive ?a", G::LogExp},
    RuleText{"mul-log-as-log-pow", "(* ?b (log ?a))", "(log (^ ?a ?b))", "positive ?a", G::LogExp},
    RuleText{"exp-add", "(exp (+ ?a ?b))", "(* (exp ?a) (exp ?b))", "", G::LogExp},
    RuleText{"mul-exp", "(* (exp ?a) (exp ?b))", "(exp (+ ?a ?b))", "", G::LogExp},
    RuleText{"sqrt-exp", "(sqrt (exp ?a))", "(exp (* 0.5 ?a))", "", G::LogExp},
    RuleText{"exp-mul-log", "(exp (* ?b (log ?a)))", "(^ ?a ?b)", "positive ?a", G::LogExp},
    // Trigonometry.
    RuleText{"pythagoras", "(+ (square (sin ?a)) (square (cos ?a)))", "1", "", G::Trigonometry},
    RuleText{"sin-neg", "(sin (neg ?a))", "(neg (sin ?a))", "", G::Trigonometry},
    RuleText{"cos-neg", "(cos (neg ?a))", "(cos ?a)", "", G::Trigonometry},
    RuleText{"sin-pi-minus", "(sin (- 3.141592653589793 ?a))", "(sin ?a)", "", G::Trigonometry},
    RuleText{"cos-pi-minus", "(cos (- 3.141592653589793 ?a))", "(neg (cos ?a))", "", G::Trigonometry},
    RuleText{"sin-plus-pi", "(sin (+ ?a 3.141592653589793))", "(neg (sin ?a))", "", G::Trigonometry},
    RuleText{"cos-plus-pi", "(cos (+ ?a 3.141592653589793))", "(neg (cos ?a))", "", G::Trigonometry},
    RuleText{"cos-minus-half-pi", "(cos (- ?a 1.5707963267948966))", "(sin ?a)", "", G::Trigonometry},
    RuleText{"cos-plus-half-pi", "(cos (+ ?a 1.5707963267948966))", "(neg (sin ?a))", "", G::Trigonometry},
    RuleText{"sin-plus-half-pi", "(sin (+ ?a 1.5707963267948966))", "(cos ?a)", "", G::Trigonometry},
    RuleText{"sin-minus-half-pi", "(sin (- ?a 1.5707963267948966))", "(neg (cos ?a))", "", G::Trigonometry},
    RuleText{"tan-as-div", "(tan ?a)", "(/ (sin ?a) (cos ?a))", "", G::Trigonometry},
    RuleText{"div-as-tan", "(/ (sin ?a) (cos ?a))", "(tan ?a)", "", G::Trigonometry},
    // Expansion.
    RuleText{"distribute", "(* ?a (+ ?b ?c))", "(+ (* ?a ?b) (* ?a ?c))", "", G::Expansion},
    RuleText{"distribute-sub", "(* ?a (- ?b ?c))", "(- (* ?a ?b) (* ?a ?c))", "", G::Expansion},
    RuleText{"sin-sum", "(sin (+ ?a ?b))", "(+ (* (sin ?a) (cos ?b)) (* (cos ?a) (sin ?b)))", "", G::Expansion},
    RuleText{"cos-sum", "(cos (+ ?a ?b))", "(- (* (cos ?a) (cos ?b)) (* (sin ?a) (sin ?b)))", "", G::Expansion},
};

}  // namespace

std::span<const RuleText> rule_texts() noexcept { return kRules; }

std::vector<Rewrite> make_rules(std::initializer_list<RuleGroup> groups) {
  std::vector<Rewrite> rules;
  for (const RuleText& text : kRules) {
    if (std::find(groups.begin(), groups.end(), text.group) == groups.end()) continue;
    rules.emplace_back(std::string(text.name), text.lhs, text.rhs, text.conditions);
  }
  return rules;
}

std::vector<Rewrite> all_rules() {
  return make_rules({G::Algebra, G::Powers, G::LogExp, G::Trigonometry, G::Expansion});
}

}  // namespace kepler::egraph
