// kepler._kepler.fit: kepler::discover on NumPy arrays, with the GIL released and Ctrl-C heard.
#pragma once

#include <pybind11/pybind11.h>

namespace kepler::python {

void bind_fit(pybind11::module_& m);

}  // namespace kepler::python
