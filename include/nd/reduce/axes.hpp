#pragma once
// Which axes a reduction runs over, and the shape it leaves: NumPy's axis=, keepdims= and the
// checks on them (out-of-range and duplicate axes).

#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <string>

#include "nd/core/dim_vector.hpp"
#include "nd/core/error.hpp"
#include "nd/core/layout.hpp"

namespace nd {

/// Keep reduced axes as size-1 axes, as NumPy's keepdims=True. `nd::sum(m, 1, nd::keepdims)`
struct keepdims_t {
    explicit constexpr keepdims_t(int) {}
};
inline constexpr keepdims_t keepdims{0};

/// The axes of a reduction: one axis or a list; negative axes count from the end.
/// `nd::sum(m, 0); nd::sum(m, {0, 1});`
class axes {
public:
    axes(std::ptrdiff_t axis) : list_{axis} {}
    axes(int axis) : list_{axis} {}
    axes(std::initializer_list<std::ptrdiff_t> list) : list_(list) {}
    axes(const dim_vector& list) : list_(list) {}
    const dim_vector& list() const noexcept { return list_; }

private:
    dim_vector list_;
};

/// The axis of the reductions NumPy runs along one axis (argmin, argmax, cumsum, cumprod): an
/// integer, or a braced list of one, as every reduction takes it. A list of another length is
/// nd::type_error, as NumPy's TypeError for a tuple. `nd::argmax(m, 1); nd::cumsum(m, {0});`
class one_axis {
public:
    template <std::integral I> one_axis(I axis) : axis_(static_cast<std::ptrdiff_t>(axis)) {}
    one_axis(std::initializer_list<std::ptrdiff_t> list) {
        if (list.size() != 1)
            throw type_error("a reduction along one axis takes one axis, not a list of " + std::to_string(list.size()));
        axis_ = *list.begin();
    }
    std::ptrdiff_t value() const noexcept { return axis_; }

private:
    std::ptrdiff_t axis_ = 0;
};

/// Delta degrees of freedom for var and std: the divisor is n - ddof. `nd::std(x, nd::ddof(1))`
struct ddof {
    explicit constexpr ddof(std::ptrdiff_t delta) : value(delta) {}
    std::ptrdiff_t value;
};

namespace detail {

/// For each axis of an ndim-dimensional input, whether the reduction runs over it.
inline dim_vector reduced_axes_mask(const axes& requested, std::ptrdiff_t ndim) {
    dim_vector mask(static_cast<std::size_t>(ndim), 0);
    for (auto axis : requested.list()) {
        const std::size_t k = normalize_axis(axis, ndim);
        if (mask[k]) throw error("duplicate value in 'axis'");
        mask[k] = 1;
    }
    return mask;
}

/// The input's shape with reduced axes set to 1 (the keepdims shape).
inline dim_vector kept_shape(const dim_vector& shape, const dim_vector& mask) {
    dim_vector result = shape;
    for (std::size_t k = 0; k < shape.size(); ++k)
        if (mask[k]) result[k] = 1;
    return result;
}

/// The input's shape with reduced axes removed.
inline dim_vector dropped_shape(const dim_vector& shape, const dim_vector& mask) {
    dim_vector result;
    for (std::size_t k = 0; k < shape.size(); ++k)
        if (!mask[k]) result.push_back(shape[k]);
    return result;
}

/// How many input elements fold into each output element.
inline std::ptrdiff_t reduced_count(const dim_vector& shape, const dim_vector& mask) {
    std::ptrdiff_t count = 1;
    for (std::size_t k = 0; k < shape.size(); ++k)
        if (mask[k]) count *= shape[k];
    return count;
}

} // namespace detail
} // namespace nd
