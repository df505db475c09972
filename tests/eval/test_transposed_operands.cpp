// Expressions with an operand transposed against the destination (a C-order array plus an
// F-order one, x + x.T()) are evaluated in tiles: each transposed operand of 4- or 8-byte
// elements is copied tile by tile into a buffer by register transposes, the others are read in
// place, in 32 x 32 tiles when there are such (detail::evaluate_transposed_tiles). These tests
// compare every element with the values read through the operands' strides, at the edges of
// the tiles and of the register blocks, for every element width, with the destination's
// neighbours untouched.
#include <catch2/catch.hpp>

#include <complex>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>

#include <nd/nd.hpp>

namespace {

template <class T> T value_of(int v) {
    if constexpr (std::is_same_v<T, std::complex<float>> || std::is_same_v<T, std::complex<double>>)
        return T(static_cast<typename T::value_type>(v), static_cast<typename T::value_type>(-2 * v));
    else return static_cast<T>(v);
}

// A C-order array of small values (exact sums and products; narrow integers wrap).
template <class T> nd::array<T> pattern(const nd::dim_vector& shape, int seed) {
    nd::array<T> result = nd::empty<T>(shape);
    for (std::ptrdiff_t i = 0; i < result.size(); ++i) result.data()[i] = value_of<T>(static_cast<int>((i * 7 + seed * 13) % 61) - 20);
    return result;
}

// Element (i, j) of a 2-d view, read through its strides.
template <class T> T element(const nd::view<const T>& v, std::ptrdiff_t i, std::ptrdiff_t j) {
    const auto* base = reinterpret_cast<const std::byte*>(v.data());
    return *reinterpret_cast<const T*>(base + i * v.strides()[0] + j * v.strides()[1]);
}

// How many elements of `actual` (rows x columns) differ from expected(i, j).
template <class T, class Expected> std::ptrdiff_t wrong_elements(const nd::view<const T>& actual, Expected expected) {
    std::ptrdiff_t wrong = 0;
    for (std::ptrdiff_t i = 0; i < actual.shape()[0]; ++i)
        for (std::ptrdiff_t j = 0; j < actual.shape()[1]; ++j) wrong += element(actual, i, j) != static_cast<T>(expected(i, j));
    return wrong;
}

template <class T> void check_c_plus_f(std::ptrdiff_t rows, std::ptrdiff_t columns) {
    INFO(std::to_string(rows) + " x " + std::to_string(columns));
    const nd::array<T> a = pattern<T>({rows, columns}, 1), b = pattern<T>({columns, rows}, 2);
    const nd::view<const T> ca(a), bt = nd::view<const T>(b).T(); // bt(i, j) = b(j, i): F order
    const auto sum = [&](std::ptrdiff_t i, std::ptrdiff_t j) { return element(ca, i, j) + element(bt, i, j); };

    const nd::array<T> fresh = a + bt;
    REQUIRE(fresh.shape() == nd::dim_vector{rows, columns});
    CHECK(wrong_elements<T>(fresh, sum) == 0);

    // Into a view of a larger array, whose border must stay as it was.
    nd::array<T> target = nd::full<T>({rows + 2, columns + 2}, value_of<T>(9));
    nd::view<T> inside = target(nd::slice(1, rows + 1), nd::slice(1, columns + 1));
    inside.assign(a * bt + bt);
    CHECK(wrong_elements<T>(nd::view<const T>(inside), [&](std::ptrdiff_t i, std::ptrdiff_t j) {
              return element(ca, i, j) * element(bt, i, j) + element(bt, i, j);
          }) == 0);
    std::ptrdiff_t border_changed = 0;
    for (std::ptrdiff_t j = 0; j < columns + 2; ++j)
        border_changed += (target(0, j) != value_of<T>(9)) + (target(rows + 1, j) != value_of<T>(9));
    for (std::ptrdiff_t i = 0; i < rows + 2; ++i)
        border_changed += (target(i, 0) != value_of<T>(9)) + (target(i, columns + 1) != value_of<T>(9));
    CHECK(border_changed == 0);
}

template <class T> void check_every_shape() {
    // Register blocks are 2 to 16 elements on a side and tiles 16 rows by up to 2048 columns:
    // sizes on both sides of each, and more columns than one tile holds.
    const std::ptrdiff_t shapes[][2] = {{1, 1},  {1, 40},  {40, 1},  {3, 5},   {15, 17},  {16, 16},
                                        {17, 33}, {31, 64}, {64, 100}, {3, 2100}, {18, 4099}};
    for (const auto& shape : shapes) check_c_plus_f<T>(shape[0], shape[1]);
}

} // namespace

TEST_CASE("C-order plus F-order operands give every element, for every element width", "[eval][transposed]") {
    SECTION("float32") { check_every_shape<float>(); }
    SECTION("float64") { check_every_shape<double>(); }
    SECTION("int32") { check_every_shape<std::int32_t>(); }
    SECTION("uint32") { check_every_shape<std::uint32_t>(); }
    SECTION("int64") { check_every_shape<std::int64_t>(); }
    SECTION("complex64 (8 bytes, buffered as bits)") { check_every_shape<std::complex<float>>(); }
    SECTION("complex128 (16 bytes, read in place)") { check_every_shape<std::complex<double>>(); }
    SECTION("int16 (read in place)") { check_every_shape<std::int16_t>(); }
    SECTION("uint8, wrapping (read in place)") { check_every_shape<std::uint8_t>(); }
}

TEST_CASE("more transposed operands than are buffered, and mixed element types", "[eval][transposed]") {
    const std::ptrdiff_t rows = 37, columns = 45;
    const nd::array<float> a = pattern<float>({columns, rows}, 1), b = pattern<float>({columns, rows}, 2),
                           c = pattern<float>({columns, rows}, 3), d = pattern<float>({rows, columns}, 4),
                           e = pattern<float>({columns, rows}, 5);
    const nd::view<const float> at = nd::view<const float>(a).T(), bt = nd::view<const float>(b).T(),
                                ct = nd::view<const float>(c).T(), dv(d), et = nd::view<const float>(e).T();
    SECTION("four transposed operands and one in order") {
        const nd::array<float> result = at * bt + ct - dv + et;
        CHECK(wrong_elements<float>(result, [&](std::ptrdiff_t i, std::ptrdiff_t j) {
                  return element(at, i, j) * element(bt, i, j) + element(ct, i, j) - element(dv, i, j) + element(et, i, j);
              }) == 0);
    }
    SECTION("a transposed operand read in place (int16) beside a buffered one") {
        const nd::array<std::int16_t> narrow = pattern<std::int16_t>({columns, rows}, 8);
        const auto narrow_t = nd::view<const std::int16_t>(narrow).T();
        const nd::array<float> result = at * narrow_t + dv; // int16 with float32 gives float32
        CHECK(wrong_elements<float>(result, [&](std::ptrdiff_t i, std::ptrdiff_t j) {
                  return element(at, i, j) * static_cast<float>(element(narrow_t, i, j)) + element(dv, i, j);
              }) == 0);
    }
    SECTION("int32 and int64 transposed operands converted to float64") {
        const nd::array<std::int32_t> i32 = pattern<std::int32_t>({columns, rows}, 6);
        const nd::array<std::int64_t> i64 = pattern<std::int64_t>({columns, rows}, 7);
        const auto i32t = nd::view<const std::int32_t>(i32).T();
        const auto i64t = nd::view<const std::int64_t>(i64).T();
        nd::array<double> result = nd::zeros<double>({rows, columns});
        result.assign(i32t * 0.5 + i64t);
        CHECK(wrong_elements<double>(result, [&](std::ptrdiff_t i, std::ptrdiff_t j) {
                  return element(i32t, i, j) * 0.5 + static_cast<double>(element(i64t, i, j));
              }) == 0);
        const nd::array<double> mixed = i32t + dv; // int32 with float32 gives float64
        CHECK(wrong_elements<double>(mixed, [&](std::ptrdiff_t i, std::ptrdiff_t j) {
                  return static_cast<double>(element(i32t, i, j)) + static_cast<double>(element(dv, i, j));
              }) == 0);
    }
}

TEST_CASE("transposed operands with reversed axes, and reversed destinations", "[eval][transposed]") {
    const std::ptrdiff_t rows = 33, columns = 70;
    const nd::array<double> a = pattern<double>({rows, columns}, 1), b = pattern<double>({columns, rows}, 2);
    const nd::view<const double> av(a), bv(b);
    const nd::view<const double> reversed_columns = bv(nd::slice(nd::none, nd::none, -1), nd::all).T(); // buffered
    const nd::view<const double> reversed_rows = bv(nd::all, nd::slice(nd::none, nd::none, -1)).T();    // in place
    SECTION("a transposed operand whose columns run backwards") {
        const nd::array<double> result = av + reversed_columns;
        CHECK(wrong_elements<double>(result, [&](std::ptrdiff_t i, std::ptrdiff_t j) {
                  return element(av, i, j) + b.data()[(columns - 1 - j) * rows + i];
              }) == 0);
    }
    SECTION("a transposed operand whose rows run backwards") {
        const nd::array<double> result = av + reversed_rows;
        CHECK(wrong_elements<double>(result, [&](std::ptrdiff_t i, std::ptrdiff_t j) {
                  return element(av, i, j) + b.data()[j * rows + (rows - 1 - i)];
              }) == 0);
    }
    SECTION("into a destination whose columns run backwards") {
        nd::array<double> out = nd::zeros<double>({rows, columns});
        nd::view<double> backwards = out(nd::all, nd::slice(nd::none, nd::none, -1));
        backwards.assign(av + bv.T());
        CHECK(wrong_elements<double>(out, [&](std::ptrdiff_t i, std::ptrdiff_t j) {
                  return element(av, i, columns - 1 - j) + b.data()[(columns - 1 - j) * rows + i];
              }) == 0);
    }
}

TEST_CASE("transposed last two axes of a 3-d operand, and a square array plus its own transpose", "[eval][transposed]") {
    SECTION("(4, 19, 37) + (4, 37, 19) with its last axes swapped") {
        const nd::array<float> x = pattern<float>({4, 19, 37}, 1), y = pattern<float>({4, 37, 19}, 2);
        const nd::array<float> result = x + y.transpose({0, 2, 1});
        std::ptrdiff_t wrong = 0;
        for (std::ptrdiff_t p = 0; p < 4; ++p)
            for (std::ptrdiff_t i = 0; i < 19; ++i)
                for (std::ptrdiff_t j = 0; j < 37; ++j) wrong += result(p, i, j) != x(p, i, j) + y(p, j, i);
        CHECK(wrong == 0);
    }
    SECTION("x += x.T() reads x as it was") {
        const std::ptrdiff_t n = 45;
        nd::array<std::int64_t> x = pattern<std::int64_t>({n, n}, 3);
        const nd::array<std::int64_t> before = x.copy();
        x += x.T();
        CHECK(wrong_elements<std::int64_t>(x, [&](std::ptrdiff_t i, std::ptrdiff_t j) {
                  return before(i, j) + before(j, i);
              }) == 0);
    }
}
