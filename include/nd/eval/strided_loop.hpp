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

/// The loop nest for N operands, outermost axis first: size-1 axes dropped, axes ordered by
/// the stride magnitudes of operand `order_by` (the destination, or a reduction's input), and
/// neighbours merged where every operand steps over the
/// inner axis exactly once per step of the outer one. Empty when there is nothing to do.
template <std::size_t N> struct loop_plan {
    dim_vector shape;
    std::array<dim_vector, N> strides;
    bool empty = false;
};

template <std::size_t N>
loop_plan<N> make_loop_plan(const dim_vector& shape, const std::array<const dim_vector*, N>& strides, std::size_t order_by = 0) {
    loop_plan<N> plan;
    for (auto extent : shape)
        if (extent == 0) plan.empty = true;
    if (plan.empty) return plan;

    dim_vector axes;
    for (std::size_t k = 0; k < shape.size(); ++k)
        if (shape[k] != 1) axes.push_back(static_cast<std::ptrdiff_t>(k));
    auto magnitude = [&](std::ptrdiff_t axis) {
        const auto s = (*strides[order_by])[static_cast<std::size_t>(axis)];
        return s < 0 ? -s : s;
    };
    // Most destinations are already in C order: sort only when they are not.
    for (std::size_t k = 1; k < axes.size(); ++k)
        if (magnitude(axes[k - 1]) < magnitude(axes[k])) {
            sort_axes_descending(axes, magnitude);
            break;
        }

    const std::size_t rank = axes.size();
    plan.shape.resize(rank);
    for (std::size_t op = 0; op < N; ++op) plan.strides[op].resize(rank);
    for (std::size_t k = 0; k < rank; ++k) {
        const auto a = static_cast<std::size_t>(axes[k]);
        plan.shape[k] = shape[a];
        for (std::size_t op = 0; op < N; ++op) plan.strides[op][k] = (*strides[op])[a];
    }
    for (std::size_t k = plan.shape.size(); k-- > 1;) {
        bool mergeable = true;
        for (std::size_t op = 0; op < N; ++op)
            mergeable = mergeable && plan.strides[op][k - 1] == plan.strides[op][k] * plan.shape[k];
        if (mergeable) {
            plan.shape[k] *= plan.shape[k - 1];
            plan.shape.erase(k - 1);
            for (std::size_t op = 0; op < N; ++op) plan.strides[op].erase(k - 1);
        }
    }
    return plan;
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
    dim_vector counter(outer, 0);
    for (;;) {
        kernel(run);
        std::size_t k = outer;
        for (;;) {
            if (k == 0) return;
            --k;
            for (std::size_t op = 0; op < N; ++op) run.pointers[op] += plan.strides[op][k];
            if (++counter[k] < plan.shape[k]) break;
            for (std::size_t op = 0; op < N; ++op) run.pointers[op] -= plan.strides[op][k] * plan.shape[k];
            counter[k] = 0;
        }
    }
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
    dim_vector counter(outer, 0);
    for (;;) {
        kernel(block);
        std::size_t k = outer;
        for (;;) {
            if (k == 0) return;
            --k;
            for (std::size_t op = 0; op < N; ++op) block.run.pointers[op] += plan.strides[op][k];
            if (++counter[k] < plan.shape[k]) break;
            for (std::size_t op = 0; op < N; ++op) block.run.pointers[op] -= plan.strides[op][k] * plan.shape[k];
            counter[k] = 0;
        }
    }
}

/// Like for_each_run, but the two innermost axes are walked in square tiles of `tile`: runs of
/// at most `tile` elements, a tile's rows one after another. An operand that is contiguous along
/// the outer of the two axes (a transposed one) then reads whole cache lines while they are hot.
template <std::size_t N, class Kernel>
void for_each_tiled_run(const loop_plan<N>& plan, const std::array<std::byte*, N>& pointers, std::ptrdiff_t tile, Kernel&& kernel) {
    const std::size_t rank = plan.shape.size();
    if (plan.empty) return;
    if (rank < 2) return for_each_run(plan, pointers, std::forward<Kernel>(kernel));
    const std::size_t outer = rank - 2;
    const std::ptrdiff_t rows = plan.shape[outer], columns = plan.shape[outer + 1];
    dim_vector counter(outer, 0);
    std::array<std::byte*, N> base = pointers;
    for (;;) {
        for (std::ptrdiff_t i0 = 0; i0 < rows; i0 += tile) {
            const std::ptrdiff_t i1 = i0 + tile < rows ? i0 + tile : rows;
            for (std::ptrdiff_t j0 = 0; j0 < columns; j0 += tile) {
                inner_run<N> run;
                run.length = j0 + tile < columns ? tile : columns - j0;
                for (std::size_t op = 0; op < N; ++op) run.strides[op] = plan.strides[op][outer + 1];
                for (std::ptrdiff_t i = i0; i < i1; ++i) {
                    for (std::size_t op = 0; op < N; ++op) run.pointers[op] = base[op] + i * plan.strides[op][outer] + j0 * plan.strides[op][outer + 1];
                    kernel(run);
                }
            }
        }
        std::size_t k = outer;
        for (;;) {
            if (k == 0) return;
            --k;
            for (std::size_t op = 0; op < N; ++op) base[op] += plan.strides[op][k];
            if (++counter[k] < plan.shape[k]) break;
            for (std::size_t op = 0; op < N; ++op) base[op] -= plan.strides[op][k] * plan.shape[k];
            counter[k] = 0;
        }
    }
}

/// Calls `kernel(const inner_run<N>&)` for every innermost run of `shape`. Operand 0 is the
/// destination: its strides choose the loop order. Every strides entry has shape.size() axes.
template <std::size_t N, class Kernel>
void for_each_run(const dim_vector& shape, const std::array<std::byte*, N>& pointers,
                  const std::array<const dim_vector*, N>& strides, Kernel&& kernel) {
    for_each_run(make_loop_plan(shape, strides), pointers, std::forward<Kernel>(kernel));
}

} // namespace nd::detail
