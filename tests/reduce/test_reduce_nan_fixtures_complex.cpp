// complex64 and complex128 nan-functions against NumPy: tests/fixtures/nan_reduction_cases.txt
// (written by tests/fixtures/gen_reductions.py), replayed by tests/support/reduction_fixtures.hpp.

#include "../support/reduction_fixtures.hpp"

#include <complex>

TEST_CASE("complex64 nan-functions match NumPy", "[reduce][fixtures][nan]") { rfx::run_dtype<std::complex<float>, true>(); }
TEST_CASE("complex128 nan-functions match NumPy", "[reduce][fixtures][nan]") { rfx::run_dtype<std::complex<double>, true>(); }
