// sqrt (exact) and the transcendental functions (ULP tolerance) against NumPy on every dtype.
// NumPy's result dtype and values for every dtype pair of the grid named with each ufunc (see
// tests/support/ufunc_fixtures.hpp and tests/fixtures/gen_ufuncs.py; fixture
// tests/fixtures/ufunc_cases.txt). One translation unit per family keeps compile times short:
// each (ufunc, dtype pair) instantiates one kernel.

#include "../support/ufunc_fixtures.hpp"

TEST_CASE("math ufuncs match NumPy on every dtype", "[expr][ufunc][fixtures][math]") {
    ufx::family_run run;
    ufx::unary<nd::ops::sqrt>(run);
    ufx::unary<nd::ops::exp>(run);
    ufx::unary<nd::ops::log>(run);
    ufx::unary<nd::ops::log2>(run);
    ufx::unary<nd::ops::log10>(run);
    ufx::unary<nd::ops::sin>(run);
    ufx::unary<nd::ops::cos>(run);
    ufx::unary<nd::ops::tan>(run);
    ufx::unary<nd::ops::arcsin>(run);
    ufx::unary<nd::ops::arccos>(run);
    ufx::unary<nd::ops::arctan>(run);
    ufx::unary<nd::ops::sinh>(run);
    ufx::unary<nd::ops::cosh>(run);
    ufx::unary<nd::ops::tanh>(run);
    ufx::check_family_complete(
        run, ufx::ufunc_cases(),
        {"out1 sqrt ", "out1 exp ", "out1 log ", "out1 log2 ", "out1 log10 ", "out1 sin ", "out1 cos ", "out1 tan ",
         "out1 arcsin ", "out1 arccos ", "out1 arctan ", "out1 sinh ", "out1 cosh ", "out1 tanh "},
        {}, {});
    CHECK(run.cases > 0);
    ufx::print_ulp_report("math ufuncs match NumPy on every dtype");
}
