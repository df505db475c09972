// Runs whose operands step by two elements (a[::2]): on AVX-512 they load as batches (two
// loads and a permute, the second load masked so nothing past the last element is read);
// elsewhere element by element. Every length around the batch widths, both element sizes and
// integer types, offsets into the buffer and a view ending at the buffer's very end.
#include <catch2/catch.hpp>

#include <array>
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

TEST_CASE("the block of a shape of rank 0 to 2, made without a plan, is the plan's block", "[eval]") {
    // Evaluations of rank 2 or less skip the loop plan: the block must be the one the plan
    // gives, with the same axes kept, in the same order, merged the same way.
    const std::ptrdiff_t extents[] = {0, 1, 2, 5};
    const std::ptrdiff_t strides[] = {0, 4, -4, 8, 20, -20, 40};
    std::array<std::byte, 64> storage{};
    const std::array<std::byte*, 3> pointers = {&storage[0], &storage[16], &storage[32]};
    std::size_t compared = 0;
    for (std::size_t rank = 0; rank <= 2; ++rank) {
        const std::size_t shapes = rank == 0 ? 1 : rank == 1 ? 4 : 16;
        for (std::size_t s = 0; s < shapes; ++s) {
            nd::dim_vector shape(rank);
            for (std::size_t k = 0; k < rank; ++k) shape[k] = extents[(s >> (2 * k)) % 4];
            // Every pair of strides per axis for the first two operands, a third that cycles.
            for (std::size_t pick = 0; pick < 7 * 7 * 7 * 7; ++pick) {
                std::ptrdiff_t values[3][2] = {};
                std::size_t code = pick;
                for (std::size_t op = 0; op < 2; ++op)
                    for (std::size_t k = 0; k < 2; ++k, code /= 7) values[op][k] = strides[code % 7];
                values[2][0] = strides[pick % 7];
                values[2][1] = strides[(pick / 3) % 7];
                const std::array<const std::ptrdiff_t*, 3> table = {values[0], values[1], values[2]};
                INFO("shape " << nd::to_string(shape) << " strides " << values[0][0] << "," << values[0][1] << " / "
                              << values[1][0] << "," << values[1][1] << " / " << values[2][0] << "," << values[2][1]);
                nd::detail::run_block<3> direct{};
                const bool made = nd::detail::block_of_two_axes(shape, table, pointers, direct);
                std::size_t blocks = 0;
                nd::detail::run_block<3> planned{};
                nd::detail::for_each_block(nd::detail::make_loop_plan<3>(shape, table), pointers, [&](const nd::detail::run_block<3>& block) {
                    planned = block;
                    ++blocks;
                });
                // No elements: no block either way.
                REQUIRE(made == (blocks == 1));
                if (!made) continue;
                CHECK(direct.run.pointers == planned.run.pointers);
                REQUIRE(direct.run.length == planned.run.length);
                REQUIRE(direct.rows == planned.rows);
                REQUIRE(direct.run.strides == planned.run.strides);
                REQUIRE(direct.row_strides == planned.row_strides);
                ++compared;
            }
        }
    }
    CHECK(compared > 10000);
    // Three axes are the plan's business.
    const nd::dim_vector three = {2, 3, 4};
    const std::ptrdiff_t deep[3][3] = {{48, 16, 4}, {48, 16, 4}, {0, 16, 4}};
    nd::detail::run_block<3> unused{};
    CHECK_FALSE(nd::detail::block_of_two_axes(three, {deep[0], deep[1], deep[2]}, pointers, unused));
}
