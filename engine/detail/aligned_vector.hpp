// A std::vector whose storage is aligned for full-width vector loads.
#pragma once

#include <cstddef>
#include <new>
#include <vector>

#include "engine/batch.hpp"

namespace kepler::detail {

template <typename T, std::size_t Alignment = kBatchAlignment>
struct AlignedAllocator {
  using value_type = T;
  template <typename U>
  struct rebind {
    using other = AlignedAllocator<U, Alignment>;
  };
  AlignedAllocator() noexcept = default;
  template <typename U>
  AlignedAllocator(const AlignedAllocator<U, Alignment>&) noexcept {}  // NOLINT

  T* allocate(std::size_t n) {
    return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t{Alignment}));
  }
  void deallocate(T* p, std::size_t) noexcept {
    ::operator delete(p, std::align_val_t{Alignment});
  }
  template <typename U>
  bool operator==(const AlignedAllocator<U, Alignment>&) const noexcept {
    return true;
  }
};

using AlignedVector = std::vector<double, AlignedAllocator<double>>;
template <typename T>
using AlignedVectorOf = std::vector<T, AlignedAllocator<T>>;

}  // namespace kepler::detail
