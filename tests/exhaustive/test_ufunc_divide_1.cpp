// divide (true division: integers and bools divide as float64) on all ordered dtype pairs against
// NumPy, half 1: first operand bool, int8..int64, uint8, uint16. See
// tests/support/ufunc_fixtures.hpp and tests/fixtures/gen_ufuncs.py; fixture
// tests/fixtures/ufunc_cases.txt.

#include "../support/ufunc_fixtures.hpp"

TEST_CASE("divide matches NumPy on dtype pairs (bool, int8..int64, uint8, uint16 first)", "[expr][ufunc][fixtures]") {
    ufx::family_run run;
    ufx::binary_rows<nd::ops::divide, ufx::grid::full, 0, 7>(run);
    ufx::check_family_complete(run, ufx::ufunc_cases(), ufx::row_prefixes("divide", 0, 7), {}, {});
    CHECK(run.cases > 0);
    ufx::print_ulp_report("divide, half 1");
}
