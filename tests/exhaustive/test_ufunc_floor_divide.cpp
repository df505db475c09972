// floor_divide (Python signs; integer division by zero gives 0, INT_MIN // -1 wraps) on all
// ordered dtype pairs against NumPy.
// NumPy's result dtype and values for every dtype pair of the grid named with each ufunc (see
// tests/support/ufunc_fixtures.hpp and tests/fixtures/gen_ufuncs.py; fixture
// tests/fixtures/ufunc_cases.txt). One translation unit per family keeps compile times short:
// each (ufunc, dtype pair) instantiates one kernel.

#include "../support/ufunc_fixtures.hpp"

TEST_CASE("floor_divide matches NumPy on dtype pairs", "[expr][ufunc][fixtures][arithmetic]") {
    ufx::family_run run;
    ufx::binary<nd::ops::floor_divide, ufx::grid::full>(run);
    ufx::check_family_complete(run, ufx::ufunc_cases(), {"out2 floor_divide "}, {}, {});
    CHECK(run.cases > 0);
    ufx::print_ulp_report("floor_divide");
}
