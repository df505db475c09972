// SEED.md, "Vectorization: Arrays, Not Loops": sum of squares with a loop and with arrays,
// both timed. Twin: examples/python/vectorization.py.
//
// NumPy's speedup over a Python loop comes from running compiled loops instead of the
// interpreter. C++ loops are already compiled, so here the point is the other way round:
// the array version reads like the NumPy and costs about what the hand-written loop costs
// (nd::sum(arr * arr) is one fused pass, with no array for arr * arr).
#include <nd/nd.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace {
// The loop, written as in SEED.md. clang rewrites it as a closed formula (n³/3 - ...), so
// under clang it may time as 0.0000s; g++ keeps the loop.
long sum_squares_loop(long n) {
    long total = 0;
    for (long i = 0; i < n; ++i) total += i * i;
    return total;
}

// The array version: np.sum(np.arange(n) ** 2), int64 throughout.
long sum_squares_nd(long n) {
    auto arr = nd::arange<long>(n);
    return nd::sum(arr * arr);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
} // namespace

int main(int argc, char** argv) {
    // Read at run time: with a constant n, g++ computes the loop's answer while compiling.
    const long n = argc > 1 ? std::atol(argv[1]) : 1000000;

    auto start = std::chrono::steady_clock::now();
    long result_loop = sum_squares_loop(n);
    double loop_time = seconds_since(start);

    start = std::chrono::steady_clock::now();
    long result_nd = sum_squares_nd(n);
    double nd_time = seconds_since(start);

    std::printf("Loop:  %.4fs (result: %ld)\n", loop_time, result_loop);
    std::printf("nd:    %.4fs (result: %ld)\n", nd_time, result_nd);
    std::printf("Speedup: %.1fx\n", loop_time / nd_time);
}
