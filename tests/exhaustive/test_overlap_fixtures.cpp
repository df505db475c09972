// Evaluation into a destination that overlaps its operands, against NumPy's result computed
// on copies (as NumPy's own test_mem_overlap checks it): random overlapping view pairs of one
// base array (transposed, stepped, reversed, broadcast) written with x.assign(src),
// x.assign(src + 1), nd::add(src, x, nd::out(x)), x += src, nd::add(src, src2, nd::out(x)) and
// x.assign(src * 2 - src2); plus the cases issue 3 names (a[1:] = a[:-1], a = a.T, x += x.T,
// np.add(y[:-1], y[1:], out=y[1:])). The fixture is tests/fixtures/eval_overlap_cases.txt from
// tests/fixtures/gen_eval_overlap.py (format in its docstring).

#include "../support/fixture_ops.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace {

using ndfix::tokens;

struct overlap_case {
    std::string id, op, dtype, kind;
    tokens base, dst, src, src2, result;
    bool shares = false;
    std::string text;
};

std::vector<overlap_case> read_cases() {
    const ndfix::fixture_file file = ndfix::read_fixture("eval_overlap_cases.txt");
    std::vector<overlap_case> cases;
    for (const auto& c : file.cases) {
        // case <id> <op> <dtype> <kind>
        const tokens head = ndfix::split(c.text.substr(0, c.text.find('\n')));
        overlap_case o{head.at(1),   head.at(2),   head.at(3), head.at(4),      c.get("base"),
                       c.get("dst"), c.get("src"), {},         c.get("result"), c.get("shares").at(1) == "1",
                       c.text};
        if (const tokens* s2 = c.find("src2")) o.src2 = *s2;
        cases.push_back(std::move(o));
    }
    return cases;
}

/// `base <ndim> <shape...> <C|F>`: np.arange(n).reshape(shape, order) as an nd::array.
template <class T>
nd::array<T> make_base(const tokens& t) {
    std::size_t pos = 1;
    const auto ndim = static_cast<std::size_t>(ndfix::to_int(t.at(pos++)));
    const auto shape = ndfix::read_ints(t, pos, ndim);
    nd::array<T> base = nd::empty<T>(ndfix::to_dims(shape), ndfix::to_order(t.at(pos)));
    // Contiguous in its own order: memory position k holds the element of linear index k in
    // that order, whose value np.arange(n).reshape(shape, order) makes k.
    for (std::ptrdiff_t k = 0; k < base.size(); ++k) base.data()[k] = static_cast<T>(k);
    return base;
}

/// `dst|src|src2 <ndim> <axes...> <item...>`: base.transpose(axes)[items].
template <class T>
nd::view<T> make_view(nd::array<T>& base, const tokens& t) {
    std::size_t pos = 1;
    const auto ndim = static_cast<std::size_t>(ndfix::to_int(t.at(pos++)));
    const auto axes = ndfix::read_ints(t, pos, ndim);
    std::vector<ndfix::index_item> items;
    for (std::size_t k = 0; k < ndim; ++k) items.push_back(ndfix::parse_item(t.at(pos++)));
    const nd::view<T> whole(base);
    if (ndim == 0) return whole;
    return ndfix::apply_stepwise(whole.transpose(ndfix::to_dims(axes)), items);
}

template <class T>
std::vector<T> c_order_values(const nd::array<T>& a) {
    std::vector<T> out;
    const auto ndim = static_cast<std::size_t>(a.ndim());
    auto walk = [&](auto& self, std::size_t axis, const std::byte* p) -> void {
        if (axis == ndim) {
            out.push_back(*reinterpret_cast<const T*>(p));
            return;
        }
        for (std::ptrdiff_t k = 0; k < a.shape()[axis]; ++k) self(self, axis + 1, p + k * a.strides()[axis]);
    };
    if (a.size()) walk(walk, 0, reinterpret_cast<const std::byte*>(a.data()));
    return out;
}

template <class T>
T parse(const std::string& s) {
    if constexpr (std::is_same_v<T, float>)
        return std::strtof(s.c_str(), nullptr);
    else
        return static_cast<T>(std::stoll(s));
}

struct tally {
    std::size_t cases = 0, overlapping = 0, explicit_cases = 0;
};

template <class T>
void run_case(const overlap_case& c, tally& n) {
    INFO(c.text);
    nd::array<T> base = make_base<T>(c.base);
    const nd::view<T> dst = make_view(base, c.dst);
    const nd::view<T> src = make_view(base, c.src);
    CHECK(nd::shares_memory(dst, src) == c.shares);
    if (c.op == "assign") {
        dst.assign(src);
    } else if (c.op == "assign_plus1") {
        dst.assign(src + 1);
    } else if (c.op == "add_out") {
        nd::add(src, dst, nd::out(dst));
    } else if (c.op == "iadd") {
        nd::view<T> target = dst;
        target += src;
    } else if (c.op == "add3_out") {
        nd::add(src, make_view(base, c.src2), nd::out(dst));
    } else if (c.op == "mul_sub") {
        dst.assign(src * 2 - make_view(base, c.src2));
    } else if (c.op == "array_assign") {
        base = src;
    } else {
        FAIL("unknown op " << c.op);
    }
    std::vector<T> want;
    const auto size = static_cast<std::size_t>(ndfix::to_int(c.result.at(1)));
    for (std::size_t k = 0; k < size; ++k) want.push_back(parse<T>(c.result.at(2 + k)));
    CHECK(c_order_values(base) == want);
    ++n.cases;
    n.overlapping += c.shares;
    n.explicit_cases += c.kind == "explicit";
}

}  // namespace

TEST_CASE("overlapping destinations give NumPy's results on copies", "[eval][overlap][fixtures]") {
    const auto cases = read_cases();
    REQUIRE(cases.size() >= 370);
    tally n;
    for (const auto& c : cases) {
        if (c.dtype == "int64")
            run_case<std::int64_t>(c, n);
        else if (c.dtype == "float32")
            run_case<float>(c, n);
        else
            FAIL("unknown dtype " << c.dtype);
    }
    CHECK(n.cases == cases.size());
    CHECK(n.overlapping >= 300);
    CHECK(n.explicit_cases == 16);
}

TEST_CASE("issue 3's aliasing examples", "[eval][overlap]") {
    SECTION("a(1:) = a(:-1) shifts right") {
        nd::array<int> a = nd::arange<int>(10);
        a(nd::slice(1, nd::none)) = a(nd::slice(nd::none, -1));
        CHECK(c_order_values(a) == std::vector<int>{0, 0, 1, 2, 3, 4, 5, 6, 7, 8});
    }
    SECTION("a(:-1) = a(1:) shifts left") {
        nd::array<int> a = nd::arange<int>(6);
        a(nd::slice(nd::none, -1)) = a(nd::slice(1, nd::none));
        CHECK(c_order_values(a) == std::vector<int>{1, 2, 3, 4, 5, 5});
    }
    SECTION("a = a.T() on a square array transposes in place") {
        nd::array<double> a = nd::arange<double>(9).reshape({3, 3});
        a = a.T();
        CHECK(a.shape() == nd::dim_vector{3, 3});
        CHECK(c_order_values(a) == std::vector<double>{0, 3, 6, 1, 4, 7, 2, 5, 8});
    }
    SECTION("a = a.T() on a 2x3 array reallocates as 3x2") {
        nd::array<double> a = nd::arange<double>(6).reshape({2, 3});
        a = a.T();
        CHECK(a.shape() == nd::dim_vector{3, 2});
        CHECK(c_order_values(a) == std::vector<double>{0, 3, 1, 4, 2, 5});
    }
    SECTION("x += x.T()") {
        nd::array<std::int64_t> x = nd::arange<std::int64_t>(9).reshape({3, 3});
        x += x.T();
        CHECK(c_order_values(x) == std::vector<std::int64_t>{0, 4, 8, 4, 8, 12, 8, 12, 16});
    }
    SECTION("np.add(y[:-1], y[1:], out=y[1:])") {
        nd::array<float> y = nd::arange<float>(10);
        nd::add(y(nd::slice(nd::none, -1)), y(nd::slice(1, nd::none)), nd::out(y(nd::slice(1, nd::none))));
        CHECK(c_order_values(y) == std::vector<float>{0, 1, 3, 5, 7, 9, 11, 13, 15, 17});
    }
    SECTION("a = a + 1 and a reversed view of itself") {
        nd::array<int> a = nd::arange<int>(5);
        a = a + 1;
        CHECK(c_order_values(a) == std::vector<int>{1, 2, 3, 4, 5});
        a.assign(a(nd::slice(nd::none, nd::none, -1)) * 10 + a);
        CHECK(c_order_values(a) == std::vector<int>{51, 42, 33, 24, 15});
    }
}
