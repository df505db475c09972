#pragma once
// Structured records: a plain struct registered with ND_RECORD becomes an element type with
// NumPy's description (names, formats, offsets and itemsize, padding included, as
// np.dtype([...], align=True) lays them out), field views into arrays of it, and NumPy's
// field-by-field equality.

#include <cstddef>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "nd/core/array.hpp"
#include "nd/core/creation.hpp"
#include "nd/core/dtype.hpp"
#include "nd/core/error.hpp"
#include "nd/core/view.hpp"
#include "nd/eval/record_loops.hpp"

/// Registers a struct as a record element: its name, then ALL its fields in declaration order.
/// Write it right after the struct, in the struct's namespace (it is found by argument-dependent
/// lookup). The struct must be standard-layout and trivially copyable; fields are numbers, bool,
/// complex, nd::fixed_string / nd::fixed_ustring, fixed-size arrays of those, or other records.
/// `struct student { nd::fixed_string<10> name; std::int32_t age; double score; }; ND_RECORD(student, name, age, score);`
#define ND_RECORD(type, ...)                                                                                                      \
    [[maybe_unused]] inline auto nd_record_fields(type& nd_record_value) {                                                         \
        auto& [__VA_ARGS__] = nd_record_value;                                                                                     \
        return std::tie(__VA_ARGS__);                                                                                              \
    }                                                                                                                              \
    [[maybe_unused]] constexpr const char* nd_record_names(const type*) { return #type ", " #__VA_ARGS__; }                        \
    static_assert(std::is_standard_layout_v<type> && std::is_trivially_copyable_v<type>,                                          \
                  "ND_RECORD(" #type ", ...): a record must be a standard-layout, trivially copyable struct")

namespace nd {
namespace detail {

/// The names in ND_RECORD's text "type, field, field, ...", the type's first.
inline std::vector<std::string_view> split_record_names(std::string_view text) {
    std::vector<std::string_view> names;
    while (!text.empty()) {
        const std::size_t comma = text.find(',');
        std::string_view name = text.substr(0, comma);
        while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
        names.push_back(name);
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return names;
}

/// The extents of a C array type, outermost first: float[2][3] gives {2, 3}.
template <class F> void append_extents(std::vector<std::ptrdiff_t>& shape) {
    if constexpr (std::rank_v<F> > 0) {
        shape.push_back(static_cast<std::ptrdiff_t>(std::extent_v<F>));
        append_extents<std::remove_extent_t<F>>(shape);
    }
}

template <class Record> const record_layout& layout_of() {
    static const record_layout layout = [] {
        const std::vector<std::string_view> names = split_record_names(nd_record_names(static_cast<const Record*>(nullptr)));
        record_layout out{names.at(0), {}};
        Record probe{};
        const auto* base = reinterpret_cast<const std::byte*>(&probe);
        std::apply(
            [&](auto&... member) {
                std::size_t k = 1;
                (
                    [&](auto& field) {
                        using field_type = std::remove_reference_t<decltype(field)>;
                        using element_type = std::remove_all_extents_t<field_type>;
                        static_assert(element<element_type>, "a record field must be a number, bool, complex, a fixed string, "
                                                             "an array of those, or a record registered with ND_RECORD");
                        std::vector<std::ptrdiff_t> shape;
                        append_extents<field_type>(shape);
                        out.fields.push_back({names.at(k++), dtype_of<element_type>,
                                              reinterpret_cast<const std::byte*>(&field) - base, std::move(shape)});
                    }(member),
                    ...);
            },
            nd_record_fields(probe));
        return out;
    }();
    return layout;
}

/// Python's repr of a shape tuple: (3,) or (2, 3).
inline std::string shape_text(std::span<const std::ptrdiff_t> shape) {
    std::string s = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + (shape.size() == 1 ? ",)" : ")");
}

/// "name (|S10), age (int32), score (float64)": a record's fields for messages.
inline std::string field_list(const record_layout& layout) {
    std::string s;
    for (const field_info& field : layout.fields) {
        s += (s.empty() ? "" : ", ") + std::string(field.name) + " (" +
             (field.type.kind == 'S' || field.type.kind == 'U' ? std::string(field.type.str) : std::string(field.type.name)) +
             (field.shape.empty() ? "" : ", shape " + shape_text(field.shape)) + ")";
    }
    return s;
}

/// The view of one field: the records' shape and strides, then the field's subarray axes.
template <class FieldElement, class T>
view<FieldElement> view_of_field(const view<T>& records, const field_info& field) {
    view_parts<FieldElement> parts;
    parts.data = reinterpret_cast<FieldElement*>(const_cast<std::byte*>(reinterpret_cast<const std::byte*>(records.data())) + field.offset);
    parts.shape = records.shape();
    parts.strides = records.strides();
    std::ptrdiff_t stride = static_cast<std::ptrdiff_t>(sizeof(std::remove_const_t<FieldElement>)) * field_count(field);
    for (const std::ptrdiff_t extent : field.shape) {
        stride /= extent;
        parts.shape.push_back(extent);
        parts.strides.push_back(stride);
    }
    parts.buffer = records.buffer();
    parts.writeable = records.writeable();
    return view<FieldElement>(std::move(parts));
}

template <class T, class Field, class Record>
view<field_element_t<T, Field>> field_view(const view<T>& records, Field Record::*member) {
    Record probe{};
    const std::ptrdiff_t offset = reinterpret_cast<const std::byte*>(&(probe.*member)) - reinterpret_cast<const std::byte*>(&probe);
    for (const field_info& field : layout_of<Record>().fields)
        if (field.offset == offset && field.type == dtype_of<std::remove_all_extents_t<Field>>)
            return view_of_field<field_element_t<T, Field>>(records, field);
    throw type_error("the member pointer given to field() is not a field of " + std::string(layout_of<Record>().type_name));
}

template <class Field, class T> view<field_element_t<T, Field>> named_field_view(const view<T>& records, std::string_view name) {
    using record_type = std::remove_const_t<T>;
    const record_layout& layout = layout_of<record_type>();
    constexpr dtype wanted = dtype_of<std::remove_const_t<Field>>;
    const std::string wanted_name(wanted.kind == 'S' || wanted.kind == 'U' ? wanted.str : wanted.name);
    for (const field_info& field : layout.fields) {
        if (field.name != name) continue;
        if (field.type != wanted) {
            const std::string held(field.type.kind == 'S' || field.type.kind == 'U' ? field.type.str : field.type.name);
            throw type_error("field '" + std::string(name) + "' of " + std::string(layout.type_name) + " holds " + held + ", not " +
                             wanted_name + "; its fields are " + field_list(layout));
        }
        return view_of_field<field_element_t<T, Field>>(records, field);
    }
    throw value_error("no field of name " + std::string(name) + " in " + std::string(layout.type_name) + " (asked for " + wanted_name +
                      "); its fields are " + field_list(layout));
}

/// Text of one entry's format in a description: the plain type's str, or a record's list.
inline std::string format_text(const dtype& type) {
    if (!type.is_record()) return "'" + std::string(type.str) + "'";
    std::string s = "[";
    std::ptrdiff_t at = 0;
    const auto padding = [&](std::ptrdiff_t bytes) {
        if (bytes > 0) s += (s.size() > 1 ? ", " : "") + std::string("('', '|V") + std::to_string(bytes) + "')";
    };
    for (const field_info& field : type.fields()) {
        padding(field.offset - at);
        s += (s.size() > 1 ? ", " : "") + std::string("('") + std::string(field.name) + "', " + format_text(field.type) +
             (field.shape.empty() ? "" : ", " + shape_text(field.shape)) + ")";
        at = field.offset + field.type.itemsize * field_count(field);
    }
    padding(type.itemsize - at);
    return s + "]";
}

} // namespace detail

inline std::string dtype::descr() const { return detail::format_text(*this); }

/// NumPy's == between arrays of records (broadcast): field by field, NaN fields unequal.
/// `nd::array<bool> same = students == others;`
template <array_like A, array_like B>
    requires record<typename A::value_type> && std::same_as<typename A::value_type, typename B::value_type>
array<bool> operator==(const A& a, const B& b) {
    return detail::compare_records(view<const typename A::value_type>(a), view<const typename A::value_type>(b), false);
}
/// NumPy's != between arrays of records. `nd::array<bool> changed = before != after;`
template <array_like A, array_like B>
    requires record<typename A::value_type> && std::same_as<typename A::value_type, typename B::value_type>
array<bool> operator!=(const A& a, const B& b) {
    return detail::compare_records(view<const typename A::value_type>(a), view<const typename A::value_type>(b), true);
}

/// NumPy's == between an array of records and one record (broadcast, as a 0-d array).
/// `nd::array<bool> is_alice = students == alice;`
template <array_like A>
    requires record<typename A::value_type>
array<bool> operator==(const A& a, const typename A::value_type& b) {
    using R = typename A::value_type;
    return detail::compare_records(view<const R>(a), view<const R>(full<R>({}, b)), false);
}
template <array_like A>
    requires record<typename A::value_type>
array<bool> operator!=(const A& a, const typename A::value_type& b) {
    using R = typename A::value_type;
    return detail::compare_records(view<const R>(a), view<const R>(full<R>({}, b)), true);
}

} // namespace nd
