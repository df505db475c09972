// Corners where C++'s own arithmetic and NumPy part ways: weak integer scalars outside the
// array's type, ufuncs without a bool loop, where() conditions of other types, ties between
// +0.0 and -0.0, and NumPy's complex division and power. Expected values are NumPy 1.24's
// (with np._set_promotion_state('weak') for the scalar cases); the exhaustive fixtures in
// tests/exhaustive cover every dtype pair, these name the rules one by one.
#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include <nd/nd.hpp>

#include "../support/values.hpp"

using nd_test::values_of;

TEST_CASE("an integer scalar outside the array's integer type is an error", "[expr][weak]") {
    nd::array<std::int8_t> a = {1, -5, 7};
    const std::vector<std::int8_t> before = values_of(a);
    // NumPy: OverflowError "Python integer 1000 out of bounds for int8".
    CHECK_THROWS_MATCHES(a + 1000, nd::type_error, Catch::Message("integer scalar 1000 out of bounds for int8"));
    CHECK_THROWS_MATCHES(a < 1000, nd::type_error, Catch::Message("integer scalar 1000 out of bounds for int8"));
    CHECK_THROWS_MATCHES(nd::maximum(a, -129), nd::type_error, Catch::Message("integer scalar -129 out of bounds for int8"));
    CHECK_THROWS_AS(a += 1000, nd::type_error);
    CHECK_THROWS_AS(nd::add(a, 300, nd::out(a)), nd::type_error);
    CHECK(values_of(a) == before); // nothing written

    nd::array<std::uint8_t> u = {1, 2};
    CHECK_THROWS_MATCHES(u + -1, nd::type_error, Catch::Message("integer scalar -1 out of bounds for uint8"));
    CHECK(values_of(nd::eval(u + 255)) == std::vector<std::uint8_t>{0, 1}); // in range: wraps as NumPy
    nd::array<std::int64_t> big = {1};
    CHECK_THROWS_MATCHES(big + 9223372036854775808ULL, nd::type_error,
                         Catch::Message("integer scalar 9223372036854775808 out of bounds for int64"));
}

TEST_CASE("an integer scalar keeps its value where the operation computes in floats", "[expr][weak]") {
    nd::array<std::int8_t> a = {1, -5, 7};
    auto quotient = nd::eval(a / 1000);
    STATIC_REQUIRE(std::is_same_v<decltype(quotient)::value_type, double>);
    CHECK(values_of(quotient) == std::vector<double>{1 / 1000.0, -5 / 1000.0, 7 / 1000.0});
    CHECK(values_of(nd::eval(1000 / a)) == std::vector<double>{1000.0, -200.0, 1000.0 / 7});
    const auto angles = values_of(nd::eval(nd::arctan2(a, 1000)));
    CHECK(angles[0] == std::atan2(1.0f, 1000.0f));
}

TEST_CASE("floor_divide, remainder, power and square of bools are int8, as NumPy", "[expr][dtype]") {
    nd::array<bool> p = {true, false}, q = {true, true};
    auto quotient = nd::eval(nd::floor_divide(p, q));
    STATIC_REQUIRE(std::is_same_v<decltype(quotient)::value_type, std::int8_t>);
    CHECK(values_of(quotient) == std::vector<std::int8_t>{1, 0});
    STATIC_REQUIRE(std::is_same_v<decltype(p % q)::value_type, std::int8_t>);
    CHECK(values_of(nd::eval(p % q)) == std::vector<std::int8_t>{0, 0});
    STATIC_REQUIRE(std::is_same_v<decltype(nd::power(p, q))::value_type, std::int8_t>);
    CHECK(values_of(nd::eval(nd::power(p, q))) == std::vector<std::int8_t>{1, 0});
    STATIC_REQUIRE(std::is_same_v<decltype(nd::square(p))::value_type, std::int8_t>);
    STATIC_REQUIRE(std::is_same_v<decltype(p + q)::value_type, bool>); // add keeps its bool loop
}

TEST_CASE("where tests its condition in the condition's own type", "[expr][where]") {
    nd::array<double> c = {0.5, 0.0, std::nan("")};
    nd::array<std::int64_t> x = {1, 2, 3}, y = {-1, -2, -3};
    CHECK(values_of(nd::eval(nd::where(c, x, y))) == std::vector<std::int64_t>{1, -2, 3});
    using complex = std::complex<double>;
    nd::array<complex> z = {complex(0, 1), complex(0, 0), complex(-0.0, 0)};
    CHECK(values_of(nd::eval(nd::where(z, x, y))) == std::vector<std::int64_t>{1, -2, -3});
    nd::array<std::int64_t> destination = nd::zeros<std::int64_t>({3});
    nd::where(c, x, y, nd::out(destination));
    CHECK(values_of(destination) == std::vector<std::int64_t>{1, -2, 3});
    // A scalar condition, and a bool condition node, as NumPy.
    CHECK(values_of(nd::eval(nd::where(2.5, x, y))) == std::vector<std::int64_t>{1, 2, 3});
    CHECK(values_of(nd::eval(nd::where(x > 1, x, 0))) == std::vector<std::int64_t>{0, 2, 3});
}

TEST_CASE("ties between +0.0 and -0.0 give the second operand, as NumPy", "[expr][minmax]") {
    nd::array<double> plus = nd::zeros<double>({20}), minus = nd::full<double>({20}, -0.0);
    // Long enough for the SIMD loop; the strided out= destination below takes the scalar loop.
    auto signs = [](const nd::array<double>& r) {
        std::vector<bool> s;
        for (double v : values_of(r)) s.push_back(std::signbit(v));
        return s;
    };
    const std::vector<bool> all_negative(20, true), all_positive(20, false);
    CHECK(signs(nd::eval(nd::maximum(plus, minus))) == all_negative);
    CHECK(signs(nd::eval(nd::maximum(minus, plus))) == all_positive);
    CHECK(signs(nd::eval(nd::minimum(plus, minus))) == all_negative);
    CHECK(signs(nd::eval(nd::fmax(plus, minus))) == all_negative);
    CHECK(signs(nd::eval(nd::fmin(minus, plus))) == all_positive);
    nd::array<double> strided = nd::ones<double>({40});
    nd::maximum(plus, minus, nd::out(strided(nd::slice(nd::none, nd::none, 2))));
    CHECK(std::signbit(strided(0)));
    // np.clip(-0.0, 0.0, 1.0) is 0.0; np.clip(0.0, -1.0, -0.0) is -0.0.
    CHECK_FALSE(std::signbit(nd::eval(nd::clip(minus, 0.0, 1.0))(0)));
    CHECK(std::signbit(nd::eval(nd::clip(plus, -1.0, -0.0))(0)));
}

TEST_CASE("complex division and power follow NumPy's algorithms", "[expr][complex]") {
    using c = std::complex<double>;
    nd::array<c> a = {c(1, 2)}, b = {c(3, -4)};
    CHECK(values_of(nd::eval(a / b))[0] == c(-0.2, 0.4));
    nd::array<c> base = {c(0, 0), c(1, 1), c(2, 0), c(0, 0)}, exponent = {c(0, 0), c(2, 0), c(-2, 0), c(-1, 0)};
    const auto powers = values_of(nd::eval(nd::power(base, exponent)));
    CHECK(powers[0] == c(1, 0));  // 0**0 is 1
    CHECK(powers[1] == c(0, 2));  // exact, by multiplication
    CHECK(powers[2] == c(0.25, 0));
    CHECK(std::isnan(powers[3].real())); // 0**-1: NaN, as NumPy
    // Division by a complex zero: inf or nan parts, as NumPy's 1/(0+0j) = inf+nanj.
    nd::array<c> zero = {c(0, 0)};
    const c q = values_of(nd::eval(nd::array<c>{c(1, 0)} / zero))[0];
    CHECK(std::isinf(q.real()));
    CHECK(std::isnan(q.imag()));
}

TEST_CASE("float64 logarithms of subnormal numbers, SIMD and scalar", "[expr][math]") {
    nd::array<double> tiny = nd::full<double>({33}, 5e-324);
    for (double v : values_of(nd::eval(nd::log(tiny)))) CHECK(v == Approx(std::log(5e-324)).epsilon(1e-15));
    for (double v : values_of(nd::eval(nd::log2(tiny)))) CHECK(v == -1074.0);
    for (double v : values_of(nd::eval(nd::log10(tiny)))) CHECK(v == Approx(std::log10(5e-324)).epsilon(1e-15));
}
