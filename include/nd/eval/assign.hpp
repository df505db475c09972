#pragma once
// Copying, converting and filling elements: the definitions behind view assignment, copy(),
// astype() and the creation functions. Overlapping source and destination are detected exactly
// and resolved through a temporary, so the result is as if the source had been read first.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "nd/core/array.hpp"
#include "nd/core/convert.hpp"
#include "nd/core/layout_transform.hpp"
#include "nd/core/memory_overlap.hpp"
#include "nd/core/view.hpp"
#include "nd/core/simd.hpp"
#include "nd/core/simd_transpose.hpp"
#include "nd/eval/strided_loop.hpp"

namespace nd::detail {

template <class D, class S> void copy_run(const inner_run<2>& run) {
    std::byte* d = run.pointers[0];
    const std::byte* s = run.pointers[1];
    const std::ptrdiff_t ds = run.strides[0], ss = run.strides[1], n = run.length;
    if (ds == sizeof(D) && ss == sizeof(S)) {
        if constexpr (std::is_same_v<D, S> && std::is_trivially_copyable_v<D>) {
            std::memcpy(d, s, static_cast<std::size_t>(n) * sizeof(D));
        } else {
            auto* out = reinterpret_cast<D*>(d);
            const auto* in = reinterpret_cast<const S*>(s);
            for (std::ptrdiff_t i = 0; i < n; ++i) out[i] = convert<D>(in[i]);
        }
    } else if (ss == 0) {
        const D value = convert<D>(*reinterpret_cast<const S*>(s));
        for (std::ptrdiff_t i = 0; i < n; ++i) *reinterpret_cast<D*>(d + i * ds) = value;
    } else {
        for (std::ptrdiff_t i = 0; i < n; ++i) *reinterpret_cast<D*>(d + i * ds) = convert<D>(*reinterpret_cast<const S*>(s + i * ss));
    }
}

/// Results of at least this many bytes are written with non-temporal stores
/// (simd::store_stream): they exceed the last-level cache one core reaches (32 MiB), and not
/// reading each destination line first saves a fifth to a third of the memory traffic
/// (benchmarks triad/f32/16M, transpose/f32/4096x4096; figures in docs/performance.md).
inline constexpr std::ptrdiff_t streaming_result_bytes = std::ptrdiff_t{32} << 20;

// A two-dimensional copy whose destination is contiguous along its rows while the source is
// contiguous along its columns: element-by-element it would read a new cache line per element.
inline bool is_transpose(const loop_plan<2>& plan, std::ptrdiff_t itemsize) {
    return !plan.empty && plan.shape.size() == 2 && plan.strides[0][1] == itemsize && plan.strides[1][0] == itemsize;
}

/// Asks for the cache lines holding `from[k * stride]`, k < count, ahead of their use.
template <class T> [[gnu::always_inline]] inline void prefetch_lines(const T* from, std::ptrdiff_t stride, std::ptrdiff_t count) noexcept {
    for (std::ptrdiff_t k = 0; k < count; ++k) __builtin_prefetch(from + k * stride);
}

/// Asks for the cache line `bytes_ahead` bytes past `at`, to be written: it arrives owned, so
/// the store that comes later does not wait for it. The address is formed as an integer, since
/// it may lie past the end of the array (a prefetch never faults).
/// `prefetch_for_write(out + i, 512);`
template <class T> [[gnu::always_inline]] inline void prefetch_for_write(const T* at, std::ptrdiff_t bytes_ahead) noexcept {
    __builtin_prefetch(reinterpret_cast<const void*>(reinterpret_cast<std::uintptr_t>(at) + static_cast<std::uintptr_t>(bytes_ahead)), 1, 3);
}

/// Copies one tile of a transposed copy, `rows` x `columns` with to(i, j) = to[i * to_stride + j]
/// and from(i, j) = from[i + j * from_stride], in register-transposed blocks. Narrower blocks
/// than a cache line (SSE2, AVX) go in groups that read and write whole lines (a 16 x 16 group
/// of 8 x 8 float blocks): with rows 16 KiB apart every row of a tile falls in the same L1 set,
/// so a line left half used was evicted before the next block came back for its other half.
/// With AVX-512 each block's rows are whole lines already. Each group asks for the source lines
/// of the same rows `ahead` columns on (the next tile), of the `columns_left` that follow this
/// tile's first: the source is read as short runs of a few lines each, too short for the
/// hardware prefetchers to follow.
template <class T, bool Streamed>
void transpose_tile(const T* from, std::ptrdiff_t from_stride, T* to, std::ptrdiff_t to_stride, std::ptrdiff_t rows,
                    std::ptrdiff_t columns, std::ptrdiff_t ahead, std::ptrdiff_t columns_left) {
    constexpr std::ptrdiff_t block = simd::transpose_width<T>();
    constexpr std::ptrdiff_t line = std::max<std::ptrdiff_t>(block, 64 / static_cast<std::ptrdiff_t>(sizeof(T)));
    std::ptrdiff_t i = 0;
    if constexpr (block > 1) {
        for (std::ptrdiff_t group_rows = block; i + block <= rows; i += group_rows) {
            group_rows = i + line <= rows ? line : block;
            std::ptrdiff_t j = 0;
            for (std::ptrdiff_t group_columns = block; j + block <= columns; j += group_columns) {
                group_columns = j + line <= columns ? line : block;
                for (std::ptrdiff_t r = i; r < i + group_rows; r += block)
                    for (std::ptrdiff_t c = j; c < j + group_columns; c += block) {
                        if (r == i && c + ahead < columns_left)
                            prefetch_lines(from + r + (c + ahead) * from_stride, from_stride, std::min(block, columns_left - (c + ahead)));
                        simd::transpose_block<Streamed>(from + r + c * from_stride, from_stride, to + r * to_stride + c, to_stride);
                    }
            }
            for (std::ptrdiff_t r = i; r < i + group_rows; ++r)
                for (std::ptrdiff_t c = j; c < columns; ++c) to[r * to_stride + c] = from[r + c * from_stride];
        }
    }
    for (; i < rows; ++i)
        for (std::ptrdiff_t c = 0; c < columns; ++c) to[i * to_stride + c] = from[i + c * from_stride];
}

/// Copies a transposed plan in tiles that stay in L1 (transpose_tile).
template <class T, bool Streamed> void transpose_tiles(const loop_plan<2>& plan, const std::array<std::byte*, 2>& pointers) {
    constexpr std::ptrdiff_t tile = 64;
    const std::ptrdiff_t rows = plan.shape[0], columns = plan.shape[1];
    const std::ptrdiff_t to_stride = plan.strides[0][0] / static_cast<std::ptrdiff_t>(sizeof(T));
    const std::ptrdiff_t from_stride = plan.strides[1][1] / static_cast<std::ptrdiff_t>(sizeof(T));
    T* to = reinterpret_cast<T*>(pointers[0]);
    const T* from = reinterpret_cast<const T*>(pointers[1]);
    for (std::ptrdiff_t i0 = 0; i0 < rows; i0 += tile)
        for (std::ptrdiff_t j0 = 0; j0 < columns; j0 += tile)
            transpose_tile<T, Streamed>(from + i0 + j0 * from_stride, from_stride, to + i0 * to_stride + j0, to_stride,
                                        std::min(tile, rows - i0), std::min(tile, columns - j0), tile, columns - j0);
}

/// Copies a transposed plan (see transpose_tiles); a result too large to stay cached is
/// streamed past the cache when its rows start on cache lines.
template <class T> void transpose_copy(const loop_plan<2>& plan, const std::array<std::byte*, 2>& pointers) {
    if constexpr (simd::transpose_streams<T>()) {
        const std::ptrdiff_t bytes = plan.shape[0] * plan.shape[1] * static_cast<std::ptrdiff_t>(sizeof(T));
        // Streamed blocks store whole aligned lines: every row of the destination must start on one.
        if (bytes >= streaming_result_bytes && reinterpret_cast<std::uintptr_t>(pointers[0]) % 64 == 0 && plan.strides[0][0] % 64 == 0) {
            transpose_tiles<T, true>(plan, pointers);
            simd::stream_fence();
            return;
        }
    }
    transpose_tiles<T, false>(plan, pointers);
}

template <class T, class U> void assign_elements(const view<T>& destination, const view<const U>& source) {
    static_assert(!std::is_const_v<T>, "cannot assign into a view of const elements");
    const dim_vector& target = destination.shape();
    if (!broadcasts_to(source.shape(), target))
        throw_source_shape(source.shape(), destination.shape());
    if (!destination.flags().writeable) throw_read_only();
    if (destination.size() == 0) return;
    const memory_extent d = extent_of(destination), s = extent_of(source);
    if (bounds_overlap(d, s) && extents_overlap(d, s)) {
        // Read everything first, as NumPy does for overlapping operands.
        const array<U> temporary = copy_elements<U>(source, order::K);
        assign_elements(destination, view<const U>(temporary));
        return;
    }
    const dim_vector source_strides = broadcast_strides(source.shape(), source.strides(), target);
    const loop_plan<2> plan = make_loop_plan<2>(target, {&destination.strides(), &source_strides});
    const std::array<std::byte*, 2> pointers{reinterpret_cast<std::byte*>(destination.data()),
                                             const_cast<std::byte*>(reinterpret_cast<const std::byte*>(source.data()))};
    if constexpr (std::is_same_v<T, U> && simd::transpose_width<T>() > 1) {
        if (is_transpose(plan, static_cast<std::ptrdiff_t>(sizeof(T)))) {
            transpose_copy<T>(plan, pointers);
            return;
        }
    }
    for_each_run(plan, pointers, copy_run<T, U>);
}

template <class T> void fill_elements(const view<T>& destination, const std::remove_const_t<T>& value) {
    if (!destination.flags().writeable) throw_read_only();
    for_each_run<1>(destination.shape(), {reinterpret_cast<std::byte*>(destination.data())}, {&destination.strides()},
                    [&value](const inner_run<1>& run) {
                        std::byte* d = run.pointers[0];
                        if (run.strides[0] == sizeof(T)) {
                            auto* out = reinterpret_cast<T*>(d);
                            for (std::ptrdiff_t i = 0; i < run.length; ++i) out[i] = value;
                        } else {
                            for (std::ptrdiff_t i = 0; i < run.length; ++i) *reinterpret_cast<T*>(d + i * run.strides[0]) = value;
                        }
                    });
}

template <class U, class T> array<U> copy_elements(const view<const T>& source, order memory_order) {
    if (memory_order == order::A) {
        const auto f = source.flags();
        memory_order = f.f_contiguous && !f.c_contiguous ? order::F : order::C;
    }
    if constexpr (std::is_same_v<U, std::remove_const_t<T>>) {
        // A contiguous source laid out exactly as the new array will be is copied byte for byte,
        // so that a small copy costs about what its allocation does (docs/performance.md).
        // Other strides on its length-1 axes, or no elements, take the general path below,
        // which lays those out as NumPy does.
        const auto f = source.flags();
        const order dense = memory_order == order::K ? (f.c_contiguous ? order::C : order::F) : memory_order;
        if (source.size() > 0 && (dense == order::C ? f.c_contiguous : f.f_contiguous)) {
            array<U> result(source.shape(), dense);
            if (result.strides() == source.strides()) {
                std::memcpy(result.data(), source.data(), static_cast<std::size_t>(result.nbytes()));
                return result;
            }
            if (memory_order != order::K) {
                assign_elements(view<U>(result), source);
                return result;
            }
        }
    }
    if (memory_order != order::K) {
        array<U> result(source.shape(), memory_order);
        assign_elements(view<U>(result), source);
        return result;
    }
    // Keep the source's axis order in memory: lay the copy out C-contiguous in the permuted
    // shape and relabel its strides back to the source's axes.
    const dim_vector axes = memory_order_axes(source.shape(), source.strides());
    const dim_vector permuted_strides = contiguous_strides(permute(source.shape(), axes), static_cast<std::ptrdiff_t>(sizeof(U)), order::C);
    array<U> result(source.shape(), order::C);
    for (std::size_t k = 0; k < axes.size(); ++k) result.strides_[static_cast<std::size_t>(axes[k])] = permuted_strides[k];
    result.update_contiguity();
    assign_elements(view<U>(result), source);
    return result;
}

} // namespace nd::detail
