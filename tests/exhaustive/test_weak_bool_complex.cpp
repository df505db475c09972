// Weak C++ bool and std::complex<double> scalars.
// NEP 50: a C++ scalar next to an array is "weak", like a Python scalar under
// np._set_promotion_state('weak') in NumPy 1.24: it takes the array's dtype unless it is of a
// higher kind. Result dtype and values against NumPy (fixture tests/fixtures/weak_scalar_cases.txt
// from tests/fixtures/gen_ufuncs.py), the scalar on the right (R) and, for ufuncs that are not
// commutative, on the left (L); through the C++ operator where there is one, else the ufunc,
// and through the ufunc with nd::out.

#include "../support/ufunc_fixtures.hpp"

TEST_CASE("array op bool scalar matches NumPy's weak promotion: add, subtract, multiply, less",
          "[expr][ufunc][fixtures][weak]") {
    ufx::family_run run;
    ufx::weak<nd::ops::add, 'R', bool>(run);
    ufx::weak<nd::ops::subtract, 'R', bool>(run);
    ufx::weak<nd::ops::subtract, 'L', bool>(run);
    ufx::weak<nd::ops::multiply, 'R', bool>(run);
    ufx::weak<nd::ops::less, 'R', bool>(run);
    ufx::check_weak_complete(
        run, {"weak add R ", "weak subtract R ", "weak subtract L ", "weak multiply R ", "weak less R "}, "bool", {},
        {});
    CHECK(run.cases > 0);
    ufx::print_ulp_report("weak bool, add, subtract, multiply, less");
}

TEST_CASE("array op complex scalar matches NumPy's weak promotion: add, subtract, multiply, less",
          "[expr][ufunc][fixtures][weak]") {
    ufx::family_run run;
    ufx::weak<nd::ops::add, 'R', std::complex<double>>(run);
    ufx::weak<nd::ops::subtract, 'R', std::complex<double>>(run);
    ufx::weak<nd::ops::subtract, 'L', std::complex<double>>(run);
    ufx::weak<nd::ops::multiply, 'R', std::complex<double>>(run);
    ufx::weak<nd::ops::less, 'R', std::complex<double>>(run);
    ufx::check_weak_complete(
        run, {"weak add R ", "weak subtract R ", "weak subtract L ", "weak multiply R ", "weak less R "}, "complex", {},
        {});
    CHECK(run.cases > 0);
    ufx::print_ulp_report("weak complex, add, subtract, multiply, less");
}
