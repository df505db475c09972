// Advanced indexing (issue 27's cases) against memcpy and hand-written loops: boolean selection,
// gathers by integer arrays and masked writes are where a library loses most easily to a plain
// loop, so each case keeps the loop an engineer would write beside nd's one-liner.
//
// Names, fixtures and byte counts follow bench_common.hpp; the size part of a name carries
// what else distinguishes the case, so that every name keeps its four parts:
//   <case>/<dtype>/<size>/memcpy   memcpy of as many bytes as the case counts
//   <case>/<dtype>/<size>/hand     the loop a good engineer writes by hand
//   <case>/<dtype>/<size>/nd       nd, written as a user would write it
// Cases (bytes per iteration in elements times itemsize):
//   mask_select  nd::array<T> r = x(x > t): x uniform in [0, 1), t = 1 - density, so that
//                1%, 50% or 99% of the elements are kept; f32 and f64, 16M and 16K elements;
//                size "16M_1pct" ...                                             n (input)
//                hand: the branchless loop into a preallocated output of n elements,
//                  *out = x[i]; out += x[i] > t;  kept scalar (see select_greater_hand)
//   take         nd::array<float> r = nd::take(x, indices): 1M int64 indices into 16M floats,
//                random ("16M_1M_random") or the same sorted ("16M_1M_sorted")
//                                                    indices read + elements gathered + written
//                hand: out[i] = x[indices[i]]
//   take_rows    nd::array<float> r = m(rows): 1000 random rows of a 4096x4096 float array
//                ("4096x4096_1000rows")                  indices read + rows read + rows written
//                memcpy: one memcpy per row (the bound for a row gather, instead of one big
//                  memcpy); hand: the same rows copied by a plain loop
//   set_mask     x.set(x < 0, 0.0f) on 16M floats of which half are negative ("16M")
//                                                       restore 2n + the masked write 2n = 4n
//                hand: if (x[i] < 0) x[i] = 0
// nd's reads allocate their result in every call, as the same expressions do in NumPy (the
// twins in numpy_bench.py); the hand loops write into outputs allocated and faulted in once.
// set_mask's first call would leave nothing negative for the next, so every implementation
// first restores x from a pristine copy with the same std::memcpy, inside the timed loop: that
// costs all of them alike, and its bytes are counted (pausing the timer around it costs more
// noise than the restore itself).
#include "bench_common.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

// The mask_select hand loop is the scalar branchless loop issue 27 names as the baseline. GCC 12
// does not vectorize it (the output pointer advances by a data-dependent step), but a newer
// compiler could turn it into a compress-store loop, which would be a different baseline; so
// vectorization is switched off for that one function, and it stays out of line so that the
// switch cannot be lost by inlining it into a vectorized caller.
#if defined(__clang__)
#define ND_BENCH_SCALAR_FUNCTION __attribute__((noinline))
#define ND_BENCH_SCALAR_LOOP _Pragma("clang loop vectorize(disable) interleave(disable)")
#elif defined(__GNUC__)
#define ND_BENCH_SCALAR_FUNCTION __attribute__((noinline, optimize("no-tree-vectorize")))
#define ND_BENCH_SCALAR_LOOP
#else
#define ND_BENCH_SCALAR_FUNCTION
#define ND_BENCH_SCALAR_LOOP
#endif

namespace {

using ndbench::case_key;
using ndbench::count_tag;
using ndbench::output;
using ndbench::shape_tag;
using ndbench::uniform;

constexpr std::ptrdiff_t large_n = std::ptrdiff_t{1} << 24;      // 16.7M elements: out of cache
constexpr std::ptrdiff_t small_n = std::ptrdiff_t{1} << 14;      // 16K elements: cache resident
constexpr std::ptrdiff_t take_count = std::ptrdiff_t{1} << 20;   // indices per take
constexpr std::ptrdiff_t matrix_side = 4096;                     // take_rows' 4096x4096 floats
constexpr std::ptrdiff_t taken_rows = 1000;

template <class T>
constexpr std::int64_t isize = static_cast<std::int64_t>(sizeof(T));

// ---- hand-written loops --------------------------------------------------------------------

// Copies the elements of x greater than `threshold` to `out` (room for n) and returns how many.
template <class T>
ND_BENCH_SCALAR_FUNCTION std::ptrdiff_t select_greater_hand(T* __restrict out, const T* __restrict x,
                                                           std::ptrdiff_t n, T threshold) {
    T* const first = out;
    ND_BENCH_SCALAR_LOOP
    for (std::ptrdiff_t i = 0; i < n; ++i) {
        const T value = x[i];
        *out = value;              // written always, kept only when selected: no branch to mispredict
        out += value > threshold;
    }
    return out - first;
}

template <class T>
void take_hand(T* __restrict out, const T* __restrict x, const std::int64_t* __restrict indices,
               std::ptrdiff_t count) {
    for (std::ptrdiff_t i = 0; i < count; ++i) out[i] = x[indices[i]];
}

template <class T>
void take_rows_hand(T* __restrict out, const T* __restrict m, const std::int64_t* __restrict rows,
                    std::ptrdiff_t row_count, std::ptrdiff_t cols) {
    for (std::ptrdiff_t k = 0; k < row_count; ++k) {
        const T* __restrict source = m + rows[k] * cols;
        T* __restrict destination = out + k * cols;
        for (std::ptrdiff_t j = 0; j < cols; ++j) destination[j] = source[j];
    }
}

template <class T>
void take_rows_memcpy(T* __restrict out, const T* __restrict m, const std::int64_t* __restrict rows,
                      std::ptrdiff_t row_count, std::ptrdiff_t cols) {
    const std::size_t row_bytes = static_cast<std::size_t>(cols) * sizeof(T);
    for (std::ptrdiff_t k = 0; k < row_count; ++k) std::memcpy(out + k * cols, m + rows[k] * cols, row_bytes);
}

template <class T>
void zero_negatives_hand(T* __restrict x, std::ptrdiff_t n) {
    for (std::ptrdiff_t i = 0; i < n; ++i)
        if (x[i] < 0) x[i] = 0;
}

// ---- inputs --------------------------------------------------------------------------------

// `count` pseudo-random indices in [0, bound), sorted when asked (a gather that walks memory
// forwards, which prefetchers follow).
nd::array<std::int64_t> random_indices(std::ptrdiff_t count, std::ptrdiff_t bound, std::uint64_t seed, bool sorted) {
    nd::array<std::int64_t> indices = uniform<std::int64_t>({count}, 0, static_cast<double>(bound), seed);
    std::int64_t* first = indices.data();
    // fill_uniform's doubles stay below `bound`; the clamp keeps a rounding from ever reading out
    // of bounds in the hand loops, which do not check.
    for (std::ptrdiff_t i = 0; i < count; ++i) first[i] = std::clamp<std::int64_t>(first[i], 0, bound - 1);
    if (sorted) std::sort(first, first + count);
    return indices;
}

// ---- registration --------------------------------------------------------------------------

// The elements an implementation's call produced, for the check of nd against the hand loop.
template <class T>
std::span<const T> elements_of(const nd::array<T>& result) {
    return {result.data(), static_cast<std::size_t>(result.size())};
}
template <class T>
std::span<const T> elements_of(std::span<const T> result) {
    return result;
}

// The memcpy column of a case whose bytes a single memcpy of the same size stands for.
struct memcpy_of_the_bytes {};

// Registers the memcpy, hand and nd benchmarks of one case, in that order in each round. `make()`
// builds the fixture once; `memcpy_impl`, `hand` and `nd_impl` run one call. `hand` returns a
// std::span<const T> of its result, `nd_impl` an nd::array<T> or such a span. Once per case,
// after its timed loop, the nd benchmark checks its result against the hand loop's: the same
// number of elements and the same values (indexing copies values, so exactly).
template <class T, class Fixture, class Make, class Memcpy, class Hand, class Nd>
void add_case(const std::string& key, std::int64_t bytes, Make make, Memcpy memcpy_impl, Hand hand, Nd nd_impl) {
    ndbench::case_registration registration(key, ndbench::unit_for_bytes(bytes));
    if constexpr (std::is_same_v<Memcpy, memcpy_of_the_bytes>)
        registration.add("memcpy", [bytes](benchmark::State& state) { ndbench::memcpy_baseline(state, bytes); });
    else
        registration.add("memcpy", ndbench::timed<Fixture>(key, bytes, make, memcpy_impl));
    registration.add("hand", ndbench::timed<Fixture>(key, bytes, make, hand));
    auto nd_timed = ndbench::timed<Fixture>(key, bytes, make, nd_impl);
    registration.add("nd", [key, make, hand, nd_impl, nd_timed](benchmark::State& state) {
        nd_timed(state);
        if (!ndbench::first_time(key)) return;
        Fixture& f = ndbench::fixture<Fixture>(key, make);
        const auto nd_result = nd_impl(f);
        const std::span<const T> nd_elements = elements_of(nd_result);
        // Copied before the hand loop runs: set_mask's hand loop rewrites the array nd's result is.
        const std::vector<T> nd_values(nd_elements.begin(), nd_elements.end());
        const std::span<const T> hand_values = hand(f);
        std::string mismatch;
        if (nd_values.size() != hand_values.size())
            mismatch = "nd's result has " + std::to_string(nd_values.size()) + " elements, the hand loop's " +
                       std::to_string(hand_values.size());
        else
            mismatch = ndbench::compare_results(nd_values.data(), hand_values.data(),
                                                static_cast<std::ptrdiff_t>(nd_values.size()), 0.0);
        if (!mismatch.empty()) state.SkipWithError(mismatch.c_str());
    });
    registration.register_rounds();
}

template <class T>
void mask_select(std::ptrdiff_t n, int percent_kept) {
    struct fixture {
        nd::array<T> x, out;
        T threshold;
    };
    // x > 1 - d keeps a fraction d of values uniform in [0, 1).
    const T threshold = static_cast<T>(1.0 - percent_kept / 100.0);
    add_case<T, fixture>(
        case_key<T>("mask_select", count_tag(n) + "_" + std::to_string(percent_kept) + "pct"), n * isize<T>,
        [n, threshold] { return fixture{uniform<T>({n}, 0, 1, 31), output<T>({n}), threshold}; },
        memcpy_of_the_bytes{},
        [n](fixture& f) {
            const std::ptrdiff_t kept = select_greater_hand(f.out.data(), f.x.data(), n, f.threshold);
            return std::span<const T>(f.out.data(), static_cast<std::size_t>(kept));
        },
        [](fixture& f) {
            nd::array<T> selected = f.x(f.x > f.threshold);
            return selected;
        });
}

// (Named take_case so that it is never mistaken for nd::take.)
void take_case(bool sorted) {
    struct fixture {
        nd::array<float> x;
        nd::array<std::int64_t> indices;
        nd::array<float> out;
    };
    const std::string size = count_tag(large_n) + "_" + count_tag(take_count) + (sorted ? "_sorted" : "_random");
    add_case<float, fixture>(
        case_key<float>("take", size), take_count * (isize<std::int64_t> + 2 * isize<float>),
        [sorted] {
            return fixture{uniform<float>({large_n}, 0, 1, 32), random_indices(take_count, large_n, 33, sorted),
                           output<float>({take_count})};
        },
        memcpy_of_the_bytes{},
        [](fixture& f) {
            take_hand(f.out.data(), f.x.data(), f.indices.data(), take_count);
            return std::span<const float>(f.out.data(), static_cast<std::size_t>(take_count));
        },
        [](fixture& f) {
            nd::array<float> taken = nd::take(f.x, f.indices);
            return taken;
        });
}

void take_rows() {
    struct fixture {
        nd::array<float> m;
        nd::array<std::int64_t> rows;
        nd::array<float> out;
    };
    constexpr std::size_t out_count = static_cast<std::size_t>(taken_rows * matrix_side);
    add_case<float, fixture>(
        case_key<float>("take_rows", shape_tag({matrix_side, matrix_side}) + "_" + std::to_string(taken_rows) + "rows"),
        taken_rows * (isize<std::int64_t> + 2 * matrix_side * isize<float>),
        [] {
            return fixture{uniform<float>({matrix_side, matrix_side}, 0, 1, 34),
                           random_indices(taken_rows, matrix_side, 35, false), output<float>({taken_rows, matrix_side})};
        },
        [](fixture& f) {
            take_rows_memcpy(f.out.data(), f.m.data(), f.rows.data(), taken_rows, matrix_side);
            return std::span<const float>(f.out.data(), out_count);
        },
        [](fixture& f) {
            take_rows_hand(f.out.data(), f.m.data(), f.rows.data(), taken_rows, matrix_side);
            return std::span<const float>(f.out.data(), out_count);
        },
        [](fixture& f) {
            nd::array<float> taken = f.m(f.rows);
            return taken;
        });
}

void set_mask() {
    struct fixture {
        nd::array<float> pristine, x;
    };
    constexpr std::size_t bytes_per_copy = static_cast<std::size_t>(large_n) * sizeof(float);
    add_case<float, fixture>(
        case_key<float>("set_mask", count_tag(large_n)), 4 * large_n * isize<float>,
        [] { return fixture{uniform<float>({large_n}, -1, 1, 36), output<float>({large_n})}; },
        memcpy_of_the_bytes{},
        [](fixture& f) {
            std::memcpy(f.x.data(), f.pristine.data(), bytes_per_copy);
            zero_negatives_hand(f.x.data(), large_n);
            return std::span<const float>(f.x.data(), static_cast<std::size_t>(large_n));
        },
        [](fixture& f) {
            std::memcpy(f.x.data(), f.pristine.data(), bytes_per_copy);
            f.x.set(f.x < 0, 0.0f);
            return std::span<const float>(f.x.data(), static_cast<std::size_t>(large_n));
        });
}

// Registration in table order: mask_select for f32 then f64, out-of-cache size first.
template <class Register>
void for_each_type(Register&& register_case) {
    register_case.template operator()<float>();
    register_case.template operator()<double>();
}

[[maybe_unused]] const bool registered = [] {
    for_each_type([]<class T>() {
        for (const std::ptrdiff_t n : {large_n, small_n})
            for (const int percent_kept : {1, 50, 99}) mask_select<T>(n, percent_kept);
    });
    take_case(false);
    take_case(true);
    take_rows();
    set_mask();
    return true;
}();

}  // namespace
