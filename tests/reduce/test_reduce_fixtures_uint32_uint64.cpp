// uint32 and uint64 reductions against NumPy: tests/fixtures/reduction_cases.txt (written by
// tests/fixtures/gen_reductions.py), replayed by tests/support/reduction_fixtures.hpp. One
// translation unit per group of dtypes keeps compile times short.

#include "../support/reduction_fixtures.hpp"

TEST_CASE("uint32 reductions match NumPy", "[reduce][fixtures]") { rfx::run_dtype<std::uint32_t>(); }
TEST_CASE("uint64 reductions match NumPy", "[reduce][fixtures]") { rfx::run_dtype<std::uint64_t>(); }
