// Elementwise operations defined outside nd through the documented extension point
// (nd/expr/operation.hpp, docs/contributing.md): the concept that checks them, their defaults,
// a SIMD kernel and traits, and nd::ufunc over them with broadcasting and nd::out.

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <cstdint>
#include <type_traits>
#include <vector>

#include <nd/nd.hpp>

#include "../support/values.hpp"

using nd_test::values_of;

namespace {

// x * x + 1 in the promoted type; a SIMD kernel for floats; compute-bound for the loops.
struct square_plus_one : nd::ops::elementwise {
    static constexpr const char* name = "square_plus_one";
    static constexpr nd::operation_traits traits{.compute_bound = true};
    template <class C> static constexpr bool batchable = std::is_floating_point_v<C> && nd::simd::has_batch<C>;
    template <class C> static C apply(C x) { return x * x + C(1); }
    template <class B> static B apply_batch(const B& x) { return x * x + B(typename B::value_type(1)); }
};
inline constexpr nd::ufunc<square_plus_one, 1> square_plus_one_ufunc{};

// A name, the scalar function and a type rule (float64 at least); the defaults give the rest.
struct average : nd::ops::elementwise {
    static constexpr const char* name = "average";
    template <class... T> using compute = nd::promote_t<double, T...>;
    template <class... T> using result = compute<T...>;
    template <class C> static C apply(C a, C b) { return (a + b) / C(2); }
};
inline constexpr nd::ufunc<average, 2> average_ufunc{};

struct not_derived {
    static constexpr const char* name = "not_derived";
    template <class... T> using compute = nd::promote_t<T...>;
    template <class... T> using result = nd::promote_t<T...>;
    static constexpr nd::operation_traits traits{};
    template <class C> static C apply(C x) { return x; }
};

static_assert(nd::elementwise_operation<nd::ops::add, float, float>);
static_assert(nd::elementwise_operation<nd::ops::exp, std::int16_t>);
static_assert(nd::elementwise_operation<nd::ops::logaddexp, double, float>);
static_assert(nd::elementwise_operation<square_plus_one, float>);
static_assert(nd::elementwise_operation<average, int, int>);
static_assert(!nd::elementwise_operation<average, int>);            // apply takes two operands
static_assert(!nd::elementwise_operation<not_derived, int>);        // the defaults' base is required,
static_assert(not_derived::name[0] == 'n' && !not_derived::traits.compute_bound); // though all else is there
static_assert(nd::ops::exp::traits.keeps_up_with_memory && nd::ops::sin::traits.compute_bound);
static_assert(!nd::ops::add::traits.compute_bound && !average::traits.compute_bound);
static_assert(std::is_same_v<decltype(nd::make_expression(average{}, nd::array<int>{}, 1))::value_type, double>);

} // namespace

TEST_CASE("an elementwise operation defined outside nd runs on nd's loops", "[expr][extension]") {
    for (const std::ptrdiff_t n : {1, 5, 16, 67}) {
        const nd::array<float> x = nd::arange<float>(0, static_cast<float>(n));
        const nd::array<float> y = square_plus_one_ufunc(x); // contiguous: the SIMD kernel
        const nd::array<float> z = square_plus_one_ufunc(x(nd::slice(nd::none, nd::none, -1))); // reversed: the scalar one
        for (std::ptrdiff_t k = 0; k < n; ++k) {
            CHECK(y(k) == static_cast<float>(k * k + 1));
            CHECK(z(n - 1 - k) == y(k));
        }
    }
    const nd::array<int> m = nd::array<int>{1, 2, 3, 4, 5, 6}.reshape({2, 3});
    CHECK(values_of(nd::eval(nd::make_expression(average{}, m, nd::array<int>{1, 1, 2}))) == std::vector<double>{1, 1.5, 2.5, 2.5, 3, 4});
    nd::array<double> out = nd::zeros<double>({2, 3});
    square_plus_one_ufunc(m, nd::out(out));
    CHECK(values_of(out) == std::vector<double>{2, 5, 10, 17, 26, 37});
    nd::array<int> narrow = nd::zeros<int>({2, 3});
    CHECK_THROWS_AS(average_ufunc(m, 1.5, nd::out(narrow)), nd::type_error); // float64 into int32
    CHECK(values_of(narrow) == std::vector<int>(6, 0));
    CHECK_THROWS_AS(average_ufunc(m, nd::array<int>{1, 2}), nd::shape_error);
}
