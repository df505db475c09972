#pragma once
// cumsum and cumprod: running sums and products along an axis, or over the flattened array.

#include <cstddef>
#include <type_traits>

#include "nd/core/array.hpp"
#include "nd/eval/strided_loop.hpp"
#include "nd/reduce/accumulate.hpp"
#include "nd/reduce/arg_reductions.hpp"

namespace nd {
namespace detail {

template <class Reduction, class A, class T> array<A> accumulate_along(const view<const T>& source, std::ptrdiff_t axis) {
    const std::size_t k = normalize_axis(axis, source.ndim());
    array<A> result(source.shape(), order::C);
    if (result.size() == 0) return result;
    const std::ptrdiff_t length = source.shape()[k], in_step = source.strides()[k], out_step = result.strides()[k];
    for_each_lane<2>(source.shape(), {reinterpret_cast<std::byte*>(result.data()), const_cast<std::byte*>(reinterpret_cast<const std::byte*>(source.data()))},
                     {&result.strides(), &source.strides()}, k, [&](const std::array<std::byte*, 2>& firsts) {
                         A running = Reduction::template identity<A>();
                         for (std::ptrdiff_t j = 0; j < length; ++j) {
                             const A value = accumulator_value<A>(*reinterpret_cast<const T*>(firsts[1] + j * in_step));
                             running = j == 0 ? value : Reduction::combine(running, value); // NumPy copies the first element
                             *reinterpret_cast<A*>(firsts[0] + j * out_step) = running;
                         }
                     });
    return result;
}

template <class Reduction, class X> auto accumulate_flat(const X& x) {
    using T = typename X::value_type;
    const auto flat = as_read_view(x).ravel();
    return accumulate_along<Reduction, sum_type<T>>(view<const T>(flat), 0);
}

} // namespace detail

/// Running sum over the flattened array, or along an axis (np.cumsum). `nd::cumsum(a); nd::cumsum(m, 1)`
template <detail::reducible X> auto cumsum(const X& x) { return detail::accumulate_flat<detail::sum_reduction>(x); }
template <detail::reducible X> auto cumsum(const X& x, one_axis axis) {
    return detail::accumulate_along<detail::sum_reduction, detail::sum_type<typename X::value_type>>(detail::as_read_view(x), axis.value());
}

/// Running product over the flattened array, or along an axis (np.cumprod). `nd::cumprod(a)`
template <detail::reducible X> auto cumprod(const X& x) { return detail::accumulate_flat<detail::product_reduction>(x); }
template <detail::reducible X> auto cumprod(const X& x, one_axis axis) {
    return detail::accumulate_along<detail::product_reduction, detail::sum_type<typename X::value_type>>(detail::as_read_view(x), axis.value());
}

} // namespace nd
