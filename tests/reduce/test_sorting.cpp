// Sorting and searching beyond the NumPy fixtures (test_sorting_fixtures.cpp): the call forms
// (arrays, const arrays, views, lazy expressions, F-order arrays, broadcast views with zero
// strides), NumPy's order spelled out (NaN last, -0.0 and +0.0 in input order, complex NaN groups,
// false < true), stability, large random arrays and every length around the cut-offs of a sort's
// small-array and SIMD paths for every element type against std::stable_sort with NumPy's order
// (tests/support/numpy_order.hpp), the input left unchanged, and the errors with their exception
// types.

#include <catch2/catch.hpp>

#include <nd/nd.hpp>

#include "../support/numpy_order.hpp"
#include "../support/values.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

using nd_test::values_of;

namespace {

using i64 = std::int64_t;
using c64 = std::complex<float>;
using c128 = std::complex<double>;

// (not `nan`: the C library's nan() is a global name too)
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
constexpr double Inf = std::numeric_limits<double>::infinity();

// ---------------------------------------------------------------------------------------
// The API's types

static_assert(std::is_enum_v<nd::sort_kind>);
static_assert(std::is_same_v<std::remove_cv_t<decltype(nd::quicksort)>, nd::sort_kind>);
static_assert(std::is_same_v<std::remove_cv_t<decltype(nd::stable)>, nd::sort_kind>);
static_assert(nd::quicksort == nd::sort_kind::quicksort && nd::stable == nd::sort_kind::stable);
static_assert(std::is_enum_v<nd::side>);
static_assert(nd::side::left != nd::side::right);

template <class X> using sort_result = decltype(nd::sort(std::declval<const X&>()));
template <class X> using argsort_result = decltype(nd::argsort(std::declval<const X&>()));
static_assert(std::is_same_v<sort_result<nd::array<float>>, nd::array<float>>);
static_assert(std::is_same_v<sort_result<nd::view<const float>>, nd::array<float>>);
static_assert(std::is_same_v<sort_result<nd::view<c128>>, nd::array<c128>>);
static_assert(std::is_same_v<argsort_result<nd::array<std::uint8_t>>, nd::array<i64>>);
static_assert(std::is_same_v<argsort_result<nd::view<const bool>>, nd::array<i64>>);

// ---------------------------------------------------------------------------------------
// Helpers

std::vector<std::ptrdiff_t> to_vec(const nd::dim_vector& d) { return {d.begin(), d.end()}; }

/// A new C-order array of `shape` holding `values` (C order).
template <class T> nd::array<T> make_array(const nd::dim_vector& shape, const std::vector<T>& values) {
    nd::array<T> a(shape, nd::order::C);
    REQUIRE(static_cast<std::size_t>(a.size()) == values.size());
    std::copy(values.begin(), values.end(), a.data());
    return a;
}

template <class R> R random_real(std::mt19937_64& rng) {
    const auto p = rng() % 100;
    if (p < 4) return std::numeric_limits<R>::quiet_NaN();
    if (p < 6) return R(-0.0);
    if (p < 8) return R(0.0);
    if (p < 9) return std::numeric_limits<R>::infinity();
    if (p < 10) return -std::numeric_limits<R>::infinity();
    if (p < 11) return (p % 2 ? R(1) : R(-1)) * std::numeric_limits<R>::denorm_min();
    if (p < 12) return std::numeric_limits<R>::max();
    if (p < 45) return static_cast<R>(static_cast<int>(rng() % 17) - 8) / R(4); // ties
    return static_cast<R>(std::normal_distribution<double>(0.0, 100.0)(rng));
}

/// Random elements with NumPy's awkward cases: NaN, both zeros, infinities, subnormals, the
/// extremes, and many ties.
template <class T> T random_value(std::mt19937_64& rng) {
    if constexpr (std::is_same_v<T, bool>) {
        return (rng() & 1) != 0;
    } else if constexpr (nd::complex_number<T>) {
        using R = typename T::value_type;
        // few distinct real parts, so that ties on the real part order by the imaginary one
        const R re = rng() % 4 == 0 ? random_real<R>(rng) : static_cast<R>(static_cast<int>(rng() % 5) - 2);
        return T(re, random_real<R>(rng));
    } else if constexpr (std::is_floating_point_v<T>) {
        return random_real<T>(rng);
    } else {
        const auto p = rng() % 10;
        if (p == 0) return std::numeric_limits<T>::min();
        if (p == 1) return std::numeric_limits<T>::max();
        if (p < 6) {
            if constexpr (std::is_signed_v<T>) return static_cast<T>(static_cast<int>(rng() % 7) - 3);
            else return static_cast<T>(rng() % 7);
        }
        return static_cast<T>(rng()); // the whole range (modulo 2^bits)
    }
}

template <class T> std::vector<T> random_values(std::mt19937_64& rng, std::ptrdiff_t n) {
    std::vector<T> v;
    for (std::ptrdiff_t k = 0; k < n; ++k) v.push_back(random_value<T>(rng));
    return v;
}

/// std::stable_sort's indices along `axis` of C-order elements of `shape`, in NumPy's order.
template <class T> std::vector<i64> reference_argsort(const std::vector<T>& flat, const std::vector<std::ptrdiff_t>& shape, std::size_t axis) {
    const nd_test::lanes l = nd_test::lanes_of(shape, axis);
    std::vector<i64> out(flat.size());
    std::vector<i64> index(static_cast<std::size_t>(l.n));
    for (std::ptrdiff_t o = 0; o < l.outer; ++o) {
        for (std::ptrdiff_t i = 0; i < l.inner; ++i) {
            std::iota(index.begin(), index.end(), i64{0});
            std::stable_sort(index.begin(), index.end(), [&](i64 a, i64 b) {
                return nd_test::numpy_less<T>(flat[static_cast<std::size_t>(l.at(o, i, a))], flat[static_cast<std::size_t>(l.at(o, i, b))]);
            });
            for (std::ptrdiff_t k = 0; k < l.n; ++k) out[static_cast<std::size_t>(l.at(o, i, k))] = index[static_cast<std::size_t>(k)];
        }
    }
    return out;
}

/// The elements picked along `axis` by `index` (np.take_along_axis).
template <class T>
std::vector<T> take_along(const std::vector<T>& flat, const std::vector<std::ptrdiff_t>& shape, std::size_t axis, const std::vector<i64>& index) {
    const nd_test::lanes l = nd_test::lanes_of(shape, axis);
    std::vector<T> out(flat.size());
    for (std::ptrdiff_t o = 0; o < l.outer; ++o)
        for (std::ptrdiff_t i = 0; i < l.inner; ++i)
            for (std::ptrdiff_t k = 0; k < l.n; ++k)
                out[static_cast<std::size_t>(l.at(o, i, k))] = flat[static_cast<std::size_t>(l.at(o, i, index[static_cast<std::size_t>(l.at(o, i, k))]))];
    return out;
}

template <class T> bool has_nan(const T& x) {
    if constexpr (nd::complex_number<T>) return std::isnan(x.real()) || std::isnan(x.imag());
    else if constexpr (std::is_floating_point_v<T>) return std::isnan(x);
    else return false;
}

/// np.unique(x, return_counts=True) of NumPy 1.24 with a stable sort: the first of each run of
/// equal elements, every NaN (for complex: every element with a NaN part) one element.
template <class T> std::pair<std::vector<T>, std::vector<i64>> reference_unique(const std::vector<T>& flat) {
    const std::vector<std::ptrdiff_t> shape{static_cast<std::ptrdiff_t>(flat.size())};
    const std::vector<T> sorted = take_along(flat, shape, 0, reference_argsort(flat, shape, 0));
    std::vector<T> values;
    std::vector<i64> counts;
    for (std::size_t k = 0; k < sorted.size(); ++k) {
        const T x = sorted[k];
        const bool same = k > 0 && (has_nan<T>(x) ? has_nan<T>(sorted[k - 1]) : x == sorted[k - 1]);
        if (same) {
            ++counts.back();
        } else {
            values.push_back(x);
            counts.push_back(1);
        }
    }
    return {values, counts};
}

std::size_t axis_index(std::ptrdiff_t axis, std::ptrdiff_t ndim) { return static_cast<std::size_t>(axis < 0 ? axis + ndim : axis); }

/// nd::sort and nd::argsort of x along `axis` against std::stable_sort; x unchanged.
template <class X> void check_sort_axis(const X& x, std::ptrdiff_t axis) {
    using T = typename X::value_type;
    INFO("sort along axis " << axis << " of shape " << nd::to_string(x.shape()));
    const std::vector<T> flat = values_of(x);
    const std::vector<std::ptrdiff_t> shape = to_vec(x.shape());
    const std::size_t a = axis_index(axis, x.ndim());
    const std::vector<i64> index = reference_argsort(flat, shape, a);
    const nd::array<T> s = nd::sort(x, axis);
    CHECK(to_vec(s.shape()) == shape);
    CHECK(s.flags().c_contiguous);
    CHECK(nd_test::bits_difference(values_of(s), take_along(flat, shape, a, index)) == "");
    const nd::array<i64> order = nd::argsort(x, axis);
    CHECK(to_vec(order.shape()) == shape);
    CHECK(values_of(order) == index); // stable: exactly std::stable_sort's permutation
    CHECK(nd_test::bits_difference(values_of(x), flat) == "");
}

/// nd::partition and nd::argpartition of x around kth along `axis`: the partition property in
/// every lane against std::stable_sort.
template <class X> void check_partition_axis(const X& x, std::ptrdiff_t kth, std::ptrdiff_t axis) {
    using T = typename X::value_type;
    INFO("partition around " << kth << " along axis " << axis << " of shape " << nd::to_string(x.shape()));
    const std::vector<T> flat = values_of(x);
    const std::vector<std::ptrdiff_t> shape = to_vec(x.shape());
    const std::size_t a = axis_index(axis, x.ndim());
    const nd_test::lanes l = nd_test::lanes_of(shape, a);
    const std::vector<T> sorted = take_along(flat, shape, a, reference_argsort(flat, shape, a));
    const std::ptrdiff_t k = kth < 0 ? kth + l.n : kth;
    const nd::array<T> p = nd::partition(x, kth, axis);
    const nd::array<i64> ap = nd::argpartition(x, kth, axis);
    CHECK(to_vec(p.shape()) == shape);
    CHECK(to_vec(ap.shape()) == shape);
    const std::vector<T> pv = values_of(p);
    const std::vector<i64> index = values_of(ap);
    std::string failure;
    for (std::ptrdiff_t o = 0; o < l.outer && failure.empty(); ++o) {
        for (std::ptrdiff_t i = 0; i < l.inner && failure.empty(); ++i) {
            const std::vector<T> want = nd_test::lane_values(sorted, l, o, i);
            failure = nd_test::partition_failure(nd_test::lane_values(pv, l, o, i), want, k);
            if (!failure.empty()) {
                failure = "nd::partition: " + failure;
                break;
            }
            const std::vector<i64> lane_index = nd_test::lane_values(index, l, o, i);
            failure = nd_test::permutation_failure(lane_index);
            if (failure.empty()) {
                std::vector<T> picked;
                for (const i64 from : lane_index) picked.push_back(flat[static_cast<std::size_t>(l.at(o, i, from))]);
                failure = nd_test::partition_failure(picked, want, k);
            }
            if (!failure.empty()) failure = "nd::argpartition: " + failure;
        }
    }
    CHECK(failure == "");
    CHECK(nd_test::bits_difference(values_of(x), flat) == "");
}

/// nd::unique and nd::unique_counts of x against reference_unique.
template <class X> void check_unique(const X& x) {
    using T = typename X::value_type;
    const std::vector<T> flat = values_of(x);
    const auto want = reference_unique(flat);
    const nd::array<T> u = nd::unique(x);
    CHECK(u.ndim() == 1);
    CHECK(nd_test::bits_difference(values_of(u), want.first) == "");
    const auto [values, counts] = nd::unique_counts(x);
    CHECK(values.ndim() == 1);
    CHECK(nd_test::bits_difference(values_of(values), want.first) == "");
    CHECK(values_of(counts) == want.second);
    CHECK(nd_test::bits_difference(values_of(x), flat) == "");
}

/// nd::searchsorted of `probes` (as an array and one by one) in the sorted 1-d `a`, against
/// std::lower_bound / std::upper_bound with NumPy's order.
template <class A, class T> void check_searchsorted(const A& a, const std::vector<T>& probes) {
    const std::vector<T> av = values_of(a);
    std::vector<i64> left, right;
    for (std::size_t j = 0; j < probes.size(); ++j) {
        const T p = probes[j];
        left.push_back(std::lower_bound(av.begin(), av.end(), p, nd_test::numpy_less<T>) - av.begin());
        right.push_back(std::upper_bound(av.begin(), av.end(), p, nd_test::numpy_less<T>) - av.begin());
    }
    const nd::array<T> v = make_array<T>({static_cast<std::ptrdiff_t>(probes.size())}, probes);
    CHECK(values_of(nd::searchsorted(a, v)) == left);
    CHECK(values_of(nd::searchsorted(a, v, nd::side::left)) == left);
    CHECK(values_of(nd::searchsorted(a, v, nd::side::right)) == right);
    for (std::size_t j = 0; j < probes.size() && j < 24; ++j) {
        const T p = probes[j];
        INFO("probe " << nd_test::text_of<T>(p));
        CHECK(nd::searchsorted(a, p) == left[j]);
        CHECK(nd::searchsorted(a, p, nd::side::right) == right[j]);
    }
}

/// Everything on one random set of values: 1-d (plain and reversed), rows, columns.
template <class T> void check_all(std::mt19937_64& rng, std::ptrdiff_t n) {
    INFO("n = " << n);
    const std::vector<T> v = random_values<T>(rng, n);
    const nd::array<T> a = make_array<T>({n}, v);
    check_sort_axis(a, -1);
    check_sort_axis(a, 0);
    check_sort_axis(a(nd::slice(nd::none, nd::none, -1)), 0); // a negative stride
    const nd::array<T> rows = make_array<T>({3, n}, random_values<T>(rng, 3 * n));
    check_sort_axis(rows, 1);
    check_sort_axis(rows, 0);
    const nd::array<T> cols = make_array<T>({n, 3}, random_values<T>(rng, 3 * n));
    check_sort_axis(cols, 0); // lanes with a stride of three elements
    check_sort_axis(cols.transpose(), -1);
    if (n > 0) {
        for (const std::ptrdiff_t kth : {std::ptrdiff_t{0}, n / 2, n - 1, std::ptrdiff_t{-1}}) check_partition_axis(a, kth, 0);
        check_partition_axis(cols, n / 2, 0);
        check_partition_axis(rows, -1, 1);
    }
    check_unique(a);
    check_unique(cols);
    const nd::array<T> sorted = nd::sort(a);
    std::vector<T> probes = random_values<T>(rng, 16);
    probes.insert(probes.end(), v.begin(), v.begin() + std::min<std::ptrdiff_t>(n, 16));
    check_searchsorted(sorted, probes);
    CHECK(nd_test::bits_difference(values_of(a), v) == "");
}

template <class T> void check_large(std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    const std::ptrdiff_t n = 100'003;
    const std::vector<T> v = random_values<T>(rng, n);
    const nd::array<T> a = make_array<T>({n}, v);
    check_sort_axis(a, 0);
    for (const std::ptrdiff_t kth : {std::ptrdiff_t{0}, n / 2, n - 1}) check_partition_axis(a, kth, 0);
    check_unique(a);
    check_searchsorted(nd::sort(a), random_values<T>(rng, 2000));
    const nd::array<T> m = make_array<T>({317, 331}, random_values<T>(rng, 317 * 331));
    check_sort_axis(m, 0);
    check_sort_axis(m, 1);
    check_sort_axis(m.transpose(), 1);
    check_partition_axis(m, 158, 0);
    CHECK(nd_test::bits_difference(values_of(a), v) == "");
}

} // namespace

// ---------------------------------------------------------------------------------------
// NumPy's order

TEST_CASE("sort and argsort: NaN last, -0.0 and +0.0 in input order", "[sorting]") {
    const nd::array<double> a = {3.0, NaN, -0.0, 1.0, 0.0, -Inf, NaN, -0.0};
    const nd::array<double> s = nd::sort(a);
    CHECK(nd_test::bits_difference(values_of(s), std::vector<double>{-Inf, -0.0, 0.0, -0.0, 1.0, 3.0, NaN, NaN}) == "");
    CHECK(values_of(nd::argsort(a)) == std::vector<i64>{5, 2, 4, 7, 3, 0, 1, 6});
    // every kind gives the stable answer
    CHECK(nd_test::bits_difference(values_of(nd::sort(a, -1, nd::quicksort)), values_of(s)) == "");
    CHECK(nd_test::bits_difference(values_of(nd::sort(a, 0, nd::stable)), values_of(s)) == "");
    CHECK(nd_test::bits_difference(values_of(nd::sort(a, 0, nd::sort_kind::quicksort)), values_of(s)) == "");
    CHECK(values_of(nd::argsort(a, -1, nd::quicksort)) == std::vector<i64>{5, 2, 4, 7, 3, 0, 1, 6});
    CHECK(values_of(nd::argsort(a, 0, nd::stable)) == std::vector<i64>{5, 2, 4, 7, 3, 0, 1, 6});
}

TEST_CASE("sort and argsort: complex NaN groups, bool", "[sorting]") {
    // np.sort: [R + Rj, R + nanj, nan + Rj, nan + nanj], each group by its non-NaN parts
    const nd::array<c128> z = {c128(NaN, 0), c128(1, NaN), c128(2, 0), c128(1, 0), c128(NaN, NaN), c128(0, NaN), c128(NaN, -1), c128(-1, Inf)};
    const std::vector<c128> want = {c128(-1, Inf), c128(1, 0), c128(2, 0), c128(0, NaN), c128(1, NaN), c128(NaN, -1), c128(NaN, 0), c128(NaN, NaN)};
    CHECK(nd_test::bits_difference(values_of(nd::sort(z)), want) == "");
    CHECK(values_of(nd::argsort(z)) == std::vector<i64>{7, 3, 2, 5, 1, 6, 0, 4});
    const nd::array<bool> b = {true, false, true, false};
    CHECK(values_of(nd::sort(b)) == std::vector<bool>{false, false, true, true});
    CHECK(values_of(nd::argsort(b)) == std::vector<i64>{1, 3, 0, 2});
    const nd::array<std::uint64_t> u = {std::uint64_t{1} << 63, 0, ~std::uint64_t{0}, 5};
    CHECK(values_of(nd::sort(u)) == std::vector<std::uint64_t>{0, 5, std::uint64_t{1} << 63, ~std::uint64_t{0}});
}

TEST_CASE("argsort is stable along every axis", "[sorting]") {
    const nd::array<std::int32_t> t = {{1, 0, 1, 0}, {0, 0, 1, 1}, {1, 0, 0, 1}};
    CHECK(values_of(nd::argsort(t, 1)) == std::vector<i64>{1, 3, 0, 2, 0, 1, 2, 3, 1, 2, 0, 3});
    CHECK(values_of(nd::argsort(t, 0)) == std::vector<i64>{1, 0, 2, 0, 0, 1, 0, 1, 2, 2, 1, 2});
    CHECK(values_of(nd::argsort(t, -2, nd::quicksort)) == std::vector<i64>{1, 0, 2, 0, 0, 1, 0, 1, 2, 2, 1, 2});
    // all equal: the identity in every lane
    const nd::array<double> all_equal = nd::zeros<double>({5, 40});
    const nd::array<i64> order = nd::argsort(all_equal, 1);
    bool identity = true;
    for (std::ptrdiff_t r = 0; r < 5; ++r)
        for (std::ptrdiff_t c = 0; c < 40; ++c) identity = identity && order(r, c) == c;
    CHECK(identity);
}

// ---------------------------------------------------------------------------------------
// Call forms

TEST_CASE("sort of an expression", "[sorting]") {
    const nd::array<std::int32_t> a = {5, -1, 3, 0};
    const auto s = nd::sort(a * 2);
    static_assert(std::is_same_v<std::remove_cv_t<decltype(s)>, nd::array<std::int32_t>>);
    CHECK(values_of(s) == std::vector<std::int32_t>{-2, 0, 6, 10});
    CHECK(values_of(nd::argsort(a * 2)) == std::vector<i64>{1, 3, 2, 0});
    const nd::array<double> m = {{3.0, 1.0, 2.0}, {0.0, -1.0, 5.0}};
    const nd::array<double> s0 = nd::sort(m + 1.0, 0);
    CHECK(values_of(s0) == std::vector<double>{1.0, 0.0, 3.0, 4.0, 2.0, 6.0});
    const nd::array<double> s1 = nd::sort(m * 2.0, -1);
    CHECK(values_of(s1) == std::vector<double>{2.0, 4.0, 6.0, -2.0, 0.0, 10.0});
    CHECK(values_of(nd::unique(a * 0 + 1)) == std::vector<std::int32_t>{1});
    const nd::array<std::int32_t> p = nd::partition(a * 2, 1);
    CHECK(p(1) == 0);
    CHECK(values_of(a) == std::vector<std::int32_t>{5, -1, 3, 0});
}

TEST_CASE("sort of an F-order array along each axis", "[sorting]") {
    const nd::array<double> c = {{3.0, 1.0, 2.0, NaN}, {0.0, -1.0, 5.0, 2.0}, {7.0, 7.0, -0.0, 0.0}};
    const nd::array<double> f = c.copy(nd::order::F);
    REQUIRE(f.flags().f_contiguous);
    REQUIRE_FALSE(f.flags().c_contiguous);
    const std::vector<double> along0 = {0.0, -1.0, -0.0, 0.0, 3.0, 1.0, 2.0, 2.0, 7.0, 7.0, 5.0, NaN};
    const std::vector<double> along1 = {1.0, 2.0, 3.0, NaN, -1.0, 0.0, 2.0, 5.0, -0.0, 0.0, 7.0, 7.0};
    for (const nd::array<double>* x : {&c, &f}) {
        INFO((x == &f ? "F order" : "C order"));
        const nd::array<double> s0 = nd::sort(*x, 0);
        CHECK(s0.flags().c_contiguous);
        CHECK(nd_test::bits_difference(values_of(s0), along0) == "");
        CHECK(nd_test::bits_difference(values_of(nd::sort(*x, -2)), along0) == "");
        CHECK(nd_test::bits_difference(values_of(nd::sort(*x, 1)), along1) == "");
        CHECK(nd_test::bits_difference(values_of(nd::sort(*x)), along1) == "");
        CHECK(values_of(nd::argsort(*x, 0)) == std::vector<i64>{1, 1, 2, 2, 0, 0, 0, 1, 2, 2, 1, 0});
        CHECK(values_of(nd::argsort(*x, 1)) == std::vector<i64>{1, 2, 0, 3, 1, 0, 3, 2, 2, 3, 0, 1});
    }
    // a larger F-order array, every axis, and a writable strided view of it
    std::mt19937_64 rng(7);
    nd::array<float> g = make_array<float>({6, 5, 4}, random_values<float>(rng, 120)).copy(nd::order::F);
    for (std::ptrdiff_t axis = -3; axis < 3; ++axis) {
        check_sort_axis(g, axis);
        check_partition_axis(g, 1, axis);
    }
    const nd::view<float> w = g(nd::all, nd::slice(nd::none, nd::none, -2), nd::all);
    const std::vector<float> before = values_of(g);
    const nd::array<float> ws = nd::sort(w, 1);
    CHECK(to_vec(ws.shape()) == std::vector<std::ptrdiff_t>{6, 3, 4});
    CHECK(values_of(nd::argsort(w, 1)).size() == 72);
    CHECK(nd_test::bits_difference(values_of(g), before) == "");
}

TEST_CASE("sort of a broadcast view (zero strides)", "[sorting]") {
    const nd::array<double> row = {3.0, 1.0, 2.0};
    const auto b = nd::broadcast_to(row, {4, 3});
    REQUIRE(b.strides(0) == 0);
    static_assert(std::is_same_v<decltype(nd::sort(b, 1)), nd::array<double>>);
    CHECK(values_of(nd::sort(b, 1)) == std::vector<double>{1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3});
    CHECK(values_of(nd::sort(b, 0)) == std::vector<double>{3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2});
    CHECK(values_of(nd::argsort(b, 0)) == std::vector<i64>{0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3});
    CHECK(values_of(nd::argsort(b, 1)) == std::vector<i64>{1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0});
    CHECK(values_of(nd::unique(b)) == std::vector<double>{1, 2, 3});
    const auto [values, counts] = nd::unique_counts(b);
    CHECK(values_of(values) == std::vector<double>{1, 2, 3});
    CHECK(values_of(counts) == std::vector<i64>{4, 4, 4});
    check_partition_axis(b, 1, 1);
    check_partition_axis(b, -1, 0);

    // a column broadcast along axis 1: constant lanes
    const nd::array<std::int32_t> col = make_array<std::int32_t>({3, 1}, {2, 0, 1});
    const auto c = nd::broadcast_to(col, {3, 5});
    REQUIRE(c.strides(1) == 0);
    check_sort_axis(c, 1);
    check_sort_axis(c, 0);
    CHECK(values_of(nd::argsort(c, 1)) == std::vector<i64>{0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4});
    check_unique(c);

    // a zero-stride `a` and zero-stride probes for searchsorted
    const nd::array<double> seven = nd::full<double>({1}, 7.0);
    const auto a = nd::broadcast_to(seven, {5});
    CHECK(nd::searchsorted(a, 7.0) == 0);
    CHECK(nd::searchsorted(a, 7.0, nd::side::right) == 5);
    const nd::array<double> probes = {6.0, 7.0, 8.0};
    const nd::array<i64> at = nd::searchsorted(a, nd::broadcast_to(probes, {2, 3}), nd::side::right);
    CHECK(to_vec(at.shape()) == std::vector<std::ptrdiff_t>{2, 3});
    CHECK(values_of(at) == std::vector<i64>{0, 5, 5, 0, 5, 5});
}

// ---------------------------------------------------------------------------------------
// unique, searchsorted, partition

TEST_CASE("unique and unique_counts: NaNs collapse, signed zeros, 2-d, empty, 0-d", "[sorting]") {
    const nd::array<double> u = {2.0, NaN, -0.0, 1.0, NaN, 0.0, 2.0};
    CHECK(nd_test::bits_difference(values_of(nd::unique(u)), std::vector<double>{-0.0, 1.0, 2.0, NaN}) == "");
    auto [values, counts] = nd::unique_counts(u);
    static_assert(std::is_same_v<decltype(values), nd::array<double>>);
    static_assert(std::is_same_v<decltype(counts), nd::array<i64>>);
    CHECK(nd_test::bits_difference(values_of(values), std::vector<double>{-0.0, 1.0, 2.0, NaN}) == "");
    CHECK(values_of(counts) == std::vector<i64>{2, 1, 2, 2});
    const auto both = nd::unique_counts(u);
    CHECK(values_of(both.counts) == std::vector<i64>{2, 1, 2, 2});

    // complex: every element with a NaN part is one NaN, the first of them in NumPy's order
    const nd::array<c128> z = {c128(2, NaN), c128(NaN, 0), c128(1, NaN), c128(1, 0)};
    const auto zc = nd::unique_counts(z);
    CHECK(nd_test::bits_difference(values_of(zc.values), std::vector<c128>{c128(1, 0), c128(1, NaN)}) == "");
    CHECK(values_of(zc.counts) == std::vector<i64>{1, 3});

    const nd::array<std::int16_t> m = {{3, 1, 3}, {-2, 1, 3}};
    CHECK(values_of(nd::unique(m)) == std::vector<std::int16_t>{-2, 1, 3});
    CHECK(values_of(nd::unique_counts(m.T()).counts) == std::vector<i64>{1, 2, 3});

    const nd::array<float> empty = nd::zeros<float>({0});
    CHECK(nd::unique(empty).size() == 0);
    CHECK(nd::unique(empty).ndim() == 1);
    CHECK(nd::unique_counts(empty).counts.size() == 0);
    const nd::array<float> scalar = nd::full<float>({}, 2.5f);
    CHECK(values_of(nd::unique(scalar)) == std::vector<float>{2.5f});
    CHECK(nd::unique(scalar).ndim() == 1);
    CHECK(values_of(nd::unique_counts(scalar).counts) == std::vector<i64>{1});
}

TEST_CASE("searchsorted: left and right, NaN, scalars and arrays, empty a", "[sorting]") {
    const nd::array<double> s = {-1.0, 0.0, 0.0, 2.5, NaN, NaN};
    static_assert(std::is_same_v<decltype(nd::searchsorted(s, 1.0)), i64>);
    static_assert(std::is_same_v<decltype(nd::searchsorted(s, s)), nd::array<i64>>);
    const std::vector<std::pair<double, std::pair<i64, i64>>> expected = {
        {0.0, {1, 3}}, {-0.0, {1, 3}}, {NaN, {4, 6}}, {Inf, {4, 4}}, {-Inf, {0, 0}}, {-1.0, {0, 1}}, {2.5, {3, 4}}, {3.0, {4, 4}}};
    for (const auto& [v, lr] : expected) {
        INFO("v = " << v);
        CHECK(nd::searchsorted(s, v) == lr.first);
        CHECK(nd::searchsorted(s, v, nd::side::left) == lr.first);
        CHECK(nd::searchsorted(s, v, nd::side::right) == lr.second);
    }
    const nd::array<double> v = {{0.0, NaN}, {3.0, -5.0}};
    const nd::array<i64> left = nd::searchsorted(s, v);
    CHECK(to_vec(left.shape()) == std::vector<std::ptrdiff_t>{2, 2});
    CHECK(values_of(left) == std::vector<i64>{1, 4, 4, 0});
    CHECK(values_of(nd::searchsorted(s, v, nd::side::right)) == std::vector<i64>{3, 6, 4, 0});
    CHECK(values_of(nd::searchsorted(s, v.T())) == std::vector<i64>{1, 4, 4, 0});
    // a 0-d array of probes gives a 0-d array
    const nd::array<double> one = nd::full<double>({}, 2.0);
    const nd::array<i64> at = nd::searchsorted(s, one);
    CHECK(at.ndim() == 0);
    CHECK(values_of(at) == std::vector<i64>{3});
    // a as a reversed view of a descending array
    const nd::array<double> descending = {NaN, 2.5, 0.0, 0.0, -1.0};
    const auto ascending = descending(nd::slice(nd::none, nd::none, -1));
    CHECK(nd::searchsorted(ascending, 0.0, nd::side::right) == 3);
    CHECK(nd::searchsorted(ascending, NaN) == 4);
    // empty a
    const nd::array<double> empty_a = nd::zeros<double>({0});
    CHECK(nd::searchsorted(empty_a, 1.0) == 0);
    CHECK(nd::searchsorted(empty_a, NaN, nd::side::right) == 0);
    CHECK(values_of(nd::searchsorted(empty_a, v)) == std::vector<i64>{0, 0, 0, 0});
    // integers at their extremes, bool
    const nd::array<std::uint8_t> bytes = {0, 10, 200, 255};
    CHECK(nd::searchsorted(bytes, std::uint8_t{255}, nd::side::right) == 4);
    CHECK(nd::searchsorted(bytes, std::uint8_t{0}) == 0);
    const nd::array<bool> flags = {false, false, true};
    CHECK(nd::searchsorted(flags, true) == 2);
    CHECK(nd::searchsorted(flags, false, nd::side::right) == 2);
}

TEST_CASE("partition: kth at both ends, negative kth, NaN, ties", "[sorting]") {
    const nd::array<double> a = {3.0, NaN, -0.0, 1.0, 0.0, -Inf, NaN, 2.0, 2.0};
    for (std::ptrdiff_t kth = -9; kth < 9; ++kth) check_partition_axis(a, kth, 0);
    const nd::array<double> p = nd::partition(a, -1);
    CHECK(std::isnan(p(8)));
    CHECK(nd::partition(a, 0)(0) == -Inf);
    CHECK(a(nd::argpartition(a, 0)(0)) == -Inf);
    const nd::array<std::int8_t> ties = {1, 1, 0, 1, 0, 0, 1, 1};
    for (std::ptrdiff_t kth = 0; kth < 8; ++kth) check_partition_axis(ties, kth, -1);
    const nd::array<std::int32_t> m = {{4, 1, 3}, {0, 9, 2}};
    check_partition_axis(m, 1, 0);
    check_partition_axis(m, 1, 1);
    check_partition_axis(m.T(), -1, 1);
    const nd::array<float> empty = nd::zeros<float>({0});
    CHECK(nd::partition(empty, 0).size() == 0); // NumPy checks no kth when there are no elements
    CHECK(nd::argpartition(empty, 3).size() == 0);
}

// ---------------------------------------------------------------------------------------
// Lengths and large arrays

TEMPLATE_TEST_CASE("sorting at lengths around the cut-offs, every element type", "[sorting]", bool, std::int8_t, std::int16_t, std::int32_t,
                   std::int64_t, std::uint8_t, std::uint16_t, std::uint32_t, std::uint64_t, float, double, c64, c128) {
    std::mt19937_64 rng(20240902u + sizeof(TestType) * 131u + (std::is_signed_v<TestType> ? 1u : 0u));
    for (const std::ptrdiff_t n : {0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 49, 63, 64, 65, 127, 128, 129, 255, 256, 257})
        check_all<TestType>(rng, n);
}

// Radix sorts start at 400 elements (byte digits) and take wide digits from 65536; NaN, -0.0
// and +0.0 appear in the random values of random_values.
TEMPLATE_TEST_CASE("sorting at the radix cut-offs", "[sorting]", bool, std::int8_t, std::uint16_t, std::int32_t, std::uint64_t, float, double) {
    std::mt19937_64 rng(77u + sizeof(TestType));
    for (const std::ptrdiff_t n : {399, 400, 401, 1000, 4099}) check_all<TestType>(rng, n);
}

TEST_CASE("large arrays match std::stable_sort with NumPy's order", "[sorting][large]") {
    SECTION("float32") { check_large<float>(1); }
    SECTION("int32") { check_large<std::int32_t>(2); }
    SECTION("float64") { check_large<double>(3); }
    SECTION("int64") { check_large<std::int64_t>(4); }
    SECTION("uint8") { check_large<std::uint8_t>(5); }
    SECTION("int16") { check_large<std::int16_t>(6); }
}

// ---------------------------------------------------------------------------------------
// Errors

TEST_CASE("sorting errors: exception types, NumPy's messages, inputs unchanged", "[sorting]") {
    const nd::array<double> m = {{3.0, 1.0}, {2.0, NaN}};
    const std::vector<double> m_before = values_of(m);

    // axis out of range: nd::index_error with NumPy's AxisError text
    CHECK_THROWS_AS(nd::sort(m, 2), nd::index_error);
    CHECK_THROWS_WITH(nd::sort(m, 2), Catch::Contains("axis 2 is out of bounds for array of dimension 2"));
    CHECK_THROWS_WITH(nd::sort(m, -3, nd::stable), Catch::Contains("axis -3 is out of bounds for array of dimension 2"));
    CHECK_THROWS_AS(nd::argsort(m, 2), nd::index_error);
    CHECK_THROWS_WITH(nd::argsort(m, -3), Catch::Contains("axis -3 is out of bounds for array of dimension 2"));
    CHECK_THROWS_AS(nd::partition(m, 0, 2), nd::index_error);
    CHECK_THROWS_WITH(nd::partition(m, 0, 2), Catch::Contains("axis 2 is out of bounds for array of dimension 2"));
    CHECK_THROWS_AS(nd::argpartition(m, 0, -3), nd::index_error);
    // the axis is checked before kth
    CHECK_THROWS_AS(nd::partition(m, 99, 2), nd::index_error);
    CHECK_THROWS_AS(nd::argpartition(m, 99, -3), nd::index_error);

    // 0-d input with the default axis
    const nd::array<double> scalar = nd::full<double>({}, 1.5);
    CHECK_THROWS_AS(nd::sort(scalar), nd::index_error);
    CHECK_THROWS_WITH(nd::sort(scalar), Catch::Contains("axis -1 is out of bounds for array of dimension 0"));
    CHECK_THROWS_WITH(nd::sort(scalar, 0), Catch::Contains("axis 0 is out of bounds for array of dimension 0"));
    CHECK_THROWS_AS(nd::argsort(scalar), nd::index_error); // NumPy answers array([0]); nd raises as np.sort does
    CHECK_THROWS_WITH(nd::argsort(scalar), Catch::Contains("axis -1 is out of bounds for array of dimension 0"));
    CHECK_THROWS_AS(nd::partition(scalar, 0), nd::index_error);
    CHECK_THROWS_AS(nd::argpartition(scalar, 0), nd::index_error);
    CHECK(values_of(nd::unique(scalar)) == std::vector<double>{1.5});

    // kth out of range: nd::value_error with NumPy's text (NumPy reports a negative kth after
    // adding the length)
    const nd::array<std::int32_t> a5 = {5, 4, 3, 2, 1};
    CHECK_THROWS_AS(nd::partition(a5, 5), nd::value_error);
    CHECK_THROWS_WITH(nd::partition(a5, 5), Catch::Contains("kth(=5) out of bounds (5)"));
    CHECK_THROWS_WITH(nd::partition(a5, -6), Catch::Contains("kth(=-1) out of bounds (5)"));
    CHECK_THROWS_AS(nd::argpartition(a5, 5), nd::value_error);
    CHECK_THROWS_WITH(nd::argpartition(a5, 7, -1), Catch::Contains("kth(=7) out of bounds (5)"));
    CHECK_THROWS_WITH(nd::partition(m, 2, 0), Catch::Contains("kth(=2) out of bounds (2)"));
    CHECK_NOTHROW(nd::partition(a5, -5));
    CHECK_NOTHROW(nd::argpartition(a5, 4));

    // searchsorted needs a 1-d `a`
    CHECK_THROWS_AS(nd::searchsorted(m, 1.0), nd::value_error);
    CHECK_THROWS_WITH(nd::searchsorted(m, 1.0), Catch::Contains("1-d"));
    CHECK_THROWS_AS(nd::searchsorted(m, m, nd::side::right), nd::value_error);
    CHECK_THROWS_AS(nd::searchsorted(scalar, 1.0), nd::value_error);
    CHECK_THROWS_WITH(nd::searchsorted(scalar, 1.0), Catch::Contains("1-d"));

    // none of them touched its input
    CHECK(nd_test::bits_difference(values_of(m), m_before) == "");
    CHECK(values_of(a5) == std::vector<std::int32_t>{5, 4, 3, 2, 1});
    CHECK(values_of(scalar) == std::vector<double>{1.5});
}

// Floats with no NaN and no -0.0 take the radix sort on exact keys (turned back into floats by
// its last pass); with either, the one whose keys put NaN last and -0.0 beside +0.0.
TEMPLATE_TEST_CASE("sorting floats without NaN or -0.0 (exact keys)", "[sorting]", float, double) {
    using T = TestType;
    std::mt19937_64 rng(4242u + sizeof(T));
    for (const std::ptrdiff_t n : {400, 1000, 70000}) {
        std::vector<T> v;
        for (std::ptrdiff_t k = 0; k < n; ++k) {
            T x = random_real<T>(rng);
            if (x != x || (x == 0 && std::signbit(x))) x = T(0); // +0.0 in their place
            v.push_back(x);
        }
        v[1] = std::numeric_limits<T>::infinity();
        v[2] = -std::numeric_limits<T>::infinity();
        v[3] = std::numeric_limits<T>::denorm_min();
        v[4] = -std::numeric_limits<T>::denorm_min();
        const nd::array<T> a = make_array<T>({n}, v);
        std::vector<T> expected = v;
        std::stable_sort(expected.begin(), expected.end(), nd_test::numpy_less<T>);
        CHECK(nd_test::bits_difference(values_of(nd::sort(a)), expected) == "");
        CHECK(nd_test::bits_difference(values_of(nd::sort(a(nd::slice(nd::none, nd::none, -1)))), expected) == "");
        std::vector<T> with_nan = v;
        with_nan[5] = std::numeric_limits<T>::quiet_NaN();
        with_nan[6] = T(-0.0);
        std::vector<T> expected_nan = with_nan;
        std::stable_sort(expected_nan.begin(), expected_nan.end(), nd_test::numpy_less<T>);
        CHECK(nd_test::bits_difference(values_of(nd::sort(make_array<T>({n}, with_nan))), expected_nan) == "");
    }
}
