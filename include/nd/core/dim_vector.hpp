#pragma once
// Shapes and strides are short lists of signed integers. Most arrays have rank 4 or less, so
// those live inline: creating a small array pays for one allocation (its buffer), not three.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <ostream>
#include <ranges>
#include <stdexcept>
#include <string>

namespace nd {

/// The most dimensions an array may have (NumPy's NPY_MAXDIMS).
inline constexpr std::ptrdiff_t max_ndim = 32;

/// A shape or a list of byte strides: up to 4 entries inline, more on the heap.
/// `nd::dim_vector shape = {2, 3}; shape[1] == 3;`
class dim_vector {
public:
    using value_type = std::ptrdiff_t;
    using iterator = std::ptrdiff_t*;
    using const_iterator = const std::ptrdiff_t*;

    dim_vector() noexcept {}
    explicit dim_vector(std::size_t count, std::ptrdiff_t value = 0) { assign_fill(count, value); }
    dim_vector(std::initializer_list<std::ptrdiff_t> values) { assign_range(values.begin(), values.size()); }

    /// Any range of integers, e.g. a std::vector<int> holding a shape.
    template <std::ranges::sized_range R>
        requires std::integral<std::ranges::range_value_t<R>> && (!std::same_as<std::remove_cvref_t<R>, dim_vector>)
    explicit dim_vector(const R& values) {
        resize(std::ranges::size(values));
        std::size_t i = 0;
        for (auto v : values) data()[i++] = static_cast<std::ptrdiff_t>(v);
    }

    dim_vector(const dim_vector& other) { copy_from(other); }
    dim_vector(dim_vector&& other) noexcept { take(other); }
    [[gnu::always_inline]] dim_vector& operator=(const dim_vector& other) {
        if (this != &other) copy_from(other);
        return *this;
    }
    dim_vector& operator=(dim_vector&& other) noexcept {
        if (this != &other) {
            release();
            take(other);
        }
        return *this;
    }
    ~dim_vector() {
        if (on_heap()) [[unlikely]]
            delete[] heap_;
    }

    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }
    std::ptrdiff_t* data() noexcept { return on_heap() ? heap_ : inline_; }
    const std::ptrdiff_t* data() const noexcept { return on_heap() ? heap_ : inline_; }
    std::ptrdiff_t& operator[](std::size_t i) noexcept { return data()[i]; }
    std::ptrdiff_t operator[](std::size_t i) const noexcept { return data()[i]; }
    std::ptrdiff_t* begin() noexcept { return data(); }
    std::ptrdiff_t* end() noexcept { return data() + size_; }
    const std::ptrdiff_t* begin() const noexcept { return data(); }
    const std::ptrdiff_t* end() const noexcept { return data() + size_; }
    std::ptrdiff_t back() const noexcept { return data()[size_ - 1]; }

    /// Makes this `count` entries equal to `value`. `shape.assign(3, 1);  // (1, 1, 1)`
    void assign(std::size_t count, std::ptrdiff_t value) {
        release(); // assign_fill starts from the inline storage
        assign_fill(count, value);
    }
    /// Makes this `count` entries long for the caller to write every one: no fill, which
    /// for the strides of each new array would be stored only to be overwritten.
    /// `strides.resize_for_overwrite(2); strides[0] = 12; strides[1] = 4;`
    [[gnu::always_inline]] std::ptrdiff_t* resize_for_overwrite(std::size_t count) {
        if (count > capacity_) [[unlikely]]
            return reserve_fresh(count);
        size_ = static_cast<std::uint32_t>(count);
        return data();
    }
    /// Changes the length; entries kept keep their values, new ones are zero.
    void resize(std::size_t count) {
        std::ptrdiff_t* entries = reserve(count);
        for (std::size_t i = size_; i < count; ++i) entries[i] = 0;
        size_ = static_cast<std::uint32_t>(count);
    }
    // Indexing builds every view's shape and strides entry by entry: with room left this is one
    // store, where resize's zero fill became a call to memset (docs/performance.md).
    void push_back(std::ptrdiff_t value) {
        if (size_ < capacity_) [[likely]] {
            data()[size_++] = value;
            return;
        }
        resize(size_ + 1);
        data()[size_ - 1] = value;
    }
    void insert(std::size_t position, std::ptrdiff_t value) {
        resize(size_ + 1);
        std::ptrdiff_t* entries = data();
        std::copy_backward(entries + position, entries + size_ - 1, entries + size_);
        entries[position] = value;
    }
    void erase(std::size_t position) {
        std::ptrdiff_t* entries = data();
        std::copy(entries + position + 1, entries + size_, entries + position);
        --size_;
    }

    friend bool operator==(const dim_vector& a, const dim_vector& b) noexcept {
        if (a.size_ != b.size_) return false;
        const std::ptrdiff_t *x = a.data(), *y = b.data();
        for (std::size_t i = 0; i < a.size_; ++i)
            if (x[i] != y[i]) return false;
        return true;
    }

private:
    static constexpr std::size_t inline_capacity = 4;
    static constexpr std::size_t max_entries = UINT32_MAX;
    // Where the entries are is told by the capacity alone: a copy writes the length, the
    // capacity and the entries, and nothing points into the object itself, so the copies that
    // every view and expression makes stay short.
    bool on_heap() const noexcept { return capacity_ > inline_capacity; }
    void release() noexcept {
        if (on_heap()) delete[] heap_;
        capacity_ = inline_capacity;
        size_ = 0;
    }
    void take(dim_vector& other) noexcept {
        if (other.on_heap()) {
            heap_ = other.heap_;
            capacity_ = other.capacity_;
            other.capacity_ = inline_capacity;
        } else {
            copy_inline(other);
        }
        size_ = other.size_;
        other.size_ = 0;
    }
    // Room for `count` entries, the first size_ kept; returns where the entries are.
    std::ptrdiff_t* reserve(std::size_t count) {
        if (count <= capacity_) return data();
        if (count > max_entries) throw std::length_error("nd::dim_vector cannot hold " + std::to_string(count) + " entries");
        auto grown = std::make_unique<std::ptrdiff_t[]>(count);
        std::copy(data(), data() + size_, grown.get());
        if (on_heap()) delete[] heap_;
        heap_ = grown.release();
        capacity_ = static_cast<std::uint32_t>(count);
        return heap_;
    }
    // Room for `count` entries, none kept, with the length set.
    [[gnu::noinline]] std::ptrdiff_t* reserve_fresh(std::size_t count) {
        size_ = 0; // nothing to keep
        std::ptrdiff_t* entries = reserve(count);
        size_ = static_cast<std::uint32_t>(count);
        return entries;
    }
    // Plain loops rather than std::copy: shapes are a few entries long, and a call to memmove
    // per copy would cost more than the copy.
    void assign_range(const std::ptrdiff_t* values, std::size_t count) {
        std::ptrdiff_t* entries = resize_for_overwrite(count);
        for (std::size_t i = 0; i < count; ++i) entries[i] = values[i];
    }
    void assign_fill(std::size_t count, std::ptrdiff_t value) {
        if (count <= inline_capacity) {
            for (std::size_t i = 0; i < inline_capacity; ++i) inline_[i] = value;
            size_ = static_cast<std::uint32_t>(count);
            return;
        }
        std::fill_n(reserve_fresh(count), count, value);
    }
    // The used entries one by one, each a plain 8-byte move: a loop over `size_` entries would
    // become a call to memmove, and a whole-buffer copy becomes one 32-byte load, which stalls
    // when the entries were just written one at a time (the store cannot be forwarded to it).
    // Entries past size_ are never written, so GCC at -O3 cannot always see that the ones read
    // here were: its -Wmaybe-uninitialized would fire in users' -Wall builds.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
    [[gnu::always_inline]] void copy_inline(const dim_vector& other) noexcept {
        static_assert(inline_capacity == 4, "copy_inline copies four entries");
        const std::size_t n = other.size_;
        if (n > 0) inline_[0] = other.inline_[0];
        if (n > 1) inline_[1] = other.inline_[1];
        if (n > 2) inline_[2] = other.inline_[2];
        if (n > 3) inline_[3] = other.inline_[3];
    }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
    // Inline, with the rare long shapes out of line: shapes are copied into every view and
    // expression, and a call per copy costs more than the copy.
    [[gnu::always_inline]] void copy_from(const dim_vector& other) {
        if (!other.on_heap() && !on_heap()) [[likely]] {
            copy_inline(other);
            size_ = other.size_;
        } else {
            copy_long(other);
        }
    }
    [[gnu::noinline]] void copy_long(const dim_vector& other) { assign_range(other.data(), other.size_); }

    // Both in one 8-byte word: GCC merges their initial stores into one, and a merged store
    // of two 8-byte fields is a 16-byte vector store, from which the processor cannot forward
    // the capacity to the load that checks it (a stall on every copy's first use).
    std::uint32_t size_ = 0;
    std::uint32_t capacity_ = inline_capacity; // above inline_capacity: the entries are on the heap
    // heap_ starts null, though only on_heap() decides which member is live: GCC 12 otherwise
    // reports a false -Wmaybe-uninitialized for the destructor inlined into code that builds
    // empty dim_vectors (found building tests/records at -O1).
    union {
        std::ptrdiff_t inline_[inline_capacity];
        std::ptrdiff_t* heap_ = nullptr;
    };
};

/// A shape as NumPy writes a tuple: `(2,3)`, `(4,)`, `()`.
/// `nd::to_string(nd::dim_vector{4}) == "(4,)"`
inline std::string to_string(const dim_vector& dims) {
    std::string text = "(";
    for (std::size_t i = 0; i < dims.size(); ++i) {
        if (i) text += ',';
        text += std::to_string(dims[i]);
    }
    if (dims.size() == 1) text += ',';
    return text + ')';
}

/// Prints a shape or strides as Python prints a tuple: `(2, 3)`, `(4,)`, `()`.
/// `std::cout << m.shape();  // (2, 3)`
inline std::ostream& operator<<(std::ostream& os, const dim_vector& dims) {
    std::string text = "(";
    for (std::size_t i = 0; i < dims.size(); ++i) text += (i ? ", " : "") + std::to_string(dims[i]);
    return os << text << (dims.size() == 1 ? ",)" : ")");
}

} // namespace nd
