#pragma once
// Shape and byte strides: the arithmetic every array and view shares. These functions only
// compute layouts; they never touch elements.

#include <cstddef>
#include <string>

#include "nd/core/dim_vector.hpp"
#include "nd/core/error.hpp"

namespace nd {

/// Memory order: C (row-major, last axis fastest) or F (column-major, first axis fastest).
/// A and K are NumPy's "F if the source is F-contiguous, else C" and "as close to the source
/// layout as possible", accepted where NumPy accepts them (copy, ravel, flatten).
/// `auto z = nd::zeros<double>({3, 4}, nd::order::F);`
enum class order { C, F, A, K };

/// NumPy's memory-layout flags of an array or view.
/// `m.flags().c_contiguous`
struct array_flags {
    bool c_contiguous;
    bool f_contiguous;
    bool owndata;
    bool writeable;
};

namespace detail {

/// Throws NumPy's error for more than max_ndim axes: loops keep per-axis state in arrays of
/// that size.
[[noreturn, gnu::cold]] inline void throw_unsupported_rank(std::size_t ndim) {
    throw shape_error("maximum supported dimension for an ndarray is " + std::to_string(max_ndim) + ", found " + std::to_string(ndim));
}
inline void require_supported_rank(std::size_t ndim) {
    if (ndim > static_cast<std::size_t>(max_ndim)) [[unlikely]]
        throw_unsupported_rank(ndim);
}

/// The shape_error for a shape checked_size refused, naming what is wrong with it.
[[noreturn, gnu::cold]] inline void throw_bad_shape(const dim_vector& shape, std::ptrdiff_t itemsize) {
    for (auto extent : shape)
        if (extent < 0) throw shape_error("negative dimensions are not allowed: shape " + to_string(shape));
    throw shape_error("array is too big: shape " + to_string(shape) + " with " + std::to_string(itemsize) +
                      "-byte elements overflows the address space");
}
/// Checks a requested shape before anything is allocated and returns its element count:
/// negative extents, ranks above 32 and counts or byte sizes beyond ptrdiff_t are shape_errors.
inline std::ptrdiff_t checked_size(const dim_vector& shape, std::ptrdiff_t itemsize) {
    require_supported_rank(shape.size());
    // One pass with overflow flags rather than divisions: this runs for every new array, small
    // ones included. An empty shape cannot overflow however large its other extents are (as in
    // NumPy), so overflow only counts when no extent is zero.
    std::ptrdiff_t count = 1;
    bool overflow = false, negative = false, empty = false;
    for (auto extent : shape) {
        negative |= extent < 0;
        empty |= extent == 0;
        overflow |= __builtin_mul_overflow(count, extent, &count);
    }
    std::ptrdiff_t bytes = 0;
    overflow |= __builtin_mul_overflow(count, itemsize, &bytes);
    if (negative || (overflow && !empty)) [[unlikely]]
        throw_bad_shape(shape, itemsize);
    return empty ? 0 : count;
}

/// Element count of a shape already known to be valid.
inline std::ptrdiff_t size_of(const dim_vector& shape) noexcept {
    // Empty first: the other extents of an empty shape may multiply past ptrdiff_t.
    for (auto extent : shape)
        if (extent == 0) return 0;
    std::ptrdiff_t count = 1;
    for (auto extent : shape) count *= extent;
    return count;
}

/// Writes the byte strides of a contiguous array of the given shape in C or F order.
inline void contiguous_strides_into(const dim_vector& shape, std::ptrdiff_t itemsize, order memory_order, std::ptrdiff_t* strides) {
    // An empty axis counts as 1, as in NumPy's reshape; the unsigned product cannot be
    // undefined for empty shapes like (2**40, 2**40, 0), whose strides are never used.
    auto step = static_cast<std::size_t>(itemsize);
    // Extents are never negative here; adding (extent == 0) keeps the product in integer
    // registers (a max with 1 becomes a vector instruction and a round trip on AVX-512).
    auto advance = [&](std::size_t axis) {
        strides[axis] = static_cast<std::ptrdiff_t>(step);
        const auto extent = static_cast<std::size_t>(shape[axis]);
        step *= extent + (extent == 0);
    };
    // One loop per order: the order stays out of the loop, which runs for every new array.
    if (memory_order == order::F)
        for (std::size_t axis = 0; axis < shape.size(); ++axis) advance(axis);
    else
        for (std::size_t axis = shape.size(); axis-- > 0;) advance(axis);
}
/// The byte strides of a contiguous array of the given shape in C or F order.
inline dim_vector contiguous_strides(const dim_vector& shape, std::ptrdiff_t itemsize, order memory_order) {
    dim_vector strides(shape.size());
    contiguous_strides_into(shape, itemsize, memory_order, strides.data());
    return strides;
}

/// NumPy's contiguity rule: size-1 axes do not count, and an empty array is both C and F.
inline bool is_contiguous(const dim_vector& shape, const dim_vector& strides, std::ptrdiff_t itemsize, order memory_order) {
    const std::size_t n = shape.size();
    for (auto extent : shape)
        if (extent == 0) return true;
    std::ptrdiff_t expected = itemsize;
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t axis = memory_order == order::F ? k : n - 1 - k;
        if (shape[axis] == 1) continue;
        if (strides[axis] != expected) return false;
        expected *= shape[axis];
    }
    return true;
}

/// Sorts `count` axes by descending `magnitude(axis)`, keeping ties in their order. Ranks are
/// small, and unlike std::stable_sort this never allocates, which matters on every evaluation;
/// axes already in order (most destinations are C order) cost one pass of comparisons.
template <class Axis, class Magnitude> void sort_axes_descending(Axis* axes, std::size_t count, Magnitude&& magnitude) {
    for (std::size_t i = 1; i < count; ++i) {
        const Axis axis = axes[i];
        const auto key = magnitude(axis);
        std::size_t j = i;
        for (; j > 0 && magnitude(axes[j - 1]) < key; --j) axes[j] = axes[j - 1];
        axes[j] = axis;
    }
}

/// An axis given as NumPy accepts it (negative counts from the end), checked against ndim.
inline std::size_t normalize_axis(std::ptrdiff_t axis, std::ptrdiff_t ndim) {
    if (axis < -ndim || axis >= ndim)
        throw index_error("axis " + std::to_string(axis) + " is out of bounds for array of dimension " + std::to_string(ndim));
    return static_cast<std::size_t>(axis < 0 ? axis + ndim : axis);
}

/// The broadcast shape of two shapes, or a shape_error naming both, in NumPy's words.
inline dim_vector broadcast_shapes(const dim_vector& a, const dim_vector& b) {
    const std::size_t n = a.size() > b.size() ? a.size() : b.size();
    dim_vector result(n);
    for (std::size_t k = 0; k < n; ++k) {
        const std::ptrdiff_t x = k < a.size() ? a[a.size() - 1 - k] : 1;
        const std::ptrdiff_t y = k < b.size() ? b[b.size() - 1 - k] : 1;
        if (x != y && x != 1 && y != 1)
            throw shape_error("operands could not be broadcast together with shapes " + to_string(a) + " " + to_string(b));
        result[n - 1 - k] = x == 1 ? y : x;
    }
    return result;
}

/// Whether an operand of shape `from` can be presented as shape `to` (to does not shrink).
inline bool broadcasts_to(const dim_vector& from, const dim_vector& to) {
    if (from.size() > to.size()) return false;
    for (std::size_t k = 0; k < from.size(); ++k) {
        const auto have = from[from.size() - 1 - k], want = to[to.size() - 1 - k];
        if (have != want && have != 1) return false;
    }
    return true;
}

// The errors of writing into a destination, out of line: built in every function template
// that writes, the message's string operations were a sizeable part of each one's code.
[[noreturn, gnu::cold]] inline void throw_output_shape(const dim_vector& operands, const dim_vector& output) {
    throw shape_error("operands could not be broadcast together with shapes " + to_string(operands) + " " + to_string(output) +
                      " (the output's shape cannot change)");
}
[[noreturn, gnu::cold]] inline void throw_source_shape(const dim_vector& source, const dim_vector& destination) {
    throw shape_error("could not broadcast input array from shape " + to_string(source) + " into shape " + to_string(destination));
}
[[noreturn, gnu::cold]] inline void throw_read_only() { throw error("assignment destination is read-only"); }

/// Writes into `result` (target.size() entries) the byte strides that present an operand of
/// `shape`/`strides` as the broadcast `target` shape: missing leading axes and stretched size-1
/// axes get stride 0.
inline void broadcast_strides_into(const dim_vector& shape, const dim_vector& strides, const dim_vector& target, std::ptrdiff_t* result) {
    // One pass over the target's axes: a separate loop zeroing the missing axes becomes a
    // call to memset, which costs more than the handful of entries it writes.
    const std::size_t offset = target.size() - shape.size();
    for (std::size_t k = 0; k < target.size(); ++k)
        result[k] = k >= offset && shape[k - offset] == target[k] ? strides[k - offset] : 0;
}

/// broadcast_strides_into, as a new dim_vector.
inline dim_vector broadcast_strides(const dim_vector& shape, const dim_vector& strides, const dim_vector& target) {
    dim_vector result(target.size());
    broadcast_strides_into(shape, strides, target, result.data());
    return result;
}

} // namespace detail
} // namespace nd
