// The nan-functions of bool and integer arrays (which hold no NaN: NumPy and nd take the plain
// reductions) against NumPy: tests/fixtures/nan_reduction_cases.txt (written by
// tests/fixtures/gen_reductions.py), replayed by tests/support/reduction_fixtures.hpp.

#include "../support/reduction_fixtures.hpp"

#include <cstdint>

TEST_CASE("bool and integer nan-functions match NumPy", "[reduce][fixtures][nan]") {
    rfx::run_dtype<bool, true>();
    rfx::run_dtype<std::int8_t, true>();
    rfx::run_dtype<std::int16_t, true>();
    rfx::run_dtype<std::int32_t, true>();
    rfx::run_dtype<std::int64_t, true>();
    rfx::run_dtype<std::uint8_t, true>();
    rfx::run_dtype<std::uint16_t, true>();
    rfx::run_dtype<std::uint32_t, true>();
    rfx::run_dtype<std::uint64_t, true>();
}
