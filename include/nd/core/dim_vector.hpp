#pragma once
// Shapes and strides are short lists of signed integers. Most arrays have rank 4 or less, so
// those live inline: creating a small array pays for one allocation (its buffer), not three.

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <ostream>
#include <ranges>
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
        for (auto v : values) data_[i++] = static_cast<std::ptrdiff_t>(v);
    }

    dim_vector(const dim_vector& other) { copy_from(other); }
    dim_vector(dim_vector&& other) noexcept { take(other); }
    dim_vector& operator=(const dim_vector& other) {
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
    ~dim_vector() { release(); }

    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }
    std::ptrdiff_t* data() noexcept { return data_; }
    const std::ptrdiff_t* data() const noexcept { return data_; }
    std::ptrdiff_t& operator[](std::size_t i) noexcept { return data_[i]; }
    std::ptrdiff_t operator[](std::size_t i) const noexcept { return data_[i]; }
    std::ptrdiff_t* begin() noexcept { return data_; }
    std::ptrdiff_t* end() noexcept { return data_ + size_; }
    const std::ptrdiff_t* begin() const noexcept { return data_; }
    const std::ptrdiff_t* end() const noexcept { return data_ + size_; }
    std::ptrdiff_t back() const noexcept { return data_[size_ - 1]; }

    /// Makes this `count` entries equal to `value`. `shape.assign(3, 1);  // (1, 1, 1)`
    void assign(std::size_t count, std::ptrdiff_t value) {
        release(); // assign_fill starts from the inline storage
        assign_fill(count, value);
    }
    /// Changes the length; entries kept keep their values, new ones are zero.
    void resize(std::size_t count) {
        const std::size_t old_size = size_;
        if (count > capacity()) {
            auto grown = std::make_unique<std::ptrdiff_t[]>(count);
            std::copy(data_, data_ + old_size, grown.get());
            release();
            heap_ = grown.release();
            data_ = heap_;
            heap_capacity_ = count;
        }
        for (std::size_t i = old_size; i < count; ++i) data_[i] = 0;
        size_ = count;
    }
    // Indexing builds every view's shape and strides entry by entry: with room left this is one
    // store, where resize's zero fill became a call to memset (a 2-d slice took 43 ns).
    void push_back(std::ptrdiff_t value) {
        if (size_ < capacity()) [[likely]] {
            data_[size_++] = value;
            return;
        }
        resize(size_ + 1);
        data_[size_ - 1] = value;
    }
    void insert(std::size_t position, std::ptrdiff_t value) {
        resize(size_ + 1);
        std::copy_backward(data_ + position, data_ + size_ - 1, data_ + size_);
        data_[position] = value;
    }
    void erase(std::size_t position) {
        std::copy(data_ + position + 1, data_ + size_, data_ + position);
        --size_;
    }

    friend bool operator==(const dim_vector& a, const dim_vector& b) noexcept {
        if (a.size_ != b.size_) return false;
        for (std::size_t i = 0; i < a.size_; ++i)
            if (a.data_[i] != b.data_[i]) return false;
        return true;
    }

private:
    static constexpr std::size_t inline_capacity = 4;
    std::size_t capacity() const noexcept { return heap_ ? heap_capacity_ : inline_capacity; }
    void release() noexcept {
        delete[] heap_;
        heap_ = nullptr;
        data_ = inline_;
        size_ = 0;
    }
    void take(dim_vector& other) noexcept {
        if (other.heap_) {
            heap_ = other.heap_;
            heap_capacity_ = other.heap_capacity_;
            data_ = heap_;
            other.heap_ = nullptr;
            other.data_ = other.inline_;
        } else {
            copy_inline(other);
        }
        size_ = other.size_;
        other.size_ = 0;
    }
    // Plain loops rather than std::copy: shapes are a few entries long, and a call to memmove
    // per copy would cost more than the copy.
    void assign_range(const std::ptrdiff_t* values, std::size_t count) {
        if (count > capacity()) {
            size_ = 0;
            resize(count);
        }
        for (std::size_t i = 0; i < count; ++i) data_[i] = values[i];
        size_ = count;
    }
    void assign_fill(std::size_t count, std::ptrdiff_t value) {
        if (count <= inline_capacity) {
            for (std::size_t i = 0; i < inline_capacity; ++i) inline_[i] = value;
            size_ = count;
            return;
        }
        resize(count);
        std::fill(data_, data_ + count, value);
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
        if (!other.heap_ && !heap_) [[likely]] {
            copy_inline(other);
            size_ = other.size_;
        } else {
            copy_long(other);
        }
    }
    [[gnu::noinline]] void copy_long(const dim_vector& other) { assign_range(other.data_, other.size_); }

    std::ptrdiff_t inline_[inline_capacity];
    std::ptrdiff_t* heap_ = nullptr;
    std::ptrdiff_t* data_ = inline_;
    std::size_t size_ = 0;
    std::size_t heap_capacity_ = 0;
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
