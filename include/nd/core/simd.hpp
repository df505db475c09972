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
template <class M, class B> B select(const M&, const B&, const B&) noexcept;
template <class B> B sums_of_batches(const B*) noexcept;
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
/// not (benchmark sum_axis1/f32/100000x10; docs/performance.md); each row's sum adds its
/// elements as a tree, as accurate as NumPy's.
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
/// Lane by lane, a where the mask holds, else b. `nd::simd::select(lanes < n, x, zero)`
template <class M, class B> B select(const M& mask, const B& a, const B& b) noexcept { return xsimd::select(mask, a, b); }
/// The sums of W batches of W lanes each, one per lane (xsimd's haddp: the lane that receives
/// each sum depends on the architecture; axis_blocks.hpp probes it).
template <class B> B sums_of_batches(const B* batches) noexcept { return xsimd::haddp(batches); }

// The min and max instructions: a < b ? a : b and a > b ? a : b, lane by lane. They equal
// minimum and maximum below (ties give b) except that a NaN in a is dropped, so callers that
// use them watch for NaN apart (unordered) and redo the work with minimum or maximum.
template <class B> B max_of_ordered(const B& a, const B& b) { return xsimd::max(a, b); }
template <class B> B min_of_ordered(const B& a, const B& b) { return xsimd::min(a, b); }

#endif

} // namespace nd::simd
