#pragma once
// The math functions of SIMD kernels, as static members of nd::simd::math<B> for batches B:
// an operation's kernel calls `simd::math<B>::exp(x)`, a name that depends on B, so that it
// compiles in ND_NO_SIMD builds (where math<B> is only declared and no kernel is ever
// instantiated) without a second list of declarations. A kernel needing a function nd lacks
// adds it here, once.

#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>

#include "nd/core/simd.hpp"

namespace nd::simd {

#if defined(ND_NO_SIMD)
template <class B> struct math;
#else
// xsimd's exp-based functions leave the float range early (exp gives inf before the range ends
// and 0 where the result is subnormal) and, on float64 without AVX-512, convert huge, infinite
// or NaN inputs through int64, which is undefined. Batches holding such a lane take the C
// library's function for those lanes only; the vector kernel sees in-range inputs alone (the
// flagged lanes replaced by 1), so that each lane's result never depends on its neighbours nor
// on where batches of a row begin.
// The lane-by-lane path is out of line and cold, so that the vector path inlines small.
template <class B, class Vector, class Scalar>
[[gnu::noinline, gnu::cold]] B each_flagged_lane(typename B::batch_bool_type fallback, const B& b, const Vector& vector, const Scalar& scalar) {
    using T = typename B::value_type;
    alignas(64) T inputs[B::size];
    alignas(64) T results[B::size];
    alignas(64) bool flagged[B::size];
    b.store_aligned(inputs);
    vector(xsimd::select(fallback, B(T(1)), b)).store_aligned(results);
    fallback.store_aligned(flagged);
    for (std::size_t lane = 0; lane < B::size; ++lane)
        if (flagged[lane]) results[lane] = scalar(inputs[lane]);
    return B::load_aligned(results);
}
template <class B, class Vector, class Scalar>
[[gnu::always_inline]] inline B scalar_when(const typename B::batch_bool_type& fallback, const B& b, Vector&& vector, Scalar&& scalar) {
    if (!xsimd::any(fallback)) [[likely]] return vector(b);
    return each_flagged_lane(fallback, b, vector, scalar);
}
template <class B, class Vector, class Scalar>
[[gnu::always_inline]] inline B guarded(const B& b, typename B::value_type low, typename B::value_type high, Vector&& vector, Scalar&& scalar) {
    return scalar_when((b > B(high)) || (b < B(low)) || xsimd::isnan(b), b, vector, scalar);
}
// xsimd 8's float64 logarithms are wrong for subnormal inputs (log(5e-324) gives -746.1, not
// -744.4): batches holding one take the C library's.
template <class B, class Vector, class Scalar> B subnormal_guarded(const B& b, Vector&& vector, Scalar&& scalar) {
    using T = typename B::value_type;
    return scalar_when((b > B(0)) && (b < B(std::numeric_limits<T>::min())), b, vector, scalar);
}
#if !defined(ND_NO_SIMD) && defined(__AVX512F__)
// 2^(j/16), j = 0..15: the nearest double (high) and the nearest double to what remains
// (low), together about 2^-106 from the value; scripts/gen_exp_table.py prints them.
alignas(64) inline constexpr double exp2_sixteenths_high[16] = {
    0x1.0000000000000p+0, 0x1.0b5586cf9890fp+0, 0x1.172b83c7d517bp+0, 0x1.2387a6e756238p+0, 0x1.306fe0a31b715p+0, 0x1.3dea64c123422p+0,
    0x1.4bfdad5362a27p+0, 0x1.5ab07dd485429p+0, 0x1.6a09e667f3bcdp+0, 0x1.7a11473eb0187p+0, 0x1.8ace5422aa0dbp+0, 0x1.9c49182a3f090p+0,
    0x1.ae89f995ad3adp+0, 0x1.c199bdd85529cp+0, 0x1.d5818dcfba487p+0, 0x1.ea4afa2a490dap+0};
alignas(64) inline constexpr double exp2_sixteenths_low[16] = {
    0x0.0p+0, 0x1.8a62e4adc610bp-54, -0x1.19041b9d78a76p-55, 0x1.9b07eb6c70573p-54, 0x1.6f46ad23182e4p-55, 0x1.ada0911f09ebcp-55,
    0x1.d4397afec42e2p-56, 0x1.6324c054647adp-54, -0x1.bdd3413b26456p-54, -0x1.41577ee04992fp-55, 0x1.6e9f156864b27p-54,
    0x1.c7c46b071f2bep-56, 0x1.7a1cd345dcc81p-54, 0x1.11065895048ddp-55, 0x1.2ed02d75b3707p-55, -0x1.e9c23179c2893p-54};

// exp_normal_float64 (below) with AVX-512: x = (n / 16) ln2 + r, |r| <= ln2/32, and
// e^x = 2^(n div 16) 2^((n mod 16) / 16) e^r. The middle factor comes from a 16-entry table
// in two registers, looked up by one permute each (it reads only the low 4 bits of n), which
// leaves e^r - 1 to a degree-7 series (truncation error under 2e-18) in place of degree 13:
// 15 floating-point operations a batch instead of 21, and about half an ULP of error instead
// of one, as the table's value is carried in two parts.
[[gnu::always_inline]] inline __m512d exp_normal_float64_table(__m512d x) {
    const __m512d shifter = _mm512_set1_pd(0x1.8p52);  // adding it rounds x 16 log2(e) into the low bits
    const __m512d shifted = _mm512_fmadd_pd(x, _mm512_set1_pd(0x1.71547652b82fep4), shifter);
    const __m512d n = _mm512_sub_pd(shifted, shifter);
    // ln2 / 16 in two parts, the first with 32 significant bits: n times it is exact, and so
    // is x minus that product.
    __m512d r = _mm512_fmadd_pd(n, _mm512_set1_pd(-0x1.62e42feep-5), x);
    r = _mm512_fmadd_pd(n, _mm512_set1_pd(-0x1.a39ef35793c76p-37), r);
    const __m512i n_bits = _mm512_castpd_si512(shifted);  // the low bits hold 2^51 + n
    const __m512d high = _mm512_permutex2var_pd(_mm512_load_pd(exp2_sixteenths_high), n_bits, _mm512_load_pd(exp2_sixteenths_high + 8));
    const __m512d low = _mm512_permutex2var_pd(_mm512_load_pd(exp2_sixteenths_low), n_bits, _mm512_load_pd(exp2_sixteenths_low + 8));
    // e^r - 1 = r + r^2 q, q = sum of r^(k-2) / k! for k = 2..7, by Estrin's scheme.
    auto pair = [&r](double low_term, double high_term) { return _mm512_fmadd_pd(_mm512_set1_pd(high_term), r, _mm512_set1_pd(low_term)); };
    const __m512d r2 = _mm512_mul_pd(r, r), r4 = _mm512_mul_pd(r2, r2);
    const __m512d q = _mm512_fmadd_pd(pair(1.0 / 720, 1.0 / 5040), r4, _mm512_fmadd_pd(pair(1.0 / 24, 1.0 / 120), r2, pair(1.0 / 2, 1.0 / 6)));
    const __m512d e_r_minus_1 = _mm512_fmadd_pd(r2, q, r);
    // high + (high (e^r - 1) + low): the table value's error and the series' enter below the
    // last rounding, the addition of the small term to high.
    const __m512d mantissa = _mm512_add_pd(high, _mm512_fmadd_pd(high, e_r_minus_1, low));
    // 2^(n div 16): (2^51 + n) >> 4 = 2^47 + floor(n / 16), whose low 12 bits plus 1023 are the
    // exponent field once shifted into place (the 2^47 and the shifter's exponent fall off).
    const __m512i scale = _mm512_slli_epi64(_mm512_add_epi64(_mm512_srli_epi64(n_bits, 4), _mm512_set1_epi64(1023)), 52);
    return _mm512_mul_pd(mantissa, _mm512_castsi512_pd(scale));
}
#endif

// exp of float64 lanes whose result is a normal number, without a division: xsimd 8's
// kernel has one per batch, the slowest instruction there is (benchmark exp/f64/16K;
// docs/performance.md). x = n ln2 + r with |r| <= ln2/2, the
// reduction exact to well below an ULP through two fused steps, and e^r from its Taylor series
// to r^13 (truncation error under 5e-18); the result's error stays within ~1 ULP.
template <class B> [[gnu::always_inline]] inline B exp_normal_float64(const B& x) {
#if !defined(ND_NO_SIMD) && defined(__AVX512F__)
    if constexpr (sizeof(B) == 64) return B(exp_normal_float64_table(x));
#endif
    using bits_batch = xsimd::batch<std::int64_t, typename B::arch_type>;
    const B shifter(0x1.8p52);  // adding it rounds x log2(e) to an integer in the low bits
    const B shifted = xsimd::fma(x, B(0x1.71547652b82fep0), shifter);
    const B n = shifted - shifter;
    // ln 2 in two parts, the first with 32 significant bits so that n times it is exact with or
    // without a fused multiply-add (SSE2 has none): x - n ln2_high is then exact.
    B r = xsimd::fma(n, B(-0x1.62e42feep-1), x);
    r = xsimd::fma(n, B(-0x1.a39ef35793c76p-33), r);
    // q = sum of r^(k-2) / k! for k = 2..13, by Estrin's scheme: a chain of 4 steps instead of
    // Horner's 11, so that a few batches in flight keep the multiply-add units busy.
    auto pair = [&r](double low, double high) { return xsimd::fma(B(high), r, B(low)); };
    const B r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
    const B q0 = xsimd::fma(pair(1.0 / 24, 1.0 / 120), r2, pair(1.0 / 2, 1.0 / 6));
    const B q1 = xsimd::fma(pair(1.0 / 40320, 1.0 / 362880), r2, pair(1.0 / 720, 1.0 / 5040));
    const B q2 = xsimd::fma(pair(1.0 / 479001600, 1.0 / 6227020800), r2, pair(1.0 / 3628800, 1.0 / 39916800));
    const B q = xsimd::fma(q2, r8, xsimd::fma(q1, r4, q0));
    const B e_r = B(1.0) + xsimd::fma(r2, q, r);       // 1 + (r + r^2 q): one rounding at the end
    // 2^n from n's bits: the shifter's low bits hold n, its exponent field becomes n + 1023.
    const bits_batch scale_bits = (xsimd::bitwise_cast<bits_batch>(shifted) + bits_batch(1023)) << 52;
    return e_r * xsimd::bitwise_cast<B>(scale_bits);
}

/// The math functions of batches B, named as nd's operations name them; each gives the C
/// library's result to within a few ULPs, lane by lane. `nd::simd::math<B>::exp(x)`
template <class B> struct math {
    static B sqrt(const B& b) { return xsimd::sqrt(b); }
    [[gnu::always_inline]] static B exp(const B& b) {
        using T = typename B::value_type;
        auto scalar = [](T x) { return std::exp(x); };
        if constexpr (sizeof(T) == 8)  // from ln(DBL_MIN) to (1023 + 1/2) ln 2, where the scale 2^n (table form: 2^(n div 16)) is at most 2^1023
            return guarded(b, T(-708.396418532264), T(709.436), [](const B& x) { return exp_normal_float64(x); }, scalar);
        else
            return guarded(b, T(-87.3365447505531), T(88.3762626647949), [](const B& x) { return xsimd::exp(x); }, scalar);
    }
    static B log(const B& b) {
        return subnormal_guarded(b, [](const B& x) { return xsimd::log(x); }, [](auto x) { return std::log(x); });
    }
    static B log2(const B& b) {
        return subnormal_guarded(b, [](const B& x) { return xsimd::log2(x); }, [](auto x) { return std::log2(x); });
    }
    static B log10(const B& b) {
        return subnormal_guarded(b, [](const B& x) { return xsimd::log10(x); }, [](auto x) { return std::log10(x); });
    }
    static B sin(const B& b) { return xsimd::sin(b); }
    static B cos(const B& b) { return xsimd::cos(b); }
    static B tan(const B& b) { return xsimd::tan(b); }
    static B asin(const B& b) { return xsimd::asin(b); }
    static B acos(const B& b) { return xsimd::acos(b); }
    static B atan(const B& b) { return xsimd::atan(b); }
    static B sinh(const B& b) {
        using T = typename B::value_type;
        const T limit = sizeof(T) == 4 ? T(88) : T(709);
        return guarded(b, -limit, limit, [](const B& x) { return xsimd::sinh(x); }, [](T x) { return std::sinh(x); });
    }
    static B cosh(const B& b) {
        using T = typename B::value_type;
        const T limit = sizeof(T) == 4 ? T(88) : T(709);
        return guarded(b, -limit, limit, [](const B& x) { return xsimd::cosh(x); }, [](T x) { return std::cosh(x); });
    }
    static B tanh(const B& b) {
        using T = typename B::value_type;
        const T limit = sizeof(T) == 4 ? T(88) : T(709);
        return guarded(b, -limit, limit, [](const B& x) { return xsimd::tanh(x); }, [](T x) { return std::tanh(x); });
    }
    static B floor(const B& b) { return xsimd::floor(b); }
    static B ceil(const B& b) { return xsimd::ceil(b); }
    static B trunc(const B& b) { return xsimd::trunc(b); }
    static B nearbyint(const B& b) { return xsimd::nearbyint(b); }
    static B abs(const B& b) { return xsimd::abs(b); }
    static B atan2(const B& y, const B& x) { return xsimd::atan2(y, x); }
    static B hypot(const B& x, const B& y) { return xsimd::hypot(x, y); }
    // log(1 + x), for the logaddexp functions; their arguments lie in [0, 1].
    static B log1p(const B& b) { return xsimd::log1p(b); }
    // 2^x for the logaddexp2 function: the C library's for lanes whose result would be
    // subnormal, zero or infinite, where xsimd 8 leaves the range early as its exp does.
    static B exp2(const B& b) {
        using T = typename B::value_type;
        const T limit = sizeof(T) == 4 ? T(126) : T(1022);
        return guarded(b, -limit, limit, [](const B& x) { return xsimd::exp2(x); }, [](T x) { return std::exp2(x); });
    }
    // The lanes holding NaN (x != x is not that on every architecture: xsimd 8's AVX-512 form
    // compares ordered).
    static auto isnan(const B& b) { return xsimd::isnan(b); }
    // Lane by lane, a where the mask holds, else b.
    template <class Mask> static B select(const Mask& mask, const B& a, const B& b) { return xsimd::select(mask, a, b); }
    // NumPy's minimum and maximum propagate NaN from either side; fmin and fmax ignore it. Ties
    // give the second operand (maximum(0.0, -0.0) is -0.0), as NumPy's.
    // The min/max instruction gives b for a NaN in b; only a NaN in a needs a blend.
    static B minimum(const B& a, const B& b) {
        if constexpr (std::is_floating_point_v<typename B::value_type>) return xsimd::select(xsimd::isnan(a), a, xsimd::min(a, b));
        else return xsimd::min(a, b);
    }
    static B maximum(const B& a, const B& b) {
        if constexpr (std::is_floating_point_v<typename B::value_type>) return xsimd::select(xsimd::isnan(a), a, xsimd::max(a, b));
        else return xsimd::max(a, b);
    }
    static B fmin(const B& a, const B& b) {
        if constexpr (std::is_floating_point_v<typename B::value_type>) return xsimd::select((a < b) || xsimd::isnan(b), a, b);
        else return xsimd::min(a, b);
    }
    static B fmax(const B& a, const B& b) {
        if constexpr (std::is_floating_point_v<typename B::value_type>) return xsimd::select((a > b) || xsimd::isnan(b), a, b);
        else return xsimd::max(a, b);
    }
};
#endif

} // namespace nd::simd
