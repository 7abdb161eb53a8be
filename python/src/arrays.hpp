// NumPy arrays as Kepler's matrix and vector views, without copies.
#pragma once

#include <span>
#include <string>

#include <pybind11/numpy.h>

#include "engine/arrays.hpp"

namespace kepler::python {

using DoubleArray = pybind11::array_t<double, pybind11::array::forcecast>;
using ContiguousArray = pybind11::array_t<double, pybind11::array::c_style | pybind11::array::forcecast>;

// A 2-D array as a strided view; throws InputError naming `name` for another shape.
[[nodiscard]] MatrixView matrix_view(const DoubleArray& a, const std::string& name);
// A 1-D array as a span; throws InputError naming `name` for another shape.
[[nodiscard]] std::span<const double> vector_view(const ContiguousArray& a, const std::string& name);

}  // namespace kepler::python
