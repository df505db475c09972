// not_equal, less_equal, greater and greater_equal on equal dtypes against NumPy.
// NumPy's result dtype and values for every dtype pair of the grid named with each ufunc
// (full: all ordered pairs; unordered: commutative ufuncs, each unordered pair once; same:
// equal dtypes only). See tests/support/ufunc_fixtures.hpp and tests/fixtures/gen_ufuncs.py;
// fixture tests/fixtures/ufunc_cases.txt. One translation unit per family keeps compile times
// short: each (ufunc, dtype pair) instantiates one kernel.

#include "../support/ufunc_fixtures.hpp"

TEST_CASE("comparisons match NumPy on equal dtypes", "[expr][ufunc][fixtures][comparison]") {
    ufx::family_run run;
    ufx::binary<nd::ops::not_equal, ufx::grid::same>(run);
    ufx::binary<nd::ops::less_equal, ufx::grid::same>(run);
    ufx::binary<nd::ops::greater, ufx::grid::same>(run);
    ufx::binary<nd::ops::greater_equal, ufx::grid::same>(run);
    ufx::check_family_complete(run, ufx::ufunc_cases(),
                               {"out2 not_equal ", "out2 less_equal ", "out2 greater ", "out2 greater_equal "}, {}, {});
    CHECK(run.cases > 0);
    ufx::print_ulp_report("comparisons match NumPy on equal dtypes");
}
