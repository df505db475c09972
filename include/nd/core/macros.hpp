#pragma once
// The library's internal macros live here and only here; nd.hpp undefines them at its end
// so that nothing leaks into the programs that include nd.

#include <cassert>

/// `ND_ASSERT(cond)`: a check that costs nothing in release builds (NDEBUG), used on the
/// unchecked element access path where `at()` is the checked alternative.
#define ND_ASSERT(condition) assert(condition)

/// `ND_HAS_SINGLE_THREADED_FLAG`: glibc's __libc_single_threaded is available (buffer.hpp
/// skips atomic reference counting while the process has one thread).
#if __has_include(<sys/single_threaded.h>)
#include <sys/single_threaded.h>
#define ND_HAS_SINGLE_THREADED_FLAG 1
#endif

/// `ND_HAS_MADVISE`: Linux's madvise and MADV_HUGEPAGE are available (buffer.hpp asks for
/// transparent huge pages for large buffers, as NumPy does).
#if defined(__linux__) && __has_include(<sys/mman.h>)
#include <sys/mman.h>
#if defined(MADV_HUGEPAGE)
#define ND_HAS_MADVISE 1
#endif
#endif

/// `ND_SMALL_BUFFER_CACHE`: buffer.hpp keeps freed small buffers for reuse by the same thread.
/// Off under AddressSanitizer, which must see every buffer freed to report uses after free.
#if defined(__SANITIZE_ADDRESS__)
#define ND_SMALL_BUFFER_CACHE 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ND_SMALL_BUFFER_CACHE 0
#endif
#endif
#ifndef ND_SMALL_BUFFER_CACHE
#define ND_SMALL_BUFFER_CACHE 1
#endif
