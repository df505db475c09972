// Memory-bound evaluations that touch more than the L1 cache take a loop of their own
// (detail::exceeds_l1_cache): it asks for each destination line ahead of its stores, one line
// at a time, and on AVX-512 builds reads and writes half-width (AVX2) batches
// (nd::simd::has_narrow_batch): contiguous runs, broadcast rows and columns, scalars, fresh
// results and in-place updates. These tests check the values of that loop against
// element-by-element arithmetic for each element width, at tails of every length after the last
// whole line and batch, in destinations that start one element into their buffer with the
// elements around them untouched, and on both sides of the cache size. Every SIMD build (AVX-512,
// AVX2, SSE2) takes that loop, with batches of its own width; without SIMD the scalar loops must
// give the same values.
#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

#include <nd/nd.hpp>

namespace {

// Elements of T such that an evaluation over `operands` arrays (the destination included)
// touches `bytes` bytes.
template <class T> std::ptrdiff_t count_for(std::ptrdiff_t bytes, std::ptrdiff_t operands) {
    return bytes / (operands * static_cast<std::ptrdiff_t>(sizeof(T)));
}

// Values that keep sums and products exact for floats and wrap around for narrow integers.
template <class T> nd::array<T> pattern(const nd::dim_vector& shape, int seed) {
    nd::array<T> result = nd::empty<T>(shape);
    T* p = result.data();
    for (std::ptrdiff_t i = 0; i < result.size(); ++i) p[i] = static_cast<T>((i * 7 + seed * 13) % 251 - 100);
    return result;
}

// How many elements of the n at `actual` differ from expected(i).
template <class T, class Expected> std::ptrdiff_t wrong_elements(const T* actual, std::ptrdiff_t n, Expected expected) {
    std::ptrdiff_t wrong = 0;
    for (std::ptrdiff_t i = 0; i < n; ++i) wrong += actual[i] != static_cast<T>(expected(i));
    return wrong;
}

template <class T> void check_narrow_runs() {
    const std::ptrdiff_t l1 = nd::detail::l1_data_cache_bytes();
    const std::ptrdiff_t n = 2 * count_for<T>(l1, 3) + 37; // twice the cache: the narrow path
    const nd::array<T> a = pattern<T>({n}, 1), b = pattern<T>({n}, 2);
    const T* pa = a.data();
    const T* pb = b.data();
    const auto sum = [&](std::ptrdiff_t i) { return pa[i] + pb[i]; };

    SECTION("a fresh result, at every tail length") {
        for (std::ptrdiff_t extra = 0; extra <= 37; extra += 3) {
            const std::ptrdiff_t length = n - 37 + extra;
            INFO("length " + std::to_string(length));
            const nd::array<T> c = a(nd::slice(0, length)) + b(nd::slice(0, length));
            REQUIRE(c.size() == length);
            CHECK(wrong_elements(c.data(), length, sum) == 0);
        }
    }
    SECTION("into a view one element into its buffer, the elements around it untouched") {
        nd::array<T> target = nd::full<T>({n + 2}, T(9));
        nd::view<T> destination = target(nd::slice(1, n + 1));
        destination.assign(a + b);
        CHECK(wrong_elements(destination.data(), n, sum) == 0);
        CHECK(target.data()[0] == T(9));
        CHECK(target.data()[n + 1] == T(9));
    }
    SECTION("operands one element into their buffers") {
        const nd::view<const T> x = a(nd::slice(1, n)), y = b(nd::slice(1, n));
        nd::array<T> c = nd::zeros<T>({n - 1});
        c.assign(x + y);
        CHECK(wrong_elements(c.data(), n - 1, [&](std::ptrdiff_t i) { return pa[i + 1] + pb[i + 1]; }) == 0);
    }
    SECTION("with a scalar, and in place") {
        nd::array<T> c = a + T(3);
        CHECK(wrong_elements(c.data(), n, [&](std::ptrdiff_t i) { return pa[i] + T(3); }) == 0);
        c = a.copy();
        c += b;
        CHECK(wrong_elements(c.data(), n, sum) == 0);
    }
    SECTION("broadcast rows and columns, rows of odd length") {
        const std::ptrdiff_t cols = 37, rows = n / cols;
        const nd::array<T> m = pattern<T>({rows, cols}, 3), row = pattern<T>({cols}, 4), column = pattern<T>({rows, 1}, 5);
        nd::array<T> out = nd::zeros<T>({rows, cols});
        out.assign(m + row);
        CHECK(wrong_elements(out.data(), rows * cols,
                             [&](std::ptrdiff_t i) { return m.data()[i] + row.data()[i % cols]; }) == 0);
        out.assign(m + column);
        CHECK(wrong_elements(out.data(), rows * cols,
                             [&](std::ptrdiff_t i) { return m.data()[i] + column.data()[i / cols]; }) == 0);
    }
    SECTION("on both sides of the cache size") {
        const std::ptrdiff_t at_cache = count_for<T>(l1, 3);
        for (const std::ptrdiff_t length : {at_cache - 1, at_cache, at_cache + 1}) {
            INFO("length " + std::to_string(length));
            const nd::array<T> c = a(nd::slice(0, length)) + b(nd::slice(0, length));
            CHECK(wrong_elements(c.data(), length, sum) == 0);
        }
    }
}

// a * b + c by half-width batches against the whole-width loop, seven elements at a time.
template <class T> void check_narrow_triad() {
    const std::ptrdiff_t n = 2 * count_for<T>(nd::detail::l1_data_cache_bytes(), 4) + 5;
    const nd::array<T> a = pattern<T>({n}, 1), b = pattern<T>({n}, 2), c = pattern<T>({n}, 3);
    const nd::array<T> narrow = a * b + c;
    nd::array<T> small = nd::zeros<T>({7});
    std::ptrdiff_t differing = 0;
    // Seven elements at a time stay inside the cache: the whole-width loop computes them.
    for (std::ptrdiff_t start = 0; start + 7 <= n; start += 7) {
        const nd::slice part(start, start + 7);
        small.assign(a(part) * b(part) + c(part));
        for (std::ptrdiff_t k = 0; k < 7; ++k) differing += small.data()[k] != narrow.data()[start + k];
    }
    CHECK(differing == 0);
}

} // namespace

TEST_CASE("evaluations larger than the L1 cache give exact values at every length and alignment", "[eval][simd]") {
    SECTION("float32") { check_narrow_runs<float>(); }
    SECTION("float64") { check_narrow_runs<double>(); }
    SECTION("int64") { check_narrow_runs<std::int64_t>(); }
    SECTION("int32") { check_narrow_runs<std::int32_t>(); }
    SECTION("int16") { check_narrow_runs<std::int16_t>(); }
    SECTION("uint8, wrapping") { check_narrow_runs<std::uint8_t>(); }
}

TEST_CASE("a multiply-add larger than the L1 cache gives the values it gives inside it", "[eval][simd]") {
    SECTION("float32") { check_narrow_triad<float>(); }
    SECTION("float64") { check_narrow_triad<double>(); }
}

TEST_CASE("half-width batches exist exactly on AVX-512 builds", "[eval][simd]") {
#if defined(__AVX512F__) && !defined(ND_NO_SIMD)
    STATIC_REQUIRE(nd::simd::has_narrow_batch<float>);
    STATIC_REQUIRE(nd::simd::narrow_width<float> * 2 == nd::simd::width<float>);
    STATIC_REQUIRE(nd::simd::narrow_width<double> * 2 == nd::simd::width<double>);
#else
    STATIC_REQUIRE_FALSE(nd::simd::has_narrow_batch<float>);
#endif
    CHECK(nd::detail::l1_data_cache_bytes() > 0);
}
