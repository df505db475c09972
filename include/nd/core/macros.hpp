#pragma once
// The library's internal macros live here and only here; nd.hpp undefines them at its end
// so that nothing leaks into the programs that include nd.

#include <cassert>

/// `ND_ASSERT(cond)`: a check that costs nothing in release builds (NDEBUG), used on the
/// unchecked element access path where `at()` is the checked alternative.
#define ND_ASSERT(condition) assert(condition)
