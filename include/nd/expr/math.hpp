#pragma once
// NumPy's math ufuncs as elementwise operations. They compute in the float type of their input
// (integers become float64, small integers float32 since nd has no float16) and have SIMD
// versions for float and double.

#include <cmath>
#include <complex>
#include <numbers>
#include <type_traits>

#include "nd/core/simd.hpp"
#include "nd/core/simd_math.hpp"
#include "nd/expr/arithmetic.hpp"
#include "nd/expr/promotion.hpp"

namespace nd::ops {

/// A math function of one argument, computing in float_of_t of its input.
struct float_function : elementwise {
    template <class T> using compute = float_of_t<T>;
    template <class T> using result = float_of_t<T>;
    template <class C> static constexpr bool batchable = std::is_floating_point_v<C> && simd::has_batch<C>;
};

/// A math function evaluated as a polynomial series (exp, log, sin, ...): tens of
/// operations per SIMD batch, so a loop over it runs slower than memory. eval/ then stores its
/// result normally rather than streaming it past the cache (see streams_result), and keeps
/// full-width registers past the L1 cache.
struct series_function : float_function {
    static constexpr operation_traits traits{.compute_bound = true};
};

/// exp's SIMD kernel (a range reduction, a short polynomial and a scale by 2^n, no division)
/// outruns memory past the caches, so its large results are streamed as those of arithmetic
/// are (keeps_up_with_memory). It is short enough, too, that a call per batch costs its
/// cache-resident loops (GCC stops inlining it once a translation unit instantiates its loop in
/// every form; benchmark exp/f32/16K): always inlined.
struct exp : series_function {
    static constexpr operation_traits traits{.compute_bound = true, .keeps_up_with_memory = true};
    static constexpr const char* name = "exp";
    template <class C> static C apply(C x) { return std::exp(x); }
    template <class B> [[gnu::always_inline]] static B apply_batch(const B& x) { return simd::math<B>::exp(x); }
};

template <class C> C complex_log2(C z) {
    using R = typename C::value_type;
    return std::log(z) / std::log(R(2));
}

// clang-format off
struct sqrt : float_function { static constexpr const char* name = "sqrt"; template <class C> static C apply(C x) { return std::sqrt(x); }  template <class B> static B apply_batch(const B& x) { return simd::math<B>::sqrt(x); } };
struct log : series_function { static constexpr const char* name = "log"; template <class C> static C apply(C x) { return std::log(x); }  template <class B> static B apply_batch(const B& x) { return simd::math<B>::log(x); } };
struct log10 : series_function { static constexpr const char* name = "log10"; template <class C> static C apply(C x) { return std::log10(x); }  template <class B> static B apply_batch(const B& x) { return simd::math<B>::log10(x); } };
struct sin : series_function { static constexpr const char* name = "sin"; template <class C> static C apply(C x) { return std::sin(x); }  template <class B> static B apply_batch(const B& x) { return simd::math<B>::sin(x); } };
struct cos : series_function { static constexpr const char* name = "cos"; template <class C> static C apply(C x) { return std::cos(x); }  template <class B> static B apply_batch(const B& x) { return simd::math<B>::cos(x); } };
struct tan : series_function { static constexpr const char* name = "tan"; template <class C> static C apply(C x) { return std::tan(x); }  template <class B> static B apply_batch(const B& x) { return simd::math<B>::tan(x); } };
struct arcsin : series_function { static constexpr const char* name = "arcsin"; template <class C> static C apply(C x) { return std::asin(x); }  template <class B> static B apply_batch(const B& x) { return simd::math<B>::asin(x); } };
struct arccos : series_function { static constexpr const char* name = "arccos"; template <class C> static C apply(C x) { return std::acos(x); }  template <class B> static B apply_batch(const B& x) { return simd::math<B>::acos(x); } };
struct arctan : series_function { static constexpr const char* name = "arctan"; template <class C> static C apply(C x) { return std::atan(x); }  template <class B> static B apply_batch(const B& x) { return simd::math<B>::atan(x); } };
struct sinh : series_function { static constexpr const char* name = "sinh"; template <class C> static C apply(C x) { return std::sinh(x); }  template <class B> static B apply_batch(const B& x) { return simd::math<B>::sinh(x); } };
struct cosh : series_function { static constexpr const char* name = "cosh"; template <class C> static C apply(C x) { return std::cosh(x); }  template <class B> static B apply_batch(const B& x) { return simd::math<B>::cosh(x); } };
struct tanh : series_function { static constexpr const char* name = "tanh"; template <class C> static C apply(C x) { return std::tanh(x); }  template <class B> static B apply_batch(const B& x) { return simd::math<B>::tanh(x); } };
// clang-format on

struct log2 : series_function { static constexpr const char* name = "log2";
    template <class C> static C apply(C x) {
        if constexpr (complex_number<C>) return complex_log2(x);
        else return std::log2(x);
    }
    template <class B> static B apply_batch(const B& x) { return simd::math<B>::log2(x); }
};

/// Rounding functions: real types only, as in NumPy.
struct rounding : float_function {
    template <class C> static constexpr bool batchable = false; // xsimd 8's floor/ceil/trunc go through int64: UB past 2^63 (UBSan), -0.0 lost
    template <class C> static void check() { static_assert(!complex_number<C>, "rounding functions are not defined for complex numbers"); }
};
struct floor : rounding { static constexpr const char* name = "floor";
    template <class C> static C apply(C x) { return check<C>(), std::floor(x); }
    template <class B> static B apply_batch(const B& x) { return simd::math<B>::floor(x); }
};
struct ceil : rounding { static constexpr const char* name = "ceil";
    template <class C> static C apply(C x) { return check<C>(), std::ceil(x); }
    template <class B> static B apply_batch(const B& x) { return simd::math<B>::ceil(x); }
};
struct trunc : rounding { static constexpr const char* name = "trunc";
    template <class C> static C apply(C x) { return check<C>(), std::trunc(x); }
    template <class B> static B apply_batch(const B& x) { return simd::math<B>::trunc(x); }
};
/// Round half to even (the default floating-point rounding mode), as np.rint.
struct rint : rounding { static constexpr const char* name = "rint";
    template <class C> static constexpr bool batchable = float_function::batchable<C>; // xsimd's nearbyint adds and subtracts 2^52: safe
    template <class C> static C apply(C x) { return check<C>(), std::nearbyint(x); }
    template <class B> static B apply_batch(const B& x) { return simd::math<B>::nearbyint(x); }
};

/// A math function of two arguments, computing in the float type of both.
struct float_function2 : elementwise {
    template <class A, class B> using compute = promote_t<float_of_t<A>, float_of_t<B>>; // NumPy: int16, uint16 -> float32
    template <class A, class B> using result = compute<A, B>;
    template <class C> static constexpr bool batchable = false; // xsimd 8's atan2 gives NaN at zeros/infinities, its hypot overflows
};
struct arctan2 : float_function2 { static constexpr const char* name = "arctan2";
    template <class C> static C apply(C y, C x) { return std::atan2(y, x); }
    template <class B> static B apply_batch(const B& y, const B& x) { return simd::math<B>::atan2(y, x); }
};
struct hypot : float_function2 { static constexpr const char* name = "hypot";
    template <class C> static C apply(C x, C y) { return std::hypot(x, y); }
    template <class B> static B apply_batch(const B& x, const B& y) { return simd::math<B>::hypot(x, y); }
};

/// log(e^x + e^y) and log2(2^x + 2^y) without overflow, as np.logaddexp and np.logaddexp2: the
/// larger operand plus the log of one plus the exponential of minus their distance. Equal
/// operands (infinities of one sign among them) give x + log(2); NaN gives NaN. Real types
/// only, as in NumPy.
template <bool Base2> struct log_add_exp : float_function2 {
    static constexpr operation_traits traits{.compute_bound = true};
    template <class C> static constexpr bool batchable = float_function::batchable<C>;
    template <class C> static C apply(C x, C y) {
        static_assert(!complex_number<C>, "logaddexp and logaddexp2 are not defined for complex numbers, as in NumPy");
        if (x == y) return Base2 ? x + C(1) : x + std::numbers::ln2_v<C>;
        const C distance = x - y;
        if (distance > C(0)) return x + log_one_plus(exponential(-distance));
        if (distance <= C(0)) return y + log_one_plus(exponential(distance));
        return distance; // NaN
    }
    template <class B> static B apply_batch(const B& x, const B& y) {
        using math = simd::math<B>;
        using C = typename B::value_type;
        const B tail = Base2 ? B(std::numbers::log2e_v<C>) * math::log1p(math::exp2(-math::abs(x - y)))
                             : math::log1p(math::exp(-math::abs(x - y)));
        return math::select(x == y, x + B(Base2 ? C(1) : std::numbers::ln2_v<C>), simd::max_of_ordered(x, y) + tail);
    }

private:
    template <class C> static C exponential(C x) { return Base2 ? std::exp2(x) : std::exp(x); }
    template <class C> static C log_one_plus(C x) { return Base2 ? std::numbers::log2e_v<C> * std::log1p(x) : std::log1p(x); }
};
struct logaddexp : log_add_exp<false> { static constexpr const char* name = "logaddexp"; };
struct logaddexp2 : log_add_exp<true> { static constexpr const char* name = "logaddexp2"; };

/// |x|: same type, except that complex numbers give their real type; abs of the most negative
/// integer is itself, as in NumPy.
struct absolute : elementwise { static constexpr const char* name = "absolute";
    template <class T> using compute = nd::detail::canonical<T>;
    template <class T> using result = std::conditional_t<complex_number<T>, typename nd::detail::complex_value<nd::detail::canonical<T>>::type, nd::detail::canonical<T>>;
    template <class C> static constexpr bool batchable = simd::has_batch<C> && std::is_floating_point_v<C>;
    template <class C> static auto apply(C x) {
        if constexpr (complex_number<C>) return std::abs(x);
        else if constexpr (std::is_same_v<C, bool> || std::is_unsigned_v<C>) return x;
        else if constexpr (nd::integer<C>) return x < 0 ? negative::apply(x) : x;
        else return std::fabs(x);
    }
    template <class B> static B apply_batch(const B& x) { return simd::math<B>::abs(x); }
};

/// -1, 0 or 1 (NaN stays NaN); complex numbers take the sign of their real part, or of the
/// imaginary part when the real part is zero (NumPy 1.x).
struct sign : elementwise { static constexpr const char* name = "sign";
    template <class C> static C apply(C x) {
        if constexpr (complex_number<C>) {
            using R = typename C::value_type;
            const R part = x.real() != R(0) ? x.real() : x.imag();
            if (std::isnan(x.real()) || std::isnan(x.imag())) return C(std::nan(""), 0);
            return C(part > 0 ? R(1) : part < 0 ? R(-1) : R(0), R(0));
        } else if constexpr (std::is_same_v<C, bool>) {
            return x;
        } else {
            return x > C(0) ? C(1) : x < C(0) ? C(-1) : x == C(0) ? C(0) : x;
        }
    }
};

// Whether minimum(a, b) picks a. Equal reals go to b, as in NumPy (maximum(0.0, -0.0) is
// -0.0); complex numbers compare lexicographically and ties keep a.
template <class C> bool picks_first(const C& a, const C& b) {
    if constexpr (complex_number<C>) return (a.real() < b.real() && !std::isnan(a.imag()) && !std::isnan(b.imag())) || (a.real() == b.real() && a.imag() <= b.imag());
    else return a < b;
}
template <class C> bool any_nan(const C& x) {
    if constexpr (complex_number<C>) return std::isnan(x.real()) || std::isnan(x.imag());
    else if constexpr (std::is_floating_point_v<C>) return std::isnan(x);
    else return false;
}

/// Elementwise minimum and maximum: NaN from either side wins, as np.minimum / np.maximum.
struct minimum : elementwise { static constexpr const char* name = "minimum";
    template <class C> static constexpr bool batchable = simd::has_batch<C>;
    template <class C> static C apply(C a, C b) { return picks_first(a, b) || any_nan(a) ? a : b; }
    template <class B> static B apply_batch(const B& a, const B& b) { return simd::math<B>::minimum(a, b); }
};
struct maximum : elementwise { static constexpr const char* name = "maximum";
    template <class C> static constexpr bool batchable = simd::has_batch<C>;
    template <class C> static C apply(C a, C b) { return picks_first(b, a) || any_nan(a) ? a : b; }
    template <class B> static B apply_batch(const B& a, const B& b) { return simd::math<B>::maximum(a, b); }
};
/// Minimum and maximum that ignore NaN unless both are NaN, as np.fmin / np.fmax.
struct fmin : elementwise { static constexpr const char* name = "fmin";
    template <class C> static constexpr bool batchable = simd::has_batch<C>;
    template <class C> static C apply(C a, C b) { return picks_first(a, b) || any_nan(b) ? a : b; }
    template <class B> static B apply_batch(const B& a, const B& b) { return simd::math<B>::fmin(a, b); }
};
struct fmax : elementwise { static constexpr const char* name = "fmax";
    template <class C> static constexpr bool batchable = simd::has_batch<C>;
    template <class C> static C apply(C a, C b) { return picks_first(b, a) || any_nan(b) ? a : b; }
    template <class B> static B apply_batch(const B& a, const B& b) { return simd::math<B>::fmax(a, b); }
};

/// np.clip(x, lo, hi) = minimum(maximum(x, lo), hi), NaN propagating; complex numbers compare
/// lexicographically.
struct clip : elementwise { static constexpr const char* name = "clip";
    template <class C> static constexpr bool batchable = simd::has_batch<C>;
    template <class C> static C apply(C x, C lo, C hi) {
        if constexpr (complex_number<C>) {
            // NumPy's clip loop: a NaN first operand stays, else the lexicographic winner.
            auto larger = [](const C& a, const C& b) { return any_nan(a) || (a.real() == b.real() ? a.imag() > b.imag() : a.real() > b.real()) ? a : b; };
            auto smaller = [](const C& a, const C& b) { return any_nan(a) || (a.real() == b.real() ? a.imag() < b.imag() : a.real() < b.real()) ? a : b; };
            return smaller(larger(x, lo), hi);
        } else {
            return minimum::apply(maximum::apply(x, lo), hi);
        }
    }
    template <class B> static B apply_batch(const B& x, const B& lo, const B& hi) { return simd::math<B>::minimum(simd::math<B>::maximum(x, lo), hi); }
};

/// NaN, infinity and finiteness tests: bool results.
struct classification : elementwise {
    template <class T> using compute = nd::detail::canonical<T>;
    template <class T> using result = bool;
};
struct isnan : classification { static constexpr const char* name = "isnan";
    template <class C> static bool apply(C x) { return any_nan(x); }
};
struct isinf : classification { static constexpr const char* name = "isinf";
    template <class C> static bool apply(C x) {
        if constexpr (complex_number<C>) return std::isinf(x.real()) || std::isinf(x.imag());
        else if constexpr (std::is_floating_point_v<C>) return std::isinf(x);
        else return false;
    }
};
struct isfinite : classification { static constexpr const char* name = "isfinite";
    template <class C> static bool apply(C x) {
        if constexpr (complex_number<C>) return std::isfinite(x.real()) && std::isfinite(x.imag());
        else if constexpr (std::is_floating_point_v<C>) return std::isfinite(x);
        else return true;
    }
};

/// x with NaN replaced by `value`, as NumPy's nan-functions first make their input (0 for
/// nansum, +-inf for nanargmin and nanargmax); a complex NaN (either part) becomes value + 0j.
struct replace_nan : elementwise { static constexpr const char* name = "replace_nan";
    double value = 0;
    template <class C> static constexpr bool batchable = std::is_floating_point_v<C> && simd::has_batch<C>;
    template <class C> C apply(C x) const { return any_nan(x) ? C(static_cast<typename nd::detail::complex_value<C>::type>(value)) : x; }
    template <class B> B apply_batch(const B& x) const { return simd::math<B>::select(simd::math<B>::isnan(x), B(static_cast<typename B::value_type>(value)), x); }
};

/// |x|^2 in x's real type, as NumPy's var computes it: x * x, or re * re + im * im (where the
/// compiler contracts that into a fused multiply-add, as GCC does for gnu++20 on FMA targets,
/// complex results may differ from NumPy's in the last bit).
struct abs_squared : elementwise { static constexpr const char* name = "abs_squared";
    template <class T> using compute = nd::detail::canonical<T>;
    template <class T> using result = typename nd::detail::complex_value<nd::detail::canonical<T>>::type;
    template <class C> static constexpr bool batchable = std::is_floating_point_v<C> && simd::has_batch<C>;
    template <class C> static auto apply(C x) {
        if constexpr (complex_number<C>) return x.real() * x.real() + x.imag() * x.imag();
        else return multiply::apply(x, x);
    }
    template <class B> static B apply_batch(const B& x) { return x * x; }
};

/// np.round(x, decimals): scale by a power of ten in x's own type, round half to even, scale
/// back. Integers are unchanged for decimals >= 0.
struct round : elementwise { static constexpr const char* name = "round";
    int decimals = 0;
    template <class C> C apply(C x) const {
        if constexpr (complex_number<C>) {
            return C(apply(x.real()), apply(x.imag()));
        } else if constexpr (std::is_floating_point_v<C>) {
            const C factor = static_cast<C>(std::pow(10.0, decimals >= 0 ? decimals : -decimals));
            return decimals >= 0 ? std::nearbyint(x * factor) / factor : std::nearbyint(x / factor) * factor;
        } else if constexpr (std::is_same_v<C, bool>) {
            return x;
        } else {
            if (decimals >= 0) return x;
            const double factor = std::pow(10.0, -decimals);
            return nd::detail::convert<C>(std::nearbyint(static_cast<double>(x) / factor) * factor);
        }
    }
};

} // namespace nd::ops
