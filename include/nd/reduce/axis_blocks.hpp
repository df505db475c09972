#pragma once
// Reductions over some axes: folds an array or expression into an array of accumulators, two
// loop axes (a block of rows) at a time. Reducing an outer axis streams groups of rows into the
// accumulator row, or, for rows shorter than a few batches, folds them as interleaved chains at
// full SIMD width; reducing the contiguous axis of short rows sums a batch of rows with one
// transposing horizontal add; other layouts go row by row (reduce_run). Blocks whose
// accumulators no other block shares start them from the identity in registers.

#include <algorithm>
#include <array>
#include <cstddef>
#include <numeric>
#include <type_traits>
#include <utility>

#include "nd/core/array.hpp"
#include "nd/core/simd.hpp"
#include "nd/eval/evaluate.hpp"
#include "nd/eval/strided_loop.hpp"
#include "nd/reduce/accumulate.hpp"

namespace nd::detail {

/// `shared` bound to row `row` of a block.
template <class Cursor, std::size_t N> Cursor bound_to_row(const Cursor& shared, const run_block<N>& block, std::ptrdiff_t row) {
    inner_run<N> run = block.run;
    for (std::size_t op = 0; op < N; ++op) run.pointers[op] += row * block.row_strides[op];
    Cursor cursor = shared;
    cursor.bind(run);
    return cursor;
}

/// Whether every array operand's rows follow each other in memory, so that the block's
/// elements are one contiguous run of rows × length (slot 1, the accumulators, aside).
template <std::size_t N> bool rows_adjacent(const run_block<N>& block) {
    for (std::size_t slot = 2; slot < N; ++slot)
        if (block.row_strides[slot] != block.run.length * block.run.strides[slot]) return false;
    return true;
}

/// The most rows a block's last pass folds at once (fold_rows_into_row).
inline constexpr std::size_t max_last_rows = 15;

/// Folds `Group` rows of a block, from `row` on, into one contiguous row of accumulators; with
/// Group 0, the block's last `count` rows (at most max_last_rows), a count known only at run time,
/// so that one loop serves every count instead of one loop per count compiled into every program
/// that reduces over an axis. The rows are combined in registers, so the accumulator row costs
/// one load and one store per group of input rows; each output element still receives the rows
/// one after another, as NumPy adds rows into its output, so the result does not depend on the
/// grouping. `Fresh`: the accumulators are not yet written and the rows start from the identity
/// instead (the same additions, without reading the accumulator row, or filling it beforehand).
/// `Narrow`: in half-width batches (see rows_narrow_pays).
template <class Reduction, class A, std::size_t Group, bool Fresh, bool Narrow, class Cursor, std::size_t N>
void fold_row_group(const Cursor& shared, const run_block<N>& block, std::ptrdiff_t row, std::ptrdiff_t count, A* out) {
    constexpr std::ptrdiff_t width = Narrow ? simd::narrow_width<A> : simd::width<A>;
    const std::ptrdiff_t n = block.run.length, whole = n - n % width;
    auto start = [&](std::ptrdiff_t j) { // a default capture: out goes unused when Fresh
        if constexpr (Fresh && Narrow) return simd::splat_narrow(Reduction::template identity<A>());
        else if constexpr (Fresh) return simd::splat(Reduction::template identity<A>());
        else if constexpr (Narrow) return simd::load_narrow(out + j);
        else return simd::load(out + j);
    };
    auto load = [](const Cursor& rows, std::ptrdiff_t j) {
        if constexpr (Narrow) return rows.template narrow_batch_as<0>(j);
        else return rows.template batch<true>(j);
    };
    auto put = [](A* at, const auto& batch) {
        if constexpr (Narrow) simd::store_narrow(at, batch);
        else simd::store(at, batch);
    };
    std::array<Cursor, Group == 0 ? max_last_rows : Group> rows;
    if constexpr (Group != 0) count = Group;
    for (std::ptrdiff_t k = 0; k < count; ++k) rows[static_cast<std::size_t>(k)] = bound_to_row(shared, block, row + k);
    // Calls step(row cursor) for every row, in row order.
    auto each_row = [&](const auto& step) {
        if constexpr (Group == 0) {
            for (std::ptrdiff_t k = 0; k < count; ++k) step(rows[static_cast<std::size_t>(k)]);
        } else {
            [&]<std::size_t... k>(std::index_sequence<k...>) { (step(rows[k]), ...); }(std::make_index_sequence<Group>{});
        }
    };
    std::ptrdiff_t j = 0;
    // Two columns of batches at a time: two independent chains of additions.
    for (; j + 2 * width <= whole; j += 2 * width) {
        auto left = start(j), right = start(j + width);
        each_row([&](const Cursor& cursor) {
            left = Reduction::combine_batch(left, load(cursor, j));
            right = Reduction::combine_batch(right, load(cursor, j + width));
        });
        put(out + j, left);
        put(out + j + width, right);
    }
    for (; j < whole; j += width) {
        auto total = start(j);
        each_row([&](const Cursor& cursor) { total = Reduction::combine_batch(total, load(cursor, j)); });
        put(out + j, total);
    }
    for (; j < n; ++j) {
        A total = Fresh ? Reduction::template identity<A>() : out[j];
        each_row([&](const Cursor& cursor) { total = Reduction::combine(total, accumulator_value<A>(cursor.dense_scalar(j))); });
        out[j] = total;
    }
}

/// The longest period of interleaved chains (elements of their partial results on the stack).
inline constexpr std::ptrdiff_t max_period = 1024;
/// The shortest period, in batches: four independent chains of additions keep the adder busy
/// (one chain waits the adder's latency, 3 or 4 cycles, between loads).
inline constexpr std::ptrdiff_t min_period_batches = 4;

/// Rows shorter than a few batches, and not a whole number of batches, are folded into an
/// outer-axis accumulator row as `chains` interleaved sequences (row r into chain r mod chains,
/// each chain in order), which are then folded into the accumulators in order. With
/// chains × length a whole number of batches (`period`), adjacent rows are then read as one
/// run at full SIMD width (fold_periodic_rows); other layouts take the same order element by
/// element (fold_chains), so that the result does not depend on the layout. Each chain adds
/// rows one after another as NumPy does, so the sum is at least as accurate as NumPy's.
struct interleaved_chains {
    std::ptrdiff_t period = 0, chains = 0, rows = 0; // rows: how many rows go into chains, 0 when not worth it
};
template <class A> interleaved_chains chains_for(std::ptrdiff_t length, std::ptrdiff_t rows) {
    constexpr std::ptrdiff_t width = simd::width<A>;
    interleaved_chains plan;
    if (length % width == 0) return plan;
    plan.period = std::lcm(length, width);
    while (plan.period < min_period_batches * width && 2 * plan.period <= max_period) plan.period *= 2;
    plan.chains = plan.period / length;
    if (plan.period <= max_period && rows >= 2 * plan.chains) plan.rows = rows - rows % plan.chains;
    return plan;
}

/// Folds the chains' partial results (`period` elements, chain after chain) into `out`, which
/// `fresh` says is not yet written (the first chain then starts from the identity).
template <class Reduction, class A> void fold_chains_into(const A* partial, const interleaved_chains& plan, std::ptrdiff_t length, A* out, bool fresh) {
    if (fresh)
        for (std::ptrdiff_t j = 0; j < length; ++j) out[j] = Reduction::template identity<A>();
    for (std::ptrdiff_t start = 0; start < plan.period; start += length)
        for (std::ptrdiff_t j = 0; j < length; ++j) out[j] = Reduction::combine(out[j], partial[start + j]);
}

/// The longest period whose partial results fold_periodic_rows keeps in registers, in batches.
inline constexpr std::ptrdiff_t max_register_period = 8;

/// The partial results of periods of `Batches` batches, kept in registers over the whole run:
/// one load per batch read, as a plain read of the same bytes.
template <class Reduction, std::ptrdiff_t Batches, class A, class Cursor> void fold_periods_in_registers(const Cursor& cursor, std::ptrdiff_t end, A* partial) {
    constexpr std::ptrdiff_t width = simd::width<A>, period = Batches * width;
    [&]<std::size_t... k>(std::index_sequence<k...>) {
        std::array<simd::batch<A>, Batches> total{cursor.template batch<true>(static_cast<std::ptrdiff_t>(k) * width)...};
        for (std::ptrdiff_t start = period; start < end; start += period)
            ((total[k] = Reduction::combine_batch(total[k], cursor.template batch<true>(start + static_cast<std::ptrdiff_t>(k) * width))), ...);
        (simd::store(partial + static_cast<std::ptrdiff_t>(k) * width, total[k]), ...);
    }(std::make_index_sequence<Batches>{});
}

/// The chains of adjacent rows: the block read as one run, a period (one row of each chain) at
/// a time, batch by batch.
template <class Reduction, class A, class Cursor, std::size_t N>
void fold_periodic_rows(const Cursor& shared, const run_block<N>& block, const interleaved_chains& plan, A* out, bool fresh) {
    constexpr std::ptrdiff_t width = simd::width<A>;
    Cursor cursor = shared;
    cursor.bind(block.run);
    const std::ptrdiff_t period = plan.period, end = plan.rows * block.run.length;
    alignas(64) A partial[max_period];
    static_assert(2 * min_period_batches * width <= max_period, "chains_for can widen every period to min_period_batches");
    if (period <= max_register_period * width) {
        [&]<std::ptrdiff_t... longer>(std::integer_sequence<std::ptrdiff_t, longer...>) {
            constexpr std::ptrdiff_t shortest = min_period_batches;
            ((period == (shortest + longer) * width ? fold_periods_in_registers<Reduction, shortest + longer>(cursor, end, partial) : void()), ...);
        }(std::make_integer_sequence<std::ptrdiff_t, max_register_period - min_period_batches + 1>{});
        return fold_chains_into<Reduction>(partial, plan, block.run.length, out, fresh);
    }
    for (std::ptrdiff_t at = 0; at < period; at += width) simd::store(partial + at, cursor.template batch<true>(at));
    // Four periods at a time, each chain still in order: one load and store of the partial
    // results per four batches read.
    std::ptrdiff_t start = period;
    for (; start + 4 * period <= end; start += 4 * period)
        for (std::ptrdiff_t at = 0; at < period; at += width) {
            auto total = simd::load(partial + at);
            for (std::ptrdiff_t k = 0; k < 4; ++k) total = Reduction::combine_batch(total, cursor.template batch<true>(start + k * period + at));
            simd::store(partial + at, total);
        }
    for (; start < end; start += period)
        for (std::ptrdiff_t at = 0; at < period; at += width)
            simd::store(partial + at, Reduction::combine_batch(simd::load(partial + at), cursor.template batch<true>(start + at)));
    fold_chains_into<Reduction>(partial, plan, block.run.length, out, fresh);
}

/// The chains of any other layout, element by element.
template <class Reduction, class A, class Cursor, std::size_t N>
void fold_chains(const Cursor& shared, const run_block<N>& block, const interleaved_chains& plan, A* out, bool fresh) {
    const std::ptrdiff_t n = block.run.length;
    alignas(64) A partial[max_period];
    for (std::ptrdiff_t row = 0; row < plan.rows; ++row) {
        const Cursor cursor = bound_to_row(shared, block, row);
        A* chain = partial + row % plan.chains * n;
        if (row < plan.chains)
            for (std::ptrdiff_t j = 0; j < n; ++j) chain[j] = accumulator_value<A>(cursor.scalar(j));
        else
            for (std::ptrdiff_t j = 0; j < n; ++j) chain[j] = Reduction::combine(chain[j], accumulator_value<A>(cursor.scalar(j)));
    }
    fold_chains_into<Reduction>(partial, plan, n, out, fresh);
}

/// Folds the rows of a contiguous block into one contiguous row of accumulators (a reduction
/// over an outer axis), from row `row` on: in groups of rows. `Fresh`: the accumulators are not
/// yet written (the first group stores its result). `Narrow`: see fold_row_group.
template <class Reduction, class A, bool Fresh, bool Narrow, class Cursor, std::size_t N>
void fold_rows_into_row(const Cursor& cursor, const run_block<N>& block, std::ptrdiff_t row) {
    A* out = reinterpret_cast<A*>(block.run.pointers[1]);
    constexpr auto last = static_cast<std::ptrdiff_t>(max_last_rows);
    if constexpr (Fresh) {
        if (block.rows - row > last) {
            fold_row_group<Reduction, A, 8, true, Narrow>(cursor, block, row, 8, out);
            return fold_rows_into_row<Reduction, A, false, Narrow>(cursor, block, row + 8);
        }
    }
    for (; block.rows - row > last; row += 8) fold_row_group<Reduction, A, 8, false, Narrow>(cursor, block, row, 8, out);
    // The last 1 to 15 rows in one pass: each pass reads and writes the accumulator row once.
    if (block.rows > row) fold_row_group<Reduction, A, 0, Fresh, Narrow>(cursor, block, row, block.rows - row, out);
}

/// Whether folding rows of `count` elements of A in all into a row of accumulators pays in
/// half-width batches: only for blocks streamed from memory, past 32 MiB (a Zen 4 core
/// complex's L3 cache); from the L3 cache the group's doubled loads and stores lose (benchmarks
/// sum_axis0/f32/4096x4096 and sum_axis0/f32/10x100000; docs/performance.md).
template <class A> bool rows_narrow_pays(std::ptrdiff_t count) noexcept {
    return count * static_cast<std::ptrdiff_t>(sizeof(A)) > (std::ptrdiff_t{32} << 20);
}

/// fold_rows_into_row with Fresh and Narrow chosen at run time.
template <class Reduction, class A, class Cursor, std::size_t N>
void fold_rows_into_row(const Cursor& cursor, const run_block<N>& block, std::ptrdiff_t row, bool fresh) {
    if constexpr (may_fold_narrow<A, Cursor>)
        if (rows_narrow_pays<A>((block.rows - row) * block.run.length))
            return fresh ? fold_rows_into_row<Reduction, A, true, true>(cursor, block, row) : fold_rows_into_row<Reduction, A, false, true>(cursor, block, row);
    return fresh ? fold_rows_into_row<Reduction, A, true, false>(cursor, block, row) : fold_rows_into_row<Reduction, A, false, false>(cursor, block, row);
}

#if !defined(ND_NO_SIMD)
/// The lane of simd::sums_of_batches' result that receives the sum of its argument `k`, in the order
/// `Order`: 0, lane k; 1, bits 1 and 2 of k swapped, which is what xsimd 8.1's AVX-512 float32
/// version does (an order only batches of 8 lanes or more can have).
template <int Order> constexpr std::size_t haddp_lane(std::size_t k) {
    return Order == 0 ? k : (k & ~std::size_t(6)) | (k >> 1 & 2) | (k << 1 & 4);
}

/// Which order simd::sums_of_batches follows for A (probed once, so that a fixed xsimd still gives right
/// sums), or -1 when it is neither.
template <class A> int haddp_order() {
    static const int order = [] {
        constexpr std::ptrdiff_t width = simd::width<A>;
        simd::batch<A> probes[width];
        for (std::ptrdiff_t k = 0; k < width; ++k) probes[k] = simd::splat(static_cast<A>(k));
        alignas(64) A sums[width];
        simd::store(sums, simd::sums_of_batches(probes));
        auto follows = [&](auto lane) {
            for (std::size_t k = 0; k < width; ++k)
                if (sums[lane(k)] != static_cast<A>(k * width)) return false;
            return true;
        };
        if (follows(haddp_lane<0>)) return 0;
        if constexpr (width >= 8)
            if (follows(haddp_lane<1>)) return 1;
        return -1;
    }();
    return order;
}

/// Adds a batch of row sums to the accumulators of rows row, row + 1, ... (`out_stride` bytes
/// apart), or, when they are `Fresh` (not yet written), to zero. Inlined: a call would pass the
/// batch through memory, once per batch of short rows.
template <class A, bool Fresh>
[[gnu::always_inline]] inline void add_row_sums(std::byte* out, std::ptrdiff_t out_stride, std::ptrdiff_t row, const simd::batch<A>& row_sums) {
    if (out_stride == static_cast<std::ptrdiff_t>(sizeof(A))) {
        A* destination = reinterpret_cast<A*>(out) + row;
        simd::store(destination, (Fresh ? simd::splat(A(0)) : simd::load(destination)) + row_sums);
    } else {
        alignas(64) A lanes[simd::width<A>];
        simd::store(lanes, row_sums);
        for (std::ptrdiff_t k = 0; k < simd::width<A>; ++k) {
            A& slot = *reinterpret_cast<A*>(out + (row + k) * out_stride);
            slot = (Fresh ? A(0) : slot) + lanes[k];
        }
    }
}

/// sum_short_rows for one haddp order: rows of `whole` whole batches and a part of one, whose
/// accumulators `fresh` says are not yet written. Both are known only at run time (the rows'
/// loop over whole batches is short anyway): as template arguments they made every program that
/// sums over an axis compile sixteen versions of this loop.
template <class A, int Order, class Cursor, std::size_t N>
std::ptrdiff_t sum_short_rows_in_order(const Cursor& shared, const run_block<N>& block, std::ptrdiff_t whole_batches, bool fresh) {
    constexpr std::ptrdiff_t width = simd::width<A>;
    using batch_type = simd::batch<A>;
    Cursor cursor = shared;
    cursor.bind(block.run);
    const std::ptrdiff_t n = block.run.length, whole = whole_batches * width, rest = n % width;
    alignas(64) A lane_numbers[width];
    for (std::ptrdiff_t k = 0; k < width; ++k) lane_numbers[k] = static_cast<A>(k);
    const auto in_row = simd::load(lane_numbers) < batch_type(static_cast<A>(rest));
    auto row_sum = [&](std::ptrdiff_t start) {
        batch_type sum = simd::select(in_row, cursor.template batch<true>(start + whole), batch_type(A(0)));
        for (std::ptrdiff_t j = 0; j < whole; j += width) sum += cursor.template batch<true>(start + j);
        return sum;
    };
    // Rows whose last batch ends inside the block: all but about the last batch of rows.
    const std::ptrdiff_t last_start = block.rows * n - whole - width;
    const std::ptrdiff_t rows = std::min(block.rows, last_start < 0 ? 0 : last_start / n + 1);
    // haddp_lane is its own inverse: argument k gets the row that lands in lane k.
    std::array<std::ptrdiff_t, width> offsets;
    for (std::ptrdiff_t k = 0; k < width; ++k) offsets[k] = static_cast<std::ptrdiff_t>(haddp_lane<Order>(static_cast<std::size_t>(k))) * n;
    std::byte* const out = block.run.pointers[1];
    const std::ptrdiff_t out_stride = block.row_strides[1];
    std::ptrdiff_t row = 0;
    for (; row + width <= rows; row += width) {
        const std::ptrdiff_t start = row * n;
        const batch_type row_sums = [&]<std::size_t... k>(std::index_sequence<k...>) {
            const batch_type sums[width] = {row_sum(start + offsets[k])...};
            return simd::sums_of_batches(sums);
        }(std::make_index_sequence<width>{});
        if (fresh) add_row_sums<A, true>(out, out_stride, row, row_sums);
        else add_row_sums<A, false>(out, out_stride, row, row_sums);
    }
    return row;
}

/// Whether sum_short_rows can read a block's rows through plain pointers: an array, not an
/// expression, of a type simd::sum_row_pairs sums.
template <class A, class Cursor> constexpr bool pairs_rows = false;
template <class A, std::size_t Slot> constexpr bool pairs_rows<A, leaf_cursor<A, Slot>> = simd::has_row_pair_sums<A>;

/// sum_short_rows for an array with AVX-512: each row is folded to half a batch, two rows per
/// batch (simd::load_halves places the halves without shuffles), and one transposing sum of W/2
/// such batches gives W row sums. `Chunks`: half batches per row, the last one masked.
template <class A, std::ptrdiff_t Chunks, bool Fresh, class Cursor, std::size_t N>
std::ptrdiff_t sum_paired_rows(const Cursor& shared, const run_block<N>& block) {
    constexpr std::ptrdiff_t width = simd::width<A>, half = width / 2, quarter = width / 4;
    Cursor cursor = shared;
    cursor.bind(block.run);
    const A* const data = reinterpret_cast<const A*>(cursor.pointer);
    const std::ptrdiff_t n = block.run.length;
    const auto in_row = simd::first_lanes_of_halves<A>(n - (Chunks - 1) * half);
    auto fold_pair = [&](const A* a, const A* b) {
        auto sum = simd::load_halves(a, b);
        for (std::ptrdiff_t c = 1; c + 1 < Chunks; ++c) sum += simd::load_halves(a + c * half, b + c * half);
        if constexpr (Chunks == 1) return simd::select(in_row, sum, simd::batch<A>(A(0)));
        else return simd::select(in_row, sum + simd::load_halves(a + (Chunks - 1) * half, b + (Chunks - 1) * half), sum);
    };
    // Groups of W rows whose last half batch ends inside the block.
    const std::ptrdiff_t last_start = block.rows * n - Chunks * half;
    const std::ptrdiff_t rows = std::min(block.rows, last_start < 0 ? 0 : last_start / n + 1);
    std::byte* const out = block.run.pointers[1];
    const std::ptrdiff_t out_stride = block.row_strides[1];
    const std::ptrdiff_t apart = quarter * n; // rows m, m + W/4, m + W/2, m + 3W/4: few address registers
    std::ptrdiff_t row = 0;
    for (; row + width <= rows; row += width) {
        simd::batch<A> pairs[half];
        for (std::ptrdiff_t m = 0; m < quarter; ++m) {
            const A* const start = data + (row + m) * n;
            pairs[2 * m] = fold_pair(start, start + apart);
            pairs[2 * m + 1] = fold_pair(start + 2 * apart, start + 3 * apart);
        }
        add_row_sums<A, Fresh>(out, out_stride, row, simd::sum_row_pairs<A>(pairs));
    }
    return row;
}

/// sum_short_rows for an array of float32 rows of an even Length up to 14 with AVX-512: 16
/// rows (Length batches) at a time through simd::sum_rows_by_element_pairs.
template <class A, int Length, bool Fresh, class Cursor, std::size_t N> std::ptrdiff_t sum_rows_by_element_pairs(const Cursor& shared, const run_block<N>& block) {
    constexpr std::ptrdiff_t width = simd::width<A>;
    Cursor cursor = shared;
    cursor.bind(block.run);
    const A* const data = reinterpret_cast<const A*>(cursor.pointer);
    std::byte* const out = block.run.pointers[1];
    const std::ptrdiff_t out_stride = block.row_strides[1];
    std::ptrdiff_t row = 0;
    for (; row + width <= block.rows; row += width) add_row_sums<A, Fresh>(out, out_stride, row, simd::sum_rows_by_element_pairs<Length>(data + row * Length));
    return row;
}
#endif

/// Sums adjacent rows shorter than 8 batches, one batch of rows at a time: for a float32 array
/// of rows of even length up to 14 with AVX-512, by pairs of elements
/// (sum_rows_by_element_pairs); for other arrays with AVX-512, as pairs of half rows
/// (sum_paired_rows); otherwise each row's batches are added lane-wise (the lanes past its end
/// masked off), then one transposing horizontal add gives the batch of row sums. Returns the
/// number of rows summed; the last rows, whose final batch would read past the block, are left
/// to the caller. `fresh`: the rows' accumulators are not yet written.
template <class A, class Cursor, std::size_t N> std::ptrdiff_t sum_short_rows(const Cursor& cursor, const run_block<N>& block, bool fresh) {
#if defined(ND_NO_SIMD)
    (void)cursor, (void)block, (void)fresh;
    return 0;
#else
    if constexpr (pairs_rows<A, Cursor> && simd::has_element_pair_row_sums<A, 2>) {
        std::ptrdiff_t done = -1;
        [&]<int... pairs>(std::integer_sequence<int, pairs...>) {
            ((block.run.length == 2 * (pairs + 1) ? done = fresh ? sum_rows_by_element_pairs<A, 2 * (pairs + 1), true>(cursor, block)
                                                                 : sum_rows_by_element_pairs<A, 2 * (pairs + 1), false>(cursor, block)
                                                  : 0),
             ...);
        }(std::make_integer_sequence<int, 7>{});
        if (done >= 0) return done;
    }
    if constexpr (pairs_rows<A, Cursor>) {
        constexpr std::ptrdiff_t half = simd::width<A> / 2;
        const std::ptrdiff_t chunks = (block.run.length + half - 1) / half;
        std::ptrdiff_t done = 0;
        [&]<std::ptrdiff_t... count>(std::integer_sequence<std::ptrdiff_t, count...>) {
            ((chunks == count + 1 ? done = fresh ? sum_paired_rows<A, count + 1, true>(cursor, block) : sum_paired_rows<A, count + 1, false>(cursor, block) : 0), ...);
        }(std::make_integer_sequence<std::ptrdiff_t, 16>{});
        return done;
    }
    const std::ptrdiff_t whole = block.run.length / simd::width<A>;
    switch (haddp_order<A>()) {
    case 0: return sum_short_rows_in_order<A, 0>(cursor, block, whole, fresh);
    case 1:
        // An order only batches of 8 lanes or more have.
        if constexpr (simd::width<A> >= 8) return sum_short_rows_in_order<A, 1>(cursor, block, whole, fresh);
        return 0;
    default: return 0;
    }
#endif
}

/// Folds `value` into an accumulator, which `fresh` says is not yet written (it then starts
/// from the identity).
template <class Reduction, class A> void fold_into(A& accumulator, A value, bool fresh) {
    accumulator = Reduction::combine(fresh ? Reduction::template identity<A>() : accumulator, value);
}

/// Folds one run into the accumulators its slot 1 points at: into one element when the run is
/// the reduced axis, else element by element (a row of accumulators). `fresh`: the
/// accumulators are not yet written, and start from the identity.
template <class Reduction, class A, class Cursor, std::size_t N> void fold_run(const Cursor& shared, const inner_run<N>& run, bool fresh) {
    constexpr bool vector = folds_batches_of<Reduction, A, Cursor>;
    Cursor local = shared; // a local copy: stores into the accumulators cannot change it
    local.bind(run);
    A* out = reinterpret_cast<A*>(run.pointers[1]);
    const std::ptrdiff_t out_stride = run.strides[1], n = run.length;
    const A identity = Reduction::template identity<A>();
    if (out_stride == 0) return fold_into<Reduction>(*out, reduce_run<Reduction, A>(local, 0, n), fresh);
    std::ptrdiff_t i = 0;
    if constexpr (vector) {
        if (out_stride == static_cast<std::ptrdiff_t>(sizeof(A)) && local.simd_ready()) {
            constexpr std::ptrdiff_t width = simd::width<A>;
            for (; i + width <= n; i += width)
                simd::store(out + i, Reduction::combine_batch(fresh ? simd::splat(identity) : simd::load(out + i), local.batch(i)));
        }
    }
    auto* bytes = reinterpret_cast<std::byte*>(out);
    for (; i < n; ++i) {
        A& slot = *reinterpret_cast<A*>(bytes + i * out_stride);
        slot = Reduction::combine(fresh ? identity : slot, accumulator_value<A>(local.scalar(i)));
    }
}

/// Folds rows of at least 8 batches, each into the one accumulator its slot 1 points at, a row
/// behind: a row's batches are folded before the previous row's lanes are combined and stored.
/// Folding leaves a chain of dependent operations after a row's last load; while the loop is
/// waiting on memory, that chain would hold back the next row's loads once per row (a tenth of
/// the time on rows of 4096 floats). The operations are fold_run's, so the results are too.
template <class Reduction, class A, class Cursor, std::size_t N> void fold_long_rows(const Cursor& shared, const run_block<N>& block, bool fresh) {
    const std::ptrdiff_t n = block.run.length;
    inner_run<N> run = block.run;
    Cursor cursor = shared;
    const bool narrow = fold_narrow_pays<A>(block.rows * n); // the block is read as one stream
    auto finish = [&](const Cursor& row, const auto& row_folded, std::ptrdiff_t row_done, std::byte* accumulator) {
        fold_into<Reduction>(*reinterpret_cast<A*>(accumulator), finish_folded_run<Reduction, A>(row, 0, n, row_folded, row_done), fresh);
        if (block.row_strides[1] == 0) fresh = false; // the next rows fold into the same accumulator
    };
    // One place folds rows (fold_run_batches is inlined, in several forms): each row is folded,
    // then the row before it finished.
    decltype(fold_run_batches<Reduction, A>(cursor, 0, n, std::declval<std::ptrdiff_t&>(), narrow)) folded{};
    Cursor previous = cursor;
    std::byte* previous_accumulator = nullptr;
    std::ptrdiff_t done = 0;
    for (std::ptrdiff_t r = 0; r < block.rows; ++r) {
        if (r > 0)
            for (std::size_t op = 0; op < N; ++op) run.pointers[op] += block.row_strides[op];
        cursor.bind(run);
        std::ptrdiff_t next_done = 0;
        const auto next = fold_run_batches<Reduction, A>(cursor, 0, n, next_done, narrow);
        if (r > 0) finish(previous, folded, done, previous_accumulator);
        previous = cursor;
        previous_accumulator = run.pointers[1];
        folded = next;
        done = next_done;
    }
    finish(previous, folded, done, previous_accumulator);
}

/// Folds a block of runs (the loop's two innermost axes) into the accumulators, with the SIMD
/// kernels above where the block's layout allows them and run by run otherwise. `fresh`: no
/// other block shares its accumulators and they are not yet written; they then start from the
/// identity in registers, with the same additions as from a filled accumulator array.
template <class Reduction, class A, class Cursor, std::size_t N> void fold_run_block(const Cursor& cursor, const run_block<N>& block, bool fresh) {
    std::ptrdiff_t row = 0;
    if constexpr (folds_batches_of<Reduction, A, Cursor>) {
        Cursor probe = cursor;
        probe.bind(block.run);
        const std::ptrdiff_t n = block.run.length, out_stride = block.run.strides[1];
        if (out_stride == static_cast<std::ptrdiff_t>(sizeof(A)) && block.row_strides[1] == 0) {
            A* out = reinterpret_cast<A*>(block.run.pointers[1]);
            const bool contiguous = probe.contiguous();
            const interleaved_chains plan = chains_for<A>(n, block.rows);
            if (plan.rows > 0) {
                if (contiguous && rows_adjacent(block)) fold_periodic_rows<Reduction>(cursor, block, plan, out, fresh);
                else fold_chains<Reduction>(cursor, block, plan, out, fresh);
                row = plan.rows;
                fresh = false;
            }
            if (contiguous) return fold_rows_into_row<Reduction, A>(cursor, block, row, fresh);
        }
        if (out_stride == 0 && folds_in_batches<Reduction, A>(probe, n)) return fold_long_rows<Reduction, A>(cursor, block, fresh);
        if constexpr (std::is_same_v<Reduction, sum_reduction> && std::is_floating_point_v<A>)
            if (probe.contiguous() && out_stride == 0 && n < 8 * simd::width<A> && rows_adjacent(block)) row = sum_short_rows<A>(cursor, block, fresh);
    }
    inner_run<N> run = block.run;
    for (std::size_t op = 0; op < N; ++op) run.pointers[op] += row * block.row_strides[op];
    for (; row < block.rows; ++row) {
        fold_run<Reduction, A>(cursor, run, fresh);
        if (block.row_strides[1] == 0) fresh = false; // the next rows fold into the same accumulators
        for (std::size_t op = 0; op < N; ++op) run.pointers[op] += block.row_strides[op];
    }
}

/// Writes the reduction of `source` into `accumulators`, whose shape is the source's with
/// reduced axes of extent 1 and whose elements need not be initialised. When every block has
/// accumulators of its own (no axis outside the blocks is reduced), each block starts them from
/// the identity in registers: no pass to fill them, and no read of them for the first rows.
/// Otherwise they are filled with the identity first.
template <class Reduction, class A, class E> void reduce_into(const E& source, const view<A>& accumulators) {
    const auto loop = plan_reduction(source, reinterpret_cast<std::byte*>(accumulators.data()),
                                     broadcast_strides(accumulators.shape(), accumulators.strides(), source.shape()));
    const std::size_t rank = loop.plan.shape.size();
    bool own_accumulators = !loop.plan.empty;
    for (std::size_t k = 0; k + 2 < rank; ++k) own_accumulators = own_accumulators && loop.plan.strides[1][k] != 0;
    if (!own_accumulators) fill_elements(accumulators, Reduction::template identity<A>());
    for_each_block(loop.plan, loop.pointers, [&](const auto& block) { fold_run_block<Reduction, A>(loop.cursor, block, own_accumulators); });
}

} // namespace nd::detail
