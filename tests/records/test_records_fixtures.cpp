// Structured records and fixed-size text checked against NumPy: the description of every record
// type (np.lib.format.dtype_to_descr's repr with its padding entries, itemsize, str, name, field
// names, offsets and subarray shapes, as np.dtype([...], align=True) lays them out) and of the
// 'S' and 'U' types, and the text str() gives for arrays of them (short, wrapped, summarized,
// empty, 0-d, 2-d and 3-d, reversed, stepped and transposed views; text of every length, with
// quotes, backslashes, control characters, bytes past ASCII and non-ASCII code points). The
// fixture is tests/fixtures/record_cases.txt from tests/fixtures/gen_records.py, whose docstring
// describes the format and defines the structs below (the same names, fields and order).

#include "../support/fixture_ops.hpp"
#include "../support/record_types.hpp"

#include <complex>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

namespace {

using record_types::padded;
using record_types::point;
using record_types::segment;
using record_types::student;

struct numbers {
    bool flag;
    std::int8_t i8;
    std::uint8_t u8;
    std::int16_t i16;
    std::uint16_t u16;
    std::int32_t i32;
    std::uint32_t u32;
    std::int64_t i64;
    std::uint64_t u64;
    float f32;
    double f64;
    std::complex<float> c64;
    std::complex<double> c128;
};
ND_RECORD(numbers, flag, i8, u8, i16, u16, i32, u32, i64, u64, f32, f64, c64, c128);

struct texts {
    nd::fixed_string<1> s1;
    nd::fixed_string<3> s3;
    nd::fixed_ustring<1> u1;
    nd::fixed_string<10> s10;
    nd::fixed_ustring<4> u4;
    std::int8_t tag;
};
ND_RECORD(texts, s1, s3, u1, s10, u4, tag);

struct arrays {
    float pos[3];
    std::int16_t grid[2][3];
    double m[2][2];
    std::uint8_t bytes[5];
    bool flags[2];
};
ND_RECORD(arrays, pos, grid, m, bytes, flags);

struct inner {
    std::int8_t k;
    std::int32_t v;
};
ND_RECORD(inner, k, v);

struct outer {
    std::int8_t t;
    inner core;
    std::int16_t w[3];
    nd::fixed_ustring<2> label;
    segment seg;
};
ND_RECORD(outer, t, core, w, label, seg);

struct single {
    float v;
};
ND_RECORD(single, v);

struct cplx {
    std::int8_t a;
    std::complex<float> c;
    std::complex<double> z[2];
};
ND_RECORD(cplx, a, c, z);

template <class T> struct type_tag {
    using type = T;
};

/// Calls f(type_tag<T>{}) for the element type the fixture calls `name`; false if none is.
template <class F> bool with_type(const std::string& name, F&& f) {
#define ND_FIXTURE_TYPE(T, N)                                                                                                     \
    if (name == N) {                                                                                                              \
        f(type_tag<T>{});                                                                                                         \
        return true;                                                                                                              \
    }
    ND_FIXTURE_TYPE(point, "point")
    ND_FIXTURE_TYPE(padded, "padded")
    ND_FIXTURE_TYPE(numbers, "numbers")
    ND_FIXTURE_TYPE(texts, "texts")
    ND_FIXTURE_TYPE(arrays, "arrays")
    ND_FIXTURE_TYPE(inner, "inner")
    ND_FIXTURE_TYPE(segment, "segment")
    ND_FIXTURE_TYPE(outer, "outer")
    ND_FIXTURE_TYPE(single, "single")
    ND_FIXTURE_TYPE(student, "student")
    ND_FIXTURE_TYPE(cplx, "cplx")
    ND_FIXTURE_TYPE(nd::fixed_string<1>, "S1")
    ND_FIXTURE_TYPE(nd::fixed_string<3>, "S3")
    ND_FIXTURE_TYPE(nd::fixed_string<4>, "S4")
    ND_FIXTURE_TYPE(nd::fixed_string<8>, "S8")
    ND_FIXTURE_TYPE(nd::fixed_string<10>, "S10")
    ND_FIXTURE_TYPE(nd::fixed_ustring<1>, "U1")
    ND_FIXTURE_TYPE(nd::fixed_ustring<3>, "U3")
    ND_FIXTURE_TYPE(nd::fixed_ustring<4>, "U4")
    ND_FIXTURE_TYPE(nd::fixed_ustring<8>, "U8")
    ND_FIXTURE_TYPE(nd::fixed_ustring<10>, "U10")
#undef ND_FIXTURE_TYPE
    return false;
}

const ndfix::fixture_file& fixture() {
    static const ndfix::fixture_file file = ndfix::read_fixture("record_cases.txt");
    return file;
}

/// The case's lines as written (the tokens lose the spaces inside descr and printed text).
std::vector<std::string> raw_lines(const ndfix::fixture_case& c) {
    std::vector<std::string> out;
    std::istringstream in(c.text);
    std::string line;
    while (std::getline(in, line)) out.push_back(line);
    return out;
}

/// The rest of the raw line that starts with `word` and a space.
std::string raw_rest(const ndfix::fixture_case& c, const std::string& word) {
    for (const std::string& line : raw_lines(c))
        if (line.rfind(word + " ", 0) == 0) return line.substr(word.size() + 1);
    throw std::runtime_error("fixture case " + c.id + " has no '" + word + "' line");
}

/// The `| ` lines after `expect`, joined by '\n': str() of the printed array.
std::string expected_text(const ndfix::fixture_case& c) {
    std::string text;
    bool first = true;
    std::ptrdiff_t count = 0;
    for (const std::string& line : raw_lines(c)) {
        if (line.empty() || line[0] != '|') continue;
        text += (first ? "" : "\n") + (line.size() > 2 ? line.substr(2) : std::string());
        first = false;
        ++count;
    }
    REQUIRE(count == ndfix::to_int(c.get("expect").at(1)));
    return text;
}

std::string from_hex(const std::string& token) {
    if (token.empty() || token[0] != 'x') throw std::runtime_error("bad text token " + token);
    std::string bytes;
    for (std::size_t i = 1; i + 1 < token.size(); i += 2) bytes += static_cast<char>(std::stoi(token.substr(i, 2), nullptr, 16));
    return bytes;
}

/// Reads one element's leaf tokens (the generator's `leaves`) into x.
struct leaf_reader {
    const ndfix::tokens& t;
    std::size_t pos;
    const std::string& next() { return t.at(pos++); }
};

template <class T> void read_element(T& x, leaf_reader& in) {
    if constexpr (std::is_array_v<T>) {
        for (auto& e : x) read_element(e, in);
    } else if constexpr (nd::record<T>) {
        std::apply([&](auto&... member) { (read_element(member, in), ...); }, nd_record_fields(x));
    } else if constexpr (nd::fixed_text<T>) {
        x = T(std::string_view(from_hex(in.next())));
    } else if constexpr (std::is_same_v<T, bool>) {
        x = in.next() == "1";
    } else if constexpr (nd::complex_number<T>) {
        typename T::value_type re{}, im{};
        read_element(re, in);
        read_element(im, in);
        x = T(re, im);
    } else if constexpr (std::is_same_v<T, float>) {
        x = std::strtof(in.next().c_str(), nullptr);
    } else if constexpr (std::is_same_v<T, double>) {
        x = std::strtod(in.next().c_str(), nullptr);
    } else if constexpr (std::is_unsigned_v<T>) {
        x = static_cast<T>(std::stoull(in.next()));
    } else {
        x = static_cast<T>(std::stoll(in.next()));
    }
}

template <class T> void check_dtype(const ndfix::fixture_case& c) {
    constexpr nd::dtype d = nd::dtype_of<T>;
    CHECK(d.itemsize == ndfix::to_int(c.get("itemsize").at(1)));
    CHECK(static_cast<std::ptrdiff_t>(sizeof(T)) == ndfix::to_int(c.get("itemsize").at(1)));
    CHECK(d.str == c.get("str").at(1));
    CHECK(d.name == c.get("name").at(1));
    CHECK(d.descr() == raw_rest(c, "descr"));
    CHECK(d.is_record() == nd::record<T>);
    const ndfix::tokens* names = c.find("names");
    if (!names) {
        CHECK(d.fields().empty());
        CHECK(d.names().empty());
        return;
    }
    std::vector<std::string> expected_names(names->begin() + 2, names->end());
    REQUIRE(static_cast<std::ptrdiff_t>(expected_names.size()) == ndfix::to_int(names->at(1)));
    const std::vector<std::string_view> got_names = d.names();
    CHECK(std::vector<std::string>(got_names.begin(), got_names.end()) == expected_names);
    std::size_t k = 0;
    for (const ndfix::tokens& line : c.lines) {
        if (line.at(0) != "field") continue;
        INFO("field " << line.at(1));
        REQUIRE(k < d.fields().size());
        const nd::field_info& field = d.fields()[k++];
        CHECK(field.name == line.at(1));
        CHECK(field.type.str == line.at(2));
        CHECK(field.offset == ndfix::to_int(line.at(3)));
        std::size_t pos = 5;
        CHECK(field.shape == ndfix::read_ints(line, pos, static_cast<std::size_t>(ndfix::to_int(line.at(4)))));
    }
    CHECK(k == d.fields().size());
}

template <class T> std::string printed(const T& x) {
    std::ostringstream os;
    os << x;
    return os.str();
}

template <class T> void check_print(const ndfix::fixture_case& c) {
    const ndfix::tokens& shape_line = c.get("shape");
    std::size_t pos = 2;
    const auto shape = ndfix::read_ints(shape_line, pos, static_cast<std::size_t>(ndfix::to_int(shape_line.at(1))));
    nd::array<T> a(ndfix::to_dims(shape), nd::order::C);
    const ndfix::tokens& values = c.get("values");
    REQUIRE(ndfix::to_int(values.at(1)) == a.size());
    leaf_reader in{values, 2};
    for (std::ptrdiff_t i = 0; i < a.size(); ++i) read_element(a.data()[i], in);
    REQUIRE(in.pos == values.size());

    const std::string op = c.get("op").at(1);
    const std::string expected = expected_text(c);
    const nd::array<T>& ca = a;
    if (op == "none") {
        CHECK(printed(a) == expected);
        CHECK(printed(nd::view<const T>(ca)) == expected);
    } else if (op == "rev") {
        CHECK(printed(ca(nd::slice(nd::none, nd::none, -1))) == expected);
    } else if (op == "step2") {
        CHECK(printed(ca(nd::slice(nd::none, nd::none, 2))) == expected);
    } else if (op == "T") {
        CHECK(printed(ca.T()) == expected);
        CHECK(printed(ca.T().copy()) == expected);
    } else {
        FAIL("unknown op " << op);
    }
}

} // namespace

TEST_CASE("record and text descriptions match NumPy's", "[records][fixtures]") {
    std::size_t checked = 0;
    for (const ndfix::fixture_case& c : fixture().cases) {
        const ndfix::tokens head = ndfix::split(c.text.substr(0, c.text.find('\n')));
        if (head.at(2) != "dtype") continue;
        INFO("case " << c.id << ": dtype " << head.at(3));
        const bool known = with_type(head.at(3), [&](auto tag) { check_dtype<typename decltype(tag)::type>(c); });
        CHECK(known);
        ++checked;
    }
    CHECK(checked == 21); // as gen_records.py writes them: update both together
}

TEST_CASE("record and text arrays print as NumPy's str()", "[records][fixtures][printing]") {
    std::size_t checked = 0;
    for (const ndfix::fixture_case& c : fixture().cases) {
        const ndfix::tokens head = ndfix::split(c.text.substr(0, c.text.find('\n')));
        if (head.at(2) != "print") continue;
        std::string shape;
        for (std::size_t k = 2; k < c.get("shape").size(); ++k) shape += (k > 2 ? ", " : "") + c.get("shape")[k];
        INFO("case " << c.id << ": " << head.at(3) << " (" << shape << "), op " << c.get("op").at(1));
        const bool known = with_type(head.at(3), [&](auto tag) { check_print<typename decltype(tag)::type>(c); });
        CHECK(known);
        ++checked;
    }
    CHECK(checked == 87); // as gen_records.py writes them: update both together
}
