#pragma once
// Element formatting of floating and complex values exactly as NumPy 1.24's
// arrayprint (FloatingFormat / ComplexFloatingFormat with floatmode 'maxprec',
// precision 8) and its scalar str() do it.
//
// NumPy generates digits with Dragon4. Its unique mode yields the shortest
// round-trip digits, which std::to_chars's shortest mode yields as well; when a
// digit cutoff (or NumPy's `min_digits`) applies, Dragon4 rounds the exact binary
// value half-to-even, which is what std::to_chars with a precision does. So all
// digit generation here goes through std::to_chars.

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <complex>
#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace nd::detail {

/// The decimal digits of a finite non-negative value, as `d.ddd × 10^exp10`.
struct decimal_digits {
    std::string digits; ///< at least one digit; "0" for zero
    int exp10 = 0;      ///< the weight of digits[0] is 10^exp10
};

/// A non-negative value in positional notation, without the decimal point.
struct positional_digits {
    std::string whole; ///< digits left of the point, at least "0"
    std::string frac;  ///< digits right of the point, possibly empty
};

/// Parses to_chars's scientific output ("d[.ddd]e±XX") into digits and exponent.
inline decimal_digits parse_scientific(std::string_view s) {
    decimal_digits d;
    const std::size_t e = s.find('e');
    for (std::size_t i = 0; i < e; ++i) {
        if (s[i] != '.') d.digits += s[i];
    }
    std::size_t i = e + 1;
    const bool negative = s[i] == '-';
    if (s[i] == '-' || s[i] == '+') ++i;
    int value = 0;
    std::from_chars(s.data() + i, s.data() + s.size(), value);
    d.exp10 = negative ? -value : value;
    return d;
}

/// Shortest round-trip digits of a finite `x >= 0` (Dragon4's unique mode).
template <class F>
decimal_digits shortest_digits(F x) {
    std::array<char, 64> buf{};
    const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), x,
                                 std::chars_format::scientific);
    return parse_scientific({buf.data(), static_cast<std::size_t>(r.ptr - buf.data())});
}

/// The digits of a finite `x >= 0` rounded exactly (half to even) to `frac`
/// digits after the first significant one.
template <class F>
decimal_digits rounded_digits(F x, int frac) {
    std::array<char, 64> buf{};
    const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), x,
                                 std::chars_format::scientific, frac);
    return parse_scientific({buf.data(), static_cast<std::size_t>(r.ptr - buf.data())});
}

/// Lays scientific digits out positionally, padding with zeros as Dragon4 does.
inline positional_digits to_positional(const decimal_digits& d) {
    positional_digits p;
    const auto n = static_cast<int>(d.digits.size());
    if (d.exp10 >= 0) {
        const int whole = d.exp10 + 1;
        p.whole = d.digits.substr(0, static_cast<std::size_t>(std::min(whole, n)));
        if (whole > n) p.whole.append(static_cast<std::size_t>(whole - n), '0');
        if (n > whole) p.frac = d.digits.substr(static_cast<std::size_t>(whole));
    } else {
        p.whole = "0";
        p.frac.assign(static_cast<std::size_t>(-d.exp10 - 1), '0');
        p.frac += d.digits;
    }
    return p;
}

inline void trim_zeros(std::string& s, std::size_t keep) {
    while (s.size() > keep && s.back() == '0') s.pop_back();
}

/// Positional digits of a finite `x >= 0` rounded exactly to `precision`
/// fractional digits, trailing zeros trimmed.
template <class F>
positional_digits fixed_digits(F x, int precision) {
    std::array<char, 400> buf{};
    const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), x,
                                 std::chars_format::fixed, precision);
    const std::string_view s(buf.data(), static_cast<std::size_t>(r.ptr - buf.data()));
    const std::size_t dot = s.find('.');
    positional_digits p;
    p.whole = std::string(s.substr(0, dot));
    if (dot != std::string_view::npos) p.frac = std::string(s.substr(dot + 1));
    trim_zeros(p.frac, 0);
    return p;
}

/// Positional digits of a finite `x >= 0`: shortest, but at most `precision`
/// fractional digits (rounded exactly), trailing zeros trimmed. With
/// `exact_whole` (NumPy's min_digits=0, as arrays print) the whole part is
/// never cut short: float32 55153568 prints so, not as 55153570.
template <class F>
positional_digits positional_maxprec(F x, int precision, bool exact_whole) {
    const decimal_digits d = shortest_digits(x);
    const int nfrac = static_cast<int>(d.digits.size()) - 1 - d.exp10;
    // Shortest digits that stop before the units digit only happen for
    // integral values, whose exact digits fixed notation gives.
    if (exact_whole && nfrac < 0) return fixed_digits(x, 0);
    if (nfrac <= precision) return to_positional(d);
    // The cap can reach past every significant digit (or the rounding can
    // carry into a new one), which only fixed notation rounds exactly.
    return fixed_digits(x, precision);
}

/// Scientific digits of a finite `x >= 0`: shortest, but at most `precision`
/// digits after the first (rounded exactly), trailing zeros trimmed.
template <class F>
decimal_digits scientific_maxprec(F x, int precision) {
    decimal_digits d = shortest_digits(x);
    if (static_cast<int>(d.digits.size()) - 1 <= precision) return d;
    d = rounded_digits(x, precision);
    trim_zeros(d.digits, 1);
    return d;
}

/// `e±XX` with at least `min_digits` exponent digits (NumPy's exp_digits).
inline std::string exponent_text(int exp10, int min_digits) {
    std::string s = exp10 < 0 ? "e-" : "e+";
    std::string digits = std::to_string(exp10 < 0 ? -exp10 : exp10);
    if (static_cast<int>(digits.size()) < min_digits) {
        s.append(static_cast<std::size_t>(min_digits) - digits.size(), '0');
    }
    return s + digits;
}

/// Formats the elements of one float array as NumPy's FloatingFormat does:
/// every element gets the same width so that columns line up, and the choice
/// between positional and scientific notation is made once for all of them.
template <class F>
class float_element_format {
    static_assert(std::is_same_v<F, float> || std::is_same_v<F, double>);

public:
    static constexpr int max_precision = 8;

    /// `shown` holds the values that will be printed (after summarization);
    /// `sign_plus` prints '+' on non-negative values, as for imaginary parts.
    float_element_format(std::span<const F> shown, bool sign_plus) : sign_plus_(sign_plus) {
        std::vector<F> finite;
        bool any_nonfinite = false;
        bool any_neg_inf = false;
        for (const F x : shown) {
            if (std::isfinite(x)) {
                finite.push_back(x);
            } else {
                any_nonfinite = true;
                any_neg_inf = any_neg_inf || (std::isinf(x) && x < 0);
            }
        }
        bool have_nonzero = false;
        F max_val = 0;
        F min_val = 0;
        for (const F x : finite) {
            if (x == 0) continue;
            const F a = std::fabs(x);
            max_val = have_nonzero ? std::max(max_val, a) : a;
            min_val = have_nonzero ? std::min(min_val, a) : a;
            have_nonzero = true;
        }
        if (have_nonzero) {
            // NumPy compares the F-typed extremes with Python floats (so in
            // double), but divides them in F, where the quotient may overflow.
            const F ratio = static_cast<F>(max_val / min_val);
            exp_format_ = static_cast<double>(max_val) >= 1.e8 ||
                          static_cast<double>(min_val) < 0.0001 ||
                          static_cast<double>(ratio) > 1000.;
        }
        if (finite.empty()) {
            pad_left_ = 0;
            pad_right_ = 0;
        } else if (exp_format_) {
            int max_frac = 0;
            int max_exp_digits = 0;
            int max_int = 0;
            for (const F x : finite) {
                const decimal_digits d = scientific_maxprec(std::fabs(x), max_precision);
                max_frac = std::max(max_frac, static_cast<int>(d.digits.size()) - 1);
                max_exp_digits = std::max(
                    max_exp_digits, static_cast<int>(exponent_text(d.exp10, 2).size()) - 2);
                max_int = std::max(max_int, 1 + (has_sign(x) ? 1 : 0));
            }
            precision_ = max_frac;
            exp_size_ = max_exp_digits;
            pad_left_ = max_int;
            pad_right_ = exp_size_ + 2 + precision_;
        } else {
            for (const F x : finite) {
                // NumPy's first pass omits min_digits, so cuts the whole
                // part short; that never changes its length.
                const positional_digits p =
                    positional_maxprec(std::fabs(x), max_precision, false);
                pad_left_ = std::max(pad_left_,
                                     static_cast<int>(p.whole.size()) + (has_sign(x) ? 1 : 0));
                pad_right_ = std::max(pad_right_, static_cast<int>(p.frac.size()));
            }
        }
        if (any_nonfinite) {
            const int neginf = (sign_plus_ || any_neg_inf) ? 1 : 0;
            const int offset = pad_right_ + 1;
            pad_left_ = std::max({pad_left_, 3 - offset, 3 + neginf - offset});
        }
    }

    /// The padded text of one element.
    std::string operator()(F x) const {
        std::string out;
        if (!std::isfinite(x)) {
            std::string word;
            if (std::isnan(x)) {
                word = sign_plus_ ? "+nan" : "nan";
            } else {
                word = x < 0 ? "-inf" : sign_plus_ ? "+inf" : "inf";
            }
            const int width = pad_left_ + pad_right_ + 1;
            if (static_cast<int>(word.size()) < width) {
                out.assign(static_cast<std::size_t>(width) - word.size(), ' ');
            }
            return out + word;
        }
        const char sign = std::signbit(x) ? '-' : sign_plus_ ? '+' : '\0';
        const int sign_len = sign != '\0' ? 1 : 0;
        if (exp_format_) {
            // min_digits == precision: every element shows exactly `precision`
            // fractional digits. Fewer or more shortest digits are extended or
            // cut from the exact value; when they fit exactly they are kept,
            // since at powers of two (unequal margins) they need not be the
            // nearest ones.
            decimal_digits d = shortest_digits(std::fabs(x));
            if (static_cast<int>(d.digits.size()) - 1 != precision_) {
                d = rounded_digits(std::fabs(x), precision_);
            }
            if (pad_left_ > 1 + sign_len) {
                out.assign(static_cast<std::size_t>(pad_left_ - 1 - sign_len), ' ');
            }
            if (sign != '\0') out += sign;
            out += d.digits[0];
            out += '.';
            out.append(d.digits, 1);
            out += exponent_text(d.exp10, exp_size_);
            return out;
        }
        const positional_digits p = positional_maxprec(std::fabs(x), max_precision, true);
        const int left = static_cast<int>(p.whole.size()) + sign_len;
        if (pad_left_ > left) out.assign(static_cast<std::size_t>(pad_left_ - left), ' ');
        if (sign != '\0') out += sign;
        out += p.whole;
        out += '.';
        out += p.frac;
        if (pad_right_ > static_cast<int>(p.frac.size())) {
            out.append(static_cast<std::size_t>(pad_right_) - p.frac.size(), ' ');
        }
        return out;
    }

private:
    bool has_sign(F x) const { return sign_plus_ || std::signbit(x); }

    bool sign_plus_ = false;
    bool exp_format_ = false;
    int pad_left_ = 0;
    int pad_right_ = 0;
    int precision_ = max_precision;
    int exp_size_ = -1;
};

/// Formats complex elements as NumPy's ComplexFloatingFormat: the real and the
/// imaginary parts are aligned independently, and the 'j' goes right after the
/// imaginary digits, before that part's padding.
template <class F>
class complex_element_format {
public:
    explicit complex_element_format(std::span<const std::complex<F>> shown)
        : real_(parts(shown, false), false), imag_(parts(shown, true), true) {}

    /// The padded text of one element.
    std::string operator()(const std::complex<F>& z) const {
        std::string i = imag_(z.imag());
        const std::size_t end = i.find_last_not_of(' ') + 1;
        i.insert(end, 1, 'j');
        return real_(z.real()) + i;
    }

private:
    static std::vector<F> parts(std::span<const std::complex<F>> zs, bool imag) {
        std::vector<F> out;
        out.reserve(zs.size());
        for (const auto& z : zs) out.push_back(imag ? z.imag() : z.real());
        return out;
    }

    float_element_format<F> real_;
    float_element_format<F> imag_;
};

/// NumPy's str() of a float scalar (what a 0-d array prints): shortest digits,
/// positional for 1e-4 <= |x| < 1e16 (and for zero and nan), else scientific.
/// `leave_one_zero` writes "1.0" rather than "1" (floats do, complex parts do not).
template <class F>
std::string float_scalar_text(F x, bool leave_one_zero, bool sign_plus) {
    if (std::isnan(x)) return "nan";
    const std::string sign = std::signbit(x) ? "-" : sign_plus ? "+" : "";
    if (std::isinf(x)) return sign + "inf";
    const F a = std::fabs(x);
    // NumPy compares against long double literals.
    const auto la = static_cast<long double>(a);
    const decimal_digits d = shortest_digits(a);
    if (a == 0 || (la < 1.e16L && la >= 1.e-4L)) {
        const positional_digits p = to_positional(d);
        std::string out = sign + p.whole;
        if (!p.frac.empty()) {
            out += '.' + p.frac;
        } else if (leave_one_zero) {
            out += ".0";
        }
        return out;
    }
    std::string out = sign + d.digits.substr(0, 1);
    if (d.digits.size() > 1) out += '.' + d.digits.substr(1);
    return out + exponent_text(d.exp10, 2);
}

/// NumPy's str() of a complex scalar: "(1+2j)", or "2j" when the real part is +0.
template <class F>
std::string complex_scalar_text(const std::complex<F>& z) {
    const F re = z.real();
    const F im = z.imag();
    if (re == 0 && !std::signbit(re)) return float_scalar_text(im, false, false) + "j";
    std::string r;
    if (std::isfinite(re)) {
        r = float_scalar_text(re, false, false);
    } else {
        r = std::isnan(re) ? "nan" : re > 0 ? "inf" : "-inf";
    }
    std::string i;
    if (std::isfinite(im)) {
        i = float_scalar_text(im, false, true);
    } else {
        i = std::isnan(im) ? "+nan" : im > 0 ? "+inf" : "-inf";
    }
    return "(" + r + i + "j)";
}

} // namespace nd::detail
