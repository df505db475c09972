#pragma once
// NumPy's reductions: sum, prod, mean, min, max, any, all, var and std, over all axes (a
// scalar of NumPy's result type) or some (an nd::array), with keepdims and out=.

#include <cmath>
#include <complex>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>

#include "nd/core/array.hpp"
#include "nd/core/creation.hpp"
#include "nd/eval/evaluate.hpp"
#include "nd/expr/operators.hpp"
#include "nd/expr/ufunc.hpp"
#include "nd/reduce/accumulate.hpp"
#include "nd/reduce/axis_blocks.hpp"
#include "nd/reduce/axes.hpp"

namespace nd {

namespace detail {

template <class X>
concept reducible = array_like<X> || expression<X>;

template <class X> using element_of = typename std::remove_cvref_t<X>::value_type;

/// The type NumPy's mean, var and std compute in: float64 for integers and bools.
template <class T> using mean_type = std::conditional_t<inexact<T>, T, double>;
template <class T> using real_of = typename complex_value<T>::type;

[[noreturn]] inline void throw_no_identity(const char* name) {
    throw shape_error(std::string("zero-size array to reduction operation ") + name + " which has no identity");
}

/// Reduction over all axes into a scalar.
template <class Reduction, class A, class X>
    requires reduction_operation<Reduction, A>
A reduce_to_scalar(const X& x) {
    const auto source = as_reducible(x);
    if constexpr (!Reduction::traits.has_identity)
        if (source.size() == 0) throw_no_identity(Reduction::name);
    return reduce_all<Reduction, A>(source);
}

/// Reduction over `requested` axes into a new array (keepdims or not).
template <class Reduction, class A, class X>
    requires reduction_operation<Reduction, A>
array<A> reduce_to_array(const X& x, const axes& requested, bool keep) {
    const auto source = as_reducible(x);
    const dim_vector mask = reduced_axes_mask(requested, source.ndim());
    const dim_vector kept = kept_shape(source.shape(), mask);
    if constexpr (!Reduction::traits.has_identity)
        if (reduced_count(source.shape(), mask) == 0) throw_no_identity(Reduction::name); // as NumPy, even when the result is empty
    array<A> result = empty<A>(keep ? kept : dropped_shape(source.shape(), mask));
    reduce_into<Reduction, A>(source, result.reshape(kept));
    return result;
}

/// Reduction over `requested` axes into an existing array, as NumPy's out=.
template <class Reduction, class A, class X, class T>
view<T> reduce_to_output(const X& x, const axes& requested, bool keep, const view<T>& destination) {
    const auto source = as_reducible(x);
    const dim_vector mask = reduced_axes_mask(requested, source.ndim());
    const dim_vector kept = kept_shape(source.shape(), mask);
    const dim_vector expected = keep ? kept : dropped_shape(source.shape(), mask);
    if (!(destination.shape() == expected))
        throw shape_error("output parameter for reduction operation " + std::string(Reduction::name) + " has the wrong shape " +
                          to_string(destination.shape()) + ", expected " + to_string(expected));
    if constexpr (!same_kind_castable<A, T>()) {
        throw type_error(std::string("Cannot cast ufunc '") + Reduction::name + "' output from dtype('" + std::string(dtype_of<A>.name) +
                         "') to dtype('" + std::string(dtype_of<T>.name) + "') with casting rule 'same_kind'");
    } else {
        if constexpr (std::is_same_v<T, A> && array_like<X>) {
            // An array into a C-contiguous out of the accumulator type that shares no memory with
            // it: accumulate in place, saving a temporary and a copy the size of the result
            // (nothing can fail once the accumulation starts).
            if (destination.writeable() && destination.flags().c_contiguous && !bounds_overlap(extent_of(destination), extent_of(x))) {
                reduce_into<Reduction, A>(source, destination.reshape(kept));
                return destination;
            }
        }
        // Accumulate apart, so that a failure or an out that overlaps the input changes nothing early.
        const array<A> result = reduce_to_array<Reduction, A>(x, requested, keep);
        destination.assign(result);
    }
    return destination;
}

template <class T> const out_target<T>& last_out(const out_target<T>& o) { return o; }
template <class T> const out_target<T>& last_out(const keepdims_t&, const out_target<T>& o) { return o; }

template <class Option>
concept reduction_option = std::is_same_v<Option, keepdims_t> || is_out_target<Option>::value;

/// Dispatches the trailing options of an axis reduction: nd::keepdims and/or nd::out(...).
template <class Reduction, class A, class X, class... Options> auto reduce(const X& x, const axes& requested, const Options&... options) {
    constexpr bool keep = (std::is_same_v<Options, keepdims_t> || ...);
    if constexpr ((is_out_target<Options>::value || ...))
        return reduce_to_output<Reduction, A>(x, requested, keep, last_out(options...).target);
    else
        return reduce_to_array<Reduction, A>(x, requested, keep);
}

} // namespace detail

/// A NumPy reduction as a callable object: over all axes it returns a scalar of the
/// reduction's result type for the elements (Reduction::result); over some axes an nd::array,
/// with nd::keepdims and/or nd::out(...) after the axes. `nd::sum(m); nd::sum(m, 0, nd::keepdims)`
template <class Reduction> struct reduction_function {
    template <detail::reducible X> auto operator()(const X& x) const {
        return detail::reduce_to_scalar<Reduction, typename Reduction::template result<detail::element_of<X>>>(x);
    }
    template <detail::reducible X, detail::reduction_option... O> auto operator()(const X& x, const axes& a, const O&... o) const {
        return detail::reduce<Reduction, typename Reduction::template result<detail::element_of<X>>>(x, a, o...);
    }
};

// clang-format off
/// Sum of all elements, or along axes (np.sum). Bools and small integers sum as int64 (uint64
/// for unsigned); float sums are pairwise. `nd::sum(a * a); nd::sum(m, 0); nd::sum(m, {0, 1}); nd::sum(m, 1, nd::keepdims)`
inline constexpr reduction_function<detail::sum_reduction> sum{};
/// Product of all elements, or along axes (np.prod). `nd::prod(m, 1)`
inline constexpr reduction_function<detail::product_reduction> prod{};
/// Smallest element (np.min / np.amin); NaN propagates; empty input is an nd::shape_error. `nd::min(m, 0)`
inline constexpr reduction_function<detail::minimum_reduction> min{};
/// Largest element (np.max / np.amax); NaN propagates; empty input is an nd::shape_error. `nd::max(m)`
inline constexpr reduction_function<detail::maximum_reduction> max{};
/// Whether any element is non-zero (np.any). `nd::any(m > 25)`
inline constexpr reduction_function<detail::any_reduction> any{};

/// np.all, reached through nd::all(mask) (nd::all is also the ':' index). `nd::all(m > 0, 1)`
template <detail::reducible X> bool all_reduce(const X& x) { return reduction_function<detail::all_reduction>{}(x); }
template <detail::reducible X, detail::reduction_option... O> auto all_reduce(const X& x, const axes& a, const O&... o) { return reduction_function<detail::all_reduction>{}(x, a, o...); }
// clang-format on

/// Arithmetic mean (np.mean): float64 for integers, float32 stays float32 (pairwise sum).
/// `nd::mean(scores); nd::mean(diff * diff, 2)`
template <detail::reducible X> auto mean(const X& x) {
    using M = detail::mean_type<detail::element_of<X>>;
    const auto total = detail::reduce_to_scalar<detail::sum_reduction, M>(x);
    return static_cast<M>(total / static_cast<M>(static_cast<detail::real_of<M>>(x.size()))); // complex: a complex division, as NumPy (NaN spreads to both parts)
}
template <detail::reducible X, detail::reduction_option... O> auto mean(const X& x, const axes& a, const O&... o) {
    using M = detail::mean_type<detail::element_of<X>>;
    const dim_vector mask = detail::reduced_axes_mask(a, x.ndim());
    const auto count = static_cast<detail::real_of<M>>(detail::reduced_count(x.shape(), mask));
    constexpr bool keep = (std::is_same_v<O, keepdims_t> || ...);
    array<M> total = detail::reduce_to_array<detail::sum_reduction, M>(x, a, keep);
    total /= count;
    if constexpr ((detail::is_out_target<O>::value || ...)) {
        const auto& destination = detail::last_out(o...);
        return detail::evaluate_to_output(destination.target, total * 1, "divide");
    } else {
        return total;
    }
}

namespace detail {
/// |x - center|^2 elementwise, as NumPy's var and nanvar square deviations.
template <class X, class Center> auto squared_deviations(const X& x, const Center& center) { return make_expression(ops::abs_squared{}, x - center); }
/// The ddof among a variance's options (0 without one).
template <class... O> std::ptrdiff_t ddof_among(const O&... options) {
    std::ptrdiff_t delta = 0;
    ((delta += [](const auto& option) { if constexpr (std::is_same_v<std::remove_cvref_t<decltype(option)>, ddof>) return option.value; else return std::ptrdiff_t(0); }(options)), ...);
    return delta;
}
} // namespace detail

/// Variance (np.var): the mean of squared deviations from the mean, divided by n - ddof.
/// `nd::var(x); nd::var(x, nd::ddof(1)); nd::var(m, 0); nd::var(m, {0, 1}, nd::ddof(1), nd::keepdims)`
// The ddof is a pack of at most one, not a defaulted parameter: a braced list then never
// converts to it, so `nd::var(m, {1})` means the axes, as in every reduction.
template <detail::reducible X, std::same_as<ddof>... D>
    requires(sizeof...(D) <= 1)
auto var(const X& x, const D&... deltas) {
    using M = detail::mean_type<detail::element_of<X>>;
    using R = detail::real_of<M>;
    const ddof delta((std::ptrdiff_t{0} + ... + deltas.value));
    const M center = mean(x);
    const R squares = detail::reduce_to_scalar<detail::sum_reduction, R>(detail::squared_deviations(x, center));
    return static_cast<R>(squares / static_cast<R>(std::max<std::ptrdiff_t>(x.size() - delta.value, 0))); // NumPy: n - ddof <= 0 gives inf or nan
}
template <detail::reducible X, class... O>
    requires((std::is_same_v<O, ddof> || std::is_same_v<O, keepdims_t>) && ...)
auto var(const X& x, const axes& a, const O&... options) {
    using M = detail::mean_type<detail::element_of<X>>;
    using R = detail::real_of<M>;
    constexpr bool keep = (std::is_same_v<O, keepdims_t> || ...);
    const std::ptrdiff_t delta = detail::ddof_among(options...);
    const dim_vector mask = detail::reduced_axes_mask(a, x.ndim());
    const array<M> center = mean(x, a, keepdims);
    array<R> squares = detail::reduce_to_array<detail::sum_reduction, R>(detail::squared_deviations(x, center), a, keep);
    squares /= static_cast<R>(std::max<std::ptrdiff_t>(detail::reduced_count(x.shape(), mask) - delta, 0));
    return squares;
}

/// Standard deviation (np.std): the square root of var, with the same arguments. `nd::std(x, 1)`
template <detail::reducible X, std::same_as<ddof>... D>
    requires(sizeof...(D) <= 1)
auto std(const X& x, const D&... delta) {
    return std::sqrt(var(x, delta...));
}
template <detail::reducible X, class... O>
    requires((std::is_same_v<O, ddof> || std::is_same_v<O, keepdims_t>) && ...)
auto std(const X& x, const axes& a, const O&... options) {
    auto v = var(x, a, options...);
    v.assign(nd::sqrt(v));
    return v;
}

} // namespace nd
