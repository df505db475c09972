#pragma once
// The vocabulary of basic indexing, NumPy's `a[1:3, :, np.newaxis, ...]` spelled in C++:
// integers, nd::slice, nd::all, nd::newaxis and nd::ellipsis.

#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <type_traits>
#include <utility>

#include "nd/core/array_base.hpp"
#include "nd/core/dim_vector.hpp"
#include "nd/core/dtype.hpp"

namespace nd {

/// Marks an omitted slice bound, Python's `None` in `a[None:3]`.
/// `nd::slice(nd::none, nd::none, -1)  // a[::-1]`
struct none_t {
    explicit constexpr none_t(int) {}
};
inline constexpr none_t none{0};

/// One bound of a slice: an integer or nd::none.
class slice_bound {
public:
    constexpr slice_bound(none_t) noexcept {}
    template <integer I> constexpr slice_bound(I value) noexcept : value_(static_cast<std::ptrdiff_t>(value)) {}
    constexpr const std::optional<std::ptrdiff_t>& value() const noexcept { return value_; }

private:
    std::optional<std::ptrdiff_t> value_;
};

/// Python's slice: start, stop and step with Python's rules for negative and out-of-range
/// bounds. One argument is the stop, as in Python. `m(nd::slice(1, 3))  // m[1:3]`
struct slice {
    std::optional<std::ptrdiff_t> start, stop, step;

    constexpr slice() noexcept = default;
    constexpr explicit slice(slice_bound stop_) noexcept : stop(stop_.value()) {}
    constexpr slice(slice_bound start_, slice_bound stop_, slice_bound step_ = none) noexcept
        : start(start_.value()), stop(stop_.value()), step(step_.value()) {}
};

/// A whole axis, NumPy's `:`. As a function (with the reductions) it is np.all.
/// `m(nd::all, 1)  // m[:, 1]`
struct all_t {
    /// np.all: forwarded to the reduction layer, found by argument-dependent lookup.
    template <class... Args>
    auto operator()(Args&&... args) const -> decltype(all_reduce(std::forward<Args>(args)...)) {
        return all_reduce(std::forward<Args>(args)...);
    }
    /// With a braced list of axes: `nd::all(mask, {0, 1})`.
    template <class X, class... Rest>
    auto operator()(X&& x, std::initializer_list<std::ptrdiff_t> axes, Rest&&... rest) const
        -> decltype(all_reduce(std::forward<X>(x), dim_vector(axes), std::forward<Rest>(rest)...)) {
        return all_reduce(std::forward<X>(x), dim_vector(axes), std::forward<Rest>(rest)...);
    }
};
inline constexpr all_t all{};

/// A new axis of length 1, NumPy's `np.newaxis`. `m(nd::all, nd::newaxis)  // m[:, np.newaxis]`
struct newaxis_t {};
inline constexpr newaxis_t newaxis{};

/// As many `:` as needed to index every axis, NumPy's `...`. `x(nd::ellipsis, 0)  // x[..., 0]`
struct ellipsis_t {};
inline constexpr ellipsis_t ellipsis{};

/// The things basic indexing accepts.
template <class T>
concept basic_index_item = integer<T> || std::same_as<T, slice> || std::same_as<T, all_t> || std::same_as<T, newaxis_t> ||
                           std::same_as<T, ellipsis_t>;

namespace detail {
template <class T> struct is_basic_index_item : std::bool_constant<basic_index_item<T>> {};
} // namespace detail

/// An array or expression of integers among the items of x(...): NumPy's integer array index.
/// `m(nd::array<long>{0, 2})  // m[[0, 2]]`
template <class T>
concept index_array = (array_like<T> || expression<T>) && integer<std::remove_const_t<typename std::remove_cvref_t<T>::value_type>>;

/// An array or expression of bools among the items of x(...): NumPy's boolean mask index.
/// `m(m > 25)  // m[m > 25]`
template <class T>
concept mask_array = (array_like<T> || expression<T>) && std::same_as<std::remove_const_t<typename std::remove_cvref_t<T>::value_type>, bool>;

/// What x(...) accepts: the basic items and the two advanced ones.
template <class T>
concept index_item = basic_index_item<T> || index_array<T> || mask_array<T>;

/// put's mode that wraps an index around the flat size, as np.put(mode='wrap'); nd::clip (the
/// ufunc object) is the mode that clips to the ends. `x.put(idx, vals, nd::wrap);`
struct wrap_t {
    explicit constexpr wrap_t(int) {}
};
inline constexpr wrap_t wrap{0};

namespace detail {
/// How put treats an index out of range: an error, wrapped around, or clipped to the ends.
enum class index_mode { raise, wrap, clip };
/// The mode a mode argument names; nd::clip (a ufunc, in expr/) adds its own specialization.
template <class Mode> struct put_mode_of;
template <> struct put_mode_of<raise_mode> : std::integral_constant<index_mode, index_mode::raise> {};
template <> struct put_mode_of<wrap_t> : std::integral_constant<index_mode, index_mode::wrap> {};

} // namespace detail

} // namespace nd
