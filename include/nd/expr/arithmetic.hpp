#pragma once
// Elementwise arithmetic as NumPy defines it, without C++'s undefined behaviour: integer
// overflow wraps, integer division and modulo by zero give 0, floor division and modulo follow
// Python's signs, and / is true division.

#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "nd/core/simd.hpp"
#include "nd/expr/operation.hpp"
#include "nd/expr/promotion.hpp"

namespace nd::ops {

namespace detail {
// Integer arithmetic done in an unsigned type at least as wide as unsigned int, where C++
// defines wrap-around; converting back to T is modular since C++20.
template <class T> using wrapping = std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, std::make_unsigned_t<T>>;
template <class T> constexpr bool is_int = nd::integer<T>;
} // namespace detail

// Complex products and quotients by NumPy's formulas rather than C's Annex G ones (which
// recover infinities and differ in the last bit): the plain product, and Smith's algorithm,
// which scales by the larger part of the divisor to avoid overflow.
template <class C> C complex_product(const C& a, const C& b) {
    return C(a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real());
}
template <class C> C complex_quotient(const C& a, const C& b) {
    using R = typename C::value_type;
    const R ar = a.real(), ai = a.imag(), br = b.real(), bi = b.imag();
    const R abs_br = std::fabs(br), abs_bi = std::fabs(bi);
    if (abs_br >= abs_bi) {
        if (abs_br == R(0) && abs_bi == R(0)) return C(ar / abs_br, ai / abs_bi); // inf or nan, as NumPy
        const R ratio = bi / br, scale = R(1) / (br + bi * ratio);
        return C((ar + ai * ratio) * scale, (ai - ar * ratio) * scale);
    }
    const R ratio = br / bi, scale = R(1) / (bi + br * ratio);
    return C((ar * ratio + ai) * scale, (ai * ratio - ar) * scale);
}

// NumPy's complex power: x**0 is 1, a zero base gives 0 for a positive real exponent and NaN
// otherwise, small integer exponents multiply (so (1+1j)**2 is exactly 2j), the rest is
// the C library's cpow.
template <class C> C complex_power(const C& base, const C& exponent) {
    using R = typename C::value_type;
    const R br = exponent.real(), bi = exponent.imag();
    if (br == R(0) && bi == R(0)) return C(1, 0);
    if (base.real() == R(0) && base.imag() == R(0)) {
        if (br > R(0) && bi == R(0)) return C(0, 0);
        return C(std::numeric_limits<R>::quiet_NaN(), std::numeric_limits<R>::quiet_NaN());
    }
    if (bi == R(0) && br > R(-100) && br < R(100) && br == std::trunc(br)) {
        const auto n = static_cast<long>(br);
        if (n == 1) return base;
        if (n == 2) return complex_product(base, base);
        if (n == 3) return complex_product(base, complex_product(base, base));
        C result(1, 0), factor = base;
        for (unsigned long e = static_cast<unsigned long>(n < 0 ? -n : n);; ) {
            if (e & 1UL) result = complex_product(result, factor);
            e >>= 1;
            if (!e) break;
            factor = complex_product(factor, factor);
        }
        return n < 0 ? complex_quotient(C(1, 0), result) : result;
    }
    return std::pow(base, exponent);
}

/// Operations NumPy has no bool loop for: bool operands compute as int8 (np.floor_divide(True,
/// True) is int8(1)).
struct bool_as_int8 : elementwise {
    template <class... T> using compute = std::conditional_t<std::is_same_v<promote_t<T...>, bool>, std::int8_t, promote_t<T...>>;
    template <class... T> using result = compute<T...>;
};

struct add : elementwise { static constexpr const char* name = "add";
    template <class C> static constexpr bool batchable = simd::has_batch<C>;
    template <class C> static C apply(C a, C b) {
        if constexpr (std::is_same_v<C, bool>) return a || b;
        else if constexpr (detail::is_int<C>) return static_cast<C>(static_cast<detail::wrapping<C>>(a) + static_cast<detail::wrapping<C>>(b));
        else return a + b;
    }
    template <class B> static B apply_batch(const B& a, const B& b) { return a + b; }
};

struct subtract : elementwise { static constexpr const char* name = "subtract";
    template <class C> static constexpr bool batchable = simd::has_batch<C>;
    template <class C> static C apply(C a, C b) {
        static_assert(!std::is_same_v<C, bool>, "numpy boolean subtract is not supported; use nd::logical_xor");
        if constexpr (detail::is_int<C>) return static_cast<C>(static_cast<detail::wrapping<C>>(a) - static_cast<detail::wrapping<C>>(b));
        else return a - b;
    }
    template <class B> static B apply_batch(const B& a, const B& b) { return a - b; }
};

struct multiply : elementwise { static constexpr const char* name = "multiply";
    // Integer batches are left to the compiler: xsimd multiplies some integer widths with
    // signed scalar arithmetic, which is undefined on overflow.
    template <class C> static constexpr bool batchable = simd::has_batch<C> && std::is_floating_point_v<C>;
    template <class C> static C apply(C a, C b) {
        if constexpr (std::is_same_v<C, bool>) return a && b;
        else if constexpr (detail::is_int<C>) return static_cast<C>(static_cast<detail::wrapping<C>>(a) * static_cast<detail::wrapping<C>>(b));
        else if constexpr (complex_number<C>) return complex_product(a, b);
        else return a * b;
    }
    template <class B> static B apply_batch(const B& a, const B& b) { return a * b; }
};

/// True division: integers and bools divide as float64.
struct divide : elementwise { static constexpr const char* name = "divide";
    template <class... T>
    using compute = std::conditional_t<std::is_floating_point_v<promote_t<T...>> || complex_number<promote_t<T...>>, promote_t<T...>, double>;
    template <class... T> using result = compute<T...>;
    template <class C> static constexpr bool batchable = std::is_floating_point_v<C> && simd::has_batch<C>;
    template <class C> static C apply(C a, C b) {
        if constexpr (complex_number<C>) return complex_quotient(a, b);
        else return a / b;
    }
    template <class B> static B apply_batch(const B& a, const B& b) { return a / b; }
};

template <class C> struct floor_division_result {
    C quotient;
    C remainder;
};

// Python's divmod for one pair, as NumPy computes it (npy_divmod for floats).
template <class C> floor_division_result<C> python_divmod(C a, C b) {
    if constexpr (detail::is_int<C>) {
        if (b == 0) return {C(0), C(0)};
        if constexpr (std::is_signed_v<C>) {
            if (b == C(-1)) return {static_cast<C>(C(0) - static_cast<detail::wrapping<C>>(a)) , C(0)}; // INT_MIN / -1 wraps
            C q = static_cast<C>(a / b), r = static_cast<C>(a % b);
            if (r != 0 && ((r < 0) != (b < 0))) {
                q = static_cast<C>(q - 1);
                r = static_cast<C>(r + b);
            }
            return {q, r};
        } else {
            return {static_cast<C>(a / b), static_cast<C>(a % b)};
        }
    } else {
        C mod = std::fmod(a, b);
        if (b == C(0)) return {a / b, mod};
        C div = (a - mod) / b;
        if (mod != C(0)) {
            if ((b < C(0)) != (mod < C(0))) {
                mod += b;
                div -= C(1);
            }
        } else {
            mod = std::copysign(C(0), b);
        }
        C floordiv;
        if (div != C(0)) {
            floordiv = std::floor(div);
            if (div - floordiv > C(0.5)) floordiv += C(1);
        } else {
            floordiv = std::copysign(C(0), a / b);
        }
        return {floordiv, mod};
    }
}

struct floor_divide : bool_as_int8 { static constexpr const char* name = "floor_divide";
    template <class C> static C apply(C a, C b) {
        static_assert(!complex_number<C>, "floor_divide is not defined for complex numbers");
        return python_divmod(a, b).quotient;
    }
};

struct remainder : bool_as_int8 { static constexpr const char* name = "remainder";
    template <class C> static C apply(C a, C b) {
        static_assert(!complex_number<C>, "mod is not defined for complex numbers");
        return python_divmod(a, b).remainder;
    }
};

struct power : bool_as_int8 { static constexpr const char* name = "power";
    template <class C> static C apply(C base, C exponent) {
        if constexpr (detail::is_int<C>) {
            // Negative integer powers are an error in NumPy when checked up front; inside a loop
            // nd gives C's truncated answer: 1 for base 1, +-1 for base -1, else 0.
            if constexpr (std::is_signed_v<C>) {
                if (exponent < 0) {
                    if (base == 1) return C(1);
                    if (base == C(-1)) return (exponent % 2) ? C(-1) : C(1);
                    return C(0);
                }
            }
            detail::wrapping<C> result = 1, factor = static_cast<detail::wrapping<C>>(base);
            for (auto e = static_cast<std::make_unsigned_t<C>>(exponent); e; e >>= 1) {
                if (e & 1U) result *= factor;
                factor *= factor;
            }
            return static_cast<C>(result);
        } else if constexpr (complex_number<C>) {
            return complex_power(base, exponent);
        } else {
            return std::pow(base, exponent);
        }
    }
};

struct negative : elementwise { static constexpr const char* name = "negative";
    template <class C> static constexpr bool batchable = simd::has_batch<C> && std::is_floating_point_v<C>;
    template <class C> static C apply(C a) {
        static_assert(!std::is_same_v<C, bool>, "the numpy boolean negative is not supported; use nd::logical_not or ~");
        if constexpr (detail::is_int<C>) return static_cast<C>(detail::wrapping<C>(0) - static_cast<detail::wrapping<C>>(a));
        else return -a;
    }
    template <class B> static B apply_batch(const B& a) { return -a; }
};

struct square : bool_as_int8 { static constexpr const char* name = "square";
    template <class C> static constexpr bool batchable = multiply::batchable<C>;
    template <class C> static C apply(C a) { return multiply::apply(a, a); }
    template <class B> static B apply_batch(const B& a) { return a * a; }
};

} // namespace nd::ops
