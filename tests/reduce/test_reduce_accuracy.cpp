// Float sums are at least as accurate as NumPy's pairwise summation: 1e7 float32 values summed
// by nd and by NumPy's algorithm (pairwise_sum of numpy/core/src/umath/loops_utils.h.src,
// re-implemented below), both compared with a long double reference.
//
// Set ND_TEST_ACCURACY_REPORT=1 to print the measured errors.

#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <nd/nd.hpp>

namespace {

/// NumPy's pairwise_sum (PW_BLOCKSIZE 128): below 8 elements a plain loop; up to 128, eight
/// accumulators over the unrolled loop, combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then
/// the remainder; above, the two halves (the split rounded down to a multiple of 8) recursively.
template <class T> T numpy_pairwise_sum(const T* a, std::ptrdiff_t n, std::ptrdiff_t stride) {
    if (n < 8) {
        T res = 0.;
        for (std::ptrdiff_t i = 0; i < n; i++) res += a[i * stride];
        return res;
    } else if (n <= 128) {
        T r[8];
        for (int k = 0; k < 8; ++k) r[k] = a[k * stride];
        std::ptrdiff_t i;
        for (i = 8; i < n - (n % 8); i += 8) {
            for (int k = 0; k < 8; ++k) r[k] += a[(i + k) * stride];
        }
        T res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++) res += a[i * stride];
        return res;
    } else {
        std::ptrdiff_t n2 = n / 2;
        n2 -= n2 % 8;
        return numpy_pairwise_sum(a, n2, stride) + numpy_pairwise_sum(a + n2 * stride, n - n2, stride);
    }
}

/// The relative size of one float32 rounding step (an ulp of the result at most).
constexpr long double one_rounding = std::numeric_limits<float>::epsilon();

bool report_requested() {
    const char* e = std::getenv("ND_TEST_ACCURACY_REPORT");
    return e && *e && std::string(e) != "0";
}

struct errors {
    long double nd, numpy, naive;
};

/// Relative errors of nd's sum, NumPy's pairwise sum and a plain float loop of `values`.
template <class T> errors sum_errors(const nd::array<T>& values) {
    const T* p = values.data();
    const std::ptrdiff_t n = values.size();
    long double exact = 0;
    for (std::ptrdiff_t i = 0; i < n; ++i) exact += static_cast<long double>(p[i]);
    T naive = 0;
    for (std::ptrdiff_t i = 0; i < n; ++i) naive += p[i];
    const T by_nd = nd::sum(values);
    const T by_numpy = numpy_pairwise_sum(p, n, 1);
    auto rel = [&](T x) { return std::fabs(static_cast<long double>(x) - exact) / std::fabs(exact); };
    return {rel(by_nd), rel(by_numpy), rel(naive)};
}

} // namespace

TEST_CASE("the pairwise reference is NumPy's algorithm", "[reduce][accuracy]") {
    // Small sums are exact; the recursion splits at multiples of 8.
    std::vector<float> v(1000);
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(i);
    CHECK(numpy_pairwise_sum(v.data(), 1000, 1) == 499500.0f);
    CHECK(numpy_pairwise_sum(v.data(), 7, 1) == 21.0f);
    CHECK(numpy_pairwise_sum(v.data() + 999, 5, -1) == 999.0f + 998 + 997 + 996 + 995);
}

TEST_CASE("sum of 1e7 float32 values is at least as accurate as NumPy's pairwise sum", "[reduce][accuracy]") {
    const std::ptrdiff_t n = 10000000;
    nd::array<float> values = nd::empty<float>({n});
    std::mt19937_64 generator(20240404);
    std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
    for (std::ptrdiff_t i = 0; i < n; ++i) values.data()[i] = uniform(generator);

    const errors e = sum_errors(values);
    if (report_requested())
        std::cout << "sum of 1e7 float32 in [0, 1): relative error nd " << static_cast<double>(e.nd) << ", NumPy pairwise "
                  << static_cast<double>(e.numpy) << ", naive float loop " << static_cast<double>(e.naive) << "\n";
    INFO("relative errors: nd " << static_cast<double>(e.nd) << ", NumPy pairwise " << static_cast<double>(e.numpy) << ", naive "
                                << static_cast<double>(e.naive));
    // At least as accurate, up to a small factor for the luck of rounding (the two pairwise
    // trees differ) or one float32 rounding of the result (relative 2^-23: no float32 result
    // can do better than half of that); both far better than a sequential float loop.
    CHECK(e.nd <= 2 * e.numpy + one_rounding);
    CHECK(e.nd < 1e-5L);
    CHECK(e.naive > 10 * e.nd);

    // The same over a strided, reversed view of the values and along the axes of a 2-d view of
    // them (axis 1 contiguous: pairwise runs; axis 0: rows of accumulators).
    const auto reversed = values(nd::slice(nd::none, nd::none, -3));
    long double exact = 0;
    for (std::ptrdiff_t i = 0; i < reversed.size(); ++i) exact += static_cast<long double>(reversed(i));
    const float by_nd = nd::sum(reversed);
    const float by_numpy = numpy_pairwise_sum(reversed.data(), reversed.size(), -3);
    const long double nd_error = std::fabs(by_nd - exact) / exact, numpy_error = std::fabs(by_numpy - exact) / exact;
    if (report_requested())
        std::cout << "sum of a[::-3]: relative error nd " << static_cast<double>(nd_error) << ", NumPy pairwise "
                  << static_cast<double>(numpy_error) << "\n";
    CHECK(nd_error <= 2 * numpy_error + one_rounding);

    const auto m = values.reshape({1000, 10000});
    const nd::array<float> rows = nd::sum(m, 1);
    long double worst_row = 0, worst_row_numpy = 0;
    for (std::ptrdiff_t i = 0; i < 1000; ++i) {
        long double ex = 0;
        for (std::ptrdiff_t j = 0; j < 10000; ++j) ex += static_cast<long double>(m(i, j));
        worst_row = std::max(worst_row, std::fabs(rows(i) - ex) / ex);
        worst_row_numpy = std::max(worst_row_numpy, std::fabs(numpy_pairwise_sum(&m(i, 0), 10000, 1) - ex) / ex);
    }
    if (report_requested())
        std::cout << "sum(m, 1) of (1000, 10000): worst relative error nd " << static_cast<double>(worst_row) << ", NumPy pairwise "
                  << static_cast<double>(worst_row_numpy) << "\n";
    CHECK(worst_row <= 2 * worst_row_numpy + one_rounding);
}

TEST_CASE("float32 sums down a long axis 0 are pairwise-accurate too", "[reduce][accuracy]") {
    // NumPy sums axis 0 of a C array with one sequential float32 add per row (its pairwise sum
    // runs along the contiguous axis only); a column of 1e6 values shows how far that drifts.
    const std::ptrdiff_t rows = 1000000, cols = 4;
    nd::array<float> m = nd::empty<float>({rows, cols});
    std::mt19937_64 generator(7);
    std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
    for (std::ptrdiff_t i = 0; i < rows * cols; ++i) m.data()[i] = uniform(generator);
    const nd::array<float> sums = nd::sum(m, 0);
    long double worst = 0, worst_sequential = 0;
    for (std::ptrdiff_t j = 0; j < cols; ++j) {
        long double exact = 0;
        float sequential = 0;
        for (std::ptrdiff_t i = 0; i < rows; ++i) {
            exact += static_cast<long double>(m(i, j));
            sequential += m(i, j);
        }
        worst = std::max(worst, std::fabs(sums(j) - exact) / exact);
        worst_sequential = std::max(worst_sequential, std::fabs(sequential - exact) / exact);
    }
    if (report_requested())
        std::cout << "sum(m, 0) of (1e6, 4) float32: worst relative error nd " << static_cast<double>(worst)
                  << ", sequential (NumPy's order for axis 0) " << static_cast<double>(worst_sequential) << "\n";
    // No stronger claim than NumPy's: nd must not be worse than the sequential order NumPy uses.
    CHECK(worst <= 2 * worst_sequential + one_rounding);
}
