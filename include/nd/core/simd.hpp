#pragma once
// The one place nd includes xsimd. Everything else asks this header whether a type has SIMD
// batches and uses nd::simd::batch<T>. Building with ND_NO_SIMD (CMake: -DND_SIMD=OFF) removes
// xsimd entirely and leaves the scalar loops, which must give the same results.

#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>

#include "nd/core/dtype.hpp"

#if !defined(ND_NO_SIMD)
// GCC 12 reports a false "may be used uninitialized" inside its own AVX-512 intrinsics when
// xsimd's math is inlined (GCC bug 105593); silence it here so -Werror users can build.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
// The intrinsics nd itself uses. <immintrin.h> holds every x86 extension and takes ~0.4 s to
// parse on its own, so builds without AVX (baseline x86-64: SSE2) take the SSE2 header only,
// as xsimd does for them.
#if defined(__AVX__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <xsimd/xsimd.hpp>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#endif

namespace nd::simd {

#if defined(ND_NO_SIMD)
/// False when nd was built without SIMD. `if constexpr (nd::simd::enabled) ...`
inline constexpr bool enabled = false;
template <class T> inline constexpr bool has_batch = false;
template <class T> struct batch_placeholder {};
template <class T> using batch = batch_placeholder<T>;
template <class T> inline constexpr std::ptrdiff_t width = 1;
template <class T> inline constexpr bool has_every_second = false;
template <bool Interior = false, class T> batch<T> load_every_second(const T*) noexcept;
template <class T> inline constexpr bool has_row_pair_sums = false;
template <class T> batch<T> load_halves(const T*, const T*) noexcept;
template <class T> bool first_lanes_of_halves(std::ptrdiff_t) noexcept;
template <class T> batch<T> sum_row_pairs(const batch<T>*) noexcept;
template <class T> batch<T> load_partial(const T*, std::ptrdiff_t) noexcept;
template <class T> void store_partial(T*, const batch<T>&, std::ptrdiff_t) noexcept;
// Declared only, so that code naming them compiles; nothing calls them without SIMD.
template <class T> batch<T> load(const T*) noexcept;
template <class T> void store(T*, const batch<T>&) noexcept;
template <class T> void store_stream(T*, const batch<T>&) noexcept;
inline void stream_fence() noexcept {}
template <class T> batch<T> splat(T) noexcept;
template <class B> bool any_equal(const B&, const B&) noexcept;
template <class B> using lane_mask = bool;
template <class B> lane_mask<B> all_lanes() noexcept;
template <class B> lane_mask<B> still_ordered(const lane_mask<B>&, const B&, const B&) noexcept;
template <class M> bool all(const M&) noexcept;
template <class M> bool any(const M&) noexcept;
template <class B> B max_of_ordered(const B&, const B&);
template <class B> B min_of_ordered(const B&, const B&);
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

/// Stores b at p, aligned to a whole batch, without first reading p's cache line (a
/// non-temporal store, which goes to memory past the cache): for results too large to stay
/// cached, it saves the read of every destination line that a plain store makes. The stores are
/// weakly ordered: stream_fence() after the last one. `nd::simd::store_stream(out + i, b);`
template <class T> void store_stream(T* p, const batch<T>& b) noexcept {
    // The integer form for every element type: the register's bits are stored as they are.
    using native = typename batch<T>::register_type;
    [[maybe_unused]] const native bits = b;
#if defined(__AVX512F__)
    if constexpr (sizeof(native) == 64) return _mm512_stream_si512(reinterpret_cast<__m512i*>(p), (__m512i)bits);
#endif
#if defined(__AVX__)
    if constexpr (sizeof(native) == 32) return _mm256_stream_si256(reinterpret_cast<__m256i*>(p), (__m256i)bits);
#endif
#if defined(__SSE2__)
    if constexpr (sizeof(native) == 16) return _mm_stream_si128(reinterpret_cast<__m128i*>(p), (__m128i)bits);
#endif
    b.store_aligned(p);
}
/// Orders the store_stream stores before every later store, as plain stores are ordered.
inline void stream_fence() noexcept {
#if defined(__SSE2__)
    _mm_sfence();
#endif
}

/// Whether load_every_second has a SIMD version for T (AVX-512, 4- and 8-byte elements).
#if defined(__AVX512F__)
template <class T> inline constexpr bool has_every_second = has_batch<T> && sizeof(batch<T>) == 64 && (sizeof(T) == 4 || sizeof(T) == 8);
#else
template <class T> inline constexpr bool has_every_second = false;
#endif
/// p[0], p[2], p[4], ...: a batch of every second element (a[::2]), from two loads and one
/// permute. The second load is masked so that nothing past the last element used is read,
/// unless Interior says a later element is used too (then it is a plain load, which is faster).
template <bool Interior, class T> batch<T> load_every_second(const T* p) noexcept {
#if defined(__AVX512F__)
    if constexpr (has_every_second<T>) {
        if constexpr (sizeof(T) == 4) {
            const __m512i even = _mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0);
            if constexpr (std::is_same_v<T, float>)
                return batch<T>(_mm512_permutex2var_ps(_mm512_loadu_ps(p), even, Interior ? _mm512_loadu_ps(p + 16) : _mm512_maskz_loadu_ps(0x7FFF, p + 16)));
            else
                return batch<T>(_mm512_permutex2var_epi32(_mm512_loadu_si512(p), even,
                                                          Interior ? _mm512_loadu_si512(p + 16) : _mm512_maskz_loadu_epi32(0x7FFF, p + 16)));
        } else {
            const __m512i even = _mm512_set_epi64(14, 12, 10, 8, 6, 4, 2, 0);
            if constexpr (std::is_same_v<T, double>)
                return batch<T>(_mm512_permutex2var_pd(_mm512_loadu_pd(p), even, Interior ? _mm512_loadu_pd(p + 8) : _mm512_maskz_loadu_pd(0x7F, p + 8)));
            else
                return batch<T>(_mm512_permutex2var_epi64(_mm512_loadu_si512(p), even,
                                                          Interior ? _mm512_loadu_si512(p + 8) : _mm512_maskz_loadu_epi64(0x7F, p + 8)));
        }
    }
#endif
    alignas(64) T lanes[batch<T>::size];
    for (std::size_t k = 0; k < batch<T>::size; ++k) lanes[k] = p[2 * k];
    return batch<T>::load_aligned(lanes);
}

/// Whether load_halves and sum_row_pairs exist for T (AVX-512 floats); declared only elsewhere.
#if defined(__AVX512F__)
template <class T> inline constexpr bool has_row_pair_sums = (std::is_same_v<T, float> || std::is_same_v<T, double>) && sizeof(batch<T>) == 64;
/// Two half rows in one batch: W/2 elements from `low` in the lower lanes, W/2 from `high` in
/// the upper ones. Two plain loads and an insert: masked loads are slower on some processors.
template <class T> batch<T> load_halves(const T* low, const T* high) noexcept {
    static_assert(has_row_pair_sums<T>);
    if constexpr (sizeof(T) == 4)
        return batch<T>(_mm512_castpd_ps(_mm512_insertf64x4(_mm512_castps_pd(_mm512_castps256_ps512(_mm256_loadu_ps(low))), _mm256_castps_pd(_mm256_loadu_ps(high)), 1)));
    else
        return batch<T>(_mm512_insertf64x4(_mm512_castpd256_pd512(_mm256_loadu_pd(low)), _mm256_loadu_pd(high), 1));
}
/// The first `count` (<= W/2) lanes of each half of a batch of T.
template <class T> typename batch<T>::batch_bool_type first_lanes_of_halves(std::ptrdiff_t count) noexcept {
    static_assert(has_row_pair_sums<T>);
    const unsigned lanes = (1U << count) - 1;
    return typename batch<T>::batch_bool_type(static_cast<std::conditional_t<sizeof(T) == 4, __mmask16, __mmask8>>(lanes | lanes << width<T> / 2));
}
/// The sums across W/2 batches of two half rows each: lane r of the result is the sum of row r
/// when batch 2m holds rows m and m + W/4, and batch 2m + 1 rows m + W/2 and m + 3W/4 (m <
/// W/4). Rounds of two shuffles and an add per result, one round fewer than haddp's W batches.
template <class T> [[gnu::always_inline]] inline batch<T> sum_row_pairs(const batch<T>* pairs) noexcept {
    static_assert(has_row_pair_sums<T>);
    if constexpr (sizeof(T) == 4) {
        // 128-bit lane j of joined[m] holds row (m, m + 4, m + 8, m + 12)[j], four lanes of it.
        __m512 joined[4], halved[2];
        for (int m = 0; m < 4; ++m)
            joined[m] = _mm512_add_ps(_mm512_shuffle_f32x4(pairs[2 * m], pairs[2 * m + 1], 0x88), _mm512_shuffle_f32x4(pairs[2 * m], pairs[2 * m + 1], 0xDD));
        for (int i = 0; i < 2; ++i)
            halved[i] = _mm512_add_ps(_mm512_shuffle_ps(joined[2 * i], joined[2 * i + 1], 0x88), _mm512_shuffle_ps(joined[2 * i], joined[2 * i + 1], 0xDD));
        return batch<T>(_mm512_add_ps(_mm512_shuffle_ps(halved[0], halved[1], 0x88), _mm512_shuffle_ps(halved[0], halved[1], 0xDD)));
    } else {
        // 128-bit lane j of joined[m] holds row (m, m + 2, m + 4, m + 6)[j], two lanes of it.
        __m512d joined[2];
        for (int m = 0; m < 2; ++m)
            joined[m] = _mm512_add_pd(_mm512_shuffle_f64x2(pairs[2 * m], pairs[2 * m + 1], 0x88), _mm512_shuffle_f64x2(pairs[2 * m], pairs[2 * m + 1], 0xDD));
        return batch<T>(_mm512_add_pd(_mm512_shuffle_pd(joined[0], joined[1], 0x00), _mm512_shuffle_pd(joined[0], joined[1], 0xFF)));
    }
}
#else
template <class T> inline constexpr bool has_row_pair_sums = false;
template <class T> batch<T> load_halves(const T*, const T*) noexcept;
template <class T> typename batch<T>::batch_bool_type first_lanes_of_halves(std::ptrdiff_t) noexcept;
template <class T> batch<T> sum_row_pairs(const batch<T>*) noexcept;
#endif

/// Whether sum_rows_by_element_pairs exists for T and rows of Length elements: AVX-512
/// float32, Length even and at most 14.
#if defined(__AVX512F__)
template <class T, int Length>
inline constexpr bool has_element_pair_row_sums = std::is_same_v<T, float> && sizeof(batch<T>) == 64 && Length % 2 == 0 && Length >= 2 && Length <= 14;

/// One gather of sum_rows_by_element_pairs: lanes of a batch taken from batches `source` and
/// `source + 1` of pair sums (index 16 and up: the second), the lanes outside `mask` zero.
struct pair_sum_gather {
    int source = 0;
    int index[16] = {};
    unsigned mask = 0;
};
/// For each group of four rows, the gathers whose sum holds, in 128-bit lane p, the pair sums of
/// row 4m + p (four a gather).
struct pair_sum_gathers {
    pair_sum_gather gathers[4][8];
    int count[4] = {};
};
/// The gathers for rows of Length floats: for each group of four rows and each four of their
/// pair sums, as few gathers as cover them, each from two neighbouring batches of pair sums.
template <int Length> constexpr pair_sum_gathers plan_pair_sum_gathers() {
    constexpr int pairs = Length / 2;
    pair_sum_gathers plan;
    for (int m = 0; m < 4; ++m)
        for (int k = 0; 4 * k < pairs; ++k) {
            // Where each wanted pair sum lies: pair v sums elements 2v and 2v + 1, which the
            // in-lane shuffles of sum_rows_by_element_pairs put in batch 2v / 32, lane `lane`.
            int batch_of[16], lane_of[16];
            unsigned wanted = 0;
            for (int p = 0; p < 4; ++p)
                for (int e = 0; e < 4 && 4 * k + e < pairs; ++e) {
                    const int element = 2 * (pairs * (4 * m + p) + 4 * k + e), lane = 4 * p + e;
                    batch_of[lane] = element / 32;
                    lane_of[lane] = 4 * (element % 16 / 4) + 2 * (element / 16 % 2) + element % 4 / 2;
                    wanted |= 1U << lane;
                }
            while (wanted != 0) {
                int first = pairs;
                for (int lane = 0; lane < 16; ++lane)
                    if (wanted >> lane & 1U && batch_of[lane] < first) first = batch_of[lane];
                pair_sum_gather& gather = plan.gathers[m][plan.count[m]++];
                gather.source = first;
                for (int lane = 0; lane < 16; ++lane)
                    if (wanted >> lane & 1U && batch_of[lane] <= first + 1) {
                        gather.index[lane] = lane_of[lane] + 16 * (batch_of[lane] - first);
                        gather.mask |= 1U << lane;
                        wanted &= ~(1U << lane);
                    }
            }
        }
    return plan;
}

/// plan_pair_sum_gathers, computed once at compile time.
template <int Length> inline constexpr pair_sum_gathers pair_sum_plan = plan_pair_sum_gathers<Length>();

/// The sum of the gathers of rows 4M to 4M + 3 (as sum_rows_by_element_pairs wants them).
template <int Length, int M, int... G> [[gnu::always_inline]] inline __m512 gather_pair_sums(const __m512* pair_sums, std::integer_sequence<int, G...>) noexcept {
    constexpr int pairs = Length / 2;
    auto part = [pair_sums]<int g>(std::integral_constant<int, g>) {
        constexpr const pair_sum_gather& gather = pair_sum_plan<Length>.gathers[M][g];
        return _mm512_maskz_permutex2var_ps(static_cast<__mmask16>(gather.mask), pair_sums[gather.source], _mm512_loadu_si512(gather.index),
                                            pair_sums[gather.source + 1 < pairs ? gather.source + 1 : gather.source]);
    };
    return (part(std::integral_constant<int, G>{}) + ...);
}

/// The sums of 16 adjacent rows of Length floats from p (a batch, row r in lane r). Full loads;
/// in-lane shuffles add neighbouring elements (each pair within a row, Length being even), a
/// few gathers bring each row's pair sums into a 128-bit lane, and in-lane shuffles add those.
/// In-lane shuffles are cheap where lane-crossing ones and loads that straddle cache lines are
/// not (measured on Zen 5: about 0.86x a plain read for 100000 rows of 10, against 0.70x for
/// pairs of half rows); each row's sum adds its elements as a tree, as accurate as NumPy's.
template <int Length> [[gnu::always_inline]] inline batch<float> sum_rows_by_element_pairs(const float* p) noexcept {
    static_assert(has_element_pair_row_sums<float, Length>);
    constexpr int pairs = Length / 2;
    __m512 pair_sums[pairs];
    [&]<int... i>(std::integer_sequence<int, i...>) {
        auto add_pairs = [p](int at) {
            const __m512 low = _mm512_loadu_ps(p + at), high = _mm512_loadu_ps(p + at + 16);
            return _mm512_add_ps(_mm512_shuffle_ps(low, high, 0x88), _mm512_shuffle_ps(low, high, 0xDD));
        };
        ((pair_sums[i] = add_pairs(32 * i)), ...);
    }(std::make_integer_sequence<int, pairs>{});
    constexpr const pair_sum_gathers& plan = pair_sum_plan<Length>;
    const __m512 quad0 = gather_pair_sums<Length, 0>(pair_sums, std::make_integer_sequence<int, plan.count[0]>{});
    const __m512 quad1 = gather_pair_sums<Length, 1>(pair_sums, std::make_integer_sequence<int, plan.count[1]>{});
    const __m512 quad2 = gather_pair_sums<Length, 2>(pair_sums, std::make_integer_sequence<int, plan.count[2]>{});
    const __m512 quad3 = gather_pair_sums<Length, 3>(pair_sums, std::make_integer_sequence<int, plan.count[3]>{});
    // 128-bit lane p of quadm holds row 4m + p: two rounds of in-lane sums leave it in lane
    // 4p + m, and one permute puts row r in lane r.
    const __m512 halved0 = _mm512_add_ps(_mm512_shuffle_ps(quad0, quad1, 0x88), _mm512_shuffle_ps(quad0, quad1, 0xDD));
    const __m512 halved1 = _mm512_add_ps(_mm512_shuffle_ps(quad2, quad3, 0x88), _mm512_shuffle_ps(quad2, quad3, 0xDD));
    const __m512 sums = _mm512_add_ps(_mm512_shuffle_ps(halved0, halved1, 0x88), _mm512_shuffle_ps(halved0, halved1, 0xDD));
    const __m512i row_order = _mm512_set_epi32(15, 11, 7, 3, 14, 10, 6, 2, 13, 9, 5, 1, 12, 8, 4, 0);
    return batch<float>(_mm512_permutexvar_ps(row_order, sums));
}
#else
template <class T, int Length> inline constexpr bool has_element_pair_row_sums = false;
template <int Length> batch<float> sum_rows_by_element_pairs(const float*) noexcept;
#endif

// The last, partial batch of a run. AVX-512 loads and stores it with a lane mask, AVX2 (4- and
// 8-byte elements) with a vector mask cut from a sliding window of ones and zeros; elsewhere it
// goes through an aligned array (a store-forwarding stall, and with GCC a call to memcpy: about
// 60 instructions of a 4-float add).
#if defined(__AVX2__) && !defined(__AVX512F__)
/// The AVX2 lane mask of the first `count` (< width) lanes of a batch of T.
template <class T> __m256i avx2_first_lanes(std::ptrdiff_t count) noexcept {
    alignas(32) static constexpr std::int32_t window[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
    constexpr std::ptrdiff_t words_per_lane = static_cast<std::ptrdiff_t>(sizeof(T) / 4);
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(window + 8 - count * words_per_lane));
}
template <class T> inline constexpr bool has_avx2_masked_moves = sizeof(batch<T>) == 32 && (sizeof(T) == 4 || sizeof(T) == 8);
#endif
/// The first `count` (< width) elements at p; the other lanes are zero.
template <class T> batch<T> load_partial(const T* p, std::ptrdiff_t count) noexcept {
#if defined(__AVX512F__)
    if constexpr (sizeof(batch<T>) == 64 && std::is_floating_point_v<T>) {
        if constexpr (sizeof(T) == 4) return batch<T>(_mm512_maskz_loadu_ps(static_cast<__mmask16>((1U << count) - 1), p));
        else return batch<T>(_mm512_maskz_loadu_pd(static_cast<__mmask8>((1U << count) - 1), p));
    } else if constexpr (sizeof(batch<T>) == 64 && sizeof(T) >= 4) {
        if constexpr (sizeof(T) == 4) return batch<T>(_mm512_maskz_loadu_epi32(static_cast<__mmask16>((1U << count) - 1), p));
        else return batch<T>(_mm512_maskz_loadu_epi64(static_cast<__mmask8>((1U << count) - 1), p));
    }
#elif defined(__AVX2__)
    if constexpr (has_avx2_masked_moves<T>) {
        const __m256i mask = avx2_first_lanes<T>(count);
        if constexpr (std::is_same_v<T, float>) return batch<T>(_mm256_maskload_ps(p, mask));
        else if constexpr (std::is_same_v<T, double>) return batch<T>(_mm256_maskload_pd(p, mask));
        else if constexpr (sizeof(T) == 4) return batch<T>(_mm256_maskload_epi32(reinterpret_cast<const int*>(p), mask));
        else return batch<T>(_mm256_maskload_epi64(reinterpret_cast<const long long*>(p), mask));
    }
#endif
    alignas(64) T lanes[batch<T>::size] = {};
    for (std::ptrdiff_t k = 0; k < count; ++k) lanes[k] = p[k];
    return batch<T>::load_aligned(lanes);
}
/// Stores the first `count` (< width) lanes of b at p.
template <class T> void store_partial(T* p, const batch<T>& b, std::ptrdiff_t count) noexcept {
#if defined(__AVX512F__)
    if constexpr (sizeof(batch<T>) == 64 && std::is_floating_point_v<T>) {
        if constexpr (sizeof(T) == 4) return _mm512_mask_storeu_ps(p, static_cast<__mmask16>((1U << count) - 1), b);
        else return _mm512_mask_storeu_pd(p, static_cast<__mmask8>((1U << count) - 1), b);
    } else if constexpr (sizeof(batch<T>) == 64 && sizeof(T) >= 4) {
        if constexpr (sizeof(T) == 4) return _mm512_mask_storeu_epi32(p, static_cast<__mmask16>((1U << count) - 1), b);
        else return _mm512_mask_storeu_epi64(p, static_cast<__mmask8>((1U << count) - 1), b);
    }
#elif defined(__AVX2__)
    if constexpr (has_avx2_masked_moves<T>) {
        const __m256i mask = avx2_first_lanes<T>(count);
        if constexpr (std::is_same_v<T, float>) return _mm256_maskstore_ps(p, mask, b);
        else if constexpr (std::is_same_v<T, double>) return _mm256_maskstore_pd(p, mask, b);
        else if constexpr (sizeof(T) == 4) return _mm256_maskstore_epi32(reinterpret_cast<int*>(p), mask, b);
        else return _mm256_maskstore_epi64(reinterpret_cast<long long*>(p), mask, b);
    }
#endif
    alignas(64) T lanes[batch<T>::size];
    b.store_aligned(lanes);
    for (std::ptrdiff_t k = 0; k < count; ++k) p[k] = lanes[k];
}
/// Whether some lane of a equals the same lane of b.
template <class B> bool any_equal(const B& a, const B& b) noexcept { return xsimd::any(a == b); }

/// One flag per lane of B (a k-register with AVX-512, a vector mask before it).
template <class B> using lane_mask = typename B::batch_bool_type;
template <class B> lane_mask<B> all_lanes() noexcept { return lane_mask<B>(true); }
/// The lanes of `so_far` where neither a nor b is NaN: one masked compare with AVX-512.
template <class B> lane_mask<B> still_ordered(const lane_mask<B>& so_far, const B& a, const B& b) noexcept {
    using T = typename B::value_type;
    static_assert(std::is_floating_point_v<T>);
#if defined(__AVX512F__)
    if constexpr (sizeof(B) == 64) {
        if constexpr (sizeof(T) == 4) return lane_mask<B>(_mm512_mask_cmp_ps_mask(so_far, a, b, _CMP_ORD_Q));
        else return lane_mask<B>(_mm512_mask_cmp_pd_mask(so_far, a, b, _CMP_ORD_Q));
    }
#endif
#if defined(__AVX__)
    if constexpr (sizeof(B) == 32) {
        if constexpr (sizeof(T) == 4) return so_far && lane_mask<B>(_mm256_cmp_ps(a, b, _CMP_ORD_Q));
        else return so_far && lane_mask<B>(_mm256_cmp_pd(a, b, _CMP_ORD_Q));
    }
#endif
#if defined(__SSE2__)
    if constexpr (sizeof(B) == 16) {
        if constexpr (sizeof(T) == 4) return so_far && lane_mask<B>(_mm_cmpord_ps(a, b));
        else return so_far && lane_mask<B>(_mm_cmpord_pd(a, b));
    }
#endif
    return so_far && (a == a) && (b == b);
}
template <class M> bool all(const M& mask) noexcept { return xsimd::all(mask); }
template <class M> bool any(const M& mask) noexcept { return xsimd::any(mask); }

// The min and max instructions: a < b ? a : b and a > b ? a : b, lane by lane. They equal
// minimum and maximum below (ties give b) except that a NaN in a is dropped, so callers that
// use them watch for NaN apart (unordered) and redo the work with minimum or maximum.
template <class B> B max_of_ordered(const B& a, const B& b) { return xsimd::max(a, b); }
template <class B> B min_of_ordered(const B& a, const B& b) { return xsimd::min(a, b); }

// Math on batches, named as nd's operations name them.
template <class B> B sqrt(const B& b) { return xsimd::sqrt(b); }
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
// kernel has one per batch, the slowest instruction there is (on Intel AVX-512 it ran at 3.4x
// a scalar std::exp loop, against 10x for this one). x = n ln2 + r with |r| <= ln2/2, the
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
template <class B> [[gnu::always_inline]] inline B exp(const B& b) {
    using T = typename B::value_type;
    auto scalar = [](T x) { return std::exp(x); };
    if constexpr (sizeof(T) == 8)  // from ln(DBL_MIN) to (1023 + 1/2) ln 2, where the scale 2^n (table form: 2^(n div 16)) is at most 2^1023
        return guarded(b, T(-708.396418532264), T(709.436), [](const B& x) { return exp_normal_float64(x); }, scalar);
    else
        return guarded(b, T(-87.3365447505531), T(88.3762626647949), [](const B& x) { return xsimd::exp(x); }, scalar);
}
template <class B> B log(const B& b) {
    return subnormal_guarded(b, [](const B& x) { return xsimd::log(x); }, [](auto x) { return std::log(x); });
}
template <class B> B log2(const B& b) {
    return subnormal_guarded(b, [](const B& x) { return xsimd::log2(x); }, [](auto x) { return std::log2(x); });
}
template <class B> B log10(const B& b) {
    return subnormal_guarded(b, [](const B& x) { return xsimd::log10(x); }, [](auto x) { return std::log10(x); });
}
template <class B> B sin(const B& b) { return xsimd::sin(b); }
template <class B> B cos(const B& b) { return xsimd::cos(b); }
template <class B> B tan(const B& b) { return xsimd::tan(b); }
template <class B> B asin(const B& b) { return xsimd::asin(b); }
template <class B> B acos(const B& b) { return xsimd::acos(b); }
template <class B> B atan(const B& b) { return xsimd::atan(b); }
template <class B> B sinh(const B& b) {
    using T = typename B::value_type;
    const T limit = sizeof(T) == 4 ? T(88) : T(709);
    return guarded(b, -limit, limit, [](const B& x) { return xsimd::sinh(x); }, [](T x) { return std::sinh(x); });
}
template <class B> B cosh(const B& b) {
    using T = typename B::value_type;
    const T limit = sizeof(T) == 4 ? T(88) : T(709);
    return guarded(b, -limit, limit, [](const B& x) { return xsimd::cosh(x); }, [](T x) { return std::cosh(x); });
}
template <class B> B tanh(const B& b) {
    using T = typename B::value_type;
    const T limit = sizeof(T) == 4 ? T(88) : T(709);
    return guarded(b, -limit, limit, [](const B& x) { return xsimd::tanh(x); }, [](T x) { return std::tanh(x); });
}
template <class B> B floor(const B& b) { return xsimd::floor(b); }
template <class B> B ceil(const B& b) { return xsimd::ceil(b); }
template <class B> B trunc(const B& b) { return xsimd::trunc(b); }
template <class B> B nearbyint(const B& b) { return xsimd::nearbyint(b); }
template <class B> B abs(const B& b) { return xsimd::abs(b); }
template <class B> B atan2(const B& y, const B& x) { return xsimd::atan2(y, x); }
template <class B> B hypot(const B& x, const B& y) { return xsimd::hypot(x, y); }
// NumPy's minimum and maximum propagate NaN from either side; fmin and fmax ignore it. Ties
// give the second operand (maximum(0.0, -0.0) is -0.0), as NumPy's.
// The min/max instruction gives b for a NaN in b; only a NaN in a needs a blend.
template <class B> B minimum(const B& a, const B& b) {
    if constexpr (std::is_floating_point_v<typename B::value_type>) return xsimd::select(xsimd::isnan(a), a, xsimd::min(a, b));
    else return xsimd::min(a, b);
}
template <class B> B maximum(const B& a, const B& b) {
    if constexpr (std::is_floating_point_v<typename B::value_type>) return xsimd::select(xsimd::isnan(a), a, xsimd::max(a, b));
    else return xsimd::max(a, b);
}
template <class B> B fmin(const B& a, const B& b) {
    if constexpr (std::is_floating_point_v<typename B::value_type>) return xsimd::select((a < b) || xsimd::isnan(b), a, b);
    else return xsimd::min(a, b);
}
template <class B> B fmax(const B& a, const B& b) {
    if constexpr (std::is_floating_point_v<typename B::value_type>) return xsimd::select((a > b) || xsimd::isnan(b), a, b);
    else return xsimd::max(a, b);
}
#endif

} // namespace nd::simd
