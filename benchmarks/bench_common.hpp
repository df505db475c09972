#pragma once
// Helpers shared by the benchmark files benchmarks/bench_*.cpp.
//
// Names. Every benchmark is called "<case>/<dtype>/<size>/<impl>", e.g. "triad/f32/16M/hand":
//   impl  nd      the library
//         hand    the loop a good engineer would write by hand (restrict pointers, plain loops
//                 the compiler vectorizes, blocking where it matters)
//         memcpy  memcpy of as many bytes as the case moves (reads + writes), the bandwidth bound
//         read    a plain SIMD read of the same bytes (the bound for reductions)
//         numpy   the same case timed in NumPy by numpy_bench.py (a separate JSON file)
// The table reporter (report/bench_table.cpp) pairs the rows of one "<case>/<dtype>/<size>" and
// prints nd's rate and its ratios to every baseline present. Rows whose name does not have
// four parts are listed on their own.
//
// Rates. A case that calls set_bytes() is reported in GiB/s of the bytes read plus the bytes
// written per iteration, counted as elements times itemsize (a strided read of n elements
// counts n elements, not the cache lines it touches). A case that sets no bytes (the small
// arrays) is reported in nanoseconds per iteration.
//
// Checks. Once per case, the nd benchmark compares its output with the hand loop's; a mismatch
// turns the nd row into an error (the table shows "error") instead of a fast wrong answer.
//
// Fixtures. The inputs of one case (say triad/f64/16M) are built once, outside the timed loop,
// and shared by its memcpy, hand and nd benchmarks, which run one after the other: so every
// implementation reads the same buffers (same alignment, same pages already faulted in). Only
// one case's fixture is alive at a time, which bounds the memory the suite needs.
#include <benchmark/benchmark.h>

// GCC 12 (Debian 12's) warns "'__Y' may be used uninitialized" inside its own AVX-512
// intrinsics (_mm512_undefined_*: GCC bug 105593) once xsimd's AVX-512 code is inlined, which
// -Werror turns into errors under -march=native on AVX-512 machines. The diagnostic state at
// the intrinsics' lines is what counts, so including <immintrin.h> first with the two warnings
// off silences them only there. (Belongs next to nd/core/simd.hpp's include of xsimd.)
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop
#endif

#include <nd/nd.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <initializer_list>
#include <memory>
#include <new>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>

namespace ndbench {

/// NumPy's short names for the element types: "f32", "f64", "i32", ...
template <class T>
constexpr std::string_view dtype_name() {
    if constexpr (std::is_same_v<T, float>)
        return "f32";
    else if constexpr (std::is_same_v<T, double>)
        return "f64";
    else if constexpr (std::is_same_v<T, std::int8_t>)
        return "i8";
    else if constexpr (std::is_same_v<T, std::int16_t>)
        return "i16";
    else if constexpr (std::is_same_v<T, std::int32_t>)
        return "i32";
    else if constexpr (std::is_same_v<T, std::int64_t>)
        return "i64";
    else if constexpr (std::is_same_v<T, std::uint8_t>)
        return "u8";
    else if constexpr (std::is_same_v<T, bool>)
        return "bool";
    else
        static_assert(sizeof(T) == 0, "add the element type to ndbench::dtype_name");
}

/// An element count as a size tag: 1<<24 -> "16M", 1<<14 -> "16K", 64 -> "64".
inline std::string count_tag(std::int64_t n) {
    if (n >= (std::int64_t{1} << 20) && n % (std::int64_t{1} << 20) == 0) return std::to_string(n >> 20) + "M";
    if (n >= 1024 && n % 1024 == 0) return std::to_string(n >> 10) + "K";
    return std::to_string(n);
}

/// A shape as a size tag: {4096, 4096} -> "4096x4096".
inline std::string shape_tag(std::initializer_list<std::ptrdiff_t> shape) {
    std::string tag;
    for (const std::ptrdiff_t extent : shape) {
        if (!tag.empty()) tag += 'x';
        tag += std::to_string(extent);
    }
    return tag;
}

/// "<case>/<dtype>/<size>": the key the reporter pairs implementations by.
template <class T>
std::string case_key(std::string_view name, const std::string& size) {
    std::string key(name);
    key += '/';
    key += dtype_name<T>();
    key += '/';
    key += size;
    return key;
}

/// Rounds in which every case is timed (5, or ND_BENCH_ROUNDS from the environment): each
/// round runs each of the case's implementations once, one after the other, and the table takes
/// each implementation's median over the rounds. A shared machine slows down for stretches of a
/// run; timing nd and its baselines in alternation lets such a stretch slow them all, instead of
/// whichever happened to run in it, so that the ratios within a run are steadier.
inline int rounds() {
    static const int count = [] {
        const char* text = std::getenv("ND_BENCH_ROUNDS");
        const int value = text ? std::atoi(text) : 0;
        return value > 0 ? value : 5;
    }();
    return count;
}

/// The implementations of one case, registered as "<key>/<impl>" in rounds (see rounds()):
/// `case_registration r(key, unit); r.add("hand", ...); r.add("nd", ...); r.register_rounds();`
class case_registration {
public:
    explicit case_registration(std::string key, benchmark::TimeUnit unit = benchmark::kNanosecond)
        : key_(std::move(key)), unit_(unit) {}
    /// Adds implementation `impl`, timed by `function(state)`.
    case_registration& add(std::string_view impl, std::function<void(benchmark::State&)> function) {
        implementations_.push_back({key_ + "/" + std::string(impl), std::move(function)});
        return *this;
    }
    /// Registers every implementation once per round, the implementations of a round in the order
    /// they were added.
    void register_rounds() const {
        for (int round = 0; round < rounds(); ++round)
            for (const implementation& each : implementations_)
                benchmark::RegisterBenchmark(each.name.c_str(), each.function)->Unit(unit_);
    }

private:
    struct implementation {
        std::string name;
        std::function<void(benchmark::State&)> function;
    };
    std::string key_;
    benchmark::TimeUnit unit_;
    std::vector<implementation> implementations_;
};

/// Reports `bytes_per_iteration` (bytes read + bytes written) for every iteration run.
inline void set_bytes(benchmark::State& state, std::int64_t bytes_per_iteration) {
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * bytes_per_iteration);
}

/// Deterministic pseudo-random values in [lo, hi): non-trivial inputs, cheap to make.
template <class T>
void fill_uniform(T* first, std::ptrdiff_t count, double lo, double hi, std::uint64_t seed) {
    std::uint64_t state = seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull;
    const double scale = (hi - lo) / 9007199254740992.0;  // 2^53
    for (std::ptrdiff_t i = 0; i < count; ++i) {
        state ^= state << 13;  // xorshift64
        state ^= state >> 7;
        state ^= state << 17;
        first[i] = static_cast<T>(lo + static_cast<double>(state >> 11) * scale);
    }
}

/// A new array (C or F order) of values in [lo, hi).
template <class T>
nd::array<T> uniform(const nd::dim_vector& shape, double lo, double hi, std::uint64_t seed,
                     nd::order memory_order = nd::order::C) {
    nd::array<T> result = nd::empty<T>(shape, memory_order);
    fill_uniform(result.data(), result.size(), lo, hi, seed);
    return result;
}

/// A new array of zeros: an output whose pages are already faulted in.
template <class T>
nd::array<T> output(const nd::dim_vector& shape, nd::order memory_order = nd::order::C) {
    return nd::zeros<T>(shape, memory_order);
}

namespace detail {
struct slot {
    std::string key;
    std::shared_ptr<void> object;
};
inline slot& fixture_slot() {
    static slot current;
    return current;
}
inline slot& memcpy_slot() {
    static slot current;
    return current;
}
template <class Object, class Make>
Object& cached(slot& s, const std::string& key, Make&& make) {
    const std::string full_key = key + '#' + typeid(Object).name();
    if (s.key != full_key || !s.object) {
        s.object.reset();  // free the previous case's arrays before making these
        s.key.clear();
        s.object = std::make_shared<Object>(make());
        s.key = full_key;
    }
    return *static_cast<Object*>(s.object.get());
}
struct byte_buffers {
    struct aligned_delete {
        void operator()(std::byte* p) const { ::operator delete[](p, std::align_val_t{64}); }
    };
    std::unique_ptr<std::byte[], aligned_delete> source, destination;
    std::size_t bytes = 0;
};
}  // namespace detail

/// The fixture of the case `key`, made by `make()` the first time a benchmark of that case asks
/// for it, and shared by the case's implementations. Call it before the timed loop.
template <class Fixture, class Make>
Fixture& fixture(const std::string& key, Make&& make) {
    return detail::cached<Fixture>(detail::fixture_slot(), key, std::forward<Make>(make));
}

/// The memcpy baseline: copies bytes_moved / 2 bytes per iteration between two 64-byte aligned
/// buffers, which moves (reads + writes) bytes_moved bytes.
inline void memcpy_baseline(benchmark::State& state, std::int64_t bytes_moved) {
    const auto half = static_cast<std::size_t>(bytes_moved / 2);
    auto& buffers = detail::cached<detail::byte_buffers>(detail::memcpy_slot(), std::to_string(half), [half] {
        detail::byte_buffers b;
        b.source.reset(static_cast<std::byte*>(::operator new[](half, std::align_val_t{64})));
        b.destination.reset(static_cast<std::byte*>(::operator new[](half, std::align_val_t{64})));
        for (std::size_t i = 0; i < half; ++i) b.source[i] = static_cast<std::byte>(i * 131 + 7);
        std::memset(b.destination.get(), 0, half);
        b.bytes = half;
        return b;
    });
    std::byte* destination = buffers.destination.get();
    const std::byte* source = buffers.source.get();
    for (auto _ : state) {
        std::memcpy(destination, source, half);
        benchmark::DoNotOptimize(destination);
        benchmark::ClobberMemory();
    }
    set_bytes(state, static_cast<std::int64_t>(2 * half));
}

/// True the first time it is asked about `key` (so that a check runs once per case).
inline bool first_time(const std::string& key) {
    static std::set<std::string> seen;
    return seen.insert(key).second;
}

/// Relative tolerance of compare_results: the transcendental functions and FMA contraction.
template <class T>
constexpr double elementwise_tolerance = sizeof(T) == 4 ? 1e-5 : 1e-12;

/// Empty when nd's result matches the hand loop's elementwise within `tolerance` (relative),
/// else what differs.
template <class T>
std::string compare_results(const T* nd_result, const T* hand_result, std::ptrdiff_t count,
                            double tolerance = elementwise_tolerance<T>) {
    for (std::ptrdiff_t i = 0; i < count; ++i) {
        const double x = static_cast<double>(nd_result[i]), y = static_cast<double>(hand_result[i]);
        if (!(std::fabs(x - y) <= tolerance * std::max(1.0, std::fabs(y))))
            return "nd's result differs from the hand loop's at element " + std::to_string(i) + ": " +
                   std::to_string(x) + " vs " + std::to_string(y);
    }
    return {};
}

/// A Google Benchmark time unit that keeps the console numbers readable for a case that moves
/// `bytes` per iteration.
inline benchmark::TimeUnit unit_for_bytes(std::int64_t bytes) {
    if (bytes >= (std::int64_t{1} << 24)) return benchmark::kMillisecond;
    if (bytes >= (std::int64_t{1} << 14)) return benchmark::kMicrosecond;
    return benchmark::kNanosecond;
}

/// Keeps an implementation's result from being optimized away: the pointer of an array or span
/// (an nd::array result is freed inside the loop, as a user's would be), or a value.
template <class R> void keep_result(R& result) {
    if constexpr (requires { result.data(); }) {
        auto* pointer = result.data();
        benchmark::DoNotOptimize(pointer);
    } else {
        benchmark::DoNotOptimize(result);
    }
    benchmark::ClobberMemory();
}

/// An implementation's timed loop over a shared fixture: `run(fixture)` is one call, its result
/// kept (keep_result).
template <class Fixture, class Make, class Run>
auto timed(const std::string& key, std::int64_t bytes, Make make, Run run) {
    return [key, bytes, make, run](benchmark::State& state) {
        Fixture& f = fixture<Fixture>(key, make);
        for (auto _ : state) {
            auto result = run(f);
            keep_result(result);
        }
        set_bytes(state, bytes);
    };
}

}  // namespace ndbench
