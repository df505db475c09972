#pragma once
// Lazy elementwise nodes, and the C++ operators that build them. `a * b + c` builds a node
// holding its operands (views of arrays, scalars, or other nodes, all by value, so a node never
// dangles) together with the broadcast shape and NumPy's result type, both computed here when
// the node is built. Nothing is computed until eval/ evaluates the node.

#include <algorithm>
#include <cstddef>
#include <limits>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "nd/core/array.hpp"
#include "nd/core/convert.hpp"
#include "nd/core/fwd.hpp"
#include "nd/core/layout.hpp"
#include "nd/core/view.hpp"
#include "nd/expr/arithmetic.hpp"
#include "nd/expr/logic.hpp"
#include "nd/expr/operation.hpp"
#include "nd/expr/promotion.hpp"

namespace nd {

namespace detail {

/// An array operand: a read-only view, which shares (and keeps alive) the array's buffer.
template <class T> struct array_leaf {
    using value_type = T;
    /// Views `source` where the leaf lives: a view made first and then moved into a node would
    /// be read back right after its fields were stored, which stalls store forwarding.
    template <array_like A>
        requires std::same_as<typename std::remove_cvref_t<A>::value_type, T>
    explicit array_leaf(A&& source) : elements(std::forward<A>(source)) {}

    view<const T> elements;
    const dim_vector& shape() const noexcept { return elements.shape(); }
    std::ptrdiff_t ndim() const noexcept { return elements.ndim(); }
    std::ptrdiff_t size() const noexcept { return elements.size(); }
};

/// A scalar operand of the type NEP 50 gives it next to the arrays (value_type). Its value is
/// stored in that type, or in the operation's float compute type (Stored) when it is an integer
/// the array type may not hold: int8 array / 1000 divides by 1000.0, as NumPy.
template <class T, class Stored = T> struct scalar_leaf {
    using value_type = T;
    Stored value;
    static const dim_vector& shape() noexcept {
        static const dim_vector none;
        return none;
    }
};

template <class T> struct is_scalar_leaf : std::false_type {};
template <class T, class Stored> struct is_scalar_leaf<scalar_leaf<T, Stored>> : std::true_type {};

/// Merges `count` shapes of which some differ into their broadcast shape in `result`; false
/// when they do not broadcast together.
[[gnu::noinline]] inline bool merge_shapes(const dim_vector* const* shapes, std::size_t count, dim_vector& result) {
    std::size_t rank = 0;
    for (std::size_t k = 0; k < count; ++k) rank = std::max(rank, shapes[k]->size());
    result.assign(rank, 1);
    bool fits = true;
    // Axis by axis, each extent merged in a register and stored once: reading back entries
    // just filled by one wide store stalls (the store cannot be forwarded to narrow loads).
    for (std::size_t axis = 0; axis < rank; ++axis) {
        std::ptrdiff_t merged = 1;
        for (std::size_t k = 0; k < count; ++k) {
            const dim_vector& shape = *shapes[k];
            if (axis + shape.size() < rank) continue; // shape has no such axis: broadcast
            const std::ptrdiff_t next = shape[axis + shape.size() - rank];
            if (merged == 1) merged = next;
            else if (next != 1 && next != merged) fits = false;
        }
        result[axis] = merged;
    }
    return fits;
}

/// Broadcasts `count` (at least one) shapes into `result`; false when they do not broadcast
/// together. `same` tells whether they were all equal: the common case, kept inline and done
/// without the merge.
[[gnu::always_inline]] inline bool broadcast_shapes(const dim_vector* const* shapes, std::size_t count, dim_vector& result, bool& same) {
    const dim_vector& first = *shapes[0];
    same = true;
    for (std::size_t k = 1; k < count; ++k) same = same && *shapes[k] == first;
    if (same) {
        result = first;
        return true;
    }
    return merge_shapes(shapes, count, result);
}

/// NumPy's error for operands that do not broadcast, listing all their shapes.
template <class... Shapes> [[noreturn, gnu::cold]] void throw_not_broadcastable(const Shapes&... shapes) {
    std::string listed;
    ((listed += (listed.empty() ? "" : " ") + to_string(shapes)), ...);
    throw shape_error("operands could not be broadcast together with shapes " + listed);
}

} // namespace detail

/// A lazy elementwise operation `Op` over its operands. Build it with operators and ufuncs;
/// read its shape and value_type; evaluate it by assigning it or with nd::eval.
/// `auto e = nd::sqrt(a) * 2.0f + 1.0f;  // nothing computed yet`
template <class Op, class... Operands> class expression_node : public detail::expression_tag {
public:
    using compute_type = typename Op::template compute<typename Operands::value_type...>;
    using value_type = typename Op::template result<typename Operands::value_type...>;

    /// Each operand is built in place from its source: an array or view (made into a leaf
    /// here), or a leaf or node already made.
    template <class... Sources>
        requires(sizeof...(Sources) == sizeof...(Operands))
    expression_node(Op op, Sources&&... sources) : op_(op), operands_(std::forward<Sources>(sources)...) {
        // Scalars have shape () and never change the broadcast shape, so only array operands
        // take part; the error still lists every operand's shape, as NumPy's does.
        std::apply(
            [this](const auto&... o) {
                const dim_vector* shapes[sizeof...(Operands)];
                std::size_t count = 0;
                auto gather = [&](const auto& operand) {
                    if constexpr (!detail::is_scalar_leaf<std::remove_cvref_t<decltype(operand)>>::value) shapes[count++] = &operand.shape();
                };
                (gather(o), ...);
                bool same = true;
                if (count > 0 && !detail::broadcast_shapes(shapes, count, shape_, same)) detail::throw_not_broadcastable(o.shape()...);
                operands_share_shape_ = same && (shares_shape(o) && ...);
            },
            operands_);
    }

    /// The broadcast shape of the operands. `(a + b).shape()`
    const dim_vector& shape() const noexcept { return shape_; }
    std::ptrdiff_t ndim() const noexcept { return static_cast<std::ptrdiff_t>(shape_.size()); }
    std::ptrdiff_t size() const noexcept { return detail::size_of(shape_); }
    const Op& operation() const noexcept { return op_; }
    const std::tuple<Operands...>& operands() const noexcept { return operands_; }
    /// Whether every array operand, at every level, has this node's shape: nothing broadcasts
    /// (scalars aside), so a contiguous evaluation can run over all elements in one line.
    bool operands_share_shape() const noexcept { return operands_share_shape_; }

private:
    template <class O> static bool shares_shape(const O& operand) noexcept {
        if constexpr (requires { operand.operands_share_shape(); }) return operand.operands_share_shape();
        else return true;
    }

    [[no_unique_address]] Op op_;
    std::tuple<Operands...> operands_;
    dim_vector shape_;
    bool operands_share_shape_ = false;
};

namespace detail {

template <class T> struct is_expression_node : std::false_type {};
template <class Op, class... O> struct is_expression_node<expression_node<Op, O...>> : std::true_type {};

/// What may stand in an elementwise operation: arrays, views, expressions and C++ scalars.
template <class T>
concept operand = (array_like<T> && numeric<typename std::remove_cvref_t<T>::value_type>) || expression<T> || numeric<std::remove_cvref_t<T>>;
template <class T>
concept array_operand = array_like<T> || expression<T>;

template <class T> struct value_type_of {
    using type = std::remove_cvref_t<T>;
};
template <class T>
    requires(array_like<T> || expression<T>)
struct value_type_of<T> {
    using type = typename std::remove_cvref_t<T>::value_type;
};

/// The element type of the array-like operands together (scalars do not count: they are weak).
template <class... Args> struct array_type_of;
template <> struct array_type_of<> {
    using type = void;
};
template <class A, class B> struct promote_known {
    using type = promote_t<A, B>;
};
template <class A> struct promote_known<A, void> {
    using type = A;
};
template <class B> struct promote_known<void, B> {
    using type = B;
};
template <> struct promote_known<void, void> {
    using type = void;
};
template <class First, class... Rest> struct array_type_of<First, Rest...> {
    using first = std::conditional_t<array_operand<First>, typename value_type_of<First>::type, void>;
    using type = typename promote_known<first, typename array_type_of<Rest...>::type>::type;
};

/// The element type an argument has in a node: its own for arrays and expressions, NEP 50's
/// for scalars next to `ArrayType`.
template <class ArrayType, class X> struct operand_value {
    using type = weak_result_t<ArrayType, std::remove_cvref_t<X>>;
};
template <class ArrayType, class X>
    requires array_operand<X>
struct operand_value<ArrayType, X> {
    using type = typename value_type_of<X>::type;
};

/// Whether the integer `value` is a value of the integer type To.
template <class To, class From> constexpr bool integer_fits(From value) {
    if constexpr (std::is_signed_v<From>) {
        if (value < 0) return std::is_signed_v<To> && static_cast<long long>(value) >= static_cast<long long>(std::numeric_limits<To>::min());
    }
    return static_cast<unsigned long long>(value) <= static_cast<unsigned long long>(std::numeric_limits<To>::max());
}

/// Turns one argument into a node operand; scalars take the type NEP 50 gives them next to
/// `ArrayType`. An integer scalar outside an integer array's type is an error when the
/// operation computes in integers (NumPy: "Python integer 1000 out of bounds for int8") and
/// keeps its value when it computes in floats (`Compute`).
template <class ArrayType, class Compute, class X> auto make_operand(X&& x) {
    using plain = std::remove_cvref_t<X>;
    if constexpr (expression<plain>) return plain(std::forward<X>(x));
    else if constexpr (array_like<plain>) return array_leaf<typename plain::value_type>(std::forward<X>(x));
    else {
        using weak = weak_result_t<ArrayType, plain>;
        if constexpr (integer<plain> && integer<weak> && !(integer<Compute> || std::is_same_v<Compute, bool>)) {
            return scalar_leaf<weak, Compute>{convert<Compute>(x)};
        } else {
            if constexpr (integer<plain> && integer<weak>)
                if (!integer_fits<weak>(x))
                    throw type_error("integer scalar " + std::to_string(x) + " out of bounds for " + std::string(dtype_of<weak>.name));
            return scalar_leaf<weak>{convert<weak>(x)};
        }
    }
}

/// What a node builds an operand from: arrays and views themselves (the node's leaf views them
/// in place), anything else made into its operand here.
template <class ArrayType, class Compute, class X> decltype(auto) operand_source(X&& x) {
    if constexpr (array_like<std::remove_cvref_t<X>>) return std::forward<X>(x);
    else return make_operand<ArrayType, Compute>(std::forward<X>(x));
}

} // namespace detail

/// Builds the node for `op` over any mix of arrays, views, expressions and scalars (at least
/// one of them array-like); throws nd::shape_error when they do not broadcast.
/// `auto e = nd::make_expression(nd::ops::add{}, a, 1);`
template <class Op, class... Args>
    requires(detail::operand<Args> && ...) && (detail::array_operand<Args> || ...)
auto make_expression(Op op, Args&&... args) {
    using array_type = typename detail::array_type_of<Args...>::type;
    static_assert(elementwise_operation<Op, typename detail::operand_value<array_type, Args>::type...>,
                  "not an elementwise operation on these element types (see nd::elementwise_operation in nd/expr/operation.hpp)");
    using compute = typename Op::template compute<typename detail::operand_value<array_type, Args>::type...>;
    return expression_node<Op, decltype(detail::make_operand<array_type, compute>(std::forward<Args>(args)))...>(
        op, detail::operand_source<array_type, compute>(std::forward<Args>(args))...);
}

// The C++ operators: each builds the same lazy node as the ufunc it stands for.

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
// clang-format on

} // namespace nd
