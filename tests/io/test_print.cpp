// Printing must match NumPy 1.24's str() byte for byte. The cases come from
// tests/fixtures/gen_print.py; see the format described there.

#include <catch2/catch.hpp>

#include <algorithm>
#include <bit>
#include <charconv>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iomanip>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "nd/io/print.hpp"

#ifndef ND_FIXTURES_DIR
#define ND_FIXTURES_DIR "tests/fixtures"
#endif

namespace {

struct print_case {
    std::string dtype;
    std::vector<std::ptrdiff_t> shape;
    std::vector<std::ptrdiff_t> strides;
    std::ptrdiff_t offset = 0;
    std::ptrdiff_t count = 0;
    std::vector<std::string> tokens;
    std::string expected;
    std::string header;
};

std::vector<print_case> load_cases() {
    std::ifstream in(ND_FIXTURES_DIR "/print_cases.txt");
    REQUIRE(in.good());
    std::vector<print_case> cases;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        print_case c;
        c.header = line;
        std::istringstream head(line);
        std::string word;
        int ndim = 0;
        head >> word >> c.dtype >> ndim;
        REQUIRE(word == "case");
        c.shape.resize(static_cast<std::size_t>(ndim));
        for (auto& d : c.shape) head >> d;

        REQUIRE(std::getline(in, line));
        std::istringstream layout(line);
        layout >> word >> c.offset;
        REQUIRE(word == "layout");
        c.strides.resize(c.shape.size());
        for (auto& s : c.strides) layout >> s;

        REQUIRE(std::getline(in, line));
        std::istringstream data(line);
        data >> word >> c.count;
        REQUIRE(word == "data");
        for (std::string t; data >> t;) c.tokens.push_back(t);

        REQUIRE(std::getline(in, line));
        std::istringstream expect(line);
        int nlines = 0;
        expect >> word >> nlines;
        REQUIRE(word == "expect");
        for (int i = 0; i < nlines; ++i) {
            REQUIRE(std::getline(in, line));
            if (i) c.expected += '\n';
            c.expected += line;
        }
        cases.push_back(std::move(c));
    }
    return cases;
}

template <class I>
I parse_int(const std::string& t) {
    I v{};
    const auto r = std::from_chars(t.data(), t.data() + t.size(), v);
    REQUIRE(r.ec == std::errc{});
    return v;
}

template <class T>
T decode(const std::vector<std::string>& tokens, std::size_t& k) {
    if constexpr (std::is_same_v<T, bool>) {
        return tokens[k++] == "1";
    } else if constexpr (std::is_same_v<T, float>) {
        return std::bit_cast<float>(parse_int<std::uint32_t>(tokens[k++]));
    } else if constexpr (std::is_same_v<T, double>) {
        return std::bit_cast<double>(parse_int<std::uint64_t>(tokens[k++]));
    } else if constexpr (nd::detail::is_std_complex<T>::value) {
        using F = typename T::value_type;
        const F re = decode<F>(tokens, k);
        const F im = decode<F>(tokens, k);
        return {re, im};
    } else {
        return parse_int<T>(tokens[k++]);
    }
}

// A plain array rather than std::vector, whose bool specialization has no data().
template <class T>
std::unique_ptr<T[]> to_buffer(const std::vector<T>& values) {
    auto out = std::make_unique<T[]>(values.size());
    std::copy(values.begin(), values.end(), out.get());
    return out;
}

template <class T>
std::string run(const print_case& c) {
    const auto n = static_cast<std::size_t>(c.count);
    auto base = std::make_unique<T[]>(n);
    std::size_t k = 0;
    for (std::size_t i = 0; i < n; ++i) base[i] = decode<T>(c.tokens, k);
    REQUIRE(k == c.tokens.size());
    const T* first = n == 0 ? nullptr
                            : reinterpret_cast<const T*>(
                                  reinterpret_cast<const char*>(base.get()) + c.offset);
    return nd::detail::format_array(first, std::span<const std::ptrdiff_t>(c.shape),
                                    std::span<const std::ptrdiff_t>(c.strides));
}

std::string run_case(const print_case& c) {
    const std::string& d = c.dtype;
    if (d == "bool") return run<bool>(c);
    if (d == "int8") return run<std::int8_t>(c);
    if (d == "int16") return run<std::int16_t>(c);
    if (d == "int32") return run<std::int32_t>(c);
    if (d == "int64") return run<std::int64_t>(c);
    if (d == "uint8") return run<std::uint8_t>(c);
    if (d == "uint16") return run<std::uint16_t>(c);
    if (d == "uint32") return run<std::uint32_t>(c);
    if (d == "uint64") return run<std::uint64_t>(c);
    if (d == "float32") return run<float>(c);
    if (d == "float64") return run<double>(c);
    if (d == "complex64") return run<std::complex<float>>(c);
    if (d == "complex128") return run<std::complex<double>>(c);
    FAIL("unknown dtype " << d);
    return {};
}

template <class T>
std::string c_order_text(std::vector<T> values, std::vector<std::ptrdiff_t> shape) {
    std::vector<std::ptrdiff_t> strides(shape.size());
    std::ptrdiff_t s = sizeof(T);
    for (std::size_t i = shape.size(); i-- > 0;) {
        strides[i] = s;
        s *= shape[i];
    }
    const auto buffer = to_buffer(values);
    return nd::detail::format_array(buffer.get(), std::span<const std::ptrdiff_t>(shape),
                                    std::span<const std::ptrdiff_t>(strides));
}

} // namespace

TEST_CASE("printing matches NumPy 1.24 str() on every fixture case", "[io][print]") {
    const std::vector<print_case> cases = load_cases();
    REQUIRE(cases.size() > 500);
    std::size_t passed = 0;
    for (const print_case& c : cases) {
        const std::string got = run_case(c);
        INFO(c.header << "  layout " << c.offset);
        CHECK(got == c.expected);
        passed += got == c.expected ? 1 : 0;
    }
    CHECK(passed == cases.size());
}

TEST_CASE("printing examples read like NumPy", "[io][print]") {
    CHECK(c_order_text<double>({1.0, 2.5}, {2}) == "[1.  2.5]");
    CHECK(c_order_text<std::int8_t>({-128, 5, 127}, {3}) == "[-128    5  127]");
    CHECK(c_order_text<std::uint8_t>({0, 255}, {1, 2}) == "[[  0 255]]");
    CHECK(c_order_text<bool>({true, false}, {2}) == "[ True False]");
    CHECK(c_order_text<bool>({true}, {}) == "True");
    CHECK(c_order_text<float>({1.5f}, {}) == "1.5");
    CHECK(c_order_text<double>({1.0}, {}) == "1.0");
    CHECK(c_order_text<double>({1e16}, {}) == "1e+16");
    CHECK(c_order_text<std::complex<double>>({{1, 2}}, {}) == "(1+2j)");
    CHECK(c_order_text<std::complex<double>>({{0, 2}}, {}) == "2j");
    CHECK(c_order_text<std::complex<double>>({{1, 2}, {1.5, 2.25}}, {2}) ==
          "[1. +2.j   1.5+2.25j]");
    CHECK(c_order_text<double>({0.0, 1e-5, 1.5}, {3}) == "[0.0e+00 1.0e-05 1.5e+00]");
    CHECK(c_order_text<double>({}, {2, 0}) == "[]");
    CHECK(c_order_text<double>({}, {0}) == "[]");
}

TEST_CASE("strided views print their own elements", "[io][print]") {
    // every other element, backwards: a(slice(none, none, -2)) of [0 .. 9]
    std::vector<std::int32_t> base{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    const std::vector<std::ptrdiff_t> shape{5};
    const std::vector<std::ptrdiff_t> strides{-2 * 4};
    CHECK(nd::detail::format_array(base.data() + 9, std::span<const std::ptrdiff_t>(shape),
                                   std::span<const std::ptrdiff_t>(strides)) ==
          "[9 7 5 3 1]");
    // a transposed 2x3 view of the same buffer
    const std::vector<std::ptrdiff_t> tshape{3, 2};
    const std::vector<std::ptrdiff_t> tstrides{4, 12};
    CHECK(nd::detail::format_array(base.data(), std::span<const std::ptrdiff_t>(tshape),
                                   std::span<const std::ptrdiff_t>(tstrides)) ==
          "[[0 3]\n [1 4]\n [2 5]]");
}

TEST_CASE("printing leaves the stream's state as it was", "[io][print]") {
    std::ostringstream os;
    os << std::hex << std::showpos << std::scientific << std::setprecision(3)
       << std::setfill('*');
    const auto flags = os.flags();
    os << std::setw(12);
    const std::vector<double> values{1.0, 2.5, -3.25};
    const std::vector<std::ptrdiff_t> shape{3};
    const std::vector<std::ptrdiff_t> strides{8};
    nd::detail::print_array(os, values.data(), std::span<const std::ptrdiff_t>(shape),
                            std::span<const std::ptrdiff_t>(strides));
    CHECK(os.str() == "[ 1.    2.5  -3.25]");
    CHECK(os.flags() == flags);
    CHECK(os.precision() == 3);
    CHECK(os.fill() == '*');
    CHECK(os.width() == 12);
    os.width(0);
    os << 255;
    CHECK(os.str() == "[ 1.    2.5  -3.25]ff");
}
