// int32 and int64 reductions against NumPy: tests/fixtures/reduction_cases.txt (written by
// tests/fixtures/gen_reductions.py), replayed by tests/support/reduction_fixtures.hpp. One
// translation unit per group of dtypes keeps compile times short.

#include "../support/reduction_fixtures.hpp"

TEST_CASE("int32 reductions match NumPy", "[reduce][fixtures]") { rfx::run_dtype<std::int32_t>(); }
TEST_CASE("int64 reductions match NumPy", "[reduce][fixtures]") { rfx::run_dtype<std::int64_t>(); }
