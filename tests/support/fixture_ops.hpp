#pragma once
// Shared by the tests that replay NumPy fixtures written by tests/fixtures/gen_indexing.py:
// reading the case files, rebuilding arrays from `root`/`op` lines through nd's own API, applying
// an index list read at run time (whose count and kinds vary) to nd's variadic operator(), and
// comparing a result with NumPy's shape, strides, offset, flags and values. The file format is
// described in the generator's docstring.

#include <nd/nd.hpp>

#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#ifndef ND_FIXTURES_DIR
#define ND_FIXTURES_DIR "tests/fixtures"
#endif

namespace ndfix {

using i64 = std::int64_t;
using view_t = nd::view<i64>;
using tokens = std::vector<std::string>;

// ---------------------------------------------------------------------------------------
// Reading

/// One `case ... end` block: its lines split into tokens, and its text for failure messages.
struct fixture_case {
    std::string id;
    std::vector<tokens> lines;
    std::string text;

    /// The first line starting with `word`, or nullptr.
    const tokens* find(const std::string& word) const {
        for (const auto& l : lines)
            if (!l.empty() && l[0] == word) return &l;
        return nullptr;
    }
    const tokens& get(const std::string& word) const {
        const tokens* l = find(word);
        if (!l) throw std::runtime_error("fixture case " + id + " has no '" + word + "' line");
        return *l;
    }
};

struct fixture_file {
    std::vector<fixture_case> cases;
    std::vector<tokens> loose; // lines outside case blocks (e.g. `raw` lines)
};

inline tokens split(const std::string& line) {
    std::istringstream in(line);
    tokens t;
    std::string w;
    while (in >> w) t.push_back(w);
    return t;
}

inline fixture_file read_fixture(const std::string& name) {
    const std::string path = std::string(ND_FIXTURES_DIR) + "/" + name;
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open fixture " + path);
    fixture_file file;
    std::string line;
    fixture_case* current = nullptr;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        tokens t = split(line);
        if (t.empty()) continue;
        if (t[0] == "case") {
            file.cases.push_back({t.size() > 1 ? t[1] : "?", {}, line + "\n"});
            current = &file.cases.back();
        } else if (t[0] == "end") {
            current = nullptr;
        } else if (current) {
            current->lines.push_back(std::move(t));
            current->text += line + "\n";
        } else {
            file.loose.push_back(std::move(t));
        }
    }
    return file;
}

inline std::ptrdiff_t to_int(const std::string& s) { return static_cast<std::ptrdiff_t>(std::stoll(s)); }

/// `count` integers starting at t[pos]; pos is advanced.
inline std::vector<std::ptrdiff_t> read_ints(const tokens& t, std::size_t& pos, std::size_t count) {
    std::vector<std::ptrdiff_t> v;
    for (std::size_t k = 0; k < count; ++k) v.push_back(to_int(t.at(pos++)));
    return v;
}

inline nd::dim_vector to_dims(const std::vector<std::ptrdiff_t>& v) {
    nd::dim_vector d(v.size());
    for (std::size_t k = 0; k < v.size(); ++k) d[k] = v[k];
    return d;
}

inline std::vector<std::ptrdiff_t> to_vector(const nd::dim_vector& d) { return {d.begin(), d.end()}; }

inline nd::order to_order(const std::string& s) {
    if (s == "C") return nd::order::C;
    if (s == "F") return nd::order::F;
    if (s == "A") return nd::order::A;
    if (s == "K") return nd::order::K;
    throw std::runtime_error("bad order " + s);
}

// ---------------------------------------------------------------------------------------
// Index items

using index_item = std::variant<std::ptrdiff_t, nd::slice, nd::all_t, nd::newaxis_t, nd::ellipsis_t>;

inline nd::slice_bound to_bound(const std::string& s) {
    if (s == "_") return nd::none;
    return to_int(s);
}

/// `i-2`, `s1,_,-1`, `a`, `N`, `E`. A slice with only a stop is built with the one-argument
/// nd::slice(stop), so that Python's slice(x) spelling is exercised too.
inline index_item parse_item(const std::string& tok) {
    switch (tok.at(0)) {
    case 'i': return to_int(tok.substr(1));
    case 'a': return nd::all;
    case 'N': return nd::newaxis;
    case 'E': return nd::ellipsis;
    case 's': {
        std::string parts[3];
        std::size_t k = 0;
        for (char c : tok.substr(1)) {
            if (c == ',') ++k;
            else parts[k] += c;
        }
        if (k != 2) throw std::runtime_error("bad slice token " + tok);
        if (parts[0] == "_" && parts[2] == "_" && parts[1] != "_") return nd::slice(to_bound(parts[1]));
        return nd::slice(to_bound(parts[0]), to_bound(parts[1]), to_bound(parts[2]));
    }
    default: throw std::runtime_error("bad index token " + tok);
    }
}

/// `<count> <item...>` starting at t[pos].
inline std::vector<index_item> read_items(const tokens& t, std::size_t pos) {
    const auto count = static_cast<std::size_t>(to_int(t.at(pos++)));
    std::vector<index_item> items;
    for (std::size_t k = 0; k < count; ++k) items.push_back(parse_item(t.at(pos++)));
    return items;
}

// Stepwise application: item k of an expanded index (one item per axis, no ellipsis) is applied
// as v(nd::all x p, item, nd::ellipsis), where p counts the result axes already made.
inline constexpr std::size_t max_stepwise_position = 10;

template <class View, class X, std::size_t... P> View index_after(const View& v, const X& x, std::index_sequence<P...>) {
    return v(((void)P, nd::all)..., x, nd::ellipsis);
}

template <std::size_t P, class View, class X> View index_at(const View& v, std::size_t position, const X& x) {
    if (position == P) return index_after(v, x, std::make_index_sequence<P>{});
    if constexpr (P < max_stepwise_position) return index_at<P + 1>(v, position, x);
    else throw std::logic_error("index position beyond the stepwise limit");
}

/// Applies an expanded index one item at a time. (Views are never assigned to one another
/// here: assigning to a view writes through into its elements.)
template <class View> View apply_stepwise(const View& v, const std::vector<index_item>& items, std::size_t k = 0, std::size_t position = 0) {
    if (k == items.size()) return v;
    const View next = std::visit([&](const auto& x) { return index_at<0>(v, position, x); }, items[k]);
    return apply_stepwise(next, items, k + 1, std::holds_alternative<std::ptrdiff_t>(items[k]) ? position : position + 1);
}

// Direct application: the whole index list in one variadic call, for lists of up to
// max_direct_items items. Every count multiplies the instantiations by the number of item
// kinds, so here nd::all is passed as the equivalent nd::slice(none, none, none) (nd::all
// itself is exercised by the stepwise form, which pads with it).
inline constexpr std::size_t max_direct_items = 4;

using direct_item = std::variant<std::ptrdiff_t, nd::slice, nd::newaxis_t, nd::ellipsis_t>;

inline std::vector<direct_item> to_direct(const std::vector<index_item>& items) {
    std::vector<direct_item> out;
    for (const auto& item : items) {
        out.push_back(std::visit(
            [](const auto& x) -> direct_item {
                if constexpr (std::is_same_v<std::decay_t<decltype(x)>, nd::all_t>) return nd::slice(nd::none, nd::none, nd::none);
                else return x;
            },
            item));
    }
    return out;
}

template <class View> struct direct_result {
    bool element = false;                    // integers only: element access
    i64 value = 0;                           // the element
    const void* address = nullptr;           // and where it is
    std::optional<View> view;                // otherwise the view
};

template <class View, class... Done> direct_result<View> finish_direct(const View& v, const Done&... done) {
    if constexpr ((std::is_same_v<Done, std::ptrdiff_t> && ...)) {
        // The unchecked a(i, j) needs in-bounds non-negative indices; at() takes the rest.
        bool plain = static_cast<std::ptrdiff_t>(sizeof...(Done)) == v.ndim();
        if (plain) {
            std::size_t axis = 0;
            ((plain = plain && done >= 0 && done < v.shape()[axis], ++axis), ...);
        }
        auto& e = plain ? v(done...) : v.at(done...);
        return {true, e, &e, std::nullopt};
    } else {
        return {false, 0, nullptr, v(done...)};
    }
}

template <class View, class... Done>
direct_result<View> apply_direct_items(const View& v, const std::vector<direct_item>& items, std::size_t k, const Done&... done) {
    if (k == items.size()) return finish_direct(v, done...);
    if constexpr (sizeof...(Done) < max_direct_items) {
        return std::visit([&](const auto& x) { return apply_direct_items(v, items, k + 1, done..., x); }, items[k]);
    } else {
        throw std::logic_error("index list longer than max_direct_items");
    }
}

/// Applies a whole index list (at most max_direct_items items) in one call v(items...).
template <class View> direct_result<View> apply_direct(const View& v, const std::vector<index_item>& items) {
    return apply_direct_items(v, to_direct(items), 0);
}

// ---------------------------------------------------------------------------------------
// Arrays from `root` and `op` lines

/// `root <n> <ndim> <shape...> <C|F>`: np.arange(n).reshape(shape, order).
struct rooted {
    nd::array<i64> flat;
    view_t shaped;
};

inline rooted make_root(const tokens& t) {
    std::size_t pos = 1;
    const auto n = to_int(t.at(pos++));
    const auto ndim = static_cast<std::size_t>(to_int(t.at(pos++)));
    const auto shape = read_ints(t, pos, ndim);
    const nd::order o = to_order(t.at(pos));
    nd::array<i64> flat = nd::arange<i64>(static_cast<double>(n));
    const view_t shaped = flat.reshape(to_dims(shape), o);
    return rooted{std::move(flat), shaped};
}

/// Applies one operation given as tokens t[first...] (see the generator's docstring).
inline view_t apply_op(const view_t& v, const tokens& t, std::size_t first) {
    const std::string& w = t.at(first);
    std::size_t pos = first + 1;
    if (w == "index") {
        // Setup indexes give one item per axis, sometimes followed by an Ellipsis (so that
        // integers only make a 0-d view rather than element access); that Ellipsis stands for
        // no axes at all.
        auto items = read_items(t, pos);
        if (!items.empty() && std::holds_alternative<nd::ellipsis_t>(items.back())) items.pop_back();
        return apply_stepwise(v, items);
    }
    if (w == "T") return v.T();
    if (w == "transpose") {
        const auto n = static_cast<std::size_t>(to_int(t.at(pos++)));
        return v.transpose(to_dims(read_ints(t, pos, n)));
    }
    if (w == "reshape") {
        const auto n = static_cast<std::size_t>(to_int(t.at(pos++)));
        const auto shape = read_ints(t, pos, n);
        return v.reshape(to_dims(shape), to_order(t.at(pos)));
    }
    if (w == "ravel") return v.ravel(to_order(t.at(pos)));
    if (w == "squeeze") return v.squeeze();
    if (w == "squeeze_axis") return v.squeeze(to_int(t.at(pos)));
    if (w == "expand_dims") return nd::expand_dims(v, to_int(t.at(pos)));
    if (w == "copy") return view_t(v.copy(to_order(t.at(pos))));
    throw std::runtime_error("unknown op " + w);
}

/// The root and the array after every line starting with `op_word`.
inline view_t build(const fixture_case& c, const rooted& root, const std::string& op_word = "op") {
    std::optional<view_t> v(root.shaped);
    for (const auto& l : c.lines)
        if (l.at(0) == op_word) v.emplace(apply_op(*v, l, 1));
    return *v;
}

// ---------------------------------------------------------------------------------------
// Results

/// The elements in C order, read through data() and the byte strides (independent of nd's
/// own copy and iteration code).
template <class View> std::vector<i64> values_of(const View& v) {
    std::vector<i64> out;
    if (v.size() == 0) return out;
    const auto ndim = static_cast<std::size_t>(v.ndim());
    auto walk = [&](auto& self, std::size_t axis, const std::byte* p) -> void {
        if (axis == ndim) {
            out.push_back(*reinterpret_cast<const i64*>(p));
            return;
        }
        for (std::ptrdiff_t k = 0; k < v.shape()[axis]; ++k) self(self, axis + 1, p + k * v.strides()[axis]);
    };
    walk(walk, 0, reinterpret_cast<const std::byte*>(v.data()));
    return out;
}

/// `ok <view> <shares> <ndim> <shape...> <strides...> <offset|-> <c> <f> <size> <values...>`
struct expected_result {
    bool view = false, shares = false;
    std::vector<std::ptrdiff_t> shape, strides;
    std::optional<std::ptrdiff_t> offset;
    bool c = false, f = false;
    std::vector<i64> values;
};

inline expected_result parse_result(const tokens& t) {
    expected_result e;
    std::size_t pos = 1;
    e.view = t.at(pos++) == "1";
    e.shares = t.at(pos++) == "1";
    const auto ndim = static_cast<std::size_t>(to_int(t.at(pos++)));
    e.shape = read_ints(t, pos, ndim);
    e.strides = read_ints(t, pos, ndim);
    if (t.at(pos) != "-") e.offset = to_int(t.at(pos));
    ++pos;
    e.c = t.at(pos++) == "1";
    e.f = t.at(pos++) == "1";
    const auto size = static_cast<std::size_t>(to_int(t.at(pos++)));
    for (auto v : read_ints(t, pos, size)) e.values.push_back(static_cast<i64>(v));
    return e;
}

inline std::ptrdiff_t byte_offset(const void* p, const void* root) {
    return static_cast<const std::byte*>(p) - static_cast<const std::byte*>(root);
}

/// NumPy 1.24 gives freshly allocated empty arrays (np.arange(0), np.empty((2, 0)), copies)
/// all-zero strides, and every view of them inherits multiples of those zeros; nd allocates
/// empty arrays with ordinary contiguous strides. Until nd follows NumPy there, strides and
/// offsets of views of an empty root are not compared (they address no element either way).
inline bool empty_root_strides_differ(const nd::array<i64>& root) {
    return root.size() == 0 && root.ndim() == 1 && root.strides(0) != 0;
}

/// Which parts of a result to compare.
struct compare_options {
    bool strides = true;              // all strides exactly
    bool strides_of_size1 = true;     // when false, strides of extent-1 axes are not compared
};

template <class View> void check_result(const View& r, const expected_result& e, const nd::array<i64>& root, compare_options options = {}) {
    CHECK(to_vector(r.shape()) == e.shape);
    if (empty_root_strides_differ(root)) options.strides = false;
    if (options.strides) {
        if (options.strides_of_size1) {
            CHECK(to_vector(r.strides()) == e.strides);
        } else {
            auto got = to_vector(r.strides()), want = e.strides;
            for (std::size_t k = 0; k < got.size() && k < want.size(); ++k)
                if (e.shape[k] == 1) got[k] = want[k] = 0;
            CHECK(got == want);
        }
    }
    CHECK(r.size() == static_cast<std::ptrdiff_t>(e.values.size()));
    const bool view = r.buffer().bytes() == root.buffer().bytes();
    CHECK(view == e.view);
    CHECK(nd::shares_memory(r, root) == e.shares);
    if (e.offset && view && !empty_root_strides_differ(root)) CHECK(byte_offset(r.data(), root.data()) == *e.offset);
    CHECK(r.flags().c_contiguous == e.c);
    CHECK(r.flags().f_contiguous == e.f);
    CHECK(values_of(r) == e.values);
}

} // namespace ndfix
