// Runs whose operands step by two elements (a[::2]): on AVX-512 they load as batches (two
// loads and a permute, the second load masked so nothing past the last element is read);
// elsewhere element by element. Every length around the batch widths, both element sizes and
// integer types, offsets into the buffer and a view ending at the buffer's very end.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include <nd/nd.hpp>

namespace {

template <class T> void check_every_second(std::ptrdiff_t n, std::ptrdiff_t offset) {
    // The strided views end exactly at the buffer's last element: an over-read would leave the
    // buffer (ASan sees it).
    const std::ptrdiff_t total = offset + 2 * n - 1;
    nd::array<T> a = nd::empty<T>({total}), b = nd::empty<T>({total});
    for (std::ptrdiff_t k = 0; k < total; ++k) {
        a.data()[k] = static_cast<T>(k % 97);
        b.data()[k] = static_cast<T>(3 * (k % 31));
    }
    auto as = a(nd::slice(offset, nd::none, 2));
    auto bs = b(nd::slice(offset, nd::none, 2));
    REQUIRE(as.size() == n);
    nd::array<T> sum = nd::eval(as + bs);
    nd::array<T> product = nd::zeros<T>({n});
    product.assign(as * bs + as);
    for (std::ptrdiff_t k = 0; k < n; ++k) {
        const T x = a.data()[offset + 2 * k], y = b.data()[offset + 2 * k];
        INFO("n " << n << " offset " << offset << " element " << k);
        REQUIRE(sum(k) == static_cast<T>(x + y));
        REQUIRE(product(k) == static_cast<T>(x * y + x));
    }
}

} // namespace

TEST_CASE("every-second-element operands at all lengths around the SIMD widths", "[eval][strided]") {
    for (std::ptrdiff_t n : {1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100}) {
        for (std::ptrdiff_t offset : {0, 1}) {
            check_every_second<float>(n, offset);
            check_every_second<double>(n, offset);
            check_every_second<std::int32_t>(n, offset);
            check_every_second<std::int64_t>(n, offset);
        }
    }
}

TEST_CASE("every-second-element operand next to a broadcast one, into a strided destination", "[eval][strided]") {
    nd::array<float> a = nd::arange<float>(0.0, 70.0);
    nd::array<float> out = nd::zeros<float>({70});
    auto every_second = a(nd::slice(nd::none, nd::none, 2));        // 35 elements
    out(nd::slice(1, nd::none, 2)).assign(every_second + 0.5f);      // strided destination
    nd::array<float> row = nd::eval(every_second + nd::full<float>({1}, 1.0f));
    for (std::ptrdiff_t k = 0; k < 35; ++k) {
        CHECK(out(2 * k + 1) == static_cast<float>(2 * k) + 0.5f);
        CHECK(out(2 * k) == 0.0f);
        CHECK(row(k) == static_cast<float>(2 * k) + 1.0f);
    }
}
