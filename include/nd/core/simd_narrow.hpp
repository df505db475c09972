#pragma once
// Half-width SIMD batches (AVX2 registers on AVX-512 builds) for loops bound by the cache.

#include <cstddef>
#include <type_traits>

#include "nd/core/simd.hpp"

namespace nd::simd {

/// Whether T also has half-width batches: on AVX-512 builds, AVX2 registers of T. Loops bound
/// by the cache rather than by arithmetic use them on data past the L1 cache, which feeds
/// 256-bit loads faster than 512-bit ones on Intel cores, while inside L1 the 512-bit loop is
/// faster (benchmarks add/f32/16K and triad/f32/16K; docs/performance.md).
/// `if constexpr (nd::simd::has_narrow_batch<float>) ...`
#if defined(__AVX512F__) && !defined(ND_NO_SIMD)
template <class T> inline constexpr bool has_narrow_batch = has_batch<T> && sizeof(batch<T>) == 64;
/// The half-width register of T (see has_narrow_batch).
template <class T> using narrow_batch = xsimd::batch<std::conditional_t<has_batch<T>, T, float>, xsimd::avx2>;
#else
// Elsewhere the half-width batch is the whole-width one, never used: has_narrow_batch is false.
template <class T> inline constexpr bool has_narrow_batch = false;
template <class T> using narrow_batch = batch<T>;
#endif
#if !defined(ND_NO_SIMD)
/// Elements per half-width batch of T.
template <class T> inline constexpr std::ptrdiff_t narrow_width = static_cast<std::ptrdiff_t>(narrow_batch<T>::size);
/// The half-width batch of the elements at p. `auto b = nd::simd::load_narrow(p);`
template <class T> narrow_batch<T> load_narrow(const T* p) noexcept { return narrow_batch<T>::load_unaligned(p); }
/// Stores a half-width batch at p. `nd::simd::store_narrow(p, b);`
template <class T> void store_narrow(T* p, const narrow_batch<T>& b) noexcept { b.store_unaligned(p); }
/// Every lane of a half-width batch set to value. `auto b = nd::simd::splat_narrow(1.0f);`
template <class T> narrow_batch<T> splat_narrow(T value) noexcept { return narrow_batch<T>(value); }
/// The whole-width batch of float or double made of two half-width ones, `low` first: values
/// loaded in halves and computed on whole-width. `auto b = nd::simd::join_narrow(low, high);`
#if defined(__AVX512F__)
template <class T>
    requires std::is_floating_point_v<T>
batch<T> join_narrow(const narrow_batch<T>& low, const narrow_batch<T>& high) noexcept {
    if constexpr (sizeof(T) == 4)
        return _mm512_castpd_ps(_mm512_insertf64x4(_mm512_castpd256_pd512(_mm256_castps_pd(low)), _mm256_castps_pd(high), 1));
    else
        return _mm512_insertf64x4(_mm512_castpd256_pd512(low), high, 1);
}
#else
template <class T> batch<T> join_narrow(const narrow_batch<T>&, const narrow_batch<T>&) noexcept; // never used: has_narrow_batch is false
#endif
#else
template <class T> inline constexpr std::ptrdiff_t narrow_width = 1;
template <class T> narrow_batch<T> load_narrow(const T*) noexcept;
template <class T> void store_narrow(T*, const narrow_batch<T>&) noexcept;
template <class T> narrow_batch<T> splat_narrow(T) noexcept;
template <class T> batch<T> join_narrow(const narrow_batch<T>&, const narrow_batch<T>&) noexcept;
#endif

} // namespace nd::simd
