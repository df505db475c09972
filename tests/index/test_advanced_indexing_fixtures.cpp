// Advanced indexing checked against NumPy: integer index arrays and boolean masks, alone and
// mixed with integers, slices, nd::all, nd::newaxis and nd::ellipsis, read with x(...) and written
// with x.set(..., values), on arrays of rank 0-4 seen plain, reversed, transposed and in F order:
// the result's shape, values and element type (always a new array), the array after a write, and
// the errors (exception type and NumPy's message; a failed write leaves x as it was). The fixture
// is tests/fixtures/advanced_indexing_cases.txt from tests/fixtures/gen_advanced_indexing.py,
// whose docstring describes the format.
//
// An index list is a variadic call whose item types are fixed at compile time, so the fixture
// draws its cases from a fixed list of patterns ("A,:,A" is x(a, nd::all, b)) and each case brings
// the pattern's arrays, masks, integers and slices at run time. Every pattern compiles once per
// operation, for int64 elements and int64 indexes; the other element types run patterns A and M
// only, the other index types A and :,A only, because each instantiation costs compile time.

#include "../support/fixture_ops.hpp"
#include "../support/values.hpp"

#include <algorithm>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

using ndfix::i64;
using ndfix::tokens;

// ---------------------------------------------------------------------------------------
// The fixture

/// One case: pointers into its lines, by kind.
struct advanced_case {
    const ndfix::fixture_case* source = nullptr;
    std::string group, op, pattern; // from `case <id> <group> <get|set> <pattern>`
    std::string dtype, kind;        // from `x <dtype> <kind> <ndim> <shape...>`
    std::vector<std::ptrdiff_t> shape;
    const tokens* flat = nullptr;   // the root's elements, for dtypes other than int64
    std::vector<const tokens*> args;
    const tokens* value = nullptr;  // set only
    const tokens* outcome = nullptr; // result, after or error
};

const std::vector<advanced_case>& fixture_cases() {
    static const ndfix::fixture_file file = ndfix::read_fixture("advanced_indexing_cases.txt");
    static const std::vector<advanced_case> cases = [] {
        std::vector<advanced_case> out;
        for (const auto& c : file.cases) {
            advanced_case a;
            a.source = &c;
            const tokens head = ndfix::split(c.text.substr(0, c.text.find('\n')));
            a.group = head.at(2);
            a.op = head.at(3);
            a.pattern = head.at(4);
            for (const auto& line : c.lines) {
                const std::string& word = line.at(0);
                if (word == "x") {
                    a.dtype = line.at(1);
                    a.kind = line.at(2);
                    std::size_t pos = 4;
                    a.shape = ndfix::read_ints(line, pos, static_cast<std::size_t>(ndfix::to_int(line.at(3))));
                } else if (word == "flat") {
                    a.flat = &line;
                } else if (word == "arg") {
                    a.args.push_back(&line);
                } else if (word == "value") {
                    a.value = &line;
                } else if (word == "result" || word == "after" || word == "error") {
                    a.outcome = &line;
                } else if (word != "note") {
                    throw std::runtime_error("unknown line '" + word + "' in advanced indexing case " + c.id);
                }
            }
            if (!a.outcome || a.dtype.empty() || (a.op == "set") != (a.value != nullptr))
                throw std::runtime_error("incomplete advanced indexing case " + c.id);
            out.push_back(std::move(a));
        }
        return out;
    }();
    return cases;
}

/// One element from its fixture spelling: 0/1 for bool, `<real>,<imag>` for complex.
template <class T> T parse_value(const std::string& token) {
    if constexpr (std::is_same_v<T, bool>) {
        return token == "1";
    } else if constexpr (nd::complex_number<T>) {
        const auto comma = token.find(',');
        using part = typename T::value_type;
        return T(static_cast<part>(std::stod(token.substr(0, comma))), static_cast<part>(std::stod(token.substr(comma + 1))));
    } else if constexpr (std::is_floating_point_v<T>) {
        return static_cast<T>(std::stod(token));
    } else if constexpr (std::is_unsigned_v<T>) {
        return static_cast<T>(std::stoull(token));
    } else {
        return static_cast<T>(std::stoll(token));
    }
}

template <class T> std::vector<T> parse_values(const tokens& t, std::size_t pos, std::size_t count) {
    std::vector<T> out;
    for (std::size_t k = 0; k < count; ++k) out.push_back(parse_value<T>(t.at(pos + k)));
    return out;
}

/// `<ndim> <shape...> <values...>` from t[pos]: a new C-order array.
template <class T> nd::array<T> read_array(const tokens& t, std::size_t pos) {
    const auto ndim = static_cast<std::size_t>(ndfix::to_int(t.at(pos++)));
    const auto shape = ndfix::read_ints(t, pos, ndim);
    nd::array<T> a(ndfix::to_dims(shape), nd::order::C);
    const auto values = parse_values<T>(t, pos, static_cast<std::size_t>(a.size()));
    std::copy(values.begin(), values.end(), a.data());
    return a;
}

/// The same elements as `a`, through a view whose axis 0 runs backwards in memory: an index
/// argument that is a strided nd::view rather than a contiguous array.
template <class I> nd::view<I> reversed_storage_view(const nd::array<I>& a) {
    if (a.ndim() == 0) return nd::view<I>(nd::array<I>(a));
    nd::array<I> storage = a(nd::slice(nd::none, nd::none, -1), nd::ellipsis).copy(nd::order::C);
    return nd::view<I>(std::move(storage))(nd::slice(nd::none, nd::none, -1), nd::ellipsis);
}

/// An int64 x as the generator makes it: root = np.arange(n).reshape(root shape, order), then
/// x = root, root[::-1] or root.T. `flat` owns the elements (x is a view of them).
struct int64_x {
    nd::array<i64> flat;
    nd::view<i64> x;
};

int64_x make_int64_x(const advanced_case& c) {
    std::vector<std::ptrdiff_t> root_shape = c.shape;
    if (c.kind == "T") std::reverse(root_shape.begin(), root_shape.end());
    std::ptrdiff_t n = 1;
    for (auto e : c.shape) n *= e;
    nd::array<i64> flat = nd::arange<i64>(static_cast<double>(n));
    const nd::view<i64> root = flat.reshape(ndfix::to_dims(root_shape), c.kind == "F" ? nd::order::F : nd::order::C);
    if (c.kind == "T") return {std::move(flat), root.T()};
    if (c.kind == "rev") return {std::move(flat), root(nd::slice(nd::none, nd::none, -1), nd::ellipsis)};
    if (c.kind != "plain" && c.kind != "F") throw std::runtime_error("unknown x kind " + c.kind);
    return {std::move(flat), root};
}

/// x of another element type, as an nd::array itself (kinds plain and F): its memory holds the
/// fixture's `flat` values in order.
template <class T> nd::array<T> make_array_x(const advanced_case& c) {
    if (c.kind != "plain" && c.kind != "F") throw std::runtime_error("element type cases are plain or F, not " + c.kind);
    nd::array<T> x(ndfix::to_dims(c.shape), c.kind == "F" ? nd::order::F : nd::order::C);
    REQUIRE(c.flat);
    REQUIRE(ndfix::to_int(c.flat->at(1)) == x.size());
    const auto values = parse_values<T>(*c.flat, 2, static_cast<std::size_t>(x.size()));
    std::copy(values.begin(), values.end(), x.data());
    return x;
}

// ---------------------------------------------------------------------------------------
// Checks

/// `result <dtype> <shares> <ndim> <shape...> <values...>`
template <class T, class X> void check_read(const nd::array<T>& got, const X& x, const tokens& expected) {
    REQUIRE(expected.at(0) == "result");
    CHECK(got.dtype().name == expected.at(1));
    CHECK(nd::shares_memory(got, x) == (expected.at(2) == "1"));
    std::size_t pos = 4;
    const auto shape = ndfix::read_ints(expected, pos, static_cast<std::size_t>(ndfix::to_int(expected.at(3))));
    CHECK(ndfix::to_vector(got.shape()) == shape);
    std::ptrdiff_t size = 1;
    for (auto e : shape) size *= e;
    REQUIRE(got.size() == size);
    CHECK(nd_test::values_of(got) == parse_values<T>(expected, pos, static_cast<std::size_t>(size)));
}

/// `after <size> <values...>`: x after the write, in C order.
template <class X> void check_after(const X& x, const tokens& expected) {
    using T = typename X::value_type;
    REQUIRE(expected.at(0) == "after");
    REQUIRE(ndfix::to_int(expected.at(1)) == x.size());
    CHECK(nd_test::values_of(x) == parse_values<T>(expected, 2, static_cast<std::size_t>(x.size())));
}

/// `error <nd kind> <numpy kind> <message...>`: action must throw that nd exception with
/// NumPy's message (the fixture drops the message's trailing whitespace).
void check_throws(const tokens& expected, const std::function<void()>& action) {
    REQUIRE(expected.at(0) == "error");
    std::string message;
    for (std::size_t k = 3; k < expected.size(); ++k) message += (k > 3 ? " " : "") + expected[k];
    std::string thrown_kind = "no exception", thrown_message;
    try {
        action();
    } catch (const nd::index_error& e) {
        thrown_kind = "index_error";
        thrown_message = e.what();
    } catch (const nd::shape_error& e) {
        thrown_kind = "shape_error";
        thrown_message = e.what();
    } catch (const nd::error& e) {
        thrown_kind = "another nd::error";
        thrown_message = e.what();
    }
    INFO("NumPy raised " << expected.at(2));
    CHECK(thrown_kind == expected.at(1));
    while (!thrown_message.empty() && thrown_message.back() == ' ') thrown_message.pop_back();
    CHECK(thrown_message == message);
}

// ---------------------------------------------------------------------------------------
// The int64 patterns

/// The runtime items of a case, each kind in pattern order.
struct pattern_args {
    std::vector<std::ptrdiff_t> integers;
    std::vector<nd::slice> slices;
    std::vector<nd::array<i64>> indexes;
    std::vector<nd::array<bool>> masks;
};

pattern_args read_args(const advanced_case& c) {
    pattern_args a;
    for (const tokens* line : c.args) {
        const std::string& what = line->at(1);
        if (what == "int") {
            a.integers.push_back(ndfix::to_int(line->at(2)));
        } else if (what == "slice") {
            a.slices.emplace_back(ndfix::to_bound(line->at(2)), ndfix::to_bound(line->at(3)), ndfix::to_bound(line->at(4)));
        } else if (what == "index") {
            REQUIRE(line->at(2) == "int64");
            a.indexes.push_back(read_array<i64>(*line, 3));
        } else if (what == "mask") {
            a.masks.push_back(read_array<bool>(*line, 2));
        } else {
            throw std::runtime_error("unknown arg kind " + what);
        }
    }
    return a;
}

/// The patterns that are also written from a scalar: calls visit(items...) with the case's
/// items; false for a pattern outside this group.
template <class Visit> bool visit_core_pattern(const std::string& pattern, const pattern_args& a, Visit&& visit) {
    const auto& index = a.indexes;
    const auto& mask = a.masks;
    const auto& integer = a.integers;
    if (pattern == "A") visit(index.at(0));
    else if (pattern == "A,A") visit(index.at(0), index.at(1));
    else if (pattern == ":,A") visit(nd::all, index.at(0));
    else if (pattern == "A,:,A") visit(index.at(0), nd::all, index.at(1));
    else if (pattern == "i,:,A") visit(integer.at(0), nd::all, index.at(0));
    else if (pattern == "M") visit(mask.at(0));
    else if (pattern == ":,M") visit(nd::all, mask.at(0));
    else if (pattern == "M,A") visit(mask.at(0), index.at(0));
    else if (pattern == "...,A") visit(nd::ellipsis, index.at(0));
    else return false;
    return true;
}

/// The other patterns: read and written from an array only.
template <class Visit> bool visit_more_pattern(const std::string& pattern, const pattern_args& a, Visit&& visit) {
    const auto& index = a.indexes;
    const auto& mask = a.masks;
    const auto& integer = a.integers;
    const auto& slice = a.slices;
    if (pattern == "A,i") visit(index.at(0), integer.at(0));
    else if (pattern == ":,i,A") visit(nd::all, integer.at(0), index.at(0));
    else if (pattern == "i,A") visit(integer.at(0), index.at(0));
    else if (pattern == "newaxis,A") visit(nd::newaxis, index.at(0));
    else if (pattern == "A,newaxis,:") visit(index.at(0), nd::newaxis, nd::all);
    else if (pattern == "A,newaxis,A") visit(index.at(0), nd::newaxis, index.at(1));
    else if (pattern == "s,A") visit(slice.at(0), index.at(0));
    else if (pattern == "A,A,A") visit(index.at(0), index.at(1), index.at(2));
    else if (pattern == ":,A,A") visit(nd::all, index.at(0), index.at(1));
    else if (pattern == ":,A,:,A") visit(nd::all, index.at(0), nd::all, index.at(1));
    else if (pattern == "A,:,M") visit(index.at(0), nd::all, mask.at(0));
    else if (pattern == ":,A,...,A") visit(nd::all, index.at(0), nd::ellipsis, index.at(1));
    else if (pattern == "...,M") visit(nd::ellipsis, mask.at(0));
    else if (pattern == "A,...") visit(index.at(0), nd::ellipsis);
    else if (pattern == "i,A,s") visit(integer.at(0), index.at(0), slice.at(0));
    else if (pattern == "A,s,i") visit(index.at(0), slice.at(0), integer.at(0));
    else return false;
    return true;
}

void run_pattern_case(const advanced_case& c) {
    const int64_x made = make_int64_x(c);
    const nd::view<i64>& x = made.x;
    const pattern_args args = read_args(c);
    const tokens& outcome = *c.outcome;
    if (c.op == "get") {
        std::optional<nd::array<i64>> got;
        auto read = [&](const auto&... items) {
            static_assert(std::is_same_v<decltype(x(items...)), nd::array<i64>>, "an advanced index reads into a new array");
            got.emplace(x(items...));
        };
        auto run = [&] {
            if (!visit_core_pattern(c.pattern, args, read) && !visit_more_pattern(c.pattern, args, read))
                FAIL("unknown pattern " << c.pattern);
        };
        if (outcome.at(0) == "error") {
            check_throws(outcome, run);
        } else {
            run();
            REQUIRE(got.has_value());
            check_read(*got, x, outcome);
        }
        return;
    }
    const std::vector<i64> before = nd_test::values_of(x);
    const tokens& value = *c.value;
    auto run = [&] {
        if (value.at(1) == "scalar") {
            const i64 scalar = parse_value<i64>(value.at(2));
            auto write = [&](const auto&... items) { x.set(items..., scalar); };
            if (!visit_core_pattern(c.pattern, args, write)) FAIL("a scalar set of pattern " << c.pattern << ", which is not a core pattern");
        } else {
            const nd::array<i64> values = read_array<i64>(value, 2);
            auto write = [&](const auto&... items) { x.set(items..., values); };
            if (!visit_core_pattern(c.pattern, args, write) && !visit_more_pattern(c.pattern, args, write))
                FAIL("unknown pattern " << c.pattern);
        }
    };
    if (outcome.at(0) == "error") {
        check_throws(outcome, run);
        CHECK(nd_test::values_of(x) == before);
    } else {
        run();
        check_after(x, outcome);
    }
}

/// Runs a case's read or write and checks its outcome: the error (x unchanged), the result
/// read, or x after the write.
template <class T, class X>
void run_and_check(const std::string& op, const tokens& outcome, const std::function<void()>& run, const std::optional<nd::array<T>>& got,
                   const X& x, const std::vector<T>& before) {
    if (outcome.at(0) == "error") {
        check_throws(outcome, run);
        CHECK(nd_test::values_of(x) == before);
    } else if (op == "get") {
        run();
        REQUIRE(got.has_value());
        check_read(*got, x, outcome);
    } else {
        run();
        check_after(x, outcome);
    }
}

// ---------------------------------------------------------------------------------------
// Other element types (patterns A and M, x an nd::array) and index types (A and :,A)

template <class T> std::size_t run_element_type_cases() {
    std::size_t ran = 0;
    for (const auto& c : fixture_cases()) {
        if (c.group != "dtype" || c.dtype != nd::dtype_of<T>.name) continue;
        ++ran;
        INFO(c.source->text);
        nd::array<T> x = make_array_x<T>(c);
        const tokens& arg = *c.args.at(0);
        const tokens& outcome = *c.outcome;
        const std::vector<T> before = nd_test::values_of(x);
        std::optional<nd::array<T>> got;
        std::function<void()> run;
        if (c.pattern == "A") {
            REQUIRE(arg.at(2) == "int64");
            const nd::array<i64> index = read_array<i64>(arg, 3);
            if (c.op == "get") {
                run = [&x, &got, index] { got.emplace(x(index)); };
            } else {
                REQUIRE(c.value->at(1) == "array");
                run = [&x, index, values = read_array<T>(*c.value, 2)] { x.set(index, values); };
            }
        } else {
            REQUIRE(c.pattern == "M");
            const nd::array<bool> mask = read_array<bool>(arg, 2);
            if (c.op == "get") {
                run = [&x, &got, mask] { got.emplace(x(mask)); };
            } else {
                REQUIRE(c.value->at(1) == "scalar");
                run = [&x, mask, scalar = parse_value<T>(c.value->at(2))] { x.set(mask, scalar); };
            }
        }
        run_and_check(c.op, outcome, run, got, x, before);
    }
    return ran;
}

template <class I> std::size_t run_index_type_cases() {
    std::size_t ran = 0;
    for (const auto& c : fixture_cases()) {
        if (c.group != "itype" || c.args.at(0)->at(2) != nd::dtype_of<I>.name) continue;
        ++ran;
        INFO(c.source->text);
        const int64_x made = make_int64_x(c);
        const nd::view<i64>& x = made.x;
        const nd::array<I> index = read_array<I>(*c.args.at(0), 3);
        const tokens& outcome = *c.outcome;
        const std::vector<i64> before = nd_test::values_of(x);
        std::optional<nd::array<i64>> got;
        std::function<void()> run;
        if (c.op == "get" && c.pattern == "A") {
            run = [&] { got.emplace(x(index)); };
        } else if (c.op == "get" && c.pattern == ":,A") {
            run = [&] { got.emplace(x(nd::all, reversed_storage_view(index))); };
        } else {
            REQUIRE((c.op == "set" && c.pattern == "A" && c.value->at(1) == "array"));
            run = [&x, &index, values = read_array<i64>(*c.value, 2)] { x.set(index, values); };
        }
        run_and_check(c.op, outcome, run, got, x, before);
    }
    return ran;
}

} // namespace

TEST_CASE("advanced indexing matches NumPy: every pattern, int64", "[index][advanced][fixtures]") {
    std::size_t reads = 0, writes = 0, errors = 0;
    std::set<std::string> patterns;
    for (const auto& c : fixture_cases()) {
        if (c.group != "pattern") continue;
        INFO(c.source->text);
        run_pattern_case(c);
        patterns.insert(c.pattern);
        (c.op == "get" ? reads : writes) += 1;
        errors += c.outcome->at(0) == "error";
    }
    // The fixture must keep exercising every pattern, reads, writes and errors.
    CHECK(patterns.size() == 25);
    CHECK(reads >= 300);
    CHECK(writes >= 200);
    CHECK(errors >= 80);
}

TEST_CASE("advanced indexing matches NumPy: other element types", "[index][advanced][fixtures]") {
    CHECK(run_element_type_cases<bool>() >= 8);
    CHECK(run_element_type_cases<std::int8_t>() >= 8);
    CHECK(run_element_type_cases<std::uint16_t>() >= 8);
    CHECK(run_element_type_cases<std::int32_t>() >= 8);
    CHECK(run_element_type_cases<float>() >= 8);
    CHECK(run_element_type_cases<double>() >= 8);
    CHECK(run_element_type_cases<std::complex<double>>() >= 8);
}

TEST_CASE("advanced indexing matches NumPy: every integer index type", "[index][advanced][fixtures]") {
    CHECK(run_index_type_cases<std::int8_t>() >= 6);
    CHECK(run_index_type_cases<std::int16_t>() >= 6);
    CHECK(run_index_type_cases<std::int32_t>() >= 6);
    CHECK(run_index_type_cases<std::int64_t>() >= 6);
    CHECK(run_index_type_cases<std::uint8_t>() >= 6);
    CHECK(run_index_type_cases<std::uint16_t>() >= 6);
    CHECK(run_index_type_cases<std::uint32_t>() >= 6);
    CHECK(run_index_type_cases<std::uint64_t>() >= 6);
}
