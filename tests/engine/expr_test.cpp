#include "engine/expr.hpp"

#include <doctest/doctest.h>

#include <stdexcept>

#include "engine/expr_records.hpp"
#include "engine/parse.hpp"

using namespace kepler;
using namespace kepler::build;

TEST_CASE("postfix construction computes subtree lengths and children") {
  // (x0 + 2) * sin(x1)
  const Expr e = binary(Op::Mul, binary(Op::Add, var(0), num(2)), unary(Op::Sin, var(1)));
  REQUIRE(e.size() == 6);
  CHECK(e[5].op == Op::Mul);
  CHECK(e[5].length == 5);
  CHECK(e[2].length == 2);  // the sum
  CHECK(e[4].length == 1);  // sin
  CHECK(e.children(5) == std::array<std::size_t, 2>{2, 4});
  CHECK(e.children(2) == std::array<std::size_t, 2>{0, 1});
  CHECK(e.children(4)[0] == 3);
  CHECK(e.subtree_begin(4) == 3);
  CHECK(e.depth() == 3);
  CHECK(e.complexity() == 6);
}

TEST_CASE("malformed postfix arrays are rejected") {
  CHECK_THROWS_AS(Expr({Node::make(Op::Add)}), std::invalid_argument);
  CHECK_THROWS_AS(Expr({Node::var(0), Node::var(1)}), std::invalid_argument);
  CHECK_THROWS_AS(Expr({Node::var(0), Node::make(Op::Mul)}), std::invalid_argument);
}

TEST_CASE("subtree extraction and replacement splice array ranges") {
  const Expr e = binary(Op::Mul, binary(Op::Add, var(0), num(2)), unary(Op::Sin, var(1)));
  CHECK(e.subtree(2) == binary(Op::Add, var(0), num(2)));
  const Expr replaced = e.replace_subtree(2, unary(Op::Exp, var(0)));
  CHECK(replaced == binary(Op::Mul, unary(Op::Exp, var(0)), unary(Op::Sin, var(1))));
  CHECK(replaced[replaced.root()].length == replaced.size() - 1);
  const Expr leaf_replaced = e.replace_subtree(3, binary(Op::Sub, var(1), num(1)));
  CHECK(leaf_replaced.size() == 8);
  CHECK(leaf_replaced.root() == 7);
}

TEST_CASE("parameters are read and written by slot; a shared slot is one parameter") {
  ParseOptions options;
  options.unknown_names_are_parameters = true;
  const std::vector<std::string> vars{"x"};
  options.variables = vars;
  Expr e = parse("c*x + c + d", options).expr;
  CHECK(e.parameter_count() == 2);
  e.set_parameters(std::vector<double>{3.0, 4.0});
  CHECK(e.parameters() == std::vector<double>{3.0, 4.0});
  CHECK_THROWS_AS(e.set_parameters(std::vector<double>{1.0}), std::invalid_argument);
  e.renumber_parameters();
  CHECK(e.parameter_count() == 3);
  CHECK(e.parameters() == std::vector<double>{3.0, 3.0, 4.0});
}

TEST_CASE("hash and equality depend on structure and constants") {
  const Expr a = binary(Op::Add, var(0), num(1));
  const Expr b = binary(Op::Add, var(0), num(1));
  const Expr c = binary(Op::Add, var(0), num(2));
  const Expr d = binary(Op::Add, num(1), var(0));
  CHECK(a == b);
  CHECK(a.hash() == b.hash());
  CHECK(a != c);
  CHECK(a.hash() != c.hash());
  CHECK(a.hash() != d.hash());
}

TEST_CASE("the symmetric shape hash ignores commutative operand order and constant numbering only") {
  ParseOptions options;
  options.unknown_names_are_parameters = true;
  const std::vector<std::string> vars{"x", "y", "z"};
  options.variables = vars;
  const auto h = [&](const char* text) {
    Expr e = parse(text, options).expr;
    e.renumber_parameters();
    return e.symmetric_shape_hash();
  };
  CHECK(h("x*y") == h("y*x"));
  CHECK(h("a*x + b") == h("b + x*a"));
  CHECK(h("sin(x + y) * z") == h("z * sin(y + x)"));
  CHECK(h("x - y") != h("y - x"));
  CHECK(h("x / y") != h("y / x"));
  CHECK(h("x + (y + z)") != h("(x + y) + z"));
  CHECK(h("x + 1") != h("x + 2"));
  CHECK(h("x * y") != h("x + y"));
  CHECK(h("sin(x)") != h("cos(x)"));
  CHECK(h("x") != h("y"));
  // Larger than the inline stack.
  std::string sum = "x";
  for (int i = 0; i < 40; ++i) sum = "(" + sum + " + y)";
  std::string reversed = "x";
  for (int i = 0; i < 40; ++i) reversed = "(y + " + reversed + ")";
  CHECK(h(sum.c_str()) == h(reversed.c_str()));
}

TEST_CASE("records store an expression exactly, the tree and the doubles") {
  using namespace kepler::build;
  // x * (0.1 / c): printed "x * (0.1 / c)" reads back the same here, but records never depend on it.
  const Expr e = binary(Op::Mul, var(1), binary(Op::Div, num(0.1), param(1.0 / 3.0, 0)));
  const Expr f = unary(Op::Neg, unary(Op::Sqrt, binary(Op::Sub, var(0), num(-2.5e-300))));
  for (const Expr& x : {e, f}) {
    const std::vector<NodeRecord> records = to_records(x);
    CHECK(records.size() == x.size());
    CHECK(from_records(records) == x);
  }
  CHECK(to_records(e)[0].kind == "var");
  CHECK(to_records(e)[3].kind == "/");
  // Every operator's name reads back as that operator.
  for (const OpInfo& op : all_operators()) {
    if (op.arity == 0) continue;
    const std::vector<NodeRecord> records =
        op.arity == 1 ? std::vector<NodeRecord>{{"var", 0, 0.0}, {std::string(op.name), 0, 0.0}}
                      : std::vector<NodeRecord>{{"var", 0, 0.0}, {"num", 0, 2.0}, {std::string(op.name), 0, 0.0}};
    CHECK(from_records(records)[records.size() - 1].op == op.op);
  }
  CHECK_THROWS_AS((void)from_records(std::vector<NodeRecord>{{"frob", 0, 0.0}}), std::invalid_argument);
  CHECK_THROWS_AS((void)from_records(std::vector<NodeRecord>{{"+", 0, 0.0}}), std::invalid_argument);
}
