#pragma once
// What an elementwise operation is. The one place that says which members an operation must
// define, which it may leave to the defaults of ops::elementwise, and what the evaluation
// loops read from it. docs/contributing.md walks through adding one.

#include <concepts>
#include <type_traits>

#include "nd/core/simd.hpp"
#include "nd/expr/promotion.hpp"

namespace nd {

/// How the evaluation loops may treat an operation, beyond what its kernels compute. Set with
/// designated initializers, so that a misspelled trait does not compile:
/// `static constexpr nd::operation_traits traits{.compute_bound = true};`
struct operation_traits {
    /// Tens of instructions per SIMD batch (a polynomial series: sin, log): loops over it keep
    /// full-width registers past the L1 cache, since half-width ones would halve its arithmetic
    /// rate, and store normally instead of streaming unless it keeps_up_with_memory
    /// (benchmarks sin/f32/16M and exp/f32/16M).
    bool compute_bound = false;
    /// A compute-bound operation whose kernel still outruns memory past the caches (exp): its
    /// large results are streamed past the cache, as those of arithmetic are.
    bool keeps_up_with_memory = false;
};

namespace ops {

/// The base of every elementwise operation, holding the defaults of its optional parts:
/// operands convert to NumPy's promoted type (compute) and the result has that type (result);
/// no SIMD kernel (batchable<C> false: the scalar `apply` runs, which compilers often vectorize
/// anyway); memory-bound traits. An operation overrides what differs:
/// `struct twice : nd::ops::elementwise { static constexpr const char* name = "twice"; template <class C> static C apply(C x) { return x + x; } };`
struct elementwise {
    template <class... T> using compute = promote_t<T...>;
    template <class... T> using result = promote_t<T...>;
    /// Whether `apply_batch` computes batches of C (nd::simd::batch<C>), lane by lane the
    /// results of `apply` (exactly for arithmetic; within the function's stated ULPs for math,
    /// as the fixtures of tests/fixtures/ufunc_list.txt check).
    template <class C> static constexpr bool batchable = false;
    static constexpr operation_traits traits{};
};

} // namespace ops

namespace detail {
template <class T, class Same> using repeat_as = Same;
} // namespace detail

/// An elementwise operation applied to operands of element types T...: it derives from
/// ops::elementwise, names itself (NumPy's ufunc name, for messages), and its `apply` takes one
/// value of its compute type per operand. Where it declares batchable<C> for that compute type
/// (and nd has SIMD), its `apply_batch` takes one nd::simd::batch<C> per operand.
/// `static_assert(nd::elementwise_operation<nd::ops::add, float, float>);`
template <class Op, class... T>
concept elementwise_operation =
    std::derived_from<Op, ops::elementwise> &&
    requires(const Op& op, detail::repeat_as<T, typename Op::template compute<T...>>... values) {
        { Op::name } -> std::convertible_to<const char*>;
        { Op::traits } -> std::same_as<const operation_traits&>;
        typename Op::template result<T...>;
        op.apply(values...);
    } &&
    (!simd::enabled || !Op::template batchable<typename Op::template compute<T...>> ||
     requires(const Op& op, detail::repeat_as<T, simd::batch<typename Op::template compute<T...>>>... batches) {
         op.apply_batch(batches...);
     });

} // namespace nd
