#pragma once
// Text of an N-d array exactly as NumPy 1.24's str() (so print()) writes it:
// the layout of arrayprint's _formatArray with legacy=False, linewidth 75,
// summarization above 1000 elements with 3 edge items, and str() of the scalar
// for 0-d arrays.

#include <algorithm>
#include <charconv>
#include <complex>
#include <cstdint>
#include <cstddef>
#include <cstring>
#include <functional>
#include <memory>
#include <ostream>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "nd/core/array.hpp"
#include "nd/core/creation.hpp"
#include "nd/eval/strided_loop.hpp"
#include "nd/io/float_format.hpp"
#include "nd/records/record.hpp"

namespace nd::detail {

/// NumPy's print options that nd fixes to their defaults.
struct print_options {
    static constexpr std::ptrdiff_t threshold = 1000;
    static constexpr std::ptrdiff_t edgeitems = 3;
    static constexpr std::ptrdiff_t linewidth = 75;
};

template <class T>
struct is_std_complex : std::false_type {};
template <class F>
struct is_std_complex<std::complex<F>> : std::true_type {};

/// The element types that print like NumPy's: bool, the integers (but not the
/// character types, which NumPy has no dtype for), float, double and their complex.
template <class T>
concept printable_element =
    std::is_same_v<T, bool> ||
    (std::is_integral_v<T> && !std::is_same_v<T, char> && !std::is_same_v<T, wchar_t> &&
     !std::is_same_v<T, char8_t> && !std::is_same_v<T, char16_t> &&
     !std::is_same_v<T, char32_t>) ||
    std::is_same_v<T, float> || std::is_same_v<T, double> ||
    std::is_same_v<T, std::complex<float>> || std::is_same_v<T, std::complex<double>>;

/// Decimal text of an integer; int8/uint8 must print as numbers, not characters.
template <class T>
std::string integer_text(T x) {
    using wide = std::conditional_t<std::is_signed_v<T>, long long, unsigned long long>;
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, static_cast<wide>(x));
    return std::string(buf, r.ptr);
}

/// NumPy's BoolFormat: " True" is padded to the width of "False".
struct bool_element_format {
    std::string operator()(bool x) const { return x ? " True" : "False"; }
};

/// NumPy's IntegerFormat: right-aligned to the longer of str(max) and str(min).
template <class T>
class int_element_format {
public:
    explicit int_element_format(std::span<const T> shown) {
        if (shown.empty()) return;
        const auto [lo, hi] = std::minmax_element(shown.begin(), shown.end());
        width_ = std::max(integer_text(*lo).size(), integer_text(*hi).size());
    }

    std::string operator()(T x) const {
        std::string s = integer_text(x);
        if (s.size() < width_) s.insert(0, width_ - s.size(), ' ');
        return s;
    }

private:
    std::size_t width_ = 0;
};

/// Python's repr of text, as NumPy prints the elements of a string array: single quotes unless
/// the text holds one and no double quote; backslash escapes for quotes, control characters and
/// (in byte strings) bytes past ASCII, which Python would show as \\x.. in bytes.
template <fixed_text T> std::string text_repr(const T& text) {
    bool has_single = false, has_double = false;
    for (const auto c : text.view()) {
        has_single |= c == '\'';
        has_double |= c == '"';
    }
    const char quote = has_single && !has_double ? '"' : '\'';
    std::string s(1, quote);
    constexpr const char* hex = "0123456789abcdef";
    for (const auto c : text.view()) {
        const auto code = static_cast<std::uint32_t>(static_cast<std::make_unsigned_t<typename T::char_type>>(c));
        if (code == static_cast<std::uint32_t>(quote) || code == '\\') {
            s += '\\';
            s += static_cast<char>(code);
        } else if (code == '\n') {
            s += "\\n";
        } else if (code == '\t') {
            s += "\\t";
        } else if (code == '\r') {
            s += "\\r";
        } else if (code < 0x20 || code == 0x7F || (std::same_as<typename T::char_type, char> && code >= 0x80)) {
            s += "\\x";
            s += hex[code >> 4 & 0xF];
            s += hex[code & 0xF];
        } else if (code < 0x80) {
            s += static_cast<char>(code);
        } else {
            const char32_t one = static_cast<char32_t>(code);
            s += fixed_ustring<1>(std::u32string_view(&one, 1)).str();
        }
    }
    return s + quote;
}

template <class T> struct text_element_format {
    std::string operator()(const T& x) const { return text_repr(x); }
};

template <class T> class record_element_format;

/// The formatter NumPy would pick for T, fitted to the shown values.
template <class T>
auto make_element_format(std::span<const T> shown) {
    if constexpr (std::is_same_v<T, bool>) {
        return bool_element_format{};
    } else if constexpr (fixed_text<T>) {
        return text_element_format<T>{};
    } else if constexpr (record<T>) {
        return record_element_format<T>(shown);
    } else if constexpr (std::is_integral_v<T>) {
        return int_element_format<T>(shown);
    } else if constexpr (is_std_complex<T>::value) {
        return complex_element_format<typename T::value_type>(shown);
    } else {
        return float_element_format<T>(shown, false);
    }
}

/// NumPy's StructuredVoidFormat: each field formatted by the formatter of its type fitted to
/// that field's column of the shown records; "(a, b)", or "(a,)" for one field. Array fields
/// print as nested lists with ", " (SubArrayFormat).
template <class T> class record_element_format {
public:
    /// `scalar`: the format of a 0-d array, whose bool fields print without the padding that
    /// lines "True" up with "False" (NumPy formats a void scalar's fields as scalars).
    explicit record_element_format(std::span<const T> shown, bool scalar = false) : scalar_(scalar) {
        T probe{}; // only its members' types are used
        std::apply([&](auto&... member) { (add_field<std::remove_reference_t<decltype(member)>>(shown), ...); }, nd_record_fields(probe));
    }
    std::string operator()(const T& x) const {
        std::string s = "(";
        for (std::size_t k = 0; k < fields_.size(); ++k) s += (k ? ", " : "") + fields_[k](reinterpret_cast<const std::byte*>(&x));
        return s + (fields_.size() == 1 ? ",)" : ")");
    }

private:
    template <class F> void add_field(std::span<const T> shown) {
        using E = std::remove_all_extents_t<F>;
        const field_info& field = layout_of<T>().fields[fields_.size()];
        const std::ptrdiff_t offset = field.offset, count = field_count(field);
        const std::size_t length = shown.size() * static_cast<std::size_t>(count);
        const std::unique_ptr<E[]> column(new E[length]); // not std::vector, which packs bools
        for (std::size_t i = 0; i < shown.size(); ++i)
            std::memcpy(static_cast<void*>(column.get() + i * static_cast<std::size_t>(count)),
                        reinterpret_cast<const std::byte*>(&shown[i]) + offset, sizeof(E) * static_cast<std::size_t>(count));
        const bool scalar_field = scalar_ && field.shape.empty();
        const auto add = [&](auto format) {
            fields_.push_back([format, offset, shape = field.shape](const std::byte* record) {
                return nested_list_text(format, reinterpret_cast<const E*>(record + offset), shape, 0);
            });
        };
        if constexpr (std::is_same_v<E, bool>) {
            if (scalar_field) return add([](bool x) { return std::string(x ? "True" : "False"); });
        }
        if constexpr (record<E>) add(record_element_format<E>(std::span<const E>(column.get(), length), scalar_field));
        else add(make_element_format<E>(std::span<const E>(column.get(), length)));
    }
    template <class Format, class E>
    static std::string nested_list_text(const Format& format, const E* first, const std::vector<std::ptrdiff_t>& shape, std::size_t axis) {
        if (axis == shape.size()) {
            E value;
            std::memcpy(static_cast<void*>(&value), first, sizeof(E));
            return format(value);
        }
        std::ptrdiff_t step = 1;
        for (std::size_t k = axis + 1; k < shape.size(); ++k) step *= shape[k];
        std::string s = "[";
        for (std::ptrdiff_t i = 0; i < shape[axis]; ++i) s += (i ? ", " : "") + nested_list_text(format, first + i * step, shape, axis + 1);
        return s + "]";
    }

    bool scalar_;
    std::vector<std::function<std::string(const std::byte*)>> fields_;
};

/// str() of one element as a NumPy scalar, which is what a 0-d array prints.
template <class T>
std::string scalar_text(T x) {
    if constexpr (std::is_same_v<T, bool>) {
        return x ? "True" : "False";
    } else if constexpr (std::is_integral_v<T>) {
        return integer_text(x);
    } else if constexpr (is_std_complex<T>::value) {
        return complex_scalar_text(x);
    } else {
        return float_scalar_text(x, true, false);
    }
}

/// The elements print shows, in C order in a new array: all of them, or when summarizing the
/// first and last edgeitems along each axis longer than twice that (NumPy's _leading_trailing).
/// Copied one corner block at a time (2^k blocks for k summarized axes) by the loop driver that
/// evaluation and reductions share (for_each_run), so that printing has no walk over strides of
/// its own; a plain element copy, since text formatting dwarfs the copy and the evaluation
/// loops would cost every printing program compile time.
template <class T>
array<T> shown_elements(const T* data, std::span<const std::ptrdiff_t> shape, std::span<const std::ptrdiff_t> byte_strides,
                        const std::vector<bool>& summarized) {
    constexpr std::ptrdiff_t edge = print_options::edgeitems;
    dim_vector shown_shape, block_shape, source_strides;
    std::vector<std::size_t> folded_axes;
    for (std::size_t axis = 0; axis < shape.size(); ++axis) {
        shown_shape.push_back(summarized[axis] ? 2 * edge : shape[axis]);
        block_shape.push_back(summarized[axis] ? edge : shape[axis]);
        source_strides.push_back(byte_strides[axis]);
        if (summarized[axis]) folded_axes.push_back(axis);
    }
    array<T> shown = empty<T>(shown_shape);
    const dim_vector& shown_strides = shown.strides();
    for (std::size_t corner = 0; corner < (std::size_t{1} << folded_axes.size()); ++corner) {
        std::ptrdiff_t from = 0, to = 0;
        for (std::size_t k = 0; k < folded_axes.size(); ++k) {
            if (!(corner >> k & 1U)) continue; // the leading edge items; else the trailing ones
            const std::size_t axis = folded_axes[k];
            from += (shape[axis] - edge) * byte_strides[axis];
            to += edge * shown_strides[axis];
        }
        std::byte* const destination = reinterpret_cast<std::byte*>(shown.data()) + to;
        std::byte* const source = const_cast<std::byte*>(reinterpret_cast<const std::byte*>(data)) + from;
        for_each_run<2>(block_shape, {destination, source}, {&shown_strides, &source_strides}, [](const inner_run<2>& run) {
            for (std::ptrdiff_t i = 0; i < run.length; ++i)
                std::memcpy(run.pointers[0] + i * run.strides[0], run.pointers[1] + i * run.strides[1], sizeof(T));
        });
    }
    return shown;
}

/// Writes the text _formatArray writes, from the shown elements (shown_elements) of an array
/// whose `summarized` axes print "..." between their leading and trailing edge items.
template <class T>
class array_text_writer {
public:
    array_text_writer(const array<T>& shown, const std::vector<bool>& summarized) : shown_(shown), summarized_(summarized) {}

    template <class Format>
    std::string text(const Format& format) const {
        return recurse(format, shown_.data(), 0, " ", print_options::linewidth);
    }

private:
    /// The positions along `axis` of the shown elements, in order; -1 marks the "...".
    std::vector<std::ptrdiff_t> positions(std::size_t axis) const {
        std::vector<std::ptrdiff_t> out;
        const std::ptrdiff_t n = shown_.shape()[axis];
        for (std::ptrdiff_t i = 0; i < n; ++i) {
            if (summarized_[axis] && i == print_options::edgeitems) out.push_back(-1);
            out.push_back(i);
        }
        return out;
    }

    /// Characters of UTF-8 text (NumPy measures lines in characters, not bytes).
    static std::ptrdiff_t text_width(const std::string& text) {
        std::ptrdiff_t width = 0;
        for (const char c : text) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        return width;
    }

    /// _extendLine: wrap before `word` if it would pass `width`, unless the
    /// line holds nothing but its indent (wrapping would not help).
    static void extend_line(std::string& s, std::string& line, const std::string& word,
                            std::ptrdiff_t width, const std::string& next_line_prefix) {
        const std::ptrdiff_t len = text_width(line) + text_width(word);
        if (len > width && text_width(line) > static_cast<std::ptrdiff_t>(next_line_prefix.size())) {
            const std::size_t end = line.find_last_not_of(" \t\n");
            s.append(line, 0, end == std::string::npos ? 0 : end + 1);
            s += '\n';
            line = next_line_prefix;
        }
        line += word;
    }

    // `first` is the shown element the sub-array at `axis` starts with (C order, contiguous).
    template <class Format>
    std::string recurse(const Format& format, const T* first, std::size_t axis,
                        const std::string& hanging_indent, std::ptrdiff_t width) const {
        const std::size_t ndim = static_cast<std::size_t>(shown_.ndim());
        if (axis == ndim) return format(*first);
        const std::string next_indent = hanging_indent + ' ';
        const std::ptrdiff_t next_width = width - 1; // room for the closing ']'
        const std::ptrdiff_t step = shown_.strides()[axis] / static_cast<std::ptrdiff_t>(sizeof(T));
        const std::vector<std::ptrdiff_t> pos = positions(axis);
        std::string s;
        if (axis + 1 == ndim) {
            const std::ptrdiff_t elem_width = width - 1;
            std::string line = hanging_indent;
            for (std::size_t k = 0; k < pos.size(); ++k) {
                const std::string word =
                    pos[k] < 0 ? std::string("...") : recurse(format, first + pos[k] * step, axis + 1, next_indent, next_width);
                extend_line(s, line, word, elem_width, hanging_indent);
                if (k + 1 < pos.size()) line += ' ';
            }
            s += line;
        } else {
            const std::string line_sep(ndim - axis - 1, '\n');
            for (std::size_t k = 0; k < pos.size(); ++k) {
                s += hanging_indent;
                if (pos[k] < 0) s += "...";
                else s += recurse(format, first + pos[k] * step, axis + 1, next_indent, next_width);
                if (k + 1 < pos.size()) s += line_sep;
            }
        }
        return '[' + s.substr(hanging_indent.size()) + ']';
    }

    const array<T>& shown_;
    const std::vector<bool>& summarized_;
};

/// Formats the elements at `data` with the given shape and BYTE strides exactly
/// as NumPy 1.24's str() does (without print()'s trailing newline).
template <class T>
std::string format_array(const T* data, std::span<const std::ptrdiff_t> shape,
                         std::span<const std::ptrdiff_t> byte_strides) {
    static_assert(printable_element<T> || fixed_text<T> || record<T>, "nd prints numbers, text and records");
    if (shape.empty()) {
        T x;
        std::memcpy(static_cast<void*>(&x), data, sizeof(T));
        if constexpr (fixed_text<T>) return x.str();
        else if constexpr (record<T>) return record_element_format<T>(std::span<const T>(&x, 1), true)(x);
        else return scalar_text(x);
    }
    std::ptrdiff_t size = 1;
    for (const std::ptrdiff_t d : shape) {
        if (d == 0) return "[]";
        // Saturate: only the comparison with the threshold matters.
        constexpr std::ptrdiff_t cap = print_options::threshold + 1;
        size = std::min(size * std::min(d, cap), cap);
    }
    std::vector<bool> summarized(shape.size());
    for (std::size_t axis = 0; axis < shape.size(); ++axis)
        summarized[axis] = size > print_options::threshold && 2 * print_options::edgeitems < shape[axis];
    const array<T> shown = shown_elements(data, shape, byte_strides, summarized);
    const array_text_writer<T> writer(shown, summarized);
    // Fitted to the shown elements only (NumPy fits it to _leading_trailing's corners).
    return writer.text(make_element_format<T>(std::span<const T>(shown.data(), static_cast<std::size_t>(shown.size()))));
}

/// Writes format_array's text to `os` unformatted, so that the stream's flags,
/// precision, fill and width neither affect it nor get reset by it.
template <class T>
void print_array(std::ostream& os, const T* data, std::span<const std::ptrdiff_t> shape,
                 std::span<const std::ptrdiff_t> byte_strides) {
    const std::string s = format_array(data, shape, byte_strides);
    os.write(s.data(), static_cast<std::streamsize>(s.size()));
}

} // namespace nd::detail
