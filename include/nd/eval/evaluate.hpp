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
#include "nd/eval/strided_loop.hpp"
#include "nd/expr/expression.hpp"

namespace nd::detail {

/// Number of array operands (leaves that read memory) in an expression.
template <class E> struct leaf_count : std::integral_constant<std::size_t, 0> {};
template <class T> struct leaf_count<array_leaf<T>> : std::integral_constant<std::size_t, 1> {};
template <class Op, class... O>
struct leaf_count<expression_node<Op, O...>> : std::integral_constant<std::size_t, (0 + ... + leaf_count<O>::value)> {};

/// How the array operands of a run are read, known when compiling: bit k set when the operand
/// in slot k is broadcast along the run (stride 0), bit 16 + k when it takes every second
/// element, neither when it is contiguous; any_layout when that is only known at run time
/// (every read then tests its operand's stride).
inline constexpr int any_layout = -1;
inline constexpr int every_second_shift = 16;

/// Reads one array operand during a run: its pointer and stride come from the run's slot. The
/// slot is a constant, so that the loops can keep every operand's pointer in a register.
template <class T, std::size_t Slot> struct leaf_cursor {
    using value_type = T;
    static constexpr bool batchable = simd::has_batch<T>;
    static constexpr std::size_t slot = Slot;
    const std::byte* pointer = nullptr;
    std::ptrdiff_t stride = 0;
    T splatted{};

    template <std::size_t N> void bind(const inner_run<N>& run) {
        pointer = run.pointers[slot];
        stride = run.strides[slot];
        if (stride == 0) splatted = *reinterpret_cast<const T*>(pointer);
    }
    // Every second element (a[::2]) also loads as batches where the hardware permutes cheaply.
    static constexpr bool may_pair = simd::enabled && simd::has_every_second<T>;
    bool every_second() const noexcept { return may_pair && stride == 2 * static_cast<std::ptrdiff_t>(sizeof(T)); }
    bool simd_ready() const noexcept { return stride == 0 || stride == static_cast<std::ptrdiff_t>(sizeof(T)) || every_second(); }
    bool contiguous() const noexcept { return stride == static_cast<std::ptrdiff_t>(sizeof(T)); }
    T scalar(std::ptrdiff_t i) const { return *reinterpret_cast<const T*>(pointer + i * stride); }
    // Element i of a run known to be contiguous: a plain indexed load the compiler can vectorize.
    T dense_scalar(std::ptrdiff_t i) const { return reinterpret_cast<const T*>(pointer)[i]; }
    // How this operand is read along the run, as its bits of a layout pattern (see any_layout).
    unsigned layout_bits() const noexcept {
        if constexpr (Slot < every_second_shift) {
            if (stride == 0) return 1U << Slot;
            if (every_second()) return 1U << (every_second_shift + Slot);
        }
        return 0;
    }
    // Dense: every array operand is known contiguous, so no operand needs the broadcast test.
    template <bool Dense = false> auto batch(std::ptrdiff_t i) const { return batch_as<Dense ? 0 : any_layout>(i); }
    // With a layout pattern the kind of read is known when compiling, so the loop holds no tests.
    // Interior: later elements of the run are read too, so a read may run past this batch's.
    template <int Pattern, bool Interior = false> auto batch_as(std::ptrdiff_t i) const {
        if constexpr (Pattern == any_layout) {
            if (stride == 0) return simd::splat(splatted);
            if constexpr (may_pair)
                if (every_second()) return simd::load_every_second<Interior>(reinterpret_cast<const T*>(pointer) + 2 * i);
        } else if constexpr (((Pattern >> Slot) & 1) != 0) {
            return simd::splat(splatted);
        } else if constexpr (may_pair && ((Pattern >> (every_second_shift + Slot)) & 1) != 0) {
            return simd::load_every_second<Interior>(reinterpret_cast<const T*>(pointer) + 2 * i);
        }
        return simd::load(reinterpret_cast<const T*>(pointer) + i);
    }
    // A half-width batch (simd::narrow_batch), for patterns of contiguous and broadcast reads.
    template <int Pattern> auto narrow_batch_as(std::ptrdiff_t i) const {
        if constexpr (((Pattern >> Slot) & 1) != 0) return simd::splat_narrow(splatted);
        else return simd::load_narrow(reinterpret_cast<const T*>(pointer) + i);
    }
    // The last, partial batch with the layout pattern known when compiling: a contiguous
    // operand's is one masked load, small enough to inline (the general one is not, at least
    // in GCC 12, and a call costs a sixth of a 4-element evaluation).
    template <int Pattern> auto partial_batch_as(std::ptrdiff_t i, std::ptrdiff_t count) const {
        if constexpr (Pattern == any_layout || (may_pair && ((Pattern >> (every_second_shift + Slot)) & 1) != 0)) return partial_batch(i, count);
        else if constexpr (((Pattern >> Slot) & 1) != 0) return simd::splat(splatted);
        else return simd::load_partial(reinterpret_cast<const T*>(pointer) + i, count);
    }
    // The last, partial batch: the remaining elements, zero in the other lanes.
    auto partial_batch(std::ptrdiff_t i, std::ptrdiff_t count) const {
        if (stride == 0) return simd::splat(splatted);
        if (every_second()) {
            alignas(64) T lanes[simd::width<T>] = {};
            for (std::ptrdiff_t k = 0; k < count; ++k) lanes[k] = scalar(i + k);
            return simd::load(lanes);
        }
        return simd::load_partial(reinterpret_cast<const T*>(pointer) + i, count);
    }
};

/// Reads a scalar operand: its value_type T decides the node's types; Stored is the type its
/// value is kept in (see scalar_leaf), which the parent node converts to its compute type.
template <class T, class Stored = T> struct scalar_cursor {
    using value_type = T;
    static constexpr bool batchable = simd::has_batch<T> && std::is_same_v<T, Stored>;
    Stored value;
    template <std::size_t N> void bind(const inner_run<N>&) {}
    template <int Pattern> auto partial_batch_as(std::ptrdiff_t, std::ptrdiff_t) const { return simd::splat(value); }
    static bool simd_ready() noexcept { return true; }
    static bool contiguous() noexcept { return true; }
    Stored scalar(std::ptrdiff_t) const { return value; }
    Stored dense_scalar(std::ptrdiff_t) const { return value; }
    static unsigned layout_bits() noexcept { return 0; }
    template <bool Dense = false> auto batch(std::ptrdiff_t) const { return simd::splat(value); }
    template <int Pattern, bool Interior = false> auto batch_as(std::ptrdiff_t) const { return simd::splat(value); }
    template <int Pattern> auto narrow_batch_as(std::ptrdiff_t) const { return simd::splat_narrow(value); }
    auto partial_batch(std::ptrdiff_t, std::ptrdiff_t) const { return simd::splat(value); }
};

/// Evaluates one node: converts its operands' values to the compute type and applies the op.
template <class Op, class Compute, class Value, class... Children> struct node_cursor {
    using value_type = Value;
    // SIMD only when no conversion happens anywhere: every child already has the compute type
    // and the node's value is that type too.
    static constexpr bool batchable = simd::enabled && std::is_same_v<Compute, Value> && Op::template batchable<Compute> &&
                                      ((Children::batchable && std::is_same_v<typename Children::value_type, Compute>) && ...);
    [[no_unique_address]] Op op;
    std::tuple<Children...> children;

    template <std::size_t N> void bind(const inner_run<N>& run) {
        std::apply([&](auto&... c) { (c.bind(run), ...); }, children);
    }
    bool simd_ready() const noexcept {
        return std::apply([](const auto&... c) { return (c.simd_ready() && ...); }, children);
    }
    bool contiguous() const noexcept {
        return std::apply([](const auto&... c) { return (c.contiguous() && ...); }, children);
    }
    Value scalar(std::ptrdiff_t i) const {
        return std::apply([&](const auto&... c) { return static_cast<Value>(op.apply(convert<Compute>(c.scalar(i))...)); }, children);
    }
    Value dense_scalar(std::ptrdiff_t i) const {
        return std::apply([&](const auto&... c) { return static_cast<Value>(op.apply(convert<Compute>(c.dense_scalar(i))...)); }, children);
    }
    unsigned layout_bits() const noexcept {
        return std::apply([](const auto&... c) { return (0U | ... | c.layout_bits()); }, children);
    }
    template <bool Dense = false> auto batch(std::ptrdiff_t i) const { return batch_as<Dense ? 0 : any_layout>(i); }
    template <int Pattern, bool Interior = false> auto batch_as(std::ptrdiff_t i) const {
        return std::apply([&](const auto&... c) { return op.apply_batch(c.template batch_as<Pattern, Interior>(i)...); }, children);
    }
    template <int Pattern> auto narrow_batch_as(std::ptrdiff_t i) const {
        return std::apply([&](const auto&... c) { return op.apply_batch(c.template narrow_batch_as<Pattern>(i)...); }, children);
    }
    auto partial_batch(std::ptrdiff_t i, std::ptrdiff_t count) const {
        return std::apply([&](const auto&... c) { return op.apply_batch(c.partial_batch(i, count)...); }, children);
    }
    template <int Pattern> auto partial_batch_as(std::ptrdiff_t i, std::ptrdiff_t count) const {
        return std::apply([&](const auto&... c) { return op.apply_batch(c.template partial_batch_as<Pattern>(i, count)...); }, children);
    }
};

/// The array operands of an expression as the loop sees them: slot 0 is the destination.
template <std::size_t N> struct operand_table {
    std::array<std::byte*, N> pointers;
    std::array<const dim_vector*, N> shapes;
    std::array<const dim_vector*, N> strides;
    std::array<std::ptrdiff_t, N> itemsizes;
    std::array<const buffer_ref*, N> buffers;
};

/// How many array operands the operands before the I-th have.
template <std::size_t I, class... Operands> constexpr std::size_t leaves_before() {
    constexpr std::size_t counts[] = {leaf_count<Operands>::value..., 0};
    std::size_t total = 0;
    for (std::size_t k = 0; k < I; ++k) total += counts[k];
    return total;
}

/// Builds the cursor tree of an expression, numbering its array operands depth first from
/// slot First on, and fills their table entries.
template <std::size_t First, std::size_t N, class T> leaf_cursor<T, First> make_cursor(const array_leaf<T>& leaf, operand_table<N>& table) {
    static_assert(First < N, "more array operands than table slots");
    table.pointers[First] = const_cast<std::byte*>(reinterpret_cast<const std::byte*>(leaf.elements.data()));
    table.shapes[First] = &leaf.elements.shape();
    table.strides[First] = &leaf.elements.strides();
    table.itemsizes[First] = static_cast<std::ptrdiff_t>(sizeof(T));
    table.buffers[First] = &leaf.elements.buffer();
    return {};
}
template <std::size_t First, std::size_t N, class T, class Stored>
scalar_cursor<T, Stored> make_cursor(const scalar_leaf<T, Stored>& leaf, operand_table<N>&) {
    return {leaf.value};
}
template <std::size_t First, std::size_t N, class Op, class... O> auto make_cursor(const expression_node<Op, O...>& node, operand_table<N>& table) {
    using node_type = expression_node<Op, O...>;
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
        return node_cursor<Op, typename node_type::compute_type, typename node_type::value_type,
                           decltype(make_cursor<First + leaves_before<I, O...>()>(std::get<I>(node.operands()), table))...>{
            node.operation(), {make_cursor<First + leaves_before<I, O...>()>(std::get<I>(node.operands()), table)...}};
    }(std::index_sequence_for<O...>{});
}

/// One contiguous row of n destination elements: SIMD over whole batches, then one padded
/// batch for the rest. The cursor must be bound to the row. Streamed,
/// the whole batches go past the cache with non-temporal stores, which must be aligned: plain
/// stores then write up to the first batch boundary of `out`, and the caller calls
/// simd::stream_fence() when its rows are done. Narrow, the whole batches are half-width
/// (simd::narrow_batch; see narrow_pays).
template <int Pattern, bool Streamed = false, bool Narrow = false, class D, class Cursor>
[[gnu::always_inline]] inline void evaluate_row_batches(const Cursor& cursor, D* out, std::ptrdiff_t n) {
    static_assert(!(Streamed && Narrow), "streamed stores are whole-width");
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
    if constexpr (Streamed || !broadcast_rows) {
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

/// Whether a cursor applies an operation that runs slower than memory (Op::compute_bound).
template <class Cursor> struct computes_slowly : std::false_type {};
template <class Op, class Compute, class Value, class... Children>
struct computes_slowly<node_cursor<Op, Compute, Value, Children...>>
    : std::bool_constant<requires { requires Op::compute_bound; } || (computes_slowly<Children>::value || ...)> {};

/// Whether `count` elements of Cursor's values written from `out` on are streamed: large
/// enough, `out` aligned to its element (so that a whole number of elements precedes the first
/// batch boundary), and cheap enough to compute that memory is what the loop waits on. Past a
/// series function the loop is compute-bound, and streamed stores cost it time instead (16M
/// doubles: exp 8.1 GiB/s streamed, 9.7 stored normally; sin 6.6 and 8.4; x + 1 21.5 and 13.5).
template <class Cursor, class D> bool streams_result(const D* out, std::ptrdiff_t count) noexcept {
    return !computes_slowly<Cursor>::value && count * static_cast<std::ptrdiff_t>(sizeof(D)) >= streaming_result_bytes &&
           reinterpret_cast<std::uintptr_t>(out) % sizeof(D) == 0;
}

/// One contiguous row with every operand contiguous too, element by element (conversions, or
/// operations without SIMD versions): plain indexed loads the compiler can vectorize.
template <class D, class Cursor> [[gnu::always_inline]] inline void evaluate_row_dense(const Cursor& cursor, D* out, std::ptrdiff_t n) {
    for (std::ptrdiff_t i = 0; i < n; ++i) out[i] = convert<D>(cursor.dense_scalar(i));
}

/// Whether the loops of Cursor may read and write half-width batches for results of D in
/// rows of `Pattern`: on AVX-512 builds, when memory rather than arithmetic bounds them and
/// every operand is contiguous or broadcast.
template <class Cursor, class D, int Pattern>
inline constexpr bool may_narrow = simd::has_narrow_batch<D> && !computes_slowly<Cursor>::value && Pattern != any_layout &&
                                   (Pattern >> every_second_shift) == 0;

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
/// included) touches more than the L1 cache holds, so that half-width batches read it faster
/// (simd::has_narrow_batch; a triad of 4096 floats, 64 KiB, is the crossing on the machine this
/// was measured on). The constant test first keeps small evaluations off the cache size's guard.
template <class D, std::size_t N> bool narrow_pays(std::ptrdiff_t count) noexcept {
    const std::ptrdiff_t bytes = count * static_cast<std::ptrdiff_t>(N * sizeof(D));
    return bytes > (std::ptrdiff_t{32} << 10) && bytes > l1_data_cache_bytes();
}

/// The batches of every row of a block whose result streams past the cache, or (Narrow) that
/// are half-width. A function of its own, out of the way: inlined, it changed how GCC compiled
/// evaluate_batches, and small evaluations, which never stream, lost 2 ns and 7% at 16K
/// doubles. The cursor is copied into a local, which stores through `out` cannot change: as a
/// parameter, GCC reloaded every operand's pointer before every batch.
template <int Pattern, bool Streamed, bool Narrow, class D, class Cursor, std::size_t N>
[[gnu::noinline]] void evaluate_batches_apart(const Cursor& shared, const run_block<N>& block) {
    Cursor cursor = shared;
    inner_run<N> run = block.run;
    for (std::ptrdiff_t row = 0; row < block.rows; ++row) {
        cursor.bind(run);
        evaluate_row_batches<Pattern, Streamed, Narrow>(cursor, reinterpret_cast<D*>(run.pointers[0]), run.length);
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
    if constexpr (may_narrow<Cursor, D, Pattern>)
        if (narrow_pays<D, N>(block.rows * run.length)) return evaluate_batches_apart<Pattern, false, true, D>(cursor, block);
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

/// One run, as a block of one row.
template <class D, class Cursor, std::size_t N> void evaluate_run(const Cursor& cursor, const inner_run<N>& run) {
    evaluate_block<D>(cursor, run_block<N>{run, 1, {}});
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
        if constexpr (may_narrow<Cursor, D, 0>)
            if (narrow_pays<D, N>(length)) return evaluate_batches_apart<0, false, true, D>(cursor, run_block<N>{run, 1, {}});
        evaluate_row_batches<0>(cursor, out, length);
    } else {
        evaluate_row_dense(cursor, out, length);
    }
}

/// Whether every array operand of an expression is C-contiguous, and whether every one is
/// F-contiguous (both, when it has none).
struct operand_contiguity {
    bool all_c = true;
    bool all_f = true;
};
template <class E> operand_contiguity contiguity_of_operands(const E& expression) {
    if constexpr (is_expression_node<E>::value) {
        return std::apply(
            [](const auto&... operands) {
                operand_contiguity all;
                auto join = [&all](operand_contiguity one) {
                    all.all_c = all.all_c && one.all_c;
                    all.all_f = all.all_f && one.all_f;
                };
                (join(contiguity_of_operands(operands)), ...);
                return all;
            },
            expression.operands());
    } else if constexpr (requires { expression.elements; }) {
        const array_flags flags = expression.elements.flags();
        return {flags.c_contiguous, flags.f_contiguous};
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
    if (!((flags.c_contiguous && operands.all_c) || (flags.f_contiguous && operands.all_f))) return false;
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
        for_each_tiled_run(plan, table.pointers, 32, [&cursor](const inner_run<N>& run) { evaluate_run<T>(cursor, run); });
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
    const order memory_order = operands.all_f && !operands.all_c ? order::F : order::C;
    if constexpr (leaf_count<E>::value > 0) {
        // Operands of one shape contiguous in one order: whether they are contiguous in the
        // other order too depends on that shape alone, so the result's flags are theirs.
        if (expression.operands_share_shape() && (operands.all_c || operands.all_f))
            return {true, memory_order, operands.all_c, operands.all_f, first_array_operand(expression).size()};
    }
    return {false, memory_order};
}

template <class T, class E> void evaluate_dense_fresh(T* out, std::ptrdiff_t count, const E& expression) {
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
