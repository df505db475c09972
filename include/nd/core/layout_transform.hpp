#pragma once
// The layout arithmetic behind transpose, reshape and squeeze: new shapes and byte strides
// computed from old ones, so that those operations are views and never move an element.

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>

#include "nd/core/dim_vector.hpp"
#include "nd/core/error.hpp"
#include "nd/core/layout.hpp"

namespace nd::detail {

/// Checks `axes` as a permutation of 0..ndim-1 (negative axes wrap) and returns it normalised.
inline dim_vector normalize_permutation(const dim_vector& axes, std::ptrdiff_t ndim) {
    if (static_cast<std::ptrdiff_t>(axes.size()) != ndim) throw shape_error("axes don't match array");
    dim_vector result(axes.size());
    dim_vector seen(axes.size(), 0);
    for (std::size_t k = 0; k < axes.size(); ++k) {
        const std::size_t axis = normalize_axis(axes[k], ndim);
        if (seen[axis]) throw shape_error("repeated axis in transpose");
        seen[axis] = 1;
        result[k] = static_cast<std::ptrdiff_t>(axis);
    }
    return result;
}

/// `values` rearranged so that entry k is values[axes[k]].
inline dim_vector permute(const dim_vector& values, const dim_vector& axes) {
    dim_vector result(axes.size());
    for (std::size_t k = 0; k < axes.size(); ++k) result[k] = values[static_cast<std::size_t>(axes[k])];
    return result;
}

/// Resolves a requested shape for an array of `size` elements: one -1 is inferred.
inline dim_vector resolve_reshape(const dim_vector& requested, std::ptrdiff_t size) {
    dim_vector shape = requested;
    std::ptrdiff_t known = 1;
    std::ptrdiff_t unknown_axis = -1;
    for (std::size_t k = 0; k < shape.size(); ++k) {
        if (shape[k] == -1) {
            if (unknown_axis >= 0) throw shape_error("can only specify one unknown dimension");
            unknown_axis = static_cast<std::ptrdiff_t>(k);
        } else if (shape[k] < 0) {
            throw shape_error("negative dimensions not allowed in reshape to " + to_string(requested));
        } else {
            known *= shape[k];
        }
    }
    auto mismatch = [&] {
        return shape_error("cannot reshape array of size " + std::to_string(size) + " into shape " + to_string(requested));
    };
    if (unknown_axis >= 0) {
        if (known == 0 || size % known != 0) throw mismatch();
        shape[static_cast<std::size_t>(unknown_axis)] = size / known;
    } else if (known != size) {
        throw mismatch();
    }
    checked_size(shape, 1);
    return shape;
}

/// The strides with which `old_shape`/`old_strides` can be seen as `new_shape` in the given
/// index order without copying, or nothing when a copy is needed. This is NumPy's rule: the
/// old axes that merge into one new axis (or split from one) must be contiguous with each other;
/// size-1 axes never matter.
inline std::optional<dim_vector> reshape_strides(const dim_vector& old_shape, const dim_vector& old_strides,
                                                 std::ptrdiff_t itemsize, const dim_vector& new_shape, order index_order) {
    const bool fortran = index_order == order::F;
    dim_vector shape, strides;
    for (std::size_t k = 0; k < old_shape.size(); ++k) {
        if (old_shape[k] != 1) {
            shape.push_back(old_shape[k]);
            strides.push_back(old_strides[k]);
        }
    }
    if (size_of(new_shape) == 0) return contiguous_strides(new_shape, itemsize, index_order);
    dim_vector result(new_shape.size());
    std::size_t old_axis = 0, old_end = 1, new_axis = 0, new_end = 1;
    const std::size_t old_rank = shape.size(), new_rank = new_shape.size();
    while (new_axis < new_rank && old_axis < old_rank) {
        std::ptrdiff_t new_product = new_shape[new_axis];
        std::ptrdiff_t old_product = shape[old_axis];
        while (new_product != old_product) {
            if (new_product < old_product) new_product *= new_shape[new_end++];
            else old_product *= shape[old_end++];
        }
        for (std::size_t k = old_axis; k + 1 < old_end; ++k) {
            if (fortran ? strides[k + 1] != shape[k] * strides[k] : strides[k] != shape[k + 1] * strides[k + 1])
                return std::nullopt;
        }
        if (fortran) {
            result[new_axis] = strides[old_axis];
            for (std::size_t k = new_axis + 1; k < new_end; ++k) result[k] = result[k - 1] * new_shape[k - 1];
        } else {
            result[new_end - 1] = strides[old_end - 1];
            for (std::size_t k = new_end - 1; k > new_axis; --k) result[k - 1] = result[k] * new_shape[k];
        }
        new_axis = new_end++;
        old_axis = old_end++;
    }
    std::ptrdiff_t last = new_axis >= 1 ? result[new_axis - 1] : itemsize;
    if (fortran && new_axis >= 1) last *= new_shape[new_axis - 1];
    for (std::size_t k = new_axis; k < new_rank; ++k) result[k] = last;
    return result;
}

/// The axis order that visits memory as closely as possible to how it is laid out: largest
/// absolute stride first (NumPy's order='K'), ties kept in C order.
inline dim_vector memory_order_axes(const dim_vector& shape, const dim_vector& strides) {
    // Size-1 axes have no meaningful stride, so they keep their places; the others are sorted
    // among the remaining places.
    dim_vector places, moving;
    for (std::size_t k = 0; k < shape.size(); ++k) {
        if (shape[k] != 1) {
            places.push_back(static_cast<std::ptrdiff_t>(k));
            moving.push_back(static_cast<std::ptrdiff_t>(k));
        }
    }
    auto magnitude = [&](std::ptrdiff_t axis) {
        const auto s = strides[static_cast<std::size_t>(axis)];
        return s < 0 ? -s : s;
    };
    sort_axes_descending(moving.data(), moving.size(), magnitude);
    dim_vector axes(shape.size());
    for (std::size_t k = 0; k < shape.size(); ++k) axes[k] = static_cast<std::ptrdiff_t>(k);
    for (std::size_t k = 0; k < places.size(); ++k) axes[static_cast<std::size_t>(places[k])] = moving[k];
    return axes;
}

} // namespace nd::detail
