#pragma once
// Sorting and searching along an axis: sort, argsort, partition, argpartition, unique,
// unique_counts and searchsorted, in NumPy's order (NaN last, -0.0 equal to +0.0, complex by
// real then imaginary part). The loops are eval/sort_kernels.hpp's.

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>

#include "nd/core/array.hpp"
#include "nd/core/creation.hpp"
#include "nd/core/error.hpp"
#include "nd/eval/sort_kernels.hpp"
#include "nd/reduce/arg_reductions.hpp"
#include "nd/reduce/reductions.hpp"

namespace nd {

/// NumPy's sort kinds. nd's sorts are all stable, so both give np.sort(kind='stable')'s result;
/// quicksort is accepted for code written against NumPy. `nd::argsort(a, -1, nd::stable)`
enum class sort_kind { quicksort, stable };
inline constexpr sort_kind quicksort = sort_kind::quicksort;
inline constexpr sort_kind stable = sort_kind::stable;

/// Which end of a run of equal values searchsorted returns. `nd::searchsorted(a, v, nd::side::right)`
enum class side { left, right };

namespace detail {

/// NumPy's axis check for sort-like functions, which do not accept 0-d arrays with an axis.
inline std::size_t sort_axis(std::ptrdiff_t axis, std::ptrdiff_t ndim) {
    if (axis < -ndim || axis >= ndim)
        throw index_error("axis " + std::to_string(axis) + " is out of bounds for array of dimension " + std::to_string(ndim));
    return static_cast<std::size_t>(axis < 0 ? axis + ndim : axis);
}

/// kth as an index of a lane of n; NumPy's message shows a negative kth after adding n.
inline std::ptrdiff_t partition_index(std::ptrdiff_t kth, std::ptrdiff_t n) {
    const std::ptrdiff_t at = kth < 0 ? kth + n : kth;
    if (at < 0 || at >= n) throw value_error("kth(=" + std::to_string(at) + ") out of bounds (" + std::to_string(n) + ")");
    return at;
}

/// The type searchsorted compares in: the common one (np.result_type), or the element type
/// itself where both are the same (text and records have no promotion).
template <class T, class U> struct search_type {
    using type = result_type<T, U>;
};
template <class T> struct search_type<T, T> {
    using type = T;
};

} // namespace detail

/// A sorted copy along an axis (default the last), as np.sort; stable.
/// `auto s = nd::sort(a); auto by_column = nd::sort(m, 0);`
template <detail::reducible X>
    requires(!record<detail::element_of<X>>)
array<detail::element_of<X>> sort(const X& x, std::ptrdiff_t axis = -1, sort_kind = quicksort) {
    using T = detail::element_of<X>;
    const view<const T> source = detail::as_read_view(x);
    const std::size_t k = detail::sort_axis(axis, source.ndim());
    if (source.flags().c_contiguous && k + 1 == static_cast<std::size_t>(source.ndim()) && source.size() > 0) {
        array<T> result(source.shape(), order::C);
        const std::ptrdiff_t n = source.shape()[k];
        detail::sort_rows(source.data(), result.data(), source.size() / n, n);
        return result;
    }
    array<T> result = detail::copy_elements<T>(source, order::C);
    detail::sort_along(result, k);
    return result;
}

/// The indices that sort along an axis (np.argsort(kind='stable')), as int64.
/// `auto order = nd::argsort(a);`
template <detail::reducible X>
    requires(!record<detail::element_of<X>>)
array<std::int64_t> argsort(const X& x, std::ptrdiff_t axis = -1, sort_kind = quicksort) {
    using T = detail::element_of<X>;
    const view<const T> source = detail::as_read_view(x);
    const std::size_t k = detail::sort_axis(axis, source.ndim());
    array<std::int64_t> result(source.shape(), order::C);
    if (source.flags().c_contiguous && k + 1 == static_cast<std::size_t>(source.ndim()) && source.size() > 0) {
        const std::ptrdiff_t n = source.shape()[k];
        detail::argsort_rows(source.data(), result.data(), source.size() / n, n);
        return result;
    }
    detail::index_lanes(source, result, k, [](const T* values, std::int64_t* indices, std::ptrdiff_t n) {
        detail::argsort_contiguous(values, indices, n);
    });
    return result;
}

/// A copy with the kth element of every lane where sorting would put it, the smaller ones before
/// it and the larger after, in no particular order (np.partition). `auto p = nd::partition(a, 3);`
template <detail::reducible X> array<detail::element_of<X>> partition(const X& x, std::ptrdiff_t kth, std::ptrdiff_t axis = -1) {
    using T = detail::element_of<X>;
    const view<const T> source = detail::as_read_view(x);
    const std::size_t k = detail::sort_axis(axis, source.ndim());
    const std::ptrdiff_t at = source.size() == 0 ? 0 : detail::partition_index(kth, source.shape()[k]);
    array<T> result = detail::copy_elements<T>(source, order::C);
    detail::partition_along(result, k, at);
    return result;
}

/// The indices that partition along an axis (np.argpartition). `auto i = nd::argpartition(a, 3);`
template <detail::reducible X> array<std::int64_t> argpartition(const X& x, std::ptrdiff_t kth, std::ptrdiff_t axis = -1) {
    using T = detail::element_of<X>;
    const view<const T> source = detail::as_read_view(x);
    const std::size_t k = detail::sort_axis(axis, source.ndim());
    const std::ptrdiff_t at = source.size() == 0 ? 0 : detail::partition_index(kth, source.shape()[k]);
    array<std::int64_t> result(source.shape(), order::C);
    detail::index_lanes(source, result, k, [at](const T* values, std::int64_t* indices, std::ptrdiff_t n) {
        for (std::ptrdiff_t i = 0; i < n; ++i) indices[i] = i;
        std::nth_element(indices, indices + at, indices + n, [values](std::int64_t a, std::int64_t b) { return detail::numpy_less(values[a], values[b]); });
    });
    return result;
}

/// np.unique(x, return_counts=True): the sorted distinct values and how often each occurs.
/// `auto [values, counts] = nd::unique_counts(a);`
template <class T> struct unique_counts_result {
    array<T> values;
    array<std::int64_t> counts;
};

namespace detail {
template <class X, bool Counts> auto unique_of(const X& x) {
    using T = element_of<X>;
    array<T> sorted = copy_elements<T>(as_read_view(x), order::C); // C-contiguous: sorted flat
    sort_scratch<T> scratch;
    sort_contiguous(sorted.data(), sorted.size(), scratch);
    array<std::int64_t> all_counts(dim_vector{Counts ? sorted.size() : 0}, order::C);
    const std::ptrdiff_t groups = unique_sorted(sorted.data(), sorted.size(), Counts ? all_counts.data() : nullptr);
    array<T> values = copy_elements<T>(view<const T>(sorted.ravel())(slice(0, groups)), order::C);
    if constexpr (Counts) {
        array<std::int64_t> counts = copy_elements<std::int64_t>(view<const std::int64_t>(all_counts)(slice(0, groups)), order::C);
        return unique_counts_result<T>{std::move(values), std::move(counts)};
    } else {
        return values;
    }
}
} // namespace detail

/// The sorted distinct values of the flattened array; NaNs count as one (np.unique).
/// `nd::unique(nd::array<int>{3, 1, 3}) // [1 3]`
template <detail::reducible X> array<detail::element_of<X>> unique(const X& x) { return detail::unique_of<X, false>(x); }
template <detail::reducible X> unique_counts_result<detail::element_of<X>> unique_counts(const X& x) { return detail::unique_of<X, true>(x); }

/// Where `values` would go in the sorted 1-d `sorted` to keep it sorted (np.searchsorted): the
/// first such place (side::left) or the last (side::right), as int64 of values' shape.
/// `nd::searchsorted(nd::array<double>{1, 2, 3}, 2.5) == 2`
template <detail::reducible A, class V>
    requires(detail::reducible<V> || numeric<V>)
auto searchsorted(const A& sorted, const V& values, side which = side::left) {
    using T = detail::element_of<A>;
    const view<const T> haystack_view = detail::as_read_view(sorted);
    if (haystack_view.ndim() != 1)
        throw value_error("searchsorted needs a 1-d sorted array; this one is " + std::to_string(haystack_view.ndim()) + "-d");
    if constexpr (numeric<V>) {
        const auto needle = nd::array<V>{values};
        return searchsorted(sorted, needle, which)(0);
    } else {
        using U = detail::element_of<V>;
        using C = typename detail::search_type<T, U>::type;
        const array<C> haystack = detail::copy_elements<C>(haystack_view, order::C);
        const array<C> needles = detail::copy_elements<C>(detail::as_read_view(values), order::C);
        array<std::int64_t> result(needles.shape(), order::C);
        detail::search_sorted(haystack.data(), haystack.size(), needles.data(), result.data(), needles.size(), which == side::right);
        return result;
    }
}

} // namespace nd
