#pragma once
// NumPy's sort order, written out for the sorting tests (tests/reduce/test_sorting*.cpp): the
// comparison NumPy's sorts, searchsorted and unique use (npysort's LT), bit-for-bit element
// equality (NaN equals NaN, -0.0 is not +0.0), and the partition property.
//
// NumPy's order: false < true; integers as usual; floats with NaN after everything; complex
// numbers in the groups [R + Rj, R + nanj, nan + Rj, nan + nanj] (R not NaN), each group
// ordered by its non-NaN parts (real first). tests/fixtures/gen_sorting.py checks the same
// function, written in Python, against np.sort.

#include <nd/nd.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace nd_test {

/// NumPy's `a < b` for sorting (npysort's LT): NaN sorts last.
template <class T> bool numpy_less(const T& a, const T& b) {
    if constexpr (nd::complex_number<T>) {
        const auto ar = a.real(), ai = a.imag(), br = b.real(), bi = b.imag();
        const bool ai_nan = std::isnan(ai), bi_nan = std::isnan(bi), ar_nan = std::isnan(ar), br_nan = std::isnan(br);
        if (ar < br) return !ai_nan || bi_nan;
        if (ar > br) return bi_nan && !ai_nan;
        if (ar == br || (ar_nan && br_nan)) return ai < bi || (bi_nan && !ai_nan);
        return br_nan;
    } else if constexpr (std::is_floating_point_v<T>) {
        return a < b || (std::isnan(b) && !std::isnan(a));
    } else {
        return a < b;
    }
}

/// Neither is before the other in NumPy's order (equal up to the sign of zeros and NaNs).
template <class T> bool numpy_equivalent(const T& a, const T& b) { return !numpy_less(a, b) && !numpy_less(b, a); }

template <class R> bool same_real_bits(R a, R b) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return a == b && std::signbit(a) == std::signbit(b);
}

/// Bit-for-bit equality, except that every NaN equals every NaN: -0.0 is not +0.0.
template <class T> bool same_bits(const T& a, const T& b) {
    if constexpr (nd::complex_number<T>) return same_real_bits(a.real(), b.real()) && same_real_bits(a.imag(), b.imag());
    else if constexpr (std::is_floating_point_v<T>) return same_real_bits(a, b);
    else return a == b;
}

template <class R> std::uint64_t real_key(R x) {
    if (std::isnan(x)) return ~std::uint64_t{0};
    if constexpr (sizeof(R) == 4) return std::bit_cast<std::uint32_t>(x);
    else return std::bit_cast<std::uint64_t>(x);
}

/// A key that orders elements by their bits (every NaN one key): equal multisets of keys are
/// equal multisets of elements in the sense of same_bits.
template <class T> std::pair<std::uint64_t, std::uint64_t> bit_key(const T& x) {
    if constexpr (nd::complex_number<T>) return {real_key(x.real()), real_key(x.imag())};
    else if constexpr (std::is_floating_point_v<T>) return {real_key(x), 0};
    else return {static_cast<std::uint64_t>(x), 0};
}

inline std::string real_text(double x) {
    if (std::isnan(x)) return "nan";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", x);
    return buf;
}

/// An element as text for failure messages (exact for floats: 17 significant digits).
template <class T> std::string text_of(const T& x) {
    if constexpr (std::is_same_v<T, bool>) return x ? "true" : "false";
    else if constexpr (nd::complex_number<T>) return "(" + real_text(static_cast<double>(x.real())) + "," + real_text(static_cast<double>(x.imag())) + ")";
    else if constexpr (std::is_floating_point_v<T>) return real_text(static_cast<double>(x));
    else if constexpr (std::is_signed_v<T>) return std::to_string(static_cast<long long>(x));
    else return std::to_string(static_cast<unsigned long long>(x));
}

/// Empty when `got` equals `want` bit for bit, else the first differences.
template <class T> std::string bits_difference(const std::vector<T>& got, const std::vector<T>& want) {
    if (got.size() != want.size()) return std::to_string(got.size()) + " elements, expected " + std::to_string(want.size());
    std::string out;
    std::size_t bad = 0;
    for (std::size_t k = 0; k < got.size(); ++k) {
        if (same_bits<T>(got[k], want[k])) continue;
        if (++bad <= 4) out += " [" + std::to_string(k) + "] got " + text_of<T>(got[k]) + " expected " + text_of<T>(want[k]) + ";";
    }
    if (bad) out = std::to_string(bad) + " of " + std::to_string(got.size()) + " differ:" + out;
    return out;
}

/// The lanes along one axis of a C-order list of elements of shape `shape`: element k of lane
/// (o, i) is at (o * n + k) * inner + i.
struct lanes {
    std::ptrdiff_t outer = 1, n = 1, inner = 1;
    std::ptrdiff_t at(std::ptrdiff_t o, std::ptrdiff_t i, std::ptrdiff_t k) const { return (o * n + k) * inner + i; }
    std::ptrdiff_t count() const { return outer * inner; }
};

inline lanes lanes_of(const std::vector<std::ptrdiff_t>& shape, std::size_t axis) {
    lanes l;
    for (std::size_t d = 0; d < shape.size(); ++d) {
        if (d < axis) l.outer *= shape[d];
        else if (d == axis) l.n = shape[d];
        else l.inner *= shape[d];
    }
    return l;
}

template <class T> std::vector<T> lane_values(const std::vector<T>& flat, const lanes& l, std::ptrdiff_t o, std::ptrdiff_t i) {
    std::vector<T> out;
    for (std::ptrdiff_t k = 0; k < l.n; ++k) out.push_back(flat[static_cast<std::size_t>(l.at(o, i, k))]);
    return out;
}

/// Empty when `got` is a partition of `sorted` (NumPy's sort of the same lane) around `kth`
/// (0 <= kth < size): the same elements bit for bit; got[kth] equivalent to sorted[kth] in
/// NumPy's order, and bit-equal to it unless the lane holds both of two equivalent elements that
/// differ in bits (-0.0 and +0.0, a partition need not keep their order); nothing before kth
/// after got[kth], nothing after it before got[kth].
template <class T> std::string partition_failure(const std::vector<T>& got, const std::vector<T>& sorted, std::ptrdiff_t kth) {
    if (got.size() != sorted.size()) return "lane of " + std::to_string(got.size()) + " elements, expected " + std::to_string(sorted.size());
    const auto k = static_cast<std::size_t>(kth);
    if (k >= got.size()) return "kth " + std::to_string(kth) + " outside the lane";
    std::vector<std::pair<std::uint64_t, std::uint64_t>> a, b;
    for (std::size_t j = 0; j < got.size(); ++j) {
        a.push_back(bit_key<T>(got[j]));
        b.push_back(bit_key<T>(sorted[j]));
    }
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    if (a != b) return "not a permutation of the lane's elements";
    const T pivot = got[k], want = sorted[k];
    if (!numpy_equivalent<T>(pivot, want)) return "element kth is " + text_of<T>(pivot) + ", NumPy's sorted[kth] is " + text_of<T>(want);
    if (!same_bits<T>(pivot, want)) {
        bool ambiguous = false;
        for (std::size_t j = 0; j < sorted.size(); ++j) ambiguous = ambiguous || (numpy_equivalent<T>(sorted[j], want) && !same_bits<T>(sorted[j], want));
        if (!ambiguous) return "element kth is " + text_of<T>(pivot) + ", NumPy's sorted[kth] is " + text_of<T>(want) + " (bits differ)";
    }
    for (std::size_t j = 0; j < k; ++j)
        if (numpy_less<T>(pivot, got[j])) return "element " + std::to_string(j) + " (" + text_of<T>(got[j]) + ") before kth is greater than " + text_of<T>(pivot);
    for (std::size_t j = k + 1; j < got.size(); ++j)
        if (numpy_less<T>(got[j], pivot)) return "element " + std::to_string(j) + " (" + text_of<T>(got[j]) + ") after kth is less than " + text_of<T>(pivot);
    return {};
}

/// Empty when `index` holds every one of 0..n-1 once.
inline std::string permutation_failure(const std::vector<std::int64_t>& index) {
    std::vector<bool> seen(index.size(), false);
    for (std::size_t j = 0; j < index.size(); ++j) {
        const auto i = index[j];
        if (i < 0 || static_cast<std::size_t>(i) >= index.size()) return "index " + std::to_string(i) + " out of the lane";
        if (seen[static_cast<std::size_t>(i)]) return "index " + std::to_string(i) + " twice";
        seen[static_cast<std::size_t>(i)] = true;
    }
    return {};
}

} // namespace nd_test
