// Results of nd::detail::streaming_result_bytes or more are written with non-temporal stores:
// plain stores up to the destination's first batch boundary, streamed aligned batches, plain
// stores for the rest. These tests check the values of that path against element-by-element
// arithmetic: at every start offset of the destination within a batch, with tails of every
// length, for each element width, through one run and through blocks of broadcast rows, and at
// the size where streaming starts. (Without SIMD the same results come from the scalar loops.)
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

#include <nd/nd.hpp>

#include "../support/simd_edges.hpp"

namespace {

constexpr std::ptrdiff_t streamed_bytes = nd::detail::streaming_result_bytes;

template <class T> std::ptrdiff_t streamed_count() { return streamed_bytes / static_cast<std::ptrdiff_t>(sizeof(T)); }

// Values that keep sums exact and, for narrow integers, wrap around.
template <class T> nd::array<T> pattern(std::ptrdiff_t n, int seed) {
    nd::array<T> result = nd::empty<T>({n});
    T* p = result.data();
    for (std::ptrdiff_t i = 0; i < n; ++i) p[i] = static_cast<T>((i * 7 + seed * 13) % 251 - 100);
    return result;
}

// How many of a buffer's `total` elements outside [start, start + length) are not `fill`.
template <class T> std::ptrdiff_t changed_outside(const T* buffer, std::ptrdiff_t total, std::ptrdiff_t start, std::ptrdiff_t length, T fill) {
    std::ptrdiff_t changed = 0;
    for (std::ptrdiff_t i = 0; i < start; ++i) changed += buffer[i] != fill;
    for (std::ptrdiff_t i = start + length; i < total; ++i) changed += buffer[i] != fill;
    return changed;
}

// The index of the first element of `actual` that is not a[i] + b[i], or -1.
template <class T> std::ptrdiff_t first_wrong_sum(const T* actual, const T* a, const T* b, std::ptrdiff_t n) {
    for (std::ptrdiff_t i = 0; i < n; ++i)
        if (actual[i] != static_cast<T>(a[i] + b[i])) return i;
    return -1;
}

template <class T> void check_streamed_runs() {
    const std::ptrdiff_t n = streamed_count<T>() + 70; // room for every tail length below
    const nd::array<T> a = pattern<T>(n, 1), b = pattern<T>(n, 2);

    SECTION("a fresh result") {
        const nd::array<T> c = a + b;
        CHECK(first_wrong_sum(c.data(), a.data(), b.data(), n) == -1);
    }
    SECTION("into views that start anywhere within a batch, the elements around them untouched") {
        constexpr std::ptrdiff_t guard = 70;
        for (const std::ptrdiff_t start : {1, 2, 3, 5, 8, 15, 17, 63}) {
            INFO("destination starts " + std::to_string(start) + " elements into its buffer");
            nd::array<T> target = nd::full<T>({n + 2 * guard}, T(9));
            nd::view<T> destination = target(nd::slice(start, start + n));
            destination.assign(a + b);
            CHECK(first_wrong_sum(destination.data(), a.data(), b.data(), n) == -1);
            CHECK(changed_outside(target.data(), n + 2 * guard, start, n, T(9)) == 0);
        }
    }
    SECTION("every tail length after the last whole batch") {
        for (std::ptrdiff_t extra = 0; extra < 70; extra += 3) {
            const std::ptrdiff_t length = streamed_count<T>() + extra;
            const nd::view<const T> x = a(nd::slice(0, length)), y = b(nd::slice(0, length));
            const nd::array<T> c = x + y;
            INFO("length " + std::to_string(length));
            REQUIRE(c.size() == length);
            CHECK(first_wrong_sum(c.data(), a.data(), b.data(), length) == -1);
        }
    }
    SECTION("in place: the destination is an operand") {
        nd::array<T> c = a.copy();
        c += b;
        CHECK(first_wrong_sum(c.data(), a.data(), b.data(), n) == -1);
    }
}

} // namespace

TEST_CASE("results of streaming_result_bytes or more are exact at every alignment and length", "[eval][streaming]") {
    SECTION("float32") { check_streamed_runs<float>(); }
    SECTION("float64") { check_streamed_runs<double>(); }
    SECTION("int32") { check_streamed_runs<std::int32_t>(); }
    SECTION("int8, wrapping") { check_streamed_runs<std::int8_t>(); }
}

TEST_CASE("results just below and at the streaming size are the same sums", "[eval][streaming]") {
    const std::ptrdiff_t n = streamed_count<float>();
    const nd::array<float> a = pattern<float>(n, 3), b = pattern<float>(n, 4);
    for (const std::ptrdiff_t length : {n - 1, n}) {
        const nd::array<float> c = a(nd::slice(0, length)) + b(nd::slice(0, length));
        CHECK(first_wrong_sum(c.data(), a.data(), b.data(), length) == -1);
    }
}

TEST_CASE("broadcast rows of a large result are streamed row by row and exact", "[eval][streaming]") {
    // 2049 rows of 4099 floats: just over streaming_result_bytes, odd lengths, so that rows
    // start at every offset within a batch.
    const std::ptrdiff_t rows = 2049, columns = 4099;
    REQUIRE(rows * columns * static_cast<std::ptrdiff_t>(sizeof(float)) >= streamed_bytes);
    const nd::array<float> m = pattern<float>(rows * columns, 5).reshape({rows, columns});
    const nd::array<float> row = pattern<float>(columns, 6);
    const nd::array<float> column = pattern<float>(rows, 7).reshape({rows, 1});
    const float* pm = m.data();

    SECTION("(R, C) + (C,)") {
        const nd::array<float> out = m + row;
        std::ptrdiff_t wrong = 0;
        for (std::ptrdiff_t i = 0; i < rows; ++i)
            for (std::ptrdiff_t j = 0; j < columns; ++j) wrong += out.data()[i * columns + j] != pm[i * columns + j] + row.data()[j];
        CHECK(wrong == 0);
    }
    SECTION("(R, C) + (R, 1) into rows of a wider array, the columns beside them untouched") {
        nd::array<float> wide = nd::full<float>({rows, columns + 3}, -1.0f);
        nd::view<float> destination = wide(nd::all, nd::slice(1, columns + 1));
        destination.assign(m + column);
        std::ptrdiff_t wrong = 0, changed_outside = 0;
        for (std::ptrdiff_t i = 0; i < rows; ++i) {
            const float* line = wide.data() + i * (columns + 3);
            changed_outside += (line[0] != -1.0f) + (line[columns + 1] != -1.0f) + (line[columns + 2] != -1.0f);
            for (std::ptrdiff_t j = 0; j < columns; ++j) wrong += line[j + 1] != pm[i * columns + j] + column.data()[i];
        }
        CHECK(wrong == 0);
        CHECK(changed_outside == 0);
    }
}

namespace {

// Transposed copies of streaming_result_bytes or more store whole rows of register blocks past
// the cache when every destination row starts on a cache line; other destinations take plain
// stores. The count of elements where destination(i, j) != source(j, i):
template <class T> std::ptrdiff_t wrong_transposed(const nd::view<T>& destination, const nd::array<T>& source) {
    const std::ptrdiff_t rows = destination.shape()[0], columns = destination.shape()[1];
    std::ptrdiff_t wrong = 0;
    for (std::ptrdiff_t i = 0; i < rows; ++i)
        for (std::ptrdiff_t j = 0; j < columns; ++j) wrong += destination(i, j) != source.data()[j * rows + i];
    return wrong;
}

template <class T> void check_streamed_transpose(std::ptrdiff_t rows, std::ptrdiff_t columns) {
    // rows is odd, so the last rows go element by element; columns are whole cache lines.
    REQUIRE(rows * columns * static_cast<std::ptrdiff_t>(sizeof(T)) >= streamed_bytes);
    const nd::array<T> source = pattern<T>(rows * columns, 8).reshape({columns, rows});

    SECTION("into a fresh C array (aligned rows: streamed)") {
        nd::array<T> destination = nd::empty<T>({rows, columns});
        destination.assign(source.T());
        CHECK(wrong_transposed(nd::view<T>(destination), source) == 0);
    }
    SECTION("into rows in reverse order (aligned rows, negative stride: streamed)") {
        nd::array<T> destination = nd::empty<T>({rows, columns});
        nd::view<T> reversed = destination(nd::slice(nd::none, nd::none, -1), nd::all);
        reversed.assign(source.T());
        CHECK(wrong_transposed(reversed, source) == 0);
    }
    SECTION("into columns 1 to C of a wider array (rows off the line boundary: plain stores)") {
        nd::array<T> wide = nd::full<T>({rows, columns + 16}, T(-1));
        nd::view<T> destination = wide(nd::all, nd::slice(1, columns + 1));
        destination.assign(source.T());
        CHECK(wrong_transposed(destination, source) == 0);
        std::ptrdiff_t changed_outside = 0;
        for (std::ptrdiff_t i = 0; i < rows; ++i) changed_outside += (wide(i, 0) != T(-1)) + (wide(i, columns + 1) != T(-1));
        CHECK(changed_outside == 0);
    }
}

} // namespace

TEST_CASE("large transposed copies are exact, streamed or not", "[eval][streaming]") {
    SECTION("float32") { check_streamed_transpose<float>(4097, 2064); }
    SECTION("float64") { check_streamed_transpose<double>(2049, 2056); }
    SECTION("int64") { check_streamed_transpose<std::int64_t>(2049, 2056); }
}

namespace {

// Arguments for exp: a ramp over its whole range, with values outside it (where the SIMD kernel
// hands lanes to std::exp), NaN and infinities at scattered places.
template <class T> nd::array<T> exp_arguments(std::ptrdiff_t n) {
    nd::array<T> result = nd::empty<T>({n});
    T* p = result.data();
    for (std::ptrdiff_t i = 0; i < n; ++i) p[i] = static_cast<T>((i * 37) % 20011) * T(0.01) - T(100);
    for (std::ptrdiff_t i = 5; i < n; i += 100003) p[i] = std::numeric_limits<T>::quiet_NaN();
    for (std::ptrdiff_t i = 11; i < n; i += 70001) p[i] = std::numeric_limits<T>::infinity();
    for (std::ptrdiff_t i = 13; i < n; i += 90001) p[i] = -std::numeric_limits<T>::infinity();
    return result;
}

// The count of elements where two arrays' bits differ (NaN equal to NaN).
template <class T> std::ptrdiff_t differing_bits(const T* a, const T* b, std::ptrdiff_t n) {
    std::ptrdiff_t differing = 0;
    for (std::ptrdiff_t i = 0; i < n; ++i) differing += !simd_edges::same_bits(a[i], b[i]);
    return differing;
}

// exp keeps up with memory, so its large results are streamed (sin's are not): each must equal,
// bit for bit, the same function evaluated in pieces small enough to be stored normally.
template <class T, class Function> void check_streamed_math(Function function) {
    const std::ptrdiff_t n = streamed_count<T>() + 70, piece = streamed_count<T>() / 8;
    const nd::array<T> x = exp_arguments<T>(n);
    nd::array<T> expected = nd::empty<T>({n});
    for (std::ptrdiff_t start = 0; start < n; start += piece) {
        const std::ptrdiff_t stop = std::min(n, start + piece);
        nd::view<T> part = expected(nd::slice(start, stop));
        part.assign(function(x(nd::slice(start, stop))));
    }
    SECTION("a fresh result") {
        const nd::array<T> y = function(x);
        CHECK(differing_bits(y.data(), expected.data(), n) == 0);
    }
    SECTION("into views that start within a batch, with tails of several lengths") {
        for (const std::ptrdiff_t start : {1, 3, 7}) {
            for (const std::ptrdiff_t length : {n - 70, n - 69, n - start}) {
                INFO("destination starts " + std::to_string(start) + " elements into its buffer, length " + std::to_string(length));
                nd::array<T> target = nd::full<T>({n + 8}, T(9));
                nd::view<T> destination = target(nd::slice(start, start + length));
                destination.assign(function(x(nd::slice(0, length))));
                CHECK(differing_bits(destination.data(), expected.data(), length) == 0);
                CHECK(changed_outside(target.data(), n + 8, start, length, T(9)) == 0);
            }
        }
    }
}

} // namespace

TEST_CASE("large results of math functions equal those computed in cache-sized pieces", "[eval][streaming]") {
    auto exp = [](const auto& x) { return nd::exp(x); };
    auto sin = [](const auto& x) { return nd::sin(x); };
    SECTION("exp, float32 (streamed)") { check_streamed_math<float>(exp); }
    SECTION("exp, float64 (streamed)") { check_streamed_math<double>(exp); }
    SECTION("sin, float32 (stored normally)") { check_streamed_math<float>(sin); }
}
