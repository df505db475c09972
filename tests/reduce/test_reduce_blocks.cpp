// The block kernels of axis reductions (nd/reduce/axis_blocks.hpp): outer-axis sums in groups
// of rows and as interleaved chains over rows shorter than a few batches, and inner-axis sums of
// short rows a batch of rows at a time. Shapes around the SIMD width and the chain period, rows
// counts around the group sizes; results against a long double reference, and bit-equal
// across layouts that take the same order (a contiguous array, a stepped view of the same
// values, a lazy expression).

#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include <nd/nd.hpp>

#include "../support/values.hpp"

using nd_test::values_of;

namespace {

template <class T> nd::array<T> random_matrix(std::ptrdiff_t rows, std::ptrdiff_t columns, unsigned seed) {
    std::mt19937 generator(seed);
    std::uniform_real_distribution<double> value(-1.0, 1.0);
    nd::array<T> m = nd::zeros<T>({rows, columns});
    for (std::ptrdiff_t i = 0; i < rows; ++i)
        for (std::ptrdiff_t j = 0; j < columns; ++j) m(i, j) = static_cast<T>(value(generator));
    return m;
}

/// Checks `got` against the exact sums of m along `axis`, within twice the classic bound on n
/// additions (what tests/fixtures allows).
template <class T, class Result> void check_sums(const nd::array<T>& m, int axis, const Result& got) {
    const std::ptrdiff_t rows = m.shape()[0], columns = m.shape()[1];
    const std::ptrdiff_t outputs = axis == 0 ? columns : rows, count = axis == 0 ? rows : columns;
    REQUIRE(got.size() == outputs);
    for (std::ptrdiff_t k = 0; k < outputs; ++k) {
        long double exact = 0, magnitude = 0;
        for (std::ptrdiff_t e = 0; e < count; ++e) {
            const T x = axis == 0 ? m(e, k) : m(k, e);
            exact += x;
            magnitude += std::fabs(static_cast<long double>(x));
        }
        const long double tolerance = 2 * (count + 1) * std::numeric_limits<T>::epsilon() * magnitude;
        INFO("axis " << axis << " shape " << rows << "x" << columns << " element " << k);
        CHECK(std::fabs(static_cast<long double>(got(k)) - exact) <= tolerance);
    }
}

template <class T> void check_shapes() {
    const std::ptrdiff_t lanes = 64 / static_cast<std::ptrdiff_t>(sizeof(T));
    unsigned seed = 1;
    for (std::ptrdiff_t columns : {std::ptrdiff_t{1}, std::ptrdiff_t{3}, std::ptrdiff_t{5}, std::ptrdiff_t{8}, std::ptrdiff_t{10}, lanes - 1, lanes,
                                   lanes + 3, 2 * lanes, 3 * lanes + 5, 8 * lanes - 1, 8 * lanes + 2}) {
        for (std::ptrdiff_t rows : {1, 2, 7, 9, 15, 31, 64, 130, 257}) {
            const nd::array<T> m = random_matrix<T>(rows, columns, seed++);
            INFO("shape " << rows << "x" << columns);
            const nd::array<T> down = nd::sum(m, 0), across = nd::sum(m, 1);
            check_sums(m, 0, down);
            check_sums(m, 1, across);
            // The same values through a stepped view and a lazy expression: outer-axis sums add
            // the same elements in the same order whatever the layout (one column is a 1-d
            // sum, pairwise in an order that depends on the stride).
            nd::array<T> wide = nd::zeros<T>({rows, 2 * columns});
            auto every_other = wide(nd::all, nd::slice(0, nd::none, 2));
            every_other.assign(m);
            if (columns > 1) CHECK(values_of(nd::sum(every_other, 0)) == values_of(down));
            CHECK(values_of(nd::sum(m * T(1), 0)) == values_of(down));
            check_sums(m, 1, nd::sum(every_other, 1));
            check_sums(m, 1, nd::sum(m * T(1), 1));
            // Minimum and maximum go through the same outer-axis kernels.
            const nd::array<T> lowest = nd::min(m, 0), highest = nd::max(m, 0);
            for (std::ptrdiff_t j = 0; j < columns; ++j) {
                T low = m(0, j), high = m(0, j);
                for (std::ptrdiff_t i = 1; i < rows; ++i) low = std::min(low, m(i, j)), high = std::max(high, m(i, j));
                CHECK(lowest(j) == low);
                CHECK(highest(j) == high);
            }
        }
    }
}

} // namespace

TEST_CASE("axis sums of float32 around the SIMD width, the chain period and the row groups", "[reduce][blocks]") { check_shapes<float>(); }
TEST_CASE("axis sums of float64 around the SIMD width, the chain period and the row groups", "[reduce][blocks]") { check_shapes<double>(); }

TEMPLATE_TEST_CASE("inner-axis sums of every short row length, in groups of a batch of rows and the rows left", "[reduce][blocks]", float, double) {
    using T = TestType;
    const std::ptrdiff_t lanes = 64 / static_cast<std::ptrdiff_t>(sizeof(T));
    unsigned seed = 100;
    for (std::ptrdiff_t columns = 1; columns <= 2 * lanes + 1; ++columns) {
        for (std::ptrdiff_t rows : {lanes - 1, 2 * lanes + 3}) {
            const nd::array<T> m = random_matrix<T>(rows, columns, seed++);
            INFO("shape " << rows << "x" << columns);
            check_sums(m, 1, nd::sum(m, 1));
            nd::array<T> into = nd::full<T>({rows}, T(0));
            nd::sum(m, 1, nd::out(into));
            check_sums(m, 1, into);
        }
    }
}

TEST_CASE("axis sums over the blocks of a 3-d array, and into out=", "[reduce][blocks]") {
    const nd::array<float> m = random_matrix<float>(6 * 40, 10, 7);
    const nd::array<float> cube = m.reshape({6, 40, 10});
    // Axis 1 of the cube: one block of 40 rows per leading index.
    const nd::array<float> middle = nd::sum(cube, 1);
    REQUIRE(middle.shape() == nd::dim_vector{6, 10});
    for (std::ptrdiff_t a = 0; a < 6; ++a) {
        nd::array<float> slab = cube(a, nd::all, nd::all).copy();
        CHECK(values_of(middle(a, nd::all)) == values_of(nd::sum(slab, 0)));
    }
    // Axis 2: rows of 10 into one output each, written into out=.
    nd::array<float> last = nd::zeros<float>({6, 40});
    nd::sum(cube, 2, nd::out(last));
    check_sums(m, 1, last.reshape({240}));
    // Both leading axes at once.
    check_sums(m, 0, nd::sum(cube, {0, 1}));
}

TEST_CASE("outer-axis sums of short rows keep NaN and infinities where they are", "[reduce][blocks]") {
    nd::array<float> m = random_matrix<float>(100, 10, 9);
    m(37, 3) = std::numeric_limits<float>::quiet_NaN();
    m(90, 7) = std::numeric_limits<float>::infinity();
    const nd::array<float> down = nd::sum(m, 0), across = nd::sum(m, 1);
    for (std::ptrdiff_t j = 0; j < 10; ++j) {
        if (j == 3) CHECK(std::isnan(down(j)));
        else if (j == 7) CHECK(down(j) == std::numeric_limits<float>::infinity());
        else CHECK(std::isfinite(down(j)));
    }
    for (std::ptrdiff_t i = 0; i < 100; ++i) {
        if (i == 37) CHECK(std::isnan(across(i)));
        else if (i == 90) CHECK(across(i) == std::numeric_limits<float>::infinity());
        else CHECK(std::isfinite(across(i)));
    }
}

TEST_CASE("out= receives the reduction whatever it held, also when it is part of the input", "[reduce][blocks]") {
    const nd::array<double> m = random_matrix<double>(40, 10, 11);
    const nd::array<double> expected = nd::sum(m, 0);
    nd::array<double> out = nd::full<double>({10}, 1e300);
    nd::sum(m, 0, nd::out(out));
    CHECK(values_of(out) == values_of(expected));
    // The first row of the input as out: the sums use the input as it was before.
    nd::array<double> overlapping = m.copy();
    nd::sum(overlapping, 0, nd::out(overlapping(0, nd::all)));
    CHECK(values_of(overlapping(0, nd::all)) == values_of(expected));
}

namespace {

/// Small whole numbers, so that every order of additions gives the exact sum.
nd::array<float> whole_number_cube(std::ptrdiff_t a, std::ptrdiff_t b, std::ptrdiff_t c, unsigned seed) {
    std::mt19937 generator(seed);
    std::uniform_int_distribution<int> value(-3, 3);
    nd::array<float> cube = nd::zeros<float>({a, b, c});
    for (std::ptrdiff_t i = 0; i < a; ++i)
        for (std::ptrdiff_t j = 0; j < b; ++j)
            for (std::ptrdiff_t k = 0; k < c; ++k) cube(i, j, k) = static_cast<float>(value(generator));
    return cube;
}

/// Sum and maximum of `cube` over the axes whose flags are set, element by element.
std::vector<float> reference(const nd::array<float>& cube, const bool (&reduced)[3], bool maximum) {
    const std::ptrdiff_t extent[3] = {cube.shape()[0], cube.shape()[1], cube.shape()[2]};
    std::ptrdiff_t kept[3];
    for (int d = 0; d < 3; ++d) kept[d] = reduced[d] ? 1 : extent[d];
    std::vector<float> result(static_cast<std::size_t>(kept[0] * kept[1] * kept[2]), maximum ? -std::numeric_limits<float>::infinity() : 0.0f);
    for (std::ptrdiff_t i = 0; i < extent[0]; ++i)
        for (std::ptrdiff_t j = 0; j < extent[1]; ++j)
            for (std::ptrdiff_t k = 0; k < extent[2]; ++k) {
                const std::ptrdiff_t at = ((reduced[0] ? 0 : i) * kept[1] + (reduced[1] ? 0 : j)) * kept[2] + (reduced[2] ? 0 : k);
                float& slot = result[static_cast<std::size_t>(at)];
                slot = maximum ? std::max(slot, cube(i, j, k)) : slot + cube(i, j, k);
            }
    return result;
}

} // namespace

TEST_CASE("axis reductions write every accumulator once whatever out= held: blocks with accumulators of their own and shared ones", "[reduce][blocks]") {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const std::vector<std::vector<int>> axis_sets = {{0}, {1}, {2}, {0, 1}, {0, 2}, {1, 2}, {0, 1, 2}};
    unsigned seed = 300;
    for (const auto& extents : std::vector<std::array<std::ptrdiff_t, 3>>{{1, 1, 1}, {3, 1, 17}, {2, 15, 16}, {3, 17, 10}, {2, 20, 3}, {4, 33, 1}, {1, 31, 33}}) {
        const nd::array<float> cube = whole_number_cube(extents[0], extents[1], extents[2], seed++);
        // The same values in F order and through a reversed, stepped view.
        nd::array<float> wide = nd::zeros<float>({extents[0], extents[1], 2 * extents[2]});
        auto stepped = wide(nd::all, nd::all, nd::slice(nd::none, nd::none, -2));
        stepped.assign(cube);
        nd::array<float> fortran = nd::empty<float>(cube.shape(), nd::order::F);
        fortran.assign(cube);
        for (const auto& axes_list : axis_sets) {
            bool reduced[3] = {false, false, false};
            for (int axis : axes_list) reduced[axis] = true;
            const std::vector<float> sums = reference(cube, reduced, false), maxima = reference(cube, reduced, true);
            const nd::axes axes = axes_list.size() == 1 ? nd::axes(axes_list[0]) : axes_list.size() == 2 ? nd::axes{axes_list[0], axes_list[1]} : nd::axes{0, 1, 2};
            INFO("shape " << extents[0] << "x" << extents[1] << "x" << extents[2] << ", " << axes_list.size() << " axes from " << axes_list[0]);
            auto check = [&](const auto& source) {
                CHECK(values_of(nd::sum(source, axes, nd::keepdims)) == sums);
                CHECK(values_of(nd::max(source, axes, nd::keepdims)) == maxima);
                nd::array<float> into = nd::full<float>(nd::sum(source, axes, nd::keepdims).shape(), nan);
                nd::sum(source, axes, nd::keepdims, nd::out(into));
                CHECK(values_of(into) == sums);
                into.assign(nd::full<float>(into.shape(), nan));
                nd::max(source, axes, nd::keepdims, nd::out(into));
                CHECK(values_of(into) == maxima);
            };
            check(cube);
            check(stepped);
            check(fortran);
        }
    }
}

TEST_CASE("axis sums of negative zeros are positive zeros, as NumPy's sums from the identity 0", "[reduce][blocks]") {
    for (const auto& shape : std::vector<nd::dim_vector>{{1, 20}, {3, 20}, {20, 3}, {40, 10}, {20, 33}, {2, 1}, {3, 1000}, {2, 4096 + 5}}) {
        const nd::array<float> zeros = nd::full<float>(shape, -0.0f);
        INFO("shape " << shape[0] << "x" << shape[1]);
        for (int axis : {0, 1}) {
            for (float total : values_of(nd::sum(zeros, axis))) CHECK(!std::signbit(total));
            nd::array<float> into = nd::full<float>({shape[1 - axis]}, -1.0f);
            nd::sum(zeros, axis, nd::out(into));
            for (float total : values_of(into)) CHECK(!std::signbit(total));
            // A product keeps the sign: 1 * -0 is -0.
            for (float product : values_of(nd::prod(zeros, axis))) CHECK(std::signbit(product) == (shape[axis] % 2 == 1));
        }
    }
}

TEST_CASE("inner-axis sums of float32 rows of even length up to 14, 16 rows at a time, into any out= and added to earlier blocks", "[reduce][blocks]") {
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    unsigned seed = 500;
    for (std::ptrdiff_t columns = 2; columns <= 16; columns += 2) {
        for (std::ptrdiff_t rows : {0, 1, 15, 16, 17, 32, 47, 64}) {
            nd::array<float> m = random_matrix<float>(rows, columns, seed++);
            INFO("shape " << rows << "x" << columns);
            check_sums(m, 1, nd::sum(m, 1));
            // Into every second element of a longer out=.
            nd::array<float> wide = nd::full<float>({2 * rows}, nan);
            auto every_other = wide(nd::slice(0, nd::none, 2));
            nd::sum(m, 1, nd::out(every_other));
            check_sums(m, 1, every_other.copy());
            // Two copies stacked on a reduced leading axis: the second block adds to the first's sums.
            nd::array<float> twice = nd::empty<float>({2, rows, columns});
            twice(0, nd::all, nd::all).assign(m);
            twice(1, nd::all, nd::all).assign(m);
            const nd::array<float> doubled = nd::sum(twice, {0, 2});
            const nd::array<float> once = nd::sum(m, 1);
            // (With one row, both reduced axes merge into one run, summed in another order.)
            for (std::ptrdiff_t i = 0; i < rows; ++i) CHECK(doubled(i) == Approx(2 * once(i)).epsilon(rows > 1 ? 0 : 1e-5));
            if (rows >= 17) {
                // NaN, infinities of both signs and -0.0 rows keep their own rows.
                m(3, columns - 1) = nan;
                m(16, 0) = inf;
                m(5, 1) = inf;
                m(5, 0) = -inf;
                for (std::ptrdiff_t j = 0; j < columns; ++j) m(9, j) = -0.0f;
                const nd::array<float> sums = nd::sum(m, 1);
                for (std::ptrdiff_t i = 0; i < rows; ++i) {
                    INFO("row " << i);
                    if (i == 3 || i == 5) CHECK(std::isnan(sums(i)));
                    else if (i == 16) CHECK(sums(i) == inf);
                    else if (i == 9) CHECK((sums(i) == 0.0f && !std::signbit(sums(i))));
                    else CHECK(std::isfinite(sums(i)));
                }
            }
        }
    }
}

namespace {

/// Whether two values have the same bits (NaNs included).
template <class T> bool same_bits(T a, T b) { return std::memcmp(&a, &b, sizeof(T)) == 0; }

/// Checks every reduction of `rows` (a 2-d array or view) along axis 1 against each row reduced
/// on its own, bit for bit, also into a stepped out=.
template <class T, class Rows> void check_each_row(const Rows& rows) {
    const std::ptrdiff_t count = rows.shape()[0];
    const nd::array<T> sums = nd::sum(rows, 1), products = nd::prod(rows, 1), minima = nd::min(rows, 1), maxima = nd::max(rows, 1);
    nd::array<T> columns = nd::full<T>({count, 3}, T(7));
    auto into = columns(nd::all, 1);
    nd::sum(rows, 1, nd::out(into));
    for (std::ptrdiff_t i = 0; i < count; ++i) {
        const auto row = rows(i, nd::all);
        INFO("row " << i);
        CHECK(same_bits(sums(i), nd::sum(row)));
        CHECK(same_bits(into(i), nd::sum(row)));
        CHECK(same_bits(products(i), nd::prod(row)));
        CHECK(same_bits(minima(i), nd::min(row)));
        CHECK(same_bits(maxima(i), nd::max(row)));
    }
}

} // namespace

TEMPLATE_TEST_CASE("inner-axis reductions of rows of 8 batches and more, folded a row behind, give each row's own reduction bit for bit", "[reduce][blocks]", float, double) {
    using T = TestType;
    const T nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    const std::ptrdiff_t lanes = 64 / static_cast<std::ptrdiff_t>(sizeof(T)), leaf = 64 * lanes;
    unsigned seed = 700;
    for (std::ptrdiff_t columns : {8 * lanes, 8 * lanes + 1, 9 * lanes + 7, leaf, leaf + 8 * lanes + 3, 4 * leaf, 5 * leaf + 8 * lanes * 3 + 5}) {
        for (std::ptrdiff_t count : {1, 2, 3, 17}) {
            nd::array<T> m = random_matrix<T>(count, columns, seed++);
            if (count > 2) {
                m(1, columns / 2) = nan;
                m(2, columns - 1) = -inf;
            }
            INFO("shape " << count << "x" << columns);
            check_each_row<T>(m);
            // Rows every other element apart (a view whose rows load as every second element).
            nd::array<T> wide = nd::zeros<T>({count, 2 * columns});
            auto stepped = wide(nd::all, nd::slice(0, nd::none, 2));
            stepped.assign(m);
            check_each_row<T>(stepped);
            // Every row folded into one accumulator, a row at a time: the rows of a view that no
            // loop merges, reduced over both of their axes (behind a leading axis, so that the
            // reduction has an output array).
            nd::array<T> tall = nd::zeros<T>({2 * count, columns});
            auto every_other_row = tall(nd::slice(0, nd::none, 2), nd::all);
            every_other_row.assign(m);
            T expected = 0;
            for (std::ptrdiff_t i = 0; i < count; ++i) expected = expected + nd::sum(every_other_row(i, nd::all));
            const nd::array<T> both = nd::sum(every_other_row.reshape({1, count, columns}), {1, 2});
            CHECK(same_bits(both(0), expected));
        }
    }
}
