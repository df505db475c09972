#pragma once
// Shared by tests/reduce/test_reduce_fixtures_*.cpp: replays tests/fixtures/reduction_cases.txt
// (written by tests/fixtures/gen_reductions.py, whose docstring describes the format). Each
// case rebuilds its array with nd's own API (a root array filled in memory order, then slices
// with negative or non-unit steps and a transpose), checks the rebuilt layout against NumPy's,
// and runs every reduction line through nd: the result's dtype (the static type nd returns),
// shape and values, or the error NumPy raised (nd's exception type and message). Axis
// reductions of sum, prod, mean, min, max, any and all also run a second time into an F-order
// nd::out destination.
//
// Set ND_TEST_REDUCE_REPORT=1 to print every mismatch (otherwise the first few of each dtype
// are reported by Catch2 and the rest counted) and a summary line per dtype: how many values
// were within tolerance but not bit-equal to NumPy's, and the largest |nd - numpy| / tolerance.

#include <nd/nd.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <algorithm>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#ifndef ND_FIXTURES_DIR
#define ND_FIXTURES_DIR "tests/fixtures"
#endif

namespace rfx {

using tokens = std::vector<std::string>;

inline tokens split(const std::string& line) {
    std::istringstream in(line);
    tokens t;
    std::string w;
    while (in >> w) t.push_back(w);
    return t;
}

// ---------------------------------------------------------------------------------------
// The fixture file

/// One `r` or `x` line: a reduction and NumPy's answer (values or error).
struct expectation {
    std::string func, spec, ddof;
    bool keep = false;
    bool error = false;
    std::string dtype;     // r: NumPy's result dtype; x: the error kind
    nd::dim_vector shape;  // r
    tokens values;         // r, C order
    tokens tol;            // r: absolute tolerances, or empty (exact)
    std::string message;   // x
    std::string text() const { return func + " axes=" + spec + " keep=" + (keep ? "1" : "0") + " ddof=" + ddof; }
};

struct fixture_case {
    std::string id, dtype, layout;
    nd::dim_vector root_shape;
    char order = 'C';
    tokens values;
    std::vector<nd::slice> index;
    std::vector<std::string> index_text;
    bool has_index = false, has_transpose = false;
    nd::dim_vector perm;
    nd::dim_vector view_shape, view_strides; // strides in elements
    std::ptrdiff_t view_offset = 0;
    std::vector<expectation> lines;

    std::string describe() const {
        std::string s = "case " + id + " " + dtype + " " + layout + " root" + nd::to_string(root_shape) + " " + order;
        if (has_index) {
            s += " [";
            for (std::size_t k = 0; k < index_text.size(); ++k) s += (k ? " " : "") + index_text[k];
            s += "]";
        }
        if (has_transpose) s += " .transpose" + nd::to_string(perm);
        return s + " -> shape " + nd::to_string(view_shape);
    }
};

inline std::ptrdiff_t to_int(const std::string& s) { return static_cast<std::ptrdiff_t>(std::stoll(s)); }

inline nd::dim_vector read_dims(const tokens& t, std::size_t& pos, std::size_t count) {
    nd::dim_vector d;
    for (std::size_t k = 0; k < count; ++k) d.push_back(to_int(t.at(pos++)));
    return d;
}

inline tokens read_tokens(const tokens& t, std::size_t pos, std::size_t count) {
    if (pos + count > t.size()) throw std::runtime_error("fixture line too short: " + t.at(0));
    return tokens(t.begin() + static_cast<std::ptrdiff_t>(pos), t.begin() + static_cast<std::ptrdiff_t>(pos + count));
}

/// `s<start>,<stop>,<step>` with `_` for None.
inline nd::slice parse_slice(const std::string& tok) {
    if (tok.empty() || tok[0] != 's') throw std::runtime_error("bad slice token " + tok);
    std::string parts[3];
    std::size_t k = 0;
    for (char c : tok.substr(1)) {
        if (c == ',') ++k;
        else parts[k] += c;
    }
    auto bound = [](const std::string& s) -> nd::slice_bound {
        if (s == "_") return nd::none;
        return to_int(s);
    };
    return nd::slice(bound(parts[0]), bound(parts[1]), bound(parts[2]));
}

struct fixture_file {
    std::map<std::string, std::vector<fixture_case>> by_dtype;
    std::size_t cases = 0, results = 0, errors = 0;
};

inline fixture_file read_fixture(const std::string& name) {
    const std::string path = std::string(ND_FIXTURES_DIR) + "/" + name;
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open fixture " + path);
    fixture_file file;
    fixture_case current;
    bool open = false;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        const tokens t = split(line);
        const std::string& kind = t.at(0);
        if (kind == "reduction_cases") continue;
        if (kind == "case") {
            current = fixture_case{};
            current.id = t.at(1);
            current.dtype = t.at(2);
            current.layout = t.at(3);
            open = true;
            continue;
        }
        if (!open) throw std::runtime_error("fixture line outside a case: " + line.substr(0, 40));
        if (kind == "end") {
            ++file.cases;
            file.by_dtype[current.dtype].push_back(std::move(current));
            open = false;
        } else if (kind == "root") {
            std::size_t pos = 2;
            current.root_shape = read_dims(t, pos, static_cast<std::size_t>(to_int(t.at(pos++))));
            current.order = t.at(pos).at(0);
        } else if (kind == "values") {
            current.values = read_tokens(t, 2, static_cast<std::size_t>(to_int(t.at(1))));
        } else if (kind == "index") {
            current.has_index = true;
            for (std::size_t k = 0; k < static_cast<std::size_t>(to_int(t.at(1))); ++k) {
                current.index_text.push_back(t.at(2 + k));
                current.index.push_back(parse_slice(t.at(2 + k)));
            }
        } else if (kind == "transpose") {
            current.has_transpose = true;
            std::size_t pos = 2;
            current.perm = read_dims(t, pos, static_cast<std::size_t>(to_int(t.at(1))));
        } else if (kind == "view") {
            std::size_t pos = 1;
            const auto ndim = static_cast<std::size_t>(to_int(t.at(pos++)));
            current.view_shape = read_dims(t, pos, ndim);
            current.view_strides = read_dims(t, pos, ndim);
            current.view_offset = to_int(t.at(pos));
        } else if (kind == "r" || kind == "x") {
            expectation e;
            e.func = t.at(1);
            e.spec = t.at(2);
            e.keep = t.at(3) == "1";
            e.ddof = t.at(4);
            e.dtype = t.at(5);
            if (kind == "r") {
                std::size_t pos = 6;
                const auto ndim = static_cast<std::size_t>(to_int(t.at(pos++)));
                e.shape = read_dims(t, pos, ndim);
                const auto n = static_cast<std::size_t>(to_int(t.at(pos++)));
                e.values = read_tokens(t, pos, n);
                ++file.results;
            } else {
                e.error = true;
                for (std::size_t k = 6; k < t.size(); ++k) e.message += (k > 6 ? " " : "") + t[k];
                ++file.errors;
            }
            current.lines.push_back(std::move(e));
        } else if (kind == "tol") {
            if (current.lines.empty() || current.lines.back().error) throw std::runtime_error("tol line without a result line");
            current.lines.back().tol = read_tokens(t, 2, static_cast<std::size_t>(to_int(t.at(1))));
        } else {
            throw std::runtime_error("unknown fixture line kind '" + kind + "'");
        }
    }
    return file;
}

/// The fixture file of the plain reductions, or with `nan_functions` of the nan-functions.
inline const fixture_file& fixtures(bool nan_functions) {
    static const fixture_file plain = read_fixture("reduction_cases.txt");
    if (!nan_functions) return plain;
    static const fixture_file nan = read_fixture("nan_reduction_cases.txt");
    return nan;
}

// ---------------------------------------------------------------------------------------
// Elements

template <class T> inline constexpr std::string_view name_of = nd::dtype_of<T>.name;

template <class R> R parse_real(const std::string& s) {
    const char* p = s.c_str();
    char* end = nullptr;
    R v;
    if constexpr (std::is_same_v<R, float>) v = std::strtof(p, &end);
    else v = std::strtod(p, &end);
    if (end == p || *end != '\0') throw std::runtime_error("bad float token '" + s + "'");
    return v;
}

template <class T> T parse_value(const std::string& s) {
    if constexpr (std::is_same_v<T, bool>) {
        if (s != "0" && s != "1") throw std::runtime_error("bad bool token '" + s + "'");
        return s == "1";
    } else if constexpr (nd::integer<T> && std::is_signed_v<T>) {
        return static_cast<T>(std::stoll(s));
    } else if constexpr (nd::integer<T>) {
        return static_cast<T>(std::stoull(s));
    } else if constexpr (std::is_floating_point_v<T>) {
        return parse_real<T>(s);
    } else {
        const auto comma = s.find(',');
        if (comma == std::string::npos) throw std::runtime_error("bad complex token '" + s + "'");
        using R = typename T::value_type;
        return T(parse_real<R>(s.substr(0, comma)), parse_real<R>(s.substr(comma + 1)));
    }
}

inline std::string show_real(double x) {
    if (std::isnan(x)) return "nan";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%a", x);
    return buf;
}

template <class T> std::string show(const T& v) {
    if constexpr (std::is_same_v<T, bool>) return v ? "1" : "0";
    else if constexpr (nd::integer<T>) return std::to_string(v);
    else if constexpr (std::is_floating_point_v<T>) return show_real(static_cast<double>(v));
    else return show_real(static_cast<double>(v.real())) + "," + show_real(static_cast<double>(v.imag()));
}

/// Exact (NaN equals NaN, +0 equals -0), or within `tol` when the expected value is finite.
template <class R> bool real_matches(R got, R want, double tol) {
    if (std::isnan(want)) return std::isnan(got);
    if (std::isinf(want)) return got == want;
    if (tol <= 0) return got == want;
    return std::isfinite(got) && std::fabs(static_cast<double>(got) - static_cast<double>(want)) <= tol;
}

template <class R> bool element_matches(const R& got, const R& want, double tol) {
    if constexpr (nd::complex_number<R>) return real_matches(got.real(), want.real(), tol) && real_matches(got.imag(), want.imag(), tol);
    else if constexpr (std::is_floating_point_v<R>) return real_matches(got, want, tol);
    else return got == want;
}

// ---------------------------------------------------------------------------------------
// Reporting

struct report {
    std::string dtype;
    std::size_t checked = 0, mismatches = 0, errors_checked = 0;
    std::size_t inexact = 0;   // values within their tolerance but not equal to NumPy's
    double worst_ratio = 0;    // the largest |nd - numpy| / tolerance seen
    std::vector<std::string> messages;

    void fail(const std::string& message) {
        ++mismatches;
        messages.push_back(message);
    }
};

inline bool report_all() {
    const char* e = std::getenv("ND_TEST_REDUCE_REPORT");
    return e && *e && std::string(e) != "0";
}

// ---------------------------------------------------------------------------------------
// Comparing nd's result with NumPy's

/// nd's result as a C-order list of elements and a shape.
template <class R> struct got_values {
    nd::dim_vector shape;
    std::vector<R> values;
};

template <class R> got_values<R> collect(const R& scalar) { return {nd::dim_vector{}, {scalar}}; }

template <class R, class A>
    requires nd::array_like<A>
got_values<R> collect(const A& a) {
    got_values<R> g;
    g.shape = a.shape();
    const nd::view<const R> v(a);
    if (v.size() == 0) return g;
    const nd::view<const R> flat = v.ravel();
    for (std::ptrdiff_t k = 0; k < flat.size(); ++k)
        g.values.push_back(*reinterpret_cast<const R*>(reinterpret_cast<const std::byte*>(flat.data()) + k * flat.strides(0)));
    return g;
}

/// nanmin and nanmax of a complex slice that holds only NaN: NumPy's np.fmin.reduce keeps the
/// slice's first element (in its own iteration order), nd gives nan+0j (a difference README.md
/// lists). Both must be NaN in some part; which parts is not compared.
template <class R> bool nan_slice_of_complex_extreme(const std::string& func, const R& got, const R& want) {
    if constexpr (nd::complex_number<R>) {
        auto has_nan = [](const R& z) { return std::isnan(z.real()) || std::isnan(z.imag()); };
        return (func == "nanmin" || func == "nanmax") && has_nan(want) && has_nan(got);
    } else {
        return false;
    }
}

template <class R> void compare(report& rep, const std::string& where, const expectation& e, const got_values<R>& got) {
    ++rep.checked;
    if (name_of<R> != e.dtype) {
        rep.fail(where + ": dtype: numpy " + e.dtype + ", nd " + std::string(name_of<R>));
        return;
    }
    if (!(got.shape == e.shape)) {
        rep.fail(where + ": shape: numpy " + nd::to_string(e.shape) + ", nd " + nd::to_string(got.shape));
        return;
    }
    if (got.values.size() != e.values.size()) {
        rep.fail(where + ": " + std::to_string(got.values.size()) + " values, numpy " + std::to_string(e.values.size()));
        return;
    }
    std::size_t bad = 0;
    std::ostringstream msg;
    for (std::size_t k = 0; k < e.values.size(); ++k) {
        const R want = parse_value<R>(e.values[k]);
        const double tol = e.tol.empty() ? 0.0 : std::strtod(e.tol.at(k).c_str(), nullptr);
        if constexpr (std::is_floating_point_v<R> || nd::complex_number<R>) {
            if (tol > 0 && !(got.values[k] == want)) {
                ++rep.inexact;
                const double d = std::abs(std::complex<double>(got.values[k]) - std::complex<double>(want));
                if (std::isfinite(d)) rep.worst_ratio = std::max(rep.worst_ratio, d / tol);
            }
        }
        if (!element_matches(got.values[k], want, tol) && !nan_slice_of_complex_extreme(e.func, got.values[k], want)) {
            if (++bad <= 4)
                msg << " [" << k << "] numpy " << e.values[k] << " nd " << show(got.values[k]) << (e.tol.empty() ? "" : " tol " + e.tol[k]) << ";";
        }
    }
    if (bad) rep.fail(where + ": " + std::to_string(bad) + " of " + std::to_string(e.values.size()) + " values differ:" + msg.str());
}

/// Runs `call` expecting NumPy's error: nd's exception type and message.
template <class Call> void expect_error(report& rep, const std::string& where, const expectation& e, Call&& call) {
    ++rep.errors_checked;
    std::string got_kind, got_message;
    try {
        call();
        got_kind = "none";
    } catch (const nd::shape_error& x) {
        got_kind = "shape_error";
        got_message = x.what();
    } catch (const nd::index_error& x) {
        got_kind = "index_error";
        got_message = x.what();
    } catch (const nd::value_error& x) {
        got_kind = "value_error";
        got_message = x.what();
    } catch (const nd::error& x) {
        got_kind = "error";
        got_message = x.what();
    } catch (const std::exception& x) {
        got_kind = "std::exception";
        got_message = x.what();
    }
    if (got_kind != e.dtype) rep.fail(where + ": numpy raises " + e.dtype + " (" + e.message + "), nd " + got_kind + (got_message.empty() ? "" : " (" + got_message + ")"));
    else if (got_message != e.message) rep.fail(where + ": message: numpy '" + e.message + "', nd '" + got_message + "'");
}

// ---------------------------------------------------------------------------------------
// Running one case

/// The view a[items] for one slice per axis (rank 0-4).
template <class V> V apply_index(const V& v, const std::vector<nd::slice>& s) {
    switch (s.size()) {
    case 0: return v;
    case 1: return v(s[0]);
    case 2: return v(s[0], s[1]);
    case 3: return v(s[0], s[1], s[2]);
    case 4: return v(s[0], s[1], s[2], s[3]);
    default: throw std::runtime_error("index of more than 4 items");
    }
}

inline nd::dim_vector list_axes(const std::string& spec) {
    nd::dim_vector axes;
    std::string body = spec.substr(1), cur;
    for (char c : body) {
        if (c == ',') {
            axes.push_back(to_int(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) axes.push_back(to_int(cur));
    return axes;
}

enum class reduction { sum, prod, mean, min, max, any, all, nansum, nanmean, nanmin, nanmax };

/// Calls reduction `Which` on x with `options...` (axes and keepdims and/or nd::out).
template <reduction Which, class X, class... O> auto call(const X& x, const O&... o) {
    if constexpr (Which == reduction::sum) return nd::sum(x, o...);
    else if constexpr (Which == reduction::prod) return nd::prod(x, o...);
    else if constexpr (Which == reduction::mean) return nd::mean(x, o...);
    else if constexpr (Which == reduction::min) return nd::min(x, o...);
    else if constexpr (Which == reduction::max) return nd::max(x, o...);
    else if constexpr (Which == reduction::any) return nd::any(x, o...);
    else if constexpr (Which == reduction::all) return nd::all(x, o...);
    else if constexpr (Which == reduction::nansum) return nd::nansum(x, o...);
    else if constexpr (Which == reduction::nanmean) return nd::nanmean(x, o...);
    else if constexpr (Which == reduction::nanmin) return nd::nanmin(x, o...);
    else return nd::nanmax(x, o...);
}

/// sum/prod/mean/min/max/any/all: scalar, axes, keepdims, and out= into an F-order array.
template <reduction Which, class X> void run_axis_reduction(report& rep, const std::string& where, const expectation& e, const X& x) {
    if (e.spec == "-") {
        using R = decltype(call<Which>(x));
        if (e.error) expect_error(rep, where, e, [&] { (void)call<Which>(x); });
        else compare(rep, where, e, collect<R>(call<Which>(x)));
        return;
    }
    const nd::axes a = e.spec[0] == 'i' ? nd::axes(to_int(e.spec.substr(1))) : nd::axes(list_axes(e.spec));
    using R = typename decltype(call<Which>(x, a))::value_type;
    auto plain = [&] {
        if (e.keep) return call<Which>(x, a, nd::keepdims);
        return call<Which>(x, a);
    };
    if (e.error) {
        expect_error(rep, where, e, plain);
        return;
    }
    compare(rep, where, e, collect<R>(plain()));
    // out=: an F-order destination of NumPy's shape, filled with garbage first.
    nd::array<R> destination = nd::full<R>(e.shape, R(1), nd::order::F);
    try {
        if (e.keep) call<Which>(x, a, nd::keepdims, nd::out(destination));
        else call<Which>(x, a, nd::out(destination));
        compare(rep, where + " out=", e, collect<R>(destination));
    } catch (const std::exception& ex) {
        rep.fail(where + " out=: nd throws " + ex.what());
    }
}

/// var, std, nanvar or nanstd with `options...` (axes, ddof, keepdims).
template <bool Std, bool Nan, class X, class... O> auto call_stat(const X& x, const O&... o) {
    if constexpr (Std && Nan) return nd::nanstd(x, o...);
    else if constexpr (Std) return nd::std(x, o...);
    else if constexpr (Nan) return nd::nanvar(x, o...);
    else return nd::var(x, o...);
}

template <bool Std, bool Nan, class X> void run_stat(report& rep, const std::string& where, const expectation& e, const X& x) {
    const std::ptrdiff_t ddof = to_int(e.ddof);
    auto scalar = [&] { return call_stat<Std, Nan>(x, nd::ddof(ddof)); };
    if (e.spec == "-") {
        if (e.error) expect_error(rep, where, e, [&] { (void)scalar(); });
        else compare(rep, where, e, collect<decltype(scalar())>(scalar()));
        return;
    }
    const nd::axes a = e.spec[0] == 'i' ? nd::axes(to_int(e.spec.substr(1))) : nd::axes(list_axes(e.spec));
    auto along = [&] {
        if (e.keep) return call_stat<Std, Nan>(x, a, nd::ddof(ddof), nd::keepdims);
        return call_stat<Std, Nan>(x, a, nd::ddof(ddof));
    };
    using R = typename decltype(along())::value_type;
    if (e.error) expect_error(rep, where, e, along);
    else compare(rep, where, e, collect<R>(along()));
}

/// argmin, argmax, nanargmin or nanargmax with `options...` (axis, keepdims).
template <bool Largest, bool Nan, class X, class... O> auto call_arg(const X& x, const O&... o) {
    if constexpr (Largest && Nan) return nd::nanargmax(x, o...);
    else if constexpr (Largest) return nd::argmax(x, o...);
    else if constexpr (Nan) return nd::nanargmin(x, o...);
    else return nd::argmin(x, o...);
}

template <bool Largest, bool Nan, class X> void run_arg(report& rep, const std::string& where, const expectation& e, const X& x) {
    auto run = [&]() -> got_values<std::int64_t> {
        if (e.spec == "-") return collect<std::int64_t>(call_arg<Largest, Nan>(x));
        const std::ptrdiff_t axis = to_int(e.spec.substr(1));
        if (e.keep) return collect<std::int64_t>(call_arg<Largest, Nan>(x, axis, nd::keepdims));
        return collect<std::int64_t>(call_arg<Largest, Nan>(x, axis));
    };
    static_assert(std::is_same_v<decltype(nd::argmax(x)), std::int64_t>);
    if (e.error) expect_error(rep, where, e, run);
    else compare(rep, where, e, run());
}

template <bool Product, class X> void run_cumulative(report& rep, const std::string& where, const expectation& e, const X& x) {
    auto flat = [&] {
        if constexpr (Product) return nd::cumprod(x);
        else return nd::cumsum(x);
    };
    using R = typename decltype(flat())::value_type;
    auto run = [&]() -> got_values<R> {
        if (e.spec == "-") return collect<R>(flat());
        const std::ptrdiff_t axis = to_int(e.spec.substr(1));
        if constexpr (Product) return collect<R>(nd::cumprod(x, axis));
        else return collect<R>(nd::cumsum(x, axis));
    };
    if (e.error) expect_error(rep, where, e, run);
    else compare(rep, where, e, run());
}

/// One line of the nan-functions' fixture.
template <class X> void run_nan_line(report& rep, const std::string& where, const expectation& e, const X& x) {
    const std::string& f = e.func;
    if (f == "nansum") run_axis_reduction<reduction::nansum>(rep, where, e, x);
    else if (f == "nanmean") run_axis_reduction<reduction::nanmean>(rep, where, e, x);
    else if (f == "nanmin") run_axis_reduction<reduction::nanmin>(rep, where, e, x);
    else if (f == "nanmax") run_axis_reduction<reduction::nanmax>(rep, where, e, x);
    else if (f == "nanvar") run_stat<false, true>(rep, where, e, x);
    else if (f == "nanstd") run_stat<true, true>(rep, where, e, x);
    else if (f == "nanargmin") run_arg<false, true>(rep, where, e, x);
    else if (f == "nanargmax") run_arg<true, true>(rep, where, e, x);
    else throw std::runtime_error("unknown nan-function " + f);
}

template <bool Nan, class X> void run_line(report& rep, const std::string& where, const expectation& e, const X& x) {
    try {
        const std::string& f = e.func;
        if constexpr (Nan) run_nan_line(rep, where, e, x);
        else if (f == "sum") run_axis_reduction<reduction::sum>(rep, where, e, x);
        else if (f == "prod") run_axis_reduction<reduction::prod>(rep, where, e, x);
        else if (f == "mean") run_axis_reduction<reduction::mean>(rep, where, e, x);
        else if (f == "min") run_axis_reduction<reduction::min>(rep, where, e, x);
        else if (f == "max") run_axis_reduction<reduction::max>(rep, where, e, x);
        else if (f == "any") run_axis_reduction<reduction::any>(rep, where, e, x);
        else if (f == "all") run_axis_reduction<reduction::all>(rep, where, e, x);
        else if (f == "var") run_stat<false, false>(rep, where, e, x);
        else if (f == "std") run_stat<true, false>(rep, where, e, x);
        else if (f == "argmin") run_arg<false, false>(rep, where, e, x);
        else if (f == "argmax") run_arg<true, false>(rep, where, e, x);
        else if (f == "cumsum") run_cumulative<false>(rep, where, e, x);
        else if (f == "cumprod") run_cumulative<true>(rep, where, e, x);
        else throw std::runtime_error("unknown reduction " + f);
    } catch (const std::exception& ex) {
        rep.fail(where + ": nd throws " + ex.what() + (e.error ? "" : " (numpy gives a result)"));
    }
}

/// Rebuilds the case's array (a root filled in memory order, then index and transpose),
/// checks its layout, and runs every line: through the view, and for a plain C or F case
/// through the owning array too.
template <class T, bool Nan> void run_case(report& rep, const fixture_case& c) {
    nd::array<T> root = nd::empty<T>(c.root_shape, c.order == 'F' ? nd::order::F : nd::order::C);
    REQUIRE(static_cast<std::size_t>(root.size()) == c.values.size());
    for (std::size_t k = 0; k < c.values.size(); ++k) root.data()[k] = parse_value<T>(c.values[k]);
    const nd::view<const T> base(root);
    const nd::view<const T> indexed = c.has_index ? apply_index(base, c.index) : base;
    const nd::view<const T> v = c.has_transpose ? indexed.transpose(c.perm) : indexed;
    // The rebuilt layout must be NumPy's.
    nd::dim_vector strides;
    for (std::ptrdiff_t k = 0; k < v.ndim(); ++k) strides.push_back(v.strides(k) / static_cast<std::ptrdiff_t>(sizeof(T)));
    const std::ptrdiff_t offset = v.size() ? (reinterpret_cast<const std::byte*>(v.data()) - reinterpret_cast<const std::byte*>(root.data())) /
                                                 static_cast<std::ptrdiff_t>(sizeof(T))
                                           : c.view_offset;
    INFO(c.describe());
    REQUIRE(v.shape() == c.view_shape);
    if (v.size()) {
        CHECK(strides == c.view_strides);
        CHECK(offset == c.view_offset);
    }

    for (const expectation& e : c.lines) {
        const std::string where = c.describe() + ": " + e.text();
        run_line<Nan>(rep, where, e, v);
        // The owning array as well, for plain C/F cases of the plain reductions (the nan-functions
        // reach the same code through a view or an array, and each form costs compile time).
        if constexpr (!Nan)
            if (!c.has_index && !c.has_transpose) run_line<Nan>(rep, where + " (array)", e, static_cast<const nd::array<T>&>(root));
    }
}

/// Every case of T's dtype in the plain reductions' fixture, or with `Nan` the
/// nan-functions'; mismatches reported (the first few through Catch2).
template <class T, bool Nan = false> void run_dtype() {
    const fixture_file& f = fixtures(Nan);
    const auto found = f.by_dtype.find(std::string(name_of<T>));
    REQUIRE(found != f.by_dtype.end());
    report rep;
    rep.dtype = std::string(name_of<T>);
    for (const fixture_case& c : found->second) run_case<T, Nan>(rep, c);
    const bool all = report_all();
    if (all)
        std::cout << "SUMMARY " << rep.dtype << ": " << found->second.size() << " cases, " << rep.checked << " results and "
                  << rep.errors_checked << " errors checked, " << rep.mismatches << " mismatches; " << rep.inexact
                  << " values within tolerance but not bit-equal, worst |nd - numpy| / tolerance " << rep.worst_ratio << "\n";
    std::size_t shown = 0;
    for (const std::string& m : rep.messages) {
        if (all) std::cout << "MISMATCH " << m << "\n";
        if (++shown <= 12) FAIL_CHECK(m);
    }
    INFO(rep.dtype << ": " << found->second.size() << " cases, " << rep.checked << " results and " << rep.errors_checked
                   << " errors checked, " << rep.mismatches << " mismatches");
    CHECK(rep.mismatches == 0);
    CHECK(rep.checked > 0);
}

} // namespace rfx
