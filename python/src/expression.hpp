// kepler.Expression: one equation over named variables, as Python sees it.
#pragma once

#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "engine/expr.hpp"
#include "python/src/arrays.hpp"

namespace kepler::python {

struct Expression {
  Expr expr;
  std::vector<std::string> variables;

  [[nodiscard]] std::string infix() const;
  [[nodiscard]] std::string sympy() const;
  [[nodiscard]] std::string latex() const;
  // f at each row of X (rows × variables); NaN where f is undefined (log of a negative, ...).
  [[nodiscard]] pybind11::array_t<double> evaluate(const DoubleArray& x) const;
  // The nodes exactly (kind, index, value): what pickling stores, so that an unpickled equation
  // is the same tree with the same doubles, not a re-reading of its printed text.
  [[nodiscard]] pybind11::tuple state() const;
  [[nodiscard]] static Expression from_state(const pybind11::tuple& state);
};

void bind_expression(pybind11::module_& m);

}  // namespace kepler::python
