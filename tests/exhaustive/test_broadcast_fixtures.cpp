// Broadcasting against NumPy: random operands of rank 0-4 with extents 0-5 (many 1s), each a
// view of a C- or F-ordered base, transposed and sliced with negative or non-unit steps, in
// a + b, a * b - c and nd::where(a > b, a, c), for a few dtype signatures. nd's result dtype,
// shape and values must be NumPy's, through nd::eval and through x.assign(e) into a strided
// destination view; incompatible shapes throw nd::shape_error with NumPy's message. The
// fixture is tests/fixtures/broadcast_cases.txt from tests/fixtures/gen_broadcast.py (format
// in its docstring).

#include "../support/fixture_ops.hpp"
#include "../support/ufunc_fixtures.hpp"

#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace {

using ufx::tokens;

struct broadcast_case {
    std::string id, expression, signature;
    std::vector<tokens> operands;
    std::optional<tokens> dest;
    tokens result;  // the ok line
    std::string error;
    std::string text;
};

std::vector<broadcast_case> read_cases() {
    const std::string path = std::string(ND_FIXTURES_DIR) + "/broadcast_cases.txt";
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open fixture " + path);
    std::vector<broadcast_case> cases;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        tokens t = ufx::split(line);
        if (t[0] == "broadcast_cases" || t[0] == "end") continue;
        if (t[0] == "case") {
            cases.push_back({t.at(1), t.at(2), t.at(3), {}, std::nullopt, {}, {}, {}});
        } else if (t[0] == "operand") {
            cases.back().operands.push_back(t);
        } else if (t[0] == "dest") {
            cases.back().dest = t;
        } else if (t[0] == "ok") {
            cases.back().result = t;
        } else if (t[0] == "error") {
            cases.back().error = line.substr(6);
        } else {
            throw std::runtime_error("unknown line in broadcast_cases.txt: " + line);
        }
        cases.back().text += line.substr(0, 160) + (line.size() > 160 ? " ...\n" : "\n");
    }
    return cases;
}

/// The value the generator gives element i of a base, in memory order.
template <class T>
T base_value(std::ptrdiff_t i) {
    if constexpr (std::is_same_v<T, bool>)
        return i % 3 != 0;
    else if constexpr (std::is_unsigned_v<T>)
        return static_cast<T>(i % 23);
    else if constexpr (nd::integer<T>)
        return static_cast<T>(i % 23 - 11);
    else
        return static_cast<T>(static_cast<double>(i % 23 - 11) / 4.0);
}

/// `operand|dest <ndim> <base shape...> <C|F> <axes...> <slices...>`: the view it describes
/// (which keeps its base alive).
template <class T>
nd::view<T> build_view(const tokens& t) {
    std::size_t pos = 1;
    const auto ndim = static_cast<std::size_t>(ndfix::to_int(t.at(pos++)));
    const auto base_shape = ndfix::read_ints(t, pos, ndim);
    const nd::order order = ndfix::to_order(t.at(pos++));
    const auto axes = ndfix::read_ints(t, pos, ndim);
    std::vector<ndfix::index_item> slices;
    for (std::size_t k = 0; k < ndim; ++k) slices.push_back(ndfix::parse_item(t.at(pos++)));
    nd::array<T> base = nd::empty<T>(ndfix::to_dims(base_shape), order);
    for (std::ptrdiff_t i = 0; i < base.size(); ++i) base.data()[i] = base_value<T>(i);
    const nd::view<T> whole(base);
    if (ndim == 0) return whole;
    const nd::view<T> transposed = whole.transpose(ndfix::to_dims(axes));
    return ndfix::apply_stepwise(transposed, slices);
}

/// The elements of any view in C order, through data() and the byte strides.
template <class View>
std::vector<typename View::value_type> elements_of(const View& v) {
    using T = std::remove_const_t<typename View::value_type>;
    std::vector<T> out;
    if (v.size() == 0) return out;
    const auto ndim = static_cast<std::size_t>(v.ndim());
    auto walk = [&](auto& self, std::size_t axis, const std::byte* p) -> void {
        if (axis == ndim) {
            out.push_back(*reinterpret_cast<const T*>(p));
            return;
        }
        for (std::ptrdiff_t k = 0; k < v.shape()[axis]; ++k) self(self, axis + 1, p + k * v.strides()[axis]);
    };
    walk(walk, 0, reinterpret_cast<const std::byte*>(v.data()));
    return out;
}

template <class R, class View>
void check_against(const broadcast_case& c, const View& got, const std::string& path) {
    INFO("case " << c.id << " [" << path << "]\n" << c.text);
    const tokens& ok = c.result;
    std::size_t pos = 2;
    const auto ndim = static_cast<std::size_t>(ndfix::to_int(ok.at(pos++)));
    const auto shape = ndfix::read_ints(ok, pos, ndim);
    const auto size = static_cast<std::size_t>(ndfix::to_int(ok.at(pos++)));
    REQUIRE(ndfix::to_vector(got.shape()) == shape);
    const auto values = elements_of(got);
    REQUIRE(values.size() == size);
    std::size_t mismatches = 0;
    std::string first;
    for (std::size_t k = 0; k < size; ++k) {
        const R want = ufx::parse_value<R>(ok.at(pos + k));
        bool same;
        if constexpr (std::is_floating_point_v<R>)
            same = ufx::same_real(values[k], want);
        else
            same = values[k] == want;
        if (!same && mismatches++ == 0)
            first = "element " + std::to_string(k) + ": numpy " + ok.at(pos + k) + ", nd " + ufx::show(values[k]);
    }
    INFO(first);
    CHECK(mismatches == 0);
}

template <class Make>
void check_error(const broadcast_case& c, Make&& make) {
    INFO("case " << c.id << "\n" << c.text);
    std::string message;
    try {
        make();
    } catch (const nd::shape_error& e) {
        message = e.what();
    }
    // NumPy ends its message with a space after the last shape; nd does not.
    std::string want = c.error;
    while (!want.empty() && want.back() == ' ') want.pop_back();
    CHECK(message == want);
}

struct counts {
    std::size_t ok = 0, errors = 0, empty = 0, zero_d = 0;
};

template <class... T>
struct signature {
    static std::string name() {
        std::string s;
        ((s += (s.empty() ? "" : "/") + std::string(nd::dtype_of<T>.name)), ...);
        return s;
    }
};

template <class A, class B>
void run_add(const broadcast_case& c, counts& n) {
    const nd::view<A> a = build_view<A>(c.operands.at(0));
    const nd::view<B> b = build_view<B>(c.operands.at(1));
    if (!c.error.empty()) {
        ++n.errors;
        check_error(c, [&] { return a + b; });
        return;
    }
    using R = typename decltype(a + b)::value_type;
    REQUIRE(std::string(nd::dtype_of<R>.name) == c.result.at(1));
    const nd::array<R> result = nd::eval(a + b);
    check_against<R>(c, result, "eval");
    const nd::view<R> dest = build_view<R>(*c.dest);
    dest.assign(a + b);
    check_against<R>(c, dest, "assign into a view");
    dest.assign(R(0));
    nd::add(a, b, nd::out(dest));
    check_against<R>(c, dest, "nd::add with nd::out");
    ++n.ok;
    n.empty += result.size() == 0;
    n.zero_d += result.ndim() == 0;
}

template <class A, class B, class C>
void run_triple(const broadcast_case& c, counts& n) {
    const nd::view<A> a = build_view<A>(c.operands.at(0));
    const nd::view<B> b = build_view<B>(c.operands.at(1));
    const nd::view<C> x = build_view<C>(c.operands.at(2));
    auto run = [&](auto build) {
        if (!c.error.empty()) {
            ++n.errors;
            check_error(c, build);
            return;
        }
        using R = typename decltype(build())::value_type;
        REQUIRE(std::string(nd::dtype_of<R>.name) == c.result.at(1));
        const nd::array<R> result = nd::eval(build());
        check_against<R>(c, result, "eval");
        const nd::view<R> dest = build_view<R>(*c.dest);
        dest.assign(build());
        check_against<R>(c, dest, "assign into a view");
        ++n.ok;
        n.empty += result.size() == 0;
        n.zero_d += result.ndim() == 0;
    };
    if (c.expression == "mul_sub")
        run([&] { return a * b - x; });
    else
        run([&] { return nd::where(a > b, a, x); });
}

template <class... Signatures, class Run>
bool dispatch(const broadcast_case& c, Run&& run) {
    bool found = false;
    ((!found && c.signature == Signatures::name() ? (run(Signatures{}), found = true) : false), ...);
    return found;
}

}  // namespace

TEST_CASE("broadcasting matches NumPy on random strided operands", "[expr][broadcast][fixtures]") {
    const auto cases = read_cases();
    REQUIRE(cases.size() >= 700);
    counts n;
    for (const auto& c : cases) {
        bool found = false;
        if (c.expression == "add") {
            found = dispatch<signature<double, double>, signature<std::int32_t, float>,
                             signature<std::int8_t, std::uint16_t>, signature<std::int64_t, std::int64_t>,
                             signature<bool, std::int16_t>, signature<float, float>>(
                c, [&]<class A, class B>(signature<A, B>) { run_add<A, B>(c, n); });
        } else {
            found = dispatch<signature<double, double, double>, signature<std::int32_t, float, std::int64_t>,
                             signature<float, float, float>, signature<std::int16_t, std::int16_t, std::uint8_t>,
                             signature<std::uint8_t, std::uint8_t, std::int8_t>>(
                c, [&]<class A, class B, class C>(signature<A, B, C>) { run_triple<A, B, C>(c, n); });
        }
        INFO("case " << c.id << " " << c.expression << " " << c.signature);
        REQUIRE(found);
    }
    CHECK(n.ok >= 600);
    CHECK(n.errors >= 60);
    CHECK(n.empty > 0);
    CHECK(n.zero_d > 0);
}
