#pragma once
// The odometer every element loop in nd runs on. Given a shape and, per operand, a pointer and
// byte strides, it drops size-1 axes, orders the axes by the destination's strides (so an
// F-order destination runs axis 0 fastest), merges axes that are contiguous for every operand,
// and calls an inner kernel once per run of the innermost axis. Kernels see a length and one
// byte stride per operand, so they can pick a contiguous, broadcast or strided path.

#include <algorithm>
#include <array>
#include <cstddef>
#include <utility>

#include "nd/core/dim_vector.hpp"
#include "nd/core/layout.hpp"

namespace nd::detail {

/// One pointer and one byte stride per operand for a run of `length` elements.
template <std::size_t N> struct inner_run {
    std::array<std::byte*, N> pointers;
    std::array<std::ptrdiff_t, N> strides;
    std::ptrdiff_t length;
};

/// Extents or byte strides of a loop plan's axes, held inline and left uninitialised past
/// size(): a plan is made on every evaluation, and allocating or zeroing a list there costs as
/// much as evaluating a small array.
struct plan_axes {
    std::size_t size() const noexcept { return count; }
    std::ptrdiff_t& operator[](std::size_t k) noexcept { return values[k]; }
    std::ptrdiff_t operator[](std::size_t k) const noexcept { return values[k]; }

    std::ptrdiff_t values[max_ndim];
    std::size_t count = 0;
};

/// The loop nest for N operands, outermost axis first: size-1 axes dropped, axes ordered by
/// the stride magnitudes of operand `order_by` (the destination, or a reduction's input), and
/// neighbours merged where every operand steps over the
/// inner axis exactly once per step of the outer one. Empty when there is nothing to do.
template <std::size_t N> struct loop_plan {
    plan_axes shape;
    std::array<plan_axes, N> strides;
    bool empty = false;
};

/// The plan for `shape` and, per operand, byte strides given as shape.size() entries.
template <std::size_t N>
loop_plan<N> make_loop_plan(const dim_vector& shape, const std::array<const std::ptrdiff_t*, N>& strides, std::size_t order_by = 0) {
    loop_plan<N> plan;
    const std::size_t ndim = shape.size();
    require_supported_rank(ndim);
    std::size_t axes[max_ndim];
    std::size_t rank = 0;
    for (std::size_t k = 0; k < ndim; ++k) {
        if (shape[k] == 0) {
            plan.empty = true;
            return plan;
        }
        if (shape[k] != 1) axes[rank++] = k;
    }
    auto magnitude = [order = strides[order_by]](std::size_t axis) {
        const std::ptrdiff_t s = order[axis];
        return s < 0 ? -s : s;
    };
    sort_axes_descending(axes, rank, magnitude);

    // Outermost first, each axis either folded into the previous one (when every operand's
    // outer stride is its inner stride times the inner extent) or appended.
    std::size_t merged = 0;
    for (std::size_t i = 0; i < rank; ++i) {
        const std::size_t axis = axes[i];
        const std::ptrdiff_t extent = shape[axis];
        bool mergeable = merged > 0;
        for (std::size_t op = 0; mergeable && op < N; ++op) mergeable = plan.strides[op][merged - 1] == strides[op][axis] * extent;
        if (mergeable) {
            plan.shape[merged - 1] *= extent;
            for (std::size_t op = 0; op < N; ++op) plan.strides[op][merged - 1] = strides[op][axis];
        } else {
            plan.shape[merged] = extent;
            for (std::size_t op = 0; op < N; ++op) plan.strides[op][merged] = strides[op][axis];
            ++merged;
        }
    }
    plan.shape.count = merged;
    for (std::size_t op = 0; op < N; ++op) plan.strides[op].count = merged;
    return plan;
}

/// The plan for `shape` and, per operand, byte strides as a dim_vector of shape.size() entries.
template <std::size_t N>
loop_plan<N> make_loop_plan(const dim_vector& shape, const std::array<const dim_vector*, N>& strides, std::size_t order_by = 0) {
    std::array<const std::ptrdiff_t*, N> entries;
    for (std::size_t op = 0; op < N; ++op) entries[op] = strides[op]->data();
    return make_loop_plan<N>(shape, entries, order_by);
}

/// One step of the odometer over a plan's `outer` outermost axes: `pointers` advance along the
/// innermost of them, carrying into the axes outside it as each completes. False once every
/// position has been visited (the pointers are then back at the first).
template <std::size_t N>
[[gnu::always_inline]] inline bool next_outer_position(const loop_plan<N>& plan, std::size_t outer, std::ptrdiff_t* counter,
                                                       std::array<std::byte*, N>& pointers) {
    for (std::size_t k = outer; k > 0;) {
        --k;
        for (std::size_t op = 0; op < N; ++op) pointers[op] += plan.strides[op][k];
        if (++counter[k] < plan.shape[k]) return true;
        for (std::size_t op = 0; op < N; ++op) pointers[op] -= plan.strides[op][k] * plan.shape[k];
        counter[k] = 0;
    }
    return false;
}

/// Calls `kernel(const inner_run<N>&)` for every innermost run of a plan, the outer axes
/// advancing as an odometer.
template <std::size_t N, class Kernel>
void for_each_run(const loop_plan<N>& plan, const std::array<std::byte*, N>& pointers, Kernel&& kernel) {
    if (plan.empty) return;
    const std::size_t rank = plan.shape.size();
    inner_run<N> run{pointers, {}, rank ? plan.shape[rank - 1] : 1};
    for (std::size_t op = 0; op < N; ++op) run.strides[op] = rank ? plan.strides[op][rank - 1] : 0;
    if (rank <= 1) {
        kernel(run);
        return;
    }
    const std::size_t outer = rank - 1;
    std::ptrdiff_t counter[max_ndim];
    std::fill(counter, counter + outer, std::ptrdiff_t{0});
    do kernel(run);
    while (next_outer_position(plan, outer, counter, run.pointers));
}

/// A block of runs: `rows` runs, each `run.length` long, the next run's pointers advanced by
/// `row_strides`. Kernels that decide once per block (which SIMD path, say) amortise that over
/// all its rows, which matters when rows are short.
template <std::size_t N> struct run_block {
    inner_run<N> run;
    std::ptrdiff_t rows;
    std::array<std::ptrdiff_t, N> row_strides;
};

/// Calls `kernel(const run_block<N>&)` for the two innermost axes of a plan at a time.
template <std::size_t N, class Kernel> void for_each_block(const loop_plan<N>& plan, const std::array<std::byte*, N>& pointers, Kernel&& kernel) {
    if (plan.empty) return;
    const std::size_t rank = plan.shape.size();
    run_block<N> block{{pointers, {}, rank ? plan.shape[rank - 1] : 1}, rank >= 2 ? plan.shape[rank - 2] : 1, {}};
    for (std::size_t op = 0; op < N; ++op) {
        block.run.strides[op] = rank ? plan.strides[op][rank - 1] : 0;
        block.row_strides[op] = rank >= 2 ? plan.strides[op][rank - 2] : 0;
    }
    if (rank <= 2) {
        kernel(block);
        return;
    }
    const std::size_t outer = rank - 2;
    std::ptrdiff_t counter[max_ndim];
    std::fill(counter, counter + outer, std::ptrdiff_t{0});
    do kernel(block);
    while (next_outer_position(plan, outer, counter, block.run.pointers));
}

/// The one block for_each_block would give a shape of at most two axes, made without a plan:
/// small evaluations mostly have one or two dimensions, and once a loop has filled the store
/// queue every store costs (a plan writes two dozen; this, inlined, keeps to registers).
/// False when the shape has more axes or no elements; the plan handles those.
template <std::size_t N>
[[gnu::always_inline]] inline bool block_of_two_axes(const dim_vector& shape, const std::array<const std::ptrdiff_t*, N>& strides,
                                                     const std::array<std::byte*, N>& pointers, run_block<N>& block) {
    const std::size_t ndim = shape.size();
    if (ndim > 2) return false;
    const std::ptrdiff_t first = ndim > 0 ? shape[0] : 1, second = ndim > 1 ? shape[1] : 1;
    if (first == 0 || second == 0) return false;
    // Axes of extent 1 drop out; two axes left run in the order of the destination's stride
    // magnitudes (ties keep axis 0 outside), as make_loop_plan orders them.
    const bool both = first != 1 && second != 1;
    auto magnitude = [&strides](std::size_t axis) { return strides[0][axis] < 0 ? -strides[0][axis] : strides[0][axis]; };
    const std::size_t outer = both && magnitude(0) < magnitude(1) ? 1 : 0;
    const std::size_t inner = both ? 1 - outer : second != 1 ? 1 : 0;
    const bool none = first == 1 && second == 1;
    const std::ptrdiff_t inner_extent = none ? 1 : shape[inner];
    bool merged = both;
    for (std::size_t op = 0; op < N; ++op) merged = merged && strides[op][outer] == strides[op][inner] * inner_extent;
    const bool rows = both && !merged;
    block.run.pointers = pointers;
    block.run.length = merged ? first * second : inner_extent;
    block.rows = rows ? shape[outer] : 1;
    for (std::size_t op = 0; op < N; ++op) {
        block.run.strides[op] = none ? 0 : strides[op][inner];
        block.row_strides[op] = rows ? strides[op][outer] : 0;
    }
    return true;
}

/// Like for_each_block, but the two innermost axes are cut into tiles of `tile_rows` x
/// `tile_columns` (smaller at the edges): `kernel(const run_block<N>& tile, std::ptrdiff_t
/// columns_left)` gets one tile at a time, the tiles of a row of tiles one after another, with the
/// number of columns from the tile's first to the end of its row (to look ahead at the next
/// tiles). An operand that is contiguous along the outer of the two axes (a transposed one) then
/// reads whole cache lines while they are hot.
template <std::size_t N, class Kernel>
void for_each_tile(const loop_plan<N>& plan, const std::array<std::byte*, N>& pointers, std::ptrdiff_t tile_rows,
                   std::ptrdiff_t tile_columns, Kernel&& kernel) {
    const std::size_t rank = plan.shape.size();
    if (plan.empty) return;
    if (rank < 2) return for_each_block(plan, pointers, [&kernel](const run_block<N>& block) { kernel(block, block.run.length); });
    const std::size_t outer = rank - 2;
    const std::ptrdiff_t rows = plan.shape[outer], columns = plan.shape[outer + 1];
    std::ptrdiff_t counter[max_ndim];
    std::fill(counter, counter + outer, std::ptrdiff_t{0});
    std::array<std::byte*, N> base = pointers;
    run_block<N> block;
    for (std::size_t op = 0; op < N; ++op) {
        block.run.strides[op] = plan.strides[op][outer + 1];
        block.row_strides[op] = plan.strides[op][outer];
    }
    do {
        for (std::ptrdiff_t i0 = 0; i0 < rows; i0 += tile_rows) {
            block.rows = i0 + tile_rows < rows ? tile_rows : rows - i0;
            for (std::ptrdiff_t j0 = 0; j0 < columns; j0 += tile_columns) {
                block.run.length = j0 + tile_columns < columns ? tile_columns : columns - j0;
                for (std::size_t op = 0; op < N; ++op) block.run.pointers[op] = base[op] + i0 * plan.strides[op][outer] + j0 * plan.strides[op][outer + 1];
                kernel(block, columns - j0);
            }
        }
    } while (next_outer_position(plan, outer, counter, base));
}

/// Calls `kernel(const inner_run<N>&)` for every innermost run of `shape`. Operand 0 is the
/// destination: its strides choose the loop order. Every strides entry has shape.size() axes.
template <std::size_t N, class Kernel>
void for_each_run(const dim_vector& shape, const std::array<std::byte*, N>& pointers,
                  const std::array<const dim_vector*, N>& strides, Kernel&& kernel) {
    for_each_run(make_loop_plan(shape, strides), pointers, std::forward<Kernel>(kernel));
}

/// Calls `lane(firsts)` for every lane of `shape` along `axis`, with `firsts` the lane's first
/// element in each operand (operand 0, the destination, orders the loop): the loops of
/// operations along an axis (cumsum, sort, partition).
template <std::size_t N, class Lane>
void for_each_lane(const dim_vector& shape, const std::array<std::byte*, N>& pointers, const std::array<const dim_vector*, N>& strides,
                   std::size_t axis, Lane&& lane) {
    dim_vector outer_shape = shape;
    outer_shape.erase(axis);
    std::array<dim_vector, N> outer_strides;
    std::array<const dim_vector*, N> outer_table;
    for (std::size_t k = 0; k < N; ++k) {
        outer_strides[k] = *strides[k];
        outer_strides[k].erase(axis);
        outer_table[k] = &outer_strides[k];
    }
    for_each_run<N>(outer_shape, pointers, outer_table, [&](const inner_run<N>& run) {
        for (std::ptrdiff_t i = 0; i < run.length; ++i) {
            std::array<std::byte*, N> firsts;
            for (std::size_t k = 0; k < N; ++k) firsts[k] = run.pointers[k] + i * run.strides[k];
            lane(firsts);
        }
    });
}

} // namespace nd::detail
