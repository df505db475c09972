// Unary ufuncs other than the transcendental ones, and nd::round, against NumPy.
// NumPy's result dtype and values for every dtype pair of the grid named with each ufunc (see
// tests/support/ufunc_fixtures.hpp and tests/fixtures/gen_ufuncs.py; fixture
// tests/fixtures/ufunc_cases.txt). One translation unit per family keeps compile times short:
// each (ufunc, dtype pair) instantiates one kernel.

#include "../support/ufunc_fixtures.hpp"

TEST_CASE("unary ufuncs match NumPy on every dtype", "[expr][ufunc][fixtures][unary]") {
    ufx::family_run run;
    ufx::unary<nd::ops::negative>(run);
    ufx::unary<nd::ops::square>(run);
    ufx::unary<nd::ops::invert>(run);
    ufx::unary<nd::ops::logical_not>(run);
    ufx::unary<nd::ops::absolute>(run);
    ufx::unary<nd::ops::sign>(run);
    ufx::unary<nd::ops::floor>(run);
    ufx::unary<nd::ops::ceil>(run);
    ufx::unary<nd::ops::trunc>(run);
    ufx::unary<nd::ops::rint>(run);
    ufx::unary<nd::ops::isnan>(run);
    ufx::unary<nd::ops::isinf>(run);
    ufx::unary<nd::ops::isfinite>(run);
    ufx::check_family_complete(
        run, ufx::ufunc_cases(),
        {"out1 negative ", "out1 square ", "out1 invert ", "out1 logical_not ", "out1 absolute ", "out1 sign ",
         "out1 floor ", "out1 ceil ", "out1 trunc ", "out1 rint ", "out1 isnan ", "out1 isinf ", "out1 isfinite "},
        {"out1 sign bool"},                                // NumPy: no loop for bool
        {"out1 rint complex64", "out1 rint complex128"});  // nd: static_assert
    CHECK(run.cases > 0);
    ufx::print_ulp_report("unary ufuncs match NumPy on every dtype");
}

namespace {

template <std::size_t... I>
void round_all(ufx::family_run& run, std::index_sequence<I...>) {
    const ufx::ufunc_fixture& f = ufx::ufunc_cases();
    auto one = [&](auto tag) {
        using A = typename decltype(tag)::type;
        const std::string name(ufx::name_of<A>);
        const ufx::tokens& a_values = f.in1.at(name);
        const nd::array<A> a = ufx::make_array<A>(a_values);
        for (int decimals : {0, 1, 2, -1, -2}) {
            const std::string key = "out1 round:" + std::to_string(decimals) + " " + name;
            const auto found = f.out.find(key);
            if (found == f.out.end()) {
                REQUIRE(f.nocase.count("round:" + std::to_string(decimals) + " " + name));
                run.nd_only.push_back(key);
                continue;
            }
            using R = typename decltype(nd::round(a, decimals))::value_type;
            const nd::array<R> evaluated = nd::eval(nd::round(a, decimals));
            const ufx::strided_destination<R> out(a.size());
            nd::round(a, decimals, nd::out(out.view));
            ufx::check_case<R>(run, key, "round", found->second, {&a_values}, evaluated, out.view);
        }
    };
    (one(std::type_identity<ufx::type_at<I>>{}), ...);
}

}  // namespace

TEST_CASE("nd::round matches NumPy on every dtype", "[expr][ufunc][fixtures][unary][round]") {
    ufx::family_run run;
    round_all(run, std::make_index_sequence<ufx::type_count>{});
    // np.round of a bool array is float16 rint for decimals 0 and raises otherwise; nd keeps bool.
    ufx::check_family_complete(
        run, ufx::ufunc_cases(), {"out1 round:"},
        {"out1 round:0 bool", "out1 round:1 bool", "out1 round:2 bool", "out1 round:-1 bool", "out1 round:-2 bool"},
        {});
    CHECK(run.cases == 12 * 5);
    ufx::print_ulp_report("round");
}
