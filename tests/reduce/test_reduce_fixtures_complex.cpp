// complex64 and complex128 reductions against NumPy: tests/fixtures/reduction_cases.txt (written by
// tests/fixtures/gen_reductions.py), replayed by tests/support/reduction_fixtures.hpp. One
// translation unit per group of dtypes keeps compile times short.

#include "../support/reduction_fixtures.hpp"

TEST_CASE("complex64 reductions match NumPy", "[reduce][fixtures]") { rfx::run_dtype<std::complex<float>>(); }
TEST_CASE("complex128 reductions match NumPy", "[reduce][fixtures]") { rfx::run_dtype<std::complex<double>>(); }
