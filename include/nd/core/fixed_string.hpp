#pragma once
// Fixed-size text elements, laid out in memory as NumPy's 'S<N>' (bytes) and 'U<N>' (UCS-4
// code points) dtypes: exactly N characters, zero padded, no terminator when full. They are
// element types of their own (arrays of names, record fields), compared and sorted as NumPy
// compares them: character by character as unsigned numbers, a shorter text before a longer one
// it begins.

#include <compare>
#include <concepts>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>

namespace nd {

/// N characters of text, zero padded: `nd::fixed_string<N>` (bytes, NumPy's 'S<N>') and
/// `nd::fixed_ustring<N>` (code points, 'U<N>'); longer text is cut at N, as NumPy cuts it.
/// `nd::fixed_string<10> name = "Alice"; name.view() == "Alice"`
template <class Char, std::size_t N> struct basic_fixed_string {
    static_assert(N > 0, "NumPy has no zero-length string dtype for elements");
    using char_type = Char;
    static constexpr std::size_t capacity = N;

    Char chars[N] = {};

    constexpr basic_fixed_string() = default;
    /// From a string literal. `nd::fixed_string<4> s = "abc";`
    template <std::size_t M>
    constexpr basic_fixed_string(const Char (&text)[M]) : basic_fixed_string(std::basic_string_view<Char>(text, text[M - 1] == Char{} ? M - 1 : M)) {}
    /// From any text; the characters past N are dropped.
    constexpr basic_fixed_string(std::basic_string_view<Char> text) {
        for (std::size_t i = 0; i < N && i < text.size(); ++i) chars[i] = text[i];
    }
    /// Code points from UTF-8 text (a plain literal). `nd::fixed_ustring<5> s = "abc";`
    template <std::size_t M>
        requires std::same_as<Char, char32_t>
    constexpr basic_fixed_string(const char (&text)[M]) : basic_fixed_string(std::string_view(text, text[M - 1] == '\0' ? M - 1 : M)) {}
    constexpr basic_fixed_string(std::string_view utf8)
        requires std::same_as<Char, char32_t>
    {
        std::size_t count = 0;
        for (std::size_t i = 0; i < utf8.size() && count < N;) {
            const auto lead = static_cast<unsigned char>(utf8[i]);
            const std::size_t length = lead < 0x80 ? 1 : lead >> 5 == 6 ? 2 : lead >> 4 == 14 ? 3 : lead >> 3 == 30 ? 4 : 1;
            char32_t code = length == 1 ? lead : lead & (0x7F >> length);
            for (std::size_t k = 1; k < length && i + k < utf8.size(); ++k) code = code << 6 | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
            chars[count++] = code;
            i += length;
        }
    }

    /// The text without its zero padding (NumPy strips trailing zeros too).
    constexpr std::basic_string_view<Char> view() const noexcept { return std::basic_string_view<Char>(chars, size()); }
    /// Characters before the padding. `nd::fixed_string<8>("ab").size() == 2`
    constexpr std::size_t size() const noexcept {
        std::size_t length = N;
        while (length > 0 && chars[length - 1] == Char{}) --length;
        return length;
    }
    /// The text as a std::string (UTF-8 for code points).
    std::string str() const {
        if constexpr (std::same_as<Char, char>) {
            return std::string(view());
        } else {
            std::string out;
            for (const char32_t c : view()) {
                const int extra = c < 0x80 ? 0 : c < 0x800 ? 1 : c < 0x10000 ? 2 : 3;
                constexpr unsigned char lead[] = {0x00, 0xC0, 0xE0, 0xF0};
                out += static_cast<char>(lead[extra] | c >> (6 * extra));
                for (int k = extra - 1; k >= 0; --k) out += static_cast<char>(0x80 | (c >> (6 * k) & 0x3F));
            }
            return out;
        }
    }

    friend constexpr bool operator==(const basic_fixed_string& a, const basic_fixed_string& b) noexcept {
        for (std::size_t i = 0; i < N; ++i)
            if (a.chars[i] != b.chars[i]) return false;
        return true;
    }
    /// Character by character as unsigned numbers; the zero padding makes a prefix order first.
    friend constexpr std::strong_ordering operator<=>(const basic_fixed_string& a, const basic_fixed_string& b) noexcept {
        using code = std::make_unsigned_t<Char>;
        for (std::size_t i = 0; i < N; ++i)
            if (a.chars[i] != b.chars[i]) return static_cast<code>(a.chars[i]) <=> static_cast<code>(b.chars[i]);
        return std::strong_ordering::equal;
    }
};

template <std::size_t N> using fixed_string = basic_fixed_string<char, N>;
template <std::size_t N> using fixed_ustring = basic_fixed_string<char32_t, N>;

namespace detail {
template <class T> struct is_fixed_text : std::false_type {};
template <class Char, std::size_t N> struct is_fixed_text<basic_fixed_string<Char, N>> : std::true_type {};
} // namespace detail

/// `nd::fixed_string<N>` or `nd::fixed_ustring<N>`. `static_assert(nd::fixed_text<nd::fixed_string<3>>);`
template <class T>
concept fixed_text = detail::is_fixed_text<std::remove_cv_t<T>>::value;

} // namespace nd
