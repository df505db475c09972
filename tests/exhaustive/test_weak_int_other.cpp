// Weak C++ int scalars in comparisons, maximum, bitwise_and and arctan2.
// NEP 50: a C++ scalar next to an array is "weak", like a Python scalar under
// np._set_promotion_state('weak') in NumPy 1.24: it takes the array's dtype unless it is of a
// higher kind. Result dtype and values against NumPy (fixture tests/fixtures/weak_scalar_cases.txt
// from tests/fixtures/gen_ufuncs.py), the scalar on the right (R) and, for ufuncs that are not
// commutative, on the left (L); through the C++ operator where there is one, else the ufunc,
// and through the ufunc with nd::out.

#include "../support/ufunc_fixtures.hpp"

TEST_CASE("array op int scalar matches NumPy's weak promotion: comparisons and others",
          "[expr][ufunc][fixtures][weak]") {
    ufx::family_run run;
    ufx::weak<nd::ops::less, 'R', int>(run);
    ufx::weak<nd::ops::less, 'L', int>(run);
    ufx::weak<nd::ops::equal, 'R', int>(run);
    ufx::weak<nd::ops::maximum, 'R', int>(run);
    ufx::weak<nd::ops::bitwise_and, 'R', int>(run);
    ufx::weak<nd::ops::arctan2, 'R', int>(run);
    ufx::weak<nd::ops::arctan2, 'L', int>(run);
    ufx::check_weak_complete(run,
                             {"weak less R ", "weak less L ", "weak equal R ", "weak maximum R ", "weak bitwise_and R ",
                              "weak arctan2 R ", "weak arctan2 L "},
                             "int", {}, {});
    CHECK(run.cases > 0);
    ufx::print_ulp_report("weak int, comparisons and others");
}
