// Reductions of data past the caches: on AVX-512 builds (test_reduce_native) these take the
// half-width kernels (fold_narrow_pays: runs past the L1 cache; rows_narrow_pays: row blocks
// past 32 MiB; argmax and argmin always), elsewhere the whole-width ones, and must give the
// same values. Small integer values make every sum exact, so that a lost or doubled element,
// a tail, or a half of a batch read in two, shows as a wrong value rather than a rounding.

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

// Values 0, 1, 2 and 3: sums of up to 2^22 of them are exact in float32.
template <class T> nd::array<T> small_integers(const nd::dim_vector& shape, unsigned seed) {
    nd::array<T> a = nd::zeros<T>(shape);
    std::mt19937 generator(seed);
    std::uniform_int_distribution<int> value(0, 3);
    for (std::ptrdiff_t i = 0; i < a.size(); ++i) a.data()[i] = static_cast<T>(value(generator));
    return a;
}

template <class T> nd::array<T> uniform_values(std::ptrdiff_t n, unsigned seed) {
    nd::array<T> a = nd::zeros<T>({n});
    std::mt19937 generator(seed);
    std::uniform_real_distribution<double> value(-1.0, 1.0);
    for (std::ptrdiff_t i = 0; i < n; ++i) a.data()[i] = static_cast<T>(value(generator));
    return a;
}

// Past any L1 data cache (192 KiB of floats), with every tail of a 64-byte batch and of the
// kernels' blocks of 8 and leaves of 64 batches.
std::vector<std::ptrdiff_t> long_lengths() { return {49152, 49153, 49159, 49160, 49161, 49215, 49216, 49217, 49669, 70001}; }

} // namespace

TEMPLATE_TEST_CASE("sums, products of leaves, min and max of runs past the L1 cache are exact where the values allow", "[reduce][streams]", float, double) {
    using T = TestType;
    for (std::ptrdiff_t n : long_lengths()) {
        CAPTURE(n);
        const nd::array<T> a = small_integers<T>({n}, static_cast<unsigned>(n));
        const nd::array<T> b = small_integers<T>({n}, static_cast<unsigned>(n) + 1);
        double sum = 0, dot = 0;
        T largest = a.data()[0], smallest = a.data()[0];
        for (std::ptrdiff_t i = 0; i < n; ++i) {
            sum += static_cast<double>(a.data()[i]);
            dot += static_cast<double>(a.data()[i]) * static_cast<double>(b.data()[i]);
            largest = std::max(largest, a.data()[i]);
            smallest = std::min(smallest, a.data()[i]);
        }
        CHECK(static_cast<double>(nd::sum(a)) == sum);
        CHECK(static_cast<double>(nd::sum(a * b)) == dot);
        CHECK(nd::mean(a * b) == static_cast<T>(dot) / static_cast<T>(n)); // the exact sum, divided in T as NumPy does
        CHECK(nd::max(a) == largest);
        CHECK(nd::min(a) == smallest);
        // One element above all others, at the start, in the middle and in the tail.
        for (std::ptrdiff_t at : {std::ptrdiff_t{0}, n / 2 + 1, n - 1}) {
            nd::array<T> c = a.copy();
            c.data()[at] = T(7);
            c.data()[n - 1 - at] = T(-7);
            CHECK(nd::max(c) == T(7));
            CHECK(nd::min(c) == T(-7));
            CHECK(nd::argmax(c) == at);
            CHECK(nd::argmin(c) == n - 1 - at);
        }
    }
}

TEMPLATE_TEST_CASE("sums of random runs past the L1 cache stay within pairwise rounding of a long double sum", "[reduce][streams]", float, double) {
    using T = TestType;
    for (std::ptrdiff_t n : long_lengths()) {
        CAPTURE(n);
        const nd::array<T> a = uniform_values<T>(n, 5u + static_cast<unsigned>(n));
        long double reference = 0, absolute = 0;
        for (std::ptrdiff_t i = 0; i < n; ++i) {
            reference += a.data()[i];
            absolute += std::fabs(static_cast<long double>(a.data()[i]));
        }
        // Pairwise summation's bound: about log2(n) roundings of the sum of magnitudes.
        const long double bound = 20 * std::numeric_limits<T>::epsilon() * absolute;
        CHECK(std::fabs(static_cast<long double>(nd::sum(a)) - reference) <= bound);
    }
}

TEMPLATE_TEST_CASE("min, max, argmin and argmax of runs past the L1 cache find a NaN anywhere", "[reduce][streams][nan]", float, double) {
    using T = TestType;
    const std::ptrdiff_t n = 49669;
    const nd::array<T> a = uniform_values<T>(n, 11);
    for (std::ptrdiff_t at : {std::ptrdiff_t{0}, std::ptrdiff_t{4095}, n / 2, n - 70, n - 1}) {
        CAPTURE(at);
        nd::array<T> c = a.copy();
        c.data()[at] = std::numeric_limits<T>::quiet_NaN();
        c.data()[std::min(at + 3, n - 1)] = std::numeric_limits<T>::quiet_NaN();
        CHECK(std::isnan(nd::max(c)));
        CHECK(std::isnan(nd::min(c)));
        CHECK(nd::argmax(c) == at);
        CHECK(nd::argmin(c) == at);
        CHECK(std::isnan(nd::sum(c)));
    }
}

TEMPLATE_TEST_CASE("axis sums of row blocks past 32 MiB are exact where the values allow", "[reduce][streams][blocks]", float, double) {
    using T = TestType;
    // Rows of 2100 (a tail after whole batches) and a row count that leaves a part group.
    const std::ptrdiff_t rows = sizeof(T) == 4 ? 4100 : 2052, length = 2100;
    const nd::array<T> m = small_integers<T>({rows, length}, 3);
    std::vector<double> columns(static_cast<std::size_t>(length), 0.0), row_sums(static_cast<std::size_t>(rows), 0.0);
    for (std::ptrdiff_t r = 0; r < rows; ++r)
        for (std::ptrdiff_t j = 0; j < length; ++j) {
            const double v = static_cast<double>(m.data()[r * length + j]);
            columns[static_cast<std::size_t>(j)] += v;
            row_sums[static_cast<std::size_t>(r)] += v;
        }
    const nd::array<T> over_rows = nd::sum(m, 0);
    REQUIRE(over_rows.shape() == nd::dim_vector{length});
    for (std::ptrdiff_t j = 0; j < length; ++j) REQUIRE(static_cast<double>(over_rows.data()[j]) == columns[static_cast<std::size_t>(j)]);
    const nd::array<T> over_columns = nd::sum(m, 1);
    for (std::ptrdiff_t r = 0; r < rows; ++r) REQUIRE(static_cast<double>(over_columns.data()[r]) == row_sums[static_cast<std::size_t>(r)]);

    // Two such blocks into the same accumulators (axes 0 and 1 of a 3-d view whose first two
    // axes cannot merge, a row being left out of each block): the second block adds to what
    // the first stored.
    const nd::array<T> cube = small_integers<T>({2, rows + 1, length}, 4);
    const auto blocks = cube(nd::all, nd::slice(0, rows), nd::all);
    std::vector<double> expected(static_cast<std::size_t>(length), 0.0);
    for (std::ptrdiff_t k = 0; k < 2; ++k)
        for (std::ptrdiff_t r = 0; r < rows; ++r)
            for (std::ptrdiff_t j = 0; j < length; ++j) expected[static_cast<std::size_t>(j)] += static_cast<double>(cube.data()[(k * (rows + 1) + r) * length + j]);
    nd::array<T> out = nd::full<T>({length}, T(99));
    nd::sum(blocks, {0, 1}, nd::out(out));
    for (std::ptrdiff_t j = 0; j < length; ++j) REQUIRE(static_cast<double>(out.data()[j]) == expected[static_cast<std::size_t>(j)]);
}
