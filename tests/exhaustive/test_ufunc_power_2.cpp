// power on all ordered dtype pairs against NumPy, half 2: first operand uint32, uint64, float32, float64, complex64,
// complex128. Integer powers wrap around and must match bit for bit (negative integer exponents, an error in NumPy, are
// left out of the fixture); float powers within a ULP tolerance (NumPy 1.24 uses SVML's pow on AVX512 machines). See
// tests/support/ufunc_fixtures.hpp and tests/fixtures/gen_ufuncs.py; fixture tests/fixtures/ufunc_cases.txt.

#include "../support/ufunc_fixtures.hpp"

TEST_CASE("power matches NumPy on dtype pairs (uint32, uint64, float32, float64, complex64, complex128 first)",
          "[expr][ufunc][fixtures][arithmetic]") {
    ufx::family_run run;
    ufx::binary_rows<nd::ops::power, ufx::grid::full, 7, 13>(run);
    ufx::check_family_complete(run, ufx::ufunc_cases(), ufx::row_prefixes("power", 7, 13), {}, {});
    CHECK(run.cases > 0);
    ufx::print_ulp_report("power, half 2");
}
