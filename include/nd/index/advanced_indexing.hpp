#pragma once
// Advanced indexing: integer arrays and boolean masks among the items of x(...), NumPy's fancy
// indexing. The items become a plan: which axes the index arrays take, the shape they broadcast
// to, where that shape goes in the result, and the byte offset of every indexed element. The
// loops that copy through a plan live in eval (gather.hpp, mask.hpp), reached through the
// declarations below; everything here works on shapes and strides, not on elements.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "nd/core/array.hpp"
#include "nd/core/convert.hpp"
#include "nd/core/creation.hpp"
#include "nd/core/view.hpp"
#include "nd/index/basic_indexing.hpp"
#include "nd/index/index_types.hpp"
#include "nd/index/view_functions.hpp"

namespace nd::detail {

/// One index array of a plan: its int64 values, their byte strides as broadcast to the plan's
/// index shape, and the axis of the source it indexes.
struct index_operand {
    view<const std::int64_t> values;
    dim_vector strides;
    std::ptrdiff_t extent;       // of the indexed axis
    std::ptrdiff_t axis_stride;  // bytes
    std::size_t source_axis;     // for the message of an index out of bounds
};

/// How an advanced index reads or writes: the result is outer axes, then the index shape, then
/// inner axes, in C order. Each position of the index shape picks one element of the source
/// per outer and inner position, at `offsets[position]` bytes from it.
struct advanced_plan {
    std::byte* base = nullptr; // the source's first element after the basic items
    std::ptrdiff_t itemsize = 0;
    dim_vector result_shape;
    dim_vector outer_shape, outer_strides;
    dim_vector index_shape;
    dim_vector inner_shape, inner_strides;
    std::vector<index_operand> operands;
    std::vector<std::ptrdiff_t> offsets; // filled by compute_offsets
    bool check_when_empty = true;         // an empty result still checks its indices (x[...], not np.take)
};

// The loops, in eval/gather.hpp and eval/mask.hpp.
/// Fills plan.offsets, checking every index (nd::index_error names the first out of bounds).
inline void compute_offsets(advanced_plan& plan);
/// Copies the indexed elements into `out`, a C-ordered array of plan.result_shape.
inline void gather_elements(advanced_plan& plan, std::byte* out);
/// Fills plan.offsets with the byte offsets of flat C-order `indices` into an array of `shape`
/// and `strides`, in put's `mode`.
inline void flat_offsets(advanced_plan& plan, const view<const std::int64_t>& indices, const dim_vector& shape, const dim_vector& strides,
                         index_mode mode);
/// Writes values[k % count] at the k-th offset of a plan made by flat_offsets.
inline void scatter_cyclic(const advanced_plan& plan, const std::byte* values, std::ptrdiff_t count);
/// Writes `values` (C-ordered, of plan.result_shape, or one value when `single`) into the
/// indexed elements, after compute_offsets.
inline void scatter_elements(const advanced_plan& plan, const std::byte* values, bool single);
/// np.nonzero of an array or expression: one int64 array per axis (one for a 0-d input).
template <class Mask> std::vector<array<std::int64_t>> nonzero_arrays(const Mask& mask);
/// How many elements of an array or expression are nonzero.
template <class Mask> std::ptrdiff_t count_nonzero_elements(const Mask& mask);
/// np.flatnonzero of an array or expression.
template <class Mask> array<std::int64_t> flat_nonzero(const Mask& mask);
/// Writes values[e % values.size()] into the selected elements, e counting them in order (x[mask]
/// = values, np.place) or, `positional`, their C-order place in the destination (np.putmask).
template <class T, class Mask> void mask_assign_values(const view<T>& destination, const Mask& mask, const view<const T>& values, bool positional);
/// x[mask] for a mask of x's leading axes (its shape checked): the selected elements or sub-arrays.
template <class T, class Mask> array<T> mask_select(const view<const T>& source, const Mask& mask);
/// x[mask] = value for a mask of x's shape.
template <class T, class Mask> void mask_fill(const view<T>& destination, const Mask& mask, const T& value);

/// One item of x(...) as the planner reads it.
struct index_entry {
    enum class kind : unsigned char { integer, range, whole, new_axis, rest, indices, mask };
    kind what = kind::whole;
    std::int64_t integer = 0; // also the value of an integer that counts as an index array
    slice range{};
    view_parts<const std::int64_t> indices;       // kind::indices (parts: assigning a view writes through)
    array<std::int64_t> owned;                    // indices converted to int64, kept alive
    std::vector<array<std::int64_t>> mask_indices; // kind::mask: its nonzero(), one per axis
    dim_vector mask_shape;
};

/// The parts of a read-only view of an int64 array.
inline view_parts<const std::int64_t> index_parts(const array<std::int64_t>& values) {
    return {values.data(), values.shape(), values.strides(), values.buffer(), false};
}

/// The source axes an entry takes.
inline std::ptrdiff_t axes_taken(const index_entry& entry) {
    using kind = index_entry::kind;
    if (entry.what == kind::new_axis || entry.what == kind::rest) return 0;
    return entry.what == kind::mask ? static_cast<std::ptrdiff_t>(entry.mask_shape.size()) : 1;
}

/// An int64 view of an integer array: itself when it holds 8-byte signed integers, else a copy.
template <class A> void read_index_array(index_entry& entry, const A& indices) {
    using value = std::remove_const_t<typename A::value_type>;
    const view<const value> source(indices);
    if constexpr (std::same_as<value, std::int64_t>) {
        entry.indices = {reinterpret_cast<const std::int64_t*>(source.data()), source.shape(), source.strides(), source.buffer(), false};
    } else {
        entry.owned = copy_elements<std::int64_t>(source, order::C);
        entry.indices = index_parts(entry.owned);
    }
}

template <class Item> index_entry make_index_entry(const Item& item) {
    using kind = index_entry::kind;
    index_entry entry;
    if constexpr (integer<Item>) {
        entry.what = kind::integer;
        entry.integer = static_cast<std::int64_t>(item);
    } else if constexpr (std::same_as<Item, slice>) {
        entry.what = kind::range;
        entry.range = item;
    } else if constexpr (std::same_as<Item, all_t>) {
        entry.what = kind::whole;
    } else if constexpr (std::same_as<Item, newaxis_t>) {
        entry.what = kind::new_axis;
    } else if constexpr (std::same_as<Item, ellipsis_t>) {
        entry.what = kind::rest;
    } else if constexpr (index_array<Item>) {
        entry.what = kind::indices;
        if constexpr (expression<Item>) {
            entry.owned = evaluate_new<std::int64_t>(item);
            entry.indices = index_parts(entry.owned);
        } else {
            read_index_array(entry, item);
        }
    } else {
        static_assert(mask_array<Item>, "an index must be an integer, nd::slice, nd::all, nd::newaxis, nd::ellipsis, "
                                        "or an array or expression of integers or bools");
        entry.what = kind::mask;
        entry.mask_shape = item.shape();
        entry.mask_indices = nonzero_arrays(item);
    }
    return entry;
}

/// NumPy's error for a mask whose shape is not that of the axes it indexes, from `first_axis` on.
inline void check_mask_shape(const dim_vector& mask_shape, const dim_vector& shape, std::size_t first_axis) {
    if (first_axis + mask_shape.size() > shape.size())
        throw index_error("too many indices for array: array is " + std::to_string(shape.size()) + "-dimensional, but " +
                          std::to_string(first_axis + mask_shape.size()) + " were indexed");
    for (std::size_t k = 0; k < mask_shape.size(); ++k)
        if (mask_shape[k] != shape[first_axis + k])
            throw index_error("boolean index did not match indexed array along dimension " + std::to_string(first_axis + k) +
                              "; dimension is " + std::to_string(shape[first_axis + k]) + " but corresponding boolean dimension is " +
                              std::to_string(mask_shape[k]));
}

/// The plan for `entries` over a source (its first element, shape, byte strides, itemsize),
/// with NumPy's placement: the broadcast shape of the index arrays (integers among them count
/// as 0-d ones) replaces the indexed axes where they are adjacent, and goes first when a slice,
/// `all` or newaxis separates them. The entries must outlive the plan.
inline advanced_plan plan_advanced_index(std::byte* data, const dim_vector& shape, const dim_vector& strides, std::ptrdiff_t itemsize,
                                         std::vector<index_entry>& entries) {
    using kind = index_entry::kind;
    const auto ndim = static_cast<std::ptrdiff_t>(shape.size());
    std::ptrdiff_t consumed = 0;
    int ellipses = 0;
    bool has_arrays = false;
    for (const index_entry& entry : entries) {
        consumed += axes_taken(entry);
        ellipses += entry.what == kind::rest ? 1 : 0;
        has_arrays = has_arrays || entry.what == kind::indices || entry.what == kind::mask;
    }
    if (ellipses > 1) throw index_error("an index can only have a single ellipsis ('...')");
    if (consumed > ndim)
        throw index_error("too many indices for array: array is " + std::to_string(ndim) + "-dimensional, but " +
                          std::to_string(consumed) + " were indexed");

    advanced_plan plan;
    plan.itemsize = itemsize;
    // The axes left by the basic items, in order; `advanced` marks those an index array takes.
    dim_vector base_shape, base_strides;
    std::vector<bool> advanced;
    std::ptrdiff_t offset = 0;
    std::size_t axis = 0;
    auto keep_axis = [&](std::ptrdiff_t extent, std::ptrdiff_t stride, bool indexed) {
        base_shape.push_back(extent);
        base_strides.push_back(stride);
        advanced.push_back(indexed);
    };
    auto add_operand = [&](const view<const std::int64_t>& values, std::ptrdiff_t extent, std::ptrdiff_t stride) {
        plan.operands.push_back({values, {}, extent, stride, axis});
        keep_axis(extent, stride, true);
    };
    for (index_entry& entry : entries) {
        switch (entry.what) {
        case kind::integer:
            if (has_arrays) { // a 0-d index array, placed with the others
                add_operand(view<const std::int64_t>(view_parts<const std::int64_t>{&entry.integer, {}, {}, {}, false}), shape[axis],
                            strides[axis]);
            } else {
                if (entry.integer < -shape[axis] || entry.integer >= shape[axis]) throw_out_of_bounds(entry.integer, axis, shape[axis]);
                offset += (entry.integer < 0 ? entry.integer + shape[axis] : entry.integer) * strides[axis];
            }
            ++axis;
            break;
        case kind::range: {
            const resolved_slice r = resolve_slice(entry.range, shape[axis]);
            offset += r.start * strides[axis];
            keep_axis(r.length, strides[axis] * r.step, false);
            ++axis;
            break;
        }
        case kind::whole:
            keep_axis(shape[axis], strides[axis], false);
            ++axis;
            break;
        case kind::new_axis:
            keep_axis(1, 0, false);
            break;
        case kind::rest:
            for (std::ptrdiff_t k = 0; k < ndim - consumed; ++k, ++axis) keep_axis(shape[axis], strides[axis], false);
            break;
        case kind::indices:
            add_operand(view<const std::int64_t>(entry.indices), shape[axis], strides[axis]);
            ++axis;
            break;
        case kind::mask:
            if (entry.mask_shape.empty()) { // a 0-d mask adds an axis of one element, kept or not
                add_operand(view<const std::int64_t>(entry.mask_indices[0]), 1, 0);
                break;
            }
            check_mask_shape(entry.mask_shape, shape, axis);
            for (const array<std::int64_t>& nonzero : entry.mask_indices) {
                add_operand(view<const std::int64_t>(nonzero), shape[axis], strides[axis]);
                ++axis;
            }
            break;
        }
    }
    while (axis < shape.size()) {
        keep_axis(shape[axis], strides[axis], false);
        ++axis;
    }
    plan.base = data + offset;

    if (!plan.operands.empty()) {
        std::size_t rank = 0;
        for (const index_operand& operand : plan.operands) rank = std::max(rank, operand.values.shape().size());
        plan.index_shape.assign(rank, 1);
        bool fits = true;
        for (const index_operand& operand : plan.operands) {
            const dim_vector& operand_shape = operand.values.shape();
            for (std::size_t k = 0; k < operand_shape.size(); ++k) {
                std::ptrdiff_t& merged = plan.index_shape[rank - operand_shape.size() + k];
                if (merged == 1) merged = operand_shape[k];
                else if (operand_shape[k] != 1 && operand_shape[k] != merged) fits = false;
            }
        }
        if (!fits) {
            std::string shapes;
            for (const index_operand& operand : plan.operands) // NumPy leaves integers and 0-d arrays out
                if (!operand.values.shape().empty()) shapes += to_string(operand.values.shape()) + " ";
            throw index_error("shape mismatch: indexing arrays could not be broadcast together with shapes " + shapes);
        }
        for (index_operand& operand : plan.operands)
            operand.strides = broadcast_strides(operand.values.shape(), operand.values.strides(), plan.index_shape);
    }

    // Adjacent advanced items keep their place; separated ones go first. As in NumPy, any
    // other item between them separates them, even an ellipsis that stands for no axes.
    bool adjacent = true, seen = false, after_gap = false;
    for (const index_entry& entry : entries) {
        const bool is_advanced = entry.what == kind::indices || entry.what == kind::mask || (has_arrays && entry.what == kind::integer);
        if (is_advanced) {
            adjacent = adjacent && !after_gap;
            seen = true;
        } else if (seen) {
            after_gap = true;
        }
    }
    std::size_t place = 0;
    while (adjacent && place < advanced.size() && !advanced[place]) ++place;
    for (std::size_t k = 0; k < advanced.size(); ++k) {
        if (advanced[k]) continue;
        const bool before = k < place;
        (before ? plan.outer_shape : plan.inner_shape).push_back(base_shape[k]);
        (before ? plan.outer_strides : plan.inner_strides).push_back(base_strides[k]);
    }
    for (auto extent : plan.outer_shape) plan.result_shape.push_back(extent);
    for (auto extent : plan.index_shape) plan.result_shape.push_back(extent);
    for (auto extent : plan.inner_shape) plan.result_shape.push_back(extent);
    checked_size(plan.result_shape, itemsize);
    return plan;
}

} // namespace nd::detail

namespace nd::detail {

/// Whether a mask reads memory of `destination` other than each element at its own place,
/// so that it must be computed whole before a write through it: eval/mask.hpp.
template <class Mask, class T> bool mask_overlaps(const Mask& mask, const view<T>& destination);

/// A mask computed whole, for a write that would otherwise overwrite what it reads.
template <class Mask> array<bool> materialize_mask(const Mask& mask) {
    if constexpr (expression<Mask>) return evaluate_new<bool>(mask);
    else return copy_elements<bool>(view<const std::remove_const_t<typename Mask::value_type>>(mask), order::C);
}

/// The elements an index plan of `entries` picks from `source`, as a new C-ordered array.
template <class E> array<E> gather_entries(const view<const E>& source, std::vector<index_entry>& entries, bool check_when_empty = true) {
    auto* data = const_cast<std::byte*>(reinterpret_cast<const std::byte*>(source.data()));
    advanced_plan plan = plan_advanced_index(data, source.shape(), source.strides(), sizeof(E), entries);
    plan.check_when_empty = check_when_empty;
    array<E> result(plan.result_shape, order::C);
    gather_elements(plan, reinterpret_cast<std::byte*>(result.data()));
    return result;
}

template <class T, class... Index> array<std::remove_const_t<T>> advanced_index(const view<T>& source, const Index&... index) {
    static_assert((index_item<Index> && ...), "an index must be an integer, nd::slice, nd::all, nd::newaxis, nd::ellipsis, "
                                              "or an array or expression of integers or bools");
    using E = std::remove_const_t<T>;
    const view<const E> from(source);
    if constexpr (sizeof...(Index) == 1 && (mask_array<Index> && ...)) {
        const auto& mask = std::get<0>(std::tie(index...));
        if (!mask.shape().empty()) { // x[mask]: compressed straight from the mask, no index arrays
            check_mask_shape(mask.shape(), from.shape(), 0);
            return mask_select(from, mask);
        }
    }
    std::vector<index_entry> entries;
    entries.reserve(sizeof...(Index));
    (entries.push_back(make_index_entry(index)), ...);
    return gather_entries(from, entries);
}

/// The values of a write as a new C-ordered array of `shape` in the destination's type: a copy,
/// so values that overlap the destination are all read before anything is written. Leading
/// size-1 axes beyond the shape's rank are dropped, as NumPy does for assignments.
template <class E, class Values> array<E> values_for_write(const Values& values, const dim_vector& shape) {
    if constexpr (expression<Values>) {
        return values_for_write<E>(evaluate_new<E>(values), shape);
    } else if constexpr (array_like<Values>) {
        using V = std::remove_const_t<typename Values::value_type>;
        const view<const V> given(values);
        dim_vector source_shape = given.shape();
        while (source_shape.size() > shape.size() && source_shape[0] == 1) source_shape.erase(0);
        if (!broadcasts_to(source_shape, shape))
            throw shape_error("shape mismatch: value array of shape " + to_string(given.shape()) +
                              " could not be broadcast to indexing result of shape " + to_string(shape));
        return copy_elements<E>(broadcast_to(given.reshape(source_shape), shape), order::C);
    } else if constexpr (std::same_as<Values, E>) {
        return full<E>(shape, values); // one record or text
    } else {
        static_assert(numeric<Values>, "the values of a write are a number, an element, an array or an expression");
        return full<E>(shape, convert<E>(values));
    }
}

/// NumPy's own words for values that do not fit a write through a mask of every axis.
template <class Values> void check_values_for_mask(const Values& values, const dim_vector& shape) {
    if constexpr (array_like<Values> || expression<Values>)
        if (!broadcasts_to(values.shape(), shape))
            throw shape_error("NumPy boolean array indexing assignment cannot assign " + std::to_string(size_of(values.shape())) +
                              " input values to the " + std::to_string(size_of(shape)) + " output values where the mask is true");
}

template <class T, class Values, class... Index> void set_at(const view<T>& destination, const Values& values, const Index&... index) {
    using E = std::remove_const_t<T>;
    if constexpr ((is_basic_index_item<Index>::value && ...)) {
        basic_index(destination, index...).assign(values);
    } else {
        static_assert((index_item<Index> && ...), "an index must be an integer, nd::slice, nd::all, nd::newaxis, nd::ellipsis, "
                                                  "or an array or expression of integers or bools");
        if constexpr (sizeof...(Index) == 1 && (mask_array<Index> && ...)) {
            const auto& mask = std::get<0>(std::tie(index...));
            if (!mask.shape().empty()) {
                check_mask_shape(mask.shape(), destination.shape(), 0);
                if (mask_overlaps(mask, destination)) return set_at(destination, values, materialize_mask(mask));
                if constexpr (numeric<Values>)
                    if (mask.shape().size() == destination.shape().size()) return mask_fill(destination, mask, convert<E>(values));
                dim_vector shape{count_nonzero_elements(mask)};
                for (std::size_t axis = mask.shape().size(); axis < destination.shape().size(); ++axis) shape.push_back(destination.shape()[axis]);
                if (shape.size() == 1) check_values_for_mask(values, shape);
                const array<E> written = values_for_write<E>(values, shape);
                return mask_assign_values(destination, mask, view<const E>(written), false);
            }
        }
        std::vector<index_entry> entries;
        entries.reserve(sizeof...(Index));
        (entries.push_back(make_index_entry(index)), ...);
        advanced_plan plan = plan_advanced_index(reinterpret_cast<std::byte*>(destination.data()), destination.shape(), destination.strides(),
                                                 sizeof(E), entries);
        if constexpr (sizeof...(Index) == 1 && (mask_array<Index> && ...))
            if (destination.shape().empty()) check_values_for_mask(values, plan.result_shape); // a 0-d mask of a 0-d x
        // The values' shape, then every index, are checked before anything is written.
        if constexpr (numeric<Values>) {
            const array<E> block = full<E>(plan.inner_shape, convert<E>(values));
            compute_offsets(plan);
            if (size_of(plan.result_shape) == 0) return;
            scatter_elements(plan, reinterpret_cast<const std::byte*>(block.data()), true);
        } else {
            const array<E> written = values_for_write<E>(values, plan.result_shape);
            compute_offsets(plan);
            if (size_of(plan.result_shape) == 0) return;
            scatter_elements(plan, reinterpret_cast<const std::byte*>(written.data()), false);
        }
    }
}

template <class T, class... Arguments> void set_items(const view<T>& destination, const Arguments&... arguments) {
    const auto all_arguments = std::tie(arguments...);
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        set_at(destination, std::get<sizeof...(Arguments) - 1>(all_arguments), std::get<I>(all_arguments)...);
    }(std::make_index_sequence<sizeof...(Arguments) - 1>{});
}

} // namespace nd::detail
