// When evaluation goes through a temporary: only when the destination overlaps an operand
// other than itself. Counted with a replaced global operator new (this test executable's own).
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

#include <nd/nd.hpp>

#include "../support/values.hpp"

using nd_test::values_of;

#include "../support/allocation_counter.hpp"

using nd_test::count_allocations;

TEST_CASE("an operand that is the destination itself needs no temporary", "[eval]") {
    auto a = nd::arange<double>(1000);
    CHECK(count_allocations([&] { a = a + 1; }) == 0);
    CHECK(a(999) == 1000.0);
    CHECK(count_allocations([&] { a *= 2; }) == 0);
    CHECK(count_allocations([&] { a.assign(nd::sqrt(a) * a + 1); }) == 0);
    auto m = nd::arange<double>(12).reshape({3, 4});
    auto row = m(1, nd::all);
    CHECK(count_allocations([&] { row += 1; }) == 0);
    CHECK(values_of(m(1, nd::all)) == std::vector<double>{5, 6, 7, 8});
}

TEST_CASE("disjoint operands need no temporary", "[eval]") {
    auto a = nd::arange<float>(64);
    auto b = nd::ones<float>({64});
    auto c = nd::empty<float>({64});
    CHECK(count_allocations([&] { c.assign(a * b + a); }) == 0);
    auto big = nd::arange<double>(20);
    auto evens = big(nd::slice(0, 20, 2));
    auto odds = big(nd::slice(1, 20, 2));
    CHECK(count_allocations([&] { evens.assign(odds * 2); }) == 0); // interleaved, not overlapping
    CHECK(values_of(big(nd::slice(0, 6))) == std::vector<double>{2, 1, 6, 3, 10, 5});
}

TEST_CASE("overlapping operands go through one temporary and give NumPy's results", "[eval]") {
    auto x = nd::arange<double>(9).reshape({3, 3});
    long made = count_allocations([&] { x += x.T(); });
    CHECK(made >= 1);
    CHECK(values_of(x) == std::vector<double>{0, 4, 8, 4, 8, 12, 8, 12, 16});
    auto y = nd::arange<double>(6);
    nd::add(y(nd::slice(nd::none, -1)), y(nd::slice(1, nd::none)), nd::out(y(nd::slice(1, nd::none))));
    CHECK(values_of(y) == std::vector<double>{0, 1, 3, 5, 7, 9});
    auto a = nd::arange<long>(10);
    a(nd::slice(1, nd::none)) = a(nd::slice(nd::none, -1)) * 1;
    CHECK(values_of(a) == std::vector<long>{0, 0, 1, 2, 3, 4, 5, 6, 7, 8});
    auto s = nd::arange<long>(6).reshape({2, 3});
    nd::array<long> t = s;
    t = t.T(); // a new shape: new storage, read from the old
    CHECK(t.shape() == nd::dim_vector{3, 2});
    CHECK(values_of(t) == std::vector<long>{0, 3, 1, 4, 2, 5});
    auto sq = nd::arange<long>(4).reshape({2, 2});
    sq = sq.T() + 0; // same shape, overlapping transposed operand
    CHECK(values_of(sq) == std::vector<long>{0, 2, 1, 3});
}

TEST_CASE("overlap is found in memory nd does not own, and separate buffers skip the check", "[eval]") {
    // Adapted memory has no buffer to compare, so its views go through the overlap check.
    std::vector<double> storage{0, 1, 2, 3, 4, 5};
    nd::view<double> all = nd::adapt(storage.data(), {6});
    nd::view<double> head = nd::adapt(storage.data(), {5});
    nd::view<double> tail = nd::adapt(storage.data() + 1, {5});
    tail.assign(head * 1); // as NumPy's a[1:] = a[:-1] * 1
    CHECK(storage == std::vector<double>{0, 0, 1, 2, 3, 4});
    nd::view<double> square = nd::adapt(storage.data(), {2, 2});
    square.assign(square.T() + 10.0);
    CHECK(values_of(all) == std::vector<double>{10, 11, 10, 12, 3, 4}); // NumPy's result
    // An adapted destination and an nd array: different memory, still correct.
    nd::array<double> source = nd::arange<double>(6);
    all.assign(source(nd::slice(nd::none, nd::none, -1)) + 0.5);
    CHECK(storage == std::vector<double>{5.5, 4.5, 3.5, 2.5, 1.5, 0.5});
    // Two nd buffers: broadcast operands from another allocation take no temporary.
    auto m = nd::zeros<double>({3, 4});
    auto row = nd::arange<double>(4);
    CHECK(count_allocations([&] { m.assign(m + row); }) == 0);
    CHECK(values_of(m(2, nd::all)) == std::vector<double>{0, 1, 2, 3});
}

TEST_CASE("the one-run path takes only operands laid out element for element like the destination", "[eval]") {
    // The same first byte seen with another element width is not the destination itself:
    // 8-byte writes run ahead of 4-byte reads, so the right-hand side must be computed first.
    std::vector<std::int64_t> storage(64);
    for (std::size_t i = 0; i < storage.size(); ++i) storage[i] = static_cast<std::int64_t>(i + 1);
    nd::view<std::int64_t> wide = nd::adapt(storage.data(), {64});
    nd::view<std::int32_t> narrow = nd::adapt(reinterpret_cast<std::int32_t*>(storage.data()), {64});
    std::array<std::int32_t, 64> halves{}; // what narrow shows before anything is written
    std::memcpy(halves.data(), storage.data(), 64 * sizeof(std::int32_t));
    std::vector<std::int64_t> expected(64);
    for (std::size_t i = 0; i < 64; ++i) expected[i] = 3 * static_cast<std::int64_t>(halves[i]);
    wide.assign(narrow * 3);
    CHECK(storage == expected);
    // Contiguous operands whose size-1 axes have any stride still run as one line.
    auto base = nd::arange<float>(8);
    auto row = base.reshape({1, 8});
    auto column_of_rows = nd::arange<float>(16).reshape({2, 8})(nd::slice(1, 2), nd::all); // shape (1, 8), stride 32 on axis 0
    CHECK(column_of_rows.flags().c_contiguous);
    nd::array<float> sum = row + column_of_rows;
    CHECK(values_of(sum) == std::vector<float>{8, 10, 12, 14, 16, 18, 20, 22});
    auto destination = nd::zeros<float>({1, 8});
    CHECK(count_allocations([&] { destination.assign(row + column_of_rows); }) == 0);
    CHECK(values_of(destination) == values_of(sum));
    // A C-ordered destination with F-ordered operands of the same shape is not one line.
    auto fortran = nd::arange<float>(6).reshape({2, 3}).copy(nd::order::F);
    auto c_order = nd::zeros<float>({2, 3});
    c_order.assign(fortran + fortran);
    CHECK(values_of(c_order) == std::vector<float>{0, 2, 4, 6, 8, 10});
    nd::array<float> from_fortran = fortran * 1.0f;
    CHECK(from_fortran.flags().f_contiguous);
    CHECK(values_of(from_fortran) == std::vector<float>{0, 1, 2, 3, 4, 5});
}

// New arrays from operands that share a shape and are contiguous in one order take their count
// and flags from the first operand; the strides are the result's own. Expected layouts as
// NumPy 1.24 gives them (strides in bytes, flags C and F).
TEST_CASE("new arrays from alike contiguous operands take NumPy's layout", "[eval]") {
    auto layout_is = [](const auto& result, nd::dim_vector shape, nd::dim_vector strides, bool c, bool f) {
        CHECK(result.shape() == shape);
        CHECK(result.strides() == strides);
        CHECK(result.flags().c_contiguous == c);
        CHECK(result.flags().f_contiguous == f);
        CHECK(result.flags().owndata);
        CHECK(result.size() == nd::detail::size_of(shape));
    };
    auto c23 = nd::arange<float>(6).reshape({2, 3});
    auto f23 = c23.copy(nd::order::F);
    nd::array<float> c_sum = c23 + c23;
    layout_is(c_sum, {2, 3}, {12, 4}, true, false);
    CHECK(values_of(c_sum) == std::vector<float>{0, 2, 4, 6, 8, 10});
    nd::array<float> f_sum = f23 + f23 * 2.0f;
    layout_is(f_sum, {2, 3}, {4, 8}, false, true);
    CHECK(values_of(f_sum) == std::vector<float>{0, 3, 6, 9, 12, 15});
    // A wider result than the first operand: strides of the result's element, not the operand's.
    nd::array<double> widened = f23.astype<std::int8_t>() + f23.astype<double>();
    layout_is(widened, {2, 3}, {8, 16}, false, true);
    CHECK(values_of(widened) == std::vector<double>{0, 2, 4, 6, 8, 10});
    nd::array<double> widened_c = c23.astype<std::int8_t>() + c23.astype<double>();
    layout_is(widened_c, {2, 3}, {24, 8}, true, false);
    // A size-1 axis with a stride of 0 (newaxis) still gives the canonical strides, and both flags.
    auto row = nd::arange<float>(3)(nd::newaxis, nd::all);
    CHECK(row.strides() == nd::dim_vector{0, 4});
    nd::array<float> row_sum = row + row;
    layout_is(row_sum, {1, 3}, {12, 4}, true, true);
    CHECK(values_of(row_sum) == std::vector<float>{0, 2, 4});
    // 0-d, empty and one-element results.
    nd::array<float> scalar = nd::full<float>({}, 2.5f) * 2.0f;
    layout_is(scalar, {}, {}, true, true);
    CHECK(scalar() == 5.0f);
    nd::array<double> empty = nd::zeros<double>({0, 3}) + nd::zeros<double>({0, 3});
    layout_is(empty, {0, 3}, {0, 0}, true, true);
    nd::array<std::int16_t> single = nd::full<std::int16_t>({1, 1}, 7) + nd::full<std::int16_t>({1, 1}, 8);
    layout_is(single, {1, 1}, {2, 2}, true, true);
    CHECK(single(0, 0) == 15);
    // Operands contiguous in different orders, or broadcasting, take the general path: C order
    // for mixed orders; F when the F operand's layout is the only one that decides, as in NumPy.
    nd::array<float> mixed = c23 + f23;
    layout_is(mixed, {2, 3}, {12, 4}, true, false);
    CHECK(values_of(mixed) == std::vector<float>{0, 2, 4, 6, 8, 10});
    nd::array<float> broadcast = f23 + nd::arange<float>(3);
    layout_is(broadcast, {2, 3}, {4, 8}, false, true);
    CHECK(values_of(broadcast) == std::vector<float>{0, 2, 4, 3, 5, 7});
    nd::array<float> rows_only = nd::arange<float>(3) + nd::arange<float>(2).reshape({2, 1});
    layout_is(rows_only, {2, 3}, {12, 4}, true, false);
    // One allocation for the result, nothing else.
    CHECK(count_allocations([&] { nd::array<float> again = c23 + c23; }) == 1);
    // Adapted memory claiming more int8 elements than float64 bytes can count: a shape_error
    // before anything is allocated or read.
    std::int8_t byte = 0;
    const auto claimed = nd::adapt(&byte, {std::ptrdiff_t{1} << 61});
    CHECK_THROWS_AS(nd::array<double>(claimed * 2.5), nd::shape_error);
    CHECK_THROWS_WITH(nd::array<double>(claimed * 2.5), Catch::Matchers::Contains("array is too big: shape (2305843009213693952,)"));
}

TEST_CASE("transposed copies are exact for every size, stride sign and element width", "[eval]") {
    auto check = [](auto tag, std::ptrdiff_t rows, std::ptrdiff_t columns) {
        using T = decltype(tag);
        auto a = nd::arange<T>(static_cast<double>(rows * columns)).reshape({rows, columns});
        for (auto source : {nd::view<T>(a), a(nd::slice(nd::none, nd::none, -1), nd::all), a(nd::all, nd::slice(nd::none, nd::none, -1))}) {
            auto b = nd::empty<T>({columns, rows});
            b.assign(source.T());
            bool same = true;
            for (std::ptrdiff_t i = 0; i < columns; ++i)
                for (std::ptrdiff_t j = 0; j < rows; ++j) same = same && b(i, j) == source(j, i);
            CHECK(same);
        }
    };
    // 40 and 93: tiles of whole-line groups, single blocks and element-by-element edges.
    for (std::ptrdiff_t rows : {1, 3, 8, 17, 40, 70}) {
        for (std::ptrdiff_t columns : {1, 4, 9, 64, 93, 131}) {
            check(float{}, rows, columns);
            check(double{}, rows, columns);
            check(std::int32_t{}, rows, columns);
            check(std::uint64_t{}, rows, columns);
            check(std::int16_t{}, rows, columns);
        }
    }
    auto f = nd::arange<double>(12).reshape({3, 4});
    nd::array<double> fortran = nd::asfortranarray(f);
    auto c = nd::ascontiguousarray(fortran);
    CHECK(values_of(c) == values_of(f));
}
