#pragma once
// The loops of advanced indexing through a plan (index/advanced_indexing.hpp): the byte offset
// of every indexed element, checked before anything is read or written; the copy of the
// indexed elements into a new array; and the write of values into them. Elements are moved as
// bytes of their size, so one loop serves every element type of that size.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "nd/core/dim_vector.hpp"
#include "nd/core/simd_compress.hpp"
#include "nd/eval/blocks.hpp"
#include "nd/index/advanced_indexing.hpp"

namespace nd::detail {

/// An index `value` of an axis of `extent` elements, negative ones counted from the end; an
/// nd::index_error in NumPy's words when it is out of bounds.
[[gnu::always_inline]] inline std::ptrdiff_t wrapped_index(std::int64_t value, std::ptrdiff_t extent, std::size_t axis) {
    const std::ptrdiff_t wrapped = value < 0 ? static_cast<std::ptrdiff_t>(value) + extent : static_cast<std::ptrdiff_t>(value);
    if (static_cast<std::size_t>(wrapped) >= static_cast<std::size_t>(extent)) [[unlikely]]
        throw_out_of_bounds(static_cast<std::ptrdiff_t>(value), axis, extent);
    return wrapped;
}

/// Calls visit(offset) for every position of `shape` in C order, with the byte offset of that
/// position along `strides` (one list per stepping pointer: here a single one).
template <class Visit> void for_each_offset(const dim_vector& shape, const dim_vector& strides, Visit&& visit) {
    const std::size_t rank = shape.size();
    for (auto extent : shape)
        if (extent == 0) return;
    if (rank == 0) return visit(std::ptrdiff_t{0});
    dim_vector counter(rank, 0);
    std::ptrdiff_t offset = 0;
    const std::ptrdiff_t inner = shape[rank - 1], inner_stride = strides[rank - 1];
    while (true) {
        for (std::ptrdiff_t i = 0; i < inner; ++i) visit(offset + i * inner_stride);
        std::size_t axis = rank - 1;
        for (; axis > 0; --axis) {
            offset += strides[axis - 1];
            if (++counter[axis - 1] < shape[axis - 1]) break;
            offset -= strides[axis - 1] * shape[axis - 1];
            counter[axis - 1] = 0;
        }
        if (axis == 0) return;
    }
}

inline void compute_offsets(advanced_plan& plan) {
    plan.offsets.assign(static_cast<std::size_t>(size_of(plan.index_shape)), 0);
    std::ptrdiff_t* out = plan.offsets.data();
    // One operand at a time: each a simple strided walk over the index shape.
    for (const index_operand& operand : plan.operands) {
        const auto* values = reinterpret_cast<const std::byte*>(operand.values.data());
        std::ptrdiff_t position = 0;
        for_each_offset(plan.index_shape, operand.strides, [&](std::ptrdiff_t at) {
            const std::int64_t value = *reinterpret_cast<const std::int64_t*>(values + at);
            out[position++] += wrapped_index(value, operand.extent, operand.source_axis) * operand.axis_stride;
        });
    }
}

/// Copies one element of Bytes bytes (Bytes 0: of `itemsize` bytes, known at run time).
template <std::size_t Bytes> [[gnu::always_inline]] inline void copy_element(std::byte* to, const std::byte* from, std::ptrdiff_t itemsize) {
    if constexpr (Bytes == 0) std::memcpy(to, from, static_cast<std::size_t>(itemsize));
    else std::memcpy(to, from, Bytes);
}

/// Copies a block of `shape` and byte `strides` at `strided` to (Gather) or from the C-ordered run
/// at `dense`, `count` elements of `itemsize` bytes: in one memcpy when the block is C-contiguous.
template <std::size_t Bytes, bool Gather>
[[gnu::always_inline]] inline void copy_inner(const dim_vector& shape, const dim_vector& strides, std::ptrdiff_t itemsize, std::byte* strided,
                                              std::byte* dense, std::ptrdiff_t count, bool contiguous) {
    if (shape.empty()) {
        if constexpr (Gather) copy_element<Bytes>(dense, strided, itemsize);
        else copy_element<Bytes>(strided, dense, itemsize);
    } else if (contiguous) {
        if constexpr (Gather) std::memcpy(dense, strided, static_cast<std::size_t>(count * itemsize));
        else std::memmove(strided, dense, static_cast<std::size_t>(count * itemsize));
    } else {
        for_each_offset(shape, strides, [&](std::ptrdiff_t at) {
            if constexpr (Gather) copy_element<Bytes>(dense, strided + at, itemsize);
            else copy_element<Bytes>(strided + at, dense, itemsize);
            dense += itemsize;
        });
    }
}

/// The gather and the scatter: outer positions, then index positions, then the inner block.
/// Direct: one index array of one dimension read in place (no offsets list), checked as read.
/// Single: one value written everywhere (`dense` does not advance).
template <std::size_t Bytes, bool Gather, bool Direct>
void move_through_plan(const advanced_plan& plan, std::byte* dense, bool single) {
    const std::ptrdiff_t inner_count = size_of(plan.inner_shape);
    const std::ptrdiff_t block = single ? 0 : inner_count * plan.itemsize;
    const bool contiguous = is_contiguous(plan.inner_shape, plan.inner_strides, plan.itemsize, order::C);
    const std::ptrdiff_t positions = size_of(plan.index_shape);
    for_each_offset(plan.outer_shape, plan.outer_strides, [&](std::ptrdiff_t outer) {
        std::byte* base = plan.base + outer;
        if constexpr (Direct) {
            const index_operand& operand = plan.operands[0];
            const auto* values = reinterpret_cast<const std::byte*>(operand.values.data());
            const std::ptrdiff_t step = operand.strides[0];
            for (std::ptrdiff_t p = 0; p < positions; ++p) {
                const std::ptrdiff_t at = wrapped_index(*reinterpret_cast<const std::int64_t*>(values + p * step), operand.extent, operand.source_axis);
                copy_inner<Bytes, Gather>(plan.inner_shape, plan.inner_strides, plan.itemsize, base + at * operand.axis_stride, dense, inner_count,
                                          contiguous);
                dense += block;
            }
        } else {
            for (std::ptrdiff_t p = 0; p < positions; ++p) {
                copy_inner<Bytes, Gather>(plan.inner_shape, plan.inner_strides, plan.itemsize, base + plan.offsets[static_cast<std::size_t>(p)], dense,
                                          inner_count, contiguous);
                dense += block;
            }
        }
    });
}

/// The plainest gather, np.take of a flat array: elements picked by one 1-d index array. Every
/// value the loop needs is a local: stores through std::byte may alias anything, so fields read
/// through the plan would be loaded again at every element, and the loop would hold fewer of
/// its independent (cache-missing) loads in flight.
template <std::size_t Bytes> void gather_single_elements(const advanced_plan& plan, std::byte* out) {
    const index_operand& operand = plan.operands[0];
    const auto* values = reinterpret_cast<const std::byte*>(operand.values.data());
    const std::ptrdiff_t step = operand.strides[0], extent = operand.extent, stride = operand.axis_stride;
    const std::ptrdiff_t positions = plan.index_shape[0];
    const std::size_t axis = operand.source_axis;
    const std::byte* const base = plan.base;
    if (step == static_cast<std::ptrdiff_t>(sizeof(std::int64_t))) {
        const auto* first = reinterpret_cast<const std::int64_t*>(values);
        const std::ptrdiff_t done = simd::gather<Bytes>(first, positions, extent, stride, base, out);
        if (done < positions) wrapped_index(first[done], extent, axis); // throws NumPy's message for it
        return;
    }
    for (std::ptrdiff_t p = 0; p < positions; ++p) {
        const std::ptrdiff_t at = wrapped_index(*reinterpret_cast<const std::int64_t*>(values + p * step), extent, axis);
        std::memcpy(out + p * static_cast<std::ptrdiff_t>(Bytes), base + at * stride, Bytes);
    }
}

/// Dispatches on the element size, so that one loop serves all types of a size.
template <bool Gather, bool Direct> void move_through_plan_sized(const advanced_plan& plan, std::byte* dense, bool single) {
    switch (plan.itemsize) {
    case 1: return move_through_plan<1, Gather, Direct>(plan, dense, single);
    case 2: return move_through_plan<2, Gather, Direct>(plan, dense, single);
    case 4: return move_through_plan<4, Gather, Direct>(plan, dense, single);
    case 8: return move_through_plan<8, Gather, Direct>(plan, dense, single);
    case 16: return move_through_plan<16, Gather, Direct>(plan, dense, single);
    default: return move_through_plan<0, Gather, Direct>(plan, dense, single);
    }
}

inline void gather_elements(advanced_plan& plan, std::byte* out) {
    if (size_of(plan.result_shape) == 0) {
        // Nothing to copy; x[...] still checks every index, np.take does not.
        if (plan.check_when_empty && size_of(plan.index_shape) != 0) compute_offsets(plan);
        return;
    }
    if (plan.operands.size() == 1 && plan.index_shape.size() == 1) {
        if (plan.outer_shape.empty() && plan.inner_shape.empty()) {
            switch (plan.itemsize) {
            case 4: return gather_single_elements<4>(plan, out);
            case 8: return gather_single_elements<8>(plan, out);
            default: break;
            }
        }
        return move_through_plan_sized<true, true>(plan, out, false);
    }
    compute_offsets(plan);
    move_through_plan_sized<true, false>(plan, out, false);
}

inline void flat_offsets(advanced_plan& plan, const view<const std::int64_t>& indices, const dim_vector& shape, const dim_vector& strides,
                         index_mode mode) {
    const std::ptrdiff_t size = size_of(shape);
    if (size == 0 && indices.size() > 0) throw index_error("cannot replace in an empty array");
    const bool contiguous = is_contiguous(shape, strides, plan.itemsize, order::C);
    plan.offsets.resize(static_cast<std::size_t>(indices.size()));
    std::ptrdiff_t* out = plan.offsets.data();
    const auto* values = reinterpret_cast<const std::byte*>(indices.data());
    for_each_offset(indices.shape(), indices.strides(), [&](std::ptrdiff_t at) {
        const std::int64_t value = *reinterpret_cast<const std::int64_t*>(values + at);
        std::ptrdiff_t position;
        if (mode == index_mode::wrap) position = static_cast<std::ptrdiff_t>((value % size + size) % size);
        else if (mode == index_mode::clip) position = static_cast<std::ptrdiff_t>(std::clamp<std::int64_t>(value, 0, size - 1));
        else position = wrapped_index(value, size, 0);
        if (contiguous) {
            *out++ = position * plan.itemsize;
            return;
        }
        std::ptrdiff_t offset = 0;
        for (std::size_t axis = shape.size(); axis-- > 0;) {
            offset += position % shape[axis] * strides[axis];
            position /= shape[axis];
        }
        *out++ = offset;
    });
}

inline void scatter_cyclic(const advanced_plan& plan, const std::byte* values, std::ptrdiff_t count) {
    std::ptrdiff_t next = 0;
    for (const std::ptrdiff_t offset : plan.offsets) {
        std::memcpy(plan.base + offset, values + next * plan.itemsize, static_cast<std::size_t>(plan.itemsize));
        if (++next == count) next = 0;
    }
}

inline void scatter_elements(const advanced_plan& plan, const std::byte* values, bool single) {
    move_through_plan_sized<false, false>(plan, const_cast<std::byte*>(values), single);
}

} // namespace nd::detail
