// nd::result_type<A, B> and nd::dtype_of checked against NumPy 1.24's np.result_type for every
// pair of the 13 element types. The fixture is tests/fixtures/result_types.txt from
// tests/fixtures/gen_indexing.py.

#include <nd/nd.hpp>

#include <catch2/catch.hpp>

#include <complex>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#ifndef ND_FIXTURES_DIR
#define ND_FIXTURES_DIR "tests/fixtures"
#endif

namespace {

// In NumPy's order; the names are NumPy's dtype names.
using element_types = std::tuple<bool, std::int8_t, std::int16_t, std::int32_t, std::int64_t, std::uint8_t, std::uint16_t,
                                 std::uint32_t, std::uint64_t, float, double, std::complex<float>, std::complex<double>>;
constexpr std::size_t type_count = std::tuple_size_v<element_types>;
constexpr std::string_view names[type_count] = {"bool",   "int8",   "int16",   "int32",   "int64",     "uint8",     "uint16",
                                                "uint32", "uint64", "float32", "float64", "complex64", "complex128"};
// NumPy's dtype.str on a little-endian machine.
constexpr std::string_view strs[type_count] = {"|b1", "|i1", "<i2", "<i4", "<i8", "|u1", "<u2",
                                               "<u4", "<u8", "<f4", "<f8", "<c8", "<c16"};

template <std::size_t I> using type_at = std::tuple_element_t<I, element_types>;

struct pair_answer {
    std::string_view name; // nd::dtype_of<nd::result_type<A, B>>.name
    bool symmetric;        // result_type<A, B> is result_type<B, A>
};

template <std::size_t I, std::size_t J> pair_answer answer() {
    using R = nd::result_type<type_at<I>, type_at<J>>;
    return {nd::dtype_of<R>.name, std::is_same_v<R, nd::result_type<type_at<J>, type_at<I>>>};
}

template <std::size_t I, std::size_t... J> void row(std::map<std::pair<std::string, std::string>, pair_answer>& out, std::index_sequence<J...>) {
    ((out[{std::string(names[I]), std::string(names[J])}] = answer<I, J>()), ...);
}

template <std::size_t... I> std::map<std::pair<std::string, std::string>, pair_answer> table(std::index_sequence<I...>) {
    std::map<std::pair<std::string, std::string>, pair_answer> out;
    (row<I>(out, std::make_index_sequence<type_count>{}), ...);
    return out;
}

template <std::size_t... I> void check_dtypes(std::index_sequence<I...>) {
    auto one = [](auto tag, std::size_t k) {
        using T = typename decltype(tag)::type;
        INFO("type " << names[k]);
        CHECK(nd::dtype_of<T>.name == names[k]);
        CHECK(nd::dtype_of<T>.str == strs[k]);
        CHECK(nd::dtype_of<T>.itemsize == static_cast<int>(sizeof(T)));
    };
    (one(std::type_identity<type_at<I>>{}, I), ...);
}

} // namespace

TEST_CASE("dtype_of gives NumPy's names for the 13 element types", "[core][dtype]") {
    check_dtypes(std::make_index_sequence<type_count>{});
}

TEST_CASE("result_type matches np.result_type for all 169 pairs", "[core][dtype][fixtures]") {
    const auto computed = table(std::make_index_sequence<type_count>{});
    std::ifstream in(std::string(ND_FIXTURES_DIR) + "/result_types.txt");
    REQUIRE(in.good());
    std::string line;
    std::size_t count = 0;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream fields(line);
        std::string a, b, numpy;
        fields >> a >> b >> numpy;
        INFO("np.result_type(" << a << ", " << b << ") is " << numpy);
        const auto found = computed.find({a, b});
        REQUIRE(found != computed.end());
        CHECK(found->second.name == numpy);
        CHECK(found->second.symmetric);
        ++count;
    }
    CHECK(count == type_count * type_count);
}
