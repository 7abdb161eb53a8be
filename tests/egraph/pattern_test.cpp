#include <doctest/doctest.h>

#include <set>

#include "egraph/rewrite.hpp"
#include "engine/error.hpp"
#include "engine/parse.hpp"

namespace kepler::egraph {
namespace {

const std::vector<std::string> kXY = {"x", "y"};

TEST_CASE("patterns parse and report their variables") {
  const Pattern p = Pattern::parse("(* ?a (+ ?b ?a))");
  CHECK(p.variables() == std::vector<std::string>{"?a", "?b"});
  CHECK(p.repeated() == std::vector<bool>{true, false});
  CHECK(p.root_op() == Op::Mul);
  CHECK(Pattern::parse("(sin (neg 2.5))").nodes().size() == 3);
  CHECK(Pattern::parse("pi").nodes().front().value == doctest::Approx(3.141592653589793));
}

TEST_CASE("malformed patterns name the column") {
  const auto error_of = [](const char* text) {
    try {
      (void)Pattern::parse(text);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error_of("(foo ?a)").find("column 2: unknown operator 'foo'") != std::string::npos);
  CHECK(error_of("(+ ?a").find("expected a term") != std::string::npos);
  CHECK(error_of("(sin ?a ?b)").find("expected ')'") != std::string::npos);
  CHECK(error_of("(+ ?a x)").find("column 7: expected a number") != std::string::npos);
  CHECK(error_of("?a ?b").find("unexpected text") != std::string::npos);
  CHECK(error_of("(neg ?)").find("needs a name") != std::string::npos);
}

TEST_CASE("rules are validated when built") {
  CHECK_THROWS_WITH_AS(Rewrite("bad", "(+ ?a 0)", "(* ?a ?b)"),
                       doctest::Contains("?b is not bound by the left side"), InputError);
  CHECK_THROWS_WITH_AS(Rewrite("bad", "(log ?a)", "?a", "positive ?z"),
                       doctest::Contains("?z is not bound"), InputError);
  CHECK_THROWS_WITH_AS(Rewrite("bad", "(log ?a)", "?a", "happy ?a"),
                       doctest::Contains("unknown condition"), InputError);
  CHECK_THROWS_AS(Rewrite("bad", "?a", "(+ ?a 0)"), InputError);
  CHECK_NOTHROW(Rewrite("ok", "(/ ?a ?a)", "1", "nonzero ?a"));
}

TEST_CASE("e-matching finds every substitution, honouring repeated variables") {
  EGraph graph;
  const ClassId root = graph.add(parse_expr("x * (y + x)", kXY));
  graph.rebuild();
  int matches = 0;
  Pattern::parse("(* ?a (+ ?b ?a))").match(graph, root, [&](const Substitution& s) {
    ++matches;
    CHECK(s[0] == graph.find(graph.add(parse_expr("x", kXY))));
    CHECK(s[1] == graph.find(graph.add(parse_expr("y", kXY))));
  });
  CHECK(matches == 1);
  int none = 0;
  Pattern::parse("(* ?a (+ ?a ?b))").match(graph, root, [&](const Substitution&) { ++none; });
  CHECK(none == 0);
  // Literals match classes that fold to that number.
  const ClassId sum = graph.add(parse_expr("x + (3 - 2)", kXY));
  graph.rebuild();
  int literal = 0;
  Pattern::parse("(+ ?a 1)").match(graph, sum, [&](const Substitution&) { ++literal; });
  CHECK(literal == 1);
}

TEST_CASE("conditions read the analysis") {
  EGraph graph(EGraphOptions{{true, false}, false, {}});
  const Rewrite rule("log-mul", "(log (* ?a ?b))", "(+ (log ?a) (log ?b))", "positive ?a, positive ?b");
  const ClassId positive = graph.add(parse_expr("log(x * exp(y))", kXY));
  const ClassId unknown = graph.add(parse_expr("log(x * y)", kXY));
  graph.rebuild();
  std::vector<bool> allowed;
  for (const ClassId id : {positive, unknown}) {
    rule.lhs().match(graph, id, [&](const Substitution& s) { allowed.push_back(rule.allows(graph, s)); });
  }
  CHECK(allowed == std::vector<bool>{true, false});
}

}  // namespace
}  // namespace kepler::egraph
