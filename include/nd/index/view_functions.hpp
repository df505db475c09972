#pragma once
// Free functions that make views (expand_dims, broadcast_to), that make a view contiguous
// only when it is not (ascontiguousarray, asfortranarray), and that tell whether two arrays
// share memory.

#include <cstddef>
#include <type_traits>

#include "nd/core/array.hpp"
#include "nd/core/memory_overlap.hpp"
#include "nd/core/view.hpp"

namespace nd {

namespace detail {
/// The view an array-like gives: itself for a view, view<const T> for a const array.
template <class T> view<T> as_view(const view<T>& v) { return v; }
template <class T> view<T> as_view(array<T>& a) { return view<T>(a); }
template <class T> view<T> as_view(array<T>&& a) { return view<T>(std::move(a)); }
template <class T> view<const T> as_view(const array<T>& a) { return view<const T>(a); }

} // namespace detail

/// A view with a new size-1 axis inserted at `axis` (which may be negative, up to ndim).
/// `nd::expand_dims(x, 0)  // np.expand_dims(x, 0)`
template <array_like A> auto expand_dims(A&& a, std::ptrdiff_t axis) {
    auto v = detail::as_view(std::forward<A>(a));
    const std::size_t position = detail::normalize_axis(axis, v.ndim() + 1);
    dim_vector shape = v.shape();
    shape.insert(position, 1);
    return v.reshape(shape); // as NumPy does, so the new axis gets the strides NumPy gives it
}

/// A read-only view of `a` broadcast to `shape`; stretched axes have stride 0, so writing to
/// it is an nd::error. `nd::broadcast_to(row, {4, 3})`
template <array_like A> auto broadcast_to(A&& a, const dim_vector& shape) {
    auto v = detail::as_view(std::forward<A>(a));
    using element_type = typename decltype(v)::element_type;
    detail::checked_size(shape, v.itemsize());
    if (!detail::broadcasts_to(v.shape(), shape))
        throw shape_error("operands could not be broadcast together with remapped shapes [original->remapped]: " +
                          to_string(v.shape()) + " and requested shape " + to_string(shape));
    return view<element_type>(detail::view_parts<element_type>{v.data(), shape, detail::broadcast_strides(v.shape(), v.strides(), shape),
                                                               v.buffer(), false});
}

/// `a` itself when it is C-contiguous, else a view of a C-ordered copy.
/// `auto c = nd::ascontiguousarray(m.T());`
template <array_like A> auto ascontiguousarray(A&& a) {
    auto v = detail::as_view(std::forward<A>(a));
    using view_type = decltype(v);
    if (v.flags().c_contiguous) return v;
    return view_type(v.copy(order::C));
}

/// `a` itself when it is F-contiguous, else a view of an F-ordered copy.
/// `auto f = nd::asfortranarray(m);`
template <array_like A> auto asfortranarray(A&& a) {
    auto v = detail::as_view(std::forward<A>(a));
    using view_type = decltype(v);
    if (v.flags().f_contiguous) return v;
    return view_type(v.copy(order::F));
}

/// Whether two arrays have an element in common, exactly (np.shares_memory): `a(slice(0, n, 2))`
/// and `a(slice(1, n, 2))` do not. `nd::shares_memory(m, m(nd::slice(1, 3)))  // true`
template <array_like A, array_like B> bool shares_memory(const A& a, const B& b) {
    const auto x = detail::extent_of(a), y = detail::extent_of(b);
    return detail::bounds_overlap(x, y) && detail::extents_overlap(x, y);
}

/// Whether the memory bounds of two arrays overlap (np.may_share_memory): cheap, may say true
/// for interleaved views that share nothing. `nd::may_share_memory(m, m.copy())  // false`
template <array_like A, array_like B> bool may_share_memory(const A& a, const B& b) {
    return detail::bounds_overlap(detail::extent_of(a), detail::extent_of(b));
}

} // namespace nd
