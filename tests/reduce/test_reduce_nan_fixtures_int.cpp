// The nan-functions of bool and integer arrays (which hold no NaN: NumPy and nd take the plain
// reductions, tested on every dtype by the plain fixtures; three dtypes check the dispatch)
// against NumPy: tests/fixtures/nan_reduction_cases.txt (written by
// tests/fixtures/gen_reductions.py), replayed by tests/support/reduction_fixtures.hpp.

#include "../support/reduction_fixtures.hpp"

#include <cstdint>

TEST_CASE("bool and integer nan-functions match NumPy", "[reduce][fixtures][nan]") {
    rfx::run_dtype<bool, true>();
    rfx::run_dtype<std::uint8_t, true>();
    rfx::run_dtype<std::int64_t, true>();
}
