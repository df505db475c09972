#pragma once
// Compress: the elements whose flag is set, packed in order, as boolean indexing selects them.
// With AVX-512 a batch is compressed inside a register and stored with a mask of its first
// lanes (a compress straight to memory is very slow on AMD Zen 4); without it, a branchless
// loop stores every element and advances the output by its flag.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "nd/core/simd.hpp"

namespace nd::simd {

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

} // namespace nd::simd
