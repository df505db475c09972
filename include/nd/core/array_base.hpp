#pragma once
// What arrays and views have in common: a pointer to the first element, shape, byte strides,
// and the counted buffer that keeps the elements alive. Only attributes and element addressing
// live here; what differs between owning and referring (assignment, constness) is in array.hpp
// and view.hpp.

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <type_traits>

#include "nd/core/buffer.hpp"
#include "nd/core/dim_vector.hpp"
#include "nd/core/dtype.hpp"
#include "nd/core/error.hpp"
#include "nd/core/fwd.hpp"
#include "nd/core/layout.hpp"
#include "nd/core/macros.hpp"

namespace nd {
namespace detail {

/// The pieces a view is made of; a plain aggregate so layers can build views directly.
template <class Element> struct view_parts {
    Element* data = nullptr;
    dim_vector shape;
    dim_vector strides;
    buffer_ref buffer;
    bool writeable = !std::is_const_v<Element>;
};

template <class Element> Element* advance_bytes(Element* pointer, std::ptrdiff_t bytes) noexcept {
    using byte_type = std::conditional_t<std::is_const_v<Element>, const std::byte, std::byte>;
    return reinterpret_cast<Element*>(reinterpret_cast<byte_type*>(pointer) + bytes);
}

[[noreturn]] inline void throw_index_count(std::initializer_list<std::ptrdiff_t> given, std::ptrdiff_t ndim) {
    const auto count = static_cast<std::ptrdiff_t>(given.size());
    if (count > ndim)
        throw index_error("too many indices for array: array is " + std::to_string(ndim) + "-dimensional, but " +
                          std::to_string(count) + " were indexed");
    std::string written;
    for (auto i : given) written += (written.empty() ? "" : ", ") + std::to_string(i);
    std::string suggestion = written;
    for (std::ptrdiff_t k = count; k < ndim; ++k) suggestion += (suggestion.empty() ? "" : ", ") + std::string("nd::all");
    throw index_error("m(" + written + ") gives " + std::to_string(count) + " integer index" + (count == 1 ? "" : "es") +
                      " for a " + std::to_string(ndim) + "-dimensional array, but element access takes exactly " +
                      std::to_string(ndim) + "; for the sub-array write m(" + suggestion + ")");
}

[[noreturn]] inline void throw_out_of_bounds(std::ptrdiff_t index, std::size_t axis, std::ptrdiff_t size) {
    throw index_error("index " + std::to_string(index) + " is out of bounds for axis " + std::to_string(axis) +
                      " with size " + std::to_string(size));
}

/// Attributes and element addressing shared by `nd::array` and `nd::view`.
template <class Element> class array_base {
public:
    using value_type = std::remove_const_t<Element>;

    /// Number of dimensions. `nd::zeros<int>({2, 3}).ndim() == 2`
    std::ptrdiff_t ndim() const noexcept { return static_cast<std::ptrdiff_t>(shape_.size()); }
    /// Number of elements. `nd::zeros<int>({2, 3}).size() == 6`
    std::ptrdiff_t size() const noexcept { return size_; }
    /// The extents of all axes. `m.shape() == nd::dim_vector{2, 3}`
    const dim_vector& shape() const noexcept { return shape_; }
    /// The extent of one axis; negative axes count from the end. `m.shape(-1) == 3`
    std::ptrdiff_t shape(std::ptrdiff_t axis) const { return shape_[normalize_axis(axis, ndim())]; }
    /// Byte strides of all axes, signed. `nd::zeros<int>({2, 3}).strides() == nd::dim_vector{12, 4}`
    const dim_vector& strides() const noexcept { return strides_; }
    /// Byte stride of one axis. `m.strides(0) == 12`
    std::ptrdiff_t strides(std::ptrdiff_t axis) const { return strides_[normalize_axis(axis, ndim())]; }
    /// Bytes per element. `nd::zeros<double>({2}).itemsize() == 8`
    static constexpr std::ptrdiff_t itemsize() noexcept { return static_cast<std::ptrdiff_t>(sizeof(value_type)); }
    /// Bytes of all elements (not of the buffer). `nd::zeros<double>({2, 3}).nbytes() == 48`
    std::ptrdiff_t nbytes() const noexcept { return size_ * itemsize(); }
    /// NumPy's dtype of the elements. `nd::zeros<float>({2}).dtype().name == "float32"`
    nd::dtype dtype() const noexcept { return dtype_of<value_type>; }
    /// NumPy's flags. `m.flags().c_contiguous`
    array_flags flags() const noexcept {
        const unsigned bits = flag_bits_;
        return {(bits & c_contiguous_bit) != 0, (bits & f_contiguous_bit) != 0, (bits & owndata_bit) != 0, (bits & writeable_bit) != 0};
    }
    /// Whether the elements may be written (flags().writeable, without computing the other flags).
    bool writeable() const noexcept { return (flag_bits_ & writeable_bit) != 0; }
    /// The buffer the elements live in (empty for adapted external memory).
    const buffer_ref& buffer() const noexcept { return buffer_; }

    array_base() = default;
    // Inline wherever an array, view or expression leaf dies: in large translation units GCC
    // makes it a call, which small expressions feel (benchmark small_add/f32/4).
    [[gnu::always_inline]] ~array_base() = default;
    array_base(view_parts<Element>&& parts, bool owndata)
        : data_(parts.data), shape_(std::move(parts.shape)), strides_(std::move(parts.strides)), size_(size_of(shape_)),
          buffer_(std::move(parts.buffer)),
          flag_bits_(static_cast<std::uint8_t>((parts.writeable ? writeable_bit : 0) | (owndata ? owndata_bit : 0))) {
        update_contiguity();
    }

    /// Refers to the elements of `other` (copies its layout and shares its buffer) directly,
    /// without going through view_parts: views of arrays are made on every expression.
    template <class Other>
    array_base(const array_base<Other>& other, bool writeable)
        : data_(other.data_), shape_(other.shape_), strides_(other.strides_), size_(other.size_), buffer_(other.buffer_),
          flag_bits_(static_cast<std::uint8_t>((other.flag_bits_ & contiguity_bits) | (writeable ? writeable_bit : 0))) {}

protected:
    view_parts<Element> parts() const { return {data_, shape_, strides_, buffer_, writeable()}; }

    /// Address of an element by exactly ndim integer indices; bounds are checked in debug builds.
    template <std::integral... Index> Element* element_pointer(Index... index) const {
        if (static_cast<std::ptrdiff_t>(sizeof...(Index)) != ndim()) throw_index_count({static_cast<std::ptrdiff_t>(index)...}, ndim());
        std::ptrdiff_t offset = 0;
        std::size_t axis = 0;
        ((ND_ASSERT(static_cast<std::ptrdiff_t>(index) >= 0 && static_cast<std::ptrdiff_t>(index) < shape_[axis]),
          offset += static_cast<std::ptrdiff_t>(index) * strides_[axis], ++axis),
         ...);
        return advance_bytes(data_, offset);
    }

    /// Address of an element by ndim integer indices, negative ones wrapping, always checked.
    template <std::integral... Index> Element* checked_element_pointer(Index... index) const {
        if (static_cast<std::ptrdiff_t>(sizeof...(Index)) != ndim()) throw_index_count({static_cast<std::ptrdiff_t>(index)...}, ndim());
        std::ptrdiff_t offset = 0;
        std::size_t axis = 0;
        auto add = [&](std::ptrdiff_t i) {
            const std::ptrdiff_t extent = shape_[axis];
            if (i < -extent || i >= extent) throw_out_of_bounds(i, axis, extent);
            offset += (i < 0 ? i + extent : i) * strides_[axis];
            ++axis;
        };
        (add(static_cast<std::ptrdiff_t>(index)), ...);
        (void)add; // a 0-d array takes no index
        return advance_bytes(data_, offset);
    }

    /// Becomes an empty owner of shape (0,) and no buffer, field by field: a temporary layout
    /// moved in made GCC 12 report a false -Wfree-nonheap-object in some programs at -O2.
    void become_empty_owner() noexcept {
        data_ = nullptr;
        shape_.assign(1, 0);
        strides_.assign(1, itemsize());
        size_ = 0;
        buffer_ = buffer_ref();
        flag_bits_ = contiguity_bits | owndata_bit | writeable_bit;
    }

    /// Recomputes the contiguity flags; called wherever shape_ or strides_ change.
    void update_contiguity() noexcept {
        set_contiguity(is_contiguous(shape_, strides_, itemsize(), order::C), is_contiguous(shape_, strides_, itemsize(), order::F));
    }
    void set_contiguity(bool c_contiguous, bool f_contiguous) noexcept {
        flag_bits_ = static_cast<std::uint8_t>((flag_bits_ & ~contiguity_bits) | (c_contiguous ? c_contiguous_bit : 0) |
                                               (f_contiguous ? f_contiguous_bit : 0));
    }

    void require_writeable() const {
        if (!writeable()) throw_read_only();
    }

    Element* data_ = nullptr;
    dim_vector shape_;
    dim_vector strides_;
    std::ptrdiff_t size_ = 1;
    buffer_ref buffer_;
    // NumPy's flags (every evaluation asks for the contiguity ones), in one byte that is only
    // ever written and read whole: four bools written one byte at a time and read together as
    // one wider load stall, since the processor cannot forward the pending byte stores to it
    // (benchmark small_add/f32/4; docs/performance.md).
    static constexpr std::uint8_t c_contiguous_bit = 1, f_contiguous_bit = 2, owndata_bit = 4, writeable_bit = 8;
    static constexpr std::uint8_t contiguity_bits = c_contiguous_bit | f_contiguous_bit;
    std::uint8_t flag_bits_ = contiguity_bits | (std::is_const_v<Element> ? 0 : writeable_bit);

    template <class> friend class array_base;
    template <class E> friend unsigned contiguity_bits(const array_base<E>&) noexcept;
    // The evaluator writes into arrays and views through their common base.
    template <class T, class E> friend void evaluate_into_elements(const array_base<T>&, const E&);
    template <class T, class E> friend void evaluate_fresh(const array_base<T>&, const E&);
};

/// The contiguity flags alone, as bits: 1 when C-contiguous, 2 when F-contiguous. Evaluations
/// join them over all operands with one AND each (GCC does not see through flags()'s bools).
template <class Element> unsigned contiguity_bits(const array_base<Element>& elements) noexcept {
    static_assert(array_base<Element>::c_contiguous_bit == 1 && array_base<Element>::f_contiguous_bit == 2);
    return elements.flag_bits_ & array_base<Element>::contiguity_bits;
}

} // namespace detail

/// Anything with elements laid out in memory: an `nd::array` or an `nd::view`.
/// `template <nd::array_like A> void show(const A& a);`
template <class A>
concept array_like = requires { typename std::remove_cvref_t<A>::value_type; } &&
                     std::derived_from<std::remove_cvref_t<A>, detail::array_base<typename std::remove_cvref_t<A>::element_type>>;

} // namespace nd
