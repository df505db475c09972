#pragma once
// Cutting an evaluation into blocks of rows: the broadcast strides, the test for operands that
// overlap the destination, the merged loop plan and the tiles of transposed operands. None of
// it depends on the expression, whose loops over one block (eval/evaluate.hpp) it calls through
// a block_kernel: it is compiled once per operand count in a program, not once per expression.

#include <algorithm>
#include <array>
#include <cstddef>

#include "nd/core/buffer.hpp"
#include "nd/core/dim_vector.hpp"
#include "nd/core/layout.hpp"
#include "nd/core/memory_overlap.hpp"
#include "nd/core/simd_transpose.hpp"
#include "nd/eval/assign.hpp"
#include "nd/eval/cursor.hpp"
#include "nd/eval/strided_loop.hpp"

namespace nd::detail {

/// The loops of one expression over a block, without its type: what cuts an evaluation into
/// blocks (the overlap test, loop plans, transposed tiles) is compiled once per operand count
/// instead of once per expression, at the price of one indirect call per block.
template <std::size_t N> struct block_kernel {
    void (*evaluate)(const void* cursor, const run_block<N>& block);
    const void* cursor;
    void operator()(const run_block<N>& block) const { evaluate(cursor, block); }
};

// An operand that is exactly the destination (same first element, same strides as seen from
// the destination's shape) is read at each element before that element is written, so it is
// safe; any other overlap needs the right-hand side computed first.
inline bool needs_temporary(const memory_extent& destination, const memory_extent& operand, const std::ptrdiff_t* operand_strides) {
    if (!bounds_overlap(destination, operand)) return false;
    if (destination.first == operand.first && destination.itemsize == operand.itemsize) {
        bool same = true;
        for (std::size_t k = 0; k < destination.shape.size(); ++k)
            same = same && (destination.shape[k] <= 1 || destination.byte_strides[k] == operand_strides[k]);
        if (same) return false;
    }
    return extents_overlap(destination, operand);
}

/// Whether an operand that steps `outer` bytes along the outer of two loop axes and `inner`
/// along the inner one is transposed: one element along the outer, not along the inner. Read
/// row by row, it would touch a new cache line at every element.
inline bool is_transposed(std::ptrdiff_t inner, std::ptrdiff_t outer, std::ptrdiff_t itemsize) {
    return (outer == itemsize || outer == -itemsize) && inner != 0 && inner != itemsize;
}

/// Whether some operand of a plan is transposed along its two innermost axes.
template <std::size_t N> bool has_transposed_operand(const loop_plan<N>& plan, const std::array<std::ptrdiff_t, N>& itemsizes) {
    const std::size_t rank = plan.shape.size();
    if (plan.empty || rank < 2) return false;
    for (std::size_t op = 1; op < N; ++op)
        if (is_transposed(plan.strides[op][rank - 1], plan.strides[op][rank - 2], itemsizes[op])) return true;
    return false;
}

/// Whether some operand of a block is transposed along its rows.
template <std::size_t N> bool has_transposed_operand(const run_block<N>& block, const std::array<std::ptrdiff_t, N>& itemsizes) {
    for (std::size_t op = 1; op < N; ++op)
        if (is_transposed(block.run.strides[op], block.row_strides[op], itemsizes[op])) return true;
    return false;
}

/// Expressions with transposed operands are evaluated in tiles of `transposed_tile_rows` rows
/// by as many columns as fit `transposed_tile_bytes` of 8-byte elements, with the tile of each
/// transposed operand (up to `max_buffered_operands` of them) first copied into a buffer laid
/// out as the destination's tile. When some transposed operand cannot be buffered (elements of
/// 1, 2 or 16 bytes, a reversed outer axis, or one too many), the tiles are 32 x 32 and that
/// operand is read in place, element by element. Long rows keep the other operands and the
/// destination read and written in long runs, which the hardware prefetchers follow; the rows
/// are a multiple of every register transpose's side (16 floats with AVX-512). The sizes are
/// the fastest measured (benchmark add_c_f/f32/4096x4096; the others in docs/performance.md).
inline constexpr std::ptrdiff_t transposed_tile_rows = 16;
inline constexpr std::ptrdiff_t transposed_tile_bytes = std::ptrdiff_t{256} << 10;
inline constexpr std::size_t max_buffered_operands = 3;
/// How many columns ahead a tile's copy asks for the source lines it will read next.
inline constexpr std::ptrdiff_t transposed_lookahead = 64;

/// An element of `Bytes` bytes as bits that may alias any element type: buffered operands are
/// moved without regard to their type. A class, since the attribute of a typedef is dropped
/// when it is a template argument; aligned as a byte, since complex<float> is 8 bytes aligned to 4.
template <std::size_t Bytes> struct [[gnu::may_alias]] element_bits {
    std::byte bits[Bytes];
};

/// Whether a transposed operand (is_transposed) with these byte strides along the inner and
/// outer of two axes can be copied into a tile buffer by register transposes: elements of 4 or 8
/// bytes, the next along the outer axis the next in memory, whole elements apart along the inner.
inline bool bufferable(std::ptrdiff_t inner, std::ptrdiff_t outer, std::ptrdiff_t itemsize) {
    return simd::transpose_width<float>() > 1 && (itemsize == 4 || itemsize == 8) && outer == itemsize && inner % itemsize == 0;
}

/// Copies operand `slot` of a tile, row by row as the destination runs, into `buffer`.
/// Its source lines for the next tile of the row (`columns_left` columns from this one's first)
/// are asked for meanwhile.
template <class Bits, std::size_t N>
void buffer_transposed(const run_block<N>& tile, std::ptrdiff_t columns_left, std::size_t slot, std::byte* buffer) {
    const auto* from = reinterpret_cast<const Bits*>(tile.run.pointers[slot]);
    const std::ptrdiff_t from_stride = tile.run.strides[slot] / static_cast<std::ptrdiff_t>(sizeof(Bits));
    transpose_tile<Bits, false>(from, from_stride, reinterpret_cast<Bits*>(buffer), tile.run.length, tile.rows, tile.run.length,
                                transposed_lookahead, columns_left);
}

/// Evaluates a plan that has operands transposed along its two innermost axes, tile by tile.
/// Read in place, such an operand would be read one element per cache line and by scalar
/// loads; instead each tile of it is first copied into a buffer laid out as the destination's
/// tile, by register transposes, and the tile's expression then reads every operand along its
/// rows, in SIMD batches where its operations have them.
template <std::size_t N>
void evaluate_transposed_tiles(block_kernel<N> kernel, const loop_plan<N>& plan, const std::array<std::byte*, N>& pointers,
                               const std::array<std::ptrdiff_t, N>& itemsizes) {
    const std::size_t rank = plan.shape.size();
    std::array<std::size_t, max_buffered_operands> slots{};
    std::size_t transposed = 0, buffered = 0;
    for (std::size_t slot = 1; slot < N; ++slot) {
        const std::ptrdiff_t inner = plan.strides[slot][rank - 1], outer = plan.strides[slot][rank - 2];
        if (!is_transposed(inner, outer, itemsizes[slot])) continue;
        ++transposed;
        if (buffered < max_buffered_operands && bufferable(inner, outer, itemsizes[slot])) slots[buffered++] = slot;
    }
    // A transposed operand read in place reads one element of a cache line per row of a tile:
    // square tiles of 32 use each line it brings in before the line is evicted.
    const bool all_buffered = buffered == transposed;
    const std::ptrdiff_t tile_rows = all_buffered ? transposed_tile_rows : 32;
    const std::ptrdiff_t tile_columns = all_buffered ? std::min(plan.shape[rank - 1], transposed_tile_bytes / (transposed_tile_rows * 8)) : 32;
    const std::ptrdiff_t buffer_bytes = (tile_rows * tile_columns * 8 + 63) / 64 * 64;
    const buffer_ref storage = buffered > 0 ? buffer_ref::allocate(static_cast<std::size_t>(buffer_bytes) * buffered) : buffer_ref();
    for_each_tile(plan, pointers, tile_rows, tile_columns, [&](const run_block<N>& tile, std::ptrdiff_t columns_left) {
        run_block<N> block = tile;
        for (std::size_t k = 0; k < buffered; ++k) {
            const std::size_t slot = slots[k];
            std::byte* buffer = storage.bytes() + buffer_bytes * static_cast<std::ptrdiff_t>(k);
            if (itemsizes[slot] == 4) buffer_transposed<element_bits<4>>(tile, columns_left, slot, buffer);
            else buffer_transposed<element_bits<8>>(tile, columns_left, slot, buffer);
            block.run.pointers[slot] = buffer;
            block.run.strides[slot] = itemsizes[slot];
            block.row_strides[slot] = tile.run.length * itemsizes[slot];
        }
        kernel(block);
    });
}

/// Whether an operand overlaps the destination other than as the destination itself, so that
/// the expression must be computed before any element is written. Operands in other allocations
/// cannot; memory nd does not own has no buffer to tell.
template <std::size_t N>
[[gnu::noinline]] bool needs_temporary(const dim_vector& shape, const dim_vector& destination_strides, const operand_table<N>& table) {
    require_supported_rank(shape.size()); // before the fixed array below is written
    std::ptrdiff_t strides[max_ndim];
    const memory_extent out{table.pointers[0], table.itemsizes[0], {shape.data(), shape.size()},
                            {destination_strides.data(), destination_strides.size()}};
    for (std::size_t slot = 1; slot < N; ++slot) {
        if (*table.buffers[0] && *table.buffers[slot] && !table.buffers[0]->same_allocation(*table.buffers[slot])) continue;
        broadcast_strides_into(*table.shapes[slot], *table.strides[slot], shape, strides);
        const memory_extent operand{table.pointers[slot], table.itemsizes[slot],
                                    {table.shapes[slot]->data(), table.shapes[slot]->size()},
                                    {table.strides[slot]->data(), table.strides[slot]->size()}};
        if (needs_temporary(out, operand, strides)) return true;
    }
    return false;
}

/// Evaluates, block by block through `kernel`, into a destination whose operands broadcast or
/// stride, and overlap it at most as the destination itself.
template <std::size_t N>
[[gnu::noinline]] void evaluate_blocks(const dim_vector& shape, const dim_vector& destination_strides, const operand_table<N>& table,
                                       block_kernel<N> kernel) {
    // Strides as seen from the destination's shape, in a fixed array (nothing here allocates),
    // one operand after another so that small ranks touch one or two cache lines.
    require_supported_rank(shape.size());
    std::ptrdiff_t broadcast[N * max_ndim];
    std::array<const std::ptrdiff_t*, N> stride_table;
    stride_table[0] = destination_strides.data();
    for (std::size_t slot = 1; slot < N; ++slot) {
        std::ptrdiff_t* strides = broadcast + slot * shape.size();
        broadcast_strides_into(*table.shapes[slot], *table.strides[slot], shape, strides);
        stride_table[slot] = strides;
    }
    run_block<N> block;
    if (block_of_two_axes(shape, stride_table, table.pointers, block) && !has_transposed_operand(block, table.itemsizes))
        return kernel(block);
    const loop_plan<N> plan = make_loop_plan<N>(shape, stride_table);
    if (has_transposed_operand(plan, table.itemsizes))
        evaluate_transposed_tiles(kernel, plan, table.pointers, table.itemsizes);
    else
        for_each_block(plan, table.pointers, kernel);
}

} // namespace nd::detail
