#pragma once
// The reduction engine: folds an array or a whole expression over all axes or some of them,
// reading each operand element once and allocating nothing beyond the result. Sums are
// pairwise (as accurate as NumPy's) and SIMD with several accumulators along contiguous runs;
// reducing a C array over axis 0 streams whole rows into a row of accumulators.

#include <algorithm>
#include <array>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "nd/core/array.hpp"
#include "nd/core/convert.hpp"
#include "nd/core/simd.hpp"
#include "nd/eval/evaluate.hpp"
#include "nd/eval/strided_loop.hpp"
#include "nd/expr/arithmetic.hpp"
#include "nd/expr/math.hpp"

namespace nd::detail {

/// NumPy's accumulator for sums and products: bool and signed integers below 64 bits become
/// int64, unsigned ones uint64; floats and complex keep their type.
template <class T>
using sum_type = std::conditional_t<std::is_same_v<T, bool> || (integer<T> && std::is_signed_v<T>), std::int64_t,
                                    std::conditional_t<integer<T>, std::uint64_t, T>>;

/// How each reduction starts and combines; `pairwise` marks sums whose accuracy depends on the
/// order of additions.
struct sum_reduction {
    static constexpr const char* name = "add";
    template <class A> static A identity() { return A(0); }
    template <class A> static A combine(A a, A b) { return ops::add::apply(a, b); }
    template <class B> static B combine_batch(const B& a, const B& b) { return a + b; }
    template <class A> static constexpr bool batchable = ops::add::batchable<A>;
    static constexpr bool pairwise = true;
};
struct product_reduction {
    static constexpr const char* name = "multiply";
    template <class A> static A identity() { return A(1); }
    template <class A> static A combine(A a, A b) { return ops::multiply::apply(a, b); }
    template <class B> static B combine_batch(const B& a, const B& b) { return a * b; }
    template <class A> static constexpr bool batchable = ops::multiply::batchable<A>;
    static constexpr bool pairwise = false;
};
/// Minimum and maximum start from the far end of the type (the empty case is an error before
/// they start) and let NaN through, as np.minimum.reduce does.
template <bool Largest> struct extreme_reduction {
    static constexpr const char* name = Largest ? "maximum" : "minimum";
    using op = std::conditional_t<Largest, ops::maximum, ops::minimum>;
    template <class A> static A identity() {
        if constexpr (complex_number<A>) {
            const auto far = identity<typename A::value_type>();
            return A(far, far);
        } else if constexpr (std::numeric_limits<A>::has_infinity) {
            return Largest ? -std::numeric_limits<A>::infinity() : std::numeric_limits<A>::infinity();
        } else {
            return Largest ? std::numeric_limits<A>::lowest() : std::numeric_limits<A>::max();
        }
    }
    template <class A> static A combine(A a, A b) { return op::apply(a, b); }
    template <class B> static B combine_batch(const B& a, const B& b) { return Largest ? simd::maximum(a, b) : simd::minimum(a, b); }
    template <class A> static constexpr bool batchable = op::template batchable<A>;
    static constexpr bool pairwise = false;
};
using minimum_reduction = extreme_reduction<false>;
using maximum_reduction = extreme_reduction<true>;
struct any_reduction {
    static constexpr const char* name = "logical_or";
    template <class A> static A identity() { return false; }
    template <class A> static A combine(A a, A b) { return a || b; }
    template <class B> static B combine_batch(const B& a, const B&) { return a; }
    template <class A> static constexpr bool batchable = false;
    static constexpr bool pairwise = false;
};
struct all_reduction {
    static constexpr const char* name = "logical_and";
    template <class A> static A identity() { return true; }
    template <class A> static A combine(A a, A b) { return a && b; }
    template <class B> static B combine_batch(const B& a, const B&) { return a; }
    template <class A> static constexpr bool batchable = false;
    static constexpr bool pairwise = false;
};

/// An array operand seen as an expression leaf, so one engine reduces arrays and expressions.
template <class X> auto as_reducible(const X& x) {
    if constexpr (expression<X>) return x;
    else return array_leaf<typename X::value_type>{view<const typename X::value_type>(x)};
}

// The value a cursor yields converted to the accumulator; bools count as 0/1 in sums.
template <class A, class V> A accumulator_value(const V& v) {
    if constexpr (std::is_same_v<V, bool> && !std::is_same_v<A, bool>) return v ? A(1) : A(0);
    else return convert<A>(v);
}

/// Folds whole blocks of 8 batches of a SIMD-ready run, returning the folded value and setting
/// `done` to the elements consumed. Each block is summed in registers; for sums, block results
/// are combined as a binary counter combines carries, which adds them pairwise (each partial sum
/// meets another of the same size) without a horizontal reduction per block.
template <class Reduction, class A, bool Dense, class Cursor>
A reduce_batches(const Cursor& shared, std::ptrdiff_t begin, std::ptrdiff_t count, std::ptrdiff_t& done) {
    const Cursor cursor = shared; // a local, kept in registers
    constexpr std::ptrdiff_t width = simd::width<A>, block = 8 * width;
    using batch_type = decltype(cursor.template batch<Dense>(0));
    auto fold_block = [&](std::ptrdiff_t at) {
        auto a0 = cursor.template batch<Dense>(at), a1 = cursor.template batch<Dense>(at + width);
        auto a2 = cursor.template batch<Dense>(at + 2 * width), a3 = cursor.template batch<Dense>(at + 3 * width);
        a0 = Reduction::combine_batch(a0, cursor.template batch<Dense>(at + 4 * width));
        a1 = Reduction::combine_batch(a1, cursor.template batch<Dense>(at + 5 * width));
        a2 = Reduction::combine_batch(a2, cursor.template batch<Dense>(at + 6 * width));
        a3 = Reduction::combine_batch(a3, cursor.template batch<Dense>(at + 7 * width));
        return Reduction::combine_batch(Reduction::combine_batch(a0, a1), Reduction::combine_batch(a2, a3));
    };
    batch_type result = simd::splat(Reduction::template identity<A>());
    std::ptrdiff_t i = 0;
    if constexpr (Reduction::pairwise) {
        batch_type levels[64];
        std::uint64_t occupied = 0;
        for (; i + block <= count; i += block) {
            batch_type carry = fold_block(begin + i);
            int level = 0;
            for (; occupied >> level & 1U; ++level) {
                carry = Reduction::combine_batch(levels[level], carry);
                occupied &= ~(std::uint64_t(1) << level);
            }
            levels[level] = carry;
            occupied |= std::uint64_t(1) << level;
        }
        for (int level = 0; level < 64; ++level)
            if (occupied >> level & 1U) result = Reduction::combine_batch(levels[level], result);
    } else {
        for (; i + block <= count; i += block) result = Reduction::combine_batch(result, fold_block(begin + i));
    }
    done = i;
    alignas(64) A lanes[width];
    simd::store(lanes, result);
    A total = lanes[0];
    for (std::ptrdiff_t k = 1; k < width; ++k) total = Reduction::combine(total, lanes[k]);
    return total;
}

/// Folds one run of `cursor` into an accumulator. Sums of floats are pairwise: in SIMD registers
/// (reduce_batches) when the run is contiguous, else NumPy's way, halving the run down to blocks
/// of 128 elements summed with 8 independent accumulators.
template <class Reduction, class A, class Cursor>
A reduce_run(const Cursor& cursor, std::ptrdiff_t begin, std::ptrdiff_t count) {
    constexpr bool vector = Cursor::batchable && std::is_same_v<typename Cursor::value_type, A> && Reduction::template batchable<A>;
    std::ptrdiff_t i = 0;
    A total = Reduction::template identity<A>();
    bool simd_done = false;
    if constexpr (vector) {
        if (count >= 8 * simd::width<A> && cursor.simd_ready()) {
            total = cursor.contiguous() ? reduce_batches<Reduction, A, true>(cursor, begin, count, i)
                                        : reduce_batches<Reduction, A, false>(cursor, begin, count, i);
            simd_done = true;
        }
    }
    if constexpr (Reduction::pairwise && !integer<A>) {
        constexpr std::ptrdiff_t block = 128;
        if (!simd_done && count > block) {
            const std::ptrdiff_t half = count / 2;
            return Reduction::combine(reduce_run<Reduction, A>(cursor, begin, half), reduce_run<Reduction, A>(cursor, begin + half, count - half));
        }
    }
    if constexpr (Reduction::pairwise && !integer<A>) {
        A partial[8];
        for (auto& p : partial) p = Reduction::template identity<A>();
        for (; i + 8 <= count; i += 8)
            for (std::ptrdiff_t k = 0; k < 8; ++k) partial[k] = Reduction::combine(partial[k], accumulator_value<A>(cursor.scalar(begin + i + k)));
        total = Reduction::combine(total, Reduction::combine(Reduction::combine(Reduction::combine(partial[0], partial[1]), Reduction::combine(partial[2], partial[3])),
                                                             Reduction::combine(Reduction::combine(partial[4], partial[5]), Reduction::combine(partial[6], partial[7]))));
    }
    if (cursor.contiguous()) {
        // Integers and mixed types: a plain loop over contiguous elements, which the compiler
        // vectorizes itself.
        for (; i < count; ++i) total = Reduction::combine(total, accumulator_value<A>(cursor.dense_scalar(begin + i)));
    }
    for (; i < count; ++i) total = Reduction::combine(total, accumulator_value<A>(cursor.scalar(begin + i)));
    return total;
}

/// Slots: 0 orders the loop by the input's layout, 1 is the accumulator array (axis
/// reductions), 2.. are the expression's array operands.
template <class E> constexpr std::size_t reduction_operands = 2 + leaf_count<E>::value;

/// Folds every element of `source` (an expression or array leaf) into one accumulator.
template <class Reduction, class A, class E> A reduce_all(const E& source) {
    constexpr std::size_t operands = reduction_operands<E>;
    operand_table<operands> table;
    auto cursor = make_cursor<2>(source, table);
    const dim_vector& shape = source.shape();
    std::array<dim_vector, operands> strides;
    std::array<const dim_vector*, operands> stride_table;
    for (std::size_t slot = 2; slot < operands; ++slot) strides[slot] = broadcast_strides(*table.shapes[slot], *table.strides[slot], shape);
    strides[0] = operands > 2 ? strides[2] : dim_vector(shape.size(), 0);
    strides[1] = dim_vector(shape.size(), 0);
    // Slot 0 only orders the loop and slot 1 (no accumulator array here) never moves; both get
    // a real address so the loop's pointer arithmetic stays defined.
    static std::byte unused_slot;
    table.pointers[0] = operands > 2 ? table.pointers[2] : &unused_slot;
    table.pointers[1] = &unused_slot;
    for (std::size_t slot = 0; slot < operands; ++slot) stride_table[slot] = &strides[slot];
    A total = Reduction::template identity<A>();
    const loop_plan<operands> plan = make_loop_plan<operands>(shape, stride_table, 0);
    for_each_run(plan, table.pointers, [&](const inner_run<operands>& run) {
        cursor.bind(run);
        total = Reduction::combine(total, reduce_run<Reduction, A>(cursor, 0, run.length));
    });
    return total;
}

/// Folds `source` into `accumulators`, whose shape is the source's with reduced axes of
/// extent 1 (its elements must hold the identity or a partial result already).
template <class Reduction, class A, class E> void reduce_into(const E& source, const view<A>& accumulators) {
    constexpr std::size_t operands = reduction_operands<E>;
    operand_table<operands> table;
    auto cursor = make_cursor<2>(source, table);
    const dim_vector& shape = source.shape();
    std::array<dim_vector, operands> strides;
    std::array<const dim_vector*, operands> stride_table;
    for (std::size_t slot = 2; slot < operands; ++slot) strides[slot] = broadcast_strides(*table.shapes[slot], *table.strides[slot], shape);
    strides[1] = broadcast_strides(accumulators.shape(), accumulators.strides(), shape);
    strides[0] = operands > 2 ? strides[2] : strides[1];
    table.pointers[1] = reinterpret_cast<std::byte*>(accumulators.data());
    table.pointers[0] = operands > 2 ? table.pointers[2] : table.pointers[1]; // orders the loop only
    for (std::size_t slot = 0; slot < operands; ++slot) stride_table[slot] = &strides[slot];
    const loop_plan<operands> plan = make_loop_plan<operands>(shape, stride_table, 0);
    constexpr bool vector = decltype(cursor)::batchable && std::is_same_v<typename decltype(cursor)::value_type, A> && Reduction::template batchable<A>;
    for_each_run(plan, table.pointers, [&](const inner_run<operands>& run) {
        auto local = cursor; // a local copy: stores into the accumulators cannot change it
        local.bind(run);
        A* out = reinterpret_cast<A*>(run.pointers[1]);
        const std::ptrdiff_t out_stride = run.strides[1], n = run.length;
        if (out_stride == 0) {
            *out = Reduction::combine(*out, reduce_run<Reduction, A>(local, 0, n));
            return;
        }
        std::ptrdiff_t i = 0;
        if constexpr (vector) {
            // A row of accumulators: the reduced axis is an outer one, so whole rows stream in.
            if (out_stride == static_cast<std::ptrdiff_t>(sizeof(A)) && local.simd_ready()) {
                constexpr std::ptrdiff_t width = simd::width<A>;
                for (; i + width <= n; i += width) simd::store(out + i, Reduction::combine_batch(simd::load(out + i), local.batch(i)));
            }
        }
        auto* bytes = reinterpret_cast<std::byte*>(out);
        for (; i < n; ++i) {
            A& slot = *reinterpret_cast<A*>(bytes + i * out_stride);
            slot = Reduction::combine(slot, accumulator_value<A>(local.scalar(i)));
        }
    });
}

} // namespace nd::detail
