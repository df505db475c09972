#pragma once
// nd::view<T>: a window onto elements owned by someone else. Copying a view copies the window,
// not the elements; assigning TO a view writes through into the elements it shows, as
// `b[...] = x` does in NumPy. A view holds a reference to its buffer, so it cannot dangle.

#include <concepts>
#include <cstddef>
#include <type_traits>
#include <utility>

#include "nd/core/array_base.hpp"
#include "nd/core/convert.hpp"
#include "nd/core/layout_transform.hpp"

namespace nd {

/// A strided view of elements; `view<const T>` is the read-only kind.
/// `nd::view<int> row = m(1, nd::all); row = 0;  // zeroes row 1 of m`
template <class Element> class view : public detail::array_base<Element> {
    using base = detail::array_base<Element>;
    using mutable_element = std::remove_const_t<Element>;

public:
    using element_type = Element;
    using value_type = mutable_element;

    /// An empty one-dimensional view, shape (0,), referring to nothing.
    view() : base(detail::view_parts<Element>{nullptr, dim_vector{0}, dim_vector{static_cast<std::ptrdiff_t>(sizeof(value_type))}, {}, !std::is_const_v<Element>}, false) {}
    /// Builds a view from its parts (used by the layers that make views).
    explicit view(detail::view_parts<Element> parts) : base(std::move(parts), false) {}

    view(const view&) = default;
    view(view&&) noexcept = default;
    ~view() = default;

    /// A read-only view of the same elements. `nd::view<const int> r = m(nd::all, 0);`
    template <class Other>
        requires(std::is_const_v<Element> && std::same_as<Other, mutable_element>)
    view(const view<Other>& other) : base(other, false) {}

    /// A view of a whole array; views of temporaries keep the temporary's buffer alive.
    view(array<mutable_element>& source)
        requires(!std::is_const_v<Element>)
        : base(source, source.writeable()) {}
    view(array<mutable_element>&& source) : base(source, !std::is_const_v<Element> && source.writeable()) {}
    view(const array<mutable_element>& source)
        requires std::is_const_v<Element>
        : base(source, false) {}

    /// Writes source's elements (broadcast) into the viewed elements; does not rebind.
    view& operator=(const view& source) {
        assign(source);
        return *this;
    }
    /// Writes a scalar, an array or a view (broadcast, converted) into the viewed elements.
    /// `m(nd::all, 0) = 7;`
    template <class Source>
        requires(array_like<Source> || numeric<Source> || expression<Source> || std::same_as<Source, mutable_element>)
    view& operator=(const Source& source) {
        assign(source);
        return *this;
    }
    /// Same as `operator=`, as a named call: one fused pass for an expression.
    /// `v.assign(x * 2 + 1);`
    template <class Source>
        requires(!std::is_const_v<Element> &&
                 (array_like<Source> || numeric<Source> || expression<Source> || std::same_as<Source, mutable_element>))
    void assign(const Source& source) const {
        this->require_writeable();
        if constexpr (expression<Source>)
            detail::evaluate_into(*this, source);
        else if constexpr (array_like<Source>)
            detail::assign_elements(*this, view<const typename Source::value_type>(source));
        else if constexpr (std::same_as<Source, mutable_element>)
            detail::fill_elements(*this, source);
        else
            detail::fill_elements(*this, detail::convert<mutable_element>(source));
    }

    /// Pointer to the first element (the one at all-zero indices).
    Element* data() const noexcept { return this->data_; }

    /// A view of one field of every record (students['score']): the records' shape and byte
    /// strides, plus the axes of an array field. `auto scores = students.field(&student::score);`
    template <class Field, class Record>
        requires std::same_as<Record, mutable_element>
    view<detail::field_element_t<Element, Field>> field(Field Record::*member) const {
        return detail::field_view(*this, member);
    }
    /// The same by name; a field of another type is an nd::type_error, an unknown name an
    /// nd::value_error, each naming the record's fields. `auto s = students.field<double>("score");`
    template <class Field>
        requires record<mutable_element>
    view<detail::field_element_t<Element, Field>> field(std::string_view name) const {
        return detail::named_field_view<Field>(*this, name);
    }

    /// With exactly ndim integers, the element (bounds asserted in debug builds); with slices,
    /// `nd::all`, `nd::newaxis` or `nd::ellipsis` among them, a view (NumPy's basic indexing);
    /// with integer arrays or boolean masks among them, a new array (NumPy's advanced indexing).
    /// `v(1, 2) = 5; auto col = v(nd::all, 1); auto picked = v(v > 0);`
    template <class... Index> decltype(auto) operator()(const Index&... index) const {
        if constexpr ((integer<Index> && ...)) return *this->element_pointer(index...);
        else if constexpr ((detail::is_basic_index_item<Index>::value && ...)) return detail::basic_index(*this, index...);
        else return detail::advanced_index(*this, index...);
    }
    /// NumPy's `x[index...] = values`: the index items as `operator()` takes them, then the
    /// values (a scalar, an array or an expression, broadcast to the indexed shape). An advanced
    /// index reads into a new array, so `x(mask) = 0` would write into that copy and be lost: it
    /// does not compile, and `set` is the write. Every index is checked before anything is
    /// written; values that overlap x are read as if copied first; repeated indices: the last
    /// write wins. `x.set(x < 0, 0); x.set(nd::all, idx, 7);`
    template <class... Arguments>
        requires(sizeof...(Arguments) >= 2 && !std::is_const_v<Element>)
    void set(const Arguments&... arguments) const {
        this->require_writeable();
        detail::set_items(*this, arguments...);
    }
    /// np.put: `values` (repeated as needed) written at the flat C-order `indices`; an index out
    /// of range is an nd::index_error unless the mode is nd::wrap or nd::clip. `x.put(idx, vals);`
    template <class Indices, class Values, class Mode = detail::raise_mode>
        requires(!std::is_const_v<Element>)
    void put(const Indices& indices, const Values& values, Mode mode = {}) const {
        this->require_writeable();
        detail::put_values(*this, indices, values, mode);
    }
    /// The element at exactly ndim integers, negative ones counting from the end; always checked.
    /// `v.at(-1, 0)`
    template <integer... Index> Element& at(Index... index) const { return *this->checked_element_pointer(index...); }

    /// The view with its axes reversed (NumPy's .T). `m.T()`
    view T() const {
        dim_vector axes(this->shape_.size());
        for (std::size_t k = 0; k < axes.size(); ++k) axes[k] = static_cast<std::ptrdiff_t>(axes.size() - 1 - k);
        return permuted(axes);
    }
    /// The view with its axes permuted; `axes[k]` is the old axis that becomes axis k.
    /// `x.transpose({2, 0, 1})`
    view transpose(const dim_vector& axes) const { return permuted(detail::normalize_permutation(axes, this->ndim())); }
    /// Same as T(). `x.transpose()`
    view transpose() const { return T(); }

    /// The same elements with a new shape (one -1 is inferred): a view when NumPy's reshape
    /// gives one, else a view of a fresh copy. `a.reshape({3, -1})`
    view reshape(const dim_vector& new_shape, order index_order = order::C) const {
        const order resolved = resolve_order(index_order);
        dim_vector shape = detail::resolve_reshape(new_shape, this->size_);
        if (new_shape == this->shape_) return *this; // as NumPy: the shape it has (literally, no -1) keeps the view as it is
        if (auto strides = detail::reshape_strides(this->shape_, this->strides_, this->itemsize(), shape, resolved)) {
            auto parts = this->parts();
            parts.shape = std::move(shape);
            parts.strides = std::move(*strides);
            return view(std::move(parts));
        }
        return view(copy(resolved)).reshape(shape, resolved);
    }

    /// Removes every size-1 axis. `nd::zeros<int>({1, 3, 1}).squeeze().shape() == nd::dim_vector{3}`
    view squeeze() const {
        auto parts = this->parts();
        parts.shape = {};
        parts.strides = {};
        for (std::size_t k = 0; k < this->shape_.size(); ++k) {
            if (this->shape_[k] != 1) {
                parts.shape.push_back(this->shape_[k]);
                parts.strides.push_back(this->strides_[k]);
            }
        }
        return view(std::move(parts));
    }
    /// Removes one size-1 axis. `x.squeeze(0)`
    view squeeze(std::ptrdiff_t axis) const {
        const std::size_t k = detail::normalize_axis(axis, this->ndim());
        if (this->shape_[k] != 1) throw shape_error("cannot select an axis to squeeze out which has size not equal to one");
        auto parts = this->parts();
        parts.shape.erase(k);
        parts.strides.erase(k);
        return view(std::move(parts));
    }

    /// The elements as one dimension: a view when they are contiguous in that order, else a
    /// view of a fresh copy. `m.ravel()`
    view ravel(order index_order = order::C) const {
        const dim_vector flat{this->size_};
        if (index_order == order::K) {
            const dim_vector axes = detail::memory_order_axes(this->shape_, this->strides_);
            const view permuted_view = permuted(axes);
            // Strides of axes that never step (extent 0 or 1) do not count, as in NumPy.
            bool positive = true;
            for (std::size_t k = 0; k < permuted_view.shape_.size(); ++k)
                positive = positive && (permuted_view.shape_[k] <= 1 || permuted_view.strides_[k] >= 0);
            if (this->size_ == 0 || (positive && detail::is_contiguous(permuted_view.shape_, permuted_view.strides_, this->itemsize(), order::C)))
                return permuted_view.reshape(flat);
            return view(flatten(order::K)); // the K-ordered copy read in its memory order, as NumPy
        }
        const order resolved = resolve_order(index_order);
        if (detail::is_contiguous(this->shape_, this->strides_, this->itemsize(), resolved)) return reshape(flat, resolved);
        return view(copy(resolved)).reshape(flat, resolved);
    }

    /// A one-dimensional copy. `m.flatten()`
    array<mutable_element> flatten(order index_order = order::C) const {
        // A fresh copy is dense in its own memory order, which is exactly the order flatten reads.
        return detail::copy_elements<mutable_element>(view<const mutable_element>(*this), flatten_order(index_order)).relabel_flat();
    }
    /// A copy with its own memory, C order by default. `auto c = m.copy(nd::order::F);`
    array<mutable_element> copy(order memory_order = order::C) const {
        return detail::copy_elements<mutable_element>(view<const mutable_element>(*this), memory_order);
    }
    /// A copy converted to another element type, as NumPy's astype. `a.astype<double>()`
    template <element U> array<U> astype(order memory_order = order::K) const {
        return detail::copy_elements<U>(view<const mutable_element>(*this), memory_order);
    }

private:
    template <class> friend class view;
    template <class> friend class array;

    detail::view_parts<const mutable_element> const_parts() const {
        return {this->data_, this->shape_, this->strides_, this->buffer_, false};
    }

    view permuted(const dim_vector& axes) const {
        auto parts = this->parts();
        parts.shape = detail::permute(this->shape_, axes);
        parts.strides = detail::permute(this->strides_, axes);
        return view(std::move(parts));
    }

    // NumPy's 'A': F when the elements are F-contiguous and not C-contiguous, else C.
    order resolve_order(order requested) const {
        if (requested == order::A || requested == order::K) {
            const auto f = this->flags();
            return f.f_contiguous && !f.c_contiguous ? order::F : order::C;
        }
        return requested;
    }
    order flatten_order(order requested) const { return requested == order::K ? order::K : resolve_order(requested); }
};

} // namespace nd
