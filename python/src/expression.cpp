#include "python/src/expression.hpp"

#include <pybind11/stl.h>

#include <cmath>
#include <limits>

#include "engine/error.hpp"
#include "engine/evaluator.hpp"
#include "engine/expr_records.hpp"
#include "engine/parse.hpp"
#include "engine/print.hpp"
#include "python/src/arrays.hpp"

namespace py = pybind11;

namespace kepler::python {

std::string Expression::infix() const { return to_infix(expr, {variables, {}}); }
std::string Expression::sympy() const { return to_sympy(expr, {variables, {}}); }
std::string Expression::latex() const { return to_latex(expr, {variables, {}}); }

py::array_t<double> Expression::evaluate(const DoubleArray& x) const {
  const Dataset inputs = inputs_from_array(matrix_view(x, "X"), variables);
  py::array_t<double> out(static_cast<py::ssize_t>(inputs.rows()));
  const std::span<double> values(out.mutable_data(), inputs.rows());
  {
    py::gil_scoped_release release;
    evaluate_rows(expr, inputs, values);
    for (double& v : values) {
      if (!std::isfinite(v)) v = std::numeric_limits<double>::quiet_NaN();  // undefined: NaN, as documented
    }
  }
  return out;
}

py::tuple Expression::state() const {
  py::list nodes;
  for (const NodeRecord& r : to_records(expr)) nodes.append(py::make_tuple(r.kind, r.index, r.value));
  return py::make_tuple(1, variables, nodes);
}

Expression Expression::from_state(const py::tuple& state) {
  if (state.size() != 3 || state[0].cast<int>() != 1) {
    throw InputError("pickled Expression", "unknown format (written by another version of Kepler?)");
  }
  Expression e;
  e.variables = state[1].cast<std::vector<std::string>>();
  std::vector<NodeRecord> records;
  for (const py::handle item : state[2].cast<py::list>()) {
    const auto node = item.cast<py::tuple>();
    records.push_back({node[0].cast<std::string>(), node[1].cast<std::uint32_t>(), node[2].cast<double>()});
  }
  try {
    e.expr = from_records(records);
  } catch (const std::invalid_argument& error) {
    throw InputError("pickled Expression", error.what());
  }
  return e;
}

void bind_expression(py::module_& m) {
  py::class_<Expression>(m, "Expression",
                         "An equation over named variables: printable (infix, sympy, LaTeX), callable on an "
                         "array X of rows × variables, picklable exactly.")
      .def(py::init([](const std::string& text, const std::vector<std::string>& variables) {
             return Expression{parse_expr(text, variables), variables};
           }),
           py::arg("text"), py::arg("variables"),
           "Reads an equation written over `variables` (Kepler's or sympy's syntax).")
      .def_readonly("variables", &Expression::variables)
      .def_property_readonly("complexity", [](const Expression& e) { return e.expr.complexity(); },
                             "Node count, the complexity of the Pareto front.")
      .def("infix", &Expression::infix)
      .def("sympy", &Expression::sympy, "A string sympy.sympify reads over the variables as symbols.")
      .def("latex", &Expression::latex)
      .def("__call__", &Expression::evaluate, py::arg("X"),
           "The equation's value at each row of X (rows × variables); NaN where it is undefined.")
      .def("__str__", &Expression::infix)
      .def("__repr__", [](const Expression& e) { return "Expression('" + e.infix() + "')"; })
      .def("__eq__", [](const Expression& a, const Expression& b) {
        return a.expr == b.expr && a.variables == b.variables;
      })
      .def(py::pickle([](const Expression& e) { return e.state(); },
                      [](const py::tuple& state) { return Expression::from_state(state); }));
}

}  // namespace kepler::python
