// The nan-functions beyond the NumPy fixtures (tests/reduce/test_reduce_*nan_fixtures*.cpp):
// their result types, lazy expressions as input, SIMD-length runs with NaN in the body and the
// tail, nd::out (including a destination that overlaps the input), and bad input: wrong out=
// shapes and types, all-NaN slices for the arg forms, axes out of range, empty nanmin. Also a
// reduction defined outside nd through the documented extension point (docs/contributing.md).

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include <nd/nd.hpp>

#include "../support/values.hpp"

using nd_test::values_of;

namespace {

const double not_a_number = std::numeric_limits<double>::quiet_NaN();

// Result types, as NumPy's: nansum like sum, nanmean/nanvar of integers float64, float32 stays.
static_assert(std::is_same_v<decltype(nd::nansum(std::declval<const nd::array<std::int8_t>&>())), std::int64_t>);
static_assert(std::is_same_v<decltype(nd::nansum(std::declval<const nd::array<float>&>())), float>);
static_assert(std::is_same_v<decltype(nd::nanmean(std::declval<const nd::array<int>&>())), double>);
static_assert(std::is_same_v<decltype(nd::nanmean(std::declval<const nd::array<float>&>())), float>);
static_assert(std::is_same_v<decltype(nd::nanvar(std::declval<const nd::array<std::complex<float>>&>())), float>);
static_assert(std::is_same_v<decltype(nd::nanmin(std::declval<const nd::array<std::uint16_t>&>())), std::uint16_t>);
static_assert(std::is_same_v<decltype(nd::nanargmax(std::declval<const nd::array<double>&>())), std::int64_t>);
static_assert(std::is_same_v<decltype(nd::nanstd(std::declval<const nd::array<double>&>(), 0)), nd::array<double>>);

// A reduction defined outside nd: the number of non-zero elements, through ops::reduction.
struct count_nonzero_reduction : nd::ops::reduction {
    static constexpr const char* name = "count_nonzero";
    template <class T> using result = std::int64_t;
    template <class A> static A identity() { return 0; }
    template <class A> static A combine(A a, A b) { return a + b; }
};
static_assert(nd::reduction_operation<nd::detail::sum_reduction, double>);
static_assert(nd::reduction_operation<nd::detail::minimum_reduction, float>);
static_assert(nd::reduction_operation<count_nonzero_reduction, std::int64_t>);
static_assert(!nd::reduction_operation<nd::ops::add, double>); // an elementwise operation is not one

} // namespace

TEST_CASE("nan-functions skip NaN in SIMD bodies, tails and along axes", "[reduce][nan]") {
    for (const std::ptrdiff_t n : {1, 7, 8, 67, 1000}) {
        nd::array<double> x = nd::arange<double>(0, static_cast<double>(n));
        double expected_sum = 0, expected_max = not_a_number;
        std::int64_t expected_argmax = -1;
        for (std::ptrdiff_t k = 0; k < n; ++k) {
            if (k % 5 == 2 || k == n - 1) {
                x(k) = not_a_number;
            } else {
                expected_sum += static_cast<double>(k);
                expected_max = static_cast<double>(k);
                expected_argmax = k;
            }
        }
        INFO("n = " << n);
        CHECK(nd::nansum(x) == expected_sum);
        CHECK(std::isnan(nd::sum(x)));
        if (n == 1) continue; // x is [nan]: see the all-NaN tests
        CHECK(nd::nanmin(x) == 0.0);
        CHECK(nd::nanargmin(x) == 0);
        CHECK(nd::nanmax(x) == expected_max);
        CHECK(nd::nanargmax(x) == expected_argmax);
        const nd::array<float> xf = nd::array<float>(x * 1.0); // float32 too
        CHECK(nd::nansum(xf) == static_cast<float>(nd::nansum(x)));
    }
    // Along an axis of a transposed (F-order) view, as the lazy expression x * 2.
    nd::array<double> m = nd::array<double>{1, not_a_number, 3, not_a_number, not_a_number, not_a_number, 4, 5, not_a_number}.reshape({3, 3});
    CHECK(values_of(nd::nansum(m.T() * 2, 1)) == std::vector<double>{10, 10, 6});
    const auto row_max = nd::nanmax(m, 1);
    CHECK(row_max(0) == 3);
    CHECK(std::isnan(row_max(1)));
    CHECK(row_max(2) == 5);
    const auto means = nd::nanmean(m, 0, nd::keepdims);
    CHECK(means.shape() == nd::dim_vector{1, 3});
    CHECK(means(0, 0) == 2.5);
    CHECK(means(0, 1) == 5);
    CHECK(means(0, 2) == 3);
    CHECK(nd::nanvar(m, nd::ddof(1)) == Approx(nd::var(nd::array<double>{1, 3, 4, 5}, nd::ddof(1))));
    CHECK(std::isnan(nd::nanvar(nd::array<double>{not_a_number, 2.0}, nd::ddof(1)))); // n - ddof <= 0 gives NaN, as NumPy
    CHECK(nd::nanstd(nd::array<double>{not_a_number, 2.0, 4.0}) == 1.0);
}

TEST_CASE("nan-functions of 0-d, empty and all-NaN arrays", "[reduce][nan]") {
    const nd::array<double> scalar = nd::full<double>({}, not_a_number);
    CHECK(nd::nansum(scalar) == 0.0);
    CHECK(std::isnan(nd::nanmean(scalar)));
    CHECK(std::isnan(nd::nanmin(scalar)));
    const nd::array<double> empty = nd::zeros<double>({0, 3});
    CHECK(nd::nansum(empty) == 0.0);
    CHECK(std::isnan(nd::nanmean(empty)));
    CHECK(nd::nanargmin(empty, 1).shape() == nd::dim_vector{0}); // no slices: nothing to raise for
    const nd::array<float> all_nan = nd::full<float>({2, 2}, std::numeric_limits<float>::quiet_NaN());
    CHECK(values_of(nd::nansum(all_nan, 0)) == std::vector<float>{0, 0});
    CHECK(std::isnan(nd::nanmax(all_nan)));
    CHECK(std::isnan(nd::nanstd(all_nan)));
}

TEST_CASE("nan-functions with nd::out, also overlapping their input", "[reduce][nan]") {
    nd::array<double> m = nd::array<double>{1, not_a_number, 3, 4, not_a_number, 6}.reshape({2, 3});
    nd::array<double> total = nd::zeros<double>({3});
    nd::nansum(m, 0, nd::out(total));
    CHECK(values_of(total) == std::vector<double>{5, 0, 9});
    nd::nanmean(m, 1, nd::out(m(nd::all, 0))); // the first column, read by the reduction
    CHECK(m(0, 0) == 2);
    CHECK(m(1, 0) == 5);
    nd::array<float> smallest = nd::zeros<float>({2});
    nd::nanmin(m, 1, nd::out(smallest)); // float64 into float32: same kind
    CHECK(values_of(smallest) == std::vector<float>{2, 5});
}

TEST_CASE("nan-functions reject bad input with NumPy's errors, changing nothing", "[reduce][nan][errors]") {
    const nd::array<double> m = nd::array<double>{1, not_a_number, not_a_number, not_a_number}.reshape({2, 2});
    CHECK_THROWS_MATCHES(nd::nanargmin(m, 1), nd::value_error, Catch::Message("All-NaN slice encountered"));
    CHECK_THROWS_MATCHES(nd::nanargmax(nd::array<double>{not_a_number}), nd::value_error, Catch::Message("All-NaN slice encountered"));
    CHECK_THROWS_AS(nd::nanargmax(nd::zeros<double>({0})), nd::value_error); // NumPy: All-NaN slice encountered
    CHECK(nd::nanargmin(m(nd::all, 0)) == 0); // the column [1, NaN] has a number
    CHECK_THROWS_AS(nd::nanargmin(nd::zeros<int>({0})), nd::shape_error); // integers: argmin's error
    CHECK_THROWS_MATCHES(nd::nanmin(nd::zeros<double>({0})), nd::shape_error,
                         Catch::Message("zero-size array to reduction operation fmin which has no identity"));
    CHECK_THROWS_AS(nd::nansum(m, 2), nd::index_error);
    CHECK_THROWS_AS(nd::nanvar(m, {0, 0}), nd::error);
    nd::array<double> wrong = nd::full<double>({3}, 7.0);
    CHECK_THROWS_AS(nd::nansum(m, 0, nd::out(wrong)), nd::shape_error);
    CHECK_THROWS_AS(nd::nanmean(m, 0, nd::out(wrong)), nd::shape_error);
    CHECK(values_of(wrong) == std::vector<double>{7, 7, 7});
    nd::array<int> integers = nd::full<int>({2}, 7);
    CHECK_THROWS_AS(nd::nanmax(m, 0, nd::out(integers)), nd::type_error);
    CHECK(values_of(integers) == std::vector<int>{7, 7});
}

TEST_CASE("a reduction defined outside nd runs on nd's loops", "[reduce][extension]") {
    constexpr nd::reduction_function<count_nonzero_reduction> count_nonzero{};
    const nd::array<int> m = nd::array<int>{0, 1, 2, 0, 0, 3}.reshape({2, 3});
    CHECK(count_nonzero(m != 0) == 3);
    CHECK(values_of(count_nonzero(m != 0, 0)) == std::vector<std::int64_t>{0, 1, 2});
    CHECK(values_of(count_nonzero(m.T() != 0, 0, nd::keepdims)) == std::vector<std::int64_t>{2, 1});
}
