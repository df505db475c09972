// equal (unordered pairs) against NumPy.
// NumPy's result dtype and values for every dtype pair of the grid named with each ufunc
// (full: all ordered pairs; unordered: commutative ufuncs, each unordered pair once; same:
// equal dtypes only). See tests/support/ufunc_fixtures.hpp and tests/fixtures/gen_ufuncs.py;
// fixture tests/fixtures/ufunc_cases.txt. One translation unit per family keeps compile times
// short: each (ufunc, dtype pair) instantiates one kernel.

#include "../support/ufunc_fixtures.hpp"

TEST_CASE("equal matches NumPy on dtype pairs", "[expr][ufunc][fixtures][comparison]") {
    ufx::family_run run;
    ufx::binary<nd::ops::equal, ufx::grid::unordered>(run);
    ufx::check_family_complete(run, ufx::ufunc_cases(), {"out2 equal "}, {}, {});
    CHECK(run.cases > 0);
    ufx::print_ulp_report("equal matches NumPy on dtype pairs");
}
