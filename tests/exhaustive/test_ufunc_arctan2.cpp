// arctan2 on all ordered dtype pairs against NumPy, within a ULP tolerance; real types only
// (NumPy has no complex loop; in nd a compile error). See tests/support/ufunc_fixtures.hpp and
// tests/fixtures/gen_ufuncs.py; fixture tests/fixtures/ufunc_cases.txt.

#include "../support/ufunc_fixtures.hpp"

TEST_CASE("arctan2 matches NumPy on dtype pairs", "[expr][ufunc][fixtures][math]") {
    ufx::family_run run;
    ufx::binary<nd::ops::arctan2, ufx::grid::full>(run);
    ufx::check_family_complete(run, ufx::ufunc_cases(), {"out2 arctan2 "}, {}, {});
    CHECK(run.cases > 0);
    ufx::print_ulp_report("arctan2");
}
