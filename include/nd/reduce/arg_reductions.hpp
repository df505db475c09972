#pragma once
// argmin and argmax: the (first) position of the smallest or largest element, over the
// flattened array or along one axis; NaN counts as the extreme, as in NumPy.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>

#include "nd/core/array.hpp"
#include "nd/core/creation.hpp"
#include "nd/core/simd.hpp"
#include "nd/core/simd_narrow.hpp"
#include "nd/eval/evaluate.hpp"
#include "nd/eval/strided_loop.hpp"
#include "nd/expr/math.hpp"
#include "nd/reduce/axes.hpp"
#include "nd/reduce/reductions.hpp"

namespace nd {
namespace detail {

/// Index of the first extreme element of a strided run; the first NaN wins.
template <bool Largest, class T> std::int64_t arg_extreme(const std::byte* first, std::ptrdiff_t count, std::ptrdiff_t stride) {
    std::int64_t best = 0;
    T best_value = *reinterpret_cast<const T*>(first);
    if (ops::any_nan(best_value)) return 0;
    for (std::ptrdiff_t i = 1; i < count; ++i) {
        const T value = *reinterpret_cast<const T*>(first + i * stride);
        if (ops::any_nan(value)) return i;
        const bool better = Largest ? ops::comparison::less(best_value, value) : ops::comparison::less(value, best_value);
        if (better) {
            best = i;
            best_value = value;
        }
    }
    return best;
}

/// The same over contiguous floats in one SIMD pass at the speed of a plain read: each block's
/// extreme is folded in registers with the min/max instruction (NaN watched apart) and, only
/// when some lane of it beats the best so far, reduced to one value and the block remembered;
/// at the end that one block is scanned for the first position of its extreme. A block holding
/// a NaN is scanned at once, since its first NaN is the answer. In half-width batches where
/// there are some (simd::has_narrow_batch): a stream from memory is read faster so (benchmark
/// argmax/f32/16M; docs/performance.md), and the last block's scan is half as long.
template <bool Largest, class T> std::int64_t arg_extreme_contiguous(const T* data, std::ptrdiff_t count) {
    constexpr bool Narrow = simd::has_narrow_batch<T>;
    constexpr std::ptrdiff_t width = Narrow ? simd::narrow_width<T> : simd::width<T>, block = 64 * width;
    using batch_type = std::conditional_t<Narrow, simd::narrow_batch<T>, simd::batch<T>>;
    auto load = [](const T* p) {
        if constexpr (Narrow) return simd::load_narrow(p);
        else return simd::load(p);
    };
    auto fold = [](const batch_type& x, const batch_type& y) { return Largest ? simd::max_of_ordered(x, y) : simd::min_of_ordered(x, y); };
    batch_type best(data[0]);
    std::ptrdiff_t best_block = 0;
    std::ptrdiff_t start = 0;
    for (; start + block <= count; start += block) {
        std::array<batch_type, 4> e;
        for (std::size_t k = 0; k < 4; ++k) e[k] = load(data + start + static_cast<std::ptrdiff_t>(k) * width);
        nan_watch<batch_type> watched;
        watched.see(e);
        for (std::ptrdiff_t i = start + 4 * width; i < start + block; i += 4 * width) {
            for (std::size_t k = 0; k < 4; ++k) e[k] = fold(e[k], load(data + i + static_cast<std::ptrdiff_t>(k) * width));
            watched.see(e);
        }
        if (watched.saw_nan()) return start + arg_extreme<Largest, T>(reinterpret_cast<const std::byte*>(data + start), block, sizeof(T));
        const batch_type extreme = fold(fold(e[0], e[1]), fold(e[2], e[3]));
        if (simd::any(Largest ? extreme > best : extreme < best)) {
            alignas(64) T lanes[width];
            extreme.store_unaligned(lanes);
            T value = lanes[0];
            for (std::ptrdiff_t k = 1; k < width; ++k) value = Largest ? std::max(value, lanes[k]) : std::min(value, lanes[k]);
            best = batch_type(value);
            best_block = start;
        }
    }
    // The blocks' winner, then the tail, element by element.
    std::int64_t index = best_block + arg_extreme<Largest, T>(reinterpret_cast<const std::byte*>(data + best_block), std::min(block, count - best_block), sizeof(T));
    T best_value = data[index];
    for (std::ptrdiff_t i = start; i < count; ++i) {
        if (std::isnan(data[i])) return i;
        if (Largest ? data[i] > best_value : data[i] < best_value) {
            best_value = data[i];
            index = i;
        }
    }
    return index;
}

template <bool Largest, class T> std::int64_t arg_extreme_all(const view<const T>& source, const char* name) {
    if (source.size() == 0) throw shape_error(std::string("attempt to get ") + name + " of an empty sequence");
    const auto flat = source.ravel(); // C order, as NumPy's flat index
    if constexpr (simd::has_batch<T> && std::is_floating_point_v<T>) {
        if (flat.strides(0) == static_cast<std::ptrdiff_t>(sizeof(T))) return arg_extreme_contiguous<Largest>(flat.data(), flat.size());
    }
    return arg_extreme<Largest, T>(reinterpret_cast<const std::byte*>(flat.data()), flat.size(), flat.strides(0));
}

template <bool Largest, class T> array<std::int64_t> arg_extreme_axis(const view<const T>& source, std::ptrdiff_t axis, bool keep, const char* name) {
    const std::size_t k = normalize_axis(axis, source.ndim());
    const std::ptrdiff_t length = source.shape()[k], step = source.strides()[k];
    dim_vector outer_shape = source.shape(), outer_strides = source.strides();
    outer_shape.erase(k);
    outer_strides.erase(k);
    if (length == 0) throw shape_error(std::string("attempt to get ") + name + " of an empty sequence");
    array<std::int64_t> result(outer_shape, order::C);
    const dim_vector result_strides = result.strides();
    for_each_run<2>(outer_shape, {reinterpret_cast<std::byte*>(result.data()), const_cast<std::byte*>(reinterpret_cast<const std::byte*>(source.data()))},
                    {&result_strides, &outer_strides}, [&](const inner_run<2>& run) {
                        for (std::ptrdiff_t i = 0; i < run.length; ++i)
                            *reinterpret_cast<std::int64_t*>(run.pointers[0] + i * run.strides[0]) =
                                arg_extreme<Largest, T>(run.pointers[1] + i * run.strides[1], length, step);
                    });
    if (!keep) return result;
    dim_vector kept = source.shape();
    kept[k] = 1;
    return array<std::int64_t>(result.reshape(kept));
}

template <class X> auto as_read_view(const X& x) {
    if constexpr (expression<X>) return view<const typename X::value_type>(nd::eval(x));
    else return view<const typename X::value_type>(x);
}

} // namespace detail

/// Flat (C-order) index of the largest element, or indices along an axis (np.argmax).
/// `nd::argmax(a); nd::argmax(m, 1)`
template <detail::reducible X> std::int64_t argmax(const X& x) { return detail::arg_extreme_all<true>(detail::as_read_view(x), "argmax"); }
template <detail::reducible X> array<std::int64_t> argmax(const X& x, one_axis axis) {
    return detail::arg_extreme_axis<true>(detail::as_read_view(x), axis.value(), false, "argmax");
}
template <detail::reducible X> array<std::int64_t> argmax(const X& x, one_axis axis, keepdims_t) {
    return detail::arg_extreme_axis<true>(detail::as_read_view(x), axis.value(), true, "argmax");
}

/// Flat (C-order) index of the smallest element, or indices along an axis (np.argmin).
/// `nd::argmin(a); nd::argmin(m, 0)`
template <detail::reducible X> std::int64_t argmin(const X& x) { return detail::arg_extreme_all<false>(detail::as_read_view(x), "argmin"); }
template <detail::reducible X> array<std::int64_t> argmin(const X& x, one_axis axis) {
    return detail::arg_extreme_axis<false>(detail::as_read_view(x), axis.value(), false, "argmin");
}
template <detail::reducible X> array<std::int64_t> argmin(const X& x, one_axis axis, keepdims_t) {
    return detail::arg_extreme_axis<false>(detail::as_read_view(x), axis.value(), true, "argmin");
}

} // namespace nd
