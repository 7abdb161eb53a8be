// Independent seeds from one: SplitMix64 (Steele, Lea and Flood), each call the next seed.
#pragma once

#include <cstdint>

namespace kepler {

inline std::uint64_t split_mix(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace kepler
