// Advanced indexing beside the NumPy fixtures (test_advanced_indexing_fixtures.cpp): the edges
// the fixtures cannot reach (strided, broadcast and overlapping sources and values), the
// functions around it, bad input that must leave x unchanged, and the writes to a temporary
// copy that must not compile. The SIMD paths are test_advanced_indexing_kernels.cpp's.
// Expected values are NumPy 1.24's.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <vector>

#include <nd/nd.hpp>

#include "../support/values.hpp"

using nd_test::values_of;

namespace {
// `x(index) = value` compiles only where x(index) is a view: a write to an advanced index's
// copy would be lost, so it must not compile.
template <class X, class I>
concept can_assign_through = requires(X x, I i) { x(i) = 5; };
template <class X>
concept can_assign_through_mask = requires(X x) { x(x > 0) = 0; };
template <class X, class I>
concept can_add_through = requires(X x, I i) { x(i) += 1; };
template <class X, class I>
concept can_write_through_named = requires(X x, I i) { x(i).assign(5); } || requires(X x, I i) { x(i).set(i, 5); } ||
                                  requires(X x, I i) { x(i).put(i, 5); };

nd::array<long> iota(long n) { return nd::arange<long>(n); }
} // namespace

TEST_CASE("writes to an advanced index's copy do not compile; views still write through", "[advanced]") {
    STATIC_REQUIRE_FALSE(can_assign_through<nd::array<int>&, nd::array<long>>);
    STATIC_REQUIRE_FALSE(can_assign_through<nd::array<int>&, nd::array<bool>>);
    STATIC_REQUIRE_FALSE(can_assign_through_mask<nd::array<int>&>);
    STATIC_REQUIRE_FALSE(can_add_through<nd::array<int>&, nd::array<long>>);
    STATIC_REQUIRE_FALSE(can_write_through_named<nd::array<int>&, nd::array<long>>);
    STATIC_REQUIRE(can_assign_through<nd::array<int>&, nd::slice>);
    STATIC_REQUIRE(can_assign_through<nd::view<int>, nd::slice>);
}

TEST_CASE("reads copy from any source layout", "[advanced]") {
    nd::array<long> a = iota(12).reshape({3, 4});
    const nd::array<long> rows = {2, 0};
    SECTION("reversed, transposed and F-ordered sources") {
        auto reversed = a(nd::slice(nd::none, nd::none, -1));
        CHECK(values_of(reversed(rows)) == std::vector<long>{0, 1, 2, 3, 8, 9, 10, 11});
        auto transposed = a.T();
        CHECK(values_of(transposed(rows)) == std::vector<long>{2, 6, 10, 0, 4, 8});
        nd::array<long> fortran = a.copy(nd::order::F);
        CHECK(values_of(fortran(nd::all, rows)) == std::vector<long>{2, 0, 6, 4, 10, 8});
        auto view_of_view = a(nd::slice(1, 3))(nd::all, nd::slice(nd::none, nd::none, 2));
        CHECK(values_of(view_of_view(view_of_view > 5)) == std::vector<long>{6, 8, 10});
        const auto picked = transposed(rows);
        CHECK_FALSE(nd::shares_memory(picked, a));
        CHECK(picked.flags().owndata);
    }
    SECTION("zero strides: a broadcast source and broadcast index arrays") {
        auto stretched = nd::broadcast_to(nd::array<long>{1, 2, 3}, {4, 3});
        CHECK(values_of(stretched(nd::array<long>{0, 3}, nd::array<long>{2})) == std::vector<long>{3, 3});
        auto index_column = nd::broadcast_to(nd::array<long>{1}, {3});
        CHECK(values_of(a(index_column, 0)) == std::vector<long>{4, 4, 4});
    }
    SECTION("0-d, empty and size-1 cases") {
        CHECK(a(nd::full<long>({}, -1), 1).shape() == nd::dim_vector{});
        CHECK(a(nd::full<long>({}, -1), 1)() == 9);
        CHECK(a(nd::array<long>(nd::dim_vector{0}, nd::order::C)).shape() == nd::dim_vector{0, 4});
        CHECK(a(a > 100).shape() == nd::dim_vector{0});
        nd::array<long> empty_rows = nd::zeros<long>({0, 4});
        CHECK(empty_rows(empty_rows > 0).shape() == nd::dim_vector{0});
        CHECK(empty_rows(nd::all, nd::array<long>{3, 0}).shape() == nd::dim_vector{0, 2});
        CHECK(nd::take(empty_rows, nd::array<long>{5}, 1).shape() == nd::dim_vector{0, 1}); // selects nothing: not checked, as np.take
        nd::array<double> nothing;
        nothing(nd::newaxis).set(nd::array<long>{0}, 1.0); // a write of no elements
        CHECK(nothing.size() == 0);
        const nd::array<long long> long_long_indices = {2, -1};
        CHECK(values_of(a(nd::all, long_long_indices)) == std::vector<long>{2, 3, 6, 7, 10, 11});
        nd::array<long> scalar = nd::full<long>({}, 7);
        CHECK(scalar(nd::full<bool>({}, true)).shape() == nd::dim_vector{1});
        CHECK(scalar(nd::full<bool>({}, false)).shape() == nd::dim_vector{0});
    }
}

TEST_CASE("writes: set, put, putmask and place", "[advanced]") {
    nd::array<long> a = iota(12).reshape({3, 4});
    SECTION("repeated indices: the last write wins") {
        a.set(nd::array<long>{0, 0}, nd::array<long>{1, 1}, nd::array<long>{7, 8});
        CHECK(a(0, 1) == 8);
    }
    SECTION("values that overlap x are read before anything is written") {
        a.set(nd::array<long>{1, 2}, a(nd::slice(0, 2)));
        CHECK(values_of(a) == std::vector<long>{0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7});
        nd::array<long> b = iota(6);
        b.set(b > 2, b(b > 2) * 2);
        CHECK(values_of(b) == std::vector<long>{0, 1, 2, 6, 8, 10});
        nd::array<long> c = iota(6);
        c.set(c(nd::slice(nd::none, nd::none, -1)) > 3, 0); // the mask reads c reversed
        CHECK(values_of(c) == std::vector<long>{0, 0, 2, 3, 4, 5});
    }
    SECTION("through a view, with a mask of leading axes and broadcast values") {
        auto right = a(nd::all, nd::slice(2, 4));
        right.set(nd::array<bool>{true, false, true}, nd::array<long>{-1, -2});
        CHECK(values_of(a) == std::vector<long>{0, 1, -1, -2, 4, 5, 6, 7, 8, 9, -1, -2});
    }
    SECTION("put wraps or clips, and repeats its values") {
        nd::array<long> x = iota(5);
        x.put(nd::array<long>{7, -8}, nd::array<long>{1, 2}, nd::clip);
        CHECK(values_of(x) == std::vector<long>{2, 1, 2, 3, 1});
        x.put(nd::array<long>{0, 1, 2, 3}, nd::array<long>{9, 8});
        CHECK(values_of(x) == std::vector<long>{9, 8, 9, 8, 1});
        auto reversed = a(nd::all, nd::slice(nd::none, nd::none, -1));
        reversed.put(nd::array<long>{0, 5}, 99); // flat positions of the view, in C order
        CHECK(a(0, 3) == 99);
        CHECK(a(1, 2) == 99);
    }
    SECTION("putmask repeats by position, place by count") {
        nd::array<long> x = iota(5), y = iota(5);
        nd::putmask(x, x > 1, nd::array<long>{10, 20});
        nd::place(y, y > 1, nd::array<long>{10, 20});
        CHECK(values_of(x) == std::vector<long>{0, 1, 10, 20, 10});
        CHECK(values_of(y) == std::vector<long>{0, 1, 10, 20, 10});
        nd::array<long> z = iota(3);
        nd::putmask(z, nd::array<int>{0, 2, 0}, 9); // a mask of numbers: nonzero is true
        CHECK(values_of(z) == std::vector<long>{0, 9, 2});
        nd::place(z, nd::array<int>{3, 0, 0}, 7);
        CHECK(values_of(z) == std::vector<long>{7, 9, 2});
    }
}

TEST_CASE("the functions around advanced indexing", "[advanced]") {
    nd::array<long> a = {{0, 3, 0}, {4, 0, 5}};
    const auto indices = nd::nonzero(a);
    REQUIRE(indices.size() == 2);
    CHECK(values_of(indices[0]) == std::vector<std::int64_t>{0, 1, 1});
    CHECK(values_of(indices[1]) == std::vector<std::int64_t>{1, 0, 2});
    CHECK(values_of(nd::flatnonzero(a)) == std::vector<std::int64_t>{1, 3, 5});
    CHECK(nd::argwhere(a).shape() == nd::dim_vector{3, 2});
    CHECK(nd::argwhere(nd::full<long>({}, 3)).shape() == nd::dim_vector{1, 0});
    CHECK(nd::count_nonzero(a) == 3);
    CHECK(values_of(nd::take(a, nd::array<int>{-1, 0})) == std::vector<long>{5, 0});
    CHECK(values_of(nd::take(a, nd::array<std::uint8_t>{2}, 1)) == std::vector<long>{0, 5});
    CHECK(values_of(nd::compress(nd::array<bool>{false, true}, a, 0)) == std::vector<long>{4, 0, 5});
    CHECK(values_of(nd::compress(nd::array<bool>{false, true, true}, a)) == std::vector<long>{3, 0});
    CHECK(values_of(nd::extract(a > 3, a)) == std::vector<long>{4, 5});
    CHECK(values_of(a(a + 0 > 3)) == std::vector<long>{4, 5});
    CHECK(values_of(a(nd::array<long>{1}, a(0, nd::all) % 2)) == std::vector<long>{4, 0, 4});
}

TEST_CASE("bad input throws the documented error and leaves x unchanged", "[advanced]") {
    nd::array<long> a = iota(12).reshape({3, 4});
    const std::vector<long> before = values_of(a);
    CHECK_THROWS_MATCHES(a(nd::array<long>{10}), nd::index_error, Catch::Message("index 10 is out of bounds for axis 0 with size 3"));
    CHECK_THROWS_MATCHES(a(nd::all, nd::array<long>{-5}), nd::index_error, Catch::Message("index -5 is out of bounds for axis 1 with size 4"));
    CHECK_THROWS_MATCHES(a(nd::array<bool>{true, false, true, true}), nd::index_error,
                         Catch::Message("boolean index did not match indexed array along dimension 0; dimension is 3 but corresponding "
                                        "boolean dimension is 4"));
    CHECK_THROWS_MATCHES(a(nd::array<long>{0, 1}, nd::array<long>{0, 1, 2}), nd::index_error,
                         Catch::Message("shape mismatch: indexing arrays could not be broadcast together with shapes (2,) (3,) "));
    CHECK_THROWS_AS(a(nd::array<long>{0}, 0, 0), nd::index_error);
    CHECK_THROWS_AS(a.set(nd::array<long>{0, 9}, 1), nd::index_error);
    CHECK_THROWS_AS(a.set(nd::array<long>{2, 0}, nd::array<long>{-7}, 1), nd::index_error);
    CHECK_THROWS_MATCHES(a.set(nd::array<long>{0, 1}, nd::ones<long>({3, 4})), nd::shape_error,
                         Catch::Message("shape mismatch: value array of shape (3,4) could not be broadcast to indexing result of shape (2,4)"));
    CHECK_THROWS_AS(a.set(a > 3, nd::array<long>{1, 2}), nd::shape_error);
    CHECK_THROWS_AS(a.set(nd::array<bool>{true, false}, 0), nd::index_error);
    CHECK_THROWS_AS(a.put(nd::array<long>{1, 12}, 0), nd::index_error);
    CHECK_THROWS_AS(nd::putmask(a, nd::array<bool>{true}, 0), nd::shape_error);
    CHECK_THROWS_MATCHES(nd::place(a, a > 3, nd::array<long>(nd::dim_vector{0}, nd::order::C)), nd::value_error,
                         Catch::Message("Cannot insert from an empty array!"));
    CHECK_THROWS_AS(nd::take(a, nd::array<long>{12}), nd::index_error);
    CHECK_THROWS_AS(nd::compress(nd::array<bool>{false, false, false, true}, a, 0), nd::index_error);
    CHECK(values_of(a) == before);
    nd::array<long> row = iota(3);
    CHECK_THROWS_AS(nd::broadcast_to(row, {2, 3}).set(nd::array<long>{0}, 1), nd::error); // read-only
}
