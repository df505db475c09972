#pragma once
// The in-place operators on arrays and views, which evaluate at once into their left side.
// The lazy operators (a * b) are in expression.hpp, beside the node they build.

#include <type_traits>
#include <utility>

#include "nd/expr/ufunc.hpp"
#include "nd/index/view_functions.hpp"

namespace nd {

// clang-format off
/// In-place operators on arrays and views: one pass into the left side, NumPy's 'same_kind'
/// casting (an int array += 1.5 is an nd::type_error). `a *= 2; a += 1;`
template <class A, class B> requires array_like<A> && detail::operand<B> A& operator+=(A& a, B&& b) { detail::evaluate_to_output(detail::as_view(a), a + std::forward<B>(b), "add"); return a; }
template <class A, class B> requires array_like<A> && detail::operand<B> A& operator-=(A& a, B&& b) { detail::evaluate_to_output(detail::as_view(a), a - std::forward<B>(b), "subtract"); return a; }
template <class A, class B> requires array_like<A> && detail::operand<B> A& operator*=(A& a, B&& b) { detail::evaluate_to_output(detail::as_view(a), a * std::forward<B>(b), "multiply"); return a; }
template <class A, class B> requires array_like<A> && detail::operand<B> A& operator/=(A& a, B&& b) { detail::evaluate_to_output(detail::as_view(a), a / std::forward<B>(b), "divide"); return a; }
template <class A, class B> requires array_like<A> && detail::operand<B> A& operator%=(A& a, B&& b) { detail::evaluate_to_output(detail::as_view(a), a % std::forward<B>(b), "remainder"); return a; }
template <class A, class B> requires array_like<A> && detail::operand<B> A& operator&=(A& a, B&& b) { detail::evaluate_to_output(detail::as_view(a), a & std::forward<B>(b), "bitwise_and"); return a; }
template <class A, class B> requires array_like<A> && detail::operand<B> A& operator|=(A& a, B&& b) { detail::evaluate_to_output(detail::as_view(a), a | std::forward<B>(b), "bitwise_or"); return a; }
template <class A, class B> requires array_like<A> && detail::operand<B> A& operator^=(A& a, B&& b) { detail::evaluate_to_output(detail::as_view(a), a ^ std::forward<B>(b), "bitwise_xor"); return a; }
// clang-format on

} // namespace nd
