#pragma once
// nd::array<T>: owns its elements, with value semantics like std::vector. Copying copies the
// elements; moving is cheap; assigning replaces the contents. Everything that looks at an array
// without owning it is an nd::view.

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <limits>
#include <memory>
#include <type_traits>
#include <utility>

#include "nd/core/array_base.hpp"
#include "nd/core/view.hpp"

namespace nd {

namespace detail {
/// `nested_list<T, 2>` is `std::initializer_list<std::initializer_list<T>>`.
template <class T, std::size_t Depth> struct nested_list_of {
    using type = std::initializer_list<typename nested_list_of<T, Depth - 1>::type>;
};
template <class T> struct nested_list_of<T, 0> {
    using type = T;
};
template <class T, std::size_t Depth> using nested_list = typename nested_list_of<T, Depth>::type;
} // namespace detail

/// An N-dimensional array that owns its elements.
/// `nd::array<int> m = {{10, 20, 30}, {40, 50, 60}};`
template <class Element> class array : public detail::array_base<Element> {
    static_assert(element<Element> && !std::is_const_v<Element>, "nd::array holds non-const numeric or record elements");
    using base = detail::array_base<Element>;

public:
    using element_type = Element;
    using value_type = Element;

    /// An empty one-dimensional array, shape (0,).
    array() { become_empty(); }
    /// Uninitialised storage of the given shape; prefer nd::empty. Throws shape_error for
    /// negative, too many or too large dimensions before allocating.
    array(const dim_vector& shape, order memory_order) { allocate(shape, memory_order); }

    /// Nested lists up to four levels: `{1, 2}`, `{{1, 2}, {3, 4}}`, ... A ragged list is a
    /// shape_error naming the depth where the lengths differ. C++ reads `{x}` as a scalar too, so
    /// innermost lists of one element (`{{1}, {2}}`) or none (`{{}, {}}`) are ambiguous: build
    /// those with nd::full or reshape.
    array(detail::nested_list<Element, 1> values) : array(list_shape<1>(values), order::C) { fill_from_list<1>(values); }
    array(detail::nested_list<Element, 2> values) : array(list_shape<2>(values), order::C) { fill_from_list<2>(values); }
    array(detail::nested_list<Element, 3> values) : array(list_shape<3>(values), order::C) { fill_from_list<3>(values); }
    array(detail::nested_list<Element, 4> values) : array(list_shape<4>(values), order::C) { fill_from_list<4>(values); }

    /// A copy of another array, keeping its memory layout.
    array(const array& other) : array(detail::copy_elements<Element>(view<const Element>(other), order::K)) {}
    array(array&& other) noexcept : base(static_cast<base&&>(other)) { other.become_empty(); }
    /// A copy of a view's elements (np.array(v)), keeping their memory layout.
    template <class Other>
        requires std::same_as<std::remove_const_t<Other>, Element>
    array(const view<Other>& source) : array(detail::copy_elements<Element>(view<const Element>(source), order::K)) {}

    /// Evaluates an expression into a new array, in one loop. `nd::array<float> v = nd::sqrt(a) * 2.0f;`
    template <expression E>
    array(const E& source) {
        detail::evaluate_into_new_array(*this, source);
    }

    /// Evaluates an expression into this array: in place when the shape matches (no allocation),
    /// else into new storage. `a = a * 2 + 1;`
    template <expression E> array& operator=(const E& source) & {
        if (source.shape() == this->shape_) detail::evaluate_into_elements<Element>(*this, source);
        else *this = detail::evaluate_new<Element>(source);
        return *this;
    }

    /// Replaces the contents with a copy of other's; reuses the storage when the shape matches.
    array& operator=(const array& other) & {
        if (this != &other) assign_or_reallocate(view<const Element>(other));
        return *this;
    }
    array& operator=(array&& other) & noexcept {
        if (this != &other) {
            base::operator=(static_cast<base&&>(other));
            other.become_empty();
        }
        return *this;
    }
    /// Replaces the contents with a view's elements (converted); reuses storage when shapes match.
    template <class Other>
        requires numeric<std::remove_const_t<Other>>
    array& operator=(const view<Other>& source) & {
        assign_or_reallocate(view<const std::remove_const_t<Other>>(source));
        return *this;
    }
    ~array() = default;

    Element* data() noexcept { return this->data_; }
    /// A view of one field of every record (see nd::view::field).
    /// `nd::mean(students.field(&student::score))`
    template <class Field, class Record>
        requires std::same_as<Record, Element>
    auto field(Field Record::*member) {
        return mutable_view().field(member);
    }
    template <class Field, class Record>
        requires std::same_as<Record, Element>
    auto field(Field Record::*member) const {
        return const_view().field(member);
    }
    /// A field by name (see nd::view::field). `students.field<double>("score")`
    template <class Field>
        requires record<Element>
    auto field(std::string_view name) {
        return mutable_view().template field<Field>(name);
    }
    template <class Field>
        requires record<Element>
    auto field(std::string_view name) const {
        return const_view().template field<Field>(name);
    }
    const Element* data() const noexcept { return this->data_; }

    /// Writes a scalar or an array-like (broadcast, converted) into the existing elements.
    /// `a.assign(0);`
    template <class Source>
        requires(array_like<Source> || numeric<Source> || expression<Source> || std::same_as<Source, Element>)
    void assign(const Source& source) & {
        if constexpr (expression<Source>) detail::evaluate_into_elements<Element>(*this, source);
        else mutable_view().assign(source);
    }

    /// Element access with exactly ndim integers, or basic indexing into a view (see nd::view).
    /// `m(1, 2) = 5; auto col = m(nd::all, 1);`
    template <class... Index> decltype(auto) operator()(const Index&... index) { return mutable_view()(index...); }
    template <class... Index> decltype(auto) operator()(const Index&... index) const { return const_view()(index...); }
    /// NumPy's `m[index...] = values` for every index form (see nd::view::set): an advanced
    /// index read is a copy, so `m(mask) = 0` does not compile (assignment to an array takes an
    /// lvalue) and `set` writes. `m.set(m > 25, 0);`
    template <class... Arguments>
        requires(sizeof...(Arguments) >= 2)
    void set(const Arguments&... arguments) & {
        mutable_view().set(arguments...);
    }
    /// np.put (see nd::view::put). `m.put(idx, vals);`
    template <class Indices, class Values, class Mode = detail::raise_mode>
    void put(const Indices& indices, const Values& values, Mode mode = {}) & {
        mutable_view().put(indices, values, mode);
    }
    /// Checked element access; negative indices wrap. `m.at(-1, 2)`
    template <integer... Index> Element& at(Index... index) { return *this->checked_element_pointer(index...); }
    template <integer... Index> const Element& at(Index... index) const { return *this->checked_element_pointer(index...); }

    /// Views of the same elements with other shapes (see nd::view for each).
    view<Element> T() { return mutable_view().T(); }
    view<const Element> T() const { return const_view().T(); }
    view<Element> transpose() { return mutable_view().T(); }
    view<const Element> transpose() const { return const_view().T(); }
    view<Element> transpose(const dim_vector& axes) { return mutable_view().transpose(axes); }
    view<const Element> transpose(const dim_vector& axes) const { return const_view().transpose(axes); }
    view<Element> reshape(const dim_vector& shape, order index_order = order::C) { return mutable_view().reshape(shape, index_order); }
    view<const Element> reshape(const dim_vector& shape, order index_order = order::C) const { return const_view().reshape(shape, index_order); }
    view<Element> squeeze() { return mutable_view().squeeze(); }
    view<const Element> squeeze() const { return const_view().squeeze(); }
    view<Element> squeeze(std::ptrdiff_t axis) { return mutable_view().squeeze(axis); }
    view<const Element> squeeze(std::ptrdiff_t axis) const { return const_view().squeeze(axis); }
    view<Element> ravel(order index_order = order::C) { return mutable_view().ravel(index_order); }
    view<const Element> ravel(order index_order = order::C) const { return const_view().ravel(index_order); }

    /// Copies (see nd::view). `auto f = m.flatten(); auto c = m.copy(); auto d = m.astype<double>();`
    array flatten(order index_order = order::C) const { return const_view().flatten(index_order); }
    array copy(order memory_order = order::C) const { return const_view().copy(memory_order); }
    template <element U> array<U> astype(order memory_order = order::K) const { return const_view().template astype<U>(memory_order); }

private:
    template <class> friend class view;
    template <class> friend class array;
    template <class U, class T> friend array<U> detail::copy_elements(const view<const T>&, order);
    template <class U, class E> friend void detail::evaluate_into_new_array(array<U>&, const E&);
    template <class U, class M> friend array<U> detail::mask_select(const view<const U>&, const M&);

    // The default and moved-from state: shape (0,), no buffer, so moving never allocates.
    void become_empty() noexcept { base::become_empty_owner(); }

    // Fills in the layout of a default-constructed array in place: each piece written once
    // where it lives, as this runs for every new array, however small.
    void allocate(const dim_vector& shape, order memory_order) {
        allocate_layout(shape, detail::checked_size(shape, base::itemsize()), memory_order);
        // Contiguous in the order asked for by construction; only the other order is checked.
        const bool fortran = memory_order == order::F;
        this->set_contiguity(!fortran || detail::is_contiguous(shape, this->strides_, base::itemsize(), order::C),
                             fortran || detail::is_contiguous(shape, this->strides_, base::itemsize(), order::F));
    }
    // Storage, shape and strides for `count` elements of a valid shape, contiguous in
    // memory_order (C or F), in an array still in its default state; the contiguity flags are
    // the caller's to set. Inline, and each piece written once where it lives: this runs for
    // every new array, and for one of 4 elements it was a third of the whole `c = a + b`.
    [[gnu::always_inline]] void allocate_layout(const dim_vector& shape, std::ptrdiff_t count, order memory_order) {
        this->buffer_.allocate_into_empty(static_cast<std::size_t>(count * base::itemsize()));
        this->data_ = reinterpret_cast<Element*>(this->buffer_.bytes());
        if constexpr (!std::is_trivially_default_constructible_v<Element>) std::uninitialized_default_construct_n(this->data_, count);
        this->shape_ = shape;
        this->size_ = count;
        this->flag_bits_ |= base::owndata_bit;
        if (count != 0) [[likely]]
            detail::contiguous_strides_into(shape, base::itemsize(), memory_order == order::F ? order::F : order::C,
                                            this->strides_.resize_for_overwrite(shape.size()));
        else
            this->strides_.assign(shape.size(), 0); // NumPy gives a new empty array all-zero strides
    }

    detail::view_parts<Element> mutable_parts() const { return this->parts(); }
    detail::view_parts<const Element> const_parts() const {
        return {this->data_, this->shape_, this->strides_, this->buffer_, false};
    }
    view<Element> mutable_view() { return view<Element>(this->parts()); }
    view<const Element> const_view() const { return view<const Element>(const_parts()); }

    // A fresh one-dimensional array cut to its first `count` elements, the end of its storage
    // given back to the kernel: a selection allocated for every element it might keep.
    void keep_first(std::ptrdiff_t count) noexcept {
        const std::ptrdiff_t unused = (this->size_ - count) * base::itemsize();
        detail::release_pages(reinterpret_cast<std::byte*>(this->data_) + count * base::itemsize(), static_cast<std::size_t>(unused));
        this->shape_ = dim_vector{count};
        this->size_ = count;
        if (count == 0) this->strides_ = dim_vector{0}; // as a new empty array's
    }

    // The array seen as one dimension in buffer order; only valid for a fresh dense copy.
    array relabel_flat() && {
        this->shape_ = dim_vector{this->size_};
        this->strides_ = dim_vector{base::itemsize()};
        this->set_contiguity(true, true);
        return std::move(*this);
    }

    template <class Source> void assign_or_reallocate(const view<const Source>& source) {
        if (source.shape() == this->shape_) {
            detail::assign_elements(mutable_view(), source);
        } else {
            *this = detail::copy_elements<Element>(source, order::K);
        }
    }

    template <std::size_t Depth> static dim_vector list_shape(const detail::nested_list<Element, Depth>& values) {
        dim_vector shape(Depth, -1); // -1: no list at this depth seen yet
        measure_list<Depth>(values, shape, 0);
        for (auto& extent : shape)
            if (extent < 0) extent = 0;
        return shape;
    }
    template <std::size_t Depth>
    static void measure_list(const detail::nested_list<Element, Depth>& values, dim_vector& shape, std::size_t level) {
        const auto length = static_cast<std::ptrdiff_t>(values.size());
        if (shape[level] < 0) {
            shape[level] = length;
        } else if (shape[level] != length) {
            dim_vector detected(level);
            std::copy(shape.begin(), shape.begin() + static_cast<std::ptrdiff_t>(level), detected.begin());
            throw shape_error("setting an array element with a sequence. The requested array has an inhomogeneous shape after " +
                              std::to_string(level) + " dimensions. The detected shape was " + to_string(detected) +
                              " + inhomogeneous part.");
        }
        if constexpr (Depth > 1)
            for (const auto& sublist : values) measure_list<Depth - 1>(sublist, shape, level + 1);
    }

    template <std::size_t Depth> void fill_from_list(const detail::nested_list<Element, Depth>& values) {
        Element* out = this->data_;
        copy_list<Depth>(values, out);
    }
    template <std::size_t Depth> static void copy_list(const detail::nested_list<Element, Depth>& values, Element*& out) {
        if constexpr (Depth == 1) out = std::copy(values.begin(), values.end(), out);
        else
            for (const auto& sublist : values) copy_list<Depth - 1>(sublist, out);
    }
};

} // namespace nd
