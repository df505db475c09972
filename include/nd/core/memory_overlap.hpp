#pragma once
// Do two strided operands touch a common byte? This is the question behind
// `nd::may_share_memory` (address bounds only, like np.may_share_memory) and
// `nd::shares_memory` (exact, like np.shares_memory with max_work=None).
//
// It is kept apart from the array classes so that anything that can describe its memory as
// (first element, itemsize, shape, byte strides) can ask it.
//
// ## How the exact answer is found
// A byte at address p belongs to operand A iff p = lowA + sum |sA_i| y_i + k with
// 0 <= y_i <= nA_i - 1 and 0 <= k < itemsizeA, where lowA is A's lowest address (flipping a
// negative-stride axis, y -> n - 1 - y, makes every coefficient positive). Writing B the same
// way but counted down from its highest byte, a common byte exists iff
//
//     sum |sA_i| y_i + sum |sB_j| z_j + k = highB - 1 - lowA,   every variable bounded,
//
// where k merges both in-element byte offsets (a coefficient-1 variable). Zero strides and
// axes of length 1 contribute nothing and are dropped. Deciding such a bounded linear
// Diophantine equation is NP-hard in general, but prefix GCDs prune it well: the terms are
// sorted by decreasing coefficient and the smallest-coefficient variable is enumerated first,
// keeping only values that leave a remainder the other terms can still reach (divisible by
// their GCD, within their total reach). For operands obtained by slicing one buffer this
// leaves at most a handful of candidates per level. Same approach as NumPy's mem_overlap.c
// (P. Ramachandran, "Use of Extended Euclidean Algorithm in Solving a System of Linear
// Diophantine Equations with Bounded Variables", 2006), written independently here.

#include "nd/core/macros.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <array>

namespace nd::detail {

/// One operand's memory footprint: where its first element (all indices 0) starts, how many
/// bytes an element spans, and its shape and byte strides (strides may be negative or zero).
/// `shape` and `byte_strides` have one entry per axis; rank 0 means a single element.
struct memory_extent {
    const std::byte* first;
    std::ptrdiff_t itemsize;
    std::span<const std::ptrdiff_t> shape;
    std::span<const std::ptrdiff_t> byte_strides;
};

namespace overlap_impl {

// All solver arithmetic is 128-bit: strides times lengths and the GCD bookkeeping would
// otherwise need an overflow check at every step. `__extension__` keeps -Wpedantic quiet.
__extension__ typedef __int128 wide;

/// Offsets, relative to `first`, of the bytes an operand touches: [lo, hi).
struct reach {
    wide lo = 0;
    wide hi = 0;
    bool empty = true;
    bool valid = true;
};

/// Where an operand reaches. Elements of itemsize 0 touch no byte, so they count as empty.
inline reach reach_of(const memory_extent& e) noexcept {
    ND_ASSERT(e.shape.size() == e.byte_strides.size());
    reach r;
    if (e.itemsize <= 0) return r;
    // 64-bit sums with overflow checks: this runs on every evaluation into an existing array.
    // A descriptor reaching past 2^63 bytes is corrupt; it is marked invalid, and both
    // predicates then answer "overlap" to be safe.
    std::ptrdiff_t lo = 0, hi = 0;
    bool overflow = false;
    for (std::size_t i = 0; i < e.shape.size(); ++i) {
        const std::ptrdiff_t n = e.shape[i];
        if (n <= 0) return r; // empty wins over an overflow on an earlier axis
        std::ptrdiff_t step = 0;
        overflow |= __builtin_mul_overflow(e.byte_strides[i], n - 1, &step);
        const std::ptrdiff_t down = step < 0 ? step : 0;
        overflow |= __builtin_add_overflow(lo, down, &lo);
        overflow |= __builtin_add_overflow(hi, step - down, &hi);
    }
    r.empty = false;
    overflow |= __builtin_add_overflow(hi, e.itemsize, &hi);
    r.valid = !overflow;
    r.lo = lo;
    r.hi = hi;
    return r;
}

/// Integer address of a pointer; comparing these is well defined across allocations, which
/// comparing unrelated pointers with `<` is not.
inline wide address_of(const std::byte* p) noexcept {
    return static_cast<wide>(reinterpret_cast<std::uintptr_t>(p));
}

/// Absolute address range [lo, hi) of an operand.
inline reach absolute_reach(const memory_extent& e) noexcept {
    reach r = reach_of(e);
    const wide base = address_of(e.first);
    r.lo += base;
    r.hi += base;
    return r;
}

inline wide gcd(wide x, wide y) noexcept {
    while (y != 0) {
        const wide t = x % y;
        x = y;
        y = t;
    }
    return x;
}

/// Inverse of `u` modulo `m` (needs gcd(u, m) == 1 and m > 1), by extended Euclid:
/// the loop keeps s * u == r (mod m) for both rows until r reaches the GCD, 1.
inline wide inverse_mod(wide u, wide m) noexcept {
    wide r0 = m, r1 = u % m, s0 = 0, s1 = 1;
    while (r1 != 0) {
        const wide q = r0 / r1;
        r0 = std::exchange(r1, r0 - q * r1);
        s0 = std::exchange(s1, s0 - q * s1);
    }
    return (s0 % m + m) % m;
}

inline wide floor_div(wide n, wide d) noexcept {  // d > 0
    const wide q = n / d;
    return (n % d != 0 && n < 0) ? q - 1 : q;
}

inline wide ceil_div(wide n, wide d) noexcept {  // d > 0
    const wide q = n / d;
    return (n % d != 0 && n > 0) ? q + 1 : q;
}

/// One variable of the equation: contributes coef * x with 0 <= x <= count, coef > 0.
struct term {
    wide coef;
    wide count;
};

/// A fixed-capacity list: two operands of rank <= 32 plus the itemsize term. Being on the
/// stack keeps the overlap check, which runs on every evaluation, free of allocations.
template <class T> struct small_list {
    static constexpr std::size_t capacity = 2 * 32 + 1;
    std::array<T, capacity> items{};
    std::size_t count = 0;
    void push_back(const T& value) noexcept { items[count++] = value; }
    T* begin() noexcept { return items.data(); }
    T* end() noexcept { return items.data() + count; }
    const T* begin() const noexcept { return items.data(); }
    const T* end() const noexcept { return items.data() + count; }
    std::size_t size() const noexcept { return count; }
    bool empty() const noexcept { return count == 0; }
    T& back() noexcept { return items[count - 1]; }
    void clear() noexcept { count = 0; }
    const T& operator[](std::size_t i) const noexcept { return items[i]; }
};

/// Decides whether sum(coef_i * x_i) == rhs has a solution within the bounds.
class bounded_equation {
  public:
    bounded_equation(const small_list<term>& terms, wide rhs) : terms_(terms), rhs_(rhs) {
        // Equal coefficients act as one variable with the summed bound, and no variable can
        // usefully exceed rhs / coef; both shrink the search without changing the answer.
        std::sort(terms_.begin(), terms_.end(), [](const term& a, const term& b) { return a.coef > b.coef; });
        small_list<term> merged;
        for (const term& t : terms_) {
            if (!merged.empty() && merged.back().coef == t.coef)
                merged.back().count += t.count;
            else
                merged.push_back(t);
        }
        terms_.clear();
        for (term t : merged) {
            t.count = std::min(t.count, rhs_ / t.coef);
            if (t.count > 0) terms_.push_back(t);
        }
        wide g = 0, total = 0;
        for (const term& t : terms_) {
            g = gcd(g, t.coef);
            total += t.coef * t.count;  // each product <= rhs after the trim above
            prefix_gcd_.push_back(g);
            prefix_reach_.push_back(total);
        }
    }

    bool solvable() const noexcept {
        if (rhs_ < 0) return false;
        if (terms_.empty()) return rhs_ == 0;
        return search(terms_.size() - 1, rhs_);
    }

  private:
    /// Can terms 0..v sum to exactly `rhs`?
    bool search(std::size_t v, wide rhs) const noexcept {
        if (rhs < 0 || rhs > prefix_reach_[v] || rhs % prefix_gcd_[v] != 0) return false;
        if (v == 0) return true;  // divisible by coef_0 and at most coef_0 * count_0
        const term& t = terms_[v];
        const wide g_all = prefix_gcd_[v];
        // The remainder rhs - coef * x must be a multiple of the lower terms' GCD, which pins x
        // to one residue class modulo `period`.
        const wide period = prefix_gcd_[v - 1] / g_all;
        const wide residue =
            period == 1 ? 0 : (rhs / g_all) % period * inverse_mod((t.coef / g_all) % period, period) % period;
        // ...and must also lie within what the lower terms can reach.
        const wide lo = std::max<wide>(0, ceil_div(rhs - prefix_reach_[v - 1], t.coef));
        const wide hi = std::min(t.count, floor_div(rhs, t.coef));
        wide x = lo + ((residue - lo) % period + period) % period;
        // With one lower term left, any such candidate is already a full solution.
        if (v == 1) return x <= hi;
        for (; x <= hi; x += period)
            if (search(v - 1, rhs - t.coef * x)) return true;
        return false;
    }

    small_list<term> terms_;
    wide rhs_;
    small_list<wide> prefix_gcd_;    // gcd(coef_0, ..., coef_i)
    small_list<wide> prefix_reach_;  // coef_0 * count_0 + ... + coef_i * count_i
};

/// Appends an operand's axes as equation terms; flat axes touch only one address.
inline void append_terms(const memory_extent& e, small_list<term>& out) {
    for (std::size_t i = 0; i < e.shape.size(); ++i) {
        const wide s = e.byte_strides[i];
        if (e.shape[i] > 1 && s != 0) out.push_back({s < 0 ? -s : s, wide{e.shape[i]} - 1});
    }
}

}  // namespace overlap_impl

/// [lowest byte, one past highest byte) touched by the operand; empty operands (a zero-length
/// axis or itemsize 0) touch nothing and get the empty range {first, first}.
inline std::pair<const std::byte*, const std::byte*> byte_bounds(const memory_extent& e) noexcept {
    const overlap_impl::reach r = overlap_impl::reach_of(e);
    if (r.empty) return {e.first, e.first};
    return {e.first + static_cast<std::ptrdiff_t>(r.lo), e.first + static_cast<std::ptrdiff_t>(r.hi)};
}

/// Whether the byte ranges of two operands intersect (np.may_share_memory): cheap, and exact
/// for contiguous operands, but interleaved operands such as `a[0::2]` and `a[1::2]` say yes.
inline bool bounds_overlap(const memory_extent& a, const memory_extent& b) noexcept {
    const overlap_impl::reach ra = overlap_impl::absolute_reach(a);
    const overlap_impl::reach rb = overlap_impl::absolute_reach(b);
    if (ra.empty || rb.empty) return false;
    if (!ra.valid || !rb.valid) return true;
    return ra.lo < rb.hi && rb.lo < ra.hi;
}

/// Whether some byte is touched by both operands (np.shares_memory with max_work=None):
/// `a[0::2]` and `a[1::2]` do not share memory, `a[::2]` and `a[2::4]` do.
/// Worst-case time grows exponentially with the rank, but views of one buffer are fast.
inline bool extents_overlap(const memory_extent& a, const memory_extent& b) {
    using namespace overlap_impl;
    const reach ra = absolute_reach(a);
    const reach rb = absolute_reach(b);
    if (ra.empty || rb.empty) return false;
    if (!ra.valid || !rb.valid) return true;
    if (!(ra.lo < rb.hi && rb.lo < ra.hi)) return false;  // disjoint ranges: the common case
    if (a.first == b.first) return true;                  // both first elements coincide

    // Counting A up from its lowest byte and B down from its highest gives one equation; the
    // mirrored pairing gives another with the same answer. Take the smaller right-hand side,
    // since it caps the variables tighter. Both are >= 0 because the ranges intersect.
    const wide rhs = std::min(rb.hi - 1 - ra.lo, ra.hi - 1 - rb.lo);
    small_list<term> terms;
    append_terms(a, terms);
    append_terms(b, terms);
    const wide in_element = wide{a.itemsize} - 1 + (wide{b.itemsize} - 1);
    if (in_element > 0) terms.push_back({1, in_element});
    return bounded_equation(terms, rhs).solvable();
}

/// The memory an array or view touches, for the overlap checks.
template <class A> memory_extent extent_of(const A& a) {
    return {reinterpret_cast<const std::byte*>(a.data()), a.itemsize(), {a.shape().data(), a.shape().size()},
            {a.strides().data(), a.strides().size()}};
}

}  // namespace nd::detail
