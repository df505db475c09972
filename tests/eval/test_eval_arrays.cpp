// nd::eval on what generic code may hold: an expression (a new array), an array (itself, no
// copy) and a view (a new array with the view's elements, sharing no memory with it).

#include <nd/nd.hpp>

#include <catch2/catch.hpp>

#include <type_traits>
#include <utility>

TEST_CASE("nd::eval of an array returns that array, without a copy", "[eval]") {
    nd::array<double> m = {{1, 2, 3}, {4, 5, 6}};
    const nd::array<double>& same = nd::eval(m);
    CHECK(&same == &m);
    static_assert(std::is_same_v<decltype(nd::eval(m)), const nd::array<double>&>);

    // A temporary array (an axis reduction returns one) is moved, its elements kept.
    nd::array<double> totals = nd::sum(m, 0);
    const double* elements = totals.data();
    nd::array<double> moved = nd::eval(std::move(totals));
    CHECK(moved.data() == elements);
    CHECK(moved(2) == 9.0);
    nd::array<double> reduced = nd::eval(nd::sum(m, 1));
    CHECK(reduced.shape() == nd::dim_vector{2});
    CHECK(reduced(1) == 15.0);
}

TEST_CASE("nd::eval of a view copies its elements into a new array", "[eval]") {
    nd::array<int> m = {{1, 2, 3}, {4, 5, 6}};
    const nd::array<int> column = nd::eval(m(nd::all, 1));
    CHECK(column.shape() == nd::dim_vector{2});
    CHECK(column(0) == 2);
    CHECK(column(1) == 5);
    CHECK_FALSE(nd::shares_memory(column, m));
    const nd::array<int> reversed = nd::eval(m.T()(nd::slice(nd::none, nd::none, -1), nd::all));
    CHECK(reversed.shape() == nd::dim_vector{3, 2});
    CHECK(reversed(0, 0) == 3);
    CHECK(reversed(2, 1) == 4);
    const nd::view<const int> read_only = m;
    const nd::array<int> copied = nd::eval(read_only);
    CHECK(copied(1, 2) == 6);
    m(1, 2) = 60;
    CHECK(copied(1, 2) == 6); // a copy: later writes to m do not reach it

    // An empty and a 0-d view.
    CHECK(nd::eval(m(nd::slice(0, 0), nd::all)).shape() == nd::dim_vector{0, 3});
    CHECK(nd::eval(nd::array<int>(nd::full<int>({}, 7))).ndim() == 0);
}

TEST_CASE("nd::eval of an expression still evaluates it", "[eval]") {
    const nd::array<float> x = {1, 2, 3};
    const nd::array<float> y = nd::eval(x * x + 1.0f);
    CHECK(y(2) == 10.0f);
}
