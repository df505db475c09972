#pragma once
// Element storage: one 64-byte aligned allocation whose header holds an atomic reference count,
// so arrays, views and expressions can share it and the last one out frees it.
//
// A locked read-modify-write costs more than a whole 4-element add (benchmark small_add/f32/4),
// so while the process has a single thread the count is updated with plain loads and stores (as
// libstdc++'s shared_ptr does). glibc clears __libc_single_threaded before the first thread
// starts, and thread creation orders the earlier plain updates before anything that thread does.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>
#include <utility>

#include "nd/core/macros.hpp"

namespace nd::detail {

/// Whether the process certainly runs a single thread now (false where the C library cannot say).
inline bool process_is_single_threaded() noexcept {
#ifdef ND_HAS_SINGLE_THREADED_FLAG
    return __libc_single_threaded != 0;
#else
    return false;
#endif
}

/// Alignment of every buffer nd allocates: a cache line, and enough for any SIMD register.
inline constexpr std::size_t buffer_alignment = 64;

/// Blocks of a fixed small size freed on this thread, kept for its next small arrays: a
/// malloc and free pair costs about 140 instructions, several times the work of adding two
/// 4-element arrays, while taking a kept block costs a few. NumPy keeps a similar cache. A block
/// may be given back on another thread than took it; each thread keeps what it was given, up to
/// `capacity` blocks, frees the rest, and frees what it kept when it ends.
class small_block_cache {
public:
    /// Size of every block: the buffer header, the alignment slack and up to 128 bytes of
    /// elements (32 floats).
    static constexpr std::size_t block_bytes = 256;

    /// A block of block_bytes bytes.
    static void* take() {
#if ND_SMALL_BUFFER_CACHE
        kept_blocks& kept = kept_here;
        if (kept.count > 0) return kept.blocks[--kept.count];
#endif
        return ::operator new(block_bytes);
    }
    /// Gives back a block from take().
    static void give(void* block) noexcept {
#if ND_SMALL_BUFFER_CACHE
        kept_blocks& kept = kept_here;
        if (!kept.freed_at_end) free_at_thread_end(kept);
        if (kept.count >= 0 && kept.count < capacity) {
            kept.blocks[kept.count++] = block;
            return;
        }
#endif
        ::operator delete(block);
    }

    /// Frees the blocks this thread keeps, so that the next small arrays come from operator
    /// new again (tests count allocations that way).
    static void free_kept() noexcept {
#if ND_SMALL_BUFFER_CACHE
        kept_blocks& kept = kept_here;
        while (kept.count > 0) ::operator delete(kept.blocks[--kept.count]);
#endif
    }

private:
    static constexpr int capacity = 32;
    // Plain data, so that reaching it costs no initialisation check; count -1 once the
    // thread's teardown has freed the kept blocks (anything given later is freed at once).
    struct kept_blocks {
        void* blocks[capacity];
        int count;
        bool freed_at_end; // the freer below is registered
    };
    struct freer {
        ~freer() {
            free_kept();
            kept_here.count = -1;
        }
    };
    // Registers, once per thread, the freeing of what the thread keeps when it ends.
    static void free_at_thread_end(kept_blocks& kept) noexcept {
        thread_local freer at_end;
        (void)at_end;
        kept.freed_at_end = true;
    }
    static inline thread_local kept_blocks kept_here{};
};

/// The last two large blocks freed on this thread, kept for its next large buffers of about the
/// same size. glibc maps every block of this size afresh and unmaps it when freed (a freed block
/// raises its mmap threshold only to the block's own size, and a request of that size is still
/// mapped), so the kernel zeroes every page of a new large array at its first touch: 10 ms for a
/// 64 MiB result on this machine, more than computing it (benchmark mask_select/f32/16M_99pct;
/// docs/performance.md). Two, because an operation that needs a scratch buffer beside its result
/// (a radix sort) frees one and returns the other: with one kept block, each call faulted in
/// 64 MiB afresh and sort/f32/16M took 184 to 550 ms by the luck of huge pages. A thread frees
/// what it keeps when it ends. Off where the small block cache is (ND_SMALL_BUFFER_CACHE).
class large_block_cache {
public:
    /// Blocks smaller than this are not kept: glibc recycles them itself.
    static constexpr std::size_t least_bytes = std::size_t{1} << 20;

    /// A kept block of at least `bytes` and at most twice as many, with its size in `bytes`;
    /// nullptr when there is none.
    static void* take(std::size_t& bytes) noexcept {
#if ND_SMALL_BUFFER_CACHE
        for (kept_block& kept : kept_here.blocks)
            if (kept.block != nullptr && kept.bytes >= bytes && kept.bytes / 2 <= bytes) {
                bytes = kept.bytes;
                return std::exchange(kept.block, nullptr);
            }
#endif
        (void)bytes;
        return nullptr;
    }
    /// Gives back a block of `bytes` bytes from operator new; the older of two kept is freed.
    static void give(void* block, std::size_t bytes) noexcept {
#if ND_SMALL_BUFFER_CACHE
        kept_blocks& kept = kept_here;
        if (bytes >= least_bytes && !kept.thread_ended) {
            if (!kept.freed_at_end) free_at_thread_end(kept);
            if (kept.blocks[1].block != nullptr) ::operator delete(kept.blocks[1].block);
            kept.blocks[1] = kept.blocks[0];
            kept.blocks[0] = {block, bytes};
            return;
        }
#endif
        (void)bytes;
        ::operator delete(block);
    }
    /// Frees the blocks this thread keeps (tests count allocations that way).
    static void free_kept() noexcept {
#if ND_SMALL_BUFFER_CACHE
        for (kept_block& kept : kept_here.blocks)
            if (kept.block != nullptr) ::operator delete(std::exchange(kept.block, nullptr));
#endif
    }

private:
    struct kept_block {
        void* block;
        std::size_t bytes;
    };
    struct kept_blocks {
        kept_block blocks[2]; // the most recently freed first
        bool freed_at_end;
        bool thread_ended;
    };
    struct freer {
        ~freer() {
            free_kept();
            kept_here.thread_ended = true;
        }
    };
    static void free_at_thread_end(kept_blocks& kept) noexcept {
        thread_local freer at_end;
        (void)at_end;
        kept.freed_at_end = true;
    }
    static inline thread_local kept_blocks kept_here{};
};

/// Blocks of at least this many bytes ask the kernel for transparent huge pages (4 MiB, where
/// NumPy's allocator starts asking too). Where the kernel gives them only on request (the
/// "madvise" setting, Debian's default), a large array otherwise lives on 4 KiB pages and
/// streaming it misses the TLB every 4 KiB, and in a virtual machine each miss walks two page
/// tables (benchmark sum_axis0/f64/4096x4096; docs/performance.md).
inline constexpr std::size_t huge_page_advice_bytes = std::size_t{1} << 22;

/// Gives the kernel `advice` (an madvise value) over the whole pages inside [block, block + bytes).
inline void advise_whole_pages([[maybe_unused]] void* block, [[maybe_unused]] std::size_t bytes, [[maybe_unused]] int advice) noexcept {
#ifdef ND_HAS_MADVISE
    constexpr std::uintptr_t page = 4096;
    const auto first = reinterpret_cast<std::uintptr_t>(block);
    const std::uintptr_t start = (first + page - 1) / page * page, end = (first + bytes) / page * page;
    if (end > start) (void)::madvise(reinterpret_cast<void*>(start), end - start, advice); // advice only: failure changes nothing
#endif
}

/// Asks for huge pages over the whole pages inside [block, block + bytes).
inline void advise_huge_pages(void* block, std::size_t bytes) noexcept {
#ifdef ND_HAS_MADVISE
    advise_whole_pages(block, bytes, MADV_HUGEPAGE);
#else
    (void)block;
    (void)bytes;
#endif
}

/// Gives back to the kernel the whole pages inside [first, first + bytes), which are then read
/// as zeros: the unused end of a block, whose address space stays allocated.
inline void release_pages(std::byte* first, std::size_t bytes) noexcept {
#ifdef ND_HAS_MADVISE
    advise_whole_pages(first, bytes, MADV_DONTNEED);
#else
    (void)first;
    (void)bytes;
#endif
}

/// A counted reference to an aligned block of bytes; empty for memory nd does not own (adapt).
class buffer_ref {
public:
    buffer_ref() noexcept = default;

    /// Allocates `bytes` of uninitialised, 64-byte aligned storage with one reference.
    static buffer_ref allocate(std::size_t bytes) {
        buffer_ref fresh;
        fresh.allocate_into_empty(bytes);
        return fresh;
    }
    /// Makes this empty reference the one reference to `bytes` of new storage, as allocate()
    /// but in place: every new array does this, and assigning a returned reference first
    /// releases the empty one it replaces.
    [[gnu::always_inline]] void allocate_into_empty(std::size_t bytes) {
        ND_ASSERT(head_ == nullptr);
        // Plain operator new, aligned by hand: glibc serves aligned allocations of large blocks
        // with fresh mmaps every time, which costs a page fault per 4 KiB on every array, while
        // plain allocations are recycled.
        std::size_t block_bytes = header_size + bytes + buffer_alignment;
        const bool small = block_bytes <= small_block_cache::block_bytes;
        void* block = small ? small_block_cache::take() : allocate_large(block_bytes);
        const auto address = reinterpret_cast<std::uintptr_t>(block);
        const auto aligned = (address + buffer_alignment - 1) / buffer_alignment * buffer_alignment;
        auto* head = ::new (reinterpret_cast<void*>(aligned)) header{};
        head->block = block;
        head->block_bytes = block_bytes;
        head->small = small;
        head->references.store(1, std::memory_order_relaxed);
        head_ = head;
    }

    buffer_ref(const buffer_ref& other) noexcept : head_(other.head_) { retain(); }
    buffer_ref(buffer_ref&& other) noexcept : head_(std::exchange(other.head_, nullptr)) {}
    buffer_ref& operator=(const buffer_ref& other) noexcept {
        buffer_ref copy(other);
        std::swap(head_, copy.head_);
        return *this;
    }
    buffer_ref& operator=(buffer_ref&& other) noexcept {
        buffer_ref moved(std::move(other));
        std::swap(head_, moved.head_);
        return *this;
    }
    ~buffer_ref() { drop(); }

    /// The first byte of the storage, or nullptr for an empty reference.
    std::byte* bytes() const noexcept {
        return head_ ? reinterpret_cast<std::byte*>(head_) + header_size : nullptr;
    }
    explicit operator bool() const noexcept { return head_ != nullptr; }
    /// Whether both refer to one allocation; false when either is empty (memory nd does not
    /// own may be shared in ways nd cannot see). Two different buffers never overlap.
    bool same_allocation(const buffer_ref& other) const noexcept { return head_ && head_ == other.head_; }
    /// How many references share this buffer (for tests and diagnostics).
    long use_count() const noexcept { return head_ ? head_->references.load(std::memory_order_relaxed) : 0; }

private:
    struct header {
        std::atomic<long> references;
        void* block;             // what operator new returned, to give back
        std::size_t block_bytes; // its size
        bool small;              // a small_block_cache block
    };
    static constexpr std::size_t header_size = buffer_alignment; // keeps the elements aligned

    // A block of at least block_bytes, whose size it leaves in block_bytes.
    [[gnu::noinline]] static void* allocate_large(std::size_t& block_bytes) {
        if (void* kept = large_block_cache::take(block_bytes)) return kept;
        void* block = ::operator new(block_bytes);
        if (block_bytes >= huge_page_advice_bytes) advise_huge_pages(block, block_bytes);
        return block;
    }
    void retain() const noexcept {
        if (!head_) return;
        if (process_is_single_threaded())
            head_->references.store(head_->references.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        else
            head_->references.fetch_add(1, std::memory_order_relaxed);
    }
    // Whether this was the last reference.
    bool release() const noexcept {
        if (process_is_single_threaded()) {
            const long left = head_->references.load(std::memory_order_relaxed) - 1;
            head_->references.store(left, std::memory_order_relaxed);
            return left == 0;
        }
        return head_->references.fetch_sub(1, std::memory_order_acq_rel) == 1;
    }
    // Inline at every destruction of an array, view or expression leaf (the count's step is a
    // few instructions, a call per leaf costs small expressions, and GCC stops inlining it in
    // large translation units: benchmark small_add/f32/4), the freeing out of line.
    [[gnu::always_inline]] void drop() noexcept {
        if (head_ && release()) free_block(head_);
        head_ = nullptr;
    }
    [[gnu::noinline]] static void free_block(header* head) noexcept {
        void* block = head->block;
        const bool small = head->small;
        const std::size_t block_bytes = head->block_bytes;
        head->~header();
        if (small) small_block_cache::give(block);
        else large_block_cache::give(block, block_bytes);
    }

    header* head_ = nullptr;
};

} // namespace nd::detail
