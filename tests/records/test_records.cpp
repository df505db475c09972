// Structured records by hand: field views (by member pointer and by name) and what they share
// with the records, writes and expressions through them, fields of strided, reversed and
// transposed record arrays, subarray and nested fields, NumPy's == and != between arrays of
// records, nd::fixed_string / nd::fixed_ustring, the errors of field<F>(name), and the read-only
// rule for fields of const records, == and != against one record, and advanced indexing of
// record arrays (copies). NumPy's descriptions and printing: test_records_fixtures.cpp.

#include <nd/nd.hpp>

#include "../support/record_types.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace {

using record_types::padded;
using record_types::point;
using record_types::segment;
using record_types::student;

struct particle {
    float pos[3];
    std::int16_t grid[2][3];
    bool flags[2];
    std::complex<double> z;
};
ND_RECORD(particle, pos, grid, flags, z);

nd::array<student> make_students() {
    return {{"Alice", 20, 92.5}, {"Bob", 21, 88.0}, {"Carol", 19, 95.5}, {"Dave", 22, 71.0}};
}

template <class A> std::vector<typename A::value_type> values_of(const A& a) {
    std::vector<typename A::value_type> out;
    const nd::array<typename A::value_type> c = nd::view<const typename A::value_type>(a);
    const nd::array<typename A::value_type> flat = c.flatten();
    for (std::ptrdiff_t i = 0; i < flat.size(); ++i) out.push_back(flat.data()[i]);
    return out;
}

template <class A> std::vector<std::ptrdiff_t> shape_of(const A& a) { return {a.shape().begin(), a.shape().end()}; }
template <class A> std::vector<std::ptrdiff_t> strides_of(const A& a) { return {a.strides().begin(), a.strides().end()}; }

const std::byte* bytes_of(const void* p) { return static_cast<const std::byte*>(p); }

/// The records' bytes, padding included: a failed call must leave them as they were.
template <class T> std::vector<unsigned char> raw_bytes(const nd::array<T>& a) {
    std::vector<unsigned char> out(static_cast<std::size_t>(a.nbytes()));
    std::memcpy(out.data(), a.data(), out.size());
    return out;
}

template <class V>
concept assignable_from_double = requires(V f) { f.assign(1.0); };

bool same(const nd::array<bool>& got, const std::vector<bool>& want) {
    if (got.size() != static_cast<std::ptrdiff_t>(want.size())) return false;
    for (std::size_t i = 0; i < want.size(); ++i)
        if (got.data()[i] != want[i]) return false;
    return true;
}

} // namespace

TEST_CASE("field views by member pointer and by name see the records' memory", "[records]") {
    nd::array<student> s = make_students();
    auto scores = s.field(&student::score);
    auto by_name = s.field<double>("score");
    STATIC_REQUIRE(std::is_same_v<decltype(scores), nd::view<double>>);
    STATIC_REQUIRE(std::is_same_v<decltype(by_name), nd::view<double>>);
    STATIC_REQUIRE(std::is_same_v<decltype(s.field(&student::name)), nd::view<nd::fixed_ustring<10>>>);

    CHECK(bytes_of(scores.data()) == bytes_of(s.data()) + offsetof(student, score));
    CHECK(scores.data() == by_name.data());
    CHECK(shape_of(scores) == std::vector<std::ptrdiff_t>{4});
    CHECK(strides_of(scores) == std::vector<std::ptrdiff_t>{static_cast<std::ptrdiff_t>(sizeof(student))});
    CHECK(strides_of(by_name) == strides_of(scores));
    CHECK(values_of(scores) == std::vector<double>{92.5, 88.0, 95.5, 71.0});
    CHECK(values_of(s.field<std::int32_t>("age")) == std::vector<std::int32_t>{20, 21, 19, 22});
    CHECK(s.field(&student::name)(2).view() == U"Carol");
    CHECK(nd::shares_memory(scores, s));
    CHECK(nd::shares_memory(scores, by_name));
    CHECK_FALSE(nd::shares_memory(scores, s.field(&student::age)));
    CHECK(scores.writeable());
    CHECK_FALSE(scores.flags().c_contiguous);

    // The view keeps the records' buffer alive.
    nd::view<double> kept = nd::array<student>(make_students()).field(&student::score);
    CHECK(values_of(kept) == std::vector<double>{92.5, 88.0, 95.5, 71.0});
}

TEST_CASE("writes through field views change the records", "[records]") {
    nd::array<student> s = make_students();
    auto scores = s.field(&student::score);
    auto ages = s.field<std::int32_t>("age");

    scores = 50.0;
    CHECK(s(1).score == 50.0);
    CHECK(s(1).age == 21); // the neighbours are untouched
    CHECK(s(1).name.view() == U"Bob");

    scores.assign(nd::array<double>{1.0, 2.0, 3.0, 4.0});
    ages += 1;
    CHECK(s(0).score == 1.0);
    CHECK(s(3).score == 4.0);
    CHECK(values_of(ages) == std::vector<std::int32_t>{21, 22, 20, 23});

    scores *= 10.0;
    scores.set(scores > 15.0, -1.0);
    CHECK(values_of(scores) == std::vector<double>{10.0, -1.0, -1.0, -1.0});
    ages.set(scores < 0.0, 0);
    CHECK(values_of(ages) == std::vector<std::int32_t>{21, 0, 0, 0});

    // A field written from an expression over other fields.
    scores = ages * 2 + 0.5;
    CHECK(values_of(scores) == std::vector<double>{42.5, 0.5, 0.5, 0.5});
    CHECK(s(0).score == 42.5);
    CHECK(s(0).name.view() == U"Alice");

    // Whole records: one record broadcast, and one element.
    s(nd::slice(2, nd::none)) = student{"Zed", 99, 9.5};
    CHECK(s(3).name.view() == U"Zed");
    CHECK(s(2).age == 99);
    CHECK(s(1).name.view() == U"Bob");
    s(0) = student{"Eve", 30, 1.0};
    CHECK(s(0).age == 30);
    CHECK(s.field(&student::name)(0).view() == U"Eve");
}

TEST_CASE("field views in expressions and reductions", "[records]") {
    const nd::array<student> s = make_students();
    const auto scores = s.field(&student::score);
    const auto ages = s.field(&student::age);
    CHECK(nd::sum(scores) == 347.0);
    CHECK(nd::mean(scores) == 86.75);
    CHECK(nd::max(scores) == 95.5);
    CHECK(nd::min(ages) == 19);
    CHECK(nd::sum(ages) == 82);
    CHECK(nd::argmax(scores) == 2);

    nd::array<double> per_year = scores / ages;
    CHECK(per_year(0) == 92.5 / 20);
    nd::array<bool> good = scores > 90.0;
    CHECK(same(good, {true, false, true, false}));
    CHECK(nd::count_nonzero((scores > 80.0) & (ages < 21)) == 2);
    nd::array<double> shifted = nd::where(ages > 20, scores, 0.0);
    CHECK(values_of(shifted) == std::vector<double>{0.0, 88.0, 0.0, 71.0});
    CHECK(nd::sum(scores * scores) == 92.5 * 92.5 + 88.0 * 88.0 + 95.5 * 95.5 + 71.0 * 71.0);

    nd::array<point> pts = {{1.0, 2.0}, {3.0, 4.0}};
    nd::array<double> dist = nd::hypot(pts.field(&point::x), pts.field(&point::y));
    CHECK(dist(1) == 5.0);
}

TEST_CASE("fields of slices, reversed views and transposed record arrays", "[records]") {
    nd::array<student> s = make_students();
    const auto step = static_cast<std::ptrdiff_t>(sizeof(student));

    auto odd = s(nd::slice(1, nd::none, 2)).field(&student::score);
    CHECK(values_of(odd) == std::vector<double>{88.0, 71.0});
    CHECK(strides_of(odd) == std::vector<std::ptrdiff_t>{2 * step});
    odd = 0.0;
    CHECK(values_of(s.field(&student::score)) == std::vector<double>{92.5, 0.0, 95.5, 0.0});

    auto reversed = s(nd::slice(nd::none, nd::none, -1)).field<std::int32_t>("age");
    CHECK(values_of(reversed) == std::vector<std::int32_t>{22, 19, 21, 20});
    CHECK(strides_of(reversed) == std::vector<std::ptrdiff_t>{-step});
    CHECK(bytes_of(reversed.data()) == bytes_of(s.data()) + 3 * step + offsetof(student, age));
    reversed(0) = 7;
    CHECK(s(3).age == 7);

    nd::array<point> grid = nd::zeros<point>({2, 3});
    for (std::ptrdiff_t i = 0; i < 2; ++i)
        for (std::ptrdiff_t j = 0; j < 3; ++j) grid(i, j) = point{static_cast<double>(10 * i + j), static_cast<double>(-j)};
    auto xt = grid.T().field(&point::x);
    CHECK(shape_of(xt) == std::vector<std::ptrdiff_t>{3, 2});
    CHECK(strides_of(xt) == std::vector<std::ptrdiff_t>{16, 48});
    CHECK(values_of(xt) == std::vector<double>{0, 10, 1, 11, 2, 12});
    auto yt = grid.T().field<double>("y");
    CHECK(bytes_of(yt.data()) == bytes_of(grid.data()) + 8);
    yt(2, 1) = 42.0;
    CHECK(grid(1, 2).y == 42.0);
    CHECK(values_of(grid(nd::all, 1).field(&point::x)) == std::vector<double>{1, 11});
}

TEST_CASE("subarray fields add their axes", "[records]") {
    nd::array<particle> p = nd::zeros<particle>({4});
    const auto size = static_cast<std::ptrdiff_t>(sizeof(particle));

    auto pos = p.field(&particle::pos);
    STATIC_REQUIRE(std::is_same_v<decltype(pos), nd::view<float>>);
    CHECK(shape_of(pos) == std::vector<std::ptrdiff_t>{4, 3});
    CHECK(strides_of(pos) == std::vector<std::ptrdiff_t>{size, 4});
    auto grid = p.field<std::int16_t>("grid");
    CHECK(shape_of(grid) == std::vector<std::ptrdiff_t>{4, 2, 3});
    CHECK(strides_of(grid) == std::vector<std::ptrdiff_t>{size, 6, 2});
    CHECK(bytes_of(grid.data()) == bytes_of(p.data()) + offsetof(particle, grid));
    auto flags = p.field(&particle::flags);
    CHECK(shape_of(flags) == std::vector<std::ptrdiff_t>{4, 2});

    pos(nd::all, 1) = 2.5f;
    grid(2, 1, 0) = 7;
    grid(3, nd::all, nd::all) = nd::array<std::int16_t>{{1, 2, 3}, {4, 5, 6}};
    flags(nd::all, 0) = true;
    CHECK(p(0).pos[1] == 2.5f);
    CHECK(p(3).pos[1] == 2.5f);
    CHECK(p(0).pos[0] == 0.0f);
    CHECK(p(2).grid[1][0] == 7);
    CHECK(p(3).grid[1][2] == 6);
    CHECK(p(1).flags[0]);
    CHECK_FALSE(p(1).flags[1]);
    CHECK(nd::sum(grid(3, nd::all, nd::all)) == 21);
    CHECK(values_of(nd::sum(pos, {1})) == std::vector<float>{2.5f, 2.5f, 2.5f, 2.5f});

    // A subarray field of a transposed 2-d record array: the record axes first.
    nd::array<particle> p2 = nd::zeros<particle>({2, 3});
    auto posT = p2.T().field(&particle::pos);
    CHECK(shape_of(posT) == std::vector<std::ptrdiff_t>{3, 2, 3});
    CHECK(strides_of(posT) == std::vector<std::ptrdiff_t>{size, 3 * size, 4});
}

TEST_CASE("fields of nested records", "[records]") {
    nd::array<segment> s = nd::zeros<segment>({3});
    const auto size = static_cast<std::ptrdiff_t>(sizeof(segment));

    auto a = s.field(&segment::a);
    STATIC_REQUIRE(std::is_same_v<decltype(a), nd::view<point>>);
    auto ax = a.field(&point::x);
    CHECK(bytes_of(ax.data()) == bytes_of(s.data()) + offsetof(segment, a) + offsetof(point, x));
    CHECK(strides_of(ax) == std::vector<std::ptrdiff_t>{size});
    ax = 3.0;
    s.field<point>("a").field<double>("y") = -1.0;
    CHECK(s(2).a.x == 3.0);
    CHECK(s(2).a.y == -1.0);
    CHECK(s(2).id == 0);

    auto b = s.field(&segment::b); // a subarray of records
    CHECK(shape_of(b) == std::vector<std::ptrdiff_t>{3, 2});
    CHECK(strides_of(b) == std::vector<std::ptrdiff_t>{size, 16});
    auto by = b.field(&point::y);
    CHECK(shape_of(by) == std::vector<std::ptrdiff_t>{3, 2});
    CHECK(strides_of(by) == std::vector<std::ptrdiff_t>{size, 16});
    by(1, 1) = 8.0;
    CHECK(s(1).b[1].y == 8.0);
    CHECK(s(1).b[0].y == 0.0);
    CHECK(nd::sum(s.field<point>("b").field<double>("y")) == 8.0);
}

TEST_CASE("== and != between arrays of records, as NumPy compares them", "[records]") {
    // The operands are const: a mutable nd::array or a temporary of records picks the elementwise
    // operator== of expr/expression.hpp (forwarding references, a better match than
    // records/record.hpp's const& overloads), which does not compile for records.
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const nd::array<point> a = {{1.0, 2.0}, {nan, 1.0}, {-0.0, 0.0}, {3.0, 4.0}};
    const nd::array<point> b = {{1.0, 2.0}, {nan, 1.0}, {0.0, -0.0}, {3.0, 5.0}};
    CHECK(same(a == b, {true, false, true, false}));
    CHECK(same(a != b, {false, true, false, true}));
    CHECK(same(a == a, {true, false, true, true})); // a NaN field is unequal even to itself
    CHECK(same(a != a, {false, true, false, false}));

    // Broadcast, views, and a 0-d array of one record (NumPy's a == np.array(rec)).
    const nd::array<point> row = {{1.0, 2.0}, {3.0, 4.0}};
    nd::array<point> grid = nd::zeros<point>({3, 2});
    grid(1, nd::all) = row;
    const nd::array<point>& cgrid = grid;
    const nd::array<bool> eq = cgrid == row;
    CHECK(shape_of(eq) == std::vector<std::ptrdiff_t>{3, 2});
    CHECK(same(eq, {false, false, true, true, false, false}));
    const auto a_reversed = a(nd::slice(nd::none, nd::none, -1));
    const auto b_reversed = b(nd::slice(nd::none, nd::none, -1));
    CHECK(same(a_reversed == b_reversed, {false, true, false, true}));
    const auto grid_t = cgrid.T();
    const auto column = row.reshape({2, 1});
    CHECK(same(grid_t != column, {true, false, true, true, false, true}));
    const nd::array<point> one = nd::full<point>({}, point{3.0, 4.0});
    CHECK(same(a == one, {false, false, false, true}));
    CHECK(same(one != a, {true, true, true, false}));
    CHECK_THROWS_AS(a == row, nd::shape_error);

    // Padding bytes are not compared; subarray, nested, complex and text fields are.
    nd::array<padded> p = nd::zeros<padded>({2});
    std::memset(reinterpret_cast<unsigned char*>(p.data()) + 1, 0xAB, 7); // padding of p(0)
    p(0).a = 1;
    p(1).a = 1;
    const nd::array<padded>& cp = p;
    const auto first = cp(nd::slice(0, 1));
    const auto second = cp(nd::slice(1, 2));
    CHECK(same(first == second, {true}));
    const nd::array<padded> clean = nd::full<padded>({}, padded{1, 0.0, 0});
    CHECK(same(cp == clean, {true, true}));

    nd::array<segment> s = nd::zeros<segment>({3});
    s(1).b[1].y = nan;
    s(2).b[1].y = -0.0;
    const nd::array<segment>& cs = s;
    const nd::array<segment> zero_segment = nd::zeros<segment>({});
    CHECK(same(cs == zero_segment, {true, false, true}));

    nd::array<particle> q = nd::zeros<particle>({2});
    q(1).flags[1] = true;
    q(0).z = std::complex<double>(0.0, -0.0);
    const nd::array<particle>& cq = q;
    const nd::array<particle> zero_particle = nd::zeros<particle>({});
    CHECK(same(cq == zero_particle, {true, false}));
    q(0).z = std::complex<double>(0.0, nan);
    CHECK(same(cq != zero_particle, {true, true}));

    const nd::array<student> st = make_students();
    const nd::array<student> bob = nd::full<student>({1}, student{"Bob", 21, 88.0});
    CHECK(same(st == bob, {false, true, false, false}));
    const nd::array<student> bo = nd::full<student>({1}, student{"Bo", 21, 88.0});
    CHECK(same(st != bo, {true, true, true, true}));
}

TEST_CASE("fixed_string and fixed_ustring", "[records][text]") {
    using s4 = nd::fixed_string<4>;
    const s4 ab = "ab";
    CHECK(ab.size() == 2);
    CHECK(ab.view() == "ab");
    CHECK(ab.str() == "ab");
    CHECK(ab.chars[2] == '\0');
    CHECK(ab.chars[3] == '\0');
    CHECK(s4().size() == 0);
    CHECK(sizeof(s4) == 4);
    STATIC_REQUIRE(sizeof(nd::fixed_ustring<5>) == 20);
    STATIC_REQUIRE(nd::fixed_text<nd::fixed_string<1>> && nd::fixed_text<const nd::fixed_ustring<3>>);
    STATIC_REQUIRE(!nd::fixed_text<std::string>);

    // Full text has no terminator; longer text is cut at N, as NumPy cuts it.
    const nd::fixed_string<3> cut = "abcdef";
    CHECK(cut.view() == "abc");
    CHECK(cut.size() == 3);
    CHECK(nd::fixed_string<3>(std::string_view("xyz")).view() == "xyz");
    CHECK(nd::fixed_string<5>(std::string_view("a\0b", 3)).size() == 3); // inner zeros are kept
    CHECK(nd::fixed_string<5>(std::string_view("ab\0\0", 4)).size() == 2); // trailing ones are padding

    // Equality and NumPy's order: bytes as unsigned numbers, a prefix before the longer text.
    CHECK(s4("ab") == s4(std::string_view("ab")));
    CHECK(s4("ab") != s4("abc"));
    CHECK(s4("ab") < s4("abc"));
    CHECK(s4("") < s4("a"));
    CHECK(s4("abc") < s4("b"));
    CHECK(s4("Z") < s4("a"));
    CHECK(s4("a") < s4("\xff"));   // 0xff is 255, not -1
    CHECK(s4("\x7f") < s4("\x80"));
    CHECK(s4("a") < s4(std::string_view("a\0b", 3)));
    CHECK((s4("ab") <=> s4("ab")) == std::strong_ordering::equal);

    // Code points from UTF-8, and back.
    const nd::fixed_ustring<5> hello = "héllo";
    CHECK(hello.size() == 5);
    CHECK(hello.chars[1] == U'é');
    CHECK(hello.view() == U"héllo");
    CHECK(hello.str() == "héllo");
    const nd::fixed_ustring<2> cjk = "日本語";
    CHECK(cjk.view() == U"日本");
    CHECK(cjk.str() == "日本");
    const nd::fixed_ustring<3> emoji = "a😀";
    CHECK(emoji.size() == 2);
    CHECK(emoji.chars[1] == U'\U0001F600');
    CHECK(emoji.str() == "a😀");
    CHECK(nd::fixed_ustring<4>(U"Ωμέγα").view() == U"Ωμέγ");
    CHECK(nd::fixed_ustring<4>(std::string_view("ñ")).view() == U"ñ");
    CHECK(nd::fixed_ustring<4>(std::u32string_view(U"ñ")) == nd::fixed_ustring<4>("ñ"));
    CHECK(nd::fixed_ustring<2>("z") < nd::fixed_ustring<2>("é"));
    CHECK(nd::fixed_ustring<2>("é") < nd::fixed_ustring<2>("😀"));
    CHECK(nd::fixed_ustring<2>("é") < nd::fixed_ustring<2>("éa"));

    CHECK(nd::dtype_of<nd::fixed_string<10>>.str == "|S10");
    CHECK(nd::dtype_of<nd::fixed_ustring<10>>.str == "<U10");
    CHECK(nd::dtype_of<nd::fixed_ustring<10>>.itemsize == 40);
    CHECK(nd::dtype_of<nd::fixed_ustring<10>>.name == "str320");

    // Arrays of text: zeros are empty text, full repeats one.
    nd::array<s4> words = {"b", "ab", "", "abcd"};
    CHECK(words(3).view() == "abcd");
    CHECK(nd::zeros<s4>({2})(1).size() == 0);
    CHECK(nd::full<s4>({2}, s4("hi"))(1).view() == "hi");
    words(2) = s4("zz");
    CHECK(words(2).view() == "zz");
}

TEST_CASE("field<F>(name) errors name the field, the type and the record's fields", "[records]") {
    nd::array<student> s = make_students();
    const std::vector<unsigned char> before = raw_bytes(s);

    CHECK_THROWS_AS(s.field<int>("score"), nd::type_error);
    CHECK_THROWS_WITH(s.field<int>("score"), Catch::Contains("'score'") && Catch::Contains("float64") && Catch::Contains("int32") &&
                                                 Catch::Contains("name (<U10), age (int32), score (float64)"));
    CHECK_THROWS_AS(s.field<nd::fixed_ustring<9>>("name"), nd::type_error);
    CHECK_THROWS_WITH(s.field<nd::fixed_ustring<9>>("name"), Catch::Contains("<U10") && Catch::Contains("<U9"));
    CHECK_THROWS_AS(s.field<double>("nope"), nd::value_error);
    CHECK_THROWS_WITH(s.field<double>("nope"), Catch::Contains("no field of name nope") && Catch::Contains("float64") &&
                                                   Catch::Contains("name (<U10), age (int32), score (float64)"));
    CHECK_THROWS_AS(s.field<double>("Score"), nd::value_error); // names are case-sensitive
    CHECK_THROWS_AS(s.field<double>(""), nd::value_error);
    const nd::array<student>& cs = s;
    CHECK_THROWS_AS(cs.field<float>("score"), nd::type_error);
    CHECK_THROWS_AS(nd::view<const student>(s).field<std::int64_t>("age"), nd::type_error);

    nd::array<particle> p = nd::zeros<particle>({2});
    CHECK_THROWS_WITH(p.field<double>("pos"), Catch::Contains("float32") && Catch::Contains("pos (float32, shape (3,))") &&
                                                  Catch::Contains("grid (int16, shape (2, 3))"));
    nd::array<segment> g = nd::zeros<segment>({2});
    CHECK_THROWS_AS(g.field<double>("a"), nd::type_error);
    CHECK_THROWS_AS(g.field<point>("x"), nd::value_error); // fields of a nested record are not the outer's

    CHECK(raw_bytes(s) == before);
    CHECK(values_of(s.field(&student::score)) == std::vector<double>{92.5, 88.0, 95.5, 71.0});
}

TEST_CASE("fields of const records are read-only views", "[records]") {
    nd::array<student> s = make_students();
    const nd::array<student>& cs = s;
    const nd::view<const student> v = s;
    const nd::view<student> w = s;

    STATIC_REQUIRE(std::is_same_v<decltype(cs.field(&student::score)), nd::view<const double>>);
    STATIC_REQUIRE(std::is_same_v<decltype(cs.field<double>("score")), nd::view<const double>>);
    STATIC_REQUIRE(std::is_same_v<decltype(v.field(&student::score)), nd::view<const double>>);
    STATIC_REQUIRE(std::is_same_v<decltype(v.field<std::int32_t>("age")), nd::view<const std::int32_t>>);
    STATIC_REQUIRE(std::is_same_v<decltype(v.field(&student::name)), nd::view<const nd::fixed_ustring<10>>>);
    STATIC_REQUIRE(std::is_same_v<decltype(s.field(&student::score)), nd::view<double>>);
    STATIC_REQUIRE(std::is_same_v<decltype(w.field(&student::score)), nd::view<double>>); // a const view of mutable records
    STATIC_REQUIRE(std::is_same_v<decltype(s.field<double>("score")), nd::view<double>>);

    nd::array<particle> p = nd::zeros<particle>({2});
    const nd::array<particle>& cp = p;
    STATIC_REQUIRE(std::is_same_v<decltype(cp.field(&particle::grid)), nd::view<const std::int16_t>>);
    nd::array<segment> g = nd::zeros<segment>({2});
    const nd::array<segment>& cg = g;
    STATIC_REQUIRE(std::is_same_v<decltype(cg.field(&segment::b)), nd::view<const point>>);
    STATIC_REQUIRE(std::is_same_v<decltype(cg.field(&segment::b).field(&point::x)), nd::view<const double>>);

    STATIC_REQUIRE(!assignable_from_double<nd::view<const double>>);
    STATIC_REQUIRE(assignable_from_double<nd::view<double>>);

    CHECK_FALSE(cs.field(&student::score).writeable());
    CHECK_FALSE(v.field<double>("score").writeable());
    CHECK(w.field(&student::score).writeable());
    CHECK(cs.field(&student::score).data() == s.field(&student::score).data());
}

TEST_CASE("== and != against one record, as NumPy compares them", "[records]") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const nd::array<point> a = {{1.0, 2.0}, {nan, 1.0}, {-0.0, 0.0}, {3.0, 4.0}};
    CHECK(same(a == point{3.0, 4.0}, {false, false, false, true}));
    CHECK(same(a != point{0.0, 0.0}, {true, true, false, true})); // -0.0 == 0.0
    CHECK(same(a == point{nan, 1.0}, {false, false, false, false}));
    nd::array<point> mutable_a = a;
    CHECK(same(mutable_a == point{1.0, 2.0}, {true, false, false, false}));
    CHECK(same(a(nd::slice(nd::none, nd::none, -1)) == point{3.0, 4.0}, {true, false, false, false}));

    // Broadcast over a 2-d, transposed array; the record is an element of another array.
    const nd::array<point> row = {{1.0, 2.0}, {3.0, 4.0}};
    nd::array<point> grid = nd::zeros<point>({3, 2});
    grid(1, nd::all) = row;
    CHECK(same(grid.T() == row(1), {false, false, false, false, true, false}));

    // Padding bytes are not compared; subarray, nested, complex and text fields are.
    nd::array<padded> p = nd::zeros<padded>({2});
    std::memset(reinterpret_cast<unsigned char*>(p.data()) + 1, 0xAB, 7); // padding of p(0)
    p(0).a = 1;
    p(1).a = 1;
    CHECK(same(p == padded{1, 0.0, 0}, {true, true}));

    nd::array<segment> s = nd::zeros<segment>({3});
    s(1).b[1].y = nan;
    s(2).b[1].y = -0.0;
    CHECK(same(s == segment{}, {true, false, true}));

    nd::array<particle> q = nd::zeros<particle>({2});
    q(1).flags[1] = true;
    q(0).z = std::complex<double>(0.0, -0.0);
    CHECK(same(q == particle{}, {true, false}));
    q(0).z = std::complex<double>(0.0, nan);
    CHECK(same(q != particle{}, {true, true}));

    const nd::array<student> st = make_students();
    CHECK(same(st == student{"Bob", 21, 88.0}, {false, true, false, false}));
    CHECK(same(st == student{"Bo", 21, 88.0}, {false, false, false, false}));
}

TEST_CASE("advanced indexing of record arrays gives copies", "[records]") {
    nd::array<student> s = make_students();
    const std::vector<unsigned char> before = raw_bytes(s);

    nd::array<student> top = s(s.field(&student::score) > 90.0);
    REQUIRE(top.size() == 2);
    CHECK(top(0).name.view() == U"Alice");
    CHECK(top(1).name.view() == U"Carol");
    CHECK_FALSE(nd::shares_memory(top, s));
    top.field(&student::score) = 0.0;
    CHECK(raw_bytes(s) == before);

    nd::array<std::int64_t> idx = {3, 0, 3};
    nd::array<student> picked = s(idx);
    CHECK(values_of(picked.field(&student::age)) == std::vector<std::int32_t>{22, 20, 22});
    CHECK_FALSE(nd::shares_memory(picked, s));
    picked(0).age = 1;
    CHECK(picked(2).age == 22);
    CHECK(raw_bytes(s) == before);

    // Writes through an advanced index go into the records.
    // (A record as the value, s.set(mask, student{...}), does not compile yet: advanced_indexing.hpp
    // takes numbers, arrays and expressions; a 0-d array of the record does.)
    s.set(s.field(&student::age) > 20, nd::full<student>({}, student{"Old", 0, 0.0}));
    CHECK(s(1).name.view() == U"Old");
    CHECK(s(3).name.view() == U"Old");
    CHECK(s(0).name.view() == U"Alice");

    // A mask over both axes of a 2-d record array, and over its transpose: C order of the view.
    nd::array<student> grid = nd::full<student>({2, 3}, student{"x", 0, 0.0});
    for (std::ptrdiff_t i = 0; i < 2; ++i)
        for (std::ptrdiff_t j = 0; j < 3; ++j) grid(i, j).age = static_cast<std::int32_t>(10 * i + j);
    const auto ages = grid.field(&student::age);
    nd::array<student> odd = grid(ages % 2 == 1);
    CHECK(values_of(odd.field(&student::age)) == std::vector<std::int32_t>{1, 11});
    nd::array<student> even_t = grid.T()(grid.T().field(&student::age) % 2 == 0);
    CHECK(values_of(even_t.field(&student::age)) == std::vector<std::int32_t>{0, 10, 2, 12});
    CHECK_FALSE(nd::shares_memory(even_t, grid));
    nd::array<std::int64_t> rows = {1, 1};
    nd::array<student> both = grid(rows);
    CHECK(both.shape().size() == 2);
    CHECK(values_of(both.field(&student::age)) == std::vector<std::int32_t>{10, 11, 12, 10, 11, 12});
    CHECK(both.data() != grid.data());
}

// ---------------------------------------------------------------------------------------
// Sorting records by fields. The expected orders are NumPy 1.24's
// np.argsort(s, order=..., kind='stable') for the same records (dtype
// [('name','U10'),('age','i4'),('score','f8')], align=True): the named fields first, the
// others in the record's order breaking ties.

namespace {

nd::array<student> sorting_students() {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    return {{"Carol", 19, 95.5}, {"Bob", 21, 88.0}, {"Alice", 20, 92.5}, {"Dan", 20, 88.0},
            {"Al", 20, nan},     {"Bob", 19, 88.0}, {"Eve", 21, -0.0},  {"Fay", 21, 0.0}};
}

std::vector<std::int64_t> as_vector(const nd::array<std::int64_t>& a) { return {a.data(), a.data() + a.size()}; }

} // namespace

TEST_CASE("sorting records by fields, as np.sort(order=...)", "[records][sorting]") {
    const nd::array<student> s = sorting_students();
    const std::vector<unsigned char> before = raw_bytes(s);
    CHECK(as_vector(nd::argsort(s, "score")) == std::vector<std::int64_t>{6, 7, 5, 1, 3, 2, 0, 4});
    CHECK(as_vector(nd::argsort(s, {"age", "score"})) == std::vector<std::int64_t>{5, 0, 3, 2, 4, 6, 7, 1});
    CHECK(as_vector(nd::argsort(s)) == std::vector<std::int64_t>{4, 2, 5, 1, 0, 3, 6, 7});
    CHECK(as_vector(nd::argsort(s, "name")) == std::vector<std::int64_t>{4, 2, 5, 1, 0, 3, 6, 7});
    CHECK(as_vector(nd::argsort(s, {"name", "age"}, -1, nd::stable)) == std::vector<std::int64_t>{4, 2, 5, 1, 0, 3, 6, 7});
    const std::vector<std::string_view> runtime_keys = {"age", "score"};
    CHECK(as_vector(nd::argsort(s, runtime_keys)) == std::vector<std::int64_t>{5, 0, 3, 2, 4, 6, 7, 1});

    // sort gives the records in argsort's order
    const nd::array<student> by_score = nd::sort(s, "score");
    const nd::array<std::int64_t> order = nd::argsort(s, "score");
    REQUIRE(by_score.size() == s.size());
    for (std::ptrdiff_t i = 0; i < s.size(); ++i)
        CHECK(std::memcmp(&by_score.data()[i], &s.data()[order.data()[i]], sizeof(student)) == 0);
    CHECK(std::signbit(by_score.data()[0].score)); // -0.0 (Eve) before +0.0 (Fay): the names break the tie
    CHECK(by_score.data()[7].name == nd::fixed_ustring<10>("Al")); // NaN last
    CHECK(raw_bytes(s) == before);

    // along either axis of a 2-d array of records, and through a reversed view
    const nd::array<student> m = s.reshape({2, 4});
    const nd::array<std::int64_t> down = nd::argsort(m, "score", 0), across = nd::argsort(m, "age", 1);
    CHECK(as_vector(down) == std::vector<std::int64_t>{0, 1, 1, 1, 1, 0, 0, 0});
    CHECK(as_vector(across) == std::vector<std::int64_t>{0, 2, 3, 1, 1, 0, 2, 3});
    const nd::array<student> sorted_down = nd::sort(m, "score", 0);
    const auto same_record = [](const student& a, const student& b) { return std::memcmp(&a, &b, sizeof(student)) == 0; };
    CHECK(same_record(sorted_down.data()[0], m.data()[0])); // column 0: Carol (95.5) before Al (NaN)
    CHECK(same_record(sorted_down.data()[4], m.data()[4]));
    CHECK(same_record(sorted_down.data()[1], m.data()[5])); // column 1: two Bobs at 88.0, age 19 first
    CHECK(same_record(sorted_down.data()[5], m.data()[1]));
    const nd::array<student> reversed = nd::sort(s(nd::slice(nd::none, nd::none, -1)), "score");
    CHECK(raw_bytes(reversed) == raw_bytes(by_score)); // distinct keys after the tie-breaks: the same order
}

TEST_CASE("sorting records: bad keys and axes", "[records][sorting]") {
    const nd::array<student> s = sorting_students();
    const std::vector<unsigned char> before = raw_bytes(s);
    CHECK_THROWS_AS(nd::sort(s, "nme"), nd::value_error);
    CHECK_THROWS_WITH(nd::sort(s, "nme"), Catch::Contains("nme") && Catch::Contains("name (<U10), age (int32), score (float64)"));
    CHECK_THROWS_AS(nd::argsort(s, {"age", "grade"}), nd::value_error);
    CHECK_THROWS_AS(nd::sort(s, "score", 1), nd::index_error);
    CHECK_THROWS_WITH(nd::argsort(s, "score", -2), Catch::Contains("axis -2 is out of bounds for array of dimension 1"));
    CHECK(raw_bytes(s) == before);
}

TEST_CASE("sorting and searching text, as NumPy orders 'S' and 'U'", "[records][text][sorting]") {
    // NumPy 1.24: np.argsort(s, kind='stable'), np.unique(..., return_counts=True), np.searchsorted
    using s3 = nd::fixed_string<3>;
    const nd::array<s3> s = {s3("bb"), s3("a"), s3("ab"), s3(""), s3(std::string_view("b\xff", 2)), s3("b"), s3("a")};
    CHECK(as_vector(nd::argsort(s)) == std::vector<std::int64_t>{3, 1, 6, 2, 5, 0, 4}); // unsigned bytes: "bb" < "b\xff"
    const auto [values, counts] = nd::unique_counts(s);
    CHECK(values.size() == 6);
    CHECK(as_vector(counts) == std::vector<std::int64_t>{1, 2, 1, 1, 1, 1});
    const nd::array<s3> sorted = nd::sort(s);
    const nd::array<s3> probes = {s3("ab"), s3("b")};
    CHECK(as_vector(nd::searchsorted(sorted, probes)) == std::vector<std::int64_t>{3, 4});
    CHECK(as_vector(nd::searchsorted(sorted, probes, nd::side::right)) == std::vector<std::int64_t>{4, 5});

    using u2 = nd::fixed_ustring<2>;
    const nd::array<u2> u = {u2("é"), u2("e"), u2("z"), u2(""), u2("ez"), u2("e")};
    CHECK(as_vector(nd::argsort(u)) == std::vector<std::int64_t>{3, 1, 5, 4, 2, 0}); // code points: "z" < "é"
    const nd::array<u2> distinct = nd::unique(u);
    REQUIRE(distinct.size() == 5);
    CHECK(distinct.data()[2] == u2("ez"));
    CHECK(nd::partition(u, 2).data()[2] == u2("e"));
}
