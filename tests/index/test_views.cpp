// Views made by indexing and by shape functions, and writing through them; expected values
// are NumPy 1.24's (checked by hand in Python).
#include <catch2/catch.hpp>

#include <complex>
#include <cstdint>
#include <vector>

#include <nd/nd.hpp>

#include "../support/values.hpp"

using nd_test::values_of;

namespace {
std::vector<long> iota(long n, long from = 0) {
    std::vector<long> v;
    for (long i = 0; i < n; ++i) v.push_back(from + i);
    return v;
}
} // namespace

TEST_CASE("assigning to a view writes through, with broadcasting and conversion", "[views]") {
    nd::array<int> m = {{10, 20, 30}, {40, 50, 60}};
    auto b = m(nd::slice(1, 3));
    b = 0;
    CHECK(values_of(m) == std::vector<int>{10, 20, 30, 0, 0, 0});
    m(nd::all, 1) = nd::array<int>{7, 8};
    CHECK(values_of(m) == std::vector<int>{10, 7, 30, 0, 8, 0});
    m = nd::array<int>{{1, 2, 3}, {4, 5, 6}};
    nd::view<int> whole = m;
    whole = nd::array<int>{100, 200, 300}; // a row broadcast over both rows
    CHECK(values_of(m) == std::vector<int>{100, 200, 300, 100, 200, 300});
    whole.assign(nd::array<double>{1.9, -2.9}.reshape({2, 1})); // a column, converted as NumPy casts
    CHECK(values_of(m) == std::vector<int>{1, 1, 1, -2, -2, -2});
    auto column = m(nd::all, nd::slice(0, 1));
    column = nd::full<long>({}, 9); // 0-d source
    CHECK(values_of(m) == std::vector<int>{9, 1, 1, 9, -2, -2});
}

TEST_CASE("a shape mismatch on assignment is a shape_error and writes nothing", "[views][errors]") {
    nd::array<int> m = {{1, 2, 3}, {4, 5, 6}};
    const nd::array<int> before = m;
    auto row = m(0, nd::all);
    const nd::array<int> pair = {1, 2};
    CHECK_THROWS_AS(row = pair, nd::shape_error);
    CHECK_THROWS_WITH(row = pair, "could not broadcast input array from shape (2,) into shape (3,)");
    CHECK_THROWS_AS(row = nd::zeros<int>({2, 3}), nd::shape_error); // would need to shrink
    CHECK(values_of(m) == values_of(before));
}

TEST_CASE("broadcast_to gives a read-only view; writing is an error that writes nothing", "[views][errors]") {
    nd::array<int> row = {1, 2, 3};
    auto bt = nd::broadcast_to(row, {4, 3});
    CHECK(bt.shape() == nd::dim_vector{4, 3});
    CHECK(bt.strides() == nd::dim_vector{0, 4});
    CHECK_FALSE(bt.flags().writeable);
    CHECK(bt(3, 2) == 3);
    CHECK_THROWS_AS(bt = 5, nd::error);
    CHECK_THROWS_WITH(bt = 5, "assignment destination is read-only");
    CHECK_THROWS_WITH(bt.assign(nd::zeros<int>({4, 3})), "assignment destination is read-only");
    CHECK(values_of(row) == std::vector<int>{1, 2, 3});
    CHECK(nd::shares_memory(bt, row));
    // A view of a read-only view is read-only too.
    auto part = bt(nd::slice(1, 3));
    CHECK_FALSE(part.flags().writeable);
    CHECK_THROWS_AS(part = 1, nd::error);
    CHECK_THROWS_AS(nd::broadcast_to(row, {4, 2}), nd::shape_error);
    CHECK_THROWS_WITH(nd::broadcast_to(row, {2}), Catch::Contains("(3,) and requested shape (2,)"));
    auto scalar = nd::broadcast_to(nd::full<float>({}, 1.5f), {2, 2});
    CHECK(scalar(1, 1) == 1.5f);
    CHECK(scalar.strides() == nd::dim_vector{0, 0});
}

TEST_CASE("overlapping source and destination behave as if the source were read first", "[views]") {
    auto a = nd::arange<long>(10);
    a(nd::slice(1, nd::none)) = a(nd::slice(nd::none, -1));
    CHECK(values_of(a) == std::vector<long>{0, 0, 1, 2, 3, 4, 5, 6, 7, 8});
    auto b = nd::arange<long>(10);
    b(nd::slice(nd::none, -1)) = b(nd::slice(1, nd::none));
    CHECK(values_of(b) == std::vector<long>{1, 2, 3, 4, 5, 6, 7, 8, 9, 9});
    auto c = nd::arange<long>(9).reshape({3, 3});
    nd::view<long> cv = c;
    cv = c.T();
    CHECK(values_of(c) == std::vector<long>{0, 3, 6, 1, 4, 7, 2, 5, 8});
    auto d = nd::arange<long>(6);
    d = d(nd::slice(nd::none, nd::none, -1)); // array assignment from a view of itself
    CHECK(values_of(d) == std::vector<long>{5, 4, 3, 2, 1, 0});
}

TEST_CASE("transpose and T", "[views]") {
    auto x = nd::arange<long>(24).reshape({2, 3, 4});
    auto tp = x.transpose({2, 0, 1});
    CHECK(tp.shape() == nd::dim_vector{4, 2, 3});
    CHECK(tp.strides() == nd::dim_vector{8, 96, 32});
    CHECK(tp(3, 1, 2) == x(1, 2, 3));
    CHECK(x.transpose({-1, 0, 1}).strides() == tp.strides());
    CHECK(x.T().shape() == nd::dim_vector{4, 3, 2});
    CHECK(x.transpose().strides() == nd::dim_vector{8, 32, 96});
    CHECK(nd::shares_memory(x, tp));
    const nd::array<long> before = x;
    CHECK_THROWS_WITH(x.transpose({0, 1}), "axes don't match array");
    CHECK_THROWS_WITH(x.transpose({0, 1, 1}), "repeated axis in transpose");
    CHECK_THROWS_WITH(x.transpose({0, 1, 3}), "axis 3 is out of bounds for array of dimension 3");
    CHECK_THROWS_AS(x.transpose({0, 1, 3}), nd::index_error);
    auto s = nd::full<int>({}, 1);
    CHECK(s.T().ndim() == 0);
}

TEST_CASE("reshape: a view when NumPy gives one, else a view of a fresh copy", "[views]") {
    auto a = nd::arange<long>(12);
    auto m = a.reshape({3, 4});
    CHECK(nd::shares_memory(a, m));
    auto r = m.reshape({4, -1});
    CHECK(r.shape() == nd::dim_vector{4, 3});
    CHECK(nd::shares_memory(a, r));
    auto t = m.T().reshape({12});
    CHECK_FALSE(nd::shares_memory(a, t));
    CHECK(values_of(t) == std::vector<long>{0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11});
    auto tf = m.T().reshape({12}, nd::order::F);
    CHECK(nd::shares_memory(a, tf));
    CHECK(values_of(tf) == iota(12));
    auto sliced = m(nd::all, nd::slice(0, 2)).reshape({3, 2, 1});
    CHECK(nd::shares_memory(a, sliced));
    CHECK(nd::zeros<int>({0, 3}).reshape({3, 0, 4}).shape() == nd::dim_vector{3, 0, 4});
    CHECK(nd::zeros<int>({0, 3}).reshape({-1, 3}).shape() == nd::dim_vector{0, 3});
    CHECK_THROWS_AS(nd::zeros<int>({0, 3}).reshape({3, 0, -1}), nd::shape_error); // NumPy cannot infer it either
    auto scalar = nd::full<int>({}, 4).reshape({1, 1});
    CHECK(scalar(0, 0) == 4);
    CHECK(nd::full<int>({1}, 4).reshape({}).ndim() == 0);
    CHECK_THROWS_WITH(m.reshape({5, 3}), "cannot reshape array of size 12 into shape (5,3)");
    CHECK_THROWS_AS(m.reshape({5, 3}), nd::shape_error);
    CHECK_THROWS_WITH(m.reshape({-1, -1}), "can only specify one unknown dimension");
    CHECK_THROWS_WITH(m.reshape({5, -1}), "cannot reshape array of size 12 into shape (5,-1)");
    CHECK_THROWS_AS(m.reshape({-2, -6}), nd::shape_error);
}

TEST_CASE("squeeze, expand_dims, newaxis", "[views]") {
    auto x = nd::zeros<int>({1, 3, 1});
    CHECK(x.squeeze().shape() == nd::dim_vector{3});
    CHECK(x.squeeze(0).shape() == nd::dim_vector{3, 1});
    CHECK(x.squeeze(-1).shape() == nd::dim_vector{1, 3});
    CHECK_THROWS_WITH(x.squeeze(1), "cannot select an axis to squeeze out which has size not equal to one");
    CHECK_THROWS_AS(x.squeeze(3), nd::index_error);
    auto y = nd::arange<long>(6).reshape({2, 3});
    auto e0 = nd::expand_dims(y, 0);
    CHECK(e0.shape() == nd::dim_vector{1, 2, 3});
    CHECK(nd::expand_dims(y, -1).shape() == nd::dim_vector{2, 3, 1});
    CHECK(nd::expand_dims(y, 1).shape() == nd::dim_vector{2, 1, 3});
    CHECK_THROWS_AS(nd::expand_dims(y, 3), nd::index_error);
    e0(0, 1, 2) = 50;
    CHECK(y(1, 2) == 50);
    nd::array<long> pts = {{0, 0}, {1, 1}, {2, 0}, {3, 3}};
    auto p3 = pts(nd::all, nd::newaxis, nd::all);
    CHECK(p3.shape() == nd::dim_vector{4, 1, 2});
    auto ex = y(nd::ellipsis, nd::newaxis);
    CHECK(ex.shape() == nd::dim_vector{2, 3, 1});
}

TEST_CASE("ravel is a view when contiguous in its order; flatten always copies", "[views]") {
    auto m = nd::arange<long>(12).reshape({3, 4});
    CHECK(nd::shares_memory(m, m.ravel()));
    CHECK(values_of(m.ravel(nd::order::F)) == std::vector<long>{0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11});
    CHECK_FALSE(nd::shares_memory(m, m.ravel(nd::order::F)));
    CHECK(nd::shares_memory(m, m.T().ravel(nd::order::K)));
    CHECK(values_of(m.T().ravel(nd::order::K)) == iota(12));
    CHECK(nd::shares_memory(m, m.T().ravel(nd::order::A)));
    CHECK_FALSE(nd::shares_memory(m, m.T().ravel()));
    auto f = m(nd::all, nd::slice(1, 3)).flatten(nd::order::F);
    CHECK(values_of(f) == std::vector<long>{1, 5, 9, 2, 6, 10});
    CHECK(f.flags().owndata);
    CHECK_FALSE(nd::shares_memory(m, m.flatten()));
}

// A contiguous source laid out as its copy will be is copied byte for byte; the strides are
// NumPy's (1.24), including length-1 axes whose strides differ from a new array's.
TEST_CASE("copies of contiguous sources: values, strides and own memory", "[views]") {
    auto m = nd::arange<long>(12).reshape({3, 4});
    auto first_row = m(nd::slice(0, 1), nd::all); // np: m[0:1, :], strides (32, 8)
    CHECK(first_row.copy(nd::order::K).strides() == nd::dim_vector{32, 8});
    CHECK(first_row.copy().strides() == nd::dim_vector{32, 8});
    auto second_row = m(nd::slice(1, 2), nd::all);
    CHECK(second_row.copy(nd::order::F).strides() == nd::dim_vector{8, 8});
    CHECK(values_of(second_row.copy(nd::order::F)) == std::vector<long>{4, 5, 6, 7});
    auto fortran = nd::asfortranarray(m);
    auto column = fortran(nd::all, nd::slice(1, 2)); // strides (8, 24): C- and F-contiguous
    REQUIRE(column.strides() == nd::dim_vector{8, 24});
    CHECK(column.copy(nd::order::K).strides() == nd::dim_vector{8, 8});
    CHECK(column.copy(nd::order::C).strides() == nd::dim_vector{8, 8});
    CHECK(column.copy(nd::order::F).strides() == nd::dim_vector{8, 24});
    CHECK(values_of(column.copy(nd::order::K)) == std::vector<long>{1, 5, 9});
    CHECK(fortran.copy().strides() == nd::dim_vector{32, 8}); // ndarray.copy's default is C
    auto fortran_copy = fortran.copy(nd::order::K);
    CHECK(fortran_copy.strides() == nd::dim_vector{8, 24});
    CHECK(values_of(fortran_copy) == values_of(m));
    CHECK_FALSE(nd::may_share_memory(fortran_copy, fortran));
    CHECK(fortran_copy.flags().owndata);
    // The copy is independent of its source.
    auto copy = m.copy();
    m(0, 0) = 100;
    CHECK(copy(0, 0) == 0);
    // 0-d, empty and every element type.
    nd::array<double> scalar = nd::full<double>({}, 2.5);
    CHECK(scalar.copy().ndim() == 0);
    CHECK(values_of(scalar.copy()) == std::vector<double>{2.5});
    auto empty = nd::zeros<float>({0, 3});
    CHECK(empty.copy().shape() == nd::dim_vector{0, 3});
    nd::array<bool> flags = {true, false, true};
    CHECK(values_of(flags.copy()) == std::vector<bool>{true, false, true});
    nd::array<std::int8_t> small = {-128, 0, 127};
    CHECK(values_of(small.copy()) == std::vector<std::int8_t>{-128, 0, 127});
    nd::array<std::complex<float>> z = {std::complex<float>(1, -1), std::complex<float>(0.5f, 2)};
    CHECK(values_of(z.copy()) == values_of(z));
}

TEST_CASE("copy, astype, ascontiguousarray and asfortranarray", "[views]") {
    auto m = nd::arange<long>(12).reshape({3, 4});
    auto cp = m.copy();
    CHECK_FALSE(nd::may_share_memory(m, cp));
    CHECK(cp.flags().owndata);
    CHECK(m(nd::slice(nd::none, nd::none, -1)).copy(nd::order::K).strides() == nd::dim_vector{32, 8});
    CHECK(m.T().copy(nd::order::K).strides() == nd::dim_vector{8, 32});
    CHECK(m.T().copy().strides() == nd::dim_vector{24, 8});
    CHECK(m.T().copy(nd::order::A).strides() == nd::dim_vector{8, 32});
    CHECK(m.copy(nd::order::F).strides() == nd::dim_vector{8, 24});
    nd::array<double> d = {1.7, -2.5, std::nan("")};
    CHECK(values_of(d.astype<std::int32_t>()) == std::vector<std::int32_t>{1, -2, -2147483648});
    nd::array<double> u = {1.7, -2.5, 300};
    CHECK(values_of(u.astype<std::uint8_t>()) == std::vector<std::uint8_t>{1, 254, 44});
    CHECK(values_of(nd::array<double>{0, 2, 0.5}.astype<bool>()) == std::vector<bool>{false, true, true});
    nd::array<std::complex<double>> z = {std::complex<double>(1.5, 2), std::complex<double>(-3, 4)};
    CHECK(values_of(z.astype<double>()) == std::vector<double>{1.5, -3});
    auto h = nd::arange<float>(3).astype<double>();
    STATIC_REQUIRE(std::is_same_v<decltype(h), nd::array<double>>);
    auto c = nd::ascontiguousarray(m.T());
    CHECK(c.strides() == nd::dim_vector{24, 8});
    CHECK_FALSE(nd::shares_memory(c, m));
    CHECK(nd::shares_memory(nd::ascontiguousarray(m), m));
    auto f = nd::asfortranarray(m);
    CHECK(f.strides() == nd::dim_vector{8, 24});
    CHECK(nd::shares_memory(nd::asfortranarray(m.T()), m));
}

TEST_CASE("basic indexing errors name what was wrong", "[views][errors]") {
    auto m = nd::arange<long>(12).reshape({3, 4});
    CHECK_THROWS_WITH(m(nd::slice(0, 3, 0)), "slice step cannot be zero");
    CHECK_THROWS_AS(m(nd::slice(0, 3, 0)), nd::index_error);
    CHECK_THROWS_WITH(m(nd::ellipsis, 1, nd::ellipsis), "an index can only have a single ellipsis ('...')");
    CHECK_THROWS_WITH(m(nd::all, nd::all, nd::all), "too many indices for array: array is 2-dimensional, but 3 were indexed");
    CHECK_THROWS_WITH(m(5, nd::all), "index 5 is out of bounds for axis 0 with size 3");
    CHECK_THROWS_WITH(m(nd::all, -5), "index -5 is out of bounds for axis 1 with size 4");
    CHECK(m(nd::all, nd::newaxis, nd::newaxis, 1).shape() == nd::dim_vector{3, 1, 1});
}

TEST_CASE("strided, negative and zero strides compose", "[views]") {
    auto a = nd::arange<float>(10);
    auto rv = a(nd::slice(nd::none, nd::none, -1));
    CHECK(rv.strides() == nd::dim_vector{-4});
    CHECK(rv(0) == 9.0f);
    auto st = a(nd::slice(0, 10, 2));
    CHECK(values_of(st) == std::vector<float>{0, 2, 4, 6, 8});
    auto back = st(nd::slice(nd::none, nd::none, -2));
    CHECK(values_of(back) == std::vector<float>{8, 4, 0});
    CHECK(back.strides() == nd::dim_vector{-16});
    back = nd::array<float>{-1, -2, -3};
    CHECK(values_of(a) == std::vector<float>{-3, 1, 2, 3, -2, 5, 6, 7, -1, 9});
    CHECK(a(nd::slice(100, 200)).size() == 0);
    CHECK(a(nd::slice(-100, 2)).size() == 2);
    CHECK(values_of(a(nd::slice(-3))) == std::vector<float>{-3, 1, 2, 3, -2, 5, 6});
}
