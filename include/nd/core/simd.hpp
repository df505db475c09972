#pragma once
// The one place nd includes xsimd. Everything else asks this header whether a type has SIMD
// batches and uses nd::simd::batch<T>. Building with ND_NO_SIMD (CMake: -DND_SIMD=OFF) removes
// xsimd entirely and leaves the scalar loops, which must give the same results.

#include <complex>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "nd/core/dtype.hpp"

#if !defined(ND_NO_SIMD)
#include <xsimd/xsimd.hpp>
#endif

namespace nd::simd {

#if defined(ND_NO_SIMD)
/// False when nd was built without SIMD. `if constexpr (nd::simd::enabled) ...`
inline constexpr bool enabled = false;
template <class T> inline constexpr bool has_batch = false;
template <class T> struct batch_placeholder {};
template <class T> using batch = batch_placeholder<T>;
template <class T> inline constexpr std::ptrdiff_t width = 1;
// Declared only, so that code naming them compiles; nothing calls them without SIMD.
template <class T> batch<T> load(const T*) noexcept;
template <class T> void store(T*, const batch<T>&) noexcept;
template <class T> batch<T> splat(T) noexcept;
template <class B> B sqrt(const B&);
template <class B> B exp(const B&);
template <class B> B log(const B&);
template <class B> B log2(const B&);
template <class B> B log10(const B&);
template <class B> B sin(const B&);
template <class B> B cos(const B&);
template <class B> B tan(const B&);
template <class B> B asin(const B&);
template <class B> B acos(const B&);
template <class B> B atan(const B&);
template <class B> B sinh(const B&);
template <class B> B cosh(const B&);
template <class B> B tanh(const B&);
template <class B> B floor(const B&);
template <class B> B ceil(const B&);
template <class B> B trunc(const B&);
template <class B> B nearbyint(const B&);
template <class B> B abs(const B&);
template <class B> B atan2(const B&, const B&);
template <class B> B hypot(const B&, const B&);
template <class B> B minimum(const B&, const B&);
template <class B> B maximum(const B&, const B&);
template <class B> B fmin(const B&, const B&);
template <class B> B fmax(const B&, const B&);
#else
inline constexpr bool enabled = true;
/// Whether T has SIMD batches: the real and integer types (not bool, not complex).
template <class T>
inline constexpr bool has_batch = std::is_arithmetic_v<T> && !std::is_same_v<T, bool> &&
                                  (sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8) &&
                                  !detail::character<T>;
/// A SIMD register of T for the architecture the program is compiled for (-march).
template <class T> using batch = xsimd::batch<std::conditional_t<has_batch<T>, T, float>>;
/// Elements per batch of T.
template <class T> inline constexpr std::ptrdiff_t width = static_cast<std::ptrdiff_t>(batch<T>::size);

template <class T> batch<T> load(const T* p) noexcept { return batch<T>::load_unaligned(p); }
template <class T> void store(T* p, const batch<T>& b) noexcept { b.store_unaligned(p); }
template <class T> batch<T> splat(T value) noexcept { return batch<T>(value); }

// Math on batches, named as nd's operations name them.
template <class B> B sqrt(const B& b) { return xsimd::sqrt(b); }
template <class B> B exp(const B& b) { return xsimd::exp(b); }
template <class B> B log(const B& b) { return xsimd::log(b); }
template <class B> B log2(const B& b) { return xsimd::log2(b); }
template <class B> B log10(const B& b) { return xsimd::log10(b); }
template <class B> B sin(const B& b) { return xsimd::sin(b); }
template <class B> B cos(const B& b) { return xsimd::cos(b); }
template <class B> B tan(const B& b) { return xsimd::tan(b); }
template <class B> B asin(const B& b) { return xsimd::asin(b); }
template <class B> B acos(const B& b) { return xsimd::acos(b); }
template <class B> B atan(const B& b) { return xsimd::atan(b); }
template <class B> B sinh(const B& b) { return xsimd::sinh(b); }
template <class B> B cosh(const B& b) { return xsimd::cosh(b); }
template <class B> B tanh(const B& b) { return xsimd::tanh(b); }
template <class B> B floor(const B& b) { return xsimd::floor(b); }
template <class B> B ceil(const B& b) { return xsimd::ceil(b); }
template <class B> B trunc(const B& b) { return xsimd::trunc(b); }
template <class B> B nearbyint(const B& b) { return xsimd::nearbyint(b); }
template <class B> B abs(const B& b) { return xsimd::abs(b); }
template <class B> B atan2(const B& y, const B& x) { return xsimd::atan2(y, x); }
template <class B> B hypot(const B& x, const B& y) { return xsimd::hypot(x, y); }
// NumPy's minimum and maximum propagate NaN from either side; fmin and fmax ignore it.
template <class B> B minimum(const B& a, const B& b) {
    if constexpr (std::is_floating_point_v<typename B::value_type>) return xsimd::select((a <= b) || xsimd::isnan(a), a, b);
    else return xsimd::min(a, b);
}
template <class B> B maximum(const B& a, const B& b) {
    if constexpr (std::is_floating_point_v<typename B::value_type>) return xsimd::select((a >= b) || xsimd::isnan(a), a, b);
    else return xsimd::max(a, b);
}
template <class B> B fmin(const B& a, const B& b) {
    if constexpr (std::is_floating_point_v<typename B::value_type>) return xsimd::select((a <= b) || xsimd::isnan(b), a, b);
    else return xsimd::min(a, b);
}
template <class B> B fmax(const B& a, const B& b) {
    if constexpr (std::is_floating_point_v<typename B::value_type>) return xsimd::select((a >= b) || xsimd::isnan(b), a, b);
    else return xsimd::max(a, b);
}
#endif

} // namespace nd::simd
