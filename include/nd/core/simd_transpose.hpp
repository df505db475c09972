#pragma once
// Register transposes of small square blocks, the inner step of transposed copies
// (eval/assign.hpp): one row of the block per register, so that on every architecture a block
// reads and writes whole registers. With AVX-512 a float block is 16 x 16 and each of its rows
// a whole cache line: rows that are far apart all fall in one L1 set, and a line read or
// written in halves by two blocks would be evicted between them.

#include <cstddef>

#include "nd/core/simd.hpp"

namespace nd::simd {

/// The side of the square blocks transpose_block moves at once for T (1 when there is no
/// register transpose for T on this architecture): one register of T per row.
template <class T> constexpr std::ptrdiff_t transpose_width() {
#if !defined(ND_NO_SIMD) && defined(__AVX512F__)
    if constexpr (sizeof(T) == 4 || sizeof(T) == 8) return 64 / static_cast<std::ptrdiff_t>(sizeof(T));
#elif !defined(ND_NO_SIMD) && defined(__AVX__)
    if constexpr (sizeof(T) == 4 || sizeof(T) == 8) return 32 / static_cast<std::ptrdiff_t>(sizeof(T));
#elif !defined(ND_NO_SIMD) && defined(__SSE2__)
    if constexpr (sizeof(T) == 4 || sizeof(T) == 8) return 16 / static_cast<std::ptrdiff_t>(sizeof(T));
#endif
    return 1;
}

/// Whether transpose_block<true> streams its rows past the cache (non-temporal stores): where
/// each row of a block is a whole 64-byte line, so that no line is left half written.
template <class T> constexpr bool transpose_streams() {
    return transpose_width<T>() * static_cast<std::ptrdiff_t>(sizeof(T)) == 64;
}

#if !defined(ND_NO_SIMD) && defined(__AVX512F__)
/// One row of a transposed block, streamed (to a 64-byte aligned address) or plainly stored.
template <bool Streamed> [[gnu::always_inline]] inline void store_block_row(float* p, __m512 row) noexcept {
    if constexpr (Streamed) _mm512_stream_ps(p, row);
    else _mm512_storeu_ps(p, row);
}
template <bool Streamed> [[gnu::always_inline]] inline void store_block_row(double* p, __m512d row) noexcept {
    if constexpr (Streamed) _mm512_stream_pd(p, row);
    else _mm512_storeu_pd(p, row);
}
#endif

/// Copies a transpose_width × transpose_width block: row r of `to` receives column r of `from`.
/// Strides are in elements. Moves bits only, so any 4- or 8-byte element type works. Streamed
/// (where transpose_streams<T>(), with every row of `to` on a 64-byte boundary) the rows go past
/// the cache; simd::stream_fence() orders them after the last block.
/// `nd::simd::transpose_block(a, 16, b, 16);`
template <bool Streamed = false, class T> void transpose_block(const T* from, std::ptrdiff_t from_stride, T* to, std::ptrdiff_t to_stride) noexcept {
    static_assert(!Streamed || transpose_streams<T>(), "streamed blocks need rows of whole cache lines");
#if !defined(ND_NO_SIMD) && defined(__AVX512F__)
    // Lanes of 4 floats (2 doubles) are transposed within 128-bit quarters by unpacks and
    // shuffles, then the quarters are exchanged between registers in two rounds.
    if constexpr (sizeof(T) == 4) {
        const auto* f = reinterpret_cast<const float*>(from);
        auto* t = reinterpret_cast<float*>(to);
        __m512 r[16], u[16];
        for (int i = 0; i < 16; ++i) r[i] = _mm512_loadu_ps(f + i * from_stride);
        for (int i = 0; i < 16; i += 2) {
            u[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
            u[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
        }
        // Quarter q of r[i + m] (i = 0, 4, 8, 12): column 4q + m of rows i..i+3.
        for (int i = 0; i < 16; i += 4) {
            r[i] = _mm512_shuffle_ps(u[i], u[i + 2], 0x44);
            r[i + 1] = _mm512_shuffle_ps(u[i], u[i + 2], 0xEE);
            r[i + 2] = _mm512_shuffle_ps(u[i + 1], u[i + 3], 0x44);
            r[i + 3] = _mm512_shuffle_ps(u[i + 1], u[i + 3], 0xEE);
        }
        for (int m = 0; m < 4; ++m) {
            u[m] = _mm512_shuffle_f32x4(r[m], r[4 + m], 0x44);
            u[4 + m] = _mm512_shuffle_f32x4(r[m], r[4 + m], 0xEE);
            u[8 + m] = _mm512_shuffle_f32x4(r[8 + m], r[12 + m], 0x44);
            u[12 + m] = _mm512_shuffle_f32x4(r[8 + m], r[12 + m], 0xEE);
        }
        for (int m = 0; m < 4; ++m) {
            store_block_row<Streamed>(t + m * to_stride, _mm512_shuffle_f32x4(u[m], u[8 + m], 0x88));
            store_block_row<Streamed>(t + (4 + m) * to_stride, _mm512_shuffle_f32x4(u[m], u[8 + m], 0xDD));
            store_block_row<Streamed>(t + (8 + m) * to_stride, _mm512_shuffle_f32x4(u[4 + m], u[12 + m], 0x88));
            store_block_row<Streamed>(t + (12 + m) * to_stride, _mm512_shuffle_f32x4(u[4 + m], u[12 + m], 0xDD));
        }
        return;
    } else if constexpr (sizeof(T) == 8) {
        const auto* f = reinterpret_cast<const double*>(from);
        auto* t = reinterpret_cast<double*>(to);
        __m512d r[8], u[8];
        for (int i = 0; i < 8; ++i) r[i] = _mm512_loadu_pd(f + i * from_stride);
        // Quarter q of u[i + m] (i = 0, 2, 4, 6): column 2q + m of rows i and i+1.
        for (int i = 0; i < 8; i += 2) {
            u[i] = _mm512_unpacklo_pd(r[i], r[i + 1]);
            u[i + 1] = _mm512_unpackhi_pd(r[i], r[i + 1]);
        }
        for (int m = 0; m < 2; ++m) {
            r[m] = _mm512_shuffle_f64x2(u[m], u[2 + m], 0x44);
            r[2 + m] = _mm512_shuffle_f64x2(u[m], u[2 + m], 0xEE);
            r[4 + m] = _mm512_shuffle_f64x2(u[4 + m], u[6 + m], 0x44);
            r[6 + m] = _mm512_shuffle_f64x2(u[4 + m], u[6 + m], 0xEE);
        }
        for (int m = 0; m < 2; ++m) {
            store_block_row<Streamed>(t + m * to_stride, _mm512_shuffle_f64x2(r[m], r[4 + m], 0x88));
            store_block_row<Streamed>(t + (2 + m) * to_stride, _mm512_shuffle_f64x2(r[m], r[4 + m], 0xDD));
            store_block_row<Streamed>(t + (4 + m) * to_stride, _mm512_shuffle_f64x2(r[2 + m], r[6 + m], 0x88));
            store_block_row<Streamed>(t + (6 + m) * to_stride, _mm512_shuffle_f64x2(r[2 + m], r[6 + m], 0xDD));
        }
        return;
    }
#elif !defined(ND_NO_SIMD) && defined(__AVX__)
    if constexpr (sizeof(T) == 4) {
        const auto* f = reinterpret_cast<const float*>(from);
        auto* t = reinterpret_cast<float*>(to);
        __m256 r[8], u[8];
        for (int i = 0; i < 8; ++i) r[i] = _mm256_loadu_ps(f + i * from_stride);
        for (int i = 0; i < 8; i += 2) {
            u[i] = _mm256_unpacklo_ps(r[i], r[i + 1]);
            u[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
        }
        for (int i = 0; i < 8; i += 4) {
            r[i] = _mm256_shuffle_ps(u[i], u[i + 2], 0x44);
            r[i + 1] = _mm256_shuffle_ps(u[i], u[i + 2], 0xEE);
            r[i + 2] = _mm256_shuffle_ps(u[i + 1], u[i + 3], 0x44);
            r[i + 3] = _mm256_shuffle_ps(u[i + 1], u[i + 3], 0xEE);
        }
        for (int i = 0; i < 4; ++i) {
            _mm256_storeu_ps(t + i * to_stride, _mm256_permute2f128_ps(r[i], r[i + 4], 0x20));
            _mm256_storeu_ps(t + (i + 4) * to_stride, _mm256_permute2f128_ps(r[i], r[i + 4], 0x31));
        }
        return;
    } else if constexpr (sizeof(T) == 8) {
        const auto* f = reinterpret_cast<const double*>(from);
        auto* t = reinterpret_cast<double*>(to);
        __m256d r[4], u[4];
        for (int i = 0; i < 4; ++i) r[i] = _mm256_loadu_pd(f + i * from_stride);
        u[0] = _mm256_unpacklo_pd(r[0], r[1]);
        u[1] = _mm256_unpackhi_pd(r[0], r[1]);
        u[2] = _mm256_unpacklo_pd(r[2], r[3]);
        u[3] = _mm256_unpackhi_pd(r[2], r[3]);
        _mm256_storeu_pd(t, _mm256_permute2f128_pd(u[0], u[2], 0x20));
        _mm256_storeu_pd(t + to_stride, _mm256_permute2f128_pd(u[1], u[3], 0x20));
        _mm256_storeu_pd(t + 2 * to_stride, _mm256_permute2f128_pd(u[0], u[2], 0x31));
        _mm256_storeu_pd(t + 3 * to_stride, _mm256_permute2f128_pd(u[1], u[3], 0x31));
        return;
    }
#elif !defined(ND_NO_SIMD) && defined(__SSE2__)
    if constexpr (sizeof(T) == 4) {
        const auto* f = reinterpret_cast<const float*>(from);
        auto* t = reinterpret_cast<float*>(to);
        __m128 r0 = _mm_loadu_ps(f), r1 = _mm_loadu_ps(f + from_stride), r2 = _mm_loadu_ps(f + 2 * from_stride),
               r3 = _mm_loadu_ps(f + 3 * from_stride);
        _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
        _mm_storeu_ps(t, r0);
        _mm_storeu_ps(t + to_stride, r1);
        _mm_storeu_ps(t + 2 * to_stride, r2);
        _mm_storeu_ps(t + 3 * to_stride, r3);
        return;
    } else if constexpr (sizeof(T) == 8) {
        const auto* f = reinterpret_cast<const double*>(from);
        auto* t = reinterpret_cast<double*>(to);
        const __m128d r0 = _mm_loadu_pd(f), r1 = _mm_loadu_pd(f + from_stride);
        _mm_storeu_pd(t, _mm_unpacklo_pd(r0, r1));
        _mm_storeu_pd(t + to_stride, _mm_unpackhi_pd(r0, r1));
        return;
    }
#endif
    constexpr std::ptrdiff_t w = transpose_width<T>();
    for (std::ptrdiff_t i = 0; i < w; ++i)
        for (std::ptrdiff_t j = 0; j < w; ++j) to[i * to_stride + j] = from[j * from_stride + i];
}

} // namespace nd::simd
