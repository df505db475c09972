// Sorting and searching checked against NumPy: nd::sort, nd::argsort (always stable: NumPy's
// kind='stable' answers, bit for bit), nd::unique, nd::unique_counts, nd::searchsorted (left and
// right, a scalar or an array of probes), nd::partition and nd::argpartition (the partition
// property against NumPy's sort) on all 13 element types, with NaN, signed zeros, infinities,
// subnormals, extremes and ties, on arrays of rank 0-3 (empty and length-1 axes) seen plain,
// reversed, transposed and in F order, along every axis spelled both ways; and the errors (nd's
// exception type, NumPy's message). The input must be unchanged after every call.
//
// The fixture is tests/fixtures/sorting_cases.txt from tests/fixtures/gen_sorting.py, whose
// docstring describes the format. x is always an nd::view<T>, so every operation compiles once
// per element type; arrays, expressions and broadcast views are in test_sorting.cpp.

#include "../support/fixture_ops.hpp"
#include "../support/numpy_order.hpp"
#include "../support/values.hpp"

#include <algorithm>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

using ndfix::tokens;
using i64 = std::int64_t;

// ---------------------------------------------------------------------------------------
// The fixture

struct sorting_case {
    const ndfix::fixture_case* source = nullptr;
    std::string dtype, group; // from `case <id> <dtype> <group>`
};

const std::vector<sorting_case>& fixture_cases() {
    static const ndfix::fixture_file file = ndfix::read_fixture("sorting_cases.txt");
    static const std::vector<sorting_case> cases = [] {
        std::vector<sorting_case> out;
        for (const auto& c : file.cases) {
            const tokens head = ndfix::split(c.text.substr(0, c.text.find('\n')));
            out.push_back({&c, head.at(2), head.at(3)});
        }
        return out;
    }();
    return cases;
}

template <class R> R parse_real(const std::string& s) {
    if (s == "nan") return std::numeric_limits<R>::quiet_NaN();
    const char* p = s.c_str();
    char* end = nullptr;
    const double v = std::strtod(p, &end); // float32 values are exact doubles: the cast is exact
    if (end == p || *end != '\0') throw std::runtime_error("bad float token '" + s + "'");
    return static_cast<R>(v);
}

/// One element: 0/1 for bool, decimal integers, floats as repr/nan/inf/-inf, `<re>,<im>`.
template <class T> T parse_value(const std::string& s) {
    if constexpr (std::is_same_v<T, bool>) {
        if (s != "0" && s != "1") throw std::runtime_error("bad bool token '" + s + "'");
        return s == "1";
    } else if constexpr (nd::complex_number<T>) {
        const auto comma = s.find(',');
        if (comma == std::string::npos) throw std::runtime_error("bad complex token '" + s + "'");
        using R = typename T::value_type;
        return T(parse_real<R>(s.substr(0, comma)), parse_real<R>(s.substr(comma + 1)));
    } else if constexpr (std::is_floating_point_v<T>) {
        return parse_real<T>(s);
    } else if constexpr (std::is_unsigned_v<T>) {
        return static_cast<T>(std::stoull(s));
    } else {
        return static_cast<T>(std::stoll(s));
    }
}

template <class T> std::vector<T> parse_values(const tokens& t, std::size_t pos, std::size_t count) {
    if (pos + count > t.size()) throw std::runtime_error("fixture line too short: " + t.at(0));
    std::vector<T> out;
    for (std::size_t k = 0; k < count; ++k) out.push_back(parse_value<T>(t[pos + k]));
    return out;
}

/// `<n> <values...>` at t[pos].
template <class T> std::vector<T> counted_values(const tokens& t, std::size_t pos) {
    return parse_values<T>(t, pos + 1, static_cast<std::size_t>(ndfix::to_int(t.at(pos))));
}

/// Where a call line's answer starts: its `=` or `!` token.
std::size_t answer_position(const tokens& line) {
    for (std::size_t k = 1; k < line.size(); ++k)
        if (line[k] == "=" || line[k] == "!") return k;
    throw std::runtime_error("fixture line without an answer: " + line.at(0));
}

std::string call_text(const tokens& line, std::size_t at) {
    std::string s;
    for (std::size_t k = 0; k < at && k < 12; ++k) s += (k ? " " : "") + line[k];
    return s + (at > 12 ? " ..." : "");
}

// ---------------------------------------------------------------------------------------
// x: the root (`x`, `values`) after the `op` lines

template <class T> nd::view<T> reverse_axis(const nd::view<T>& v, std::ptrdiff_t axis) {
    const nd::slice backwards(nd::none, nd::none, -1);
    switch (axis) {
    case 0: return v(backwards, nd::ellipsis);
    case 1: return v(nd::all, backwards, nd::ellipsis);
    case 2: return v(nd::all, nd::all, backwards, nd::ellipsis);
    default: throw std::runtime_error("op rev of axis " + std::to_string(axis));
    }
}

template <class T> nd::view<T> make_x(const ndfix::fixture_case& c) {
    const tokens& shape_line = c.get("x");
    std::size_t pos = 2;
    const auto shape = ndfix::read_ints(shape_line, pos, static_cast<std::size_t>(ndfix::to_int(shape_line.at(1))));
    nd::array<T> root(ndfix::to_dims(shape), nd::order::C);
    const tokens& values_line = c.get("values");
    REQUIRE(ndfix::to_int(values_line.at(1)) == root.size());
    const std::vector<T> values = counted_values<T>(values_line, 1);
    std::copy(values.begin(), values.end(), root.data());
    std::optional<nd::view<T>> x(std::in_place, std::move(root)); // the view keeps the buffer alive
    for (const auto& l : c.lines) {
        if (l.at(0) != "op") continue;
        if (l.at(1) == "rev") x.emplace(reverse_axis(*x, ndfix::to_int(l.at(2))));
        else if (l.at(1) == "T") x.emplace(x->transpose());
        else if (l.at(1) == "F") x.emplace(nd::view<T>(x->copy(nd::order::F)));
        else throw std::runtime_error("unknown op " + l.at(1));
    }
    return *x;
}

// ---------------------------------------------------------------------------------------
// Checks

/// `! <nd kind> <NumPy kind> <text...>`: `call` throws nd::<nd kind>, whose message contains
/// the text.
void check_error(const tokens& line, std::size_t bang, const std::function<void()>& call) {
    std::string text;
    for (std::size_t k = bang + 3; k < line.size(); ++k) text += (k > bang + 3 ? " " : "") + line[k];
    std::string kind = "no exception", message;
    try {
        call();
    } catch (const nd::index_error& e) {
        kind = "index_error";
        message = e.what();
    } catch (const nd::value_error& e) {
        kind = "value_error";
        message = e.what();
    } catch (const nd::shape_error& e) {
        kind = "shape_error";
        message = e.what();
    } catch (const nd::type_error& e) {
        kind = "type_error";
        message = e.what();
    } catch (const nd::error& e) {
        kind = "another nd::error";
        message = e.what();
    } catch (const std::exception& e) {
        kind = "a std::exception that is not an nd::error";
        message = e.what();
    }
    INFO("NumPy raised " << line.at(bang + 2) << "; nd threw " << kind << ": '" << message << "'; expected text: '" << text << "'");
    CHECK(kind == line.at(bang + 1));
    CHECK(message.find(text) != std::string::npos);
}

/// A new C-order array of x's shape (or `shape`).
template <class A> void check_new_array(const A& got, const std::vector<std::ptrdiff_t>& shape) {
    CHECK(ndfix::to_vector(got.shape()) == shape);
    CHECK(got.flags().c_contiguous);
}

std::size_t normalized_axis(std::ptrdiff_t axis, std::ptrdiff_t ndim) { return static_cast<std::size_t>(axis < 0 ? axis + ndim : axis); }

// ---------------------------------------------------------------------------------------
// One function per operation, each compiled once per element type

/// `sort <axis> = <n> <values...>`: every kind gives the stable answer.
template <class T> void run_sort(const nd::view<T>& x, const tokens& line, std::size_t at) {
    const std::ptrdiff_t axis = ndfix::to_int(line.at(1));
    static_assert(std::is_same_v<decltype(nd::sort(x, axis)), nd::array<T>>, "nd::sort gives a new nd::array of x's element type");
    if (line.at(at) == "!") {
        check_error(line, at, [&] { (void)nd::sort(x, axis); });
        check_error(line, at, [&] { (void)nd::sort(x, axis, nd::stable); });
        if (axis == -1) check_error(line, at, [&] { (void)nd::sort(x); });
        return;
    }
    const std::vector<T> want = counted_values<T>(line, at + 1);
    auto check = [&](const nd::array<T>& got, const char* form) {
        INFO(form);
        check_new_array(got, ndfix::to_vector(x.shape()));
        CHECK_FALSE(nd::shares_memory(got, x));
        CHECK(nd_test::bits_difference(nd_test::values_of(got), want) == "");
    };
    check(nd::sort(x, axis), "nd::sort(x, axis)");
    check(nd::sort(x, axis, nd::stable), "nd::sort(x, axis, nd::stable)");
    check(nd::sort(x, axis, nd::quicksort), "nd::sort(x, axis, nd::quicksort)");
    if (axis == -1) check(nd::sort(x), "nd::sort(x)");
}

/// `argsort <axis> = <n> <indices...>`: NumPy's kind='stable' indices, whatever the kind.
template <class T> void run_argsort(const nd::view<T>& x, const tokens& line, std::size_t at) {
    const std::ptrdiff_t axis = ndfix::to_int(line.at(1));
    static_assert(std::is_same_v<decltype(nd::argsort(x, axis)), nd::array<i64>>, "nd::argsort gives int64 indices");
    if (line.at(at) == "!") {
        check_error(line, at, [&] { (void)nd::argsort(x, axis); });
        check_error(line, at, [&] { (void)nd::argsort(x, axis, nd::stable); });
        if (axis == -1) check_error(line, at, [&] { (void)nd::argsort(x); });
        return;
    }
    const std::vector<i64> want = counted_values<i64>(line, at + 1);
    auto check = [&](const nd::array<i64>& got, const char* form) {
        INFO(form);
        check_new_array(got, ndfix::to_vector(x.shape()));
        CHECK(nd_test::values_of(got) == want);
    };
    check(nd::argsort(x, axis), "nd::argsort(x, axis)");
    check(nd::argsort(x, axis, nd::stable), "nd::argsort(x, axis, nd::stable)");
    check(nd::argsort(x, axis, nd::quicksort), "nd::argsort(x, axis, nd::quicksort)");
    if (axis == -1) check(nd::argsort(x), "nd::argsort(x)");
}

/// `partition|argpartition <kth> <axis> =`: the partition property in every lane, against the
/// case's `sort <axis>` answer.
template <class T>
void run_partition(const nd::view<T>& x, const tokens& line, std::size_t at, const std::map<std::ptrdiff_t, const tokens*>& sorted_lines) {
    const bool arg = line.at(0) == "argpartition";
    const std::ptrdiff_t kth = ndfix::to_int(line.at(1)), axis = ndfix::to_int(line.at(2));
    static_assert(std::is_same_v<decltype(nd::partition(x, kth, axis)), nd::array<T>>, "nd::partition gives a new nd::array");
    static_assert(std::is_same_v<decltype(nd::argpartition(x, kth, axis)), nd::array<i64>>, "nd::argpartition gives int64 indices");
    if (line.at(at) == "!") {
        if (arg) {
            check_error(line, at, [&] { (void)nd::argpartition(x, kth, axis); });
            if (axis == -1) check_error(line, at, [&] { (void)nd::argpartition(x, kth); });
        } else {
            check_error(line, at, [&] { (void)nd::partition(x, kth, axis); });
            if (axis == -1) check_error(line, at, [&] { (void)nd::partition(x, kth); });
        }
        return;
    }
    const auto found = sorted_lines.find(axis);
    REQUIRE(found != sorted_lines.end()); // the generator writes `sort <axis>` first
    const tokens& sorted_line = *found->second;
    const std::vector<T> sorted = counted_values<T>(sorted_line, answer_position(sorted_line) + 1);
    const std::vector<std::ptrdiff_t> shape = ndfix::to_vector(x.shape());
    const std::vector<T> xs = nd_test::values_of(x);
    const nd_test::lanes l = nd_test::lanes_of(shape, normalized_axis(axis, x.ndim()));
    const std::ptrdiff_t k = kth < 0 ? kth + l.n : kth;
    std::vector<std::string> failures;
    auto check_lanes = [&](const std::vector<T>& got_flat, const std::vector<i64>* index_flat) {
        if (x.size() == 0) return;
        for (std::ptrdiff_t o = 0; o < l.outer; ++o) {
            for (std::ptrdiff_t i = 0; i < l.inner; ++i) {
                std::string why;
                if (index_flat) why = nd_test::permutation_failure(nd_test::lane_values(*index_flat, l, o, i));
                if (why.empty()) why = nd_test::partition_failure(nd_test::lane_values(got_flat, l, o, i), nd_test::lane_values(sorted, l, o, i), k);
                if (!why.empty() && failures.size() < 4) failures.push_back("lane (" + std::to_string(o) + ", " + std::to_string(i) + "): " + why);
            }
        }
    };
    auto check_values = [&](const nd::array<T>& got, const char* form) {
        INFO(form);
        check_new_array(got, shape);
        failures.clear();
        check_lanes(nd_test::values_of(got), nullptr);
        CHECK(failures == std::vector<std::string>{});
    };
    auto check_indices = [&](const nd::array<i64>& got, const char* form) {
        INFO(form);
        check_new_array(got, shape);
        const std::vector<i64> index = nd_test::values_of(got);
        // x's elements picked by the indices along the axis
        std::vector<T> picked(xs.size());
        bool in_range = true;
        for (std::ptrdiff_t o = 0; o < l.outer; ++o)
            for (std::ptrdiff_t i = 0; i < l.inner; ++i)
                for (std::ptrdiff_t j = 0; j < l.n; ++j) {
                    const i64 from = index[static_cast<std::size_t>(l.at(o, i, j))];
                    in_range = in_range && from >= 0 && from < l.n;
                    picked[static_cast<std::size_t>(l.at(o, i, j))] = in_range ? xs[static_cast<std::size_t>(l.at(o, i, from))] : xs[0];
                }
        CHECK(in_range);
        failures.clear();
        check_lanes(picked, &index);
        CHECK(failures == std::vector<std::string>{});
    };
    if (arg) {
        check_indices(nd::argpartition(x, kth, axis), "nd::argpartition(x, kth, axis)");
        if (axis == -1) check_indices(nd::argpartition(x, kth), "nd::argpartition(x, kth)");
    } else {
        check_values(nd::partition(x, kth, axis), "nd::partition(x, kth, axis)");
        if (axis == -1) check_values(nd::partition(x, kth), "nd::partition(x, kth)");
    }
}

/// `unique = <n> <values...>`
template <class T> void run_unique(const nd::view<T>& x, const tokens& line, std::size_t at) {
    static_assert(std::is_same_v<decltype(nd::unique(x)), nd::array<T>>, "nd::unique gives a new nd::array");
    if (line.at(at) == "!") {
        check_error(line, at, [&] { (void)nd::unique(x); });
        return;
    }
    const std::vector<T> want = counted_values<T>(line, at + 1);
    const nd::array<T> got = nd::unique(x);
    check_new_array(got, {static_cast<std::ptrdiff_t>(want.size())});
    CHECK(nd_test::bits_difference(nd_test::values_of(got), want) == "");
}

/// `unique_counts = <n> <values...> <counts...>`
template <class T> void run_unique_counts(const nd::view<T>& x, const tokens& line, std::size_t at) {
    using result = decltype(nd::unique_counts(x));
    static_assert(std::is_same_v<decltype(std::declval<result>().values), nd::array<T>>, "unique_counts(x).values is an nd::array of x's type");
    static_assert(std::is_same_v<decltype(std::declval<result>().counts), nd::array<i64>>, "unique_counts(x).counts is an int64 array");
    if (line.at(at) == "!") {
        check_error(line, at, [&] { (void)nd::unique_counts(x); });
        return;
    }
    const auto n = static_cast<std::size_t>(ndfix::to_int(line.at(at + 1)));
    const std::vector<T> want_values = parse_values<T>(line, at + 2, n);
    const std::vector<i64> want_counts = parse_values<i64>(line, at + 2 + n, n);
    const auto [values, counts] = nd::unique_counts(x);
    check_new_array(values, {static_cast<std::ptrdiff_t>(n)});
    check_new_array(counts, {static_cast<std::ptrdiff_t>(n)});
    CHECK(nd_test::bits_difference(nd_test::values_of(values), want_values) == "");
    CHECK(nd_test::values_of(counts) == want_counts);
}

/// `searchsorted <left|right> scalar <v> = <i>` and
/// `searchsorted <left|right> array <ndim> <shape...> <values...> = <n> <indices...>`
template <class T> void run_searchsorted(const nd::view<T>& x, const tokens& line, std::size_t at) {
    const nd::side side = line.at(1) == "left" ? nd::side::left : nd::side::right;
    const bool error = line.at(at) == "!";
    if (line.at(2) == "scalar") {
        const T v = parse_value<T>(line.at(3));
        static_assert(std::is_same_v<decltype(nd::searchsorted(x, v, side)), i64>, "searchsorted of a scalar gives an int64");
        if (error) {
            check_error(line, at, [&] { (void)nd::searchsorted(x, v, side); });
            return;
        }
        const i64 want = std::stoll(line.at(at + 1));
        CHECK(nd::searchsorted(x, v, side) == want);
        if (side == nd::side::left) CHECK(nd::searchsorted(x, v) == want);
        return;
    }
    REQUIRE(line.at(2) == "array");
    std::size_t pos = 4;
    const auto shape = ndfix::read_ints(line, pos, static_cast<std::size_t>(ndfix::to_int(line.at(3))));
    nd::array<T> v(ndfix::to_dims(shape), nd::order::C);
    const std::vector<T> probes = parse_values<T>(line, pos, static_cast<std::size_t>(v.size()));
    std::copy(probes.begin(), probes.end(), v.data());
    static_assert(std::is_same_v<decltype(nd::searchsorted(x, v, side)), nd::array<i64>>, "searchsorted of an array gives int64 indices");
    if (error) {
        check_error(line, at, [&] { (void)nd::searchsorted(x, v, side); });
        return;
    }
    const std::vector<i64> want = counted_values<i64>(line, at + 1);
    const nd::array<i64> got = nd::searchsorted(x, v, side);
    check_new_array(got, shape);
    CHECK(nd_test::values_of(got) == want);
    if (side == nd::side::left) CHECK(nd_test::values_of(nd::searchsorted(x, v)) == want);
}

// ---------------------------------------------------------------------------------------
// Cases

struct tally {
    std::size_t cases = 0, results = 0, errors = 0;
    std::set<std::string> calls, groups;
};

template <class T> void run_case(const sorting_case& sc, tally& t) {
    const ndfix::fixture_case& c = *sc.source;
    INFO(c.text);
    const nd::view<T> x = make_x<T>(c);
    const std::vector<T> before = nd_test::values_of(x);
    std::map<std::ptrdiff_t, const tokens*> sorted_lines; // `sort <axis> =` lines, by axis
    for (const auto& line : c.lines) {
        const std::string& word = line.at(0);
        if (word == "x" || word == "values" || word == "op" || word == "note") continue;
        const std::size_t at = answer_position(line);
        INFO("line: " << call_text(line, at) << " " << line.at(at));
        if (word == "sort") {
            run_sort(x, line, at);
            if (line.at(at) == "=") sorted_lines[ndfix::to_int(line.at(1))] = &line;
        } else if (word == "argsort") {
            run_argsort(x, line, at);
        } else if (word == "partition" || word == "argpartition") {
            run_partition(x, line, at, sorted_lines);
        } else if (word == "unique") {
            run_unique(x, line, at);
        } else if (word == "unique_counts") {
            run_unique_counts(x, line, at);
        } else if (word == "searchsorted") {
            run_searchsorted(x, line, at);
        } else {
            FAIL("unknown fixture line '" << word << "'");
        }
        ++(line.at(at) == "!" ? t.errors : t.results);
        t.calls.insert(word);
        INFO("x after the call (it must be unchanged)");
        CHECK(nd_test::bits_difference(nd_test::values_of(x), before) == "");
    }
    ++t.cases;
    t.groups.insert(sc.group);
}

template <class T> tally run_element_type() {
    tally t;
    for (const auto& c : fixture_cases())
        if (c.dtype == nd::dtype_of<T>.name) run_case<T>(c, t);
    // The fixture must keep exercising every call, every group, results and errors.
    CHECK(t.cases >= 30);
    CHECK(t.results >= 250);
    CHECK(t.errors >= 25);
    const std::set<std::string> calls{"argpartition", "argsort", "partition", "searchsorted", "sort", "unique", "unique_counts"};
    const std::set<std::string> groups{"partition", "search", "sort", "ties", "unique", "zerod"};
    CHECK(t.calls == calls);
    CHECK(t.groups == groups);
    return t;
}

} // namespace

TEST_CASE("sorting fixture: every case has a known element type", "[sorting][fixtures]") {
    const std::set<std::string> known{"bool",   "int8",   "int16",   "int32",   "int64",     "uint8",     "uint16",
                                      "uint32", "uint64", "float32", "float64", "complex64", "complex128"};
    std::set<std::string> seen;
    for (const auto& c : fixture_cases()) {
        INFO("case " << c.source->id);
        CHECK(known.count(c.dtype) == 1);
        seen.insert(c.dtype);
    }
    CHECK(seen == known);
    CHECK(fixture_cases().size() >= 450);
}

TEST_CASE("sorting matches NumPy: bool", "[sorting][fixtures]") { run_element_type<bool>(); }
TEST_CASE("sorting matches NumPy: int8", "[sorting][fixtures]") { run_element_type<std::int8_t>(); }
TEST_CASE("sorting matches NumPy: int16", "[sorting][fixtures]") { run_element_type<std::int16_t>(); }
TEST_CASE("sorting matches NumPy: int32", "[sorting][fixtures]") { run_element_type<std::int32_t>(); }
TEST_CASE("sorting matches NumPy: int64", "[sorting][fixtures]") { run_element_type<std::int64_t>(); }
TEST_CASE("sorting matches NumPy: uint8", "[sorting][fixtures]") { run_element_type<std::uint8_t>(); }
TEST_CASE("sorting matches NumPy: uint16", "[sorting][fixtures]") { run_element_type<std::uint16_t>(); }
TEST_CASE("sorting matches NumPy: uint32", "[sorting][fixtures]") { run_element_type<std::uint32_t>(); }
TEST_CASE("sorting matches NumPy: uint64", "[sorting][fixtures]") { run_element_type<std::uint64_t>(); }
TEST_CASE("sorting matches NumPy: float32", "[sorting][fixtures]") { run_element_type<float>(); }
TEST_CASE("sorting matches NumPy: float64", "[sorting][fixtures]") { run_element_type<double>(); }
TEST_CASE("sorting matches NumPy: complex64", "[sorting][fixtures]") { run_element_type<std::complex<float>>(); }
TEST_CASE("sorting matches NumPy: complex128", "[sorting][fixtures]") { run_element_type<std::complex<double>>(); }
