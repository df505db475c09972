// float32 and float64 reductions against NumPy: tests/fixtures/reduction_cases.txt (written by
// tests/fixtures/gen_reductions.py), replayed by tests/support/reduction_fixtures.hpp. One
// translation unit per group of dtypes keeps compile times short.

#include "../support/reduction_fixtures.hpp"

TEST_CASE("float32 reductions match NumPy", "[reduce][fixtures]") { rfx::run_dtype<float>(); }
TEST_CASE("float64 reductions match NumPy", "[reduce][fixtures]") { rfx::run_dtype<double>(); }
