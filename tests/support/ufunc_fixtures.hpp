#pragma once
// Shared by the tests that replay tests/fixtures/ufunc_cases.txt and weak_scalar_cases.txt
// (written by tests/fixtures/gen_ufuncs.py, whose docstring describes the format): the 13
// element types as a type list, reading the files, parsing elements, comparing nd's results
// with NumPy's (bit for bit, or within a ULP tolerance for the transcendental functions),
// and the compile-time loops over dtype pairs that instantiate one kernel per (ufunc, types).
//
// Each ufunc case is evaluated twice: by nd::eval (contiguous 1-d operands and result: the
// SIMD kernels where the types allow) and with nd::out into a strided, reversed destination
// view (the scalar loop). Both are the same instantiation of nd's evaluator. Where a C++
// operator stands for the ufunc (a + b, a < b, -a, ~a, ...), it must build the same node type
// and give the same elements.
//
// Set the environment variable ND_TEST_ULP_REPORT=1 to print the largest ULP distance seen
// for every (ufunc, result dtype, path).

#include <nd/nd.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#ifndef ND_FIXTURES_DIR
#define ND_FIXTURES_DIR "tests/fixtures"
#endif

namespace ufx {

// ---------------------------------------------------------------------------------------
// Types

using element_types =
    std::tuple<bool, std::int8_t, std::int16_t, std::int32_t, std::int64_t, std::uint8_t, std::uint16_t, std::uint32_t,
               std::uint64_t, float, double, std::complex<float>, std::complex<double>>;
inline constexpr std::size_t type_count = std::tuple_size_v<element_types>;
template <std::size_t I>
using type_at = std::tuple_element_t<I, element_types>;
template <class T>
inline constexpr std::string_view name_of = nd::dtype_of<T>.name;

template <class T>
inline constexpr bool is_complex_v = nd::complex_number<T>;
template <class T>
inline constexpr bool is_float_v = std::is_floating_point_v<T>;

using tokens = std::vector<std::string>;

inline tokens split(const std::string& line) {
    std::istringstream in(line);
    tokens t;
    std::string w;
    while (in >> w) t.push_back(w);
    return t;
}

// ---------------------------------------------------------------------------------------
// Elements

template <class R>
R parse_real(const std::string& s) {
    const char* p = s.c_str();
    char* end = nullptr;
    R v;
    if constexpr (std::is_same_v<R, float>)
        v = std::strtof(p, &end);
    else
        v = std::strtod(p, &end);
    if (end == p || *end != '\0') throw std::runtime_error("bad float token '" + s + "'");
    return v;
}

/// One fixture token as an element of type T (see gen_ufuncs.py for the spelling).
template <class T>
T parse_value(const std::string& s) {
    if constexpr (std::is_same_v<T, bool>) {
        if (s != "0" && s != "1") throw std::runtime_error("bad bool token '" + s + "'");
        return s == "1";
    } else if constexpr (nd::integer<T> && std::is_signed_v<T>) {
        return static_cast<T>(std::stoll(s));
    } else if constexpr (nd::integer<T>) {
        return static_cast<T>(std::stoull(s));
    } else if constexpr (is_float_v<T>) {
        return parse_real<T>(s);
    } else {
        const auto comma = s.find(',');
        if (comma == std::string::npos) throw std::runtime_error("bad complex token '" + s + "'");
        using R = typename T::value_type;
        return T(parse_real<R>(s.substr(0, comma)), parse_real<R>(s.substr(comma + 1)));
    }
}

inline std::string hex(double x) {
    if (std::isnan(x)) return std::signbit(x) ? "-nan" : "nan";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%a", x);
    return buf;
}

/// An element as text, floats in hex (the fixture's spelling, near enough to compare by eye).
template <class T>
std::string show(const T& v) {
    if constexpr (std::is_same_v<T, bool>)
        return v ? "1" : "0";
    else if constexpr (nd::integer<T>)
        return std::to_string(v);
    else if constexpr (is_float_v<T>)
        return hex(static_cast<double>(v));
    else
        return hex(static_cast<double>(v.real())) + "," + hex(static_cast<double>(v.imag()));
}

/// An nd::array<T> of shape (n) holding the parsed tokens.
template <class T>
nd::array<T> make_array(const tokens& values) {
    nd::array<T> a = nd::empty<T>({static_cast<std::ptrdiff_t>(values.size())});
    for (std::size_t k = 0; k < values.size(); ++k) a.data()[k] = parse_value<T>(values[k]);
    return a;
}

// ---------------------------------------------------------------------------------------
// Comparison

/// Bit for bit, except that any NaN equals any NaN (NumPy's and nd's NaNs may differ in sign
/// and payload); +0.0 and -0.0 differ.
template <class R>
bool same_real(R got, R want) {
    if (std::isnan(want)) return std::isnan(got);
    return got == want && std::signbit(got) == std::signbit(want);
}

/// ULP distance between two finite or infinite values of one sign convention (the number of
/// representable values between them); special values must match exactly (else a huge value).
template <class R>
std::int64_t ulp_distance(R got, R want) {
    if (std::isnan(want) || std::isnan(got) || std::isinf(want) || std::isinf(got))
        return same_real(got, want) ? 0 : INT64_MAX;
    using bits = std::conditional_t<sizeof(R) == 4, std::int32_t, std::int64_t>;
    auto ordered = [](R x) -> std::int64_t {
        const bits b = std::bit_cast<bits>(x);
        return b < 0 ? -static_cast<std::int64_t>(b & std::numeric_limits<bits>::max()) : static_cast<std::int64_t>(b);
    };
    // In unsigned arithmetic: values of opposite signs can be more than INT64_MAX apart.
    const std::int64_t a = ordered(got), b = ordered(want);
    const std::uint64_t d = a >= b ? static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b)
                                   : static_cast<std::uint64_t>(b) - static_cast<std::uint64_t>(a);
    return d >= static_cast<std::uint64_t>(INT64_MAX) ? INT64_MAX - 1 : static_cast<std::int64_t>(d);
}

enum class tolerance { exact, ulp };

/// Largest ULP distances seen, by "ufunc dtype path", for the report.
inline std::map<std::string, std::int64_t>& ulp_table() {
    static std::map<std::string, std::int64_t> table;
    return table;
}

inline bool ulp_report_requested() {
    const char* e = std::getenv("ND_TEST_ULP_REPORT");
    return e && *e && std::string(e) != "0";
}

inline std::vector<std::string>& known_seen();

inline void print_ulp_report(const std::string& title) {
    if (ulp_report_requested()) {
        std::cout << "== " << title << ": max ULP distance from NumPy by ufunc, dtype, path\n";
        for (const auto& [key, ulps] : ulp_table()) std::cout << "  " << key << ": " << ulps << "\n";
        std::cout << "== " << title << ": known differences seen\n";
        for (const auto& k : known_seen()) std::cout << "  " << k << "\n";
    }
    ulp_table().clear();
    known_seen().clear();
}

/// Whether one element matches; `ulps` receives the distance (0 when exact).
template <class R>
bool element_matches(const R& got, const R& want, tolerance tol, std::int64_t max_ulps, std::int64_t& ulps) {
    ulps = 0;
    if constexpr (is_complex_v<R>) {
        std::int64_t a = 0, b = 0;
        const bool re = element_matches(got.real(), want.real(), tol, max_ulps, a);
        const bool im = element_matches(got.imag(), want.imag(), tol, max_ulps, b);
        ulps = std::max(a, b);
        return re && im;
    } else if constexpr (is_float_v<R>) {
        if (tol == tolerance::exact) return same_real(got, want);
        ulps = ulp_distance(got, want);
        return ulps <= max_ulps;
    } else {
        return got == want;
    }
}

/// What one case is about, for failure messages: "add int8 uint16", inputs as tokens.
struct case_info {
    std::string key;
    std::vector<const tokens*> inputs;
};

/// The outcome of comparing one result with NumPy's: mismatching elements and a message that
/// lists the first of them.
struct comparison_result {
    std::size_t mismatches = 0, compared = 0;
    std::string message;
};

/// Compares nd's values (read through data() and strides, any layout) with NumPy's tokens,
/// '-' tokens skipped.
template <class R, class View>
comparison_result compare_values(const case_info& info, const View& got, const tokens& want, tolerance tol,
                                 std::int64_t max_ulps, const std::string& path, bool record_ulps = true) {
    comparison_result result;
    if (got.ndim() != 1 || got.size() != static_cast<std::ptrdiff_t>(want.size())) {
        result.mismatches = result.compared = 1;
        result.message = info.key + " [" + path + "]: nd's result has shape " + nd::to_string(got.shape()) +
                         ", NumPy's (" + std::to_string(want.size()) + ",)\n";
        return result;
    }
    std::int64_t worst = 0;
    std::ostringstream message;
    message << info.key << " [" << path << "]\n";
    for (std::size_t k = 0; k < want.size(); ++k) {
        if (want[k] == "-") continue;
        ++result.compared;
        const R expected = parse_value<R>(want[k]);
        const R actual = *reinterpret_cast<const R*>(reinterpret_cast<const std::byte*>(got.data()) +
                                                     static_cast<std::ptrdiff_t>(k) * got.strides(0));
        std::int64_t ulps = 0;
        const bool ok = element_matches(actual, expected, tol, max_ulps, ulps);
        if (ulps != INT64_MAX) worst = std::max(worst, ulps);
        if (!ok && ++result.mismatches <= 8) {
            message << "  element " << k << ": inputs";
            for (const tokens* in : info.inputs) message << " " << (in->size() > k ? (*in)[k] : "?");
            message << "  numpy " << want[k] << "  nd " << show(actual);
            if (tol == tolerance::ulp)
                message << " (" << (ulps == INT64_MAX ? std::string("special") : std::to_string(ulps)) << " ulp)";
            message << "\n";
        }
    }
    if (tol == tolerance::ulp && result.compared && record_ulps) {
        auto& slot = ulp_table()[info.key.substr(info.key.find(' ') + 1,
                                                 info.key.find(' ', info.key.find(' ') + 1) - info.key.find(' ') - 1) +
                                 " " + std::string(name_of<R>) + " " + path];
        slot = std::max(slot, worst);
    }
    if (result.mismatches) message << "  " << result.mismatches << " of " << result.compared << " elements differ\n";
    result.message = message.str();
    return result;
}

// ---------------------------------------------------------------------------------------
// The fixture files

struct result_line {
    std::string numpy_dtype, value_dtype;
    tokens values;
    bool scalar_fits = true;  // weak cases: the int scalar is within the array dtype's range
};

struct ufunc_fixture {
    std::map<std::string, tokens> in1;                                             // dtype -> values
    std::map<std::pair<std::string, std::string>, std::pair<tokens, tokens>> in2;  // (A, B) -> a, b
    std::map<std::string, result_line> out;  // "out1 sin int8", "out2 add int8 int16", "where int8 float64", ...
    std::set<std::string> nocase;            // "add bool bool", "rint complex64", "round:1 bool"
};

inline const tokens& take(const tokens& t, std::size_t pos, std::size_t n, tokens& into) {
    if (pos + n > t.size()) throw std::runtime_error("fixture line too short: " + t.at(0));
    into.assign(t.begin() + static_cast<std::ptrdiff_t>(pos), t.begin() + static_cast<std::ptrdiff_t>(pos + n));
    return into;
}

inline ufunc_fixture read_ufunc_fixture(const std::string& name) {
    const std::string path = std::string(ND_FIXTURES_DIR) + "/" + name;
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open fixture " + path);
    ufunc_fixture f;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        const tokens t = split(line);
        const std::string& kind = t.at(0);
        if (kind == "ufunc_cases" || kind == "weak_scalar_cases") continue;
        if (kind == "in1") {
            take(t, 3, std::stoul(t.at(2)), f.in1[t.at(1)]);
        } else if (kind == "in2") {
            const std::size_t n = std::stoul(t.at(3));
            auto& slot = f.in2[{t.at(1), t.at(2)}];
            take(t, 4, n, slot.first);
            take(t, 4 + n, n, slot.second);
        } else if (kind == "out1") {
            auto& r = f.out["out1 " + t.at(1) + " " + t.at(2)];
            r.numpy_dtype = t.at(3);
            r.value_dtype = t.at(4);
            take(t, 6, std::stoul(t.at(5)), r.values);
        } else if (kind == "out2") {
            auto& r = f.out["out2 " + t.at(1) + " " + t.at(2) + " " + t.at(3)];
            r.numpy_dtype = t.at(4);
            r.value_dtype = t.at(5);
            take(t, 7, std::stoul(t.at(6)), r.values);
        } else if (kind == "where" || kind == "clip") {
            auto& r = f.out[kind + " " + t.at(1) + " " + t.at(2)];
            r.numpy_dtype = r.value_dtype = t.at(3);
            take(t, 5, std::stoul(t.at(4)), r.values);
        } else if (kind == "where_cond" || kind == "where_cond_int") {
            auto& r = f.out[kind + " " + t.at(1)];
            r.numpy_dtype = r.value_dtype = t.at(2);
            take(t, 4, std::stoul(t.at(3)), r.values);
        } else if (kind == "weak") {
            // weak <ufunc> <side> <dtype> <kind> <scalar> <fits> <numpy dtype> <value dtype> <n> values
            auto& r = f.out["weak " + t.at(1) + " " + t.at(2) + " " + t.at(3) + " " + t.at(4) + " " + t.at(5)];
            r.scalar_fits = t.at(6) == "1";
            r.numpy_dtype = t.at(7);
            r.value_dtype = t.at(8);
            take(t, 10, std::stoul(t.at(9)), r.values);
        } else if (kind == "nocase") {
            std::string key = t.at(1);
            for (std::size_t k = 2; k + 1 < t.size(); ++k) key += " " + t[k];
            f.nocase.insert(key);
        } else {
            throw std::runtime_error("unknown fixture line kind '" + kind + "' in " + name);
        }
    }
    return f;
}

inline const ufunc_fixture& ufunc_cases() {
    static const ufunc_fixture f = read_ufunc_fixture("ufunc_cases.txt");
    return f;
}

inline const ufunc_fixture& weak_cases() {
    static const ufunc_fixture f = read_ufunc_fixture("weak_scalar_cases.txt");
    return f;
}

// ---------------------------------------------------------------------------------------
// Which (ufunc, types) nd defines: the others are static_assert failures in nd (or have no
// std:: function), mirroring NumPy's missing loops.

template <class Op, class... T>
constexpr bool nd_defines() {
    namespace ops = nd::ops;
    using P = nd::promote_t<T...>;
    if constexpr (std::is_same_v<Op, ops::subtract>)
        return !(std::is_same_v<T, bool> && ...);
    else if constexpr (std::is_same_v<Op, ops::negative>)
        return !std::is_same_v<P, bool>;
    else if constexpr (std::is_same_v<Op, ops::floor_divide> || std::is_same_v<Op, ops::remainder> ||
                       std::is_same_v<Op, ops::arctan2> || std::is_same_v<Op, ops::hypot> ||
                       std::is_same_v<Op, ops::logaddexp> || std::is_same_v<Op, ops::logaddexp2> ||
                       std::is_same_v<Op, ops::floor> || std::is_same_v<Op, ops::ceil> ||
                       std::is_same_v<Op, ops::trunc> || std::is_same_v<Op, ops::rint>)
        return !is_complex_v<P>;
    else if constexpr (std::is_same_v<Op, ops::bitwise_and> || std::is_same_v<Op, ops::bitwise_or> ||
                       std::is_same_v<Op, ops::bitwise_xor> || std::is_same_v<Op, ops::invert>)
        return std::is_same_v<P, bool> || nd::integer<P>;
    else
        return true;
}

/// The ufuncs compared within a ULP tolerance: those marked `ulps` in
/// tests/fixtures/ufunc_list.txt (nd's float versions use xsimd on contiguous data and glibc
/// elsewhere, NumPy 1.24 its own SIMD code or SVML; the complex ones use glibc's complex
/// functions against NumPy's npy_c* implementations).
inline bool transcendental(std::string_view name) {
    static const std::set<std::string, std::less<>> names = [] {
        const std::string path = std::string(ND_FIXTURES_DIR) + "/ufunc_list.txt";
        std::ifstream in(path);
        if (!in) throw std::runtime_error("cannot open " + path);
        std::set<std::string, std::less<>> found;
        std::string line;
        while (std::getline(in, line)) {
            const tokens t = split(line);
            if (t.empty() || t[0][0] == '#') continue;
            if (t.size() != 4) throw std::runtime_error("bad line in " + path + ": " + line);
            if (t[3] == "ulps") found.insert(t[0]);
        }
        return found;
    }();
    return names.count(name) > 0;
}

/// The allowed ULP distance for transcendental results of R.
template <class R>
constexpr std::int64_t max_ulps() {
    return 4;
}

// ---------------------------------------------------------------------------------------
// Known differences from NumPy (bugs or gaps in nd, reported to the lead), so that the suite
// passes while they are open. A pattern is a fixture key whose tokens may be '*' (any dtype).
// A case matching one is run and compared as usual, but its differences are not failures:
// they are counted and, with ND_TEST_ULP_REPORT=1, listed. Remove an entry when nd is fixed.

struct known_difference {
    std::string_view pattern;
    std::string_view what;
};

inline const std::vector<known_difference>& known_differences() {
    static const std::vector<known_difference> list = {
    };
    return list;
}

inline bool pattern_matches(std::string_view pattern, const std::string& key) {
    const tokens p = split(std::string(pattern)), k = split(key);
    if (p.size() != k.size()) return false;
    for (std::size_t i = 0; i < p.size(); ++i)
        if (p[i] != "*" && p[i] != k[i]) return false;
    return true;
}

inline const known_difference* find_known(const std::string& key) {
    for (const auto& k : known_differences())
        if (pattern_matches(k.pattern, key)) return &k;
    return nullptr;
}

/// Cases that matched a known difference and did differ, for the report.
inline std::vector<std::string>& known_seen() {
    static std::vector<std::string> seen;
    return seen;
}

/// Checks nd's result dtype against NumPy's (float16 becomes float32 in nd, documented).
inline bool dtype_matches(std::string_view nd_name, const result_line& r) {
    if (nd_name != r.value_dtype) return false;
    return r.numpy_dtype == r.value_dtype || (r.numpy_dtype == "float16" && r.value_dtype == "float32");
}

/// Bookkeeping of one family's run: cases run, fixture keys consumed, and the (ufunc, types)
/// that one side defines and the other does not.
struct family_run {
    std::size_t cases = 0, elements = 0;
    std::set<std::string> used;
    std::vector<std::string> nd_only;     // nd defines it, NumPy has no loop
    std::vector<std::string> numpy_only;  // NumPy has a loop, nd does not compile it
};

/// The destination of the out= evaluation: every other element of a zeroed buffer, backwards
/// (a strided destination, so the scalar loop runs).
template <class R>
struct strided_destination {
    nd::array<R> buffer;
    nd::view<R> view;
    explicit strided_destination(std::ptrdiff_t n)
        : buffer(nd::zeros<R>({2 * n + 1})), view(buffer(nd::slice(2 * n - 1, nd::none, -2))) {}
};

/// Checks one case: nd's dtype, then the values of nd::eval (`evaluated`: contiguous operands
/// and result, SIMD where the types allow) and of the out= evaluation (`strided`).
template <class R>
void check_case(family_run& run, const std::string& key, std::string_view ufunc_name, const result_line& want,
                const std::vector<const tokens*>& inputs, const nd::array<R>& evaluated, const nd::view<R>& strided) {
    ++run.cases;
    run.elements += want.values.size();
    run.used.insert(key);
    const known_difference* known = find_known(key);
    const bool dtype_ok = dtype_matches(name_of<R>, want);
    std::string differences;
    if (!dtype_ok) {
        differences = key + ": nd's result dtype " + std::string(name_of<R>) + ", NumPy's " + want.numpy_dtype + "\n";
    } else {
        const case_info info{key, inputs};
        // Float power: NumPy 1.24 uses SVML's pow on AVX512 machines, nd glibc's. Complex
        // absolute: NumPy's AVX512F loop scales by the larger part (not glibc's hypot).
        const bool float_power = ufunc_name == "power" && !nd::integer<R> && !std::is_same_v<R, bool>;
        const bool complex_absolute = ufunc_name == "absolute" && key.find("complex") != std::string::npos;
        const tolerance tol =
            transcendental(ufunc_name) || float_power || complex_absolute ? tolerance::ulp : tolerance::exact;
        for (const auto& r : {compare_values<R>(info, evaluated, want.values, tol, max_ulps<R>(), "eval", !known),
                              compare_values<R>(info, strided, want.values, tol, max_ulps<R>(), "out", !known)})
            if (r.mismatches) differences += r.message;
    }
    if (known) {
        if (!differences.empty()) known_seen().push_back(key + " (" + std::string(known->what) + ")");
        return;
    }
    INFO(differences);
    CHECK(differences.empty());
}

/// After a family: every fixture case of its ufuncs (the keys `mine` accepts) was run, and
/// the cases one side lacks are exactly the expected ones.
template <class Mine>
void check_complete(const family_run& run, const ufunc_fixture& f, Mine&& mine,
                    const std::set<std::string>& expected_nd_only, const std::set<std::string>& expected_numpy_only) {
    std::set<std::string> numpy_only(run.numpy_only.begin(), run.numpy_only.end());
    for (const auto& [key, line] : f.out)
        if (mine(key) && !run.used.count(key)) numpy_only.insert(key);
    const std::set<std::string> nd_only(run.nd_only.begin(), run.nd_only.end());
    {
        std::string listed;
        for (const auto& k : numpy_only) listed += "  " + k + "\n";
        INFO("fixture cases (NumPy has a loop) that nd does not run:\n" << listed);
        CHECK(numpy_only == expected_numpy_only);
    }
    {
        std::string listed;
        for (const auto& k : nd_only) listed += "  " + k + "\n";
        INFO("(ufunc, types) nd defines but NumPy has no loop for:\n" << listed);
        CHECK(nd_only == expected_nd_only);
    }
}

inline void check_family_complete(const family_run& run, const ufunc_fixture& f,
                                  const std::vector<std::string>& prefixes,
                                  const std::set<std::string>& expected_nd_only,
                                  const std::set<std::string>& expected_numpy_only) {
    auto mine = [&](const std::string& key) {
        for (const auto& p : prefixes)
            if (key.rfind(p, 0) == 0) return true;
        return false;
    };
    check_complete(run, f, mine, expected_nd_only, expected_numpy_only);
}

/// The same for weak-scalar cases of one scalar kind.
inline void check_weak_complete(const family_run& run, const std::vector<std::string>& prefixes, std::string_view kind,
                                const std::set<std::string>& expected_nd_only,
                                const std::set<std::string>& expected_numpy_only) {
    auto mine = [&](const std::string& key) {
        const tokens t = split(key);
        if (t.size() < 5 || t[4] != kind) return false;
        for (const auto& p : prefixes)
            if (key.rfind(p, 0) == 0) return true;
        return false;
    };
    check_complete(run, weak_cases(), mine, expected_nd_only, expected_numpy_only);
}

/// The C++ operator for a ufunc where there is one (the same lazy node as the ufunc call).
template <class Op, class X, class Y>
auto lazy_binary(const X& x, const Y& y) {
    namespace ops = nd::ops;
    if constexpr (std::is_same_v<Op, ops::add>)
        return x + y;
    else if constexpr (std::is_same_v<Op, ops::subtract>)
        return x - y;
    else if constexpr (std::is_same_v<Op, ops::multiply>)
        return x * y;
    else if constexpr (std::is_same_v<Op, ops::divide>)
        return x / y;
    else if constexpr (std::is_same_v<Op, ops::remainder>)
        return x % y;
    else if constexpr (std::is_same_v<Op, ops::equal>)
        return x == y;
    else if constexpr (std::is_same_v<Op, ops::not_equal>)
        return x != y;
    else if constexpr (std::is_same_v<Op, ops::less>)
        return x < y;
    else if constexpr (std::is_same_v<Op, ops::less_equal>)
        return x <= y;
    else if constexpr (std::is_same_v<Op, ops::greater>)
        return x > y;
    else if constexpr (std::is_same_v<Op, ops::greater_equal>)
        return x >= y;
    else if constexpr (std::is_same_v<Op, ops::bitwise_and>)
        return x & y;
    else if constexpr (std::is_same_v<Op, ops::bitwise_or>)
        return x | y;
    else if constexpr (std::is_same_v<Op, ops::bitwise_xor>)
        return x ^ y;
    else
        return nd::ufunc<Op, 2>{}(x, y);
}

/// The C++ operator for a unary ufunc where there is one.
template <class Op, class X>
auto lazy_unary(const X& x) {
    if constexpr (std::is_same_v<Op, nd::ops::negative>)
        return -x;
    else if constexpr (std::is_same_v<Op, nd::ops::invert>)
        return ~x;
    else
        return nd::ufunc<Op, 1>{}(x);
}

/// The operator form builds the very node the ufunc builds, and gives the same elements.
template <class R>
void check_operator_form(const std::string& key, const nd::array<R>& ufunc_result,
                         const nd::array<R>& operator_result) {
    INFO(key << ": the C++ operator and the ufunc disagree");
    REQUIRE(ufunc_result.size() == operator_result.size());
    CHECK(std::memcmp(ufunc_result.data(), operator_result.data(), static_cast<std::size_t>(ufunc_result.nbytes())) ==
          0);
}

// ---------------------------------------------------------------------------------------
// Loops over dtype pairs

enum class grid { full, unordered, same };

template <grid G, std::size_t I, std::size_t J>
constexpr bool in_grid() {
    if constexpr (G == grid::full)
        return true;
    else if constexpr (G == grid::unordered)
        return I <= J;
    else
        return I == J;
}

/// Unary ufunc `Op` on every dtype.
template <class Op, std::size_t... I>
void unary_all(family_run& run, std::index_sequence<I...>) {
    const ufunc_fixture& f = ufunc_cases();
    auto one = [&](auto tag) {
        using A = typename decltype(tag)::type;
        const std::string key = "out1 " + std::string(Op::name) + " " + std::string(name_of<A>);
        const auto found = f.out.find(key);
        if constexpr (nd_defines<Op, A>()) {
            if (found == f.out.end()) {
                REQUIRE(f.nocase.count(std::string(Op::name) + " " + std::string(name_of<A>)));
                run.nd_only.push_back(key);
                return;
            }
            const tokens& a_values = f.in1.at(std::string(name_of<A>));
            const nd::array<A> a = make_array<A>(a_values);
            using R = typename decltype(nd::ufunc<Op, 1>{}(a))::value_type;
            const nd::array<R> evaluated = nd::eval(nd::ufunc<Op, 1>{}(a));
            static_assert(std::is_same_v<decltype(lazy_unary<Op>(a)), decltype(nd::ufunc<Op, 1>{}(a))>);
            check_operator_form(key, evaluated, nd::eval(lazy_unary<Op>(a)));
            const strided_destination<R> out(a.size());
            nd::ufunc<Op, 1>{}(a, nd::out(out.view));
            check_case<R>(run, key, Op::name, found->second, {&a_values}, evaluated, out.view);
        } else {
            if (found != f.out.end()) run.numpy_only.push_back(key);
            // Not used: NumPy has no loop either (checked by check_family_complete).
        }
    };
    (one(std::type_identity<type_at<I>>{}), ...);
}

/// Binary ufunc `Op` on the pairs of grid G (the other order of an unordered pair is
/// checked for its dtype only).
template <class Op, grid G, std::size_t I, std::size_t... J>
void binary_row(family_run& run, std::index_sequence<J...>) {
    const ufunc_fixture& f = ufunc_cases();
    auto one = [&](auto tag) {
        constexpr std::size_t j = decltype(tag)::value;
        using A = type_at<I>;
        using B = type_at<j>;
        if constexpr (in_grid<G, I, j>()) {
            const std::string types = std::string(name_of<A>) + " " + std::string(name_of<B>);
            const std::string key = "out2 " + std::string(Op::name) + " " + types;
            const auto found = f.out.find(key);
            if constexpr (nd_defines<Op, A, B>()) {
                if (found == f.out.end()) {
                    REQUIRE(f.nocase.count(std::string(Op::name) + " " + types));
                    run.nd_only.push_back(key);
                    return;
                }
                const auto& inputs = f.in2.at({std::string(name_of<A>), std::string(name_of<B>)});
                const nd::array<A> a = make_array<A>(inputs.first);
                const nd::array<B> b = make_array<B>(inputs.second);
                using R = typename decltype(nd::ufunc<Op, 2>{}(a, b))::value_type;
                if constexpr (G == grid::unordered && I != j) {
                    // The other order: the same dtype (NumPy's promotion is symmetric).
                    using S = typename decltype(nd::ufunc<Op, 2>{}(b, a))::value_type;
                    CHECK(name_of<S> == name_of<R>);
                }
                const nd::array<R> evaluated = nd::eval(nd::ufunc<Op, 2>{}(a, b));
                static_assert(std::is_same_v<decltype(lazy_binary<Op>(a, b)), decltype(nd::ufunc<Op, 2>{}(a, b))>);
                check_operator_form(key, evaluated, nd::eval(lazy_binary<Op>(a, b)));
                const strided_destination<R> out(a.size());
                nd::ufunc<Op, 2>{}(a, b, nd::out(out.view));
                check_case<R>(run, key, Op::name, found->second, {&inputs.first, &inputs.second}, evaluated, out.view);
            } else {
                if (found != f.out.end()) run.numpy_only.push_back(key);
            }
        }
    };
    (one(std::integral_constant<std::size_t, J>{}), ...);
}

template <class Op, grid G, std::size_t... I>
void binary_all(family_run& run, std::index_sequence<I...>) {
    (binary_row<Op, G, I>(run, std::make_index_sequence<type_count>{}), ...);
}

template <class Op, grid G, std::size_t First, std::size_t... I>
void binary_from(family_run& run, std::index_sequence<I...>) {
    (binary_row<Op, G, First + I>(run, std::make_index_sequence<type_count>{}), ...);
}

template <class Op>
void unary(family_run& run) {
    unary_all<Op>(run, std::make_index_sequence<type_count>{});
}
template <class Op, grid G>
void binary(family_run& run) {
    binary_all<Op, G>(run, std::make_index_sequence<type_count>{});
}
/// Only the rows (first operand dtypes) First..Last-1 of the grid, to split a big family
/// over translation units.
template <class Op, grid G, std::size_t First, std::size_t Last>
void binary_rows(family_run& run) {
    binary_from<Op, G, First>(run, std::make_index_sequence<Last - First>{});
}

/// The fixture key prefixes of a binary ufunc's rows First..Last-1 ("out2 power bool ", ...).
inline std::vector<std::string> row_prefixes(std::string_view ufunc, std::size_t first, std::size_t last) {
    static constexpr std::string_view names[type_count] = {"bool",    "int8",      "int16",     "int32",  "int64",
                                                           "uint8",   "uint16",    "uint32",    "uint64", "float32",
                                                           "float64", "complex64", "complex128"};
    std::vector<std::string> out;
    for (std::size_t k = first; k < last; ++k)
        out.push_back("out2 " + std::string(ufunc) + " " + std::string(names[k]) + " ");
    return out;
}

// ---------------------------------------------------------------------------------------
// Weak scalars (weak_scalar_cases.txt): array op C++ scalar, the scalar on either side

template <class S>
constexpr std::string_view scalar_kind() {
    if constexpr (std::is_same_v<S, int>)
        return "int";
    else if constexpr (std::is_same_v<S, double>)
        return "double";
    else if constexpr (std::is_same_v<S, bool>)
        return "bool";
    else
        return "complex";
}

/// ufunc `Op` with a scalar of type S on side `Side` ('R': op(a, s), 'L': op(s, a)) and an
/// array of every dtype, for every scalar value the fixture lists.
template <class Op, char Side, class S, std::size_t... I>
void weak_all(family_run& run, std::index_sequence<I...>) {
    const ufunc_fixture& f = weak_cases();
    auto one = [&](auto tag) {
        using T = typename decltype(tag)::type;
        using W = nd::weak_result_t<T, S>;
        const std::string prefix = "weak " + std::string(Op::name) + " " + Side + " " + std::string(name_of<T>) + " " +
                                   std::string(scalar_kind<S>()) + " ";
        const tokens& a_tokens = f.in1.at(std::string(name_of<T>));
        const nd::array<T> a = make_array<T>(a_tokens);
        std::size_t listed = 0;
        for (auto it = f.out.lower_bound(prefix); it != f.out.end() && it->first.rfind(prefix, 0) == 0; ++it) {
            ++listed;
            const std::string scalar_token = it->first.substr(prefix.size());
            if constexpr (nd_defines<Op, T, W>()) {
                const S scalar = parse_value<S>(scalar_token);
                const tokens scalar_tokens(a_tokens.size(), scalar_token);
                auto node = [&] {
                    if constexpr (Side == 'R')
                        return lazy_binary<Op>(a, scalar);
                    else
                        return lazy_binary<Op>(scalar, a);
                };
                using R = typename decltype(node())::value_type;
                const nd::array<R> evaluated = nd::eval(node());
                const strided_destination<R> out(a.size());
                if constexpr (Side == 'R')
                    nd::ufunc<Op, 2>{}(a, scalar, nd::out(out.view));
                else
                    nd::ufunc<Op, 2>{}(scalar, a, nd::out(out.view));
                const std::vector<const tokens*> inputs = Side == 'R'
                                                              ? std::vector<const tokens*>{&a_tokens, &scalar_tokens}
                                                              : std::vector<const tokens*>{&scalar_tokens, &a_tokens};
                check_case<R>(run, it->first, Op::name, it->second, inputs, evaluated, out.view);
            } else {
                run.numpy_only.push_back(it->first);
            }
        }
        if constexpr (nd_defines<Op, T, W>())
            if (listed == 0) run.nd_only.push_back(prefix.substr(0, prefix.size() - 1));
    };
    (one(std::type_identity<type_at<I>>{}), ...);
}

template <class Op, char Side, class S>
void weak(family_run& run) {
    weak_all<Op, Side, S>(run, std::make_index_sequence<type_count>{});
}

}  // namespace ufx
