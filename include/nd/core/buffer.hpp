#pragma once
// Element storage: one 64-byte aligned allocation whose header holds an atomic reference count,
// so arrays, views and expressions can share it and the last one out frees it.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>
#include <utility>

namespace nd::detail {

/// Alignment of every buffer nd allocates: a cache line, and enough for any SIMD register.
inline constexpr std::size_t buffer_alignment = 64;

/// A counted reference to an aligned block of bytes; empty for memory nd does not own (adapt).
class buffer_ref {
public:
    buffer_ref() noexcept = default;

    /// Allocates `bytes` of uninitialised, 64-byte aligned storage with one reference.
    static buffer_ref allocate(std::size_t bytes) {
        // Plain operator new, aligned by hand: glibc serves aligned allocations of large blocks
        // with fresh mmaps every time, which costs a page fault per 4 KiB on every array, while
        // plain allocations are recycled.
        void* block = ::operator new(header_size + bytes + buffer_alignment);
        const auto address = reinterpret_cast<std::uintptr_t>(block);
        const auto aligned = (address + buffer_alignment - 1) / buffer_alignment * buffer_alignment;
        auto* head = ::new (reinterpret_cast<void*>(aligned)) header{};
        head->block = block;
        head->references.store(1, std::memory_order_relaxed);
        return buffer_ref(head);
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
    /// How many references share this buffer (for tests and diagnostics).
    long use_count() const noexcept { return head_ ? head_->references.load(std::memory_order_relaxed) : 0; }

private:
    struct header {
        std::atomic<long> references;
        void* block; // what operator new returned, to give back
    };
    static constexpr std::size_t header_size = buffer_alignment; // keeps the elements aligned

    explicit buffer_ref(header* head) noexcept : head_(head) {}
    void retain() const noexcept {
        if (head_) head_->references.fetch_add(1, std::memory_order_relaxed);
    }
    void drop() noexcept {
        if (head_ && head_->references.fetch_sub(1, std::memory_order_acq_rel) == 1) {
            void* block = head_->block;
            head_->~header();
            ::operator delete(block);
        }
        head_ = nullptr;
    }

    header* head_ = nullptr;
};

} // namespace nd::detail
