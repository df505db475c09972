// Accuracy of nd::exp and nd::sin (SIMD kernels, or the scalar std:: functions with SIMD off)
// in ULPs of the result type, against a long double reference (64-bit significand: exact
// enough to grade double results to a thousandth of an ULP). Each case prints the maximum
// error it measured (and the C library's, for scale) and requires a bound.
//
// Inputs: a uniform grid over the range plus as many pseudo-random points (2^20 in all), so
// that the argument reduction of both functions is exercised at every scale of the range.
//
// exp float64 is nd's own kernel (simd::exp_normal_float64; with AVX-512 its table form), the
// others xsimd 8.1's. Measured with GCC 12, both at -O1 for x86-64 (SSE2, no fused
// multiply-add) and at -O3 -march=native (AVX-512): exp float32 1.48 ULP over [-80, 80]; exp
// float64 1.0 over [-700, 700] and 0.95 over [-1, 1] without AVX-512, 0.555 and 0.551 with it
// (0.56 over 33M random points and the kernel's ends and table switch points); sin float32 1.44 over [-10, 10] and 1.51 over [-1e4, 1e4],
// float64 1.36 over [-10, 10] and 2.33 over [-1e6, 1e6]. glibc's scalar functions (and nd with
// ND_SIMD=OFF): 0.51-0.56 ULP. The bounds below leave a margin for points the sample misses:
// 2 ULP, 3 for sin over a wide range.
#include <catch2/catch.hpp>

#include <nd/nd.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>

namespace {

// The spacing of T's values at |reference| (the ULP), for normal and subnormal results.
template <class T>
long double ulp_at(long double reference) {
    using limits = std::numeric_limits<T>;
    const int smallest_exponent = limits::min_exponent - 1;  // exponent of the smallest normal
    const long double magnitude = std::fabs(reference);
    const int exponent = magnitude == 0 ? smallest_exponent : std::max(std::ilogb(magnitude), smallest_exponent);
    return std::ldexp(1.0L, exponent - (limits::digits - 1));
}

template <class T>
double ulp_error(T computed, long double reference) {
    if (std::isnan(computed) || std::isnan(reference))
        return std::isnan(computed) == std::isnan(reference) ? 0 : HUGE_VAL;
    return static_cast<double>(std::fabs(static_cast<long double>(computed) - reference) / ulp_at<T>(reference));
}

template <class T>
nd::array<T> sample_points(double lo, double hi, std::ptrdiff_t count) {
    nd::array<T> x = nd::empty<T>({2 * count});
    T* p = x.data();
    for (std::ptrdiff_t i = 0; i < count; ++i)
        p[i] = static_cast<T>(lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(count - 1));
    std::uint64_t state = 0x9E3779B97F4A7C15ull;
    for (std::ptrdiff_t i = count; i < 2 * count; ++i) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        p[i] = static_cast<T>(lo + (hi - lo) * static_cast<double>(state >> 11) / 9007199254740992.0);
    }
    return x;
}

struct accuracy {
    double nd_max_ulp = 0, libm_max_ulp = 0;
    double worst_input = 0;
};

// Max ULP error of nd's function (nd_f applied to the whole array: the SIMD loop) and of the
// C library's scalar function, against the long double reference, over [lo, hi].
template <class T, class NdFunction, class LibmFunction, class Reference>
accuracy measure(NdFunction nd_f, LibmFunction libm_f, Reference reference, double lo, double hi) {
    const nd::array<T> x = sample_points<T>(lo, hi, std::ptrdiff_t{1} << 19);
    const nd::array<T> y = nd::eval(nd_f(x));
    accuracy result;
    const T* xs = x.data();
    const T* ys = y.data();
    for (std::ptrdiff_t i = 0; i < x.size(); ++i) {
        const long double exact = reference(static_cast<long double>(xs[i]));
        const double e = ulp_error<T>(ys[i], exact);
        if (e > result.nd_max_ulp) {
            result.nd_max_ulp = e;
            result.worst_input = static_cast<double>(xs[i]);
        }
        result.libm_max_ulp = std::max(result.libm_max_ulp, ulp_error<T>(libm_f(xs[i]), exact));
    }
    return result;
}

template <class T>
const char* type_name() {
    return sizeof(T) == 4 ? "float32" : "float64";
}

template <class T>
std::string report(const char* function, double lo, double hi, const accuracy& a) {
    std::ostringstream s;
    s.precision(3);
    s << "nd::" << function << " " << type_name<T>() << " over [" << lo << ", " << hi << "]: max " << a.nd_max_ulp
      << " ULP (at x = " << a.worst_input << "); std::" << function << ": " << a.libm_max_ulp << " ULP";
    return s.str();
}

template <class T>
accuracy exp_accuracy(double lo, double hi) {
    return measure<T>([](const nd::array<T>& x) { return nd::exp(x); }, [](T v) { return std::exp(v); },
                      [](long double v) { return std::exp(v); }, lo, hi);
}

template <class T>
accuracy sin_accuracy(double lo, double hi) {
    return measure<T>([](const nd::array<T>& x) { return nd::sin(x); }, [](T v) { return std::sin(v); },
                      [](long double v) { return std::sin(v); }, lo, hi);
}

}  // namespace

// The table form of the float64 kernel (AVX-512) is held to its own, tighter bound.
#if !defined(ND_NO_SIMD) && defined(__AVX512F__)
constexpr double exp_float64_bound = 1.0;
#else
constexpr double exp_float64_bound = 2.0;
#endif

TEST_CASE("nd::exp is accurate to a few ULP in float32 and float64", "[eval][math][accuracy]") {
    SECTION("float32 over [-80, 80]") {
        const accuracy a = exp_accuracy<float>(-80, 80);
        WARN(report<float>("exp", -80, 80, a));
        REQUIRE(a.nd_max_ulp <= 2.0);
    }
    SECTION("float32 over [-1, 1]") {
        const accuracy a = exp_accuracy<float>(-1, 1);
        WARN(report<float>("exp", -1, 1, a));
        REQUIRE(a.nd_max_ulp <= 2.0);
    }
    SECTION("float64 over [-700, 700]") {
        const accuracy a = exp_accuracy<double>(-700, 700);
        WARN(report<double>("exp", -700, 700, a));
        REQUIRE(a.nd_max_ulp <= exp_float64_bound);
    }
    SECTION("float64 over [-1, 1]") {
        const accuracy a = exp_accuracy<double>(-1, 1);
        WARN(report<double>("exp", -1, 1, a));
        REQUIRE(a.nd_max_ulp <= exp_float64_bound);
    }
    // The kernel's ends: its largest scale (2^1023, up to 709.436), the smallest normal
    // results, and batches that mix those lanes with the C library's past them.
    SECTION("float64 over [700, 709.8] and [-745, -700]") {
        const accuracy high = exp_accuracy<double>(700, 709.78);
        WARN(report<double>("exp", 700, 709.78, high));
        REQUIRE(high.nd_max_ulp <= exp_float64_bound);
        const accuracy low = exp_accuracy<double>(-745, -700);
        WARN(report<double>("exp", -745, -700, low));
        REQUIRE(low.nd_max_ulp <= exp_float64_bound);
    }
}

TEST_CASE("nd::sin is accurate to a few ULP in float32 and float64", "[eval][math][accuracy]") {
    SECTION("float32 over [-10, 10]") {
        const accuracy a = sin_accuracy<float>(-10, 10);
        WARN(report<float>("sin", -10, 10, a));
        REQUIRE(a.nd_max_ulp <= 2.0);
    }
    SECTION("float32 over [-1e4, 1e4]") {
        const accuracy a = sin_accuracy<float>(-1e4, 1e4);
        WARN(report<float>("sin", -1e4, 1e4, a));
        REQUIRE(a.nd_max_ulp <= 3.0);
    }
    SECTION("float64 over [-10, 10]") {
        const accuracy a = sin_accuracy<double>(-10, 10);
        WARN(report<double>("sin", -10, 10, a));
        REQUIRE(a.nd_max_ulp <= 2.0);
    }
    SECTION("float64 over [-1e6, 1e6]") {
        const accuracy a = sin_accuracy<double>(-1e6, 1e6);
        WARN(report<double>("sin", -1e6, 1e6, a));
        REQUIRE(a.nd_max_ulp <= 3.0);
    }
}

// At the ends of the range NumPy (and the C library) return finite values up to the overflow
// threshold (float32: exp(88.72) = 3.39e38) and subnormal results below FLT_MIN. xsimd 8.1's
// exp overflows to inf from x > 88.376 (float64: 709.437) and returns 0 for results below the
// smallest normal, so batches holding such lanes take the C library's exp lane by lane.
TEST_CASE("nd::exp near overflow and underflow matches the C library", "[eval][math][accuracy]") {
    const nd::array<float> xf = {88.38f, 88.5f, 88.72f, -88.4f, -90.0f, -100.0f};
    const nd::array<float> yf = nd::exp(xf);
    for (std::ptrdiff_t i = 0; i < xf.size(); ++i) {
        const float x = xf.data()[i];
        INFO("float32 exp(" << x << "): nd " << yf.data()[i] << ", std::exp " << std::exp(x));
        CHECK(ulp_error<float>(yf.data()[i], std::exp(static_cast<long double>(x))) <= 2.0);
    }
    const nd::array<double> xd = {709.5, 709.78, -709.0, -720.0, -745.0};
    const nd::array<double> yd = nd::exp(xd);
    for (std::ptrdiff_t i = 0; i < xd.size(); ++i) {
        const double x = xd.data()[i];
        INFO("float64 exp(" << x << "): nd " << yd.data()[i] << ", std::exp " << std::exp(x));
        CHECK(ulp_error<double>(yd.data()[i], std::exp(static_cast<long double>(x))) <= 2.0);
    }
}
