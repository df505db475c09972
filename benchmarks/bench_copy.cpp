// Copying n float32 elements: nd's b.assign(a) against memcpy and a hand-written
// loop, for n = 1<<14 (64 KiB per array, cache resident) and n = 1<<24 (64 MiB per
// array, memory bound). Bytes per second count the bytes read plus the bytes
// written: 2 * n * sizeof(float) per iteration. Named "copy/f32/<size>/<impl>" for the table
// (see bench_common.hpp).
#include "bench_common.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr std::int64_t small_n = std::int64_t{1} << 14;
constexpr std::int64_t large_n = std::int64_t{1} << 24;

void set_bytes(benchmark::State& state, std::int64_t n) {
    state.SetBytesProcessed(state.iterations() * 2 * n *
                            static_cast<std::int64_t>(sizeof(float)));
}

void copy_memcpy(benchmark::State& state, std::int64_t n) {
    std::vector<float> a(static_cast<std::size_t>(n), 1.0f);
    std::vector<float> b(static_cast<std::size_t>(n), 0.0f);
    for (auto _ : state) {
        std::memcpy(b.data(), a.data(), static_cast<std::size_t>(n) * sizeof(float));
        benchmark::DoNotOptimize(b.data());
        benchmark::ClobberMemory();
    }
    set_bytes(state, n);
}

void copy_loop(benchmark::State& state, std::int64_t n) {
    std::vector<float> a(static_cast<std::size_t>(n), 1.0f);
    std::vector<float> b(static_cast<std::size_t>(n), 0.0f);
    for (auto _ : state) {
        const float* src = a.data();
        float* dst = b.data();
        for (std::int64_t i = 0; i < n; ++i) {
            dst[i] = src[i];
        }
        benchmark::DoNotOptimize(b.data());
        benchmark::ClobberMemory();
    }
    set_bytes(state, n);
}

void copy_nd(benchmark::State& state, std::int64_t n) {
    nd::array<float> a = nd::ones<float>({n});
    nd::array<float> b = nd::zeros<float>({n}); // pages faulted in before timing, as the baselines' are
    for (auto _ : state) {
        b.assign(a);
        benchmark::DoNotOptimize(b.data());
        benchmark::ClobberMemory();
    }
    set_bytes(state, n);
}

[[maybe_unused]] const bool registered = [] {
    for (const std::int64_t n : {large_n, small_n}) {
        const std::string key = ndbench::case_key<float>("copy", ndbench::count_tag(n));
        ndbench::case_registration registration(key, ndbench::unit_for_bytes(2 * n * static_cast<std::int64_t>(sizeof(float))));
        registration.add("memcpy", [n](benchmark::State& state) { copy_memcpy(state, n); });
        registration.add("hand", [n](benchmark::State& state) { copy_loop(state, n); });
        registration.add("nd", [n](benchmark::State& state) { copy_nd(state, n); });
        registration.register_rounds();
    }
    return true;
}();

}  // namespace
