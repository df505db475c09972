// min, max, argmin and argmax over runs long enough for their SIMD kernels: the min/max
// instruction folds batches while NaN is watched apart (fold_batches, arg_extreme_contiguous),
// so every NaN position in and across blocks, leaves and tails, and every type, is checked
// against a scalar reference. Lengths are counted in batches of the widest SIMD width (64 bytes)
// so that AVX-512, AVX and SSE builds all cross their block and leaf boundaries.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include <nd/nd.hpp>

namespace {

// Elements of T in one 64-byte batch, and the block and leaf sizes of the kernels in elements.
template <class T> constexpr std::ptrdiff_t batch64 = 64 / static_cast<std::ptrdiff_t>(sizeof(T));

template <class T> std::vector<std::ptrdiff_t> lengths() {
    const std::ptrdiff_t w = batch64<T>;
    return {0, 1, w - 1, w, w + 1, 8 * w - 1, 8 * w, 8 * w + 1, 64 * w - 1, 64 * w, 64 * w + 1, 128 * w + 8 * w + 3};
}

template <class T> nd::array<T> random_values(std::ptrdiff_t n, unsigned seed) {
    std::mt19937 generator(seed);
    nd::array<T> a = nd::zeros<T>({n});
    if constexpr (std::is_floating_point_v<T>) {
        std::uniform_real_distribution<double> value(-1000.0, 1000.0);
        for (std::ptrdiff_t i = 0; i < n; ++i) a(i) = static_cast<T>(value(generator));
    } else {
        std::uniform_int_distribution<long long> value(static_cast<long long>(std::numeric_limits<T>::lowest()),
                                                        static_cast<long long>(std::numeric_limits<T>::max()));
        for (std::ptrdiff_t i = 0; i < n; ++i) a(i) = static_cast<T>(value(generator));
    }
    return a;
}

// NumPy's definitions, element by element: the first NaN, or the first extreme element.
template <class T> std::ptrdiff_t reference_arg(const nd::array<T>& a, bool largest) {
    std::ptrdiff_t best = 0;
    for (std::ptrdiff_t i = 0; i < a.size(); ++i) {
        if constexpr (std::is_floating_point_v<T>)
            if (std::isnan(a(i))) return i;
        if (largest ? a(i) > a(best) : a(i) < a(best)) best = i;
    }
    return best;
}

template <class T> void check_against_reference(const nd::array<T>& a) {
    const std::ptrdiff_t high = reference_arg(a, true), low = reference_arg(a, false);
    const auto reversed = a(nd::slice(nd::none, nd::none, -1));
    if constexpr (std::is_floating_point_v<T>) {
        if (std::isnan(a(high))) {
            CHECK(std::isnan(nd::max(a)));
            CHECK(std::isnan(nd::min(a)));
            CHECK(std::isnan(nd::max(reversed)));
            CHECK(std::isnan(nd::min(a * 1)));
            CHECK(nd::argmax(a) == high);
            CHECK(nd::argmin(a) == low);
            return;
        }
    }
    CHECK(nd::max(a) == a(high));
    CHECK(nd::min(a) == a(low));
    CHECK(nd::max(reversed) == a(high));
    CHECK(nd::min(reversed) == a(low));
    CHECK(nd::max(a + 0) == a(high));
    CHECK(nd::argmax(a) == high);
    CHECK(nd::argmin(a) == low);
    CHECK(nd::argmax(reversed) == reference_arg(nd::array<T>(reversed), true));
}

} // namespace

TEMPLATE_TEST_CASE("min, max, argmin and argmax match a scalar reference across SIMD block boundaries", "[reduce][extremes]", float, double,
                   std::int8_t, std::uint8_t, std::int16_t, std::uint16_t, std::int32_t, std::uint32_t, std::int64_t, std::uint64_t) {
    using T = TestType;
    for (std::ptrdiff_t n : lengths<T>()) {
        if (n == 0) continue;
        INFO("n " << n);
        check_against_reference(random_values<T>(n, static_cast<unsigned>(n)));
        // The extremes at the first, a middle and the last position.
        for (std::ptrdiff_t at : {std::ptrdiff_t(0), n / 2, n - 1}) {
            nd::array<T> a = random_values<T>(n, static_cast<unsigned>(n + at));
            a(at) = std::numeric_limits<T>::max();
            a(n - 1 - at) = std::numeric_limits<T>::lowest();
            INFO("extremes at " << at << " and " << n - 1 - at);
            check_against_reference(a);
        }
    }
}

TEMPLATE_TEST_CASE("min and max propagate a NaN at any position of a long run; argmin and argmax find the first", "[reduce][extremes][nan]", float,
                   double) {
    using T = TestType;
    const T nan = std::numeric_limits<T>::quiet_NaN();
    const std::ptrdiff_t w = batch64<T>;
    for (std::ptrdiff_t n : lengths<T>()) {
        if (n == 0) continue;
        // Every position in the first two batches, around every block of 8 batches and leaf of
        // 64, and the last ones.
        std::vector<std::ptrdiff_t> positions;
        for (std::ptrdiff_t p = 0; p < std::min(n, 2 * w); ++p) positions.push_back(p);
        for (std::ptrdiff_t edge = 8 * w; edge < n; edge += 8 * w)
            for (std::ptrdiff_t p : {edge - 1, edge, edge + 1}) positions.push_back(p);
        for (std::ptrdiff_t p : {n / 2, n - 2, n - 1}) positions.push_back(p);
        for (std::ptrdiff_t at : positions) {
            if (at < 0 || at >= n) continue;
            INFO("n " << n << " NaN at " << at);
            // Ascending values: after the NaN, every batch is a new extreme for max, and
            // descending for min, so that a NaN dropped by the min/max instruction would show.
            nd::array<T> rising = nd::arange<T>(n);
            rising(at) = nan;
            check_against_reference(rising);
            nd::array<T> falling = nd::arange<T>(n) * T(-1);
            falling(at) = nan;
            check_against_reference(falling);
            // Two NaNs: the first one wins argmax.
            if (at + 3 < n) {
                rising(at + 3) = -nan;
                check_against_reference(rising);
            }
        }
    }
}

TEMPLATE_TEST_CASE("min, max, argmin and argmax of equal values, signed zeros and infinities in long runs", "[reduce][extremes]", float, double) {
    using T = TestType;
    const T inf = std::numeric_limits<T>::infinity();
    for (std::ptrdiff_t n : lengths<T>()) {
        if (n == 0) continue;
        INFO("n " << n);
        const nd::array<T> same = nd::full<T>({n}, T(2.5));
        CHECK(nd::max(same) == T(2.5));
        CHECK(nd::min(same) == T(2.5));
        CHECK(nd::argmax(same) == 0);
        CHECK(nd::argmin(same) == 0);
        // Zeros of both signs compare equal: the first zero is argmax and argmin, as NumPy.
        nd::array<T> zeros = nd::zeros<T>({n});
        for (std::ptrdiff_t i = 0; i < n; i += 3) zeros(i) = T(-0.0);
        CHECK(nd::max(zeros) == T(0));
        CHECK(nd::min(zeros) == T(0));
        CHECK(nd::argmax(zeros) == 0);
        CHECK(nd::argmin(zeros) == 0);
        // Ties of the extreme in later blocks: the first one wins.
        nd::array<T> ties = nd::zeros<T>({n});
        for (std::ptrdiff_t i = n / 3; i < n; i += 17) ties(i) = inf;
        for (std::ptrdiff_t i = n / 5; i < n; i += 13) ties(i) = -inf;
        check_against_reference(ties);
    }
}
