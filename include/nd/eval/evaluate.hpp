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
#include <limits>
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
#include "nd/eval/blocks.hpp"
#include "nd/eval/cursor.hpp"
#include "nd/eval/strided_loop.hpp"
#include "nd/expr/expression.hpp"

namespace nd::detail {

/// The bytes of a cache line, and how far ahead of the stores a loop past the L1 cache asks for
/// its destination lines (prefetch_for_write): the distance that was fastest for a column
/// broadcast read from L2 (benchmark col_bcast/f32/128x128; docs/performance.md).
inline constexpr std::ptrdiff_t cache_line_bytes = 64;
inline constexpr std::ptrdiff_t write_ahead_bytes = 512;

// The loops below are named by what they cover (a row, a block of rows, one run) and take
// as template arguments what varies between their forms: the layout Pattern of the operands
// along the rows (cursor.hpp), the store_kind and the register_width.

/// How a loop stores its results: plainly; streamed past the cache (non-temporal stores, for
/// results larger than the last-level cache: streams_result); or with every destination line
/// asked for ahead of its stores (for evaluations past the L1 cache: exceeds_l1_cache).
enum class store_kind { plain, streamed, prefetched };
/// The registers a loop computes in: full width, or half (simd::narrow_batch, on AVX-512
/// builds: past the L1 cache they are read faster).
enum class register_width { full, half };

/// One contiguous row of n destination elements: SIMD over whole batches, then one padded
/// batch for the rest. The cursor must be bound to the row. Streamed, the whole batches go
/// past the cache with non-temporal stores, which must be aligned: plain stores then write up
/// to the first batch boundary of `out`, and the caller calls simd::stream_fence() when its
/// rows are done. Half-width where D has such batches (simd::has_narrow_batch).
template <int Pattern, store_kind Store = store_kind::plain, register_width Width = register_width::full, class D, class Cursor>
[[gnu::always_inline]] inline void row_batches(const Cursor& cursor, D* out, std::ptrdiff_t n) {
    constexpr bool Streamed = Store == store_kind::streamed, Prefetched = Store == store_kind::prefetched;
    static_assert(!(Streamed && Width == register_width::half), "streamed stores are whole batches");
    constexpr bool Narrow = Width == register_width::half && simd::has_narrow_batch<D>;
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
    // the stores of the last drain (benchmarks add/f32/16K, exp/f64/16M). Elements follow each
    // step (the strict <), so its reads are interior. Not for rows with a broadcast operand,
    // whose short rows pay for the extra steps (row_bcast/f32/128x128; docs/performance.md).
    constexpr bool broadcast_rows = Pattern != any_layout && Pattern != 0;
    if constexpr (Prefetched) {
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

// The traits an operation states in Op::traits (expr/operation.hpp), read here and nowhere else.
template <class Op> struct is_compute_bound : std::bool_constant<Op::traits.compute_bound> {};
template <class Op> struct lags_behind_memory : std::bool_constant<Op::traits.compute_bound && !Op::traits.keeps_up_with_memory> {};

/// Whether a cursor applies an operation that runs slower than memory (Op::compute_bound).
template <class Cursor> using computes_slowly = applies_operation_where<is_compute_bound, Cursor>;

/// Whether `count` elements of Cursor's values written from `out` on are streamed: large
/// enough, `out` aligned to its element (so that a whole number of elements precedes the first
/// batch boundary), and fast enough to compute that memory is what the loop waits on: after a
/// series function that lags behind memory, streamed stores cost time (benchmarks sin/f32/16M
/// and exp/f32/16M; docs/performance.md).
template <class Cursor, class D> bool streams_result(const D* out, std::ptrdiff_t count) noexcept {
    return !applies_operation_where<lags_behind_memory, Cursor>::value && count * static_cast<std::ptrdiff_t>(sizeof(D)) >= streaming_result_bytes &&
           reinterpret_cast<std::uintptr_t>(out) % sizeof(D) == 0;
}

/// One contiguous row with every operand contiguous too, element by element (conversions, or
/// operations without SIMD versions): plain indexed loads the compiler can vectorize.
template <class D, class Cursor> [[gnu::always_inline]] inline void row_elements(const Cursor& cursor, D* out, std::ptrdiff_t n) {
    for (std::ptrdiff_t i = 0; i < n; ++i) out[i] = convert<D>(cursor.dense_scalar(i));
}

/// Whether the loops of Cursor for results of D in rows of `Pattern` have a form of their own
/// for data past the L1 cache (prefetched stores, half-width registers): when memory rather than
/// arithmetic bounds them and every operand is contiguous or broadcast.
template <class Cursor, class D, int Pattern>
inline constexpr bool has_beyond_l1_form = !computes_slowly<Cursor>::value && Pattern != any_layout;

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
/// away (see row_batches), and on AVX-512 builds half-width batches read it faster
/// (simd::has_narrow_batch; a triad of 4096 floats, 64 KiB, is the crossing on the machine this
/// was measured on). The constant test first keeps small evaluations off the cache size's guard.
template <class D, std::size_t N> bool exceeds_l1_cache(std::ptrdiff_t count) noexcept {
    const std::ptrdiff_t bytes = count * static_cast<std::ptrdiff_t>(N * sizeof(D));
    return bytes > (std::ptrdiff_t{32} << 10) && bytes > l1_data_cache_bytes();
}

/// The batches of every row of a block whose result streams past the cache, or that exceeds
/// the L1 cache (prefetched, half width). A function of its own, out of the way: inlined, it
/// changed how GCC compiled block_batches, and small evaluations, which never stream, lost
/// time (benchmark add/f64/16K). The cursor is copied into a local, which stores through `out`
/// cannot change: as a parameter, GCC reloaded every operand's pointer before every batch.
template <int Pattern, store_kind Store, register_width Width, class D, class Cursor, std::size_t N>
[[gnu::noinline]] void block_batches_apart(const Cursor& shared, const run_block<N>& block) {
    Cursor cursor = shared;
    inner_run<N> run = block.run;
    for (std::ptrdiff_t row = 0; row < block.rows; ++row) {
        cursor.bind(run);
        row_batches<Pattern, Store, Width>(cursor, reinterpret_cast<D*>(run.pointers[0]), run.length);
        for (std::size_t op = 0; op < N; ++op) run.pointers[op] += block.row_strides[op];
    }
    if constexpr (Store == store_kind::streamed) simd::stream_fence();
}

/// The batches of every row of a block: streamed, prefetched in half-width registers, or plain.
template <int Pattern, class D, class Cursor, std::size_t N> void block_batches(const Cursor& shared, const run_block<N>& block) {
    Cursor cursor = shared; // a local: stores through `out` cannot change it
    inner_run<N> run = block.run;
    // Each pattern streams in a loop of its own: the any_layout loop tests each operand's
    // layout at every read, which large broadcasts feel (benchmark col_bcast/f64/4096x4096).
    if (streams_result<Cursor>(reinterpret_cast<const D*>(run.pointers[0]), block.rows * run.length)) [[unlikely]]
        return block_batches_apart<Pattern, store_kind::streamed, register_width::full, D>(cursor, block);
    if constexpr (has_beyond_l1_form<Cursor, D, Pattern>)
        if (exceeds_l1_cache<D, N>(block.rows * run.length))
            return block_batches_apart<Pattern, store_kind::prefetched, register_width::half, D>(cursor, block);
    for (std::ptrdiff_t row = 0; row < block.rows; ++row) {
        cursor.bind(run);
        row_batches<Pattern>(cursor, reinterpret_cast<D*>(run.pointers[0]), run.length);
        for (std::size_t op = 0; op < N; ++op) run.pointers[op] += block.row_strides[op];
    }
}

/// The batches of a block whose operands are each contiguous or broadcast along its rows, by
/// the loop made for that pattern (bit k of Index set: operand k broadcast), with no test per
/// read. Other reads (every second element), and rows where every operand is broadcast (a row
/// of one value), take the any_layout loop, which tests each operand's stride: patterns of
/// their own for them would more than double the loops of every two-operand expression (nine
/// patterns, not three), in every program that writes one.
template <class D, class Cursor, std::size_t N, std::size_t... Index>
bool block_batches_by_pattern(const Cursor& cursor, const run_block<N>& block, std::index_sequence<Index...>) {
    const unsigned pattern = cursor.layout_bits();
    return ((pattern == static_cast<unsigned>(Index << 1) ? (block_batches<static_cast<int>(Index << 1), D>(cursor, block), true) : false) ||
            ...);
}

/// The loops for a block of runs: SIMD when every operand is contiguous or broadcast along
/// them, else element by element; the choice is made once for the whole block, since every row
/// has the same strides. The cursor is copied into the function so that the compiler can keep
/// its pointers in registers: stores through `out` cannot change a local.
template <class D, class Cursor, std::size_t N> void block_loop(const Cursor& shared, const run_block<N>& block) {
    Cursor cursor = shared;
    cursor.bind(block.run);
    const std::ptrdiff_t n = block.run.length, out_stride = block.run.strides[0];
    if constexpr (Cursor::batchable && std::is_same_v<typename Cursor::value_type, D>) {
        if (out_stride == static_cast<std::ptrdiff_t>(sizeof(D))) {
            if (cursor.contiguous()) return block_batches<0, D>(cursor, block);
            if (cursor.simd_ready()) {
                // Up to three array operands: one loop per pattern of broadcast reads.
                if constexpr (N <= 4)
                    if (block_batches_by_pattern<D>(cursor, block, std::make_index_sequence<(std::size_t{1} << (N - 1)) - 1>{})) return;
                return block_batches<any_layout, D>(cursor, block);
            }
        }
    }
    inner_run<N> run = block.run;
    for (std::ptrdiff_t row = 0; row < block.rows; ++row) {
        cursor.bind(run);
        D* out = reinterpret_cast<D*>(run.pointers[0]);
        if (out_stride == static_cast<std::ptrdiff_t>(sizeof(D)) && cursor.contiguous()) {
            row_elements(cursor, out, n);
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

template <class T, class Cursor, std::size_t N> void block_loop_of(const void* cursor, const run_block<N>& block) {
    block_loop<T>(*static_cast<const Cursor*>(cursor), block);
}

/// Every operand laid out exactly as a contiguous destination: one run, every operand read
/// contiguously, so no operand needs the broadcast or stride tests.
template <class D, class Cursor, std::size_t N> [[gnu::always_inline]] inline void single_run(Cursor cursor, const operand_table<N>& table, std::ptrdiff_t length) {
    inner_run<N> run;
    run.pointers = table.pointers;
    for (std::size_t slot = 0; slot < N; ++slot) run.strides[slot] = table.itemsizes[slot];
    run.length = length;
    cursor.bind(run);
    D* out = reinterpret_cast<D*>(run.pointers[0]);
    if constexpr (Cursor::batchable && std::is_same_v<typename Cursor::value_type, D>) {
        if (streams_result<Cursor>(out, length)) [[unlikely]]
            return block_batches_apart<0, store_kind::streamed, register_width::full, D>(cursor, run_block<N>{run, 1, {}});
        if constexpr (has_beyond_l1_form<Cursor, D, 0>)
            if (exceeds_l1_cache<D, N>(length))
                return block_batches_apart<0, store_kind::prefetched, register_width::half, D>(cursor, run_block<N>{run, 1, {}});
        row_batches<0>(cursor, out, length);
    } else {
        row_elements(cursor, out, length);
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

template <class T, class Cursor, std::size_t N> block_kernel<N> kernel_of(const Cursor& cursor) {
    return {&block_loop_of<T, Cursor, N>, &cursor};
}

/// Evaluates into a destination whose operands broadcast, stride, or overlap it: over the merged
/// loop plan, or through a temporary when an operand overlaps the destination.
template <class T, class E, class Cursor, std::size_t N>
[[gnu::noinline]] void evaluate_strided(const array_base<T>& destination, const E& expression, const Cursor& cursor,
                                        const operand_table<N>& table) {
    if (!needs_temporary<N>(destination.shape(), destination.strides(), table))
        return evaluate_blocks<N>(destination.shape(), destination.strides(), table, kernel_of<T, Cursor, N>(cursor));
    const array<typename E::value_type> temporary = evaluate_new<typename E::value_type>(expression);
    const view<T> target(view_parts<T>{reinterpret_cast<T*>(table.pointers[0]), destination.shape(), destination.strides(), destination.buffer(), true});
    assign_elements(target, view<const typename E::value_type>(temporary));
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

/// Evaluates into destination, an array or a view (taken as their common base, so that an array
/// needs no view made of it).
template <class T, class E> void evaluate_into_elements(const array_base<T>& destination, const E& expression) {
    static_assert(!std::is_const_v<T>, "cannot evaluate into a view of const elements");
    const dim_vector& shape = destination.shape();
    if (!(expression.shape() == shape) && !broadcasts_to(expression.shape(), shape)) throw_output_shape(expression.shape(), shape);
    if (!destination.writeable()) throw_read_only();
    if (destination.size() == 0) return;

    auto table = table_with_destination<T, E>(destination.data_, &shape, &destination.strides(), &destination.buffer());
    auto cursor = make_cursor<1>(expression, table);
    if (dense_layout(destination, expression, table, false)) single_run<T>(cursor, table, destination.size());
    else evaluate_strided(destination, expression, cursor, table);
}

/// Evaluates into a new array of the expression's shape, which overlaps nothing: the overlap
/// test and the temporary it may call for are not compiled in.
template <class T, class E> void evaluate_fresh(const array_base<T>& destination, const E& expression) {
    if (destination.size() == 0) return;
    const dim_vector& shape = destination.shape();
    auto table = table_with_destination<T, E>(destination.data_, &shape, &destination.strides(), &destination.buffer());
    auto cursor = make_cursor<1>(expression, table);
    if (dense_layout(destination, expression, table, true)) single_run<T>(cursor, table, destination.size());
    else evaluate_blocks<1 + leaf_count<E>::value>(shape, destination.strides(), table, kernel_of<T, decltype(cursor), 1 + leaf_count<E>::value>(cursor));
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

/// The layout of a new array for an expression: its memory order, and whether one contiguous
/// run evaluates it (nothing broadcasts and every array operand is contiguous in one order),
/// with the count and flags it then has.
struct dense_result {
    bool is_dense = false;
    order memory_order = order::C;
    bool c_contiguous = false;
    bool f_contiguous = false;
    std::ptrdiff_t size = 0;
};

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

/// Builds a new array for an expression (array's constructor from one): allocated in
/// dense_result_of's order and evaluated in place. Evaluated straight into the array: a
/// finished array moved in would be read back right after its layout was written (a
/// store-forwarding stall, on every small array). When nothing broadcasts and every operand is
/// contiguous in one order (most small arrays), the operands already tell the count and the
/// flags, and nothing can overlap. Inlined into the constructor: a call of its own, its frame
/// and the operands' pointers passed through memory cost small arrays time (benchmark
/// small_add/f32/4; docs/performance.md).
template <class T, class E> [[gnu::always_inline]] inline void evaluate_into_new_array(array<T>& destination, const E& expression) {
    const dense_result dense = dense_result_of(expression);
    if (dense.is_dense) {
        // Operands in memory cannot count too many elements, but adapted memory may claim to.
        if (dense.size > std::numeric_limits<std::ptrdiff_t>::max() / static_cast<std::ptrdiff_t>(sizeof(T))) [[unlikely]]
            throw_bad_shape(expression.shape(), static_cast<std::ptrdiff_t>(sizeof(T)));
        destination.allocate_layout(expression.shape(), dense.size, dense.memory_order);
        destination.set_contiguity(dense.c_contiguous, dense.f_contiguous);
        if (dense.size == 0) return;
        auto table = table_with_destination<T, E>(destination.data_, nullptr, nullptr, nullptr);
        single_run<T>(make_cursor<1>(expression, table), table, dense.size);
        return;
    }
    destination.allocate(expression.shape(), dense.memory_order);
    evaluate_fresh<T>(destination, expression);
}

template <class T, class E> array<T> evaluate_new(const E& expression) {
    return array<T>(expression);
}

template <class T, class E> void evaluate_into(const view<T>& destination, const E& expression) {
    evaluate_into_elements<T>(destination, expression);
}

} // namespace nd::detail

namespace nd {

/// Evaluates an expression into a new array, in one loop. `auto w = nd::eval(a * b + 1);`
template <expression E> array<typename std::remove_cvref_t<E>::value_type> eval(const E& expression) {
    return detail::evaluate_new<typename std::remove_cvref_t<E>::value_type>(expression);
}

/// An array as it is, without a copy, so that generic code can call nd::eval on whatever it
/// holds (an axis reduction already returns an array). `auto totals = nd::eval(nd::sum(m, 0));`
template <class T> const array<T>& eval(const array<T>& values) { return values; }
template <class T> array<T> eval(array<T>&& values) { return std::move(values); }

/// A view's elements in a new array of their own. `auto row = nd::eval(m(0, nd::all));`
template <class T> array<std::remove_const_t<T>> eval(const view<T>& elements) { return array<std::remove_const_t<T>>(elements); }

} // namespace nd
