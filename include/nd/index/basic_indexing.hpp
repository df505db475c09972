#pragma once
// Basic indexing: integers, slices, all, newaxis and ellipsis turn into a view by arithmetic on
// the pointer, shape and strides, exactly as NumPy does; no element is read or copied.

#include <cstddef>
#include <string>

#include "nd/core/view.hpp"
#include "nd/index/index_types.hpp"

namespace nd {
namespace detail {

/// Where a slice starts, how many elements it takes, and its step, for an axis of `extent`
/// elements (Python's slice.indices rules).
struct resolved_slice {
    std::ptrdiff_t start;
    std::ptrdiff_t length;
    std::ptrdiff_t step;
};

inline resolved_slice resolve_slice(const slice& s, std::ptrdiff_t extent) {
    const std::ptrdiff_t step = s.step.value_or(1);
    if (step == 0) throw index_error("slice step cannot be zero");
    const bool backwards = step < 0;
    auto clamp = [&](std::optional<std::ptrdiff_t> bound, std::ptrdiff_t if_none) {
        if (!bound) return if_none;
        std::ptrdiff_t b = *bound;
        if (b < 0) {
            b += extent;
            if (b < 0) b = backwards ? -1 : 0;
        } else if (b >= extent) {
            b = backwards ? extent - 1 : extent;
        }
        return b;
    };
    const std::ptrdiff_t start = clamp(s.start, backwards ? extent - 1 : 0);
    const std::ptrdiff_t stop = clamp(s.stop, backwards ? -1 : extent);
    std::ptrdiff_t length = 0;
    if (backwards ? stop < start : start < stop) length = backwards ? (start - stop - 1) / -step + 1 : (stop - start - 1) / step + 1;
    if (length == 0) return {0, 0, 1}; // as NumPy: an empty slice starts at the axis start with step 1
    return {start, length, step};
}

template <class Index> constexpr std::ptrdiff_t axes_consumed() { return std::same_as<Index, newaxis_t> || std::same_as<Index, ellipsis_t> ? 0 : 1; }

template <class T, class... Index> view<T> basic_index(const view<T>& source, const Index&... index) {
    static_assert((basic_index_item<Index> && ...),
                  "an index must be an integer, nd::slice, nd::all, nd::newaxis or nd::ellipsis (advanced indexing takes arrays)");
    constexpr int ellipses = (0 + ... + (std::same_as<Index, ellipsis_t> ? 1 : 0));
    if constexpr (ellipses > 1) throw index_error("an index can only have a single ellipsis ('...')");
    const std::ptrdiff_t ndim = source.ndim();
    constexpr std::ptrdiff_t consumed = (0 + ... + axes_consumed<Index>());
    if (consumed > ndim)
        throw index_error("too many indices for array: array is " + std::to_string(ndim) + "-dimensional, but " +
                          std::to_string(consumed) + " were indexed");

    const dim_vector& shape = source.shape();
    const dim_vector& strides = source.strides();
    view_parts<T> parts{source.data(), {}, {}, source.buffer(), source.flags().writeable};
    std::ptrdiff_t offset = 0;
    std::size_t axis = 0;
    auto keep_axes = [&](std::ptrdiff_t count) {
        for (std::ptrdiff_t k = 0; k < count; ++k, ++axis) {
            parts.shape.push_back(shape[axis]);
            parts.strides.push_back(strides[axis]);
        }
    };
    auto apply = [&]<class Item>(const Item& item) {
        if constexpr (integer<Item>) {
            const auto i = static_cast<std::ptrdiff_t>(item);
            const std::ptrdiff_t extent = shape[axis];
            if (i < -extent || i >= extent) throw_out_of_bounds(i, axis, extent);
            offset += (i < 0 ? i + extent : i) * strides[axis];
            ++axis;
        } else if constexpr (std::same_as<Item, slice>) {
            const resolved_slice r = resolve_slice(item, shape[axis]);
            offset += r.start * strides[axis];
            parts.shape.push_back(r.length);
            parts.strides.push_back(strides[axis] * r.step);
            ++axis;
        } else if constexpr (std::same_as<Item, all_t>) {
            keep_axes(1);
        } else if constexpr (std::same_as<Item, newaxis_t>) {
            parts.shape.push_back(1);
            parts.strides.push_back(0);
        } else {
            keep_axes(ndim - consumed);
        }
    };
    (apply(index), ...);
    keep_axes(ndim - static_cast<std::ptrdiff_t>(axis));
    checked_size(parts.shape, 1); // newaxis can push the rank past 32
    parts.data = advance_bytes(parts.data, offset);
    return view<T>(std::move(parts));
}

} // namespace detail
} // namespace nd
