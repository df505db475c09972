#pragma once
// The element types of expressions: NumPy's promotion of several operand types, the float type
// a math function computes in, and NEP 50's "weak" C++ scalars, which adopt the array's type
// unless they are of a higher kind (float32 array * 2.0 stays float32; int array * 2.5 is
// float64).

#include <complex>
#include <cstdint>
#include <type_traits>

#include "nd/core/dtype.hpp"

namespace nd {

namespace detail {

template <class T> struct canonical_of {
    static constexpr dtype d = make_dtype<T>();
    using type = typename type_of_kind<d.kind, d.itemsize>::type;
};
/// The one C++ spelling nd uses for a dtype (`long long` becomes `std::int64_t`).
template <class T> using canonical = typename canonical_of<std::remove_cv_t<T>>::type;

template <class... T> struct promote_all;
template <class T> struct promote_all<T> {
    using type = canonical<T>;
};
template <class A, class B, class... Rest> struct promote_all<A, B, Rest...> {
    using type = typename promote_all<result_type<canonical<A>, canonical<B>>, Rest...>::type;
};

/// 0 bool, 1 integer, 2 real floating, 3 complex: the kinds NEP 50 compares.
template <class T> constexpr int kind_rank() {
    if constexpr (std::is_same_v<T, bool>) return 0;
    else if constexpr (integer<T>) return 1;
    else if constexpr (std::is_floating_point_v<T>) return 2;
    else return 3;
}

template <class Array, class Scalar> struct weak_result_of {
    static constexpr int a = kind_rank<canonical<Array>>(), s = kind_rank<canonical<Scalar>>();
    using type = std::conditional_t<
        s <= a, canonical<Array>,
        std::conditional_t<s == 1, std::int64_t,
                           std::conditional_t<s == 2, double,
                                              std::conditional_t<std::is_same_v<canonical<Array>, float>, std::complex<float>,
                                                                 std::complex<double>>>>>;
};

/// Whether T is a float or complex type (NumPy's np.inexact): the types that hold NaN and
/// that math functions and means compute in as they are.
template <class T> inline constexpr bool inexact = std::is_floating_point_v<T> || complex_number<T>;

/// The float type NumPy's math functions compute in for T (float16 results become float32:
/// nd has no float16).
template <class T> struct float_of {
    using type = std::conditional_t<inexact<T>, T,
                                    std::conditional_t<(sizeof(T) <= 2), float, double>>;
};

template <class T> struct complex_value {
    using type = T;
};
template <class T> struct complex_value<std::complex<T>> {
    using type = T;
};

} // namespace detail

/// np.result_type of any number of element types. `nd::promote_t<std::int8_t, float, bool>` is float.
template <class... T> using promote_t = typename detail::promote_all<T...>::type;

/// The type a C++ scalar takes next to an array of `Array` elements (NEP 50 weak scalars).
/// `nd::weak_result_t<float, double>` is float.
template <class Array, class Scalar> using weak_result_t = typename detail::weak_result_of<Array, Scalar>::type;

/// The floating type math functions of T compute in. `nd::float_of_t<int>` is double.
template <class T> using float_of_t = typename detail::float_of<detail::canonical<T>>::type;

} // namespace nd
