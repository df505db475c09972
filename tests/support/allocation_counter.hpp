// Counts heap allocations on the calling thread, and blocks still live over all threads, by
// replacing the global operator new and delete. Include it from exactly one source file of a
// test executable: the replacements are definitions.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

#include <nd/nd.hpp>

namespace nd_test {
inline thread_local long allocations = 0;
/// Blocks from operator new not yet deleted, over all threads.
inline std::atomic<long> live_blocks{0};

/// Allocations made while running f. `CHECK(nd_test::count_allocations([&] { a += 1; }) == 0);`
/// Small buffers that f frees and makes again come from nd's per-thread block cache; the
/// cache starts empty, so that f's first small buffers are counted like any other.
template <class F> long count_allocations(F&& f) {
    nd::detail::small_block_cache::free_kept();
    nd::detail::large_block_cache::free_kept();
    const long before = allocations;
    f();
    return allocations - before;
}
} // namespace nd_test

namespace nd_test {
inline void* count_block(void* p) noexcept {
    if (p) ++live_blocks;
    return p;
}
inline void free_counted(void* p) noexcept {
    if (p) --live_blocks;
    std::free(p);
}
} // namespace nd_test

void* operator new(std::size_t size) {
    ++nd_test::allocations;
    if (void* p = nd_test::count_block(std::malloc(size ? size : 1))) return p;
    throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    ++nd_test::allocations;
    return nd_test::count_block(std::malloc(size ? size : 1));
}
void* operator new(std::size_t size, std::align_val_t alignment) {
    ++nd_test::allocations;
    const auto a = static_cast<std::size_t>(alignment);
    if (void* p = nd_test::count_block(std::aligned_alloc(a, (size + a - 1) / a * a))) return p;
    throw std::bad_alloc();
}
// Sanitizer runtimes route new[] past operator new, so it is counted on its own.
void* operator new[](std::size_t size) { return operator new(size); }
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept { return operator new(size, tag); }
void operator delete(void* p) noexcept { nd_test::free_counted(p); }
void operator delete(void* p, std::size_t) noexcept { nd_test::free_counted(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { nd_test::free_counted(p); }
void operator delete(void* p, std::align_val_t) noexcept { nd_test::free_counted(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { nd_test::free_counted(p); }
void operator delete[](void* p) noexcept { nd_test::free_counted(p); }
void operator delete[](void* p, std::size_t) noexcept { nd_test::free_counted(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { nd_test::free_counted(p); }
