// The SIMD kernels of nd::logaddexp and nd::logaddexp2 (contiguous operands) against nd's scalar
// function (a reversed view of the same values, which takes the scalar loop), which is NumPy's
// formula on glibc's exp, exp2 and log1p. Built with -march=native too, so the AVX-512 and AVX2
// kernels are checked. Bound: 4 ULPs of the larger operand's magnitude (at least of log 2): the
// result is that operand plus a term in (0, log 2], whose few ULPs of kernel error can
// dominate a result that cancels to near zero.

#include <catch2/catch.hpp>

#include <nd/nd.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace {

template <class T> nd::array<T> points(double lo, double hi, std::ptrdiff_t count, std::uint64_t seed) {
    nd::array<T> x = nd::empty<T>({count});
    std::uint64_t state = seed;
    for (std::ptrdiff_t i = 0; i < count; ++i) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        x(i) = static_cast<T>(lo + (hi - lo) * static_cast<double>(state >> 11) / 9007199254740992.0);
    }
    // Equal operands, infinities, NaN and distances past exp's range among them.
    const T specials[] = {T(0), T(-0.0), std::numeric_limits<T>::infinity(), -std::numeric_limits<T>::infinity(),
                          std::numeric_limits<T>::quiet_NaN(), T(1000), T(-1000), std::numeric_limits<T>::max(), T(1e-30)};
    for (std::size_t k = 0; k < std::size(specials) && static_cast<std::ptrdiff_t>(3 * k) < count; ++k) x(static_cast<std::ptrdiff_t>(3 * k)) = specials[k];
    return x;
}

template <class T, class Function> double worst_error(Function&& function, double lo, double hi) {
    constexpr std::ptrdiff_t n = 100003;
    const nd::array<T> x = points<T>(lo, hi, n, 0x9E3779B97F4A7C15ull), y = points<T>(lo, hi, n, 0xD1B54A32D192ED03ull);
    const nd::array<T> vector = function(x, y);
    const auto reversed = nd::slice(nd::none, nd::none, -1);
    const nd::array<T> scalar = function(x(reversed), y(reversed));
    double worst = 0;
    for (std::ptrdiff_t i = 0; i < n; ++i) {
        const T got = vector(i), want = scalar(n - 1 - i);
        if (std::isnan(want) || std::isinf(want)) {
            CHECK((std::isnan(got) == std::isnan(want) && (std::isnan(want) || got == want)));
            continue;
        }
        const T scale = std::max({std::fabs(x(i)), std::fabs(y(i)), T(0.6931471805599453)});
        const double ulps = static_cast<double>(std::fabs(got - want) / (scale * std::numeric_limits<T>::epsilon()));
        worst = std::max(worst, ulps);
    }
    return worst;
}

template <class T> void check_both() {
    for (const double range : {1.0, 30.0, 800.0}) {
        INFO("range +-" << range);
        CHECK(worst_error<T>([](const auto& x, const auto& y) { return nd::eval(nd::logaddexp(x, y)); }, -range, range) <= 4);
        CHECK(worst_error<T>([](const auto& x, const auto& y) { return nd::eval(nd::logaddexp2(x, y)); }, -range, range) <= 4);
    }
}

} // namespace

TEST_CASE("logaddexp kernels agree with the scalar function", "[eval][math][accuracy]") {
    check_both<float>();
    check_both<double>();
}
