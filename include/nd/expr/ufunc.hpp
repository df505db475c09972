#pragma once
// NumPy's ufuncs as callable objects: `nd::add(a, b)` is lazy like `a + b`;
// `nd::add(a, b, nd::out(c))` evaluates into c, with NumPy's 'same_kind' casting rule.

#include <cstddef>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "nd/core/array.hpp"
#include "nd/core/view.hpp"
#include "nd/expr/arithmetic.hpp"
#include "nd/expr/expression.hpp"
#include "nd/expr/logic.hpp"
#include "nd/expr/math.hpp"
#include "nd/index/index_types.hpp"

namespace nd {

/// The destination of a ufunc, as NumPy's out=. `nd::multiply(x, 2, nd::out(result));`
template <class T> struct out_target {
    view<T> target;
};
/// Wraps an array or view as a ufunc destination.
template <class T> out_target<T> out(array<T>& destination) { return {view<T>(destination)}; }
template <class T> out_target<T> out(const view<T>& destination) { return {destination}; }

namespace detail {

template <class T> struct is_out_target : std::false_type {};
template <class T> struct is_out_target<out_target<T>> : std::true_type {};

/// np.can_cast(From, To, 'same_kind'): safe casts, or casts within a kind (float64 to float32).
template <class From, class To> constexpr bool same_kind_castable() {
    constexpr auto rank = [](char kind) { return kind == 'b' ? 0 : kind == 'u' ? 1 : kind == 'i' ? 2 : kind == 'f' ? 3 : 4; };
    constexpr dtype from = make_dtype<From>(), to = make_dtype<To>();
    if (from.kind == to.kind) return true;
    if (from.kind == 'u' && to.kind == 'i') return to.itemsize > from.itemsize || true; // u -> i is same_kind in NumPy
    return rank(from.kind) < rank(to.kind) && !(from.kind == 'i' && to.kind == 'u');
}

/// Evaluates `node` into a ufunc or in-place destination after NumPy's casting check.
template <class T, class E> view<T> evaluate_to_output(const view<T>& destination, const E& node, const char* name) {
    using value = typename E::value_type;
    if constexpr (!same_kind_castable<value, T>()) {
        throw type_error(std::string("Cannot cast ufunc '") + name + "' output from dtype('" + std::string(dtype_of<value>.name) +
                         "') to dtype('" + std::string(dtype_of<T>.name) + "') with casting rule 'same_kind'");
    } else {
        evaluate_into(destination, node);
    }
    return destination;
}

} // namespace detail

/// A NumPy ufunc of `Arity` operands. Called with operands it returns a lazy node; with an
/// extra trailing nd::out(...) it evaluates into that destination and returns a view of it.
/// `auto e = nd::exp(a); nd::add(a, 1, nd::out(a));`
template <class Op, std::size_t Arity> struct ufunc {
    template <class... Args>
        requires(sizeof...(Args) == Arity)
    auto operator()(Args&&... args) const {
        return make_expression(Op{}, std::forward<Args>(args)...);
    }
    template <class... Args>
        requires(sizeof...(Args) == Arity + 1)
    auto operator()(Args&&... args) const {
        auto all = std::forward_as_tuple(std::forward<Args>(args)...);
        auto& destination = std::get<Arity>(all);
        static_assert(detail::is_out_target<std::remove_cvref_t<decltype(destination)>>::value,
                      "the argument after a ufunc's operands must be nd::out(...)");
        auto node = [&]<std::size_t... I>(std::index_sequence<I...>) {
            return make_expression(Op{}, std::get<I>(all)...);
        }(std::make_index_sequence<Arity>{});
        return detail::evaluate_to_output(destination.target, node, Op::name);
    }
};

// clang-format off
inline constexpr ufunc<ops::add, 2> add{};                       ///< np.add
inline constexpr ufunc<ops::subtract, 2> subtract{};             ///< np.subtract
inline constexpr ufunc<ops::multiply, 2> multiply{};             ///< np.multiply
inline constexpr ufunc<ops::divide, 2> divide{};                 ///< np.divide (true division)
inline constexpr ufunc<ops::divide, 2> true_divide{};            ///< np.true_divide
inline constexpr ufunc<ops::floor_divide, 2> floor_divide{};     ///< np.floor_divide (Python's signs)
inline constexpr ufunc<ops::remainder, 2> mod{};                 ///< np.mod (Python's signs)
inline constexpr ufunc<ops::remainder, 2> remainder{};           ///< np.remainder
inline constexpr ufunc<ops::power, 2> power{};                   ///< np.power
inline constexpr ufunc<ops::negative, 1> negative{};             ///< np.negative
inline constexpr ufunc<ops::square, 1> square{};                 ///< np.square
inline constexpr ufunc<ops::equal, 2> equal{};                   ///< np.equal
inline constexpr ufunc<ops::not_equal, 2> not_equal{};           ///< np.not_equal
inline constexpr ufunc<ops::less, 2> less{};                     ///< np.less
inline constexpr ufunc<ops::less_equal, 2> less_equal{};         ///< np.less_equal
inline constexpr ufunc<ops::greater, 2> greater{};               ///< np.greater
inline constexpr ufunc<ops::greater_equal, 2> greater_equal{};   ///< np.greater_equal
inline constexpr ufunc<ops::bitwise_and, 2> bitwise_and{};       ///< np.bitwise_and
inline constexpr ufunc<ops::bitwise_or, 2> bitwise_or{};         ///< np.bitwise_or
inline constexpr ufunc<ops::bitwise_xor, 2> bitwise_xor{};       ///< np.bitwise_xor
inline constexpr ufunc<ops::invert, 1> invert{};                 ///< np.invert
inline constexpr ufunc<ops::logical_and, 2> logical_and{};       ///< np.logical_and
inline constexpr ufunc<ops::logical_or, 2> logical_or{};         ///< np.logical_or
inline constexpr ufunc<ops::logical_xor, 2> logical_xor{};       ///< np.logical_xor
inline constexpr ufunc<ops::logical_not, 1> logical_not{};       ///< np.logical_not
inline constexpr ufunc<ops::sqrt, 1> sqrt{};                     ///< np.sqrt
inline constexpr ufunc<ops::exp, 1> exp{};                       ///< np.exp
inline constexpr ufunc<ops::log, 1> log{};                       ///< np.log
inline constexpr ufunc<ops::log2, 1> log2{};                     ///< np.log2
inline constexpr ufunc<ops::log10, 1> log10{};                   ///< np.log10
inline constexpr ufunc<ops::sin, 1> sin{};                       ///< np.sin
inline constexpr ufunc<ops::cos, 1> cos{};                       ///< np.cos
inline constexpr ufunc<ops::tan, 1> tan{};                       ///< np.tan
inline constexpr ufunc<ops::arcsin, 1> arcsin{};                 ///< np.arcsin
inline constexpr ufunc<ops::arccos, 1> arccos{};                 ///< np.arccos
inline constexpr ufunc<ops::arctan, 1> arctan{};                 ///< np.arctan
inline constexpr ufunc<ops::arctan2, 2> arctan2{};               ///< np.arctan2
inline constexpr ufunc<ops::sinh, 1> sinh{};                     ///< np.sinh
inline constexpr ufunc<ops::cosh, 1> cosh{};                     ///< np.cosh
inline constexpr ufunc<ops::tanh, 1> tanh{};                     ///< np.tanh
inline constexpr ufunc<ops::absolute, 1> abs{};                  ///< np.abs
inline constexpr ufunc<ops::absolute, 1> absolute{};             ///< np.absolute
inline constexpr ufunc<ops::sign, 1> sign{};                     ///< np.sign
inline constexpr ufunc<ops::floor, 1> floor{};                   ///< np.floor
inline constexpr ufunc<ops::ceil, 1> ceil{};                     ///< np.ceil
inline constexpr ufunc<ops::trunc, 1> trunc{};                   ///< np.trunc
inline constexpr ufunc<ops::rint, 1> rint{};                     ///< np.rint
inline constexpr ufunc<ops::minimum, 2> minimum{};               ///< np.minimum (NaN propagates)
inline constexpr ufunc<ops::maximum, 2> maximum{};               ///< np.maximum (NaN propagates)
inline constexpr ufunc<ops::fmin, 2> fmin{};                     ///< np.fmin (NaN ignored)
inline constexpr ufunc<ops::fmax, 2> fmax{};                     ///< np.fmax (NaN ignored)
inline constexpr ufunc<ops::hypot, 2> hypot{};                   ///< np.hypot
inline constexpr ufunc<ops::logaddexp, 2> logaddexp{};           ///< np.logaddexp: log(exp(x) + exp(y))
inline constexpr ufunc<ops::logaddexp2, 2> logaddexp2{};         ///< np.logaddexp2: log2(2**x + 2**y)
inline constexpr ufunc<ops::isnan, 1> isnan{};                   ///< np.isnan
inline constexpr ufunc<ops::isinf, 1> isinf{};                   ///< np.isinf
inline constexpr ufunc<ops::isfinite, 1> isfinite{};             ///< np.isfinite
inline constexpr ufunc<ops::clip, 3> clip{};                     ///< np.clip(x, lo, hi)
// clang-format on

/// nd::clip is also put's mode that clips indices to the ends: `x.put(idx, vals, nd::clip);`
template <> struct detail::put_mode_of<ufunc<ops::clip, 3>> : std::integral_constant<detail::index_mode, detail::index_mode::clip> {};

namespace detail {
/// A where() condition as bool. NumPy tests the condition in its own type (0.5 and 1j are
/// true), so a condition of another type becomes `condition != 0` before it meets x and y.
template <class Condition> decltype(auto) truth_of(Condition&& condition) {
    using value = typename value_type_of<Condition>::type;
    if constexpr (std::is_same_v<value, bool>) return std::forward<Condition>(condition);
    else if constexpr (array_operand<Condition>) return make_expression(ops::not_equal{}, std::forward<Condition>(condition), 0);
    else return condition != value(0);
}
} // namespace detail

/// np.where(condition, x, y): x where the condition holds, else y, in the promoted type of x
/// and y; with a trailing nd::out(...) it evaluates into that destination.
/// `auto clipped = nd::where(a > 0, a, 0.0);`
struct where_function {
    template <class Condition, class X, class Y>
    auto operator()(Condition&& condition, X&& x, Y&& y) const {
        return ufunc<ops::where, 3>{}(detail::truth_of(std::forward<Condition>(condition)), std::forward<X>(x), std::forward<Y>(y));
    }
    template <class Condition, class X, class Y, class T>
    view<T> operator()(Condition&& condition, X&& x, Y&& y, out_target<T> destination) const {
        return ufunc<ops::where, 3>{}(detail::truth_of(std::forward<Condition>(condition)), std::forward<X>(x), std::forward<Y>(y),
                                      destination);
    }
};
inline constexpr where_function where{};

/// np.round(x, decimals): half to even at the given decimal place (negative: left of the point).
/// `nd::round(distances, 2)`
template <detail::array_operand X> auto round(X&& x, int decimals = 0) {
    return make_expression(ops::round{{}, decimals}, std::forward<X>(x));
}
/// np.round with out=. `nd::round(x, 2, nd::out(y));`
template <detail::array_operand X, class T> view<T> round(X&& x, int decimals, out_target<T> destination) {
    return detail::evaluate_to_output(destination.target, round(std::forward<X>(x), decimals), "round");
}

} // namespace nd
