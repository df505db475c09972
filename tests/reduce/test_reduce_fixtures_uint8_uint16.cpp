// uint8 and uint16 reductions against NumPy: tests/fixtures/reduction_cases.txt (written by
// tests/fixtures/gen_reductions.py), replayed by tests/support/reduction_fixtures.hpp. One
// translation unit per group of dtypes keeps compile times short.

#include "../support/reduction_fixtures.hpp"

TEST_CASE("uint8 reductions match NumPy", "[reduce][fixtures]") { rfx::run_dtype<std::uint8_t>(); }
TEST_CASE("uint16 reductions match NumPy", "[reduce][fixtures]") { rfx::run_dtype<std::uint16_t>(); }
