// nd::where and nd::clip against NumPy (fixture tests/fixtures/ufunc_cases.txt): every dtype
// paired with itself and with float64, for where(c, x, y) with a bool condition and for
// clip(x, lo, hi) with lo and hi of the second dtype (hi a reversed view); and where with a
// condition of every dtype (x and y float64, then int64).

#include "../support/ufunc_fixtures.hpp"

namespace {

using namespace ufx;

template <std::size_t I, std::size_t J>
void where_and_clip(family_run& run) {
    using X = type_at<I>;
    using Y = type_at<J>;
    const ufunc_fixture& f = ufunc_cases();
    const std::string types = std::string(name_of<X>) + " " + std::string(name_of<Y>);
    const auto& inputs = f.in2.at({std::string(name_of<X>), std::string(name_of<Y>)});
    const nd::array<X> x = make_array<X>(inputs.first);
    const nd::array<Y> y = make_array<Y>(inputs.second);
    const auto n = x.size();
    nd::array<bool> condition = nd::empty<bool>({n});
    tokens condition_tokens;
    for (std::ptrdiff_t k = 0; k < n; ++k) {
        condition.data()[k] = k % 3 == 0;
        condition_tokens.push_back(k % 3 == 0 ? "1" : "0");
    }
    {
        using R = typename decltype(nd::where(condition, x, y))::value_type;
        const nd::array<R> evaluated = nd::eval(nd::where(condition, x, y));
        const strided_destination<R> out(n);
        nd::where(condition, x, y, nd::out(out.view));
        check_case<R>(run, "where " + types, "where", f.out.at("where " + types),
                      {&condition_tokens, &inputs.first, &inputs.second}, evaluated, out.view);
    }
    {
        const nd::view<const Y> reversed = y(nd::slice(nd::none, nd::none, -1));
        tokens reversed_tokens(inputs.second.rbegin(), inputs.second.rend());
        using R = typename decltype(nd::clip(x, y, reversed))::value_type;
        const nd::array<R> evaluated = nd::eval(nd::clip(x, y, reversed));
        const strided_destination<R> out(n);
        nd::clip(x, y, reversed, nd::out(out.view));
        check_case<R>(run, "clip " + types, "clip", f.out.at("clip " + types),
                      {&inputs.first, &inputs.second, &reversed_tokens}, evaluated, out.view);
    }
}

/// where(c, x, -x) with a condition of dtype C and x = 1..n of type X.
template <std::size_t I, class X>
void condition_of_type(family_run& run, const std::string& word) {
    using C = type_at<I>;
    const ufunc_fixture& f = ufunc_cases();
    const tokens& c_tokens = f.in1.at(std::string(name_of<C>));
    const nd::array<C> condition = make_array<C>(c_tokens);
    const auto n = condition.size();
    nd::array<X> x = nd::arange<X>(1.0, static_cast<double>(n) + 1.0);
    nd::array<X> y = nd::eval(-x);
    const std::string key = word + " " + std::string(name_of<C>);
    const nd::array<X> evaluated = nd::eval(nd::where(condition, x, y));
    const strided_destination<X> out(n);
    nd::where(condition, x, y, nd::out(out.view));
    check_case<X>(run, key, "where", f.out.at(key), {&c_tokens}, evaluated, out.view);
}

template <std::size_t... I>
void all_types(family_run& run, std::index_sequence<I...>) {
    constexpr std::size_t f64 = 10;
    static_assert(std::is_same_v<type_at<f64>, double>);
    ((where_and_clip<I, I>(run), (I != f64 ? where_and_clip<I, f64>(run) : void())), ...);
    (condition_of_type<I, double>(run, "where_cond"), ...);
    (condition_of_type<I, std::int64_t>(run, "where_cond_int"), ...);
}

}  // namespace

TEST_CASE("where and clip match NumPy on dtype pairs", "[expr][ufunc][fixtures][where]") {
    family_run run;
    all_types(run, std::make_index_sequence<type_count>{});
    check_family_complete(run, ufunc_cases(), {"where ", "clip ", "where_cond ", "where_cond_int "}, {}, {});
    CHECK(run.cases == 13 * 2 + 12 * 2 + 13 * 2);
    print_ulp_report("where, clip");
}
