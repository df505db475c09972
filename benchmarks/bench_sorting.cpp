// Sorting and structured records (issue 28's cases) against libstdc++'s std::sort and
// hand-written loops (see bench_common.hpp for names and fixtures):
//   <case>/<dtype>/<size>/hand   what a good engineer writes by hand
//   <case>/<dtype>/<size>/nd     nd, written as a user would write it
// Cases (bytes per iteration: the elements sorted or summed, times itemsize; the result's
// writes are not counted, so that GiB/s reads as the rate at which input is sorted):
//   sort          nd::array<T> s = nd::sort(x), x of 16M elements, T in f32, i32, f64, i64;
//                 floats uniform in [-1e9, 1e9), integers over their full range       n
//                 hand: std::memcpy of x into storage allocated once, then std::sort on it
//   argsort       nd::array<std::int64_t> i = nd::argsort(x), x as sort/f32 (stable)  n
//                 hand: (x[i], i) pairs written into a vector allocated once, std::sort by the
//                   key, the indices copied out of the pairs into storage allocated once
//   sort_records  nd::array<bench_record> s = nd::sort(r, "key"), 1M records        n * 16
//                 (np.sort(r, order='key')), keys uniform in [-1e9, 1e9), ids 0..n-1
//                 hand: std::memcpy of the records into a vector, std::sort by key
//   field_sum     double s = nd::sum(r.field(&bench_record::key)), 1M and 16M records,
//                 keys uniform in [0, 1) (a strided read of n doubles counts n doubles)  n * 8
//                 hand: a plain loop over the records into four accumulators
// nd's sorts allocate their result in every call, as np.sort does (numpy_bench.py's twins);
// the hand sorts copy into storage allocated and faulted in once. Every input is built once,
// outside the timed loops, and never changed: each call sorts the same unsorted input.
// Once per case the nd benchmark checks its result against the hand loop's: sorts exactly;
// argsort's indices as a permutation that orders x as the hand sort does, equal keys in
// increasing index order (stable); field_sum within a relative 1e-11.
//
// One std::sort of 16M elements takes over a second, so each run of those cases times a single
// call: the five 16M sort cases add about a minute to the suite (5 rounds, plus the checks).
#include "bench_common.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

// The record of sort_records and field_sum: NumPy's
//   np.dtype([('key', 'f8'), ('id', 'i4'), ('weight', 'f4')], align=True)
// (16 bytes, no padding). ND_RECORD goes in the struct's namespace, here the global one.
struct bench_record {
    double key;
    std::int32_t id;
    float weight;
};
ND_RECORD(bench_record, key, id, weight);

static_assert(std::is_standard_layout_v<bench_record> && sizeof(bench_record) == 16,
              "bench_record must match numpy_bench.py's aligned dtype, 16 bytes");

namespace {

using ndbench::case_key;
using ndbench::count_tag;
using ndbench::output;

constexpr std::ptrdiff_t large_n = std::ptrdiff_t{1} << 24;   // 16.7M elements: out of cache
constexpr std::ptrdiff_t record_n = std::ptrdiff_t{1} << 20;  // 1M records (16 MiB)

template <class T>
constexpr std::int64_t isize = static_cast<std::int64_t>(sizeof(T));

// "<case>/rec/<size>": the key of a case on bench_record (dtype_name knows numbers only).
std::string record_key(std::string_view name, std::ptrdiff_t n) {
    return std::string(name) + "/rec/" + count_tag(n);
}

// ---- inputs --------------------------------------------------------------------------------

// Integers over the full range of T (every bit pattern about equally likely): xorshift64's top
// bits, as an unsigned value converted to T (modular since C++20).
template <class T>
void fill_bits(T* first, std::ptrdiff_t count, std::uint64_t seed) {
    using U = std::make_unsigned_t<T>;
    std::uint64_t state = seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull;
    for (std::ptrdiff_t i = 0; i < count; ++i) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        first[i] = static_cast<T>(static_cast<U>(state >> (64 - 8 * sizeof(T))));
    }
}

// The input of sort/<T>: floats uniform in [-1e9, 1e9), integers over their full range.
template <class T>
nd::array<T> sort_input(std::ptrdiff_t n, std::uint64_t seed) {
    if constexpr (std::is_floating_point_v<T>) {
        return ndbench::uniform<T>({n}, -1e9, 1e9, seed);
    } else {
        nd::array<T> x = nd::empty<T>({n});
        fill_bits(x.data(), n, seed);
        return x;
    }
}

// n records: keys uniform in [key_lo, key_hi), ids 0, 1, ..., weights uniform in [0, 1).
nd::array<bench_record> make_records(std::ptrdiff_t n, double key_lo, double key_hi, std::uint64_t seed) {
    std::vector<double> keys(static_cast<std::size_t>(n));
    std::vector<float> weights(static_cast<std::size_t>(n));
    ndbench::fill_uniform(keys.data(), n, key_lo, key_hi, seed);
    ndbench::fill_uniform(weights.data(), n, 0, 1, seed + 1);
    nd::array<bench_record> r = nd::empty<bench_record>({n});
    bench_record* s = r.data();
    for (std::ptrdiff_t i = 0; i < n; ++i) s[i] = bench_record{keys[i], static_cast<std::int32_t>(i), weights[i]};
    return r;
}

// ---- hand-written baselines ----------------------------------------------------------------

template <class T>
void sort_hand(T* __restrict out, const T* __restrict x, std::ptrdiff_t n) {
    std::memcpy(out, x, static_cast<std::size_t>(n) * sizeof(T));
    std::sort(out, out + n);
}

using key_index = std::pair<float, std::int64_t>;

void argsort_hand(std::int64_t* __restrict out, key_index* __restrict pairs, const float* __restrict x,
                  std::ptrdiff_t n) {
    for (std::ptrdiff_t i = 0; i < n; ++i) pairs[i] = key_index{x[i], i};
    std::sort(pairs, pairs + n, [](const key_index& a, const key_index& b) { return a.first < b.first; });
    for (std::ptrdiff_t i = 0; i < n; ++i) out[i] = pairs[i].second;
}

void sort_records_hand(bench_record* __restrict out, const bench_record* __restrict r, std::ptrdiff_t n) {
    std::memcpy(out, r, static_cast<std::size_t>(n) * sizeof(bench_record));
    std::sort(out, out + n, [](const bench_record& a, const bench_record& b) { return a.key < b.key; });
}

double field_sum_hand(const bench_record* __restrict s, std::ptrdiff_t n) {
    double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    std::ptrdiff_t i = 0;
    for (; i + 4 <= n; i += 4) {
        a0 += s[i].key;
        a1 += s[i + 1].key;
        a2 += s[i + 2].key;
        a3 += s[i + 3].key;
    }
    for (; i < n; ++i) a0 += s[i].key;
    return (a0 + a1) + (a2 + a3);
}

// ---- checks --------------------------------------------------------------------------------

template <class T>
std::string element_text(const T& value) {
    if constexpr (std::is_same_v<T, bench_record>) {
        // Appended piece by piece: GCC 12 reports a false -Wrestrict for the chain of + at -O3.
        std::string text = "{";
        text.append(std::to_string(value.key)).append(", ").append(std::to_string(value.id)).append(", ");
        return text.append(std::to_string(value.weight)).append("}");
    } else {
        return std::to_string(value);
    }
}

template <class T>
bool same_element(const T& a, const T& b) {
    if constexpr (std::is_same_v<T, bench_record>)
        return a.key == b.key && a.id == b.id && a.weight == b.weight;
    else
        return a == b;
}

// Empty when nd's sorted elements are the hand sort's, exactly, else the first difference.
template <class T>
std::string sort_mismatch(std::span<const T> nd_result, std::span<const T> hand_result) {
    if (nd_result.size() != hand_result.size())
        return "nd's result has " + std::to_string(nd_result.size()) + " elements, the hand sort's " +
               std::to_string(hand_result.size());
    for (std::size_t i = 0; i < nd_result.size(); ++i)
        if (!same_element(nd_result[i], hand_result[i]))
            return "nd's result differs from the hand sort's at element " + std::to_string(i) + ": " +
                   element_text(nd_result[i]) + " vs " + element_text(hand_result[i]);
    return {};
}

// Empty when `indices` is a stable argsort of x (n elements) whose keys run as the hand sort's
// `sorted` pairs do, else what is wrong. (std::sort leaves equal keys in any order, so the
// indices themselves may differ from the hand sort's.)
std::string argsort_mismatch(const float* x, std::span<const std::int64_t> indices, std::span<const key_index> sorted) {
    const std::size_t n = sorted.size();
    if (indices.size() != n)
        return "nd's result has " + std::to_string(indices.size()) + " indices, the input " + std::to_string(n) + " elements";
    std::vector<bool> seen(n, false);
    for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t j = indices[i];
        if (j < 0 || static_cast<std::size_t>(j) >= n || seen[static_cast<std::size_t>(j)])
            return "nd's indices are not a permutation: index " + std::to_string(j) + " at " + std::to_string(i);
        seen[static_cast<std::size_t>(j)] = true;
        if (!(x[j] == sorted[i].first))
            return "nd's order differs from the hand sort's at element " + std::to_string(i) + ": x[" + std::to_string(j) +
                   "] = " + std::to_string(x[j]) + " vs " + std::to_string(sorted[i].first);
        if (i > 0 && x[indices[i - 1]] == x[j] && indices[i - 1] > j)
            return "nd's argsort is not stable at element " + std::to_string(i) + ": index " +
                   std::to_string(indices[i - 1]) + " before " + std::to_string(j) + " for equal keys";
    }
    return {};
}

// ---- registration --------------------------------------------------------------------------

// Registers the hand and nd benchmarks of one case, in that order in each round. `make()` builds
// the fixture once; `hand(f)` and `nd_impl(f)` run one call. Once per case, after its timed loop,
// the nd benchmark runs `check(f)`, which returns what is wrong with nd's result (empty if
// nothing).
template <class Fixture, class Make, class Hand, class Nd, class Check>
void add_case(const std::string& key, std::int64_t bytes, Make make, Hand hand, Nd nd_impl, Check check) {
    ndbench::case_registration registration(key, ndbench::unit_for_bytes(bytes));
    registration.add("hand", ndbench::timed<Fixture>(key, bytes, make, hand));
    auto nd_timed = ndbench::timed<Fixture>(key, bytes, make, nd_impl);
    registration.add("nd", [key, make, check, nd_timed](benchmark::State& state) {
        nd_timed(state);
        if (!ndbench::first_time(key)) return;
        const std::string mismatch = check(ndbench::fixture<Fixture>(key, make));
        if (!mismatch.empty()) state.SkipWithError(mismatch.c_str());
    });
    registration.register_rounds();
}

template <class T>
void sort_case(std::ptrdiff_t n) {
    struct fixture {
        nd::array<T> x, out;
    };
    const auto hand = [n](fixture& f) {
        sort_hand(f.out.data(), f.x.data(), n);
        return std::span<const T>(f.out.data(), static_cast<std::size_t>(n));
    };
    const auto nd_impl = [](fixture& f) {
        nd::array<T> sorted = nd::sort(f.x);
        return sorted;
    };
    add_case<fixture>(
        case_key<T>("sort", count_tag(n)), n * isize<T>,
        [n] { return fixture{sort_input<T>(n, 41), output<T>({n})}; }, hand, nd_impl,
        [hand, nd_impl](fixture& f) {
            const nd::array<T> nd_result = nd_impl(f);
            return sort_mismatch(std::span<const T>(nd_result.data(), static_cast<std::size_t>(nd_result.size())), hand(f));
        });
}

void argsort_case(std::ptrdiff_t n) {
    struct fixture {
        nd::array<float> x;
        std::vector<key_index> pairs;
        nd::array<std::int64_t> out;
    };
    const auto hand = [n](fixture& f) {
        argsort_hand(f.out.data(), f.pairs.data(), f.x.data(), n);
        return std::span<const std::int64_t>(f.out.data(), static_cast<std::size_t>(n));
    };
    const auto nd_impl = [](fixture& f) {
        nd::array<std::int64_t> indices = nd::argsort(f.x);
        return indices;
    };
    add_case<fixture>(
        case_key<float>("argsort", count_tag(n)), n * isize<float>,
        [n] {
            // The same input as sort/f32 (seed 41); the pairs' pages are faulted in by the vector.
            return fixture{sort_input<float>(n, 41), std::vector<key_index>(static_cast<std::size_t>(n)),
                           output<std::int64_t>({n})};
        },
        hand, nd_impl,
        [hand, nd_impl](fixture& f) {
            const nd::array<std::int64_t> nd_result = nd_impl(f);
            hand(f);  // leaves the pairs sorted by key
            return argsort_mismatch(f.x.data(),
                                    std::span<const std::int64_t>(nd_result.data(), static_cast<std::size_t>(nd_result.size())),
                                    std::span<const key_index>(f.pairs));
        });
}

void sort_records_case(std::ptrdiff_t n) {
    struct fixture {
        nd::array<bench_record> r;
        std::vector<bench_record> out;
    };
    const auto hand = [n](fixture& f) {
        sort_records_hand(f.out.data(), f.r.data(), n);
        return std::span<const bench_record>(f.out);
    };
    const auto nd_impl = [](fixture& f) {
        nd::array<bench_record> sorted = nd::sort(f.r, "key");
        return sorted;
    };
    add_case<fixture>(
        record_key("sort_records", n), n * isize<bench_record>,
        [n] { return fixture{make_records(n, -1e9, 1e9, 42), std::vector<bench_record>(static_cast<std::size_t>(n))}; },
        hand, nd_impl,
        [hand, nd_impl](fixture& f) {
            const nd::array<bench_record> nd_result = nd_impl(f);
            return sort_mismatch(
                std::span<const bench_record>(nd_result.data(), static_cast<std::size_t>(nd_result.size())), hand(f));
        });
}

void field_sum_case(std::ptrdiff_t n) {
    struct fixture {
        nd::array<bench_record> r;
    };
    const auto hand = [n](fixture& f) { return field_sum_hand(f.r.data(), n); };
    const auto nd_impl = [](fixture& f) {
        const double total = nd::sum(f.r.field(&bench_record::key));
        return total;
    };
    add_case<fixture>(
        record_key("field_sum", n), n * isize<double>, [n] { return fixture{make_records(n, 0, 1, 43)}; }, hand, nd_impl,
        [hand, nd_impl](fixture& f) {
            const double nd_total = nd_impl(f), hand_total = hand(f);
            return ndbench::compare_results(&nd_total, &hand_total, 1, 1e-11);
        });
}

[[maybe_unused]] const bool registered = [] {
    sort_case<float>(large_n);
    sort_case<std::int32_t>(large_n);
    sort_case<double>(large_n);
    sort_case<std::int64_t>(large_n);
    argsort_case(large_n);
    sort_records_case(record_n);
    field_sum_case(record_n);
    field_sum_case(large_n);
    return true;
}();

}  // namespace
