#include "python/src/arrays.hpp"

#include "engine/error.hpp"

namespace kepler::python {

MatrixView matrix_view(const DoubleArray& a, const std::string& name) {
  if (a.ndim() != 2) {
    throw InputError(name, "must be a 2-D array (rows × variables), got " + std::to_string(a.ndim()) + " dimensions");
  }
  constexpr auto kItem = static_cast<pybind11::ssize_t>(sizeof(double));
  return {a.data(), static_cast<std::size_t>(a.shape(0)), static_cast<std::size_t>(a.shape(1)),
          static_cast<std::ptrdiff_t>(a.strides(0) / kItem), static_cast<std::ptrdiff_t>(a.strides(1) / kItem)};
}

std::span<const double> vector_view(const ContiguousArray& a, const std::string& name) {
  if (a.ndim() != 1) {
    throw InputError(name, "must be a 1-D array, got " + std::to_string(a.ndim()) + " dimensions");
  }
  return {a.data(), static_cast<std::size_t>(a.shape(0))};
}

}  // namespace kepler::python
