#pragma once
// The loops of boolean indexing. A mask (a bool array, or an expression such as `x > 5` that is
// never stored whole) is read in C order in chunks of a few hundred flags: a first pass counts
// the selected elements so that the result is allocated once at its size, a second compresses
// them into it. Writes through a mask walk it the same way.

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "nd/core/array.hpp"
#include "nd/core/simd_compress.hpp"
#include "nd/eval/cursor.hpp"
#include "nd/eval/evaluate.hpp"
#include "nd/eval/gather.hpp"
#include "nd/expr/ufunc.hpp"
#include "nd/index/advanced_indexing.hpp"

namespace nd::detail {

/// How many flags of a mask are read ahead of their use: small enough to stay in the L1 cache
/// beside the data they select.
inline constexpr std::ptrdiff_t mask_chunk_elements = 512;

/// The mask as the cursors read it: an expression itself, an array as a leaf.
template <class Mask> decltype(auto) mask_operand(const Mask& mask) {
    if constexpr (expression<Mask>) return (mask);
    else return array_leaf<std::remove_const_t<typename Mask::value_type>>(mask);
}

template <class V> [[gnu::always_inline]] inline bool is_nonzero(const V& value) { return value != V{}; }

/// A run of a mask's truth values: one bool per element, or one bit per element (64 to a word,
/// the bits past `size` clear) when the mask is a comparison read in SIMD batches.
struct mask_chunk {
    const bool* flags;
    const std::uint64_t* bits;
    std::ptrdiff_t size;

    bool test(std::ptrdiff_t j) const noexcept { return flags != nullptr ? flags[j] : ((bits[j >> 6] >> (j & 63)) & 1) != 0; }
    std::ptrdiff_t count() const noexcept {
        std::ptrdiff_t total = 0;
        if (flags != nullptr)
            for (std::ptrdiff_t j = 0; j < size; ++j) total += flags[j] ? 1 : 0;
        else
            for (std::ptrdiff_t w = 0; w < (size + 63) / 64; ++w) total += std::popcount(bits[w]);
        return total;
    }
};

/// The comparisons whose SIMD form gives the same answer as their scalar one, NaN included
/// (not_equal as the negation of ==: xsimd's != is false for NaN).
template <class Op>
inline constexpr bool lane_comparison = std::is_same_v<Op, ops::less> || std::is_same_v<Op, ops::less_equal> || std::is_same_v<Op, ops::greater> ||
                                        std::is_same_v<Op, ops::greater_equal> || std::is_same_v<Op, ops::equal> || std::is_same_v<Op, ops::not_equal>;
template <class Op, class B> auto compare_lanes(const B& a, const B& b) {
    if constexpr (std::is_same_v<Op, ops::less>) return a < b;
    else if constexpr (std::is_same_v<Op, ops::less_equal>) return a <= b;
    else if constexpr (std::is_same_v<Op, ops::greater>) return a > b;
    else if constexpr (std::is_same_v<Op, ops::greater_equal>) return a >= b;
    else if constexpr (std::is_same_v<Op, ops::equal>) return a == b;
    else return !(a == b);
}

/// Whether a mask's cursor is one comparison of two operands that load as SIMD batches of its
/// compute type: its truth then comes as lane bits, a batch at a time (x > 0.5 for floats).
template <class Cursor> struct compares_in_batches : std::false_type {};
template <class Op, class Compute, class A, class B>
struct compares_in_batches<node_cursor<Op, Compute, bool, A, B>>
    : std::bool_constant<lane_comparison<Op> && simd::has_lane_bits<Compute> && A::batchable && B::batchable &&
                         std::is_same_v<typename A::value_type, Compute> && std::is_same_v<typename B::value_type, Compute>> {};

/// The truth of elements [i, i + n) of a contiguous run of such a comparison, into `words`.
template <class Cursor> void compare_into_bits(const Cursor& cursor, std::ptrdiff_t i, std::ptrdiff_t n, std::uint64_t* words) {
    using op_type = decltype(cursor.op);
    const auto& [a, b] = cursor.children;
    constexpr std::ptrdiff_t width = simd::width<typename std::remove_cvref_t<decltype(a)>::value_type>;
    for (std::ptrdiff_t w = 0; w < (n + 63) / 64; ++w) words[w] = 0;
    std::ptrdiff_t j = 0;
    for (; j + width <= n; j += width)
        words[j >> 6] |= simd::lane_bits(compare_lanes<op_type>(a.template batch_as<0>(i + j), b.template batch_as<0>(i + j))) << (j & 63);
    if (j < n) {
        const std::uint64_t present = (std::uint64_t{1} << (n - j)) - 1;
        words[j >> 6] |= (simd::lane_bits(compare_lanes<op_type>(a.template partial_batch_as<0>(i + j, n - j), b.template partial_batch_as<0>(i + j, n - j))) & present)
                         << (j & 63);
    }
}

/// Calls visit(chunk, flat, data, data_stride) for the mask's elements in C order, up to
/// mask_chunk_elements at a time: their truth, the C-order position of the first, and where the first
/// is in `data` (nullptr: no data), which steps `data_strides` bytes along the mask's axes.
/// What the mask loop calls for each chunk, without its type: one loop per mask type, so the
/// counting pass and the pass that fills the result run the same code and see the same flags
/// (two instantiations could contract a * b + c differently and disagree on a mask element).
struct chunk_visitor {
    void* context;
    void (*visit)(void*, const mask_chunk&, std::ptrdiff_t, std::byte*, std::ptrdiff_t);
    void operator()(const mask_chunk& chunk, std::ptrdiff_t flat, std::byte* data, std::ptrdiff_t stride) const {
        visit(context, chunk, flat, data, stride);
    }
};

template <class Mask> void walk_mask(const Mask& mask, std::byte* data, const std::ptrdiff_t* data_strides, chunk_visitor visit);

template <class Mask, class Visit> void for_each_mask_chunk(const Mask& mask, std::byte* data, const std::ptrdiff_t* data_strides, Visit&& visit) {
    using visit_type = std::remove_reference_t<Visit>;
    walk_mask(mask, data, data_strides,
              chunk_visitor{&visit, [](void* context, const mask_chunk& chunk, std::ptrdiff_t flat, std::byte* at, std::ptrdiff_t stride) {
                                (*static_cast<visit_type*>(context))(chunk, flat, at, stride);
                            }});
}

template <class Mask> void walk_mask(const Mask& mask, std::byte* data, const std::ptrdiff_t* data_strides, chunk_visitor visit) {
    decltype(auto) operand = mask_operand(mask);
    using operand_type = std::remove_cvref_t<decltype(operand)>;
    constexpr std::size_t N = 1 + leaf_count<operand_type>::value;
    operand_table<N> table;
    auto cursor = make_cursor<1>(operand, table);
    const dim_vector& shape = mask.shape();
    const std::size_t rank = shape.size();
    for (auto extent : shape)
        if (extent == 0) return;
    static std::byte no_data; // a real address, so that stepping by zero strides stays defined
    table.pointers[0] = data != nullptr ? data : &no_data;
    require_supported_rank(rank);
    std::ptrdiff_t strides[N][max_ndim];
    for (std::size_t axis = 0; axis < rank; ++axis) strides[0][axis] = data != nullptr ? data_strides[axis] : 0;
    for (std::size_t slot = 1; slot < N; ++slot) broadcast_strides_into(*table.shapes[slot], *table.strides[slot], shape, strides[slot]);
    // Runs along the last axis, merged with the axes before it where every operand steps evenly.
    inner_run<N> run;
    run.length = rank == 0 ? 1 : shape[rank - 1];
    for (std::size_t slot = 0; slot < N; ++slot) run.strides[slot] = rank == 0 ? 0 : strides[slot][rank - 1];
    std::size_t outer_rank = rank == 0 ? 0 : rank - 1;
    while (outer_rank > 0) {
        bool even = true;
        for (std::size_t slot = 0; slot < N; ++slot) even = even && strides[slot][outer_rank - 1] == run.strides[slot] * run.length;
        if (!even) break;
        run.length *= shape[--outer_rank];
    }
    dim_vector counter(outer_rank, 0);
    std::ptrdiff_t flat = 0;
    bool flags[mask_chunk_elements];
    std::uint64_t words[mask_chunk_elements / 64];
    run.pointers = table.pointers;
    while (true) {
        cursor.bind(run);
        const bool dense = cursor.contiguous();
        for (std::ptrdiff_t i = 0; i < run.length; i += mask_chunk_elements) {
            const std::ptrdiff_t n = std::min(mask_chunk_elements, run.length - i);
            mask_chunk chunk{flags, nullptr, n};
            if constexpr (compares_in_batches<decltype(cursor)>::value) {
                if (dense) {
                    compare_into_bits(cursor, i, n, words);
                    chunk = {nullptr, words, n};
                }
            }
            if (chunk.flags != nullptr) {
                if (dense)
                    for (std::ptrdiff_t j = 0; j < n; ++j) flags[j] = is_nonzero(cursor.dense_scalar(i + j));
                else
                    for (std::ptrdiff_t j = 0; j < n; ++j) flags[j] = is_nonzero(cursor.scalar(i + j));
            }
            visit(chunk, flat + i, run.pointers[0] + i * run.strides[0], run.strides[0]);
        }
        flat += run.length;
        std::size_t axis = outer_rank;
        for (; axis > 0; --axis) {
            for (std::size_t slot = 0; slot < N; ++slot) run.pointers[slot] += strides[slot][axis - 1];
            if (++counter[axis - 1] < shape[axis - 1]) break;
            for (std::size_t slot = 0; slot < N; ++slot) run.pointers[slot] -= strides[slot][axis - 1] * shape[axis - 1];
            counter[axis - 1] = 0;
        }
        if (axis == 0) return;
    }
}

template <class Mask> std::ptrdiff_t count_nonzero_elements(const Mask& mask) {
    std::ptrdiff_t count = 0;
    for_each_mask_chunk(mask, nullptr, nullptr, [&](const mask_chunk& chunk, std::ptrdiff_t, std::byte*, std::ptrdiff_t) { count += chunk.count(); });
    return count;
}

template <class Mask> std::vector<array<std::int64_t>> nonzero_arrays(const Mask& mask) {
    const dim_vector& shape = mask.shape();
    const std::size_t rank = std::max<std::size_t>(shape.size(), 1); // a 0-d mask as one of one element
    const std::ptrdiff_t count = count_nonzero_elements(mask);
    std::vector<array<std::int64_t>> indices;
    indices.reserve(rank);
    std::vector<std::int64_t*> out;
    for (std::size_t axis = 0; axis < rank; ++axis) {
        indices.push_back(array<std::int64_t>(dim_vector{count}, order::C));
        out.push_back(indices.back().data());
    }
    std::ptrdiff_t written = 0;
    for_each_mask_chunk(mask, nullptr, nullptr, [&](const mask_chunk& chunk, std::ptrdiff_t flat, std::byte*, std::ptrdiff_t) {
        for (std::ptrdiff_t j = 0; j < chunk.size; ++j) {
            if (!chunk.test(j)) continue;
            std::ptrdiff_t position = flat + j;
            for (std::size_t axis = shape.size(); axis-- > 1;) {
                out[axis][written] = position % shape[axis];
                position /= shape[axis];
            }
            out[0][written] = position;
            ++written;
        }
    });
    return indices;
}

/// The C-order positions of the nonzero elements (np.flatnonzero).
template <class Mask> array<std::int64_t> flat_nonzero(const Mask& mask) {
    array<std::int64_t> positions(dim_vector{count_nonzero_elements(mask)}, order::C);
    std::int64_t* out = positions.data();
    for_each_mask_chunk(mask, nullptr, nullptr, [&](const mask_chunk& chunk, std::ptrdiff_t flat, std::byte*, std::ptrdiff_t) {
        for (std::ptrdiff_t j = 0; j < chunk.size; ++j)
            if (chunk.test(j)) *out++ = flat + j;
    });
    return positions;
}

/// Selections from at least this many bytes of a mask over every axis compress in one pass into
/// an array allocated for every element, cut to what it keeps (array::keep_first): counting
/// first would read the source twice, and past the caches that is a third of the time
/// (benchmark mask_select/f64/16M_50pct; docs/performance.md).
inline constexpr std::ptrdiff_t one_pass_select_bytes = std::ptrdiff_t{4} << 20;

template <class T, class Mask> array<T> mask_select(const view<const T>& source, const Mask& mask) {
    const std::size_t axes = mask.shape().size();
    constexpr std::size_t Bytes = sizeof(T);
    const bool one_pass = axes == source.shape().size() && source.size() * static_cast<std::ptrdiff_t>(Bytes) >= one_pass_select_bytes;
    const std::ptrdiff_t count = one_pass ? source.size() : count_nonzero_elements(mask);
    dim_vector shape{count}, inner_shape, inner_strides;
    for (std::size_t axis = axes; axis < source.shape().size(); ++axis) {
        shape.push_back(source.shape()[axis]);
        inner_shape.push_back(source.shape()[axis]);
        inner_strides.push_back(source.strides()[axis]);
    }
    array<T> result(shape, order::C);
    auto* out = reinterpret_cast<std::byte*>(result.data());
    auto* data = const_cast<std::byte*>(reinterpret_cast<const std::byte*>(source.data()));
    if (axes == source.shape().size()) {
        std::ptrdiff_t room = count;
        bool expanded[mask_chunk_elements];
        for_each_mask_chunk(mask, data, source.strides().data(), [&](const mask_chunk& chunk, std::ptrdiff_t, std::byte* from, std::ptrdiff_t stride) {
            std::byte* end = nullptr;
            if constexpr (simd::has_lane_bits<T>)
                if (chunk.bits != nullptr && stride == static_cast<std::ptrdiff_t>(Bytes)) end = simd::compress_bits<Bytes>(chunk.bits, chunk.size, from, out);
            if (end == nullptr) {
                if (chunk.flags == nullptr) { // bits, but a strided source: one flag per element again
                    for (std::ptrdiff_t j = 0; j < chunk.size; ++j) expanded[j] = chunk.test(j);
                }
                end = simd::compress<Bytes>(chunk.flags != nullptr ? chunk.flags : expanded, chunk.size, from, stride, out, room);
            }
            room -= (end - out) / static_cast<std::ptrdiff_t>(Bytes);
            out = end;
        });
        if (one_pass) result.keep_first(count - room);
        return result;
    }
    const bool contiguous = is_contiguous(inner_shape, inner_strides, Bytes, order::C);
    const std::ptrdiff_t inner = size_of(inner_shape);
    for_each_mask_chunk(mask, data, source.strides().data(), [&](const mask_chunk& chunk, std::ptrdiff_t, std::byte* from, std::ptrdiff_t stride) {
        for (std::ptrdiff_t j = 0; j < chunk.size; ++j) {
            if (!chunk.test(j)) continue;
            copy_inner<Bytes, true>(inner_shape, inner_strides, Bytes, from + j * stride, out, inner, contiguous);
            out += inner * static_cast<std::ptrdiff_t>(Bytes);
        }
    });
    return result;
}

/// Writes values[e % values.size()] into the selected elements: e counts the selected elements
/// (and those of their inner blocks) in order, or with `positional` is the C-order position in
/// the destination (np.putmask). `values` is contiguous; with none, nothing is written.
template <class T, class Mask>
void mask_assign_values(const view<T>& destination, const Mask& mask, const view<const T>& values, bool positional) {
    if (values.size() == 0) return;
    const std::size_t axes = mask.shape().size();
    dim_vector inner_shape, inner_strides;
    for (std::size_t axis = axes; axis < destination.shape().size(); ++axis) {
        inner_shape.push_back(destination.shape()[axis]);
        inner_strides.push_back(destination.strides()[axis]);
    }
    const std::ptrdiff_t inner = size_of(inner_shape);
    const T* from = values.data();
    const std::ptrdiff_t available = values.size();
    std::ptrdiff_t next = 0;
    auto* data = reinterpret_cast<std::byte*>(destination.data());
    for_each_mask_chunk(mask, data, destination.strides().data(), [&](const mask_chunk& chunk, std::ptrdiff_t flat, std::byte* to, std::ptrdiff_t stride) {
        for (std::ptrdiff_t j = 0; j < chunk.size; ++j) {
            if (!chunk.test(j)) continue;
            if (positional) next = ((flat + j) * inner) % available;
            std::byte* block = to + j * stride;
            for_each_offset(inner_shape, inner_strides, [&](std::ptrdiff_t at) {
                *reinterpret_cast<T*>(block + at) = from[next];
                if (++next == available) next = 0;
            });
        }
    });
}

template <class T, class Mask> void mask_fill(const view<T>& destination, const Mask& mask, const T& value) {
    // np.where(mask, value, x) into x: one fused pass, and the evaluator's overlap test decides
    // whether a mask that reads x must be computed first.
    evaluate_into(destination, where(mask, value, view<const T>(destination)));
}

template <class Mask, class T> bool mask_overlaps(const Mask& mask, const view<T>& destination) {
    decltype(auto) operand = mask_operand(mask);
    constexpr std::size_t N = 1 + leaf_count<std::remove_cvref_t<decltype(operand)>>::value;
    operand_table<N> table;
    (void)make_cursor<1>(operand, table);
    const memory_extent written = extent_of(destination);
    for (std::size_t slot = 1; slot < N; ++slot) {
        const memory_extent read{table.pointers[slot], table.itemsizes[slot], {table.shapes[slot]->data(), table.shapes[slot]->size()},
                                 {table.strides[slot]->data(), table.strides[slot]->size()}};
        if (!bounds_overlap(written, read)) continue;
        // The destination itself, element for element, is read at each place before it is written.
        const bool itself = table.pointers[slot] == reinterpret_cast<const std::byte*>(destination.data()) &&
                            *table.shapes[slot] == destination.shape() && *table.strides[slot] == destination.strides() &&
                            table.itemsizes[slot] == static_cast<std::ptrdiff_t>(sizeof(T)) && mask.shape() == destination.shape();
        if (!itself) return true;
    }
    return false;
}

} // namespace nd::detail
