// The SIMD kernels at their edges for int32, int64 and uint8: see test_simd_edges.cpp.

#include "../support/simd_edges.hpp"

TEMPLATE_TEST_CASE("SIMD and scalar paths agree with a NumPy-semantics scalar loop at the edges", "[eval][simd]",
                   std::int32_t, std::int64_t, std::uint8_t) {
    simd_edges::check_all_ops<TestType>();
}

TEST_CASE("integer wrap-around at the SIMD edges", "[eval][simd]") {
    // INT_MAX + 1 wraps to INT_MIN, in every lane and in the tail.
    for (const std::ptrdiff_t n : simd_edges::edge_lengths<std::int32_t>()) {
        nd::array<std::int32_t> buffer = nd::full<std::int32_t>({n + 1}, std::numeric_limits<std::int32_t>::max());
        const nd::view<std::int32_t> a = buffer(nd::slice(1, n + 1));
        const nd::array<std::int32_t> r = nd::eval(a + 1);
        for (std::ptrdiff_t i = 0; i < n; ++i) CHECK(r(i) == std::numeric_limits<std::int32_t>::min());
        const nd::array<std::int32_t> m = nd::eval(a * 2);
        for (std::ptrdiff_t i = 0; i < n; ++i) CHECK(m(i) == -2);
    }
    for (const std::ptrdiff_t n : simd_edges::edge_lengths<std::uint8_t>()) {
        nd::array<std::uint8_t> buffer = nd::full<std::uint8_t>({n + 1}, std::uint8_t(200));
        const nd::view<std::uint8_t> a = buffer(nd::slice(1, n + 1));
        const nd::array<std::uint8_t> r = nd::eval(a + a);
        for (std::ptrdiff_t i = 0; i < n; ++i) CHECK(r(i) == 144);
        const nd::array<std::uint8_t> s = nd::eval(a - std::uint8_t(201));
        for (std::ptrdiff_t i = 0; i < n; ++i) CHECK(s(i) == 255);
    }
}
