// The loops of advanced indexing whose code depends on the instruction set (AVX-512 and AVX2
// compress from lane bits, the AVX-512 gather, the one-pass selection of large sources),
// checked against element-by-element answers at lengths around their batch, word and chunk
// sizes; built again with -march=native and -mavx2 (tests/CMakeLists.txt).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <vector>

#include <nd/nd.hpp>

#include "../support/allocation_counter.hpp"
#include "../support/values.hpp"

using nd_test::values_of;

TEST_CASE("masks select in C order, for every element size", "[advanced]") {
    auto check_size = [](auto zero) {
        using T = decltype(zero);
        nd::array<T> x = nd::arange<int>(37).astype<T>();
        auto picked = x(nd::arange<int>(37) % 3 == 0);
        REQUIRE(picked.size() == 13);
        for (std::ptrdiff_t k = 0; k < 13; ++k) CHECK(picked(k) == static_cast<T>(3 * k));
        auto backwards = x(nd::slice(nd::none, nd::none, -2));
        auto from_strided = backwards(backwards != T{});
        CHECK(from_strided.size() == 18);
    };
    check_size(std::int8_t{});
    check_size(std::int16_t{});
    check_size(float{});
    check_size(double{});
    check_size(std::complex<double>{});
    SECTION("a mask of the leading axes selects sub-arrays") {
        nd::array<double> m = nd::arange<double>(12).reshape({3, 4});
        auto rows = m(m(nd::all, 0) > 2.0);
        CHECK(rows.shape() == nd::dim_vector{2, 4});
        CHECK(values_of(rows) == std::vector<double>{4, 5, 6, 7, 8, 9, 10, 11});
        auto columns = m(nd::all, nd::array<bool>{true, false, false, true});
        CHECK(values_of(columns) == std::vector<double>{0, 3, 4, 7, 8, 11});
    }
    SECTION("a mask expression is not stored: the result is the only allocation") {
        nd::array<float> x = nd::arange<float>(4096);
        nd::array<float> picked;
        CHECK(nd_test::count_allocations([&] { picked = x(x > 1000.0f); }) == 1);
        CHECK(picked.size() == 3095);
    }
}

TEST_CASE("comparison masks read in SIMD batches agree with the element loop", "[advanced]") {
    // Lengths around the batch (8, 16), word (64) and chunk (512) sizes of the mask loops.
    auto check_type = [](auto zero) {
        using T = decltype(zero);
        for (const std::ptrdiff_t n : {1, 7, 15, 16, 17, 63, 64, 65, 511, 512, 513, 1037}) {
            nd::array<T> x = nd::eval(nd::arange<int>(n) * 7 % 11).astype<T>();
            std::vector<T> expected;
            std::vector<std::int64_t> positions;
            for (std::ptrdiff_t i = 0; i < n; ++i)
                if (x(i) > T(4)) {
                    expected.push_back(x(i));
                    positions.push_back(i);
                }
            INFO("n = " << n);
            CHECK(values_of(x(x > T(4))) == expected);
            CHECK(values_of(x(x >= T(0))) == values_of(x)); // every batch kept whole
            CHECK(x(x < T(0)).size() == 0);                 // every batch skipped
            CHECK(values_of(nd::flatnonzero(x > T(4))) == positions);
            CHECK(nd::count_nonzero(x <= T(4)) == n - static_cast<std::ptrdiff_t>(expected.size()));
            auto every_other = x(nd::slice(nd::none, nd::none, 2));
            CHECK(every_other(every_other >= T(4)).size() == nd::count_nonzero(every_other >= T(4)));
        }
    };
    check_type(float{});
    check_type(double{});
    check_type(std::int32_t{});
    check_type(std::int64_t{});
    // From 4 MiB on, the selection is made in one pass into an array cut to what it keeps.
    const std::ptrdiff_t large = (std::ptrdiff_t{1} << 20) + 3;
    nd::array<float> big = nd::arange<float>(large);
    for (const float threshold : {-1.0f, 1000.0f, static_cast<float>(large)}) {
        const nd::array<float> kept = big(big > threshold);
        const std::ptrdiff_t expected = threshold < 0 ? large : std::max<std::ptrdiff_t>(0, large - 1 - static_cast<std::ptrdiff_t>(threshold));
        REQUIRE(kept.shape() == nd::dim_vector{expected});
        CHECK(kept.nbytes() == expected * 4);
        CHECK(kept.flags().c_contiguous);
        if (expected > 0) {
            CHECK(kept(0) == static_cast<float>(large - expected));
            CHECK(kept(expected - 1) == static_cast<float>(large - 1));
        }
    }
    nd::array<double> with_nan = {1.0, NAN, 3.0, NAN, 1.0};
    CHECK(values_of(nd::flatnonzero(with_nan != 1.0)) == std::vector<std::int64_t>{1, 2, 3});
    CHECK(nd::count_nonzero(with_nan == with_nan) == 3);
    CHECK(nd::count_nonzero(with_nan < 2.0) == 2);
}


TEST_CASE("take gathers in batches and checks every index", "[advanced]") {
    nd::array<float> x = nd::arange<float>(1000);
    std::vector<std::int64_t> picks;
    for (std::int64_t k = 0; k < 37; ++k) picks.push_back(k % 2 == 0 ? (k * 97) % 1000 : -((k * 31) % 1000) - 1);
    nd::array<std::int64_t> indices(nd::dim_vector{37}, nd::order::C);
    std::copy(picks.begin(), picks.end(), indices.data());
    const nd::array<float> taken = nd::take(x, indices);
    for (std::ptrdiff_t k = 0; k < 37; ++k) CHECK(taken(k) == static_cast<float>(picks[static_cast<std::size_t>(k)] < 0 ? picks[static_cast<std::size_t>(k)] + 1000 : picks[static_cast<std::size_t>(k)]));
    const nd::array<double> wide = x.astype<double>();
    CHECK(values_of(nd::take(wide, indices)) == values_of(taken.astype<double>()));
    indices(29) = 1000; // inside a batch of eight, after whole batches
    CHECK_THROWS_MATCHES(nd::take(x, indices), nd::index_error, Catch::Message("index 1000 is out of bounds for axis 0 with size 1000"));
    indices(29) = -1001;
    CHECK_THROWS_MATCHES(nd::take(x, indices), nd::index_error, Catch::Message("index -1001 is out of bounds for axis 0 with size 1000"));
}
