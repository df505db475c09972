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
    for (std::ptrdiff_t n : {1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129}) {
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

TEST_CASE("loop plans of high rank: reversed, broadcast and size-1 axes up to 32 dimensions", "[eval]") {
    // Rank 6: the last axis reversed (no flat run), a broadcast operand of rank 2.
    auto a = nd::arange<double>(96).reshape({2, 2, 2, 2, 2, 3});
    auto reversed = a(nd::ellipsis, nd::slice(nd::none, nd::none, -1));
    auto last_two = nd::arange<double>(6).reshape({2, 3});
    nd::array<double> sum = reversed + last_two;
    REQUIRE(sum.size() == 96);
    REQUIRE(sum.flags().c_contiguous);
    for (std::ptrdiff_t k = 0; k < 96; ++k) {
        const double element = static_cast<double>(k - k % 3 + (2 - k % 3)); // a's last axis reversed
        CHECK(sum.data()[k] == element + static_cast<double>(k % 6));
    }
    // Rank 32, the most nd allows: thirty size-1 axes around a reversed 2x3 block.
    nd::dim_vector shape(32, 1);
    shape[30] = 2;
    shape[31] = 3;
    auto deep = nd::arange<float>(6).reshape(shape);
    auto flipped = deep(nd::ellipsis, nd::slice(nd::none, nd::none, -1));
    nd::array<float> twice = flipped * 2.0f;
    CHECK(twice.ndim() == 32);
    REQUIRE(twice.flags().c_contiguous);
    CHECK(std::vector<float>(twice.data(), twice.data() + 6) == std::vector<float>{4, 2, 0, 10, 8, 6});
}
