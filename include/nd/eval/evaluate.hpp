#pragma once
// Evaluating an expression: one loop over the destination that reads every operand once,
// combines in registers and stores once. The loop runs on nd::detail::for_each_run (dimensions
// merged, order from the destination's strides); each inner run is a SIMD loop when every
// operand is contiguous or broadcast along it and the expression has SIMD versions of all its
// operations, else a scalar loop. Results larger than the last-level cache go past it
// (streaming_result_bytes).

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <tuple>
#include <type_traits>
#include <utility>
#if __has_include(<unistd.h>)
#include <unistd.h> // sysconf: the L1 cache size
#endif

#include "nd/core/array.hpp"
#include "nd/core/convert.hpp"
#include "nd/core/memory_overlap.hpp"
#include "nd/core/simd.hpp"
#include "nd/eval/assign.hpp"
#include "nd/eval/cursor.hpp"
#include "nd/eval/strided_loop.hpp"
#include "nd/expr/expression.hpp"

namespace nd::detail {

/// The bytes of a cache line, and how far ahead of the stores a loop past the L1 cache asks for
/// its destination lines (prefetch_for_write): 128 x 128 floats + a column, from L2, took 1410 ns
/// with no prefetch, 1331 with 256 or 512 bytes, 1353 with 1024 (an Intel Xeon, AVX2 stores).
inline constexpr std::ptrdiff_t cache_line_bytes = 64;
inline constexpr std::ptrdiff_t write_ahead_bytes = 512;

/// One contiguous row of n destination elements: SIMD over whole batches, then one padded
/// batch for the rest. The cursor must be bound to the row. Streamed,
/// the whole batches go past the cache with non-temporal stores, which must be aligned: plain
/// stores then write up to the first batch boundary of `out`, and the caller calls
/// simd::stream_fence() when its rows are done. BeyondL1 (for evaluations past the L1 cache,
/// see exceeds_l1_cache), every destination line is asked for ahead of its stores, and on
/// AVX-512 builds the whole batches are half-width (simd::narrow_batch).
template <int Pattern, bool Streamed = false, bool BeyondL1 = false, class D, class Cursor>
[[gnu::always_inline]] inline void evaluate_row_batches(const Cursor& cursor, D* out, std::ptrdiff_t n) {
    static_assert(!(Streamed && BeyondL1), "streamed stores need no prefetch");
    constexpr bool Narrow = BeyondL1 && simd::has_narrow_batch<D>;
    constexpr std::ptrdiff_t width = Narrow ? simd::narrow_width<D> : simd::width<D>;
    auto read = [&cursor](std::ptrdiff_t i) {
        if constexpr (Narrow) return cursor.template narrow_batch_as<Pattern>(i);
        else return cursor.template batch_as<Pattern, true>(i);
    };
    auto read_last = [&cursor](std::ptrdiff_t i) {
        if constexpr (Narrow) return cursor.template narrow_batch_as<Pattern>(i);
        else return cursor.template batch_as<Pattern>(i);
    };
    auto store = [](D* at, const auto& batch) {
        if constexpr (Streamed) simd::store_stream(at, batch);
        else if constexpr (Narrow) simd::store_narrow(at, batch);
        else simd::store(at, batch);
    };
    std::ptrdiff_t i = 0;
    if constexpr (Streamed) {
        constexpr std::size_t batch_bytes = sizeof(simd::batch<D>);
        const std::size_t past_boundary = reinterpret_cast<std::uintptr_t>(out) % batch_bytes;
        i = std::min(n, static_cast<std::ptrdiff_t>((batch_bytes - past_boundary) % batch_bytes / sizeof(D)));
        if (i > 0) simd::store_partial(out, cursor.template partial_batch_as<Pattern>(0, i), i);
    }
    // Four batches per step: fewer loop branches, and loads of the next batch issue while
    // the stores of the last drain (worth ~5% on cache-resident data; streamed, an expensive
    // operation such as exp of doubles keeps more of its work in flight). Elements follow each
    // step (the strict <), so its reads are interior. Not for rows with a broadcast operand
    // (and none read every second element): on 128 x 128 broadcasts, the extra per-row steps
    // cost 2-7% against the plain loop.
    constexpr bool broadcast_rows = Pattern != any_layout && Pattern != 0 && (Pattern >> every_second_shift) == 0;
    if constexpr (BeyondL1) {
        // Past the L1 cache, the stores wait for their destination lines to be fetched and
        // owned. Asked for a few lines ahead, one prefetch per line, they are there in time.
        constexpr std::ptrdiff_t line = cache_line_bytes / static_cast<std::ptrdiff_t>(sizeof(D));
        for (; i + line <= n; i += line) {
            prefetch_for_write(out + i, write_ahead_bytes);
            for (std::ptrdiff_t k = 0; k < line; k += width) store(out + i + k, read(i + k));
        }
    } else if constexpr (Streamed || !broadcast_rows) {
        for (; i + 4 * width < n; i += 4 * width) {
            store(out + i, read(i));
            store(out + i + width, read(i + width));
            store(out + i + 2 * width, read(i + 2 * width));
            store(out + i + 3 * width, read(i + 3 * width));
        }
    }
    for (; i + width <= n; i += width) store(out + i, read_last(i));
    if (i < n) simd::store_partial(out + i, cursor.template partial_batch_as<Pattern>(i, n - i), n - i);
}

/// Whether some operation of a cursor satisfies Holds (a trait on operation types).
template <template <class> class Holds, class Cursor> struct applies_operation_where : std::false_type {};
template <template <class> class Holds, class Op, class Compute, class Value, class... Children>
struct applies_operation_where<Holds, node_cursor<Op, Compute, Value, Children...>>
    : std::bool_constant<Holds<Op>::value || (applies_operation_where<Holds, Children>::value || ...)> {};

/// An operation of tens of instructions per batch (Op::compute_bound): its loops run at the
/// full register width, since half-width batches would halve its arithmetic rate.
template <class Op> struct is_compute_bound : std::bool_constant<requires { requires Op::compute_bound; }> {};

/// A compute-bound operation that even so cannot produce results as fast as memory takes them
/// (it lacks Op::keeps_up_with_memory): streaming its stores past the cache saves the line
/// reads memory would not have waited on, and costs the loop its overlap of stores with work.
template <class Op> struct lags_behind_memory : std::bool_constant<is_compute_bound<Op>::value && !requires { requires Op::keeps_up_with_memory; }> {};

/// Whether a cursor applies an operation that runs slower than memory (Op::compute_bound).
template <class Cursor> using computes_slowly = applies_operation_where<is_compute_bound, Cursor>;

/// Whether `count` elements of Cursor's values written from `out` on are streamed: large
/// enough, `out` aligned to its element (so that a whole number of elements precedes the first
/// batch boundary), and fast enough to compute that memory is what the loop waits on. After a
/// series function that lags behind memory streamed stores cost time (16M elements, this Xeon,
/// GiB/s streamed against stored normally: sin 7.4 / 10.3 for float, 6.5 / 9.4 for double);
/// exp keeps up, and gains (float 15.8-17.4 / 11.7, double 19.1-19.3 / 11.7), as does x + 1.
template <class Cursor, class D> bool streams_result(const D* out, std::ptrdiff_t count) noexcept {
    return !applies_operation_where<lags_behind_memory, Cursor>::value && count * static_cast<std::ptrdiff_t>(sizeof(D)) >= streaming_result_bytes &&
           reinterpret_cast<std::uintptr_t>(out) % sizeof(D) == 0;
}

/// One contiguous row with every operand contiguous too, element by element (conversions, or
/// operations without SIMD versions): plain indexed loads the compiler can vectorize.
template <class D, class Cursor> [[gnu::always_inline]] inline void evaluate_row_dense(const Cursor& cursor, D* out, std::ptrdiff_t n) {
    for (std::ptrdiff_t i = 0; i < n; ++i) out[i] = convert<D>(cursor.dense_scalar(i));
}

/// Whether the loops of Cursor for results of D in rows of `Pattern` have a form of their own
/// for data past the L1 cache (evaluate_row_batches' BeyondL1): when memory rather than
/// arithmetic bounds them and every operand is contiguous or broadcast.
template <class Cursor, class D, int Pattern>
inline constexpr bool has_beyond_l1_form = !computes_slowly<Cursor>::value && Pattern != any_layout && (Pattern >> every_second_shift) == 0;

/// The bytes of the L1 data cache: what the system reports, else 48 KiB.
inline std::ptrdiff_t l1_data_cache_bytes() noexcept {
    static const std::ptrdiff_t bytes = [] {
#if defined(_SC_LEVEL1_DCACHE_SIZE)
        const long reported = ::sysconf(_SC_LEVEL1_DCACHE_SIZE);
        if (reported > 0) return static_cast<std::ptrdiff_t>(reported);
#endif
        return std::ptrdiff_t{48} << 10;
    }();
    return bytes;
}

/// Whether an evaluation of `count` elements of D over N operands (the destination's slot
/// included) touches more than the L1 cache holds: its stores then wait on lines from farther
/// away (see evaluate_row_batches), and on AVX-512 builds half-width batches read it faster
/// (simd::has_narrow_batch; a triad of 4096 floats, 64 KiB, is the crossing on the machine this
/// was measured on). The constant test first keeps small evaluations off the cache size's guard.
template <class D, std::size_t N> bool exceeds_l1_cache(std::ptrdiff_t count) noexcept {
    const std::ptrdiff_t bytes = count * static_cast<std::ptrdiff_t>(N * sizeof(D));
    return bytes > (std::ptrdiff_t{32} << 10) && bytes > l1_data_cache_bytes();
}

/// The batches of every row of a block whose result streams past the cache, or (BeyondL1) that
/// exceeds the L1 cache. A function of its own, out of the way: inlined, it changed how GCC compiled
/// evaluate_batches, and small evaluations, which never stream, lost 2 ns and 7% at 16K
/// doubles. The cursor is copied into a local, which stores through `out` cannot change: as a
/// parameter, GCC reloaded every operand's pointer before every batch.
template <int Pattern, bool Streamed, bool BeyondL1, class D, class Cursor, std::size_t N>
[[gnu::noinline]] void evaluate_batches_apart(const Cursor& shared, const run_block<N>& block) {
    Cursor cursor = shared;
    inner_run<N> run = block.run;
    for (std::ptrdiff_t row = 0; row < block.rows; ++row) {
        cursor.bind(run);
        evaluate_row_batches<Pattern, Streamed, BeyondL1>(cursor, reinterpret_cast<D*>(run.pointers[0]), run.length);
        for (std::size_t op = 0; op < N; ++op) run.pointers[op] += block.row_strides[op];
    }
    if constexpr (Streamed) simd::stream_fence();
}

/// The batches of every row of a block.
template <int Pattern, class D, class Cursor, std::size_t N> void evaluate_batches(const Cursor& shared, const run_block<N>& block) {
    Cursor cursor = shared; // a local: stores through `out` cannot change it
    inner_run<N> run = block.run;
    if (streams_result<Cursor>(reinterpret_cast<const D*>(run.pointers[0]), block.rows * run.length)) [[unlikely]]
        return evaluate_batches_apart<Pattern, true, false, D>(cursor, block);
    if constexpr (has_beyond_l1_form<Cursor, D, Pattern>)
        if (exceeds_l1_cache<D, N>(block.rows * run.length)) return evaluate_batches_apart<Pattern, false, true, D>(cursor, block);
    for (std::ptrdiff_t row = 0; row < block.rows; ++row) {
        cursor.bind(run);
        evaluate_row_batches<Pattern>(cursor, reinterpret_cast<D*>(run.pointers[0]), run.length);
        for (std::size_t op = 0; op < N; ++op) run.pointers[op] += block.row_strides[op];
    }
}

/// The layout pattern numbered `index` among the patterns of `operands` array operands (slots
/// 1 to operands), each read in one of `kinds` ways: contiguous, broadcast, every second.
constexpr int layout_pattern(std::size_t index, std::size_t operands, std::size_t kinds) {
    int pattern = 0;
    for (std::size_t slot = 1; slot <= operands; ++slot, index /= kinds) {
        if (index % kinds == 1) pattern |= 1 << slot;
        if (index % kinds == 2) pattern |= 1 << (every_second_shift + slot);
    }
    return pattern;
}
constexpr std::size_t power(std::size_t base, std::size_t exponent) { return exponent == 0 ? 1 : base * power(base, exponent - 1); }

/// The batches of a block whose operands are each read in a known way, by the loop made for
/// that pattern. Operands are contiguous or broadcast, or with at most two of them (at most nine
/// loops), also every second element.
template <std::size_t N> inline constexpr std::size_t read_kinds = N <= 3 ? 3 : 2;

template <class D, class Cursor, std::size_t N, std::size_t... Index>
bool evaluate_batches_by_pattern(const Cursor& cursor, const run_block<N>& block, std::index_sequence<Index...>) {
    constexpr std::size_t kinds = read_kinds<N>;
    const unsigned pattern = cursor.layout_bits();
    return ((pattern == static_cast<unsigned>(layout_pattern(Index, N - 1, kinds))
                 ? (evaluate_batches<layout_pattern(Index, N - 1, kinds), D>(cursor, block), true)
                 : false) ||
            ...);
}

/// The loops for a block of runs: SIMD when every operand is contiguous or broadcast along
/// them, else element by element; the choice is made once for the whole block, since every row
/// has the same strides. The cursor is copied into the function so that the compiler can keep
/// its pointers in registers: stores through `out` cannot change a local.
template <class D, class Cursor, std::size_t N> void evaluate_block(const Cursor& shared, const run_block<N>& block) {
    Cursor cursor = shared;
    cursor.bind(block.run);
    const std::ptrdiff_t n = block.run.length, out_stride = block.run.strides[0];
    if constexpr (Cursor::batchable && std::is_same_v<typename Cursor::value_type, D>) {
        if (out_stride == static_cast<std::ptrdiff_t>(sizeof(D))) {
            if (cursor.contiguous()) return evaluate_batches<0, D>(cursor, block);
            if (cursor.simd_ready()) {
                // Up to three array operands: one loop per pattern of reads, with no test per read.
                if constexpr (N <= 4)
                    if (evaluate_batches_by_pattern<D>(cursor, block, std::make_index_sequence<power(read_kinds<N>, N - 1)>{})) return;
                return evaluate_batches<any_layout, D>(cursor, block);
            }
        }
    }
    inner_run<N> run = block.run;
    for (std::ptrdiff_t row = 0; row < block.rows; ++row) {
        cursor.bind(run);
        D* out = reinterpret_cast<D*>(run.pointers[0]);
        if (out_stride == static_cast<std::ptrdiff_t>(sizeof(D)) && cursor.contiguous()) {
            evaluate_row_dense(cursor, out, n);
        } else if (out_stride == static_cast<std::ptrdiff_t>(sizeof(D))) {
            // Strided reads: four independent elements per step keep more loads in flight.
            std::ptrdiff_t i = 0;
            for (; i + 4 <= n; i += 4) {
                const D e0 = convert<D>(cursor.scalar(i)), e1 = convert<D>(cursor.scalar(i + 1));
                const D e2 = convert<D>(cursor.scalar(i + 2)), e3 = convert<D>(cursor.scalar(i + 3));
                out[i] = e0;
                out[i + 1] = e1;
                out[i + 2] = e2;
                out[i + 3] = e3;
            }
            for (; i < n; ++i) out[i] = convert<D>(cursor.scalar(i));
        } else {
            auto* bytes = reinterpret_cast<std::byte*>(out);
            for (std::ptrdiff_t i = 0; i < n; ++i) *reinterpret_cast<D*>(bytes + i * out_stride) = convert<D>(cursor.scalar(i));
        }
        for (std::size_t op = 0; op < N; ++op) run.pointers[op] += block.row_strides[op];
    }
}

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
/// are a multiple of every register transpose's side (16 floats with AVX-512). On an Intel
/// Xeon, C-order + F-order 4096 x 4096 floats ran at 6.5-6.9 GiB/s so (16 rows, 128 or 256
/// KiB), 4.9 with 16 KiB, 2.9-6.5 with 64 rows, 3.8 through 32 x 32 tiles read in place.
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
template <class T, class Cursor, std::size_t N>
void evaluate_transposed_tiles(const Cursor& cursor, const loop_plan<N>& plan, const std::array<std::byte*, N>& pointers,
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
        evaluate_block<T>(cursor, block);
    });
}

/// Every operand laid out exactly as a contiguous destination: one run, every operand read
/// contiguously, so no operand needs the broadcast or stride tests.
template <class D, class Cursor, std::size_t N> [[gnu::always_inline]] inline void evaluate_dense(Cursor cursor, const operand_table<N>& table, std::ptrdiff_t length) {
    inner_run<N> run;
    run.pointers = table.pointers;
    for (std::size_t slot = 0; slot < N; ++slot) run.strides[slot] = table.itemsizes[slot];
    run.length = length;
    cursor.bind(run);
    D* out = reinterpret_cast<D*>(run.pointers[0]);
    if constexpr (Cursor::batchable && std::is_same_v<typename Cursor::value_type, D>) {
        if (streams_result<Cursor>(out, length)) [[unlikely]]
            return evaluate_batches_apart<0, true, false, D>(cursor, run_block<N>{run, 1, {}});
        if constexpr (has_beyond_l1_form<Cursor, D, 0>)
            if (exceeds_l1_cache<D, N>(length)) return evaluate_batches_apart<0, false, true, D>(cursor, run_block<N>{run, 1, {}});
        evaluate_row_batches<0>(cursor, out, length);
    } else {
        evaluate_row_dense(cursor, out, length);
    }
}

/// Whether every array operand of an expression is C-contiguous, and whether every one is
/// F-contiguous (both, when it has none): two bits, joined over the operands by one AND each
/// (as pairs of bools joined with && they became a dozen byte operations per operand).
struct operand_contiguity {
    static constexpr unsigned c_bit = 1, f_bit = 2;
    unsigned bits = c_bit | f_bit;
    bool all_c() const noexcept { return (bits & c_bit) != 0; }
    bool all_f() const noexcept { return (bits & f_bit) != 0; }
};
template <class E> operand_contiguity contiguity_of_operands(const E& expression) {
    if constexpr (is_expression_node<E>::value) {
        return std::apply(
            [](const auto&... operands) {
                operand_contiguity all;
                ((all.bits &= contiguity_of_operands(operands).bits), ...);
                return all;
            },
            expression.operands());
    } else if constexpr (requires { expression.elements; }) {
        static_assert(operand_contiguity::c_bit == 1 && operand_contiguity::f_bit == 2); // contiguity_bits' values
        return {contiguity_bits(expression.elements)};
    } else {
        return {};
    }
}

/// Whether one contiguous run does it all: nothing broadcasts, the destination and every array
/// operand are contiguous in the same order (so element k of each lies k elements from its
/// first), and no operand overlaps the destination except the destination itself. A fresh
/// destination has the expression's shape and overlaps nothing.
template <class T, class E, std::size_t N>
bool dense_layout(const array_base<T>& destination, const E& expression, const operand_table<N>& table, bool fresh) {
    if (!expression.operands_share_shape()) return false;
    const auto flags = destination.flags();
    const operand_contiguity operands = contiguity_of_operands(expression);
    if (!((flags.c_contiguous && operands.all_c()) || (flags.f_contiguous && operands.all_f()))) return false;
    if (fresh) return true;
    if (!(expression.shape() == destination.shape())) return false;
    const std::byte* first = table.pointers[0];
    const std::ptrdiff_t bytes = destination.nbytes();
    for (std::size_t slot = 1; slot < N; ++slot) {
        // The destination itself is read at each element before that element is written.
        if (table.pointers[slot] == first && table.itemsizes[slot] == table.itemsizes[0]) continue;
        const std::ptrdiff_t operand_bytes = destination.size() * table.itemsizes[slot];
        if (table.pointers[slot] < first + bytes && first < table.pointers[slot] + operand_bytes) return false;
    }
    return true;
}

/// Evaluates into a destination whose operands broadcast, stride, or overlap it: through a
/// temporary when an operand overlaps the destination, else over the merged loop plan.
template <class T, class E, class Cursor, std::size_t N>
[[gnu::noinline]] void evaluate_strided(const array_base<T>& destination, const E& expression, const Cursor& cursor,
                                        const operand_table<N>& table, bool fresh) {
    const dim_vector& shape = destination.shape();
    // Strides as seen from the destination's shape, in a fixed array (nothing here allocates),
    // one operand after another so that small ranks touch one or two cache lines.
    require_supported_rank(shape.size());
    std::ptrdiff_t broadcast[N * max_ndim];
    std::array<const std::ptrdiff_t*, N> stride_table;
    stride_table[0] = destination.strides().data();
    for (std::size_t slot = 1; slot < N; ++slot) {
        std::ptrdiff_t* strides = broadcast + slot * shape.size();
        broadcast_strides_into(*table.shapes[slot], *table.strides[slot], shape, strides);
        stride_table[slot] = strides;
        // Different allocations cannot overlap; memory nd does not own has no buffer to tell.
        if (fresh || (*table.buffers[0] && *table.buffers[slot] && !table.buffers[0]->same_allocation(*table.buffers[slot]))) continue;
        const memory_extent operand{table.pointers[slot], table.itemsizes[slot],
                                    {table.shapes[slot]->data(), table.shapes[slot]->size()},
                                    {table.strides[slot]->data(), table.strides[slot]->size()}};
        const memory_extent out{table.pointers[0], table.itemsizes[0], {shape.data(), shape.size()},
                                {destination.strides().data(), destination.strides().size()}};
        if (needs_temporary(out, operand, strides)) {
            const array<typename E::value_type> temporary = evaluate_new<typename E::value_type>(expression);
            const view<T> target(view_parts<T>{reinterpret_cast<T*>(table.pointers[0]), destination.shape(), destination.strides(), destination.buffer(), true});
            assign_elements(target, view<const typename E::value_type>(temporary));
            return;
        }
    }
    run_block<N> block;
    if (block_of_two_axes(shape, stride_table, table.pointers, block) && !has_transposed_operand(block, table.itemsizes))
        return evaluate_block<T>(cursor, block);
    const loop_plan<N> plan = make_loop_plan<N>(shape, stride_table);
    if (has_transposed_operand(plan, table.itemsizes))
        evaluate_transposed_tiles<T>(cursor, plan, table.pointers, table.itemsizes);
    else
        for_each_block(plan, table.pointers, [&cursor](const run_block<N>& block) { evaluate_block<T>(cursor, block); });
}

/// The table of an expression's operands with destination elements `out` in slot 0; shape,
/// strides and buffer are the destination's, where the loops need them.
template <class T, class E>
operand_table<1 + leaf_count<E>::value> table_with_destination(T* out, const dim_vector* shape, const dim_vector* strides, const buffer_ref* buffer) {
    operand_table<1 + leaf_count<E>::value> table;
    table.pointers[0] = reinterpret_cast<std::byte*>(out);
    table.shapes[0] = shape;
    table.strides[0] = strides;
    table.itemsizes[0] = static_cast<std::ptrdiff_t>(sizeof(T));
    table.buffers[0] = buffer;
    return table;
}

/// Evaluates into destination, an array or a view (taken as their common base, so that a fresh
/// array needs no view made of it). `fresh` says the destination was just allocated, so it
/// cannot overlap any operand.
template <class T, class E> void evaluate_into_elements(const array_base<T>& destination, const E& expression, bool fresh) {
    static_assert(!std::is_const_v<T>, "cannot evaluate into a view of const elements");
    const dim_vector& shape = destination.shape();
    if (!fresh && !(expression.shape() == shape) && !broadcasts_to(expression.shape(), shape))
        throw shape_error("operands could not be broadcast together with shapes " + to_string(expression.shape()) + " " +
                          to_string(shape) + " (the output's shape cannot change)");
    if (!destination.writeable()) throw error("assignment destination is read-only");
    if (destination.size() == 0) return;

    auto table = table_with_destination<T, E>(destination.data_, &shape, &destination.strides(), &destination.buffer());
    auto cursor = make_cursor<1>(expression, table);
    if (dense_layout(destination, expression, table, fresh)) evaluate_dense<T>(cursor, table, destination.size());
    else evaluate_strided(destination, expression, cursor, table, fresh);
}

/// The view of an expression's first array operand, depth first.
template <class E> const auto& first_array_operand(const E& expression) {
    if constexpr (is_expression_node<E>::value) {
        return std::apply(
            [](const auto&... operands) -> const auto& {
                constexpr bool has_leaves[] = {(leaf_count<std::remove_cvref_t<decltype(operands)>>::value > 0)...};
                constexpr std::size_t first = static_cast<std::size_t>(std::find(std::begin(has_leaves), std::end(has_leaves), true) - std::begin(has_leaves));
                return first_array_operand(std::get<first>(std::tie(operands...)));
            },
            expression.operands());
    } else {
        return expression.elements;
    }
}

template <class E> dense_result dense_result_of(const E& expression) {
    // NumPy gives a ufunc's output the layout of its inputs (order 'K'); nd keeps the simple
    // part of that rule: F order when every array operand is F-contiguous and some are not
    // C-contiguous (operands contiguous both ways, such as 1-d ones broadcast, do not decide).
    const operand_contiguity operands = contiguity_of_operands(expression);
    const order memory_order = operands.all_f() && !operands.all_c() ? order::F : order::C;
    if constexpr (leaf_count<E>::value > 0) {
        // Operands of one shape contiguous in one order: whether they are contiguous in the
        // other order too depends on that shape alone, so the result's flags are theirs.
        if (expression.operands_share_shape() && operands.bits != 0)
            return {true, memory_order, operands.all_c(), operands.all_f(), first_array_operand(expression).size()};
    }
    return {false, memory_order};
}

// Inlined into the constructor of the new array: as a call of its own, the call, its frame and
// passing the operands' pointers through memory took 2 of the 21 ns of `c = a + b` on 4 floats.
template <class T, class E> [[gnu::always_inline]] inline void evaluate_dense_fresh(T* out, std::ptrdiff_t count, const E& expression) {
    if (count == 0) return;
    auto table = table_with_destination<T, E>(out, nullptr, nullptr, nullptr);
    evaluate_dense<T>(make_cursor<1>(expression, table), table, count);
}

template <class T, class E> array<T> evaluate_new(const E& expression) {
    return array<T>(expression); // allocates in dense_result_of's order and evaluates in place
}

template <class T, class E> void evaluate_into(const view<T>& destination, const E& expression, bool fresh) {
    evaluate_into_elements<T>(destination, expression, fresh);
}

} // namespace nd::detail

namespace nd {

/// Evaluates an expression into a new array, in one loop. `auto w = nd::eval(a * b + 1);`
template <expression E> array<typename std::remove_cvref_t<E>::value_type> eval(const E& expression) {
    return detail::evaluate_new<typename std::remove_cvref_t<E>::value_type>(expression);
}

} // namespace nd
