// logical_and (unordered pairs), logical_or and logical_xor (equal dtypes) against NumPy.
// NumPy's result dtype and values for every dtype pair of the grid named with each ufunc
// (full: all ordered pairs; unordered: commutative ufuncs, each unordered pair once; same:
// equal dtypes only). See tests/support/ufunc_fixtures.hpp and tests/fixtures/gen_ufuncs.py;
// fixture tests/fixtures/ufunc_cases.txt. One translation unit per family keeps compile times
// short: each (ufunc, dtype pair) instantiates one kernel.

#include "../support/ufunc_fixtures.hpp"

TEST_CASE("logical ufuncs match NumPy on dtype pairs", "[expr][ufunc][fixtures][logical]") {
    ufx::family_run run;
    ufx::binary<nd::ops::logical_and, ufx::grid::unordered>(run);
    ufx::binary<nd::ops::logical_or, ufx::grid::same>(run);
    ufx::binary<nd::ops::logical_xor, ufx::grid::same>(run);
    ufx::check_family_complete(run, ufx::ufunc_cases(), {"out2 logical_and ", "out2 logical_or ", "out2 logical_xor "},
                               {}, {});
    CHECK(run.cases > 0);
    ufx::print_ulp_report("logical ufuncs match NumPy on dtype pairs");
}
