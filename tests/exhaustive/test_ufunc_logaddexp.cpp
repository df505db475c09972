// logaddexp and logaddexp2 on unordered dtype pairs (commutative) against NumPy, within a ULP
// tolerance; real types only (NumPy has no complex loop; in nd a compile error). See
// tests/support/ufunc_fixtures.hpp and tests/fixtures/gen_ufuncs.py; fixture
// tests/fixtures/ufunc_cases.txt.

#include "../support/ufunc_fixtures.hpp"

TEST_CASE("logaddexp and logaddexp2 match NumPy on dtype pairs", "[expr][ufunc][fixtures][math]") {
    ufx::family_run run;
    ufx::binary<nd::ops::logaddexp, ufx::grid::unordered>(run);
    ufx::binary<nd::ops::logaddexp2, ufx::grid::unordered>(run);
    ufx::check_family_complete(run, ufx::ufunc_cases(), {"out2 logaddexp ", "out2 logaddexp2 "}, {}, {});
    CHECK(run.cases > 0);
    ufx::print_ulp_report("logaddexp");
}
