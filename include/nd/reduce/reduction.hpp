#pragma once
// What a reduction is: the one place that says which members a reduction defines, which it may
// leave to the defaults of ops::reduction, and what the reduction engine (reductions.hpp for
// has_identity, accumulate.hpp for the rest) reads from it; then nd's reductions themselves. docs/contributing.md walks
// through adding one.

#include <complex>
#include <concepts>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "nd/core/simd.hpp"
#include "nd/core/simd_math.hpp"
#include "nd/expr/arithmetic.hpp"
#include "nd/expr/math.hpp"
#include "nd/expr/promotion.hpp"

namespace nd {

/// How NaN elements reach a reduction's result.
enum class nan_rule {
    /// combine and combine_batch decide (a sum propagates NaN; fmin drops it).
    in_combine,
    /// combine_batch_ordered, the plain min/max instruction, drops a NaN that combine_batch
    /// propagates: the loops fold with it, watch the accumulators for NaN beside it, and fold a
    /// run found to hold one again with combine_batch (benchmark max/f32/16M against its hand
    /// loop).
    watched,
};

/// How the reduction loops may treat a reduction. Set with designated initializers, so that a
/// misspelled trait does not compile: `static constexpr nd::reduction_traits traits{.has_identity = false};`
struct reduction_traits {
    /// Whether NumPy's reduction has an identity, the result of an empty reduction. Without one
    /// (minimum, maximum, fmin, fmax), an empty reduction is an nd::shape_error as NumPy's
    /// ValueError; the fold still starts from identity<A>() (the far end of the type; NaN for
    /// fmin and fmax).
    bool has_identity = true;
    /// Partial results are combined pairwise, as NumPy's sums are: each partial sum meets one of
    /// about its size, so float rounding errors grow with log n, not n.
    bool pairwise = false;
    nan_rule nans = nan_rule::in_combine;
};

namespace ops {

/// The base of every reduction, holding the defaults of its optional parts: no SIMD kernel
/// (batchable<A> false), an identity, no pairwise order, NaN left to combine. A reduction
/// defines `name` (NumPy's ufunc name, for messages), `result<T>` (the accumulator type for
/// elements of T), `identity<A>()` and `combine(a, b)`; with batchable<A>, `combine_batch`
/// on nd::simd::batch<A>; with traits.nans == watched, `combine_batch_ordered` too.
/// `struct count_nonzero : nd::ops::reduction { ... };`
struct reduction {
    template <class A> static constexpr bool batchable = false;
    static constexpr reduction_traits traits{};
};

} // namespace ops

/// A reduction folding accumulators of type A: see ops::reduction for its members.
/// `static_assert(nd::reduction_operation<nd::detail::sum_reduction, double>);`
template <class R, class A>
concept reduction_operation =
    std::derived_from<R, ops::reduction> && requires(A a) {
        { R::name } -> std::convertible_to<const char*>;
        { R::traits } -> std::same_as<const reduction_traits&>;
        { R::template identity<A>() } -> std::same_as<A>;
        { R::combine(a, a) } -> std::same_as<A>;
    } && (!simd::enabled || !R::template batchable<A> || requires(const simd::batch<A>& b) {
        { R::combine_batch(b, b) } -> std::same_as<simd::batch<A>>;
    }) && (R::traits.nans != nan_rule::watched || !simd::enabled || requires(const simd::batch<A>& b) {
        { R::combine_batch_ordered(b, b) } -> std::same_as<simd::batch<A>>;
    });

namespace detail {

/// NumPy's accumulator for sums and products: bool and signed integers below 64 bits become
/// int64, unsigned ones uint64; floats and complex keep their type.
template <class T>
using sum_type = std::conditional_t<std::is_same_v<T, bool> || (integer<T> && std::is_signed_v<T>), std::int64_t,
                                    std::conditional_t<integer<T>, std::uint64_t, T>>;

struct sum_reduction : ops::reduction {
    static constexpr const char* name = "add";
    static constexpr reduction_traits traits{.pairwise = true};
    template <class T> using result = sum_type<T>;
    template <class A> static A identity() { return A(0); }
    template <class A> static A combine(A a, A b) { return ops::add::apply(a, b); }
    template <class B> static B combine_batch(const B& a, const B& b) { return a + b; }
    template <class A> static constexpr bool batchable = ops::add::batchable<A>;
};
struct product_reduction : ops::reduction {
    static constexpr const char* name = "multiply";
    template <class T> using result = sum_type<T>;
    template <class A> static A identity() { return A(1); }
    template <class A> static A combine(A a, A b) { return ops::multiply::apply(a, b); }
    template <class B> static B combine_batch(const B& a, const B& b) { return a * b; }
    template <class A> static constexpr bool batchable = ops::multiply::batchable<A>;
};

/// The far end of A's range: where a fold for the smallest (Largest false) or the largest
/// element starts.
template <bool Largest, class A> A far_end() {
    if constexpr (complex_number<A>) {
        const auto far = far_end<Largest, typename A::value_type>();
        return A(far, far);
    } else if constexpr (std::numeric_limits<A>::has_infinity) {
        return Largest ? -std::numeric_limits<A>::infinity() : std::numeric_limits<A>::infinity();
    } else {
        return Largest ? std::numeric_limits<A>::lowest() : std::numeric_limits<A>::max();
    }
}

/// Minimum and maximum let NaN through, as np.minimum.reduce does; NumPy gives them no identity.
template <bool Largest> struct extreme_reduction : ops::reduction {
    static constexpr const char* name = Largest ? "maximum" : "minimum";
    static constexpr reduction_traits traits{.has_identity = false, .nans = nan_rule::watched};
    using op = std::conditional_t<Largest, ops::maximum, ops::minimum>;
    template <class T> using result = canonical<T>;
    template <class A> static A identity() { return far_end<Largest, A>(); }
    template <class A> static A combine(A a, A b) { return op::apply(a, b); }
    template <class B> static B combine_batch(const B& a, const B& b) { return Largest ? simd::math<B>::maximum(a, b) : simd::math<B>::minimum(a, b); }
    /// The min/max instruction alone: combine_batch's result when neither operand is NaN.
    template <class B> static B combine_batch_ordered(const B& a, const B& b) { return Largest ? simd::max_of_ordered(a, b) : simd::min_of_ordered(a, b); }
    template <class A> static constexpr bool batchable = op::template batchable<A>;
};
using minimum_reduction = extreme_reduction<false>;
using maximum_reduction = extreme_reduction<true>;

/// fmin and fmax ignore NaN unless every element is NaN (np.nanmin, np.nanmax): the fold starts
/// from NaN, which any other element replaces. No identity, as in NumPy.
template <bool Largest> struct extreme_ignoring_nan_reduction : ops::reduction {
    static constexpr const char* name = Largest ? "fmax" : "fmin";
    static constexpr reduction_traits traits{.has_identity = false};
    using op = std::conditional_t<Largest, ops::fmax, ops::fmin>;
    template <class T> using result = canonical<T>;
    template <class A> static A identity() {
        if constexpr (complex_number<A>) return A(std::numeric_limits<typename A::value_type>::quiet_NaN(), 0);
        else if constexpr (std::numeric_limits<A>::has_quiet_NaN) return std::numeric_limits<A>::quiet_NaN();
        else return far_end<Largest, A>();
    }
    template <class A> static A combine(A a, A b) { return op::apply(a, b); }
    template <class B> static B combine_batch(const B& a, const B& b) { return Largest ? simd::math<B>::fmax(a, b) : simd::math<B>::fmin(a, b); }
    template <class A> static constexpr bool batchable = op::template batchable<A>;
};
using fmin_reduction = extreme_ignoring_nan_reduction<false>;
using fmax_reduction = extreme_ignoring_nan_reduction<true>;

struct any_reduction : ops::reduction {
    static constexpr const char* name = "logical_or";
    template <class T> using result = bool;
    template <class A> static A identity() { return false; }
    template <class A> static A combine(A a, A b) { return a || b; }
};
struct all_reduction : ops::reduction {
    static constexpr const char* name = "logical_and";
    template <class T> using result = bool;
    template <class A> static A identity() { return true; }
    template <class A> static A combine(A a, A b) { return a && b; }
};

} // namespace detail
} // namespace nd
