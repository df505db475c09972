#pragma once
// The loops over record elements that records/ needs: NumPy's == between two records, from
// their description, and the broadcast comparison of two arrays of records.

#include <cstddef>
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

/// NumPy's == on two elements of one type, from its description: NaN fields differ, -0.0 equals
/// +0.0, padding is not compared, and records compare field by field.
inline bool elements_equal(const dtype& type, const std::byte* a, const std::byte* b) {
    switch (type.kind) {
    case 'f':
    case 'c': {
        const int parts = type.kind == 'c' ? 2 : 1;
        const int size = type.itemsize / parts;
        for (int part = 0; part < parts; ++part) {
            if (size == 4) {
                float x, y;
                std::memcpy(&x, a + part * size, 4);
                std::memcpy(&y, b + part * size, 4);
                if (!(x == y)) return false;
            } else {
                double x, y;
                std::memcpy(&x, a + part * size, 8);
                std::memcpy(&y, b + part * size, 8);
                if (!(x == y)) return false;
            }
        }
        return true;
    }
    case 'V':
        for (const field_info& field : type.fields()) {
            const std::ptrdiff_t count = field_count(field);
            for (std::ptrdiff_t i = 0; i < count; ++i) {
                const std::ptrdiff_t at = field.offset + i * field.type.itemsize;
                if (!elements_equal(field.type, a + at, b + at)) return false;
            }
        }
        return true;
    default: return std::memcmp(a, b, static_cast<std::size_t>(type.itemsize)) == 0;
    }
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
