#pragma once
// The vocabulary of basic indexing, NumPy's `a[1:3, :, np.newaxis, ...]` spelled in C++:
// integers, nd::slice, nd::all, nd::newaxis and nd::ellipsis.

#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <type_traits>
#include <utility>

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

} // namespace nd
