#pragma once
// One element converted to another element type the way NumPy's casts do it. C++'s own casts
// differ in three places this file handles: complex to real keeps the real part, anything to
// bool tests for non-zero, and a float that does not fit an integer type (NaN, inf, too large)
// would be undefined behaviour in C++; NumPy on x86 gives the "integer indefinite" value.

#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "nd/core/dtype.hpp"

namespace nd::detail {

// x86's conversion of an out-of-range float to an N-bit integer yields the lowest N-bit value;
// NumPy's casts to narrower integers go through int32 and wrap, so we do the same.
template <class Int, class Float> Int float_to_integer(Float value) {
    using wide = std::conditional_t<(sizeof(Int) <= 4 && std::is_signed_v<Int>) || sizeof(Int) < 4, std::int32_t, std::int64_t>;
    if constexpr (std::is_unsigned_v<Int> && sizeof(Int) == 8) {
        // NumPy converts through the unsigned instruction sequence: in range values convert,
        // others become 2^63 like x86's indefinite value reinterpreted.
        if (!(value >= Float(0) && value < Float(18446744073709551616.0))) {
            if (value < Float(0) && value > Float(-9223372036854775808.0)) return static_cast<Int>(static_cast<std::int64_t>(value));
            return Int(1) << 63;
        }
        return static_cast<Int>(value);
    } else {
        constexpr auto lo = static_cast<Float>(std::numeric_limits<wide>::min());
        constexpr auto hi = -lo; // 2^(N-1): the first value that no longer fits
        if (!(value >= lo && value < hi)) return static_cast<Int>(std::numeric_limits<wide>::min());
        return static_cast<Int>(static_cast<wide>(value));
    }
}

/// Converts one element to type `To` as NumPy's unsafe cast (astype) does.
/// `nd::detail::convert<int>(2.7) == 2`
template <class To, class From> constexpr To convert(const From& value) {
    if constexpr (std::is_same_v<To, From>) return value;
    else if constexpr (complex_number<From>) {
        if constexpr (complex_number<To>) return To(static_cast<typename To::value_type>(value.real()), static_cast<typename To::value_type>(value.imag()));
        else if constexpr (std::is_same_v<To, bool>) return value.real() != 0 || value.imag() != 0;
        else return convert<To>(value.real());
    } else if constexpr (complex_number<To>) {
        return To(convert<typename To::value_type>(value), typename To::value_type(0));
    } else if constexpr (std::is_same_v<To, bool>) {
        return value != From(0);
    } else if constexpr (std::is_floating_point_v<From> && integer<To>) {
        return float_to_integer<To>(value);
    } else {
        return static_cast<To>(value);
    }
}

} // namespace nd::detail
