#include "engine/parse.hpp"

#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numbers>
#include <optional>

#include "engine/number.hpp"

namespace kepler {
namespace {

enum class Token { Number, Name, Plus, Minus, Star, Slash, Caret, LParen, RParen, Comma, End };

struct Lexeme {
  Token kind = Token::End;
  std::string_view text;
  std::size_t column = 0;  // 1-based
  double number = 0.0;
};

// Recursion depth limit (about five levels per parenthesis): deep enough for any formula a
// person writes, shallow enough never to exhaust the stack.
constexpr std::size_t kMaxNesting = 1000;

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string describe(const Lexeme& lexeme) {
  if (lexeme.kind == Token::End) return "end of input";
  return "'" + std::string(lexeme.text) + "'";
}

class Parser {
 public:
  Parser(std::string_view text, const ParseOptions& options)
      : text_(text), options_(options), variable_names_(options.variables.begin(), options.variables.end()) {
    advance();
  }

  ParsedExpr run() {
    std::vector<Node> nodes;
    parse_sum(nodes, 0);
    if (current_.kind != Token::End) {
      fail(current_.column, "unexpected " + describe(current_) + " after a complete expression");
    }
    if (nodes.size() > Expr::kMaxNodes) {
      fail(1, "expression has " + std::to_string(nodes.size()) + " nodes; at most " +
                  std::to_string(Expr::kMaxNodes) + " are allowed");
    }
    return {Expr(std::move(nodes)), std::move(parameter_names_), std::move(variable_names_)};
  }

 private:
  [[noreturn]] void fail(std::size_t column, std::string message) const {
    throw InputError(options_.source, 0, column, std::move(message));
  }

  void advance() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    current_ = Lexeme{Token::End, {}, pos_ + 1, 0.0};
    if (pos_ >= text_.size()) return;
    const std::size_t start = pos_;
    const char c = text_[pos_];
    const auto single = [&](Token kind) {
      ++pos_;
      current_ = {kind, text_.substr(start, 1), start + 1, 0.0};
    };
    if (is_digit(c) || (c == '.' && pos_ + 1 < text_.size() && is_digit(text_[pos_ + 1]))) {
      lex_number(start);
    } else if (is_name_start(c)) {
      while (pos_ < text_.size() && is_name_char(text_[pos_])) ++pos_;
      current_ = {Token::Name, text_.substr(start, pos_ - start), start + 1, 0.0};
    } else if (c == '*' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '*') {
      pos_ += 2;
      current_ = {Token::Caret, text_.substr(start, 2), start + 1, 0.0};
    } else {
      switch (c) {
        case '+': return single(Token::Plus);
        case '-': return single(Token::Minus);
        case '*': return single(Token::Star);
        case '/': return single(Token::Slash);
        case '^': return single(Token::Caret);
        case '(': return single(Token::LParen);
        case ')': return single(Token::RParen);
        case ',': return single(Token::Comma);
        default:
          fail(start + 1, "unexpected character '" + std::string(1, c) + "'");
      }
    }
  }

  void lex_number(std::size_t start) {
    while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      std::size_t p = pos_ + 1;
      if (p < text_.size() && (text_[p] == '+' || text_[p] == '-')) ++p;
      if (p < text_.size() && is_digit(text_[p])) {
        pos_ = p;
        while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
      }
    }
    const std::string_view digits = text_.substr(start, pos_ - start);
    const NumberRead number = read_number(digits);
    if (number.status != NumberStatus::Ok) {
      fail(start + 1, "number '" + std::string(digits) + "' " + std::string(describe(number.status)));
    }
    current_ = {Token::Number, digits, start + 1, number.value};
  }

  void expect(Token kind, std::string_view what) {
    if (current_.kind != kind) {
      fail(current_.column, "expected " + std::string(what) + ", found " + describe(current_));
    }
    advance();
  }

  void enter(std::size_t depth) const {
    if (depth > kMaxNesting) fail(current_.column, "expression nests too deeply");
  }

  static bool is_literal(const std::vector<Node>& nodes, std::size_t begin, double value) {
    return nodes.size() == begin + 1 && nodes.back().op == Op::Num && nodes.back().value == value;
  }

  void parse_sum(std::vector<Node>& out, std::size_t depth) {
    enter(depth);
    parse_product(out, depth + 1);
    while (current_.kind == Token::Plus || current_.kind == Token::Minus) {
      const Op op = current_.kind == Token::Plus ? Op::Add : Op::Sub;
      advance();
      parse_product(out, depth + 1);
      out.push_back(Node::make(op));
    }
  }

  void parse_product(std::vector<Node>& out, std::size_t depth) {
    enter(depth);
    const std::size_t left_begin = out.size();  // only a leading literal 1 can start 1/x
    parse_unary(out, depth + 1);
    while (current_.kind == Token::Star || current_.kind == Token::Slash) {
      const Op op = current_.kind == Token::Star ? Op::Mul : Op::Div;
      advance();
      if (op == Op::Div && is_literal(out, left_begin, 1.0)) {
        out.pop_back();  // 1/x reads as inv(x)
        parse_unary(out, depth + 1);
        out.push_back(Node::make(Op::Inv));
      } else {
        parse_unary(out, depth + 1);
        out.push_back(Node::make(op));
      }
    }
  }

  void parse_unary(std::vector<Node>& out, std::size_t depth) {
    enter(depth);
    if (current_.kind == Token::Plus) {
      advance();
      parse_unary(out, depth + 1);
      return;
    }
    if (current_.kind == Token::Minus) {
      advance();
      const std::size_t begin = out.size();
      parse_unary(out, depth + 1);
      if (out.size() == begin + 1 && out.back().op == Op::Num) {
        out.back().value = -out.back().value;
      } else {
        out.push_back(Node::make(Op::Neg));
      }
      return;
    }
    parse_power(out, depth + 1);
  }

  void parse_power(std::vector<Node>& out, std::size_t depth) {
    enter(depth);
    parse_atom(out, depth + 1);
    if (current_.kind != Token::Caret) return;
    advance();
    const std::size_t exponent_begin = out.size();
    parse_unary(out, depth + 1);
    if (is_literal(out, exponent_begin, 2.0)) {
      out.back() = Node::make(Op::Square);
    } else if (is_literal(out, exponent_begin, 3.0)) {
      out.back() = Node::make(Op::Cube);
    } else {
      out.push_back(Node::make(Op::Pow));
    }
  }

  void parse_atom(std::vector<Node>& out, std::size_t depth) {
    enter(depth);
    switch (current_.kind) {
      case Token::Number:
        out.push_back(Node::num(current_.number));
        advance();
        return;
      case Token::LParen: {
        const std::size_t open = current_.column;
        advance();
        parse_sum(out, depth + 1);
        if (current_.kind != Token::RParen) {
          fail(current_.column, "expected ')' to close '(' at column " + std::to_string(open) +
                                    ", found " + describe(current_));
        }
        advance();
        return;
      }
      case Token::Name:
        parse_name(out, depth);
        return;
      default:
        fail(current_.column, "expected an operand, found " + describe(current_));
    }
  }

  void parse_name(std::vector<Node>& out, std::size_t depth) {
    const Lexeme name = current_;
    advance();
    if (current_.kind == Token::LParen) {
      parse_call(name, out, depth);
      return;
    }
    const auto& vars = variable_names_;
    if (const auto it = std::find(vars.begin(), vars.end(), name.text); it != vars.end()) {
      out.push_back(Node::var(static_cast<std::uint32_t>(it - vars.begin())));
      return;
    }
    if (name.text == "pi") {
      out.push_back(Node::num(std::numbers::pi));
      return;
    }
    if (name.text == "E") {
      out.push_back(Node::num(std::numbers::e));
      return;
    }
    if (function_from_name(name.text)) {
      fail(name.column, "'" + std::string(name.text) + "' is a function; call it as " +
                            std::string(name.text) + "(...)");
    }
    if (options_.unknown_names_are_variables && !options_.unknown_names_are_parameters) {
      variable_names_.emplace_back(name.text);
      out.push_back(Node::var(static_cast<std::uint32_t>(variable_names_.size() - 1)));
      return;
    }
    if (!options_.unknown_names_are_parameters) {
      const std::string known = fmt::format("{}", fmt::join(vars, ", "));
      fail(name.column, "unknown name '" + std::string(name.text) + "'" +
                            (known.empty() ? std::string(" (no variables are defined)")
                                           : " (variables: " + known + ")"));
    }
    auto& names = parameter_names_;
    auto slot = static_cast<std::size_t>(std::find(names.begin(), names.end(), name.text) -
                                         names.begin());
    if (slot == names.size()) names.emplace_back(name.text);
    out.push_back(Node::param(static_cast<std::uint32_t>(slot), options_.initial_parameter_value));
  }

  // Reciprocal trigonometric functions, as sympy writes them: the function, then inv.
  static std::optional<Op> reciprocal_of(std::string_view name) {
    if (name == "cot") return Op::Tan;
    if (name == "sec") return Op::Cos;
    if (name == "csc") return Op::Sin;
    return std::nullopt;
  }

  void parse_call(const Lexeme& name, std::vector<Node>& out, std::size_t depth) {
    if (name.text == "real_root") return parse_real_root(name, out, depth);
    const auto reciprocal = reciprocal_of(name.text);
    const auto op = reciprocal ? reciprocal : function_from_name(name.text);
    if (!op) fail(name.column, "unknown function '" + std::string(name.text) + "'");
    const std::size_t open = current_.column;
    advance();  // '('
    int count = 0;
    if (current_.kind != Token::RParen) {
      parse_sum(out, depth + 1);
      ++count;
      while (current_.kind == Token::Comma) {
        advance();
        parse_sum(out, depth + 1);
        ++count;
      }
    }
    if (current_.kind != Token::RParen) {
      fail(current_.column, "expected ',' or ')' to close '(' at column " + std::to_string(open) +
                                ", found " + describe(current_));
    }
    advance();
    const int expected = arity(*op);
    if (count != expected) {
      fail(name.column, "function '" + std::string(name.text) + "' takes " +
                            std::to_string(expected) + (expected == 1 ? " argument" : " arguments") +
                            ", got " + std::to_string(count));
    }
    out.push_back(Node::make(*op));
    if (reciprocal) out.push_back(Node::make(Op::Inv));
  }

  // sympy's real_root(x, 3), as Kepler prints cbrt for sympy.
  void parse_real_root(const Lexeme& name, std::vector<Node>& out, std::size_t depth) {
    expect(Token::LParen, "'('");
    parse_sum(out, depth + 1);
    expect(Token::Comma, "',' and the root's degree");
    const std::size_t degree_at = current_.column;
    const std::size_t degree_begin = out.size();
    parse_sum(out, depth + 1);
    if (!is_literal(out, degree_begin, 3.0)) fail(degree_at, "real_root is read for the cube root only: real_root(x, 3)");
    out.pop_back();
    expect(Token::RParen, "')' closing real_root at column " + std::to_string(name.column));
    out.push_back(Node::make(Op::Cbrt));
  }

  std::string_view text_;
  const ParseOptions& options_;
  std::size_t pos_ = 0;
  Lexeme current_;
  std::vector<std::string> parameter_names_;
  std::vector<std::string> variable_names_;
};

}  // namespace

ParsedExpr parse(std::string_view text, const ParseOptions& options) {
  return Parser(text, options).run();
}

Expr parse_expr(std::string_view text, std::span<const std::string> variables) {
  ParseOptions options;
  options.variables = variables;
  return parse(text, options).expr;
}

}  // namespace kepler
