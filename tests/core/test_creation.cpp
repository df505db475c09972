// Creation functions against values NumPy 1.24 gives (taken from NumPy, bit for bit where the
// arithmetic matters: arange and linspace).
#include <catch2/catch.hpp>

#include <bit>
#include <cstdint>
#include <vector>

#include <nd/nd.hpp>

#include "../support/values.hpp"

using nd_test::values_of;

TEST_CASE("zeros, ones, full, empty: shape, strides, order, values", "[creation]") {
    auto z = nd::zeros<double>({1000, 1000}, nd::order::F);
    CHECK(z.shape() == nd::dim_vector{1000, 1000});
    CHECK(z.strides() == nd::dim_vector{8, 8000});
    CHECK(z.flags().f_contiguous);
    CHECK_FALSE(z.flags().c_contiguous);
    CHECK(z(999, 999) == 0.0);
    auto o = nd::ones<double>({1000000});
    CHECK(o.size() == 1000000);
    CHECK(o(123456) == 1.0);
    auto f = nd::full<int>({2, 3}, 7);
    CHECK(values_of(f) == std::vector<int>(6, 7));
    CHECK(f.strides() == nd::dim_vector{12, 4});
    auto e = nd::empty<std::int16_t>({4, 0, 2});
    CHECK(e.size() == 0);
    CHECK(e.nbytes() == 0);
    CHECK(e.flags().c_contiguous);
    CHECK(e.flags().f_contiguous);
    CHECK(e.strides() == nd::dim_vector{0, 0, 0}); // NumPy's strides for a new empty array
    // More axes than a shape holds inline (NumPy's strides).
    CHECK(nd::empty<float>({2, 1, 3, 1, 2, 2}).strides() == nd::dim_vector{48, 48, 16, 16, 8, 4});
    CHECK(nd::empty<float>({2, 1, 3, 1, 2, 2}, nd::order::F).strides() == nd::dim_vector{4, 8, 8, 24, 24, 48});
    CHECK(nd::empty<double>({3, 0, 5, 1, 2}).strides() == nd::dim_vector{0, 0, 0, 0, 0});
    auto scalar = nd::full<float>({}, 2.5f);
    CHECK(scalar.ndim() == 0);
    CHECK(scalar.size() == 1);
    CHECK(scalar() == 2.5f);
    auto c = nd::zeros<std::complex<float>>({2});
    CHECK(c(1) == std::complex<float>(0, 0));
    auto b = nd::ones<bool>({3});
    CHECK(b(2));
}

TEST_CASE("the _like functions keep shape, type and F layout", "[creation]") {
    auto f = nd::zeros<float>({3, 4}, nd::order::F);
    auto e = nd::empty_like(f);
    STATIC_REQUIRE(std::is_same_v<decltype(e), nd::array<float>>);
    CHECK(e.shape() == f.shape());
    CHECK(e.flags().f_contiguous);
    nd::array<int> m = {{10, 20, 30}, {40, 50, 60}};
    auto z = nd::zeros_like(m);
    auto u = nd::ones_like(m);
    auto s = nd::full_like(m(nd::all, 1), 9);
    CHECK(values_of(z) == std::vector<int>(6, 0));
    CHECK(values_of(u) == std::vector<int>(6, 1));
    CHECK(values_of(s) == std::vector<int>{9, 9});
    CHECK(nd::zeros_like(m.T()).flags().f_contiguous);
}

TEST_CASE("arange matches NumPy bit for bit", "[creation]") {
    auto a = nd::arange<float>(10);
    CHECK(a.shape() == nd::dim_vector{10});
    CHECK(a(9) == 9.0f);
    auto r = nd::arange<double>(2.0, 8.0, 0.5);
    CHECK(values_of(r) == std::vector<double>{2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5});
    auto f = nd::arange<float>(0.1, 1.0, 0.1);
    std::vector<std::int32_t> bits;
    for (float x : values_of(f)) bits.push_back(std::bit_cast<std::int32_t>(x));
    CHECK(bits == std::vector<std::int32_t>{1036831949, 1045220557, 1050253722, 1053609165, 1056964608, 1058642330, 1060320052,
                                            1061997773, 1063675495});
    CHECK(values_of(nd::arange<int>(10, 0, -3)) == std::vector<int>{10, 7, 4, 1});
    CHECK(values_of(nd::arange<double>(-3, 3, 1.5)) == std::vector<double>{-3, -1.5, 0, 1.5});
    CHECK(nd::arange<int>(5, 2).size() == 0);
    CHECK_THROWS_AS(nd::arange<int>(0, 5, 0), nd::error);
}

TEST_CASE("linspace matches NumPy bit for bit", "[creation]") {
    auto l = nd::linspace<double>(0.0, 1.0, 11);
    CHECK(values_of(l) == std::vector<double>{0.0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001,
                                              0.8, 0.9, 1.0});
    CHECK(values_of(nd::linspace<double>(2, 3, 4, false)) == std::vector<double>{2.0, 2.25, 2.5, 2.75});
    CHECK(values_of(nd::linspace<int>(0, 10, 5)) == std::vector<int>{0, 2, 5, 7, 10});
    CHECK(values_of(nd::linspace<double>(0, 1, 1)) == std::vector<double>{0.0});
    CHECK(nd::linspace<double>(0, 1, 0).size() == 0);
    std::vector<std::int64_t> bits;
    for (double x : values_of(nd::linspace<double>(0.1, 0.7, 7))) bits.push_back(std::bit_cast<std::int64_t>(x));
    CHECK(bits == std::vector<std::int64_t>{4591870180066957722, 4596373779694328218, 4599075939470750515, 4600877379321698714,
                                            4602678819172646912, 4603579539098121011, 4604480259023595110});
    CHECK_THROWS_AS(nd::linspace<double>(0, 1, -1), nd::error);
}

TEST_CASE("eye and identity", "[creation]") {
    CHECK(values_of(nd::eye<double>(3, 4, 1)) == std::vector<double>{0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1});
    CHECK(values_of(nd::eye<double>(3, -1, -1)) == std::vector<double>{0, 0, 0, 1, 0, 0, 0, 1, 0});
    CHECK(nd::eye<double>(2, -1, 0, nd::order::F).flags().f_contiguous);
    CHECK(values_of(nd::identity<int>(2)) == std::vector<int>{1, 0, 0, 1});
    CHECK(nd::eye<double>(2, 2, 5).size() == 4); // diagonal entirely outside: all zeros
    CHECK(values_of(nd::eye<double>(2, 2, 5)) == std::vector<double>(4, 0.0));
    CHECK(nd::eye<int>(0).shape() == nd::dim_vector{0, 0});
}

TEST_CASE("nested initializer lists up to four levels", "[creation]") {
    nd::array<int> v = {1, 2, 3};
    CHECK(v.shape() == nd::dim_vector{3});
    nd::array<int> m = {{10, 20, 30}, {40, 50, 60}};
    CHECK(m.shape() == nd::dim_vector{2, 3});
    CHECK(m(1, 0) == 40);
    nd::array<double> c = {{{1, 2}}, {{3, 4}}, {{5, 6}}};
    CHECK(c.shape() == nd::dim_vector{3, 1, 2});
    CHECK(c(2, 0, 1) == 6.0);
    nd::array<std::int8_t> d = {{{{1, 2}, {3, 4}, {5, 6}}}};
    CHECK(d.shape() == nd::dim_vector{1, 1, 3, 2});
    CHECK(d(0, 0, 2, 1) == 6);
}

TEST_CASE("ragged initializer lists are shape errors naming the ragged depth", "[creation][errors]") {
    auto ragged2 = [] { nd::array<int> x = {{1, 2}, {3}}; };
    CHECK_THROWS_WITH(ragged2(), "setting an array element with a sequence. The requested array has an inhomogeneous shape after 1 "
                                 "dimensions. The detected shape was (2,) + inhomogeneous part.");
    CHECK_THROWS_AS(ragged2(), nd::shape_error);
    auto ragged3 = [] { nd::array<int> x = {{{1, 2}, {3, 4}}, {{1, 2}, {3}}}; };
    CHECK_THROWS_WITH(ragged3(), Catch::Contains("inhomogeneous shape after 2 dimensions. The detected shape was (2,2)"));
}

TEST_CASE("oversized shapes fail before allocating", "[creation][errors]") {
    const std::ptrdiff_t huge = std::ptrdiff_t(1) << 40;
    CHECK_THROWS_AS(nd::zeros<double>({huge, huge}), nd::shape_error);
    CHECK_THROWS_WITH(nd::zeros<double>({huge, huge}), Catch::Contains("(1099511627776,1099511627776)"));
    CHECK_THROWS_AS(nd::empty<double>({std::ptrdiff_t(1) << 61}), nd::shape_error); // elements fit, bytes do not
    CHECK_THROWS_AS(nd::zeros<int>({-1, 2}), nd::shape_error);
    nd::dim_vector too_many(33, 1);
    CHECK_THROWS_WITH(nd::zeros<int>(too_many), "maximum supported dimension for an ndarray is 32, found 33");
    nd::dim_vector most(32, 1);
    CHECK(nd::zeros<int>(most).ndim() == 32);
    CHECK(nd::zeros<int>({huge, huge, 0}).size() == 0); // NumPy allows this: nothing to allocate
}

TEST_CASE("adapt wraps external memory without owning it", "[creation]") {
    double data[6] = {1, 2, 3, 4, 5, 6};
    nd::view<double> v = nd::adapt(data, {2, 3});
    CHECK(v(1, 0) == 4.0);
    CHECK_FALSE(v.flags().owndata);
    CHECK_FALSE(v.buffer());
    v(0, 0) = 10;
    CHECK(data[0] == 10.0);
    auto t = nd::adapt(data, {3, 2}, {8, 24});
    CHECK(t(2, 1) == 6.0);
    CHECK(t.flags().f_contiguous);
    CHECK_THROWS_AS(nd::adapt(data, {3, 2}, {8}), nd::shape_error);
    const double constant[2] = {1, 2};
    auto cv = nd::adapt(constant, {2});
    STATIC_REQUIRE(std::is_same_v<decltype(cv), nd::view<const double>>);
    CHECK_FALSE(cv.flags().writeable);
}
