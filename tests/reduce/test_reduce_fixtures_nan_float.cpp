// float32 and float64 nan-functions (nansum, nanmean, nanmin, nanmax, nanvar, nanstd,
// nanargmin, nanargmax) against NumPy: tests/fixtures/nan_reduction_cases.txt (written by
// tests/fixtures/gen_reductions.py), replayed by tests/support/reduction_fixtures.hpp. Named
// like the plain fixture units, so that the -march=native executable runs it too.

#include "../support/reduction_fixtures.hpp"

TEST_CASE("float32 nan-functions match NumPy", "[reduce][fixtures][nan]") { rfx::run_dtype<float, true>(); }
TEST_CASE("float64 nan-functions match NumPy", "[reduce][fixtures][nan]") { rfx::run_dtype<double, true>(); }
