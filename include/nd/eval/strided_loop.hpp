#pragma once
// The odometer every element loop in nd runs on. Given a shape and, per operand, a pointer and
// byte strides, it drops size-1 axes, orders the axes by the destination's strides (so an
// F-order destination runs axis 0 fastest), merges axes that are contiguous for every operand,
// and calls an inner kernel once per run of the innermost axis. Kernels see a length and one
// byte stride per operand, so they can pick a contiguous, broadcast or strided path.

#include <algorithm>
#include <array>
#include <cstddef>

#include "nd/core/dim_vector.hpp"
#include "nd/core/layout.hpp"

namespace nd::detail {

/// One pointer and one byte stride per operand for a run of `length` elements.
template <std::size_t N> struct inner_run {
    std::array<std::byte*, N> pointers;
    std::array<std::ptrdiff_t, N> strides;
    std::ptrdiff_t length;
};

/// Calls `kernel(const inner_run<N>&)` for every innermost run of `shape`. Operand 0 is the
/// destination: its strides choose the loop order. Every strides entry has shape.size() axes.
template <std::size_t N, class Kernel>
void for_each_run(const dim_vector& shape, const std::array<std::byte*, N>& pointers,
                  const std::array<const dim_vector*, N>& strides, Kernel&& kernel) {
    for (auto extent : shape)
        if (extent == 0) return;

    // Axes that matter, outermost first by the destination's stride magnitude.
    dim_vector axes;
    for (std::size_t k = 0; k < shape.size(); ++k)
        if (shape[k] != 1) axes.push_back(static_cast<std::ptrdiff_t>(k));
    auto magnitude = [&](std::ptrdiff_t axis) {
        const auto s = (*strides[0])[static_cast<std::size_t>(axis)];
        return s < 0 ? -s : s;
    };
    sort_axes_descending(axes, magnitude);

    // Merge an outer axis into the next inner one when every operand steps over the inner
    // axis exactly once per step of the outer one.
    dim_vector run_shape;
    std::array<dim_vector, N> run_strides;
    for (auto axis : axes) {
        const auto a = static_cast<std::size_t>(axis);
        run_shape.push_back(shape[a]);
        for (std::size_t op = 0; op < N; ++op) run_strides[op].push_back((*strides[op])[a]);
    }
    std::size_t rank = run_shape.size();
    for (std::size_t k = rank; k-- > 1;) {
        bool mergeable = true;
        for (std::size_t op = 0; op < N; ++op)
            mergeable = mergeable && run_strides[op][k - 1] == run_strides[op][k] * run_shape[k];
        if (mergeable) {
            run_shape[k] *= run_shape[k - 1];
            run_shape.erase(k - 1);
            for (std::size_t op = 0; op < N; ++op) run_strides[op].erase(k - 1);
        }
    }
    rank = run_shape.size();

    inner_run<N> run{pointers, {}, rank ? run_shape[rank - 1] : 1};
    for (std::size_t op = 0; op < N; ++op) run.strides[op] = rank ? run_strides[op][rank - 1] : 0;
    if (rank <= 1) {
        kernel(run);
        return;
    }

    // Odometer over the outer axes.
    const std::size_t outer = rank - 1;
    dim_vector counter(outer, 0);
    for (;;) {
        kernel(run);
        std::size_t k = outer;
        for (;;) {
            if (k == 0) return;
            --k;
            for (std::size_t op = 0; op < N; ++op) run.pointers[op] += run_strides[op][k];
            if (++counter[k] < run_shape[k]) break;
            for (std::size_t op = 0; op < N; ++op) run.pointers[op] -= run_strides[op][k] * run_shape[k];
            counter[k] = 0;
        }
    }
}

} // namespace nd::detail
