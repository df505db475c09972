// Weak C++ double scalars in arithmetic.
// NEP 50: a C++ scalar next to an array is "weak", like a Python scalar under
// np._set_promotion_state('weak') in NumPy 1.24: it takes the array's dtype unless it is of a
// higher kind. Result dtype and values against NumPy (fixture tests/fixtures/weak_scalar_cases.txt
// from tests/fixtures/gen_ufuncs.py), the scalar on the right (R) and, for ufuncs that are not
// commutative, on the left (L); through the C++ operator where there is one, else the ufunc,
// and through the ufunc with nd::out.

#include "../support/ufunc_fixtures.hpp"

TEST_CASE("array op double scalar matches NumPy's weak promotion: arithmetic", "[expr][ufunc][fixtures][weak]") {
    ufx::family_run run;
    ufx::weak<nd::ops::add, 'R', double>(run);
    ufx::weak<nd::ops::subtract, 'R', double>(run);
    ufx::weak<nd::ops::subtract, 'L', double>(run);
    ufx::weak<nd::ops::multiply, 'R', double>(run);
    ufx::weak<nd::ops::divide, 'R', double>(run);
    ufx::weak<nd::ops::divide, 'L', double>(run);
    ufx::weak<nd::ops::floor_divide, 'R', double>(run);
    ufx::weak<nd::ops::floor_divide, 'L', double>(run);
    ufx::weak<nd::ops::remainder, 'R', double>(run);
    ufx::weak<nd::ops::remainder, 'L', double>(run);
    ufx::weak<nd::ops::power, 'R', double>(run);
    ufx::weak<nd::ops::power, 'L', double>(run);
    ufx::check_weak_complete(run,
                             {"weak add R ", "weak subtract R ", "weak subtract L ", "weak multiply R ",
                              "weak divide R ", "weak divide L ", "weak floor_divide R ", "weak floor_divide L ",
                              "weak remainder R ", "weak remainder L ", "weak power R ", "weak power L "},
                             "double", {}, {});
    CHECK(run.cases > 0);
    ufx::print_ulp_report("weak double, arithmetic");
}
