// The SIMD kernels at their edges: lengths 0, 1, W-1, W, W+1 and 2W+3 (W = nd::simd::width<T>, 1
// without SIMD) on operands and destinations that start one element into their buffer (so never at
// the allocation's alignment), for float and double here and for int32, int64 and uint8 in
// test_simd_edges_int.cpp (one translation unit each keeps compile times short). + - * /, minimum,
// maximum and the comparisons must give, bit for bit, what a plain scalar loop
// (tests/support/simd_edges.hpp) gives; that loop follows NumPy: NaN, +-inf and +-0 as IEEE 754
// says, integer arithmetic wrapping around (INT_MAX + 1 is INT_MIN), / true division in double for
// integers. The elements just before and after the destination must stay untouched (the partial
// last batch writes only its own elements). CI runs this file with SIMD on and with ND_SIMD=OFF:
// both must pass.

#include "../support/simd_edges.hpp"

TEMPLATE_TEST_CASE("SIMD and scalar paths agree with a NumPy-semantics scalar loop at the edges", "[eval][simd]", float,
                   double) {
    simd_edges::check_all_ops<TestType>();
}
