// Counts heap allocations on the calling thread by replacing the global operator new. Include
// it from exactly one source file of a test executable: the replacements are definitions.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>

namespace nd_test {
inline thread_local long allocations = 0;

/// Allocations made while running f. `CHECK(nd_test::count_allocations([&] { a += 1; }) == 0);`
template <class F> long count_allocations(F&& f) {
    const long before = allocations;
    f();
    return allocations - before;
}
} // namespace nd_test

void* operator new(std::size_t size) {
    ++nd_test::allocations;
    if (void* p = std::malloc(size ? size : 1)) return p;
    throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    ++nd_test::allocations;
    return std::malloc(size ? size : 1);
}
void* operator new(std::size_t size, std::align_val_t alignment) {
    ++nd_test::allocations;
    const auto a = static_cast<std::size_t>(alignment);
    if (void* p = std::aligned_alloc(a, (size + a - 1) / a * a)) return p;
    throw std::bad_alloc();
}
// Sanitizer runtimes route new[] past operator new, so it is counted on its own.
void* operator new[](std::size_t size) { return operator new(size); }
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept { return operator new(size, tag); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
