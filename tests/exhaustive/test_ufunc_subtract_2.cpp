// subtract on all ordered dtype pairs against NumPy, half 2: first operand uint32, uint64, float32, float64, complex64,
// complex128. bool - bool has no NumPy loop (TypeError) and is a compile error in nd. See
// tests/support/ufunc_fixtures.hpp and tests/fixtures/gen_ufuncs.py; fixture
// tests/fixtures/ufunc_cases.txt.

#include "../support/ufunc_fixtures.hpp"

TEST_CASE("subtract matches NumPy on dtype pairs (uint32, uint64, float32, float64, complex64, complex128 first)",
          "[expr][ufunc][fixtures][arithmetic]") {
    ufx::family_run run;
    ufx::binary_rows<nd::ops::subtract, ufx::grid::full, 7, 13>(run);
    ufx::check_family_complete(run, ufx::ufunc_cases(), ufx::row_prefixes("subtract", 7, 13), {}, {});
    CHECK(run.cases > 0);
    ufx::print_ulp_report("subtract, half 2");
}
