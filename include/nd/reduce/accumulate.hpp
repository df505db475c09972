#pragma once
// The reduction engine: folds an array or a whole expression over all axes or some of them,
// reading each operand element once and allocating nothing beyond the result. Sums are
// pairwise (as accurate as NumPy's) and SIMD with several accumulators along contiguous runs.
// Reductions over some axes (reduce_into) are in axis_blocks.hpp.

#include <algorithm>
#include <array>
#include <bit>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "nd/core/array.hpp"
#include "nd/core/convert.hpp"
#include "nd/core/simd.hpp"
#include "nd/core/simd_math.hpp"
#include "nd/core/simd_narrow.hpp"
#include "nd/eval/evaluate.hpp"
#include "nd/eval/strided_loop.hpp"
#include "nd/expr/arithmetic.hpp"
#include "nd/expr/math.hpp"
#include "nd/reduce/reduction.hpp"

namespace nd::detail {

/// An array operand seen as an expression leaf, so one engine reduces arrays and expressions.
template <class X> auto as_reducible(const X& x) {
    if constexpr (expression<X>) return x;
    else return array_leaf<typename X::value_type>(x);
}

// The value a cursor yields converted to the accumulator; bools count as 0/1 in sums.
template <class A, class V> A accumulator_value(const V& v) {
    if constexpr (std::is_same_v<V, bool> && !std::is_same_v<A, bool>) return v ? A(1) : A(0);
    else return convert<A>(v);
}

/// Watches batch accumulators folded with the min/max instruction (combine_batch_ordered) for
/// NaN. That instruction returns its second operand when either is NaN, so a NaN read into an
/// accumulator stays there until the next fold: looking at the accumulators after each fold
/// sees every NaN, with no second look at memory. Two chains of masked compares, one
/// instruction per two accumulators with AVX-512: few instructions per batch leave room for
/// more loads in flight.
template <class B> class nan_watch {
    simd::lane_mask<B> low_ = simd::all_lanes<B>(), high_ = simd::all_lanes<B>();

public:
    template <std::size_t N> void see(const std::array<B, N>& a) {
        static_assert(N % 4 == 0);
        for (std::size_t k = 0; k < N; k += 4) {
            low_ = simd::still_ordered(low_, a[k], a[k + 1]);
            high_ = simd::still_ordered(high_, a[k + 2], a[k + 3]);
        }
    }
    bool saw_nan() const { return !simd::all(low_ && high_); }
};

/// Whether fold_batches folds batches of A with Reduction's plain min/max instruction and
/// watches for NaN beside it: one instruction per batch, and one compare per two batches,
/// instead of combine_batch's NaN-propagating blend.
template <class Reduction, class A>
concept nan_watched = std::is_floating_point_v<A> && Reduction::traits.nans == nan_rule::watched;

// fold_batches without the NaN watch, out of line (below).
template <class Reduction, class A, bool Dense, bool Narrow, class Cursor>
auto fold_batches_again(const Cursor& shared, std::ptrdiff_t begin, std::ptrdiff_t count, std::ptrdiff_t& done);

/// Folds whole blocks of 8 batches of a SIMD-ready run into one batch (lane_total gives its
/// value), setting `done` to the elements consumed. Most of the run goes in leaves of 64 batches: 8 batch
/// accumulators, each adding 8 batches in order (fewer in-order additions per lane than NumPy's
/// 16 per accumulator in its 128-element blocks), combined as a tree; what is left goes in
/// blocks of 8 batches summed as a tree. For sums, leaf and block results are combined as a
/// binary counter combines carries, which adds them pairwise (each partial sum meets another of
/// about the same size) without a horizontal reduction per leaf. Leaves keep the loop at about
/// one instruction per batch, as a plain read is: a read from memory needs that many loads in
/// flight to keep up. With `WatchNan`, a run found to hold a NaN is folded again without it.
/// `Narrow` (dense runs only, see may_fold_narrow): each batch is read as two half-width ones,
/// which a stream from memory feeds faster, and joined: the same values in the same lanes, so
/// the result does not depend on the choice, and a row reduced within a block of rows equals
/// the row reduced alone.
template <class Reduction, class A, bool Dense, bool WatchNan = nan_watched<Reduction, A>, bool Narrow = false, class Cursor>
[[gnu::always_inline]] inline auto fold_batches(const Cursor& shared, std::ptrdiff_t begin, std::ptrdiff_t count, std::ptrdiff_t& done) {
    static_assert(!Narrow || Dense);
    const Cursor cursor = shared; // a local, kept in registers
    constexpr std::ptrdiff_t width = simd::width<A>, block = 8 * width, leaf = 8 * block;
    auto load = [&cursor](std::ptrdiff_t at) {
        if constexpr (Narrow) return simd::join_narrow<A>(cursor.template narrow_batch_as<0>(at), cursor.template narrow_batch_as<0>(at + simd::narrow_width<A>));
        else return cursor.template batch<Dense>(at);
    };
    using batch_type = decltype(load(0));
    auto combine = [](const batch_type& a, const batch_type& b) {
        if constexpr (WatchNan) return Reduction::combine_batch_ordered(a, b);
        else return Reduction::combine_batch(a, b);
    };
    nan_watch<batch_type> watched;
    auto watch = [&](const std::array<batch_type, 8>& a) {
        if constexpr (WatchNan) watched.see(a);
    };
    auto fold = [&](std::ptrdiff_t at, std::ptrdiff_t size) {
        std::array<batch_type, 8> a;
        for (std::size_t k = 0; k < 8; ++k) a[k] = load(at + static_cast<std::ptrdiff_t>(k) * width);
        watch(a);
        // Rolled, so that the loads go through memory in order, block after block; unrolled,
        // GCC reorders them by accumulator, across the whole leaf, which the prefetchers follow
        // less well.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 1
#endif
        for (std::ptrdiff_t next = at + block; next < at + size; next += block) {
            for (std::size_t k = 0; k < 8; ++k) a[k] = combine(a[k], load(next + static_cast<std::ptrdiff_t>(k) * width));
            watch(a);
        }
        return combine(combine(combine(a[0], a[1]), combine(a[2], a[3])), combine(combine(a[4], a[5]), combine(a[6], a[7])));
    };
    batch_type result = simd::splat(Reduction::template identity<A>());
    std::ptrdiff_t i = 0;
    if constexpr (Reduction::traits.pairwise) {
        // Each fold is pushed once the next one is under way, so that the carries stored into
        // `levels` are ready when stored: a store waiting on the fold just finished would also
        // hold back the loads behind it that share its address bits below 4096.
        batch_type levels[64];
        std::uint64_t occupied = 0;
        batch_type pending;
        auto merge_below = [&](batch_type carry, int& level) {
            for (level = 0; occupied >> level & 1U; ++level) {
                carry = Reduction::combine_batch(levels[level], carry);
                occupied &= ~(std::uint64_t(1) << level);
            }
            return carry;
        };
        auto push_pending = [&] {
            int level;
            const batch_type carry = merge_below(pending, level);
            levels[level] = carry;
            occupied |= std::uint64_t(1) << level;
        };
        bool any = false;
        auto fold_and_push = [&](std::ptrdiff_t at, std::ptrdiff_t size) {
            const batch_type folded = fold(at, size);
            if (any) push_pending();
            pending = folded;
            any = true;
        };
        for (; i + leaf <= count; i += leaf) fold_and_push(begin + i, leaf);
        for (; i + block <= count; i += block) fold_and_push(begin + i, block);
        if (any) {
            // What pushing the last fold and then adding up the levels from the lowest would
            // give, without storing it: its carry meets the identity where it would have been
            // stored, then each occupied level above.
            int level;
            result = Reduction::combine_batch(merge_below(pending, level), result);
            for (; occupied != 0; occupied &= occupied - 1) result = Reduction::combine_batch(levels[std::countr_zero(occupied)], result);
        }
    } else {
        for (; i + leaf <= count; i += leaf) result = combine(result, fold(begin + i, leaf));
        for (; i + block <= count; i += block) result = combine(result, fold(begin + i, block));
    }
    if constexpr (WatchNan)
        if (watched.saw_nan()) [[unlikely]]
            return fold_batches_again<Reduction, A, Dense, Narrow>(shared, begin, count, done);
    done = i;
    return result;
}

/// fold_batches for a run found to hold a NaN, without the watch: out of line, since every
/// place that inlines fold_batches would otherwise compile a second copy of it for this case.
template <class Reduction, class A, bool Dense, bool Narrow, class Cursor>
[[gnu::noinline, gnu::cold]] auto fold_batches_again(const Cursor& shared, std::ptrdiff_t begin, std::ptrdiff_t count, std::ptrdiff_t& done) {
    return fold_batches<Reduction, A, Dense, false, Narrow>(shared, begin, count, done);
}

/// Whether runs of Cursor may be read in half-width batches (fold_batches' Narrow): floats on
/// AVX-512 builds, with no series function in the expression (the expression's other
/// operations give the same values lane by lane at either width).
template <class A, class Cursor> constexpr bool may_fold_narrow = simd::has_narrow_batch<A> && std::is_floating_point_v<A> && !computes_slowly<Cursor>::value;

/// Whether a reduction reading `count` elements of A goes past the L1 cache, where half-width
/// loads read faster (exceeds_l1_cache of evaluations, with one operand).
template <class A> bool fold_narrow_pays(std::ptrdiff_t count) noexcept { return exceeds_l1_cache<A, 1>(count); }

/// The lanes of a batch from fold_batches combined into one value, first lane to last.
template <class Reduction, class A, class Batch> [[gnu::always_inline]] inline A lane_total(const Batch& folded) {
    constexpr std::ptrdiff_t width = simd::width<A>;
    alignas(64) A lanes[width];
    simd::store(lanes, folded);
    A total = lanes[0];
    for (std::ptrdiff_t k = 1; k < width; ++k) total = Reduction::combine(total, lanes[k]);
    return total;
}

/// Whether reduce_run folds a run of `count` elements of `cursor` in SIMD batches first.
template <class Reduction, class A, class Cursor> constexpr bool folds_batches_of = Cursor::batchable && std::is_same_v<typename Cursor::value_type, A> && Reduction::template batchable<A>;
/// Whether a run of such a cursor (folds_batches_of) is long enough and laid out for it.
template <class Reduction, class A, class Cursor>
    requires folds_batches_of<Reduction, A, Cursor>
bool folds_in_batches(const Cursor& cursor, std::ptrdiff_t count) {
    return count >= 8 * simd::width<A> && cursor.simd_ready();
}

/// fold_batches for a run that folds_in_batches, contiguous or not; `narrow`: in half-width
/// batches where it may (may_fold_narrow) and the run is contiguous.
template <class Reduction, class A, class Cursor>
[[gnu::always_inline]] inline auto fold_run_batches(const Cursor& cursor, std::ptrdiff_t begin, std::ptrdiff_t count, std::ptrdiff_t& done, bool narrow) {
    if (cursor.contiguous()) {
        if constexpr (may_fold_narrow<A, Cursor>)
            if (narrow) return fold_batches<Reduction, A, true, nan_watched<Reduction, A>, true>(cursor, begin, count, done);
        return fold_batches<Reduction, A, true>(cursor, begin, count, done);
    }
    return fold_batches<Reduction, A, false>(cursor, begin, count, done);
}

/// Finishes a run whose first `i` elements `total` holds (0 and the identity for a run not
/// started): the rest of the elements, for float sums in 8 independent accumulators.
template <class Reduction, class A, class Cursor>
[[gnu::always_inline]] inline A finish_run(const Cursor& cursor, std::ptrdiff_t begin, std::ptrdiff_t count, A total, std::ptrdiff_t i) {
    if constexpr (Reduction::traits.pairwise && !integer<A>) {
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

/// A run folded in batches up to `done` (fold_run_batches), finished: its lanes, then the rest.
template <class Reduction, class A, class Cursor, class Batch>
[[gnu::always_inline]] inline A finish_folded_run(const Cursor& cursor, std::ptrdiff_t begin, std::ptrdiff_t count, const Batch& folded, std::ptrdiff_t done) {
    return finish_run<Reduction, A>(cursor, begin, count, lane_total<Reduction, A>(folded), done);
}

/// Folds one run of `cursor` into an accumulator. Sums of floats are pairwise: in SIMD registers
/// (fold_batches) when the run folds_in_batches, else NumPy's way, halving the run down to
/// blocks of 128 elements summed with 8 independent accumulators.
template <class Reduction, class A, class Cursor>
A reduce_run(const Cursor& cursor, std::ptrdiff_t begin, std::ptrdiff_t count) {
    if constexpr (folds_batches_of<Reduction, A, Cursor>) {
        if (folds_in_batches<Reduction, A>(cursor, count)) {
            std::ptrdiff_t done = 0;
            const auto folded = fold_run_batches<Reduction, A>(cursor, begin, count, done, fold_narrow_pays<A>(count));
            return finish_folded_run<Reduction, A>(cursor, begin, count, folded, done);
        }
    }
    if constexpr (Reduction::traits.pairwise && !integer<A>) {
        constexpr std::ptrdiff_t block = 128;
        if (count > block) {
            const std::ptrdiff_t half = count / 2;
            return Reduction::combine(reduce_run<Reduction, A>(cursor, begin, half), reduce_run<Reduction, A>(cursor, begin + half, count - half));
        }
    }
    return finish_run<Reduction, A>(cursor, begin, count, Reduction::template identity<A>(), 0);
}

/// Slots: 0 orders the loop by the input's layout, 1 is the accumulator array (axis
/// reductions), 2.. are the expression's array operands.
template <class E> constexpr std::size_t reduction_operands = 2 + leaf_count<E>::value;

/// The loop over a reduction's source: its cursor, the operands' pointers and the loop plan,
/// ordered by the source's layout. Slot 1 is the accumulator array, at `accumulators` with
/// `accumulator_strides` (as broadcast to the source's shape).
template <class E> auto plan_reduction(const E& source, std::byte* accumulators, const dim_vector& accumulator_strides) {
    constexpr std::size_t operands = reduction_operands<E>;
    operand_table<operands> table;
    auto source_cursor = make_cursor<2>(source, table);
    const dim_vector& shape = source.shape();
    std::array<dim_vector, operands> strides;
    std::array<const dim_vector*, operands> stride_table;
    for (std::size_t slot = 2; slot < operands; ++slot) strides[slot] = broadcast_strides(*table.shapes[slot], *table.strides[slot], shape);
    strides[1] = accumulator_strides;
    strides[0] = operands > 2 ? strides[2] : strides[1];
    table.pointers[1] = accumulators;
    table.pointers[0] = operands > 2 ? table.pointers[2] : accumulators; // orders the loop only
    for (std::size_t slot = 0; slot < operands; ++slot) stride_table[slot] = &strides[slot];
    struct planned {
        decltype(source_cursor) cursor;
        std::array<std::byte*, operands> pointers;
        loop_plan<operands> plan;
    };
    return planned{source_cursor, table.pointers, make_loop_plan<operands>(shape, stride_table, 0)};
}

/// Folds every element of `source` (an expression or array leaf) into one accumulator.
template <class Reduction, class A, class E> A reduce_all(const E& source) {
    // No accumulator array: slot 1 never moves, but gets a real address so that the loop's
    // pointer arithmetic stays defined.
    static std::byte unused_slot;
    auto loop = plan_reduction(source, &unused_slot, dim_vector(source.shape().size(), 0));
    A total = Reduction::template identity<A>();
    for_each_run(loop.plan, loop.pointers, [&](const auto& run) {
        loop.cursor.bind(run);
        total = Reduction::combine(total, reduce_run<Reduction, A>(loop.cursor, 0, run.length));
    });
    return total;
}

} // namespace nd::detail
