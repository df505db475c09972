// Lazy nodes: when they compute, what they hold, their shapes and NumPy result types.
#include <catch2/catch.hpp>

#include <complex>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

#include <nd/nd.hpp>

#include "../support/values.hpp"

using nd_test::values_of;

namespace {
template <class E> using value_of = typename std::remove_cvref_t<E>::value_type;
} // namespace

TEST_CASE("nothing is computed until the node is assigned or evaluated", "[expr]") {
    nd::array<int> a = {1, 2, 3};
    auto e = a * 10;
    a(0) = 5; // the node reads a when evaluated, not when built
    CHECK(values_of(nd::eval(e)) == std::vector<int>{50, 20, 30});
    STATIC_REQUIRE(nd::expression<decltype(e)>);
    STATIC_REQUIRE_FALSE(nd::expression<nd::array<int>>);
}

TEST_CASE("a node stays valid after the arrays it came from are gone", "[expr]") {
    auto make = [] {
        nd::array<double> a = {1, 2, 3};
        nd::array<double> b = {10, 20, 30};
        return (a + b) * 2; // a and b die here; the node holds their buffers
    };
    auto e = make();
    CHECK(values_of(nd::eval(e)) == std::vector<double>{22, 44, 66});
    auto from_temporaries = nd::arange<double>(3) + nd::ones<double>({3});
    CHECK(values_of(nd::eval(from_temporaries)) == std::vector<double>{1, 2, 3});
}

TEST_CASE("a new array from an expression has NumPy's strides and flags", "[expr]") {
    // Ranks past what a shape holds inline, each order, broadcast and empty (NumPy's values).
    auto f = nd::ones<float>({2, 1, 3, 1, 2, 2}, nd::order::F);
    nd::array<float> sum = f + f;
    CHECK(sum.strides() == nd::dim_vector{4, 8, 8, 24, 24, 48});
    CHECK(sum.flags().f_contiguous);
    CHECK(sum.flags().owndata);
    CHECK(values_of(sum) == std::vector<float>(24, 2.0f));
    nd::array<float> c_order = nd::ones<float>({2, 1, 3, 1, 2, 2}) * 3.0f;
    CHECK(c_order.strides() == nd::dim_vector{48, 48, 16, 16, 8, 4});
    CHECK(c_order.flags().c_contiguous);
    nd::array<double> broadcast = nd::ones<double>({2, 3, 1, 1, 2}) + nd::ones<double>({2});
    CHECK(broadcast.strides() == nd::dim_vector{48, 16, 16, 16, 8});
    const auto empty = nd::ones<double>({3, 0, 5, 1, 2});
    nd::array<double> empty_sum = empty + empty;
    CHECK(empty_sum.shape() == nd::dim_vector{3, 0, 5, 1, 2});
    CHECK(empty_sum.strides() == nd::dim_vector{0, 0, 0, 0, 0});
    nd::array<double> empty_broadcast = empty * nd::ones<double>({1, 1, 2});
    CHECK(empty_broadcast.strides() == nd::dim_vector{0, 0, 0, 0, 0});
}

TEST_CASE("shapes broadcast when the node is built; mismatches throw there", "[expr][errors]") {
    nd::array<int> m = {{10, 20, 30}, {40, 50, 60}};
    nd::array<int> row = {1, 2, 3};
    nd::array<int> col = {100, 200};
    auto column = col.reshape({2, 1});
    CHECK(values_of(nd::eval(m + row)) == std::vector<int>{11, 22, 33, 41, 52, 63});
    CHECK(values_of(nd::eval(m + column)) == std::vector<int>{110, 120, 130, 240, 250, 260});
    CHECK((m + row).shape() == nd::dim_vector{2, 3});
    CHECK((column + row).shape() == nd::dim_vector{2, 3});
    nd::array<int> four = {1, 2, 3, 4};
    CHECK_THROWS_AS(m + four, nd::shape_error);
    CHECK_THROWS_WITH(m + four, "operands could not be broadcast together with shapes (2,3) (4,)");
    CHECK_THROWS_WITH(nd::where(m > 0, m, four), Catch::Contains("(2,3) (2,3) (4,)"));
    // Assigning a node of the wrong shape writes nothing.
    nd::array<int> target = {7, 7};
    CHECK_THROWS_AS(target.assign(m + row), nd::shape_error);
    CHECK(values_of(target) == std::vector<int>{7, 7});
    auto scalar_node = nd::full<double>({}, 2.0) * 3;
    CHECK(scalar_node.ndim() == 0);
    CHECK(nd::eval(scalar_node)() == 6.0);
    auto empty = nd::zeros<float>({0, 3}) + nd::ones<float>({3});
    CHECK(nd::eval(empty).shape() == nd::dim_vector{0, 3});
}

TEST_CASE("result types follow np.result_type; C++ scalars are weak (NEP 50)", "[expr]") {
    nd::array<float> f = {1, 2};
    nd::array<std::int32_t> i = {1, 2};
    nd::array<std::uint8_t> u = {1, 2};
    nd::array<bool> b = {true, false};
    STATIC_REQUIRE(std::is_same_v<value_of<decltype(f * 2.0)>, float>);
    STATIC_REQUIRE(std::is_same_v<value_of<decltype(i * 2.5)>, double>);
    STATIC_REQUIRE(std::is_same_v<value_of<decltype(i + 1)>, std::int32_t>);
    STATIC_REQUIRE(std::is_same_v<value_of<decltype(u + 1)>, std::uint8_t>);
    STATIC_REQUIRE(std::is_same_v<value_of<decltype(b + 1)>, std::int64_t>);
    STATIC_REQUIRE(std::is_same_v<value_of<decltype(b + true)>, bool>);
    STATIC_REQUIRE(std::is_same_v<value_of<decltype(f * std::complex<double>(1, 1))>, std::complex<float>>);
    STATIC_REQUIRE(std::is_same_v<value_of<decltype(i / i)>, double>);
    STATIC_REQUIRE(std::is_same_v<value_of<decltype(f / f)>, float>);
    STATIC_REQUIRE(std::is_same_v<value_of<decltype(i + u)>, std::int32_t>);
    STATIC_REQUIRE(std::is_same_v<value_of<decltype(i + f)>, double>);
    STATIC_REQUIRE(std::is_same_v<value_of<decltype(u + f)>, float>);
    STATIC_REQUIRE(std::is_same_v<value_of<decltype(i > f)>, bool>);
    STATIC_REQUIRE(std::is_same_v<value_of<decltype(nd::sqrt(i))>, double>);
    STATIC_REQUIRE(std::is_same_v<value_of<decltype(nd::sqrt(f))>, float>);
    STATIC_REQUIRE(std::is_same_v<value_of<decltype(nd::abs(nd::array<std::complex<float>>{}))>, float>);
    STATIC_REQUIRE(std::is_same_v<value_of<decltype(nd::where(b, i, f))>, double>);
    CHECK(values_of(nd::eval(i * 2.5)) == std::vector<double>{2.5, 5.0});
    CHECK(values_of(nd::eval(u + 255)) == std::vector<std::uint8_t>{0, 1}); // wraps in uint8
}

TEST_CASE("integers behave as in NumPy, without C++ undefined behaviour", "[expr]") {
    using limits = std::numeric_limits<std::int32_t>;
    nd::array<std::int32_t> a = {-7, 7, limits::min(), 5, limits::max()};
    nd::array<std::int32_t> b = {2, -2, -1, 0, 1};
    CHECK(values_of(nd::eval(nd::floor_divide(a, b))) == std::vector<std::int32_t>{-4, -4, limits::min(), 0, limits::max()});
    CHECK(values_of(nd::eval(a % b)) == std::vector<std::int32_t>{1, -1, 0, 0, 0});
    CHECK(values_of(nd::eval(a + b)) == std::vector<std::int32_t>{-5, 5, limits::max(), 5, limits::min()});
    CHECK(values_of(nd::eval(a * 2)) == std::vector<std::int32_t>{-14, 14, 0, 10, -2});
    CHECK(values_of(nd::eval(-a)) == std::vector<std::int32_t>{7, -7, limits::min(), -5, -limits::max()});
    CHECK(values_of(nd::eval(nd::abs(a))) == std::vector<std::int32_t>{7, 7, limits::min(), 5, limits::max()});
    auto quotient = nd::eval(a / b);
    CHECK(quotient(0) == -3.5);
    CHECK(std::isinf(quotient(3)));
    nd::array<std::int64_t> base = {2, -3, 0};
    CHECK(values_of(nd::eval(nd::power(base, 3))) == std::vector<std::int64_t>{8, -27, 0});
    // NumPy's wrapped values: np.power(np.array([2, -3, 0]), 63)
    CHECK(values_of(nd::eval(nd::power(base, 63))) == std::vector<std::int64_t>{std::numeric_limits<std::int64_t>::min(), 3237885987332494933, 0});
    nd::array<double> x = {-7.5, 7.5, 1.0, -0.0};
    nd::array<double> y = {2, -2, 0, 3};
    auto fd = nd::eval(nd::floor_divide(x, y));
    CHECK(fd(0) == -4.0);
    CHECK(fd(1) == -4.0);
    CHECK(std::isinf(fd(2)));
    CHECK(std::signbit(fd(3)));
    auto md = nd::eval(nd::mod(x, y));
    CHECK(md(0) == 0.5);
    CHECK(md(1) == -0.5);
    CHECK(std::isnan(md(2)));
}

TEST_CASE("comparisons give bool arrays and NaN compares as in NumPy", "[expr]") {
    const double nan = std::nan("");
    nd::array<double> a = {1, nan, 3};
    nd::array<double> b = {1, nan, 2};
    CHECK(values_of(nd::eval(a == b)) == std::vector<bool>{true, false, false});
    CHECK(values_of(nd::eval(a != b)) == std::vector<bool>{false, true, true});
    CHECK(values_of(nd::eval(a < b)) == std::vector<bool>{false, false, false});
    CHECK(values_of(nd::eval(a >= b)) == std::vector<bool>{true, false, true});
    CHECK(values_of(nd::eval(nd::isnan(a))) == std::vector<bool>{false, true, false});
    auto mx = nd::eval(nd::maximum(a, 2.0));
    CHECK(std::isnan(mx(1)));
    CHECK(nd::eval(nd::fmax(a, 2.0))(1) == 2.0);
    nd::array<int> m = {{10, 20, 30}, {40, 50, 60}};
    auto mask = nd::eval(m > 25);
    STATIC_REQUIRE(std::is_same_v<decltype(mask), nd::array<bool>>);
    CHECK(values_of(nd::eval(mask & (m < 55))) == std::vector<bool>{false, false, true, true, true, false});
    CHECK(values_of(nd::eval(~mask)) == std::vector<bool>{true, true, false, false, false, false});
    CHECK(values_of(nd::eval(m ^ 1)) == std::vector<int>{11, 21, 31, 41, 51, 61});
    CHECK(values_of(nd::eval(~nd::array<std::uint8_t>{0, 255})) == std::vector<std::uint8_t>{255, 0});
}

TEST_CASE("where, clip, round and the rounding functions", "[expr]") {
    nd::array<double> x = {-1.5, 0.5, 2.5, 3.7};
    CHECK(values_of(nd::eval(nd::rint(x))) == std::vector<double>{-2, 0, 2, 4});
    CHECK(values_of(nd::eval(nd::floor(x))) == std::vector<double>{-2, 0, 2, 3});
    CHECK(values_of(nd::eval(nd::ceil(x))) == std::vector<double>{-1, 1, 3, 4});
    CHECK(values_of(nd::eval(nd::trunc(x))) == std::vector<double>{-1, 0, 2, 3});
    CHECK(values_of(nd::eval(nd::clip(x, 0, 3))) == std::vector<double>{0, 0.5, 2.5, 3});
    CHECK(values_of(nd::eval(nd::where(x > 1, x, -x))) == std::vector<double>{1.5, -0.5, 2.5, 3.7});
    CHECK(values_of(nd::eval(nd::round(nd::array<double>{1.234, 2.345, -0.125}, 2))) == std::vector<double>{1.23, 2.35, -0.12});
    CHECK(values_of(nd::eval(nd::round(nd::array<int>{1234, 1250, -1350}, -2))) == std::vector<int>{1200, 1200, -1400});
    CHECK(values_of(nd::eval(nd::sign(nd::array<double>{-2, 0, 3}))) == std::vector<double>{-1, 0, 1});
}

TEST_CASE("in-place operators, out= and assign", "[expr][errors]") {
    auto a = nd::ones<double>({5});
    a *= 2;
    a += 1;
    CHECK(values_of(a) == std::vector<double>(5, 3.0));
    auto x = nd::ones<double>({5});
    auto result = nd::empty_like(x);
    auto returned = nd::multiply(x, 2, nd::out(result));
    nd::add(result, 1, nd::out(result));
    CHECK(values_of(result) == std::vector<double>(5, 3.0));
    CHECK(returned.data() == result.data());
    const double* storage = result.data();
    result.assign(x * 4 + 1);
    CHECK(result.data() == storage);
    CHECK(values_of(result) == std::vector<double>(5, 5.0));
    result = x * 3; // same shape: no reallocation
    CHECK(result.data() == storage);
    result = nd::ones<double>({2}) * 3; // new shape: new storage
    CHECK(result.shape() == nd::dim_vector{2});
    nd::array<int> ints = {1, 2, 3};
    CHECK_THROWS_AS(ints += 1.5, nd::type_error);
    CHECK_THROWS_WITH(ints += 1.5, "Cannot cast ufunc 'add' output from dtype('float64') to dtype('int32') with casting rule 'same_kind'");
    CHECK_THROWS_AS(nd::add(ints, 0.5, nd::out(ints)), nd::type_error);
    CHECK(values_of(ints) == std::vector<int>{1, 2, 3});
    ints.assign(nd::array<double>{1.9, 2.9, -3.9} * 1); // plain assignment casts like NumPy's setitem
    CHECK(values_of(ints) == std::vector<int>{1, 2, -3});
    nd::array<float> f = {1, 2};
    nd::add(f, 1.0, nd::out(f)); // float64 scalar is weak: float32 result, fits
    CHECK(values_of(f) == std::vector<float>{2, 3});
    nd::array<double> d = {1, 2};
    nd::add(f, f, nd::out(d)); // float32 into float64 is safe
    CHECK(values_of(d) == std::vector<double>{4, 6});
    auto m = nd::arange<double>(6).reshape({2, 3});
    auto column = m(nd::all, 1);
    column *= 10;
    CHECK(values_of(m) == std::vector<double>{0, 10, 2, 3, 40, 5});
    CHECK_THROWS_AS(nd::add(m, 1, nd::out(column)), nd::shape_error); // out must have the broadcast shape
}

TEST_CASE("writing an expression into a read-only view is an error and writes nothing", "[expr][errors]") {
    nd::array<int> row = {1, 2, 3};
    auto bt = nd::broadcast_to(row, {2, 3});
    CHECK_THROWS_WITH(bt.assign(row * 2), "assignment destination is read-only");
    CHECK_THROWS_AS(bt += 1, nd::error);
    CHECK(values_of(row) == std::vector<int>{1, 2, 3});
}
