#pragma once
// NumPy's NaN-skipping reductions: nansum, nanmean, nanvar, nanstd, nanmin, nanmax, nanargmin
// and nanargmax. Each is NumPy's definition: the input with NaN replaced (0 for sums, +-inf for
// the arg forms) fed to the plain reduction, the NaN count where the result needs it, and fmin
// or fmax for nanmin and nanmax. Integer and bool inputs have no NaN and take the plain
// reduction. An all-NaN slice gives NaN (0 for nansum), and nanargmin/nanargmax raise, as NumPy
// does; NumPy's warnings have no counterpart.

#include <cmath>
#include <complex>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "nd/core/array.hpp"
#include "nd/core/error.hpp"
#include "nd/expr/ufunc.hpp"
#include "nd/reduce/arg_reductions.hpp"
#include "nd/reduce/reduction.hpp"
#include "nd/reduce/reductions.hpp"

namespace nd {

namespace detail {

/// x with NaN replaced by `value` (a lazy node), as NumPy's nan-functions first make their input.
template <class X> auto without_nan(const X& x, double value) { return make_expression(ops::replace_nan{{}, value}, x); }

/// The number of elements of x that are not NaN, as int64 (NumPy's intp).
template <class X> auto not_nan(const X& x) { return make_expression(ops::logical_not{}, make_expression(ops::isnan{}, x)); }

/// NumPy's division of a reduced result by a count (_divide_by_count): in the promoted type of
/// the two (float64 for float32 over int64) and rounded back to the result's type.
template <class M> M divided_by_count(M total, std::int64_t count) {
    using wide = promote_t<M, std::int64_t>;
    return static_cast<M>(ops::divide::apply(static_cast<wide>(total), static_cast<wide>(count)));
}

/// Throws NumPy's ValueError for nanargmin and nanargmax when some slice holds nothing but NaN.
template <class X> void require_some_number(const X& x) {
    if (all_reduce(nd::isnan(x))) throw value_error("All-NaN slice encountered"); // an empty x too, as in NumPy
}
template <class X> void require_some_number(const X& x, std::ptrdiff_t axis) {
    if (any(all_reduce(nd::isnan(x), axis))) throw value_error("All-NaN slice encountered");
}

/// nanvar's squared deviations from `center`, 0 where x is NaN (NumPy zeroes those elements
/// after subtracting, so an infinite center still gives NaN for a finite element).
template <class X, class Center> auto squared_deviations_of_numbers(const X& x, const Center& center) {
    return nd::where(nd::isnan(x), 0, squared_deviations(x, center));
}

/// nanvar's last step: squares / (count - ddof) as NumPy divides them, NaN where that is <= 0.
template <class R> R variance_of(R squares, std::int64_t count, std::ptrdiff_t delta) {
    const std::int64_t freedom = count - static_cast<std::int64_t>(delta);
    return freedom <= 0 ? std::numeric_limits<R>::quiet_NaN() : divided_by_count(squares, freedom);
}

} // namespace detail

/// Sum treating NaN as zero (np.nansum): an all-NaN slice sums to 0. Same result types as nd::sum.
/// `nd::nansum(readings); nd::nansum(m, 0, nd::keepdims)`
struct nansum_function {
    template <detail::reducible X> auto operator()(const X& x) const {
        if constexpr (detail::inexact<detail::element_of<X>>) return sum(detail::without_nan(x, 0));
        else return sum(x);
    }
    template <detail::reducible X, detail::reduction_option... O> auto operator()(const X& x, const axes& a, const O&... o) const {
        if constexpr (detail::inexact<detail::element_of<X>>) return sum(detail::without_nan(x, 0), a, o...);
        else return sum(x, a, o...);
    }
};
inline constexpr nansum_function nansum{};

/// Smallest element ignoring NaN (np.nanmin, which is np.fmin.reduce): NaN only for an all-NaN
/// slice; empty input is an nd::shape_error. `nd::nanmin(m, 1)`
inline constexpr reduction_function<detail::fmin_reduction> nanmin{};
/// Largest element ignoring NaN (np.nanmax, np.fmax.reduce). `nd::nanmax(m)`
inline constexpr reduction_function<detail::fmax_reduction> nanmax{};

/// Mean of the elements that are not NaN (np.nanmean): NaN for an all-NaN or empty slice.
/// `nd::nanmean(readings); nd::nanmean(m, 0)`
template <detail::reducible X> auto nanmean(const X& x) {
    if constexpr (!detail::inexact<detail::element_of<X>>) return mean(x);
    else return detail::divided_by_count(nansum(x), sum(detail::not_nan(x)));
}
template <detail::reducible X, detail::reduction_option... O> auto nanmean(const X& x, const axes& a, const O&... o) {
    if constexpr (!detail::inexact<detail::element_of<X>>) {
        return mean(x, a, o...);
    } else {
        constexpr bool keep = (std::is_same_v<O, keepdims_t> || ...);
        auto total = keep ? nansum(x, a, keepdims) : nansum(x, a);
        const array<std::int64_t> counts = keep ? sum(detail::not_nan(x), a, keepdims) : sum(detail::not_nan(x), a);
        total.assign(total / counts); // NumPy divides in place with casting='unsafe'
        if constexpr ((detail::is_out_target<O>::value || ...)) return detail::evaluate_to_output(detail::last_out(o...).target, total * 1, "divide");
        else return total;
    }
}

/// Variance of the elements that are not NaN (np.nanvar), with var's options; NaN where a slice
/// has no more than ddof numbers. `nd::nanvar(x); nd::nanvar(m, 1, nd::ddof(1))`
template <detail::reducible X, std::same_as<ddof>... D>
    requires(sizeof...(D) <= 1)
auto nanvar(const X& x, const D&... deltas) {
    if constexpr (!detail::inexact<detail::element_of<X>>) {
        return var(x, deltas...);
    } else {
        using M = detail::element_of<X>;
        using R = detail::real_of<M>;
        const std::int64_t count = sum(detail::not_nan(x));
        const M center = detail::divided_by_count(nansum(x), count);
        const R squares = sum(detail::squared_deviations_of_numbers(x, center));
        return detail::variance_of(squares, count, detail::ddof_among(deltas...));
    }
}
template <detail::reducible X, class... O>
    requires((std::is_same_v<O, ddof> || std::is_same_v<O, keepdims_t>) && ...)
auto nanvar(const X& x, const axes& a, const O&... options) {
    if constexpr (!detail::inexact<detail::element_of<X>>) {
        return var(x, a, options...);
    } else {
        using R = detail::real_of<detail::element_of<X>>;
        constexpr bool keep = (std::is_same_v<O, keepdims_t> || ...);
        const std::ptrdiff_t delta = detail::ddof_among(options...);
        const array<std::int64_t> counts = sum(detail::not_nan(x), a, keepdims);
        auto center = nansum(x, a, keepdims);
        center.assign(center / counts);
        array<R> squares = keep ? sum(detail::squared_deviations_of_numbers(x, center), a, keepdims)
                                : sum(detail::squared_deviations_of_numbers(x, center), a);
        const auto freedom = counts.reshape(squares.shape()) - static_cast<std::int64_t>(delta);
        squares.assign(nd::where(freedom <= 0, std::numeric_limits<R>::quiet_NaN(), squares / freedom));
        return squares;
    }
}

/// Standard deviation of the elements that are not NaN (np.nanstd): the square root of nanvar.
/// `nd::nanstd(x, nd::ddof(1))`
template <detail::reducible X, std::same_as<ddof>... D>
    requires(sizeof...(D) <= 1)
auto nanstd(const X& x, const D&... delta) {
    return std::sqrt(nanvar(x, delta...));
}
template <detail::reducible X, class... O>
    requires((std::is_same_v<O, ddof> || std::is_same_v<O, keepdims_t>) && ...)
auto nanstd(const X& x, const axes& a, const O&... options) {
    auto v = nanvar(x, a, options...);
    v.assign(nd::sqrt(v));
    return v;
}

/// Flat (C-order) index of the smallest element ignoring NaN, or indices along an axis
/// (np.nanargmin); an all-NaN slice is an nd::value_error as NumPy's ValueError (so is an
/// empty float input; integers, and empty axes of no slices, take argmin's nd::shape_error).
/// `nd::nanargmin(a); nd::nanargmin(m, 1)`
template <detail::reducible X> std::int64_t nanargmin(const X& x) {
    if constexpr (!detail::inexact<detail::element_of<X>>) return argmin(x);
    else return detail::require_some_number(x), argmin(detail::without_nan(x, std::numeric_limits<double>::infinity()));
}
template <detail::reducible X, std::same_as<keepdims_t>... K>
    requires(sizeof...(K) <= 1)
array<std::int64_t> nanargmin(const X& x, one_axis axis, K... keep) {
    if constexpr (!detail::inexact<detail::element_of<X>>) return argmin(x, axis, keep...);
    else return detail::require_some_number(x, axis.value()), argmin(detail::without_nan(x, std::numeric_limits<double>::infinity()), axis, keep...);
}

/// Flat (C-order) index of the largest element ignoring NaN, or indices along an axis
/// (np.nanargmax); an all-NaN slice is an nd::value_error, as for nanargmin. `nd::nanargmax(m, 0)`
template <detail::reducible X> std::int64_t nanargmax(const X& x) {
    if constexpr (!detail::inexact<detail::element_of<X>>) return argmax(x);
    else return detail::require_some_number(x), argmax(detail::without_nan(x, -std::numeric_limits<double>::infinity()));
}
template <detail::reducible X, std::same_as<keepdims_t>... K>
    requires(sizeof...(K) <= 1)
array<std::int64_t> nanargmax(const X& x, one_axis axis, K... keep) {
    if constexpr (!detail::inexact<detail::element_of<X>>) return argmax(x, axis, keep...);
    else return detail::require_some_number(x, axis.value()), argmax(detail::without_nan(x, -std::numeric_limits<double>::infinity()), axis, keep...);
}

} // namespace nd
