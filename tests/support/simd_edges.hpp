#pragma once
// Shared by tests/eval/test_simd_edges.cpp (float, double) and test_simd_edges_int.cpp (int32,
// int64, uint8): the SIMD kernels at their edges against a scalar reference loop with NumPy's
// semantics (see test_simd_edges.cpp).

#include <nd/nd.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

namespace simd_edges {

// nd's minimum/maximum return the first operand when the two are equal (maximum(0.0, -0.0) is
// 0.0); NumPy 1.24's return the second (-0.0). Reported; until nd changes, the reference
// loop below skips the +-0 ties. Set to true when nd follows NumPy there.
constexpr bool nd_min_max_ties_like_numpy = false;

template <class T>
std::vector<T> edge_values() {
    if constexpr (std::is_floating_point_v<T>) {
        using L = std::numeric_limits<T>;
        return {T(0),           T(-0.0),        T(1),     T(-1),       T(0.5),   T(-2.5),         L::infinity(),
                -L::infinity(), L::quiet_NaN(), L::max(), L::lowest(), L::min(), L::denorm_min(), T(3),
                T(-7.25),       T(1e-3)};
    } else if constexpr (std::is_signed_v<T>) {
        using L = std::numeric_limits<T>;
        return {T(0),   T(1),   T(-1), T(2), T(-3), T(7), L::max(), L::min(), T(L::max() - 1), T(L::min() + 1),
                T(100), T(-100)};
    } else {
        return {T(0), T(1), T(2), T(255), T(254), T(128), T(127), T(7), T(100), T(200)};
    }
}

template <class T>
std::vector<std::ptrdiff_t> edge_lengths() {
    const std::ptrdiff_t w = nd::simd::width<T>;
    std::set<std::ptrdiff_t> lengths = {0, 1, w - 1, w, w + 1, 2 * w + 3};
    lengths.erase(-1);
    return {lengths.begin(), lengths.end()};
}

/// An operand of n elements that starts one element into its buffer; element i is
/// values[(i * step + shift) % values.size()], so that every pair of edge values meets.
template <class T>
nd::view<T> offset_operand(std::ptrdiff_t n, std::size_t step, std::size_t shift) {
    const std::vector<T> values = edge_values<T>();
    nd::array<T> buffer = nd::zeros<T>({n + 2});
    for (std::ptrdiff_t i = 0; i < n; ++i)
        buffer.data()[i + 1] = values[(static_cast<std::size_t>(i) * step + shift) % values.size()];
    return buffer(nd::slice(1, n + 1));
}

template <class R>
bool same_bits(const R& x, const R& y) {
    return std::memcmp(&x, &y, sizeof(R)) == 0;
}

template <class R>
std::string show(const R& x) {
    if constexpr (std::is_floating_point_v<R>) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%a", static_cast<double>(x));
        return buf;
    } else if constexpr (std::is_same_v<R, bool>) {
        return x ? "true" : "false";
    } else {
        return std::to_string(+x);
    }
}

// The reference: one element at a time, NumPy's semantics.
template <class T>
T wrap_add(T a, T b) {
    if constexpr (std::is_floating_point_v<T>)
        return a + b;
    else
        return static_cast<T>(static_cast<std::make_unsigned_t<T>>(static_cast<std::make_unsigned_t<T>>(a) +
                                                                   static_cast<std::make_unsigned_t<T>>(b)));
}
template <class T>
T wrap_sub(T a, T b) {
    if constexpr (std::is_floating_point_v<T>)
        return a - b;
    else
        return static_cast<T>(static_cast<std::make_unsigned_t<T>>(static_cast<std::make_unsigned_t<T>>(a) -
                                                                   static_cast<std::make_unsigned_t<T>>(b)));
}
template <class T>
T wrap_mul(T a, T b) {
    if constexpr (std::is_floating_point_v<T>) {
        return a * b;
    } else {
        // Multiply in an unsigned type at least as wide as unsigned int (no promotion to int).
        using U = std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, std::make_unsigned_t<T>>;
        return static_cast<T>(static_cast<U>(static_cast<U>(static_cast<std::make_unsigned_t<T>>(a)) *
                                             static_cast<U>(static_cast<std::make_unsigned_t<T>>(b))));
    }
}
template <class T>
auto true_divide(T a, T b) {
    if constexpr (std::is_floating_point_v<T>)
        return a / b;
    else
        return static_cast<double>(a) / static_cast<double>(b);
}
// np.maximum / np.minimum: NaN from either side wins; equal values give the second operand.
template <class T>
T numpy_maximum(T a, T b) {
    if constexpr (std::is_floating_point_v<T>)
        return (a > b || std::isnan(a)) ? a : b;
    else
        return a > b ? a : b;
}
template <class T>
T numpy_minimum(T a, T b) {
    if constexpr (std::is_floating_point_v<T>)
        return (a < b || std::isnan(a)) ? a : b;
    else
        return a < b ? a : b;
}
template <class T>
bool zero_tie(T a, T b) {
    if constexpr (std::is_floating_point_v<T>)
        return a == b && std::signbit(a) != std::signbit(b);
    else
        return false;
}

struct checked {
    std::size_t elements = 0, skipped_ties = 0;
};

/// Runs `make(a, b)` (a lazy node) for every edge length: through nd::eval and through
/// x.assign into a destination one element into its buffer, and compares each element with
/// `reference(a_i, b_i)`. `skip(a_i, b_i)` leaves an element out.
template <class T, class Make, class Reference, class Skip>
void check_op(const std::string& what, checked& count, Make&& make, Reference&& reference, Skip&& skip,
              bool scalar_b = false) {
    for (const std::ptrdiff_t n : edge_lengths<T>()) {
        for (std::size_t shift = 0; shift < edge_values<T>().size(); ++shift) {
            const nd::view<T> a = offset_operand<T>(n, 1, 0);
            const nd::view<T> b = offset_operand<T>(n, scalar_b ? 0 : 5, shift);
            using R = typename decltype(make(a, b, T{}))::value_type;
            const T scalar = edge_values<T>()[shift];
            const nd::array<R> evaluated = nd::eval(make(a, b, scalar));
            nd::array<R> buffer = nd::zeros<R>({n + 2});
            const nd::view<R> destination = buffer(nd::slice(1, n + 1));
            destination.assign(make(a, b, scalar));
            INFO(what << ", length " << n << " (W = " << nd::simd::width<T> << "), shift " << shift);
            REQUIRE(evaluated.size() == n);
            CHECK(same_bits(buffer.data()[0], R{}));
            CHECK(same_bits(buffer.data()[n + 1], R{}));
            for (std::ptrdiff_t i = 0; i < n; ++i) {
                const T x = a.data()[i];
                const T y = scalar_b ? scalar : b.data()[i];
                if (skip(x, y)) {
                    ++count.skipped_ties;
                    continue;
                }
                const R want = static_cast<R>(reference(x, y));
                ++count.elements;
                if (!same_bits(evaluated.data()[i], want) || !same_bits(destination.data()[i], want)) {
                    FAIL_CHECK(what << " at " << i << " of " << n << ": " << show(x) << ", " << show(y)
                                    << " -> reference " << show(want) << ", nd::eval " << show(evaluated.data()[i])
                                    << ", assign " << show(destination.data()[i]));
                }
            }
        }
    }
}

template <class T>
void check_all_ops() {
    checked count;
    const auto never = [](T, T) { return false; };
    const auto ties = [](T x, T y) { return !nd_min_max_ties_like_numpy && zero_tie(x, y); };
    for (const bool scalar : {false, true}) {
        const std::string side = scalar ? " (array op scalar)" : " (array op array)";
        // `make` receives both operands and the scalar; it uses b or the scalar as the second operand.
        if (scalar) {
            check_op<T>(
                "a + s" + side, count, [](const auto& a, const auto&, T s) { return a + s; },
                [](T x, T y) { return wrap_add(x, y); }, never, true);
            check_op<T>(
                "a - s" + side, count, [](const auto& a, const auto&, T s) { return a - s; },
                [](T x, T y) { return wrap_sub(x, y); }, never, true);
            check_op<T>(
                "a * s" + side, count, [](const auto& a, const auto&, T s) { return a * s; },
                [](T x, T y) { return wrap_mul(x, y); }, never, true);
            check_op<T>(
                "a / s" + side, count, [](const auto& a, const auto&, T s) { return a / s; },
                [](T x, T y) { return true_divide(x, y); }, never, true);
            check_op<T>(
                "maximum(a, s)" + side, count, [](const auto& a, const auto&, T s) { return nd::maximum(a, s); },
                [](T x, T y) { return numpy_maximum(x, y); }, ties, true);
            check_op<T>(
                "minimum(a, s)" + side, count, [](const auto& a, const auto&, T s) { return nd::minimum(a, s); },
                [](T x, T y) { return numpy_minimum(x, y); }, ties, true);
            check_op<T>(
                "a < s" + side, count, [](const auto& a, const auto&, T s) { return a < s; },
                [](T x, T y) { return x < y; }, never, true);
            check_op<T>(
                "a == s" + side, count, [](const auto& a, const auto&, T s) { return a == s; },
                [](T x, T y) { return x == y; }, never, true);
        } else {
            check_op<T>(
                "a + b" + side, count, [](const auto& a, const auto& b, T) { return a + b; },
                [](T x, T y) { return wrap_add(x, y); }, never);
            check_op<T>(
                "a - b" + side, count, [](const auto& a, const auto& b, T) { return a - b; },
                [](T x, T y) { return wrap_sub(x, y); }, never);
            check_op<T>(
                "a * b" + side, count, [](const auto& a, const auto& b, T) { return a * b; },
                [](T x, T y) { return wrap_mul(x, y); }, never);
            check_op<T>(
                "a / b" + side, count, [](const auto& a, const auto& b, T) { return a / b; },
                [](T x, T y) { return true_divide(x, y); }, never);
            check_op<T>(
                "maximum(a, b)" + side, count, [](const auto& a, const auto& b, T) { return nd::maximum(a, b); },
                [](T x, T y) { return numpy_maximum(x, y); }, ties);
            check_op<T>(
                "minimum(a, b)" + side, count, [](const auto& a, const auto& b, T) { return nd::minimum(a, b); },
                [](T x, T y) { return numpy_minimum(x, y); }, ties);
            check_op<T>(
                "a == b" + side, count, [](const auto& a, const auto& b, T) { return a == b; },
                [](T x, T y) { return x == y; }, never);
            check_op<T>(
                "a != b" + side, count, [](const auto& a, const auto& b, T) { return a != b; },
                [](T x, T y) { return x != y; }, never);
            check_op<T>(
                "a < b" + side, count, [](const auto& a, const auto& b, T) { return a < b; },
                [](T x, T y) { return x < y; }, never);
            check_op<T>(
                "a <= b" + side, count, [](const auto& a, const auto& b, T) { return a <= b; },
                [](T x, T y) { return x <= y; }, never);
            check_op<T>(
                "a > b" + side, count, [](const auto& a, const auto& b, T) { return a > b; },
                [](T x, T y) { return x > y; }, never);
            check_op<T>(
                "a >= b" + side, count, [](const auto& a, const auto& b, T) { return a >= b; },
                [](T x, T y) { return x >= y; }, never);
        }
    }
    CHECK(count.elements > 0);
}

}  // namespace simd_edges
