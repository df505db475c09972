// The reductions' result types (NumPy's: sums of small integers widen to int64/uint64, float32
// stays float32, means of integers are float64, argmin/argmax are int64), their call forms on
// arrays, views and lazy expressions, NaN propagation through min and max on every code path
// (SIMD body, tails, axis 0 rows of accumulators, strided), nd::out, and the errors.

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

template <class T> using scalar_sum = decltype(nd::sum(std::declval<const nd::array<T>&>()));
template <class T> using scalar_prod = decltype(nd::prod(std::declval<const nd::array<T>&>()));
template <class T> using scalar_mean = decltype(nd::mean(std::declval<const nd::array<T>&>()));
template <class T> using scalar_min = decltype(nd::min(std::declval<const nd::array<T>&>()));
template <class T> using scalar_var = decltype(nd::var(std::declval<const nd::array<T>&>()));
template <class T> using axis_sum = decltype(nd::sum(std::declval<const nd::array<T>&>(), 0));
template <class T> using axis_mean = decltype(nd::mean(std::declval<const nd::array<T>&>(), 0));
template <class T> using cumsum_of = decltype(nd::cumsum(std::declval<const nd::array<T>&>()));

using c64 = std::complex<float>;
using c128 = std::complex<double>;

// Sums and products: bool and signed integers below 64 bits -> int64, unsigned -> uint64.
static_assert(std::is_same_v<scalar_sum<bool>, std::int64_t>);
static_assert(std::is_same_v<scalar_sum<std::int8_t>, std::int64_t>);
static_assert(std::is_same_v<scalar_sum<std::int16_t>, std::int64_t>);
static_assert(std::is_same_v<scalar_sum<std::int32_t>, std::int64_t>);
static_assert(std::is_same_v<scalar_sum<std::int64_t>, std::int64_t>);
static_assert(std::is_same_v<scalar_sum<std::uint8_t>, std::uint64_t>);
static_assert(std::is_same_v<scalar_sum<std::uint16_t>, std::uint64_t>);
static_assert(std::is_same_v<scalar_sum<std::uint32_t>, std::uint64_t>);
static_assert(std::is_same_v<scalar_sum<std::uint64_t>, std::uint64_t>);
static_assert(std::is_same_v<scalar_sum<float>, float>);
static_assert(std::is_same_v<scalar_sum<double>, double>);
static_assert(std::is_same_v<scalar_sum<c64>, c64>);
static_assert(std::is_same_v<scalar_sum<c128>, c128>);
static_assert(std::is_same_v<scalar_prod<bool>, std::int64_t>);
static_assert(std::is_same_v<scalar_prod<std::int8_t>, std::int64_t>);
static_assert(std::is_same_v<scalar_prod<std::uint16_t>, std::uint64_t>);
static_assert(std::is_same_v<scalar_prod<float>, float>);
static_assert(std::is_same_v<axis_sum<bool>, nd::array<std::int64_t>>);
static_assert(std::is_same_v<axis_sum<std::int8_t>, nd::array<std::int64_t>>);
static_assert(std::is_same_v<axis_sum<std::int32_t>, nd::array<std::int64_t>>);
static_assert(std::is_same_v<axis_sum<std::uint8_t>, nd::array<std::uint64_t>>);
static_assert(std::is_same_v<axis_sum<std::uint32_t>, nd::array<std::uint64_t>>);
static_assert(std::is_same_v<axis_sum<float>, nd::array<float>>);
// Means, var and std: float64 for bools and integers; float32 stays float32; var/std of complex are real.
static_assert(std::is_same_v<scalar_mean<bool>, double>);
static_assert(std::is_same_v<scalar_mean<std::int8_t>, double>);
static_assert(std::is_same_v<scalar_mean<std::int64_t>, double>);
static_assert(std::is_same_v<scalar_mean<std::uint32_t>, double>);
static_assert(std::is_same_v<scalar_mean<float>, float>);
static_assert(std::is_same_v<scalar_mean<c64>, c64>);
static_assert(std::is_same_v<axis_mean<std::int16_t>, nd::array<double>>);
static_assert(std::is_same_v<axis_mean<float>, nd::array<float>>);
static_assert(std::is_same_v<scalar_var<std::int32_t>, double>);
static_assert(std::is_same_v<scalar_var<float>, float>);
static_assert(std::is_same_v<scalar_var<c64>, float>);
static_assert(std::is_same_v<scalar_var<c128>, double>);
static_assert(std::is_same_v<decltype(nd::std(std::declval<const nd::array<c64>&>())), float>);
// min and max keep the element type; any and all give bool.
static_assert(std::is_same_v<scalar_min<std::int8_t>, std::int8_t>);
static_assert(std::is_same_v<scalar_min<std::uint16_t>, std::uint16_t>);
static_assert(std::is_same_v<scalar_min<float>, float>);
static_assert(std::is_same_v<scalar_min<bool>, bool>);
static_assert(std::is_same_v<decltype(nd::any(std::declval<const nd::array<float>&>())), bool>);
static_assert(std::is_same_v<decltype(nd::all(std::declval<const nd::array<int>&>())), bool>);
static_assert(std::is_same_v<decltype(nd::all(std::declval<const nd::array<int>&>(), 0)), nd::array<bool>>);
// argmin/argmax: int64 flat index, int64 arrays along an axis.
static_assert(std::is_same_v<decltype(nd::argmax(std::declval<const nd::array<std::uint8_t>&>())), std::int64_t>);
static_assert(std::is_same_v<decltype(nd::argmin(std::declval<const nd::array<float>&>())), std::int64_t>);
static_assert(std::is_same_v<decltype(nd::argmax(std::declval<const nd::array<double>&>(), 0)), nd::array<std::int64_t>>);
static_assert(std::is_same_v<decltype(nd::argmin(std::declval<const nd::array<double>&>(), 0, nd::keepdims)), nd::array<std::int64_t>>);
// cumsum/cumprod widen like sum.
static_assert(std::is_same_v<cumsum_of<bool>, nd::array<std::int64_t>>);
static_assert(std::is_same_v<cumsum_of<std::int8_t>, nd::array<std::int64_t>>);
static_assert(std::is_same_v<cumsum_of<std::uint16_t>, nd::array<std::uint64_t>>);
static_assert(std::is_same_v<cumsum_of<float>, nd::array<float>>);
// Views and lazy expressions reduce to the same types as arrays.
static_assert(std::is_same_v<decltype(nd::sum(std::declval<const nd::view<const std::int16_t>&>())), std::int64_t>);
static_assert(std::is_same_v<decltype(nd::sum(std::declval<const nd::array<std::int8_t>&>() * std::declval<const nd::array<std::int8_t>&>())),
                             std::int64_t>);
static_assert(std::is_same_v<decltype(nd::mean(std::declval<const nd::array<float>&>() * 2.0)), float>);


template <class E> std::string message_of(E&& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "(no exception)";
}

} // namespace

TEST_CASE("reduction call forms: all axes, one axis, a list, negative axes, keepdims, out", "[reduce]") {
    const nd::array<double> m = nd::arange<double>(24).reshape({2, 3, 4});
    CHECK(nd::sum(m) == 276.0);
    CHECK(values_of(nd::sum(m, 0)) == std::vector<double>{12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34});
    CHECK(nd::sum(m, -1).shape() == nd::dim_vector{2, 3});
    CHECK(values_of(nd::sum(m, {0, 2})) == std::vector<double>{60, 92, 124});
    CHECK(values_of(nd::sum(m, {-1, 0})) == std::vector<double>{60, 92, 124});
    CHECK(nd::sum(m, {0, 2}, nd::keepdims).shape() == nd::dim_vector{1, 3, 1});
    CHECK(nd::sum(m, {0, 1, 2}).shape() == nd::dim_vector{});
    CHECK(nd::sum(m, {0, 1, 2}, nd::keepdims).shape() == nd::dim_vector{1, 1, 1});
    CHECK(nd::max(m, 1, nd::keepdims).shape() == nd::dim_vector{2, 1, 4});
    CHECK(values_of(nd::min(m, 2)) == std::vector<double>{0, 4, 8, 12, 16, 20});
    CHECK(values_of(nd::prod(nd::array<int>{{1, 2}, {3, 4}}, 1)) == std::vector<std::int64_t>{2, 12});
    CHECK(values_of(nd::mean(m, 0)) == std::vector<double>{6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17});
    CHECK(nd::mean(nd::array<int>{1, 2}) == 1.5);
    CHECK(nd::var(nd::array<double>{1, 2, 3, 4}) == Approx(1.25));
    CHECK(nd::var(nd::array<double>{1, 2, 3, 4}, nd::ddof(1)) == Approx(5.0 / 3.0));
    CHECK(nd::std(nd::array<double>{1, 2, 3, 4}) == Approx(std::sqrt(1.25)));
    CHECK(values_of(nd::var(m, 2, nd::ddof(1))) == std::vector<double>(6, 5.0 / 3.0));
    CHECK(nd::std(m, {0, 1}, nd::keepdims).shape() == nd::dim_vector{1, 1, 4});

    nd::array<double> out = nd::zeros<double>({2, 4});
    const nd::view<double> returned = nd::sum(m, 1, nd::out(out));
    CHECK(values_of(out) == std::vector<double>{12, 15, 18, 21, 48, 51, 54, 57});
    CHECK(returned.data() == out.data());
    nd::array<double> kept = nd::zeros<double>({2, 1, 4});
    nd::max(m, 1, nd::keepdims, nd::out(kept));
    CHECK(values_of(kept) == std::vector<double>{8, 9, 10, 11, 20, 21, 22, 23});
    // out= into a strided, reversed view
    nd::array<std::int64_t> wide = nd::zeros<std::int64_t>({2, 8});
    nd::sum(nd::array<int>{{1, 2}, {3, 4}}, 0, nd::out(wide(0, nd::slice(6, 0, -3))));
    CHECK(values_of(wide(0, nd::all)) == std::vector<std::int64_t>{0, 0, 0, 6, 0, 0, 4, 0});
    nd::array<double> mean_out = nd::zeros<double>({3});
    nd::mean(nd::array<int>{{1, 2, 3}, {4, 5, 7}}, 0, nd::out(mean_out));
    CHECK(values_of(mean_out) == std::vector<double>{2.5, 3.5, 5});

    // any / all; nd::all is also the ':' index
    const nd::array<int> g{{1, 0, 3}, {4, 5, 6}};
    CHECK(nd::any(g));
    CHECK_FALSE(nd::all(g));
    CHECK(nd::all(g > -1));
    CHECK(values_of(nd::all(g, 0)) == std::vector<bool>{true, false, true});
    CHECK(values_of(nd::all(g, {0})) == std::vector<bool>{true, false, true}); // a braced list of axes
    CHECK(nd::all(g > -1, {0, 1}, nd::keepdims).ndim() == g.ndim());
    CHECK(values_of(nd::any(g == 0, 1)) == std::vector<bool>{true, false});
    // (a braced list does not pass through nd::all's forwarding call operator: nd::axes{...})
    CHECK(nd::all(g, nd::axes{0, 1}, nd::keepdims).shape() == nd::dim_vector{1, 1});
    CHECK(values_of(g(nd::all, 1)) == std::vector<int>{0, 5});
    CHECK(nd::all(nd::zeros<int>({0})));
    CHECK_FALSE(nd::any(nd::zeros<int>({0})));

    // argmin / argmax: the flat C-order index, or indices along an axis; the first of ties
    const nd::array<int> t{{3, 9, 9}, {9, 1, 1}};
    CHECK(nd::argmax(t) == 1);
    CHECK(nd::argmin(t) == 4);
    CHECK(nd::argmin(t.T()) == 3); // in the transpose's C order: 3 9 9 1 9 1
    CHECK(values_of(nd::argmax(t, 0)) == std::vector<std::int64_t>{1, 0, 0});
    CHECK(values_of(nd::argmin(t, -1)) == std::vector<std::int64_t>{0, 1});
    CHECK(nd::argmax(t, 1, nd::keepdims).shape() == nd::dim_vector{2, 1});

    // cumsum / cumprod: flattened (C order) or along an axis
    CHECK(values_of(nd::cumsum(t)) == std::vector<std::int64_t>{3, 12, 21, 30, 31, 32});
    CHECK(values_of(nd::cumsum(t, 0)) == std::vector<std::int64_t>{3, 9, 9, 12, 10, 10});
    CHECK(values_of(nd::cumprod(nd::array<std::uint8_t>{200, 2, 2})) == std::vector<std::uint64_t>{200, 400, 800});
    CHECK(values_of(nd::cumsum(nd::array<bool>{true, true, false})) == std::vector<std::int64_t>{1, 2, 2});
}

TEST_CASE("reductions of lazy expressions and views match reductions of their values", "[reduce]") {
    nd::array<float> a = nd::arange<float>(300).reshape({10, 30});
    a /= 7.0f;
    const auto squares = nd::eval(a * a);
    CHECK(nd::sum(a * a) == Approx(nd::sum(squares)).epsilon(1e-6));
    CHECK(values_of(nd::sum(a * a, 0)) == values_of(nd::sum(squares, 0)));
    CHECK(values_of(nd::max(a - 1.0f, 1)) == values_of(nd::max(nd::eval(a - 1.0f), 1)));
    CHECK(nd::argmax(nd::sin(a)) == nd::argmax(nd::eval(nd::sin(a))));
    CHECK(values_of(nd::cumsum(a * 2.0f, 1)) == values_of(nd::cumsum(nd::eval(a * 2.0f), 1)));
    // broadcasting expression: squared distances of 4 points to 5 points in 3-d
    const nd::array<double> p = nd::arange<double>(12).reshape({4, 1, 3});
    const nd::array<double> q = nd::arange<double>(15).reshape({1, 5, 3}) * 0.5;
    const auto diff = p - q;
    const nd::array<double> d2 = nd::mean(diff * diff, 2);
    REQUIRE(d2.shape() == nd::dim_vector{4, 5});
    for (std::ptrdiff_t i = 0; i < 4; ++i)
        for (std::ptrdiff_t j = 0; j < 5; ++j) {
            double s = 0;
            for (std::ptrdiff_t k = 0; k < 3; ++k) {
                const double d = p(i, 0, k) - q(0, j, k);
                s += d * d;
            }
            CHECK(d2(i, j) == Approx(s / 3));
        }
    // reversed and stepped views
    const auto r = a(nd::slice(nd::none, nd::none, -2), nd::slice(25, 2, -3));
    const auto rc = r.copy();
    CHECK(values_of(nd::sum(r, 0)) == values_of(nd::sum(rc, 0)));
    CHECK(values_of(nd::min(r, 1)) == values_of(nd::min(rc, 1)));
    CHECK(nd::argmin(r) == nd::argmin(rc));
    // int8 products and sums widen before they overflow
    const nd::array<std::int8_t> small{100, 100, 100};
    CHECK(nd::sum(small) == 300);
    CHECK(nd::prod(small) == 1000000);
    CHECK(nd::sum(small * small) == 3 * 16); // the int8 products wrap first (100*100 = 16 mod 256), as in NumPy
}

TEST_CASE("empty reductions: identities for sum and prod, errors for min, max, argmin and argmax", "[reduce]") {
    const nd::array<float> e = nd::zeros<float>({3, 0});
    CHECK(nd::sum(e) == 0.0f);
    CHECK(nd::prod(e) == 1.0f);
    CHECK(values_of(nd::sum(e, 1)) == std::vector<float>{0, 0, 0});
    CHECK(values_of(nd::prod(e, 1)) == std::vector<float>{1, 1, 1});
    CHECK(nd::sum(e, 0).shape() == nd::dim_vector{0});
    CHECK(std::isnan(nd::mean(e)));
    CHECK_THROWS_AS(nd::min(e), nd::shape_error);
    CHECK(message_of([&] { (void)nd::min(e); }) == "zero-size array to reduction operation minimum which has no identity");
    CHECK(message_of([&] { (void)nd::max(e, 1); }) == "zero-size array to reduction operation maximum which has no identity");
    CHECK(nd::max(e, 0).shape() == nd::dim_vector{0}); // nothing to reduce into: no error
    CHECK_THROWS_AS(nd::max(nd::zeros<int>({0, 0}), 0), nd::shape_error); // as NumPy: the reduced axis is empty
    CHECK_THROWS_AS(nd::argmax(e), nd::shape_error);
    CHECK(message_of([&] { (void)nd::argmax(e); }) == "attempt to get argmax of an empty sequence");
    CHECK(message_of([&] { (void)nd::argmin(e, 1); }) == "attempt to get argmin of an empty sequence");
    CHECK(nd::argmax(e, 0).shape() == nd::dim_vector{0});
}

TEST_CASE("axis errors: out of range is nd::index_error, duplicates are nd::error", "[reduce]") {
    const nd::array<int> m = nd::zeros<int>({2, 3});
    CHECK_THROWS_AS(nd::sum(m, 2), nd::index_error);
    CHECK(message_of([&] { (void)nd::sum(m, 2); }) == "axis 2 is out of bounds for array of dimension 2");
    CHECK(message_of([&] { (void)nd::max(m, {0, -3}); }) == "axis -3 is out of bounds for array of dimension 2");
    CHECK(message_of([&] { (void)nd::argmax(m, 5); }) == "axis 5 is out of bounds for array of dimension 2");
    CHECK(message_of([&] { (void)nd::cumsum(m, -3); }) == "axis -3 is out of bounds for array of dimension 2");
    // nd::var(m, 2) is axis 2, as np.var(m, 2); ddof is spelled nd::ddof(n)
    CHECK(message_of([&] { (void)nd::var(m, 2); }) == "axis 2 is out of bounds for array of dimension 2");
    CHECK_THROWS_AS(nd::sum(m, {0, -2}), nd::error);
    CHECK(message_of([&] { (void)nd::sum(m, {1, 1}); }) == "duplicate value in 'axis'");
    CHECK(message_of([&] { (void)nd::mean(m, {0, 1, 0}); }) == "duplicate value in 'axis'");
    // out= with the wrong shape or a type the result cannot be cast to (same_kind)
    nd::array<int> wrong = nd::zeros<int>({2});
    CHECK_THROWS_AS(nd::sum(m, 0, nd::out(wrong)), nd::shape_error);
    nd::array<int> narrow = nd::zeros<int>({3});
    CHECK_THROWS_AS(nd::sum(nd::ones<double>({2, 3}), 0, nd::out(narrow)), nd::type_error);
}

TEMPLATE_TEST_CASE("NaN propagates through min and max on every path; argmin/argmax find the first NaN", "[reduce][nan]", float, double) {
    using T = TestType;
    const T nan = std::numeric_limits<T>::quiet_NaN();
    // 1-d: every position of one NaN in lengths around the SIMD widths and NumPy's 8-way unroll
    for (std::ptrdiff_t n : {1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 64, 65, 130, 300}) {
        for (std::ptrdiff_t pos = 0; pos < n; pos += (n > 40 ? 7 : 1)) {
            nd::array<T> a = nd::arange<T>(n);
            a(pos) = nan;
            INFO("n " << n << " NaN at " << pos);
            CHECK(std::isnan(nd::min(a)));
            CHECK(std::isnan(nd::max(a)));
            CHECK(nd::argmin(a) == pos);
            CHECK(nd::argmax(a) == pos);
            CHECK(std::isnan(nd::sum(a)));
            CHECK(nd::any(a)); // NaN is true
            const auto reversed = a(nd::slice(nd::none, nd::none, -1));
            CHECK(std::isnan(nd::min(reversed)));
            CHECK(std::isnan(nd::max(reversed)));
            CHECK(nd::argmax(reversed) == n - 1 - pos);
            // NaN first, then a larger/smaller value: min/max must not drop it
            CHECK(std::isnan(nd::max(a * 1)));
        }
    }
    // axis reductions: axis 0 of a C array (rows of accumulators), axis 1, F order, strided
    for (auto memory_order : {nd::order::C, nd::order::F}) {
        nd::array<T> m = nd::zeros<T>({37, 21}, memory_order);
        m.assign(nd::arange<T>(37 * 21).reshape({37, 21}));
        m(5, 3) = nan;
        m(36, 20) = nan;
        m(0, 0) = nan;
        const std::vector<T> col_max = values_of(nd::max(m, 0)), row_min = values_of(nd::min(m, 1));
        for (std::ptrdiff_t j = 0; j < 21; ++j) CHECK(std::isnan(col_max[static_cast<std::size_t>(j)]) == (j == 0 || j == 3 || j == 20));
        for (std::ptrdiff_t i = 0; i < 37; ++i) CHECK(std::isnan(row_min[static_cast<std::size_t>(i)]) == (i == 0 || i == 5 || i == 36));
        CHECK(values_of(nd::argmax(m, 0))[3] == 5);
        CHECK(values_of(nd::argmin(m, 1))[36] == 20);
        CHECK(std::isnan(nd::max(m(nd::slice(nd::none, nd::none, -2), nd::slice(1, nd::none, 2)))) == false);
        CHECK(std::isnan(nd::max(m(nd::slice(1, nd::none, 2), nd::slice(1, nd::none, 2))))); // (5, 3)
    }
    // infinities are ordinary values
    const nd::array<T> inf{-std::numeric_limits<T>::infinity(), -std::numeric_limits<T>::infinity()};
    CHECK(nd::max(inf) == -std::numeric_limits<T>::infinity());
    CHECK(nd::min(-inf) == std::numeric_limits<T>::infinity());
}

TEST_CASE("complex min and max are lexicographic and propagate the NaN element, as NumPy", "[reduce][nan]") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    using c = std::complex<double>;
    const nd::array<c> a{c(1.0, 1.0), c(1.0, nan), c(2.0, 0.0)};
    // np.max -> (1+nanj), np.argmax -> 1, np.min -> (1+nanj)
    CHECK(std::isnan(nd::max(a).imag()));
    CHECK(nd::max(a).real() == 1.0);
    CHECK(std::isnan(nd::min(a).imag()));
    CHECK(nd::argmax(a) == 1);
    CHECK(nd::argmin(a) == 1);
    const nd::array<c> b{c(1.0, 5.0), c(2.0, -1.0), c(1.0, 7.0)};
    CHECK(nd::max(b) == std::complex<double>(2.0, -1.0));
    CHECK(nd::min(b) == std::complex<double>(1.0, 5.0));
    CHECK(nd::argmax(b) == 1);
}

TEST_CASE("integer extremes: min/max at the ends of the range, sums that wrap as NumPy's", "[reduce]") {
    const nd::array<std::int8_t> lo = nd::full<std::int8_t>({70}, std::int8_t(-128));
    CHECK(nd::max(lo) == -128);
    CHECK(nd::min(lo) == -128);
    CHECK(nd::sum(lo) == -128 * 70);
    const nd::array<std::uint64_t> hi{std::numeric_limits<std::uint64_t>::max(), 1};
    CHECK(nd::sum(hi) == 0u);    // wraps, as NumPy's uint64 add.reduce
    CHECK(nd::max(hi) == std::numeric_limits<std::uint64_t>::max());
    const nd::array<std::int64_t> big{std::numeric_limits<std::int64_t>::max(), 1};
    CHECK(nd::sum(big) == std::numeric_limits<std::int64_t>::min());
    CHECK(values_of(nd::cumsum(big)) == std::vector<std::int64_t>{std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::min()});
    CHECK(nd::prod(nd::full<std::int64_t>({64}, 2)) == 0); // 2^64 wraps to 0
}
