#pragma once
// The cursors through which the evaluation loops read an expression: one per array operand
// (its slot's pointer and stride), per scalar and per operation node, built from the
// expression tree with the table of the array operands' pointers, shapes and strides. They
// read elements one at a time, as whole-width SIMD batches (with the layout of each operand
// along the run known when compiling or not) and as half-width batches.

#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include "nd/core/array.hpp"
#include "nd/core/convert.hpp"
#include "nd/core/simd.hpp"
#include "nd/core/simd_narrow.hpp"
#include "nd/eval/strided_loop.hpp"
#include "nd/expr/expression.hpp"

namespace nd::detail {

/// Number of array operands (leaves that read memory) in an expression.
template <class E> struct leaf_count : std::integral_constant<std::size_t, 0> {};
template <class T> struct leaf_count<array_leaf<T>> : std::integral_constant<std::size_t, 1> {};
template <class Op, class... O>
struct leaf_count<expression_node<Op, O...>> : std::integral_constant<std::size_t, (0 + ... + leaf_count<O>::value)> {};

/// How the array operands of a run are read, known when compiling: bit k set when the operand
/// in slot k is broadcast along the run (stride 0), clear when it is contiguous; any_layout
/// when that is only known at run time (every read then tests its operand's stride).
inline constexpr int any_layout = -1;
/// What layout_bits gives for an operand read some other way (every second element): no
/// pattern has this bit, so such runs take the any_layout loop.
inline constexpr unsigned unpatterned_read = 1U << 31;

/// Reads one array operand during a run: its pointer and stride come from the run's slot. The
/// slot is a constant, so that the loops can keep every operand's pointer in a register.
template <class T, std::size_t Slot> struct leaf_cursor {
    using value_type = T;
    static constexpr bool batchable = simd::has_batch<T>;
    static constexpr std::size_t slot = Slot;
    const std::byte* pointer = nullptr;
    std::ptrdiff_t stride = 0;
    T splatted{};

    template <std::size_t N> void bind(const inner_run<N>& run) {
        pointer = run.pointers[slot];
        stride = run.strides[slot];
        if (stride == 0) splatted = *reinterpret_cast<const T*>(pointer);
    }
    // Every second element (a[::2]) also loads as batches where the hardware permutes cheaply.
    static constexpr bool may_pair = simd::enabled && simd::has_every_second<T>;
    bool every_second() const noexcept { return may_pair && stride == 2 * static_cast<std::ptrdiff_t>(sizeof(T)); }
    bool simd_ready() const noexcept { return stride == 0 || stride == static_cast<std::ptrdiff_t>(sizeof(T)) || every_second(); }
    bool contiguous() const noexcept { return stride == static_cast<std::ptrdiff_t>(sizeof(T)); }
    T scalar(std::ptrdiff_t i) const { return *reinterpret_cast<const T*>(pointer + i * stride); }
    // Element i of a run known to be contiguous: a plain indexed load the compiler can vectorize.
    T dense_scalar(std::ptrdiff_t i) const { return reinterpret_cast<const T*>(pointer)[i]; }
    // How this operand is read along the run, as its bits of a layout pattern (see any_layout).
    unsigned layout_bits() const noexcept {
        static_assert(Slot < 31, "a layout pattern has one bit per operand");
        if (stride == 0) return 1U << Slot;
        return stride == static_cast<std::ptrdiff_t>(sizeof(T)) ? 0 : unpatterned_read;
    }
    // Dense: every array operand is known contiguous, so no operand needs the broadcast test.
    template <bool Dense = false> auto batch(std::ptrdiff_t i) const { return batch_as<Dense ? 0 : any_layout>(i); }
    // With a layout pattern the kind of read is known when compiling, so the loop holds no tests.
    // Interior: later elements of the run are read too, so a read may run past this batch's.
    template <int Pattern, bool Interior = false> auto batch_as(std::ptrdiff_t i) const {
        if constexpr (Pattern == any_layout) {
            if (stride == 0) return simd::splat(splatted);
            if constexpr (may_pair)
                if (every_second()) return simd::load_every_second<Interior>(reinterpret_cast<const T*>(pointer) + 2 * i);
        } else if constexpr (((Pattern >> Slot) & 1) != 0) {
            return simd::splat(splatted);
        }
        return simd::load(reinterpret_cast<const T*>(pointer) + i);
    }
    // A half-width batch (simd::narrow_batch), for patterns of contiguous and broadcast reads.
    template <int Pattern> auto narrow_batch_as(std::ptrdiff_t i) const {
        if constexpr (((Pattern >> Slot) & 1) != 0) return simd::splat_narrow(splatted);
        else return simd::load_narrow(reinterpret_cast<const T*>(pointer) + i);
    }
    // The last, partial batch with the layout pattern known when compiling: a contiguous
    // operand's is one masked load, small enough to inline (the general one is not, at least
    // in GCC 12, and a call costs a sixth of a 4-element evaluation).
    template <int Pattern> auto partial_batch_as(std::ptrdiff_t i, std::ptrdiff_t count) const {
        if constexpr (Pattern == any_layout) return partial_batch(i, count);
        else if constexpr (((Pattern >> Slot) & 1) != 0) return simd::splat(splatted);
        else return simd::load_partial(reinterpret_cast<const T*>(pointer) + i, count);
    }
    // The last, partial batch: the remaining elements, zero in the other lanes.
    auto partial_batch(std::ptrdiff_t i, std::ptrdiff_t count) const {
        if (stride == 0) return simd::splat(splatted);
        if (every_second()) {
            alignas(64) T lanes[simd::width<T>] = {};
            for (std::ptrdiff_t k = 0; k < count; ++k) lanes[k] = scalar(i + k);
            return simd::load(lanes);
        }
        return simd::load_partial(reinterpret_cast<const T*>(pointer) + i, count);
    }
};

/// Reads a scalar operand: its value_type T decides the node's types; Stored is the type its
/// value is kept in (see scalar_leaf), which the parent node converts to its compute type.
template <class T, class Stored = T> struct scalar_cursor {
    using value_type = T;
    static constexpr bool batchable = simd::has_batch<T> && std::is_same_v<T, Stored>;
    Stored value;
    template <std::size_t N> void bind(const inner_run<N>&) {}
    template <int Pattern> auto partial_batch_as(std::ptrdiff_t, std::ptrdiff_t) const { return simd::splat(value); }
    static bool simd_ready() noexcept { return true; }
    static bool contiguous() noexcept { return true; }
    Stored scalar(std::ptrdiff_t) const { return value; }
    Stored dense_scalar(std::ptrdiff_t) const { return value; }
    static unsigned layout_bits() noexcept { return 0; }
    template <bool Dense = false> auto batch(std::ptrdiff_t) const { return simd::splat(value); }
    template <int Pattern, bool Interior = false> auto batch_as(std::ptrdiff_t) const { return simd::splat(value); }
    template <int Pattern> auto narrow_batch_as(std::ptrdiff_t) const { return simd::splat_narrow(value); }
    auto partial_batch(std::ptrdiff_t, std::ptrdiff_t) const { return simd::splat(value); }
};

/// Evaluates one node: converts its operands' values to the compute type and applies the op.
template <class Op, class Compute, class Value, class... Children> struct node_cursor {
    using value_type = Value;
    // SIMD only when no conversion happens anywhere: every child already has the compute type
    // and the node's value is that type too.
    static constexpr bool batchable = simd::enabled && std::is_same_v<Compute, Value> && Op::template batchable<Compute> &&
                                      ((Children::batchable && std::is_same_v<typename Children::value_type, Compute>) && ...);
    [[no_unique_address]] Op op;
    std::tuple<Children...> children;

    template <std::size_t N> void bind(const inner_run<N>& run) {
        std::apply([&](auto&... c) { (c.bind(run), ...); }, children);
    }
    bool simd_ready() const noexcept {
        return std::apply([](const auto&... c) { return (c.simd_ready() && ...); }, children);
    }
    bool contiguous() const noexcept {
        return std::apply([](const auto&... c) { return (c.contiguous() && ...); }, children);
    }
    Value scalar(std::ptrdiff_t i) const {
        return std::apply([&](const auto&... c) { return static_cast<Value>(op.apply(convert<Compute>(c.scalar(i))...)); }, children);
    }
    Value dense_scalar(std::ptrdiff_t i) const {
        return std::apply([&](const auto&... c) { return static_cast<Value>(op.apply(convert<Compute>(c.dense_scalar(i))...)); }, children);
    }
    unsigned layout_bits() const noexcept {
        return std::apply([](const auto&... c) { return (0U | ... | c.layout_bits()); }, children);
    }
    template <bool Dense = false> auto batch(std::ptrdiff_t i) const { return batch_as<Dense ? 0 : any_layout>(i); }
    template <int Pattern, bool Interior = false> auto batch_as(std::ptrdiff_t i) const {
        return std::apply([&](const auto&... c) { return op.apply_batch(c.template batch_as<Pattern, Interior>(i)...); }, children);
    }
    template <int Pattern> auto narrow_batch_as(std::ptrdiff_t i) const {
        return std::apply([&](const auto&... c) { return op.apply_batch(c.template narrow_batch_as<Pattern>(i)...); }, children);
    }
    auto partial_batch(std::ptrdiff_t i, std::ptrdiff_t count) const {
        return std::apply([&](const auto&... c) { return op.apply_batch(c.partial_batch(i, count)...); }, children);
    }
    template <int Pattern> auto partial_batch_as(std::ptrdiff_t i, std::ptrdiff_t count) const {
        return std::apply([&](const auto&... c) { return op.apply_batch(c.template partial_batch_as<Pattern>(i, count)...); }, children);
    }
};

/// The array operands of an expression as the loop sees them: slot 0 is the destination.
template <std::size_t N> struct operand_table {
    std::array<std::byte*, N> pointers;
    std::array<const dim_vector*, N> shapes;
    std::array<const dim_vector*, N> strides;
    std::array<std::ptrdiff_t, N> itemsizes;
    std::array<const buffer_ref*, N> buffers;
};

/// How many array operands the operands before the I-th have.
template <std::size_t I, class... Operands> constexpr std::size_t leaves_before() {
    constexpr std::size_t counts[] = {leaf_count<Operands>::value..., 0};
    std::size_t total = 0;
    for (std::size_t k = 0; k < I; ++k) total += counts[k];
    return total;
}

/// Builds the cursor tree of an expression, numbering its array operands depth first from
/// slot First on, and fills their table entries.
template <std::size_t First, std::size_t N, class T> leaf_cursor<T, First> make_cursor(const array_leaf<T>& leaf, operand_table<N>& table) {
    static_assert(First < N, "more array operands than table slots");
    table.pointers[First] = const_cast<std::byte*>(reinterpret_cast<const std::byte*>(leaf.elements.data()));
    table.shapes[First] = &leaf.elements.shape();
    table.strides[First] = &leaf.elements.strides();
    table.itemsizes[First] = static_cast<std::ptrdiff_t>(sizeof(T));
    table.buffers[First] = &leaf.elements.buffer();
    return {};
}
template <std::size_t First, std::size_t N, class T, class Stored>
scalar_cursor<T, Stored> make_cursor(const scalar_leaf<T, Stored>& leaf, operand_table<N>&) {
    return {leaf.value};
}
template <std::size_t First, std::size_t N, class Op, class... O> auto make_cursor(const expression_node<Op, O...>& node, operand_table<N>& table) {
    using node_type = expression_node<Op, O...>;
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
        return node_cursor<Op, typename node_type::compute_type, typename node_type::value_type,
                           decltype(make_cursor<First + leaves_before<I, O...>()>(std::get<I>(node.operands()), table))...>{
            node.operation(), {make_cursor<First + leaves_before<I, O...>()>(std::get<I>(node.operands()), table)...}};
    }(std::index_sequence_for<O...>{});
}

} // namespace nd::detail
