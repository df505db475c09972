#pragma once
// The two element moves of advanced indexing that have SIMD instructions of their own.
// Compress: the elements whose flag is set, packed in order, as boolean indexing selects them.
// With AVX-512 a batch is compressed inside a register and stored with a mask of its first
// lanes (a compress straight to memory is very slow on AMD Zen 4); without it, a branchless
// loop stores every element and advances the output by its flag. AVX2 has no compress: a
// table of lane orders feeds a permute, for masks that come as lane bits.
// Gather: elements picked by an index array, eight loads in flight per instruction with AVX-512.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "nd/core/simd.hpp"

namespace nd::simd {

#if !defined(ND_NO_SIMD) && defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VL__)
/// Whether a comparison of T batches gives its lanes as bits (lane_bits), and compress_bits
/// compresses T elements in registers: AVX-512, elements of 4 or 8 bytes.
template <class T> inline constexpr bool has_lane_bits = has_batch<T> && (sizeof(T) == 4 || sizeof(T) == 8);
/// The lanes of a comparison's result, lane k as bit k. `bits = simd::lane_bits(a < b);`
template <class B> std::uint64_t lane_bits(const B& lanes) noexcept {
    return static_cast<std::uint64_t>(static_cast<typename B::register_type>(lanes));
}
#elif !defined(ND_NO_SIMD) && defined(__AVX2__)
template <class T> inline constexpr bool has_lane_bits = has_batch<T> && (sizeof(T) == 4 || sizeof(T) == 8);
inline std::uint64_t register_bits(__m256 lanes) noexcept { return static_cast<std::uint32_t>(_mm256_movemask_ps(lanes)); }
inline std::uint64_t register_bits(__m256d lanes) noexcept { return static_cast<std::uint32_t>(_mm256_movemask_pd(lanes)); }
template <class B> std::uint64_t lane_bits(const B& lanes) noexcept {
    using element_type = typename B::batch_type::value_type;
    if constexpr (std::is_floating_point_v<element_type>) return register_bits(static_cast<typename B::register_type>(lanes));
    else if constexpr (sizeof(element_type) == 4) return register_bits(_mm256_castsi256_ps(static_cast<__m256i>(lanes)));
    else return register_bits(_mm256_castsi256_pd(static_cast<__m256i>(lanes)));
}

/// AVX2 has no compress: a table gives, for each pattern of 8 kept 4-byte lanes (or 4 kept
/// 8-byte lanes, as pairs), the lanes to move to the front, one byte per 4-byte lane.
template <std::size_t Bytes> struct compress_table {
    static constexpr int patterns = Bytes == 4 ? 256 : 16;
    std::uint64_t lanes[patterns];
    constexpr compress_table() : lanes{} {
        for (int pattern = 0; pattern < patterns; ++pattern) {
            std::uint64_t packed = 0;
            int filled = 0;
            for (int lane = 0; lane < (Bytes == 4 ? 8 : 4); ++lane) {
                if (((pattern >> lane) & 1) == 0) continue;
                if constexpr (Bytes == 4) {
                    packed |= static_cast<std::uint64_t>(lane) << (8 * filled++);
                } else {
                    packed |= static_cast<std::uint64_t>(2 * lane) << (8 * filled++);
                    packed |= static_cast<std::uint64_t>(2 * lane + 1) << (8 * filled++);
                }
            }
            lanes[pattern] = packed;
        }
    }
};
template <std::size_t Bytes> inline constexpr compress_table<Bytes> compress_lanes{};
#else
template <class T> inline constexpr bool has_lane_bits = false;
template <class B> std::uint64_t lane_bits(const B&) noexcept; // declared only: nothing calls it here
#endif

/// compress() with the flags as bits, 64 to a word, element k as bit k % 64 of word k / 64
/// (the bits past n are zero); only where has_lane_bits. Contiguous elements.
template <std::size_t Bytes> std::byte* compress_bits(const std::uint64_t* bits, std::ptrdiff_t n, const std::byte* from, std::byte* out) {
    std::ptrdiff_t i = 0;
#if !defined(ND_NO_SIMD) && defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VL__)
    constexpr std::ptrdiff_t lanes = 64 / static_cast<std::ptrdiff_t>(Bytes);
    for (; i < n; i += lanes) {
        const auto chosen = static_cast<unsigned>((bits[i >> 6] >> (i & 63)) & ((std::uint64_t{1} << lanes) - 1));
        if (chosen == 0) continue; // sparse masks: most batches keep nothing
        const int count = std::popcount(chosen);
        const unsigned first = (1U << count) - 1;
        if (count == lanes) { // dense masks: most batches keep everything
            std::memcpy(out, from + i * static_cast<std::ptrdiff_t>(Bytes), 64);
        } else if (i + lanes <= n) {
            const __m512i values = _mm512_loadu_si512(from + i * static_cast<std::ptrdiff_t>(Bytes));
            if constexpr (Bytes == 4) _mm512_mask_storeu_epi32(out, static_cast<__mmask16>(first), _mm512_maskz_compress_epi32(static_cast<__mmask16>(chosen), values));
            else _mm512_mask_storeu_epi64(out, static_cast<__mmask8>(first), _mm512_maskz_compress_epi64(static_cast<__mmask8>(chosen), values));
        } else { // the last, partial batch: nothing past n is read
            const auto present = static_cast<unsigned>((std::uint64_t{1} << (n - i)) - 1);
            if constexpr (Bytes == 4) {
                const __m512i values = _mm512_maskz_loadu_epi32(static_cast<__mmask16>(present), from + i * 4);
                _mm512_mask_storeu_epi32(out, static_cast<__mmask16>(first), _mm512_maskz_compress_epi32(static_cast<__mmask16>(chosen), values));
            } else {
                const __m512i values = _mm512_maskz_loadu_epi64(static_cast<__mmask8>(present), from + i * 8);
                _mm512_mask_storeu_epi64(out, static_cast<__mmask8>(first), _mm512_maskz_compress_epi64(static_cast<__mmask8>(chosen), values));
            }
        }
        out += count * static_cast<std::ptrdiff_t>(Bytes);
    }
#elif !defined(ND_NO_SIMD) && defined(__AVX2__)
    constexpr std::ptrdiff_t lanes = 32 / static_cast<std::ptrdiff_t>(Bytes);
    for (; i + lanes <= n; i += lanes) {
        const auto chosen = static_cast<unsigned>((bits[i >> 6] >> (i & 63)) & ((1U << lanes) - 1));
        if (chosen == 0) continue;
        const int count = std::popcount(chosen);
        const std::byte* first = from + i * static_cast<std::ptrdiff_t>(Bytes);
        if (count == lanes) {
            std::memcpy(out, first, 32);
        } else {
            const __m256i order = _mm256_cvtepu8_epi32(_mm_cvtsi64_si128(static_cast<long long>(compress_lanes<Bytes>.lanes[chosen])));
            const __m256i packed = _mm256_permutevar8x32_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(first)), order);
            // The first count * Bytes / 4 lanes of 4 bytes: their top bits set.
            const __m256i kept = _mm256_cmpgt_epi32(_mm256_set1_epi32(count * static_cast<int>(Bytes) / 4), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
            _mm256_maskstore_epi32(reinterpret_cast<int*>(out), kept, packed);
        }
        out += count * static_cast<std::ptrdiff_t>(Bytes);
    }
    for (; i < n; ++i)
        if ((bits[i >> 6] >> (i & 63)) & 1) {
            std::memcpy(out, from + i * static_cast<std::ptrdiff_t>(Bytes), Bytes);
            out += Bytes;
        }
#else
    for (; i < n; ++i)
        if ((bits[i >> 6] >> (i & 63)) & 1) {
            std::memcpy(out, from + i * static_cast<std::ptrdiff_t>(Bytes), Bytes);
            out += Bytes;
        }
#endif
    return out;
}

/// Copies the elements of `from` (n elements of Bytes bytes, `stride` bytes apart) whose
/// `keep` flag is set to `out`, in order, and returns the end of what it wrote. `room`: how
/// many elements `out` can take; the branchless loop writes one element past its last kept one,
/// so it runs only where that stays inside.
/// `out = simd::compress<4>(flags, n, from, 4, out, room);`
template <std::size_t Bytes>
std::byte* compress(const bool* keep, std::ptrdiff_t n, const std::byte* from, std::ptrdiff_t stride, std::byte* out, std::ptrdiff_t room) {
    std::byte* const start = out;
    std::ptrdiff_t i = 0;
#if !defined(ND_NO_SIMD) && defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VL__)
    if constexpr (Bytes == 4 || Bytes == 8) {
        if (stride == static_cast<std::ptrdiff_t>(Bytes)) {
            constexpr std::ptrdiff_t lanes = 64 / static_cast<std::ptrdiff_t>(Bytes);
            for (; i + lanes <= n; i += lanes) {
                const __m512i values = _mm512_loadu_si512(from + i * stride);
                if constexpr (Bytes == 4) {
                    const __m128i flags = _mm_loadu_si128(reinterpret_cast<const __m128i*>(keep + i));
                    const __mmask16 chosen = _mm_test_epi8_mask(flags, flags);
                    const int count = std::popcount(static_cast<unsigned>(chosen));
                    _mm512_mask_storeu_epi32(out, static_cast<__mmask16>((1U << count) - 1), _mm512_maskz_compress_epi32(chosen, values));
                    out += count * 4;
                } else {
                    const __m128i flags = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(keep + i));
                    const auto chosen = static_cast<__mmask8>(_mm_test_epi8_mask(flags, flags));
                    const int count = std::popcount(static_cast<unsigned>(chosen));
                    _mm512_mask_storeu_epi64(out, static_cast<__mmask8>((1U << count) - 1), _mm512_maskz_compress_epi64(chosen, values));
                    out += count * 8;
                }
            }
        }
    }
#endif
    if (n - i <= room - (out - start) / static_cast<std::ptrdiff_t>(Bytes)) {
        for (; i < n; ++i) {
            std::memcpy(out, from + i * stride, Bytes);
            out += keep[i] ? static_cast<std::ptrdiff_t>(Bytes) : 0;
        }
    } else {
        for (; i < n; ++i)
            if (keep[i]) {
                std::memcpy(out, from + i * stride, Bytes);
                out += Bytes;
            }
    }
    return out;
}

/// Copies n elements of Bytes bytes, the k-th from base + index * stride where index is
/// indices[k] (a negative one counted back from `extent`), to `out`; returns how many it
/// copied before the first index outside [-extent, extent), n when there is none.
/// `done = simd::gather<4>(indices, n, extent, 4, base, out);`
template <std::size_t Bytes>
std::ptrdiff_t gather(const std::int64_t* indices, std::ptrdiff_t n, std::ptrdiff_t extent, std::ptrdiff_t stride, const std::byte* base, std::byte* out) {
    std::ptrdiff_t k = 0;
#if !defined(ND_NO_SIMD) && defined(__AVX512F__) && defined(__AVX512DQ__)
    if constexpr (Bytes == 4 || Bytes == 8) {
        const __m512i size = _mm512_set1_epi64(extent), step = _mm512_set1_epi64(stride);
        for (; k + 8 <= n; k += 8) {
            __m512i index = _mm512_loadu_si512(indices + k);
            index = _mm512_mask_add_epi64(index, _mm512_cmplt_epi64_mask(index, _mm512_setzero_si512()), index, size);
            if (_mm512_cmpge_epu64_mask(index, size) != 0) break; // the element loop below finds which
            const __m512i offsets = _mm512_mullo_epi64(index, step);
            if constexpr (Bytes == 4) _mm256_storeu_ps(reinterpret_cast<float*>(out + k * 4), _mm512_i64gather_ps(offsets, base, 1));
            else _mm512_storeu_pd(reinterpret_cast<double*>(out + k * 8), _mm512_i64gather_pd(offsets, base, 1));
        }
    }
#endif
    for (; k < n; ++k) {
        const std::int64_t index = indices[k] < 0 ? indices[k] + extent : indices[k];
        if (static_cast<std::uint64_t>(index) >= static_cast<std::uint64_t>(extent)) return k;
        std::memcpy(out + k * static_cast<std::ptrdiff_t>(Bytes), base + index * stride, Bytes);
    }
    return n;
}

} // namespace nd::simd
