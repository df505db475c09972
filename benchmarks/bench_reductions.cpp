// Reductions (issue 4's cases) against a plain SIMD read of the same bytes and hand-written
// loops, float32 and float64 (see bench_common.hpp for names, fixtures and byte counts):
//   <case>/<dtype>/<size>/read   a plain read of the same bytes: a sum of every input element into
//                                an array of accumulators (4 x 512 bits), which -O3 -march=native
//                                turns into SIMD adds; the bound for a reduction
//   <case>/<dtype>/<size>/hand   the loop a good engineer writes by hand
//   <case>/<dtype>/<size>/nd     nd, written as a user would write it
// Cases (bytes per iteration = elements read + elements written, times itemsize):
//   sum_all     nd::sum(a), a of 16M elements                         n
//               hand: blocks of 1024 summed in float accumulators (SIMD), the block sums in double
//   sum_axis0   out.assign(nd::sum(m, 0)) ... written as nd::sum(m, 0, nd::out(out)), m C order   RC + C
//               hand: out = 0, then out[j] += m[i][j] row after row
//   sum_axis1   nd::sum(m, 1, nd::out(out))                             RC + R
//               hand: each row summed into an array of accumulators
//               shapes 4096x4096, 10x100000 and 100000x10
//   mean_ab     nd::mean(a * b), 16M elements each                    2n
//               hand: blocks of 1024 products in float accumulators, block sums in double
//   min, max    nd::min(a), nd::max(a)                                 n
//               hand: minimum/maximum into an array of accumulators (SIMD)
//   argmax      nd::argmax(a)                                          n
//               hand: one pass keeping the best value and its index
//   nansum      nd::nansum(a), every 97th element NaN                  n
//               hand: sum_all's blocks with a NaN counted as 0
//   nanmax      nd::nanmax(a), the same values                         n
//               hand: from -inf, best < x ? x : best (a NaN x compares false)
// Values are uniform in [0, 1) (sums of positive values: nd's and the hand loop's results are
// compared with a relative tolerance once per case).
#include "bench_common.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using ndbench::case_key;
using ndbench::count_tag;
using ndbench::shape_tag;
using ndbench::uniform;

constexpr std::ptrdiff_t large_n = std::ptrdiff_t{1} << 24;  // 16.7M elements: out of cache

template <class T>
constexpr std::int64_t isize = static_cast<std::int64_t>(sizeof(T));

// Accumulators of the plain read and the hand loops: four 512-bit registers' worth.
template <class T>
constexpr std::ptrdiff_t lanes = 4 * 64 / static_cast<std::ptrdiff_t>(sizeof(T));

// ---- baselines ------------------------------------------------------------------------------

// The plain read: every element added into one of `lanes` accumulators (no pairwise care).
template <class T>
T read_sum(const T* __restrict a, std::ptrdiff_t n) {
    constexpr std::ptrdiff_t L = lanes<T>;
    T acc[L] = {};
    std::ptrdiff_t i = 0;
    for (; i + L <= n; i += L)
        for (std::ptrdiff_t k = 0; k < L; ++k) acc[k] += a[i + k];
    T total = 0;
    for (; i < n; ++i) total += a[i];
    for (std::ptrdiff_t k = 0; k < L; ++k) total += acc[k];
    return total;
}

// The plain read of two arrays (mean_ab's bytes).
template <class T>
T read_sum2(const T* __restrict a, const T* __restrict b, std::ptrdiff_t n) {
    constexpr std::ptrdiff_t L = lanes<T>;
    T acc[L] = {};
    std::ptrdiff_t i = 0;
    for (; i + L <= n; i += L)
        for (std::ptrdiff_t k = 0; k < L; ++k) acc[k] += a[i + k] + b[i + k];
    T total = 0;
    for (; i < n; ++i) total += a[i] + b[i];
    for (std::ptrdiff_t k = 0; k < L; ++k) total += acc[k];
    return total;
}

constexpr std::ptrdiff_t hand_block = 1024;

// Blocks of 1024 summed in SIMD float accumulators, the block sums added in double: fast and
// accurate (what a careful engineer writes instead of a plain loop).
template <class T>
T hand_sum(const T* __restrict a, std::ptrdiff_t n) {
    double total = 0;
    for (std::ptrdiff_t start = 0; start < n; start += hand_block)
        total += static_cast<double>(read_sum(a + start, std::min(hand_block, n - start)));
    return static_cast<T>(total);
}

template <class T>
T hand_dot_block(const T* __restrict a, const T* __restrict b, std::ptrdiff_t n) {
    constexpr std::ptrdiff_t L = lanes<T>;
    T acc[L] = {};
    std::ptrdiff_t i = 0;
    for (; i + L <= n; i += L)
        for (std::ptrdiff_t k = 0; k < L; ++k) acc[k] += a[i + k] * b[i + k];
    T total = 0;
    for (; i < n; ++i) total += a[i] * b[i];
    for (std::ptrdiff_t k = 0; k < L; ++k) total += acc[k];
    return total;
}

template <class T>
T hand_mean_ab(const T* __restrict a, const T* __restrict b, std::ptrdiff_t n) {
    double total = 0;
    for (std::ptrdiff_t start = 0; start < n; start += hand_block)
        total += static_cast<double>(hand_dot_block(a + start, b + start, std::min(hand_block, n - start)));
    return static_cast<T>(total / static_cast<double>(n));
}

template <class T>
void hand_sum_axis0(T* __restrict out, const T* __restrict m, std::ptrdiff_t rows, std::ptrdiff_t cols) {
    for (std::ptrdiff_t j = 0; j < cols; ++j) out[j] = 0;
    for (std::ptrdiff_t i = 0; i < rows; ++i) {
        const T* __restrict row = m + i * cols;
        for (std::ptrdiff_t j = 0; j < cols; ++j) out[j] += row[j];
    }
}

template <class T>
void hand_sum_axis1(T* __restrict out, const T* __restrict m, std::ptrdiff_t rows, std::ptrdiff_t cols) {
    for (std::ptrdiff_t i = 0; i < rows; ++i) out[i] = read_sum(m + i * cols, cols);
}

template <class T, bool Largest>
T better(T best, T x) {
    if constexpr (Largest) return best < x ? x : best;  // (a ternary, which GCC turns into vmaxps)
    else return x < best ? x : best;
}

template <class T, bool Largest>
T hand_extreme(const T* __restrict a, std::ptrdiff_t n) {
    constexpr std::ptrdiff_t L = lanes<T>;
    T acc[L];
    for (std::ptrdiff_t k = 0; k < L; ++k) acc[k] = a[0];
    std::ptrdiff_t i = 0;
    for (; i + L <= n; i += L)
        for (std::ptrdiff_t k = 0; k < L; ++k) acc[k] = better<T, Largest>(acc[k], a[i + k]);
    T best = acc[0];
    for (; i < n; ++i) best = better<T, Largest>(best, a[i]);
    for (std::ptrdiff_t k = 0; k < L; ++k) best = better<T, Largest>(best, acc[k]);
    return best;
}

template <class T>
std::int64_t hand_argmax(const T* __restrict a, std::ptrdiff_t n) {
    std::int64_t index = 0;
    T best = a[0];
    for (std::ptrdiff_t i = 1; i < n; ++i) {
        if (a[i] > best) {
            best = a[i];
            index = i;
        }
    }
    return index;
}

// ---- registration --------------------------------------------------------------------------

// Relative tolerance of the check of nd's result against the hand loop's: the hand loops add
// 10^5 rows one after another in the element type, as NumPy does along axis 0, and another
// order of the same float32 additions differs by a few 1e-5 (sum_axis0/f32/100000x10 did by
// 1.1e-5 in an AVX2 build). Accuracy itself is tested in tests/reduce/test_reduce_accuracy.cpp.
template <class R>
constexpr double reduction_tolerance = sizeof(R) == 4 ? 1e-4 : 1e-11;

// Registers the read, hand and nd benchmarks of one case. `make()` builds the fixture (once,
// outside the timed loops); `read(f)`, `hand(f)` and `nd_impl(f)` run one iteration: read
// returns a value, hand and nd return a pointer to their result (`out_count` elements of R).
// Once per case, after its timed loop, the nd benchmark checks its result against the hand
// loop's.
template <class Fixture, class R, class Make, class Read, class Hand, class Nd>
void add_case(const std::string& key, std::int64_t bytes, std::ptrdiff_t out_count, Make make, Read read, Hand hand,
              Nd nd_impl) {
    ndbench::case_registration registration(key, ndbench::unit_for_bytes(bytes));
    registration.add("read", [key, bytes, make, read](benchmark::State& state) {
        Fixture& f = ndbench::fixture<Fixture>(key, make);
        for (auto _ : state) {
            auto value = read(f);
            benchmark::DoNotOptimize(value);
        }
        ndbench::set_bytes(state, bytes);
    });
    registration.add("hand", [key, bytes, make, hand](benchmark::State& state) {
        Fixture& f = ndbench::fixture<Fixture>(key, make);
        for (auto _ : state) {
            benchmark::DoNotOptimize(hand(f));
            benchmark::ClobberMemory();
        }
        ndbench::set_bytes(state, bytes);
    });
    registration.add("nd", [key, bytes, out_count, make, hand, nd_impl](benchmark::State& state) {
        Fixture& f = ndbench::fixture<Fixture>(key, make);
        for (auto _ : state) {
            benchmark::DoNotOptimize(nd_impl(f));
            benchmark::ClobberMemory();
        }
        ndbench::set_bytes(state, bytes);
        if (ndbench::first_time(key)) {
            const R* out = nd_impl(f);
            const std::vector<R> nd_result(out, out + out_count);
            const std::string mismatch = ndbench::compare_results(nd_result.data(), hand(f), out_count, reduction_tolerance<R>);
            if (!mismatch.empty()) state.SkipWithError(mismatch.c_str());
        }
    });
    registration.register_rounds();
}

template <class T>
struct vector_fixture {
    nd::array<T> a;
    T nd_out = 0, hand_out = 0;
};

template <class T>
void sum_all(std::ptrdiff_t n) {
    using F = vector_fixture<T>;
    add_case<F, T>(
        case_key<T>("sum_all", count_tag(n)), n * isize<T>, 1, [n] { return F{uniform<T>({n}, 0, 1, 21)}; },
        [n](F& f) { return read_sum(f.a.data(), n); },
        [n](F& f) {
            f.hand_out = hand_sum(f.a.data(), n);
            return &f.hand_out;
        },
        [](F& f) {
            f.nd_out = nd::sum(f.a);
            return &f.nd_out;
        });
}

template <class T, bool Largest>
void extreme(std::ptrdiff_t n) {
    using F = vector_fixture<T>;
    add_case<F, T>(
        case_key<T>(Largest ? "max" : "min", count_tag(n)), n * isize<T>, 1, [n] { return F{uniform<T>({n}, 0, 1, 22)}; },
        [n](F& f) { return read_sum(f.a.data(), n); },
        [n](F& f) {
            f.hand_out = hand_extreme<T, Largest>(f.a.data(), n);
            return &f.hand_out;
        },
        [](F& f) {
            f.nd_out = Largest ? nd::max(f.a) : nd::min(f.a);
            return &f.nd_out;
        });
}

// Uniform values in [0, 1) with every 97th element NaN, for the nan-functions.
template <class T>
nd::array<T> uniform_with_nan(std::ptrdiff_t n, unsigned seed) {
    nd::array<T> a = uniform<T>({n}, 0, 1, seed);
    for (std::ptrdiff_t i = 0; i < n; i += 97) a.data()[i] = std::numeric_limits<T>::quiet_NaN();
    return a;
}

// nansum by hand: hand_sum's blocks, a NaN counted as 0 (GCC vectorizes the select).
template <class T>
T hand_nansum(const T* __restrict a, std::ptrdiff_t n) {
    constexpr std::ptrdiff_t L = lanes<T>;
    double total = 0;
    for (std::ptrdiff_t start = 0; start < n; start += hand_block) {
        const std::ptrdiff_t end = std::min(start + hand_block, n);
        T acc[L] = {};
        std::ptrdiff_t i = start;
        for (; i + L <= end; i += L)
            for (std::ptrdiff_t k = 0; k < L; ++k) acc[k] += a[i + k] == a[i + k] ? a[i + k] : T(0);
        T block = 0;
        for (; i < end; ++i) block += a[i] == a[i] ? a[i] : T(0);
        for (std::ptrdiff_t k = 0; k < L; ++k) block += acc[k];
        total += static_cast<double>(block);
    }
    return static_cast<T>(total);
}

// nanmax by hand: from -inf, `best < x ? x : best` (false for a NaN x, which is so skipped).
template <class T>
T hand_nanmax(const T* __restrict a, std::ptrdiff_t n) {
    constexpr std::ptrdiff_t L = lanes<T>;
    T acc[L];
    for (std::ptrdiff_t k = 0; k < L; ++k) acc[k] = -std::numeric_limits<T>::infinity();
    std::ptrdiff_t i = 0;
    for (; i + L <= n; i += L)
        for (std::ptrdiff_t k = 0; k < L; ++k) acc[k] = better<T, true>(acc[k], a[i + k]);
    T best = acc[0];
    for (std::ptrdiff_t k = 1; k < L; ++k) best = better<T, true>(best, acc[k]);
    for (; i < n; ++i) best = better<T, true>(best, a[i]);
    return best;
}

template <class T>
void nansum_case(std::ptrdiff_t n) {
    using F = vector_fixture<T>;
    add_case<F, T>(
        case_key<T>("nansum", count_tag(n)), n * isize<T>, 1, [n] { return F{uniform_with_nan<T>(n, 27)}; },
        [n](F& f) { return read_sum(f.a.data(), n); },
        [n](F& f) {
            f.hand_out = hand_nansum(f.a.data(), n);
            return &f.hand_out;
        },
        [](F& f) {
            f.nd_out = nd::nansum(f.a);
            return &f.nd_out;
        });
}

template <class T>
void nanmax_case(std::ptrdiff_t n) {
    using F = vector_fixture<T>;
    add_case<F, T>(
        case_key<T>("nanmax", count_tag(n)), n * isize<T>, 1, [n] { return F{uniform_with_nan<T>(n, 28)}; },
        [n](F& f) { return read_sum(f.a.data(), n); },
        [n](F& f) {
            f.hand_out = hand_nanmax(f.a.data(), n);
            return &f.hand_out;
        },
        [](F& f) {
            f.nd_out = nd::nanmax(f.a);
            return &f.nd_out;
        });
}

template <class T>
void argmax(std::ptrdiff_t n) {
    struct F {
        nd::array<T> a;
        double nd_out = 0, hand_out = 0;  // the indices, compared as doubles
    };
    add_case<F, double>(
        case_key<T>("argmax", count_tag(n)), n * isize<T>, 1, [n] { return F{uniform<T>({n}, 0, 1, 23)}; },
        [n](F& f) { return read_sum(f.a.data(), n); },
        [n](F& f) {
            f.hand_out = static_cast<double>(hand_argmax(f.a.data(), n));
            return &f.hand_out;
        },
        [](F& f) {
            f.nd_out = static_cast<double>(nd::argmax(f.a));
            return &f.nd_out;
        });
}

template <class T>
void mean_ab(std::ptrdiff_t n) {
    struct F {
        nd::array<T> a, b;
        T nd_out = 0, hand_out = 0;
    };
    add_case<F, T>(
        case_key<T>("mean_ab", count_tag(n)), 2 * n * isize<T>, 1,
        [n] { return F{uniform<T>({n}, 0, 1, 24), uniform<T>({n}, 0, 1, 25)}; },
        [n](F& f) { return read_sum2(f.a.data(), f.b.data(), n); },
        [n](F& f) {
            f.hand_out = hand_mean_ab(f.a.data(), f.b.data(), n);
            return &f.hand_out;
        },
        [](F& f) {
            f.nd_out = nd::mean(f.a * f.b);
            return &f.nd_out;
        });
}

template <class T, int Axis>
void sum_axis(std::ptrdiff_t rows, std::ptrdiff_t cols) {
    struct F {
        nd::array<T> m, nd_out, hand_out;
    };
    const std::ptrdiff_t out_count = Axis == 0 ? cols : rows;
    add_case<F, T>(
        case_key<T>(Axis == 0 ? "sum_axis0" : "sum_axis1", shape_tag({rows, cols})), (rows * cols + out_count) * isize<T>,
        out_count,
        [=] {
            return F{uniform<T>({rows, cols}, 0, 1, 26), ndbench::output<T>({out_count}), ndbench::output<T>({out_count})};
        },
        [=](F& f) { return read_sum(f.m.data(), rows * cols); },
        [=](F& f) {
            if constexpr (Axis == 0) hand_sum_axis0(f.hand_out.data(), f.m.data(), rows, cols);
            else hand_sum_axis1(f.hand_out.data(), f.m.data(), rows, cols);
            return f.hand_out.data();
        },
        [](F& f) {
            nd::sum(f.m, Axis, nd::out(f.nd_out));
            return f.nd_out.data();
        });
}

// Registration in table order: each case for f32 then f64.
template <class Register>
void for_each_type(Register&& register_case) {
    register_case.template operator()<float>();
    register_case.template operator()<double>();
}

[[maybe_unused]] const bool registered = [] {
    for_each_type([]<class T>() { sum_all<T>(large_n); });
    for_each_type([]<class T>() {
        sum_axis<T, 0>(4096, 4096);
        sum_axis<T, 0>(10, 100000);
        sum_axis<T, 0>(100000, 10);
    });
    for_each_type([]<class T>() {
        sum_axis<T, 1>(4096, 4096);
        sum_axis<T, 1>(10, 100000);
        sum_axis<T, 1>(100000, 10);
    });
    for_each_type([]<class T>() { mean_ab<T>(large_n); });
    for_each_type([]<class T>() { extreme<T, false>(large_n); });
    for_each_type([]<class T>() { extreme<T, true>(large_n); });
    for_each_type([]<class T>() { argmax<T>(large_n); });
    for_each_type([]<class T>() { nansum_case<T>(large_n); });
    for_each_type([]<class T>() { nanmax_case<T>(large_n); });
    return true;
}();

}  // namespace
