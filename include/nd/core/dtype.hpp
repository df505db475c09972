#pragma once
// Element types and their NumPy descriptors. nd arrays are templated on the C++ element type;
// the descriptor is what NumPy would call the dtype, used for printing, files and messages.

#include <complex>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "nd/core/fixed_string.hpp"

namespace nd {

namespace detail {

template <class T> struct is_complex : std::false_type {};
template <class T> struct is_complex<std::complex<T>> : std::bool_constant<std::is_floating_point_v<T>> {};

// Character types are excluded: NumPy has no element type that prints as a character.
template <class T>
concept character = std::same_as<T, char> || std::same_as<T, wchar_t> || std::same_as<T, char8_t> ||
                    std::same_as<T, char16_t> || std::same_as<T, char32_t>;

} // namespace detail

/// True for `std::complex<float>` and `std::complex<double>`.
/// `static_assert(nd::complex_number<std::complex<float>>);`
template <class T>
concept complex_number = detail::is_complex<std::remove_cv_t<T>>::value &&
                         (std::same_as<typename std::remove_cv_t<T>::value_type, float> ||
                          std::same_as<typename std::remove_cv_t<T>::value_type, double>);

/// The integer element types: int8..int64 and uint8..uint64 (any C++ spelling of them).
/// `static_assert(nd::integer<std::uint16_t>);`
template <class T>
concept integer = std::integral<T> && !std::same_as<T, bool> && !detail::character<T>;

/// The element types of NumPy's numeric dtypes: bool, integers, float, double and complex.
/// `static_assert(nd::numeric<double>);`
template <class T>
concept numeric = std::same_as<T, bool> || integer<T> || std::same_as<T, float> ||
                  std::same_as<T, double> || complex_number<T>;

/// A struct registered with ND_RECORD (records/record.hpp): a NumPy structured element.
/// `static_assert(nd::record<student>);`
template <class T>
concept record = std::is_class_v<T> && requires(T& value) { nd_record_fields(value); };

/// Every type an `nd::array` can hold: a numeric type, a fixed string or a registered record.
/// `static_assert(nd::element<float>);`
template <class T>
concept element = numeric<std::remove_const_t<T>> || fixed_text<std::remove_const_t<T>> || record<std::remove_const_t<T>>;

struct field_info;
namespace detail {
struct record_layout;
} // namespace detail

/// NumPy's description of an element type: `kind` is 'b', 'i', 'u', 'f', 'c', 'S', 'U' or 'V'
/// (records), with the fields of a record.
/// `nd::dtype_of<float>.name == "float32"; nd::dtype_of<float>.str == "<f4"`
struct dtype {
    char kind;
    int itemsize;
    std::string_view name; // NumPy's dtype.name, e.g. "float32"
    std::string_view str;  // NumPy's dtype.str, e.g. "<f4"
    const detail::record_layout& (*layout)() = nullptr; // records only: their fields, built once

    /// Whether this is a record's description. `nd::dtype_of<student>.is_record()`
    constexpr bool is_record() const noexcept { return layout != nullptr; }
    /// A record's fields in order, with offsets and padding as the struct has them (empty for
    /// other types). `nd::dtype_of<student>.fields()[2].offset == 16`
    std::span<const field_info> fields() const;
    /// A record's field names, as dtype.names. `nd::dtype_of<student>.names()[0] == "name"`
    std::vector<std::string_view> names() const;
    /// NumPy's description as np.lib.format.dtype_to_descr gives it and .npy headers hold it:
    /// dtype.str for a plain type, the list of (name, format[, shape]) with '' padding entries
    /// for a record. `nd::dtype_of<student>.descr() == "[('name', '|S10'), ('', '|V2'), ...]"`
    std::string descr() const;
    friend constexpr bool operator==(const dtype&, const dtype&) = default;
};

/// One field of a record: its name, element type, byte offset, and the shape of a subarray
/// field (`float pos[3]` is shape {3}; empty for a scalar field).
/// `nd::dtype_of<particle>.fields()[1].shape == std::vector<std::ptrdiff_t>{3}`
struct field_info {
    std::string_view name;
    nd::dtype type;
    std::ptrdiff_t offset;
    std::vector<std::ptrdiff_t> shape;
};

namespace detail {

/// What ND_RECORD tells about a struct, built the first time it is asked for.
struct record_layout {
    std::string_view type_name;
    std::vector<field_info> fields;
};

/// Builds a record's layout: records/record.hpp.
template <class Record> const record_layout& layout_of();

/// Text made at compile time for the names of sized types ("|S10", "void192").
struct static_text {
    char chars[24] = {};
    std::size_t length = 0;
    constexpr static_text(std::string_view prefix, std::size_t number) {
        for (const char c : prefix) chars[length++] = c;
        char digits[20] = {};
        std::size_t count = 0;
        do {
            digits[count++] = static_cast<char>('0' + number % 10);
            number /= 10;
        } while (number != 0);
        while (count > 0) chars[length++] = digits[--count];
    }
    constexpr std::string_view view() const { return std::string_view(chars, length); }
};

template <class T> struct sized_names;
template <class Char, std::size_t N> struct sized_names<basic_fixed_string<Char, N>> {
    static constexpr bool bytes = std::same_as<Char, char>;
    static constexpr static_text name{bytes ? "bytes" : "str", 8 * sizeof(Char) * N}, str{bytes ? "|S" : "<U", N};
};
template <class T> struct record_names {
    static constexpr static_text name{"void", 8 * sizeof(T)}, str{"|V", sizeof(T)};
};

} // namespace detail

namespace detail {

template <class T> constexpr dtype make_dtype() {
    using U = std::remove_const_t<T>;
    if constexpr (std::same_as<U, bool>) return {'b', 1, "bool", "|b1"};
    else if constexpr (integer<U> && std::is_signed_v<U>) {
        if constexpr (sizeof(U) == 1) return {'i', 1, "int8", "|i1"};
        else if constexpr (sizeof(U) == 2) return {'i', 2, "int16", "<i2"};
        else if constexpr (sizeof(U) == 4) return {'i', 4, "int32", "<i4"};
        else return {'i', 8, "int64", "<i8"};
    } else if constexpr (integer<U>) {
        if constexpr (sizeof(U) == 1) return {'u', 1, "uint8", "|u1"};
        else if constexpr (sizeof(U) == 2) return {'u', 2, "uint16", "<u2"};
        else if constexpr (sizeof(U) == 4) return {'u', 4, "uint32", "<u4"};
        else return {'u', 8, "uint64", "<u8"};
    } else if constexpr (std::same_as<U, float>) return {'f', 4, "float32", "<f4"};
    else if constexpr (std::same_as<U, double>) return {'f', 8, "float64", "<f8"};
    else if constexpr (std::same_as<U, std::complex<float>>) return {'c', 8, "complex64", "<c8"};
    else if constexpr (std::same_as<U, std::complex<double>>) return {'c', 16, "complex128", "<c16"};
    else if constexpr (fixed_text<U>)
        return {std::same_as<typename U::char_type, char> ? 'S' : 'U', static_cast<int>(sizeof(U)), sized_names<U>::name.view(),
                sized_names<U>::str.view()};
    else return {'V', static_cast<int>(sizeof(U)), record_names<U>::name.view(), record_names<U>::str.view(), &layout_of<U>};
}

// The canonical C++ type of a dtype, so that `long` and `long long` promote alike.
template <char Kind, int Size> struct type_of_kind;
template <> struct type_of_kind<'b', 1> { using type = bool; };
template <> struct type_of_kind<'i', 1> { using type = std::int8_t; };
template <> struct type_of_kind<'i', 2> { using type = std::int16_t; };
template <> struct type_of_kind<'i', 4> { using type = std::int32_t; };
template <> struct type_of_kind<'i', 8> { using type = std::int64_t; };
template <> struct type_of_kind<'u', 1> { using type = std::uint8_t; };
template <> struct type_of_kind<'u', 2> { using type = std::uint16_t; };
template <> struct type_of_kind<'u', 4> { using type = std::uint32_t; };
template <> struct type_of_kind<'u', 8> { using type = std::uint64_t; };
template <> struct type_of_kind<'f', 4> { using type = float; };
template <> struct type_of_kind<'f', 8> { using type = double; };
template <> struct type_of_kind<'c', 8> { using type = std::complex<float>; };
template <> struct type_of_kind<'c', 16> { using type = std::complex<double>; };

struct kind_and_size {
    char kind;
    int size;
};

// The bytes of float a type needs to hold every value exactly enough for NumPy: small integers
// fit float32, 32- and 64-bit integers need float64.
constexpr int float_size_for(kind_and_size t) {
    switch (t.kind) {
    case 'b': return 2; // bool promotes with floats to the float itself
    case 'i':
    case 'u': return t.size <= 2 ? 4 : 8;
    case 'f': return t.size;
    default: return t.size / 2; // complex: the size of one component
    }
}

// np.result_type for two numeric dtypes (NumPy 1.24, array operands, no value-based casting).
constexpr kind_and_size promote(kind_and_size a, kind_and_size b) {
    if (a.kind == b.kind && a.size == b.size) return a;
    if (a.kind == 'b') return b;
    if (b.kind == 'b') return a;
    const bool a_int = a.kind == 'i' || a.kind == 'u';
    const bool b_int = b.kind == 'i' || b.kind == 'u';
    if (a_int && b_int) {
        if (a.kind == b.kind) return {a.kind, a.size > b.size ? a.size : b.size};
        const kind_and_size s = a.kind == 'i' ? a : b;
        const kind_and_size u = a.kind == 'u' ? a : b;
        if (s.size > u.size) return s;
        if (u.size == 8) return {'f', 8}; // no signed type holds every uint64
        return {'i', u.size * 2};
    }
    int component = float_size_for(a) > float_size_for(b) ? float_size_for(a) : float_size_for(b);
    if (component < 4) component = 4;
    if (a.kind == 'c' || b.kind == 'c') return {'c', component * 2};
    return {'f', component};
}

template <class A, class B> struct result_type_of {
    static constexpr dtype a = make_dtype<A>();
    static constexpr dtype b = make_dtype<B>();
    static constexpr kind_and_size r = promote({a.kind, a.itemsize}, {b.kind, b.itemsize});
};

} // namespace detail

inline std::span<const field_info> dtype::fields() const {
    if (layout == nullptr) return {};
    return layout().fields;
}

inline std::vector<std::string_view> dtype::names() const {
    std::vector<std::string_view> out;
    for (const field_info& field : fields()) out.push_back(field.name);
    return out;
}

/// The NumPy dtype descriptor of element type T.
/// `std::cout << nd::dtype_of<std::int16_t>.str;  // <i2`
template <element T> inline constexpr dtype dtype_of = detail::make_dtype<T>();

/// The element type NumPy's np.result_type gives for arrays of A and B.
/// `static_assert(std::is_same_v<nd::result_type<std::int8_t, std::uint8_t>, std::int16_t>);`
template <numeric A, numeric B>
using result_type = typename detail::type_of_kind<detail::result_type_of<A, B>::r.kind, detail::result_type_of<A, B>::r.size>::type;

} // namespace nd
