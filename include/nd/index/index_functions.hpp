#pragma once
// NumPy's functions around advanced indexing: take, nonzero, flatnonzero, argwhere, compress,
// extract and count_nonzero read (new arrays); put, putmask and place write, checking every
// index before the first write. Their loops are eval's (gather.hpp, mask.hpp).

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "nd/core/array.hpp"
#include "nd/core/view.hpp"
#include "nd/index/advanced_indexing.hpp"
#include "nd/index/view_functions.hpp"

namespace nd {

namespace detail {
/// An array read-only, or an expression as it is: what the mask loops take.
template <class X> decltype(auto) readable(const X& x) {
    if constexpr (expression<X>) return (x);
    else return view<const std::remove_const_t<typename X::value_type>>(x);
}
template <class X> using readable_value = std::remove_const_t<typename std::remove_cvref_t<X>::value_type>;

/// The elements along `axis` of `source` at `indices`, as np.take(source, indices, axis).
template <class E, class I> array<E> take_along(const view<const E>& source, const I& indices, std::ptrdiff_t axis) {
    const std::size_t position = normalize_axis(axis, source.ndim());
    std::vector<index_entry> entries(position);
    entries.push_back(make_index_entry(indices));
    return gather_entries(source, entries, false);
}

/// A mask of exactly `shape`: itself when it has that shape, else (same size, as np.putmask
/// and np.place allow) its elements in C order reshaped; shape_error when the sizes differ.
template <class Mask> array<bool> mask_of_shape(const Mask& mask, const dim_vector& shape, const char* function) {
    if (size_of(mask.shape()) != size_of(shape))
        throw shape_error(std::string(function) + ": mask and data must be the same size");
    array<bool> flags = materialize_mask(mask);
    return array<bool>(flags.reshape(shape));
}
} // namespace detail

/// np.take: the elements of the flattened array at `indices` (any integer array, any shape),
/// or along `axis`. Negative indices wrap; one out of range is an nd::index_error.
/// `nd::take(m, idx, 1)  // np.take(m, idx, axis=1)`
template <array_like A, index_array I> auto take(const A& a, const I& indices) {
    using E = detail::readable_value<A>;
    const view<const E> source(a);
    return detail::take_along(source.ravel(), indices, 0);
}
template <array_like A, index_array I> auto take(const A& a, const I& indices, std::ptrdiff_t axis) {
    using E = detail::readable_value<A>;
    return detail::take_along(view<const E>(a), indices, axis);
}

/// np.nonzero: the indices of the nonzero elements, one int64 array per axis (one for a 0-d
/// input, as NumPy 1.24 treats it), in a std::vector a range-for walks.
/// `for (auto& axis_indices : nd::nonzero(m > 25)) std::cout << axis_indices;`
template <class X>
    requires(array_like<X> || expression<X>)
std::vector<array<std::int64_t>> nonzero(const X& x) {
    return detail::nonzero_arrays(detail::readable(x));
}

/// np.flatnonzero: the C-order positions of the nonzero elements. `nd::flatnonzero(m > 25)`
template <class X>
    requires(array_like<X> || expression<X>)
array<std::int64_t> flatnonzero(const X& x) {
    return detail::flat_nonzero(detail::readable(x));
}

/// np.count_nonzero: how many elements are nonzero (int64). `nd::count_nonzero(m > 25)`
template <class X>
    requires(array_like<X> || expression<X>)
std::int64_t count_nonzero(const X& x) {
    return static_cast<std::int64_t>(detail::count_nonzero_elements(detail::readable(x)));
}

/// np.argwhere: one row of indices per nonzero element, shape (count, ndim).
/// `nd::argwhere(m > 25)`
template <class X>
    requires(array_like<X> || expression<X>)
array<std::int64_t> argwhere(const X& x) {
    const std::vector<array<std::int64_t>> indices = detail::nonzero_arrays(detail::readable(x));
    const auto rank = static_cast<std::ptrdiff_t>(x.shape().size());
    array<std::int64_t> rows(dim_vector{indices[0].size(), rank}, order::C);
    for (std::ptrdiff_t axis = 0; axis < rank; ++axis) rows(all, axis) = indices[static_cast<std::size_t>(axis)];
    return rows;
}

/// np.compress: the slices along `axis` (of the flattened array without one) where the 1-d
/// `condition` is nonzero; a condition longer than the axis may only hold zeros past it.
/// `nd::compress(keep, m, 0)`
template <class C, array_like A>
    requires(array_like<C> || expression<C>)
auto compress(const C& condition, const A& a, std::ptrdiff_t axis) {
    if (condition.shape().size() != 1) throw shape_error("condition must be a 1-d array");
    return detail::take_along(view<const detail::readable_value<A>>(a), flatnonzero(condition), axis);
}
template <class C, array_like A>
    requires(array_like<C> || expression<C>)
auto compress(const C& condition, const A& a) {
    return compress(condition, view<const detail::readable_value<A>>(a).ravel(), 0);
}

/// np.extract: the elements of the flattened array where the flattened condition is nonzero.
/// `nd::extract(m > 25, m)`
template <class C, array_like A>
    requires(array_like<C> || expression<C>)
auto extract(const C& condition, const A& a) {
    return detail::take_along(view<const detail::readable_value<A>>(a).ravel(), flatnonzero(condition), 0);
}

namespace detail {
/// putmask and place: values written where a mask of x's size holds, values[i % count] with i
/// the element's C-order place in x (`positional`, np.putmask) or its rank among the selected
/// ones (np.place, where no values for a selected element is an nd::value_error).
template <class E, class Mask, class Values>
void write_where(const view<E>& destination, const Mask& mask, const Values& values, bool positional, const char* function) {
    if (!destination.flags().writeable) throw_read_only();
    if (mask.shape() != destination.shape() || mask_overlaps(mask, destination))
        return write_where(destination, mask_of_shape(mask, destination.shape(), function), values, positional, function);
    if constexpr (numeric<Values>) {
        mask_fill(destination, mask, convert<E>(values));
    } else {
        const array<E> flat = values_for_write<E>(values, values.shape()).flatten();
        if (flat.size() == 0 && !positional && count_nonzero_elements(mask) > 0) throw value_error("Cannot insert from an empty array!");
        mask_assign_values(destination, mask, view<const E>(flat), positional);
    }
}
} // namespace detail

/// np.putmask: where `mask` (of x's size) holds, x takes values[i % values.size()], i being
/// the element's C-order position in x. `nd::putmask(m, m > 25, 0);`
template <array_like A, class M, class Values>
    requires(array_like<M> || expression<M>)
void putmask(A&& x, const M& mask, const Values& values) {
    detail::write_where(detail::as_view(x), detail::readable(mask), values, true, "putmask");
}

/// np.place: where `mask` (of x's size) holds, x takes the next of `values` (repeated as
/// needed); nd::value_error when there are none to take. `nd::place(m, m > 25, vals);`
template <array_like A, class M, class Values>
    requires(array_like<M> || expression<M>)
void place(A&& x, const M& mask, const Values& values) {
    detail::write_where(detail::as_view(x), detail::readable(mask), values, false, "place");
}

namespace detail {
template <class T, class Indices, class Values, class Mode>
void put_values(const view<T>& destination, const Indices& indices, const Values& values, Mode) {
    using E = std::remove_const_t<T>;
    static_assert(integer<Indices> || index_array<Indices>, "put's indices are an integer or an array of integers");
    const index_entry entry = [&] {
        if constexpr (integer<Indices>) return make_index_entry(full<std::int64_t>(dim_vector{1}, static_cast<std::int64_t>(indices)));
        else return make_index_entry(indices);
    }();
    array<E> flat;
    if constexpr (numeric<Values>) flat = full<E>(dim_vector{1}, convert<E>(values));
    else flat = values_for_write<E>(values, values.shape()).flatten();
    if (flat.size() == 0) return; // np.put with no values writes nothing
    advanced_plan plan;
    plan.base = reinterpret_cast<std::byte*>(destination.data());
    plan.itemsize = sizeof(E);
    flat_offsets(plan, view<const std::int64_t>(entry.indices), destination.shape(), destination.strides(), put_mode_of<Mode>::value);
    scatter_cyclic(plan, reinterpret_cast<const std::byte*>(flat.data()), flat.size());
}
} // namespace detail

} // namespace nd
