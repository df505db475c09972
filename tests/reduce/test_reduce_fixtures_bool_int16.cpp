// bool, int8 and int16 reductions against NumPy: tests/fixtures/reduction_cases.txt (written by
// tests/fixtures/gen_reductions.py), replayed by tests/support/reduction_fixtures.hpp. One
// translation unit per group of dtypes keeps compile times short.

#include "../support/reduction_fixtures.hpp"

TEST_CASE("bool reductions match NumPy", "[reduce][fixtures]") { rfx::run_dtype<bool>(); }
TEST_CASE("int8 reductions match NumPy", "[reduce][fixtures]") { rfx::run_dtype<std::int8_t>(); }
TEST_CASE("int16 reductions match NumPy", "[reduce][fixtures]") { rfx::run_dtype<std::int16_t>(); }
