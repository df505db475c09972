#pragma once
// Comparisons, bitwise and logical operations: bool results for comparisons and logic, integer
// or bool results for bitwise operations (which floats do not have, as in NumPy).

#include <cmath>
#include <complex>
#include <type_traits>

#include "nd/expr/arithmetic.hpp"

namespace nd::ops {

/// Comparisons compute in the promoted type and give bool. Complex numbers order by real part,
/// then imaginary part, as NumPy's do.
struct comparison : elementwise {
    template <class A, class B> using result = bool;
    template <class C> static bool less(const C& a, const C& b) {
        if constexpr (complex_number<C>) return (a.real() < b.real() && !std::isnan(a.imag()) && !std::isnan(b.imag())) || (a.real() == b.real() && a.imag() < b.imag());
        else return a < b;
    }
};
struct equal : comparison { static constexpr const char* name = "equal";
    template <class C> static bool apply(C a, C b) { return a == b; }
};
struct not_equal : comparison { static constexpr const char* name = "not_equal";
    template <class C> static bool apply(C a, C b) { return a != b; }
};
struct less : comparison { static constexpr const char* name = "less";
    template <class C> static bool apply(C a, C b) { return comparison::less(a, b); }
};
struct less_equal : comparison { static constexpr const char* name = "less_equal";
    template <class C> static bool apply(C a, C b) { return comparison::less(a, b) || a == b; }
};
struct greater : comparison { static constexpr const char* name = "greater";
    template <class C> static bool apply(C a, C b) { return comparison::less(b, a); }
};
struct greater_equal : comparison { static constexpr const char* name = "greater_equal";
    template <class C> static bool apply(C a, C b) { return comparison::less(b, a) || a == b; }
};

/// Bitwise operations: bool and integers only.
struct bitwise : elementwise {
    template <class C> static constexpr bool batchable = simd::has_batch<C>;
    template <class C> static void check() {
        static_assert(std::is_same_v<C, bool> || nd::integer<C>, "bitwise operations need bool or integer operands, as in NumPy");
    }
};
struct bitwise_and : bitwise { static constexpr const char* name = "bitwise_and";
    template <class C> static C apply(C a, C b) { return check<C>(), static_cast<C>(a & b); }
    template <class B> static B apply_batch(const B& a, const B& b) { return a & b; }
};
struct bitwise_or : bitwise { static constexpr const char* name = "bitwise_or";
    template <class C> static C apply(C a, C b) { return check<C>(), static_cast<C>(a | b); }
    template <class B> static B apply_batch(const B& a, const B& b) { return a | b; }
};
struct bitwise_xor : bitwise { static constexpr const char* name = "bitwise_xor";
    template <class C> static C apply(C a, C b) { return check<C>(), static_cast<C>(a ^ b); }
    template <class B> static B apply_batch(const B& a, const B& b) { return a ^ b; }
};
/// ~x: bitwise not of integers, logical not of bools.
struct invert : bitwise { static constexpr const char* name = "invert";
    template <class C> static C apply(C a) {
        check<C>();
        if constexpr (std::is_same_v<C, bool>) return !a;
        else return static_cast<C>(~a);
    }
    template <class B> static B apply_batch(const B& a) { return ~a; }
};

/// Logical operations: any element type, tested for non-zero; bool results.
struct logical : elementwise {
    template <class... T> using result = bool;
    template <class C> static bool truth(const C& x) { return x != C(0); }
};
struct logical_and : logical { static constexpr const char* name = "logical_and";
    template <class C> static bool apply(C a, C b) { return truth(a) && truth(b); }
};
struct logical_or : logical { static constexpr const char* name = "logical_or";
    template <class C> static bool apply(C a, C b) { return truth(a) || truth(b); }
};
struct logical_xor : logical { static constexpr const char* name = "logical_xor";
    template <class C> static bool apply(C a, C b) { return truth(a) != truth(b); }
};
struct logical_not : logical { static constexpr const char* name = "logical_not";
    template <class C> static bool apply(C a) { return !truth(a); }
};

/// np.where(condition, x, y): x where the condition is non-zero, else y, in the type of x and y.
struct where : elementwise {
    static constexpr const char* name = "where";
    template <class Condition, class X, class Y> using compute = promote_t<X, Y>;
    template <class Condition, class X, class Y> using result = promote_t<X, Y>;
    template <class C> static C apply(C condition, C x, C y) { return condition != C(0) ? x : y; }
};

} // namespace nd::ops
