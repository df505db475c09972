#pragma once
// Sorting arrays of records by fields, as np.sort(x, order=...): by the named fields first, then
// by the remaining ones in the record's order to break ties; each field in NumPy's order for its
// type. The first key is sorted by radix where it is a number (eval/sort_kernels.hpp) and only
// runs of equal first keys are sorted by comparing the other fields.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <algorithm>
#include <complex>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "nd/core/array.hpp"
#include "nd/eval/sort_kernels.hpp"
#include "nd/records/record.hpp"
#include "nd/reduce/sorting.hpp"

namespace nd {
namespace detail {

/// NumPy's order between two elements of one type, from its description: -1, 0 or 1.
inline int compare_elements(const dtype& type, const std::byte* a, const std::byte* b) {
    int order = 0;
    const auto compare = [&]<class T>(T*) {
        const T x = load_element<T>(a), y = load_element<T>(b);
        order = numpy_less(x, y) ? -1 : numpy_less(y, x) ? 1 : 0;
    };
    if (with_number_type(type, compare)) return order;
    if (type.kind == 'S') { // memcmp compares unsigned bytes, as NumPy does
        const int c = std::memcmp(a, b, static_cast<std::size_t>(type.itemsize));
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    if (type.kind == 'U') {
        for (int i = 0; i < type.itemsize; i += 4) {
            const auto x = load_element<char32_t>(a + i), y = load_element<char32_t>(b + i);
            if (x != y) return x < y ? -1 : 1;
        }
        return 0;
    }
    for (const field_info& field : type.fields())
        for (std::ptrdiff_t i = 0; i < field_count(field); ++i) {
            const std::ptrdiff_t at = field.offset + i * field.type.itemsize;
            if (const int c = compare_elements(field.type, a + at, b + at)) return c;
        }
    return 0;
}

/// The fields a record sort compares, in order: the named ones, then the rest.
template <class R> std::vector<const field_info*> sort_keys(const std::vector<std::string_view>& order) {
    const record_layout& layout = layout_of<R>();
    std::vector<const field_info*> keys;
    for (const std::string_view name : order) {
        const field_info* found = nullptr;
        for (const field_info& field : layout.fields)
            if (field.name == name) found = &field;
        if (found == nullptr)
            throw value_error("unknown field name: " + std::string(name) + " (sort keys must be fields of " + std::string(layout.type_name) +
                              ": " + field_list(layout) + ")");
        keys.push_back(found);
    }
    for (const field_info& field : layout.fields)
        if (std::find(keys.begin(), keys.end(), &field) == keys.end()) keys.push_back(&field);
    return keys;
}

/// The stable order of one contiguous lane of records by `keys`.
template <class R> void argsort_records(const R* records, std::int64_t* indices, std::ptrdiff_t n, const std::vector<const field_info*>& keys) {
    const auto compare_from = [&](std::size_t first_key) {
        return [&, first_key](std::int64_t a, std::int64_t b) {
            const auto* x = reinterpret_cast<const std::byte*>(records + a);
            const auto* y = reinterpret_cast<const std::byte*>(records + b);
            for (std::size_t k = first_key; k < keys.size(); ++k)
                for (std::ptrdiff_t i = 0; i < field_count(*keys[k]); ++i) {
                    const std::ptrdiff_t at = keys[k]->offset + i * keys[k]->type.itemsize;
                    if (const int c = compare_elements(keys[k]->type, x + at, y + at)) return c < 0;
                }
            return false;
        };
    };
    // A number as first key sorts by its own order (radix for all but complex), then each run of
    // equal first keys by the other fields; any other first key by comparing whole records.
    const field_info& first = *keys.front();
    const auto by_first_key = [&]<class K>(K*) {
        sort_scratch<K> key_memory;
        K* const values = key_memory.get(n);
        for (std::ptrdiff_t i = 0; i < n; ++i) values[i] = load_element<K>(reinterpret_cast<const std::byte*>(records + i) + first.offset);
        argsort_contiguous(values, indices, n);
        const auto rest = compare_from(1);
        for (std::ptrdiff_t i = 0; i < n;) {
            std::ptrdiff_t j = i + 1;
            while (j < n && !numpy_less(values[indices[i]], values[indices[j]])) ++j;
            if (j - i > 1 && keys.size() > 1) std::stable_sort(indices + i, indices + j, rest);
            i = j;
        }
    };
    if (first.shape.empty() && with_number_type(first.type, by_first_key)) return;
    for (std::ptrdiff_t i = 0; i < n; ++i) indices[i] = i;
    std::stable_sort(indices, indices + n, compare_from(0));
}

} // namespace detail

/// Records sorted along an axis by the named fields, then the others (np.sort(x, order=...));
/// an unknown field is an nd::value_error naming the record's fields.
/// `auto by_score = nd::sort(students, "score"); nd::sort(students, {"age", "score"});`
template <array_like X>
    requires record<typename X::value_type>
array<typename X::value_type> sort(const X& x, std::vector<std::string_view> fields, std::ptrdiff_t axis = -1, sort_kind = quicksort) {
    using R = typename X::value_type;
    const view<const R> source(x);
    const std::size_t k = detail::sort_axis(axis, source.ndim());
    const auto keys = detail::sort_keys<R>(fields);
    array<R> result = detail::copy_elements<R>(source, order::C);
    detail::reorder_along(result, k, [&](const R* values, std::int64_t* indices, std::ptrdiff_t n) { detail::argsort_records(values, indices, n, keys); });
    return result;
}
/// Records sorted by all their fields in order (np.sort of a structured array).
template <array_like X>
    requires record<typename X::value_type>
array<typename X::value_type> sort(const X& x, std::ptrdiff_t axis = -1, sort_kind kind = quicksort) {
    return nd::sort(x, std::vector<std::string_view>{}, axis, kind);
}
template <array_like X>
    requires record<typename X::value_type>
array<typename X::value_type> sort(const X& x, std::string_view field, std::ptrdiff_t axis = -1, sort_kind kind = quicksort) {
    return nd::sort(x, std::vector<std::string_view>{field}, axis, kind);
}
template <array_like X>
    requires record<typename X::value_type>
array<typename X::value_type> sort(const X& x, std::initializer_list<std::string_view> fields, std::ptrdiff_t axis = -1, sort_kind kind = quicksort) {
    return nd::sort(x, std::vector<std::string_view>(fields), axis, kind);
}

/// The indices that sort records by fields (np.argsort(x, order=...)), stable.
/// `auto ranking = nd::argsort(students, "score");`
template <array_like X>
    requires record<typename X::value_type>
array<std::int64_t> argsort(const X& x, std::vector<std::string_view> fields, std::ptrdiff_t axis = -1, sort_kind = quicksort) {
    using R = typename X::value_type;
    const view<const R> source(x);
    const std::size_t k = detail::sort_axis(axis, source.ndim());
    const auto keys = detail::sort_keys<R>(fields);
    array<std::int64_t> result(source.shape(), order::C);
    detail::index_lanes(source, result, k, [&](const R* values, std::int64_t* indices, std::ptrdiff_t n) { detail::argsort_records(values, indices, n, keys); });
    return result;
}
template <array_like X>
    requires record<typename X::value_type>
array<std::int64_t> argsort(const X& x, std::ptrdiff_t axis = -1, sort_kind kind = quicksort) {
    return nd::argsort(x, std::vector<std::string_view>{}, axis, kind);
}
template <array_like X>
    requires record<typename X::value_type>
array<std::int64_t> argsort(const X& x, std::string_view field, std::ptrdiff_t axis = -1, sort_kind kind = quicksort) {
    return nd::argsort(x, std::vector<std::string_view>{field}, axis, kind);
}
template <array_like X>
    requires record<typename X::value_type>
array<std::int64_t> argsort(const X& x, std::initializer_list<std::string_view> fields, std::ptrdiff_t axis = -1, sort_kind kind = quicksort) {
    return nd::argsort(x, std::vector<std::string_view>(fields), axis, kind);
}

} // namespace nd
