// Transcendental functions over one batch, in double or single precision, vectorized with
// glibc's libmvec where available (4 doubles or 8 floats per AVX2 call).
//
// Eigen vectorizes exp and log for doubles but leaves sin, cos, tan, tanh, cbrt and pow to scalar
// libm, about 30 times slower than arithmetic. glibc (≥ 2.35) ships AVX2 versions of all of them
// in libmvec (at most 4 ulp from the correctly rounded value; IEEE special cases handled), under
// their vector-ABI names. Without libmvec or AVX2 the same functions run as scalar loops.
// Internal: only operator.cpp includes it.
#pragma once

#include <cmath>
#include <cstddef>

#include "engine/batch.hpp"
#include "engine/detail/kernels.hpp"

#if defined(KEPLER_HAVE_LIBMVEC) && defined(__AVX2__)
#include <immintrin.h>
#define KEPLER_VECTOR_MATH 1
extern "C" {
__m256d _ZGVdN4v_sin(__m256d);
__m256d _ZGVdN4v_cos(__m256d);
__m256d _ZGVdN4v_tan(__m256d);
__m256d _ZGVdN4v_tanh(__m256d);
__m256d _ZGVdN4v_cbrt(__m256d);
__m256d _ZGVdN4v_exp(__m256d);
__m256d _ZGVdN4v_log(__m256d);
__m256d _ZGVdN4vv_pow(__m256d, __m256d);
__m256 _ZGVdN8v_sinf(__m256);
__m256 _ZGVdN8v_cosf(__m256);
__m256 _ZGVdN8v_tanf(__m256);
__m256 _ZGVdN8v_tanhf(__m256);
__m256 _ZGVdN8v_cbrtf(__m256);
__m256 _ZGVdN8v_expf(__m256);
__m256 _ZGVdN8v_logf(__m256);
__m256 _ZGVdN8vv_powf(__m256, __m256);
}
#endif

namespace kepler::detail {

#ifdef KEPLER_VECTOR_MATH
// One AVX2 register of either precision: 4 doubles or 8 floats.
inline __m256d load(const double* p) { return _mm256_load_pd(p); }
inline __m256 load(const float* p) { return _mm256_load_ps(p); }
inline void store(double* p, __m256d v) { _mm256_store_pd(p, v); }
inline void store(float* p, __m256 v) { _mm256_store_ps(p, v); }

template <auto F, typename T>
inline void map_batch(const T* a, T* out) {
  for (std::size_t i = 0; i < kBatchRows; i += 32 / sizeof(T)) store(out + i, F(load(a + i)));
}
template <auto F, typename T>
inline void map_batch(const T* a, const T* b, T* out) {
  for (std::size_t i = 0; i < kBatchRows; i += 32 / sizeof(T)) store(out + i, F(load(a + i), load(b + i)));
}
#define KEPLER_MATH_1(name, scalar)                                                            \
  inline void name(const double* a, double* out) { map_batch<_ZGVdN4v_##scalar>(a, out); } \
  inline void name(const float* a, float* out) { map_batch<_ZGVdN8v_##scalar##f>(a, out); }
#define KEPLER_DOUBLE_MATH_1(name, scalar) \
  inline void name(const double* a, double* out) { map_batch<_ZGVdN4v_##scalar>(a, out); }
#define KEPLER_MATH_2(name, scalar)                                   \
  inline void name(const double* a, const double* b, double* out) {  \
    map_batch<_ZGVdN4vv_##scalar>(a, b, out);                         \
  }                                                                   \
  inline void name(const float* a, const float* b, float* out) {     \
    map_batch<_ZGVdN8vv_##scalar##f>(a, b, out);                      \
  }
#else
#define KEPLER_MATH_1(name, scalar)                                             \
  template <typename T>                                                         \
  inline void name(const T* a, T* out) {                                        \
    for (std::size_t i = 0; i < kBatchRows; ++i) out[i] = std::scalar(a[i]);   \
  }
#define KEPLER_DOUBLE_MATH_1(name, scalar)                                       \
  inline void name(const double* a, double* out) {                              \
    for (std::size_t i = 0; i < kBatchRows; ++i) out[i] = std::scalar(a[i]);   \
  }
#define KEPLER_MATH_2(name, scalar)                                                 \
  template <typename T>                                                             \
  inline void name(const T* a, const T* b, T* out) {                                \
    for (std::size_t i = 0; i < kBatchRows; ++i) out[i] = std::scalar(a[i], b[i]); \
  }
#endif

KEPLER_MATH_1(batch_tan, tan)
KEPLER_MATH_1(batch_cbrt, cbrt)
KEPLER_MATH_1(batch_log, log)
KEPLER_MATH_2(batch_pow, pow)
KEPLER_MATH_1(batch_sin, sin)
KEPLER_MATH_1(batch_cos, cos)
KEPLER_MATH_1(batch_exp, exp)
KEPLER_DOUBLE_MATH_1(batch_tanh, tanh)

// In single precision Eigen's tanh (a rational approximation, within 3·10⁻⁷ relative of the exact
// value) is 2.4 times libmvec's tanhf (BM_Kernel); Eigen's exp, sin and cos are slower than
// libmvec's here.
inline void batch_tanh(const float* a, float* out) { BatchOut<float>{out} = BatchIn<float>{a}.tanh(); }

#undef KEPLER_MATH_1
#undef KEPLER_MATH_2
#undef KEPLER_DOUBLE_MATH_1

}  // namespace kepler::detail
