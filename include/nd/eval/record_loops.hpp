#pragma once
// The loops over record elements that records/ needs: NumPy's == between two records, from
// their description, and the broadcast comparison of two arrays of records.

#include <complex>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "nd/core/array.hpp"
#include "nd/core/creation.hpp"
#include "nd/core/dtype.hpp"
#include "nd/core/view.hpp"
#include "nd/eval/strided_loop.hpp"

namespace nd::detail {

/// Every field's element count (a subarray field has several).
inline std::ptrdiff_t field_count(const field_info& field) {
    std::ptrdiff_t count = 1;
    for (const std::ptrdiff_t extent : field.shape) count *= extent;
    return count;
}

/// Calls `f(static_cast<T*>(nullptr))` with the C++ type T of a numeric dtype (bool, integers,
/// floats, complex) and returns true; false for text and records.
template <class F> bool with_number_type(const dtype& type, F&& f) {
    const int size = type.itemsize;
    switch (type.kind) {
    case 'b': f(static_cast<bool*>(nullptr)); return true;
    case 'i':
        size == 1 ? f(static_cast<std::int8_t*>(nullptr)) : size == 2 ? f(static_cast<std::int16_t*>(nullptr))
        : size == 4 ? f(static_cast<std::int32_t*>(nullptr)) : f(static_cast<std::int64_t*>(nullptr));
        return true;
    case 'u':
        size == 1 ? f(static_cast<std::uint8_t*>(nullptr)) : size == 2 ? f(static_cast<std::uint16_t*>(nullptr))
        : size == 4 ? f(static_cast<std::uint32_t*>(nullptr)) : f(static_cast<std::uint64_t*>(nullptr));
        return true;
    case 'f': size == 4 ? f(static_cast<float*>(nullptr)) : f(static_cast<double*>(nullptr)); return true;
    case 'c': size == 8 ? f(static_cast<std::complex<float>*>(nullptr)) : f(static_cast<std::complex<double>*>(nullptr)); return true;
    default: return false;
    }
}

/// The element of type T at `bytes`, which may be unaligned for T (a field of a packed record).
template <class T> T load_element(const std::byte* bytes) {
    T value;
    std::memcpy(static_cast<void*>(&value), bytes, sizeof(T));
    return value;
}

/// NumPy's == on two elements of one type, from its description: NaN fields differ, -0.0 equals
/// +0.0, padding is not compared, and records compare field by field.
inline bool elements_equal(const dtype& type, const std::byte* a, const std::byte* b) {
    bool equal = true;
    if (with_number_type(type, [&]<class T>(T*) { equal = load_element<T>(a) == load_element<T>(b); })) return equal;
    if (type.kind != 'V') return std::memcmp(a, b, static_cast<std::size_t>(type.itemsize)) == 0; // text
    for (const field_info& field : type.fields())
        for (std::ptrdiff_t i = 0; i < field_count(field); ++i) {
            const std::ptrdiff_t at = field.offset + i * field.type.itemsize;
            if (!elements_equal(field.type, a + at, b + at)) return false;
        }
    return true;
}

/// a == b (or a != b when `negate`), broadcast, as a new bool array.
template <class R> array<bool> compare_records(const view<const R>& a, const view<const R>& b, bool negate) {
    const dim_vector shape = broadcast_shapes(a.shape(), b.shape());
    array<bool> result = empty<bool>(shape);
    const dim_vector a_strides = broadcast_strides(a.shape(), a.strides(), shape);
    const dim_vector b_strides = broadcast_strides(b.shape(), b.strides(), shape);
    const dtype& type = dtype_of<R>;
    std::array<std::byte*, 3> pointers{reinterpret_cast<std::byte*>(result.data()),
                                       const_cast<std::byte*>(reinterpret_cast<const std::byte*>(a.data())),
                                       const_cast<std::byte*>(reinterpret_cast<const std::byte*>(b.data()))};
    for_each_run<3>(shape, pointers, {&result.strides(), &a_strides, &b_strides}, [&](const inner_run<3>& run) {
        for (std::ptrdiff_t i = 0; i < run.length; ++i)
            *reinterpret_cast<bool*>(run.pointers[0] + i * run.strides[0]) =
                elements_equal(type, run.pointers[1] + i * run.strides[1], run.pointers[2] + i * run.strides[2]) != negate;
    });
    return result;
}

} // namespace nd::detail
