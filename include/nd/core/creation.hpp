#pragma once
// NumPy's creation functions: empty, zeros, ones, full, the *_like family, arange, linspace,
// eye and identity, plus adapt for memory nd does not own.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <type_traits>

#include "nd/core/array.hpp"
#include "nd/core/convert.hpp"
#include "nd/core/view.hpp"

namespace nd {

namespace detail {
template <class T, class Function> void generate_elements(array<T>& destination, Function&& value_at);

// NumPy's *_like functions keep the prototype's layout when it is F-contiguous (order 'K').
template <class A> order layout_of(const A& prototype) {
    const auto f = prototype.flags();
    return f.f_contiguous && !f.c_contiguous ? order::F : order::C;
}
} // namespace detail

/// An array with uninitialised elements. `auto e = nd::empty<float>({2, 3});`
template <element T> array<T> empty(const dim_vector& shape, order memory_order = order::C) { return array<T>(shape, memory_order); }

/// An array filled with one value. `auto f = nd::full<int>({2, 3}, 7);`
template <element T> array<T> full(const dim_vector& shape, const T& value, order memory_order = order::C) {
    array<T> result(shape, memory_order);
    result.assign(value);
    return result;
}

/// An array of zeros (of zero bytes for text and records). `auto z = nd::zeros<double>({1000, 1000}, nd::order::F);`
template <element T> array<T> zeros(const dim_vector& shape, order memory_order = order::C) { return full<T>(shape, T{}, memory_order); }

/// An array of ones. `auto o = nd::ones<double>({1000000});`
template <numeric T> array<T> ones(const dim_vector& shape, order memory_order = order::C) { return full<T>(shape, T(1), memory_order); }

/// Uninitialised, with the shape (and C/F layout) of a prototype. `auto e = nd::empty_like(o);`
template <array_like A> auto empty_like(const A& prototype) {
    return empty<typename A::value_type>(prototype.shape(), detail::layout_of(prototype));
}
/// Zeros shaped like a prototype. `auto c = nd::zeros_like(m);`
template <array_like A> auto zeros_like(const A& prototype) {
    return zeros<typename A::value_type>(prototype.shape(), detail::layout_of(prototype));
}
/// Ones shaped like a prototype. `auto u = nd::ones_like(m);`
template <array_like A> auto ones_like(const A& prototype) {
    return ones<typename A::value_type>(prototype.shape(), detail::layout_of(prototype));
}
/// One value, shaped like a prototype. `auto s = nd::full_like(m, 7);`
template <array_like A> auto full_like(const A& prototype, const typename A::value_type& value) {
    return full<typename A::value_type>(prototype.shape(), value, detail::layout_of(prototype));
}

/// Evenly spaced values in [start, stop), as np.arange: the count is ceil((stop - start) / step)
/// and the values are start + i * (second - start), computed in T as NumPy does.
/// `nd::arange<double>(2.0, 8.0, 0.5)`
template <numeric T> array<T> arange(double start, double stop, double step = 1.0) {
    if (step == 0.0) throw error("arange: step must not be zero (division by zero)");
    if (!std::isfinite(start) || !std::isfinite(stop) || !std::isfinite(step))
        throw error("arange: arange requires finite start, stop and step");
    const double count = std::ceil((stop - start) / step);
    const std::ptrdiff_t length = count > 0 ? static_cast<std::ptrdiff_t>(count) : 0;
    array<T> result(dim_vector{length}, order::C);
    const T first = detail::convert<T>(start);
    const T delta = static_cast<T>(detail::convert<T>(start + step) - first);
    detail::generate_elements(result, [&](std::ptrdiff_t i) { return static_cast<T>(first + static_cast<T>(i) * delta); });
    return result;
}
/// np.arange(stop). `nd::arange<float>(10)`
template <numeric T> array<T> arange(double stop) { return arange<T>(0.0, stop); }

/// `num` evenly spaced values from start to stop (stop included unless endpoint is false),
/// computed in double precision as NumPy does, then converted. `nd::linspace<double>(0.0, 1.0, 11)`
template <numeric T> array<T> linspace(double start, double stop, std::ptrdiff_t num = 50, bool endpoint = true) {
    if (num < 0) throw error("Number of samples, " + std::to_string(num) + ", must be non-negative.");
    array<T> result(dim_vector{num}, order::C);
    const std::ptrdiff_t divisions = endpoint ? num - 1 : num;
    const double delta = stop - start;
    const double step = divisions > 0 ? delta / static_cast<double>(divisions) : 0.0;
    detail::generate_elements(result, [&](std::ptrdiff_t i) {
        if (endpoint && num > 1 && i == num - 1) return detail::convert<T>(stop);
        if (divisions > 0 && step == 0.0) // NumPy's path for spans too small to divide
            return detail::convert<T>(static_cast<double>(i) / static_cast<double>(divisions) * delta + start);
        return detail::convert<T>(static_cast<double>(i) * step + start);
    });
    return result;
}

/// Ones on the k-th diagonal of an n×m matrix, zeros elsewhere. `nd::eye<double>(3)`
template <numeric T> array<T> eye(std::ptrdiff_t n, std::ptrdiff_t m = -1, std::ptrdiff_t k = 0, order memory_order = order::C) {
    if (m < 0) m = n;
    array<T> result = zeros<T>({n, m}, memory_order);
    // The diagonal is itself a strided view: one step down and one step right at a time.
    const std::ptrdiff_t first_row = k >= 0 ? 0 : -k;
    const std::ptrdiff_t length = std::max<std::ptrdiff_t>(0, std::min(n - first_row, m - (first_row + k)));
    if (length > 0) {
        view<T> diagonal(detail::view_parts<T>{&result(first_row, first_row + k), dim_vector{length},
                                                dim_vector{result.strides(0) + result.strides(1)}, result.buffer(), true});
        diagonal = T(1);
    }
    return result;
}

/// The n×n identity matrix. `nd::identity<int>(3)`
template <numeric T> array<T> identity(std::ptrdiff_t n) { return eye<T>(n); }

/// A view of memory nd does not own (C-contiguous unless byte strides are given). The memory
/// must outlive the view: this is the one kind of view that can dangle.
/// `nd::view<double> v = nd::adapt(buffer, {3, 4});`
template <element T> view<T> adapt(T* data, const dim_vector& shape) {
    detail::checked_size(shape, static_cast<std::ptrdiff_t>(sizeof(T)));
    return view<T>(detail::view_parts<T>{data, shape, detail::contiguous_strides(shape, sizeof(T), order::C), {}, !std::is_const_v<T>});
}
/// With explicit byte strides. `nd::adapt(p, {3, 4}, {8, 24})`
template <element T> view<T> adapt(T* data, const dim_vector& shape, const dim_vector& byte_strides) {
    if (byte_strides.size() != shape.size())
        throw shape_error("adapt: " + std::to_string(byte_strides.size()) + " strides given for shape " + to_string(shape));
    detail::checked_size(shape, static_cast<std::ptrdiff_t>(sizeof(T)));
    return view<T>(detail::view_parts<T>{data, shape, byte_strides, {}, !std::is_const_v<T>});
}

} // namespace nd
