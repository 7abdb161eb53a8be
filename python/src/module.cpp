// kepler._kepler: the compiled core of the Python package (python/kepler/).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "engine/csv.hpp"
#include "engine/error.hpp"
#include "python/src/expression.hpp"
#include "python/src/fit.hpp"
#include "search/method.hpp"

namespace py = pybind11;

PYBIND11_MODULE(_kepler, m) {
  m.doc() = "Kepler's C++ core: equation discovery on NumPy arrays.";
  // Bad input is a ValueError with Kepler's one-line message ("X: NaN at row 3, column 1 ('x1')").
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const kepler::InputError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    }
  });
  kepler::python::bind_expression(m);
  kepler::python::bind_fit(m);
  m.def("column_identifier", [](const std::string& name) { return kepler::column_identifier(name); },
        py::arg("name"), "The identifier a column name becomes, as the CSV reader makes it.");
  m.def("methods", &kepler::search_names, "The registered search methods.");
  m.attr("DEFAULT_OPERATORS") = kepler::kDefaultOperators;
  m.attr("__version__") = KEPLER_VERSION;
}
