#pragma once
// C++ operators on arrays, views and expressions: each builds the same lazy node as the ufunc
// it stands for. In-place operators evaluate at once into their left side.

#include <type_traits>
#include <utility>

#include "nd/expr/ufunc.hpp"
#include "nd/index/view_functions.hpp"

namespace nd {

namespace detail {
// A binary operator applies when both sides are operands and at least one is array-like, so
// nd's operators never take over arithmetic between plain scalars.
template <class A, class B>
concept binary_operands = operand<A> && operand<B> && (array_operand<A> || array_operand<B>);

} // namespace detail

// clang-format off
/// Elementwise operators, lazy: `auto e = a * b + c;` `auto mask = m > 25;`
template <class A, class B> requires detail::binary_operands<A, B> auto operator+(A&& a, B&& b) { return make_expression(ops::add{}, std::forward<A>(a), std::forward<B>(b)); }
template <class A, class B> requires detail::binary_operands<A, B> auto operator-(A&& a, B&& b) { return make_expression(ops::subtract{}, std::forward<A>(a), std::forward<B>(b)); }
template <class A, class B> requires detail::binary_operands<A, B> auto operator*(A&& a, B&& b) { return make_expression(ops::multiply{}, std::forward<A>(a), std::forward<B>(b)); }
template <class A, class B> requires detail::binary_operands<A, B> auto operator/(A&& a, B&& b) { return make_expression(ops::divide{}, std::forward<A>(a), std::forward<B>(b)); }
template <class A, class B> requires detail::binary_operands<A, B> auto operator%(A&& a, B&& b) { return make_expression(ops::remainder{}, std::forward<A>(a), std::forward<B>(b)); }
template <class A, class B> requires detail::binary_operands<A, B> auto operator==(A&& a, B&& b) { return make_expression(ops::equal{}, std::forward<A>(a), std::forward<B>(b)); }
template <class A, class B> requires detail::binary_operands<A, B> auto operator!=(A&& a, B&& b) { return make_expression(ops::not_equal{}, std::forward<A>(a), std::forward<B>(b)); }
template <class A, class B> requires detail::binary_operands<A, B> auto operator<(A&& a, B&& b) { return make_expression(ops::less{}, std::forward<A>(a), std::forward<B>(b)); }
template <class A, class B> requires detail::binary_operands<A, B> auto operator<=(A&& a, B&& b) { return make_expression(ops::less_equal{}, std::forward<A>(a), std::forward<B>(b)); }
template <class A, class B> requires detail::binary_operands<A, B> auto operator>(A&& a, B&& b) { return make_expression(ops::greater{}, std::forward<A>(a), std::forward<B>(b)); }
template <class A, class B> requires detail::binary_operands<A, B> auto operator>=(A&& a, B&& b) { return make_expression(ops::greater_equal{}, std::forward<A>(a), std::forward<B>(b)); }
template <class A, class B> requires detail::binary_operands<A, B> auto operator&(A&& a, B&& b) { return make_expression(ops::bitwise_and{}, std::forward<A>(a), std::forward<B>(b)); }
template <class A, class B> requires detail::binary_operands<A, B> auto operator|(A&& a, B&& b) { return make_expression(ops::bitwise_or{}, std::forward<A>(a), std::forward<B>(b)); }
template <class A, class B> requires detail::binary_operands<A, B> auto operator^(A&& a, B&& b) { return make_expression(ops::bitwise_xor{}, std::forward<A>(a), std::forward<B>(b)); }
template <detail::array_operand A> auto operator-(A&& a) { return make_expression(ops::negative{}, std::forward<A>(a)); }
template <detail::array_operand A> auto operator+(A&& a) { return std::forward<A>(a); }
template <detail::array_operand A> auto operator~(A&& a) { return make_expression(ops::invert{}, std::forward<A>(a)); }

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
