// Every reduction takes a braced list of one axis, `{k}`, as that axis (NumPy's axis=(k,)), and
// nd::var and nd::std still take an nd::ddof beside it or alone. Expected values from NumPy 1.24:
// a = np.array([[1., 2, 3], [4, 5, 7]]); np.var(a, axis=(1,), ddof=1) and so on.

#include <nd/nd.hpp>

#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace {

template <class T> std::vector<T> flat(const nd::array<T>& x) {
    const auto line = x.ravel();
    std::vector<T> values;
    for (std::ptrdiff_t i = 0; i < line.size(); ++i) values.push_back(line(i));
    return values;
}

const nd::array<double> a = {{1, 2, 3}, {4, 5, 7}};

} // namespace

TEST_CASE("a braced list of one axis is that axis, for every reduction", "[reduce][axes]") {
    CHECK(flat(nd::sum(a, {1})) == std::vector<double>{6, 16});
    CHECK(flat(nd::prod(a, {0})) == std::vector<double>{4, 10, 21});
    CHECK(flat(nd::mean(a, {0})) == std::vector<double>{2.5, 3.5, 5});
    CHECK(flat(nd::min(a, {1})) == std::vector<double>{1, 4});
    CHECK(flat(nd::max(a, {0})) == std::vector<double>{4, 5, 7});
    CHECK(flat(nd::any(a, {1})) == std::vector<bool>{true, true});
    CHECK(flat(nd::all_reduce(a, {0})) == std::vector<bool>{true, true, true});
    CHECK(flat(nd::argmin(a, {1})) == std::vector<std::int64_t>{0, 0});
    CHECK(flat(nd::argmax(a, {0})) == std::vector<std::int64_t>{1, 1, 1});
    CHECK(flat(nd::cumsum(a, {1})) == std::vector<double>{1, 3, 6, 4, 9, 16});
    CHECK(flat(nd::cumprod(a, {0})) == std::vector<double>{1, 2, 3, 4, 10, 21});

    const nd::array<double> variances = nd::var(a, {1});
    REQUIRE(variances.shape() == nd::dim_vector{2});
    CHECK(variances(0) == Approx(0.6666666666666666));
    CHECK(variances(1) == Approx(1.5555555555555554));
    const nd::array<double> deviations = nd::std(a, {0});
    REQUIRE(deviations.shape() == nd::dim_vector{3});
    CHECK(deviations(0) == Approx(1.5));
    CHECK(deviations(2) == Approx(2.0));
}

TEST_CASE("var and std: a list of one axis with ddof and keepdims; ddof alone; nothing", "[reduce][axes]") {
    const nd::array<double> sample_variances = nd::var(a, {1}, nd::ddof(1));
    CHECK(sample_variances(0) == Approx(1.0));
    CHECK(sample_variances(1) == Approx(2.333333333333333));
    const nd::array<double> sample_deviations = nd::std(a, {0}, nd::ddof(1));
    CHECK(sample_deviations(0) == Approx(2.1213203435596424));
    CHECK(sample_deviations(2) == Approx(2.8284271247461903));
    CHECK(nd::var(a, {1}, nd::keepdims).shape() == nd::dim_vector{2, 1});
    CHECK(nd::std(a, {-1}, nd::ddof(1), nd::keepdims).shape() == nd::dim_vector{2, 1});
    CHECK(nd::var(a) == Approx(3.8888888888888893));
    CHECK(nd::var(a, nd::ddof(1)) == Approx(4.666666666666667));
    CHECK(nd::std(a, nd::ddof(1)) == Approx(2.160246899469287));
    CHECK(nd::std(a) == Approx(1.9720265943665387));
}

TEST_CASE("the reductions along one axis take a list of one, and refuse longer lists", "[reduce][axes]") {
    CHECK(nd::argmax(a, {1}, nd::keepdims).shape() == nd::dim_vector{2, 1});
    CHECK(nd::argmin(a, {-1}, nd::keepdims).shape() == nd::dim_vector{2, 1});
    const std::size_t unsigned_axis = 1;
    CHECK(flat(nd::cumsum(a, unsigned_axis)) == std::vector<double>{1, 3, 6, 4, 9, 16});
    // NumPy: np.argmax(a, axis=(0, 1)) is a TypeError.
    CHECK_THROWS_AS(nd::argmax(a, {0, 1}), nd::type_error);
    CHECK_THROWS_WITH(nd::cumprod(a, {0, 1}), "a reduction along one axis takes one axis, not a list of 2");
    CHECK_THROWS_AS(nd::argmin(a, {}), nd::type_error);
}

TEST_CASE("a list of one axis out of range is nd::index_error, as an axis is", "[reduce][axes]") {
    CHECK_THROWS_AS(nd::var(a, {2}), nd::index_error);
    CHECK_THROWS_AS(nd::std(a, {-3}), nd::index_error);
    CHECK_THROWS_AS(nd::sum(a, {2}), nd::index_error);
}
