#pragma once
// The loops of sorting and searching. Every sort here is stable, so nd's sort and argsort give
// NumPy's kind='stable' results whatever kind is asked for. Numbers and bools sort by an LSD radix
// sort on an unsigned key that orders as NumPy does (NaN last, -0.0 with +0.0), one pass per key
// byte that is not the same in every key; complex numbers and text sort by comparison.

#include <algorithm>
#include <array>
#include <bit>
#include <functional>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <type_traits>
#include <vector>

#include "nd/core/array.hpp"
#include "nd/core/buffer.hpp"
#include "nd/core/dtype.hpp"
#include "nd/core/simd.hpp"
#include "nd/eval/strided_loop.hpp"

namespace nd::detail {

template <class T> bool is_nan_value(const T& x) {
    if constexpr (std::is_floating_point_v<T>) return x != x;
    else if constexpr (complex_number<T>) return x.real() != x.real() || x.imag() != x.imag();
    else return false;
}

/// NumPy's sort order as a less-than: NaN after every number (complex: real parts first, then
/// imaginary ones, each with NaN last), -0.0 equal to +0.0, text by unsigned characters.
template <class T> bool numpy_less(const T& a, const T& b) {
    if constexpr (std::is_floating_point_v<T>) {
        return a < b || (b != b && a == a);
    } else if constexpr (complex_number<T>) {
        const auto ar = a.real(), ai = a.imag(), br = b.real(), bi = b.imag();
        if (ar < br) return ai == ai || bi != bi;
        if (ar > br) return bi != bi && ai == ai;
        if (ar == br || (ar != ar && br != br)) return ai < bi || (bi != bi && ai == ai);
        return br != br;
    } else {
        return a < b;
    }
}

/// The types sorted by radix: bool, integers, float and double.
template <class T>
concept radix_sortable = std::same_as<T, bool> || integer<T> || std::same_as<T, float> || std::same_as<T, double>;

template <class T> using radix_key_t = std::conditional_t<sizeof(T) == 1, std::uint8_t,
                                      std::conditional_t<sizeof(T) == 2, std::uint16_t, std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>>>;

/// An unsigned key whose order is NumPy's order of the values: signed integers with the sign bit
/// flipped; floats sign-magnitude to two's order, every NaN the largest key, -0.0 as +0.0.
template <radix_sortable T> [[gnu::always_inline]] inline radix_key_t<T> radix_key(T x) {
    using K = radix_key_t<T>;
    constexpr K sign = K{1} << (8 * sizeof(T) - 1);
    if constexpr (std::is_floating_point_v<T>) {
        // Without branches: the signs of random data are not predictable.
        const K bits = std::bit_cast<K>(x);
        const K flip = static_cast<K>(static_cast<K>(K{0} - (bits >> (8 * sizeof(T) - 1))) | sign);
        K key = static_cast<K>(bits ^ flip);
        key = x == 0 ? sign : key;
        return x != x ? static_cast<K>(~K{0}) : key;
    } else if constexpr (std::is_signed_v<T>) {
        return static_cast<K>(static_cast<K>(x) ^ sign);
    } else {
        return static_cast<K>(x);
    }
}

/// Scratch memory for the lanes of one sort call, from nd's buffers: large ones get huge pages
/// and the block a previous sort freed, which a fresh allocation would fault in page by page.
template <class T> class sort_scratch {
public:
    T* get(std::ptrdiff_t n) {
        if (n > storage_.size()) storage_ = array<std::uint64_t>(dim_vector{(n * static_cast<std::ptrdiff_t>(sizeof(T)) + 7) / 8}, order::C);
        return reinterpret_cast<T*>(storage_.data());
    }

private:
    array<std::uint64_t> storage_;
};

/// Moves `from[i]` to `to[offsets[bucket]++]` in order, for every i. With SIMD, each bucket
/// gathers its items in a staging copy of the destination's cache line and writes whole lines with
/// streaming stores: uniform keys make the write positions lie n/buckets items apart, all in one
/// cache set, so plain stores evict each other's lines (one pass then cost 13 times a copy).
template <std::size_t Buckets, class In, class Item, class BucketOf, class Convert>
void scatter_by_digit(const In* from, Item* to, std::ptrdiff_t n, std::array<std::ptrdiff_t, Buckets>& offsets, BucketOf bucket_of, Convert convert) {
    constexpr std::size_t line_bytes = 64;
    if constexpr (!simd::enabled || line_bytes % sizeof(Item) != 0 || !std::is_trivially_copyable_v<Item>) {
        for (std::ptrdiff_t i = 0; i < n; ++i) to[offsets[bucket_of(from[i])]++] = convert(from[i]);
    } else {
        constexpr std::ptrdiff_t per_line = line_bytes / sizeof(Item), last_slot = per_line - 1;
        struct alignas(64) line {
            Item items[per_line];
        };
        const auto address = reinterpret_cast<std::uintptr_t>(to);
        if (address % sizeof(Item) != 0) {
            for (std::ptrdiff_t i = 0; i < n; ++i) to[offsets[bucket_of(from[i])]++] = convert(from[i]);
            return;
        }
        sort_scratch<line> staging_memory;
        line* const staging = staging_memory.get(Buckets);
        // Positions count from the cache line `to` starts in, so that slot 0 begins a line.
        const auto shift = static_cast<std::ptrdiff_t>(address % line_bytes / sizeof(Item));
        // A bucket's first line starts where the bucket does, maybe mid-line: that part only is
        // copied, since the line's beginning belongs to the bucket before.
        std::array<std::ptrdiff_t, Buckets> start;
        for (std::size_t b = 0; b < Buckets; ++b) start[b] = offsets[b] + shift;
        for (std::ptrdiff_t i = 0; i < n; ++i) {
            const In read = from[i];
            const unsigned b = bucket_of(read);
            const Item item = convert(read);
            const std::ptrdiff_t position = offsets[b]++ + shift;
            const std::ptrdiff_t slot = position & last_slot;
            staging[b].items[slot] = item;
            if (slot != last_slot) continue;
            const std::ptrdiff_t line_begin = position - last_slot;
            Item* const line_start = to + (line_begin - shift);
            if (line_begin >= start[b]) {
                using word = std::uint32_t;
                constexpr std::ptrdiff_t words = line_bytes / sizeof(word), step = simd::width<word>;
                const word* in = reinterpret_cast<const word*>(&staging[b]);
                word* out = reinterpret_cast<word*>(line_start);
                for (std::ptrdiff_t k = 0; k < words; k += step) simd::store_stream(out + k, simd::load(in + k));
            } else {
                const std::ptrdiff_t first = start[b] & last_slot;
                std::memcpy(static_cast<void*>(line_start + first), &staging[b].items[first], static_cast<std::size_t>(per_line - first) * sizeof(Item));
            }
        }
        simd::stream_fence();
        for (std::size_t b = 0; b < Buckets; ++b) { // the lines still filling
            const std::ptrdiff_t end = offsets[b] + shift, line_begin = std::max(end & ~last_slot, start[b]);
            if (end > line_begin)
                std::memcpy(static_cast<void*>(to + (line_begin - shift)), &staging[b].items[line_begin & last_slot],
                            static_cast<std::size_t>(end - line_begin) * sizeof(Item));
        }
    }
}

/// The digits of a radix sort. Wide ones for long runs: 11 bits for 32-bit keys (3 passes), 13
/// for 64-bit ones (5 passes), whose staging lines (128 and 512 KiB) still fit the level-2 cache;
/// at 16 bits (4 passes) they do not, and a 64-bit sort took 1.6 times as long (16M elements).
/// Bytes for 8- and 16-bit keys and for shorter runs, where the counters' setup would dominate.
template <std::size_t KeyBytes, bool Wide = true> struct radix_digits {
    static constexpr std::size_t bits = KeyBytes <= 2 || !Wide ? 8 : KeyBytes == 4 ? 11 : 13;
    static constexpr std::size_t buckets = std::size_t{1} << bits;
    static constexpr std::size_t count = (8 * KeyBytes + bits - 1) / bits;
    using counts = std::array<std::array<std::ptrdiff_t, buckets>, count>;
    template <class Key> static std::size_t digit(Key key, std::size_t d) { return static_cast<std::size_t>(key >> (bits * d)) & (buckets - 1); }
};

/// Counts of every digit's values, for the passes of a radix sort. Byte digits count in four
/// interleaved sets of counters, summed at the end: keys sharing a digit (the high ones of
/// floats, mostly) would make one counter's increments wait for each other.
template <class digits, class Item, class KeyOf>
typename digits::counts key_digit_counts(const Item* items, std::ptrdiff_t n, KeyOf key_of) {
    // Four sets for byte digits; one for wide ones, whose counters would not fit the caches
    // four times over (13-bit digits of 64-bit keys: 160 KiB a set; the counting pass over 16M
    // doubles took 72 ms with four sets).
    constexpr std::size_t sets = digits::bits > 8 ? 1 : 4;
    using partial_counts = std::array<std::array<std::uint32_t, digits::buckets>, digits::count>;
    const std::unique_ptr<partial_counts[]> partial(new partial_counts[sets]());
    const std::unique_ptr<typename digits::counts> counts(new typename digits::counts());
    for (std::ptrdiff_t begin = 0; begin < n; begin += std::ptrdiff_t{1} << 30) { // uint32 counters never overflow
        const std::ptrdiff_t end = std::min(n, begin + (std::ptrdiff_t{1} << 30));
        std::ptrdiff_t i = begin;
        for (; i + static_cast<std::ptrdiff_t>(sets) <= end; i += sets)
            for (std::size_t s = 0; s < sets; ++s) {
                const auto key = key_of(items[i + static_cast<std::ptrdiff_t>(s)]);
                for (std::size_t d = 0; d < digits::count; ++d) ++partial[s][d][digits::digit(key, d)];
            }
        for (; i < end; ++i) {
            const auto key = key_of(items[i]);
            for (std::size_t d = 0; d < digits::count; ++d) ++partial[0][d][digits::digit(key, d)];
        }
        for (std::size_t s = 0; s < sets; ++s)
            for (std::size_t d = 0; d < digits::count; ++d)
                for (std::size_t v = 0; v < digits::buckets; ++v) {
                    (*counts)[d][v] += partial[s][d][v];
                    partial[s][d][v] = 0;
                }
    }
    return *counts;
}

/// Runs from this length are sorted with wide digits.
inline constexpr std::ptrdiff_t wide_radix_length = 65536;

/// radix_sort_items with the given digits. The passes between the first and the last move
/// `Coded` items: the first pass writes `encode(item)`, the last writes `decode(coded)` (both
/// the identity where Coded is Item); Coded has Item's size, so both buffers hold either.
template <class digits, class Coded = void, class Item, class KeyOf, class Encode = std::identity, class Decode = std::identity>
void radix_sort_with(const Item* source, Item* items, Item* scratch, std::ptrdiff_t n, KeyOf key_of, Encode encode = {}, Decode decode = {}) {
    using coded_type = std::conditional_t<std::is_void_v<Coded>, Item, Coded>;
    static_assert(sizeof(coded_type) == sizeof(Item));
    const std::unique_ptr<typename digits::counts> counts(new typename digits::counts(key_digit_counts<digits>(source, n, key_of)));
    std::array<std::size_t, digits::count> passes;
    std::size_t pass_count = 0;
    for (std::size_t d = 0; d < digits::count; ++d)
        if ((*counts)[d][digits::digit(key_of(source[0]), d)] != n) passes[pass_count++] = d; // else every key has this digit
    if (pass_count == 0) {
        if (source != items) std::memcpy(static_cast<void*>(items), source, static_cast<std::size_t>(n) * sizeof(Item));
        return;
    }
    // Alternate between the buffers so that the last pass writes `items`; a source that is
    // `items` itself cannot be written by the first pass, which then costs one copy.
    Item* to = pass_count % 2 == 1 ? items : scratch;
    if (to == source) {
        std::memcpy(static_cast<void*>(scratch), source, static_cast<std::size_t>(n) * sizeof(Item));
        source = scratch;
        to = items;
    }
    const auto offsets_of = [&](std::size_t d) -> std::array<std::ptrdiff_t, digits::buckets>& {
        auto& offsets = (*counts)[d];
        std::ptrdiff_t total = 0;
        for (std::ptrdiff_t& count : offsets) {
            const std::ptrdiff_t c = count;
            count = total;
            total += c;
        }
        return offsets;
    };
    const auto digit_of = [](std::size_t d) { return [d](auto key) { return static_cast<unsigned>(digits::digit(key, d)); }; };
    const auto by = [&](std::size_t d, auto key) { return [d, key, digit_of](const auto& item) { return digit_of(d)(key(item)); }; };
    const auto other = [&](const void* buffer) { return buffer == items ? scratch : items; };
    if (pass_count == 1) return scatter_by_digit(source, to, n, offsets_of(passes[0]), by(passes[0], key_of), std::identity{});
    const auto key_of_coded = [&] {
        if constexpr (std::is_void_v<Coded>) return key_of;
        else return [](const coded_type& c) { return c; }; // a coded item is its key
    }();
    scatter_by_digit(source, reinterpret_cast<coded_type*>(to), n, offsets_of(passes[0]), by(passes[0], key_of), encode);
    for (std::size_t p = 1; p + 1 < pass_count; ++p) {
        const coded_type* from = reinterpret_cast<const coded_type*>(to);
        to = other(to);
        scatter_by_digit(from, reinterpret_cast<coded_type*>(to), n, offsets_of(passes[p]), by(passes[p], key_of_coded), std::identity{});
    }
    const coded_type* from = reinterpret_cast<const coded_type*>(to);
    to = other(to);
    scatter_by_digit(from, to, n, offsets_of(passes[pass_count - 1]), by(passes[pass_count - 1], key_of_coded), decode);
}

/// Stable LSD radix sort by `key_of(item)` (an unsigned integer of KeyBytes bytes) of `source`
/// into `items`, through `scratch` (both n long; `source` may be `items`). One counting pass,
/// then one scatter pass per digit that differs between keys, the first reading `source` and the
/// last writing `items`.
template <std::size_t KeyBytes, class Item, class KeyOf>
void radix_sort_items(const Item* source, Item* items, Item* scratch, std::ptrdiff_t n, KeyOf key_of) {
    if (n < wide_radix_length) return radix_sort_with<radix_digits<KeyBytes, false>>(source, items, scratch, n, key_of);
    radix_sort_with<radix_digits<KeyBytes, true>>(source, items, scratch, n, key_of);
}

/// The key of a float with all its bits kept, so that the value can be made back from it:
/// NumPy's order where the data holds no NaN (whose signs and payloads it would order) and no
/// -0.0 (which it would put before +0.0).
template <std::floating_point T> radix_key_t<T> exact_float_key(T x) {
    using K = radix_key_t<T>;
    constexpr K sign = K{1} << (8 * sizeof(T) - 1);
    const K bits = std::bit_cast<K>(x);
    return static_cast<K>(bits ^ static_cast<K>(static_cast<K>(K{0} - (bits >> (8 * sizeof(T) - 1))) | sign));
}
template <std::floating_point T> T float_of_exact_key(radix_key_t<T> key) {
    using K = radix_key_t<T>;
    constexpr K sign = K{1} << (8 * sizeof(T) - 1);
    return std::bit_cast<T>(static_cast<K>(key ^ static_cast<K>(static_cast<K>((key >> (8 * sizeof(T) - 1)) - 1) | sign)));
}

template <std::floating_point T> bool has_nan_or_negative_zero(const T* x, std::ptrdiff_t n) {
    using K = radix_key_t<T>;
    constexpr K sign = K{1} << (8 * sizeof(T) - 1);
    bool found = false;
    for (std::ptrdiff_t i = 0; i < n; ++i) found |= (x[i] != x[i]) | (std::bit_cast<K>(x[i]) == sign);
    return found;
}

/// A radix sort of floats without NaN or -0.0 that turns them into their exact keys in the first
/// pass and back in the last, so that the passes between move keys and compute nothing
/// (sort/f32/16M: the float key cost about 12 ms a pass of 47).
template <std::floating_point T> void radix_sort_exact_floats(const T* source, T* data, T* scratch, std::ptrdiff_t n) {
    using K = radix_key_t<T>;
    const auto key = [](T x) { return exact_float_key(x); };
    const auto decode = [](K k) { return float_of_exact_key<T>(k); };
    if (n < wide_radix_length) radix_sort_with<radix_digits<sizeof(T), false>, K>(source, data, scratch, n, key, key, decode);
    else radix_sort_with<radix_digits<sizeof(T), true>, K>(source, data, scratch, n, key, key, decode);
}

/// Up to this length a lane is sorted by insertion; below radix_min_length by merging
/// (std::stable_sort): the counters and staging lines a radix sort sets up per lane cost more
/// there (lanes of 64 floats: radix 3 times slower; of 1000: 1.7 times faster).
inline constexpr std::ptrdiff_t insertion_sort_limit = 48;
inline constexpr std::ptrdiff_t radix_min_length = 400;

template <class T, class Less> void insertion_sort(T* data, std::ptrdiff_t n, Less less) {
    for (std::ptrdiff_t i = 1; i < n; ++i) {
        const T value = data[i];
        std::ptrdiff_t j = i;
        for (; j > 0 && less(value, data[j - 1]); --j) data[j] = data[j - 1];
        data[j] = value;
    }
}

/// Sorts one contiguous lane stably in NumPy's order: `source` (by default `data` itself) into
/// `data`.
template <class T> void sort_contiguous(T* data, std::ptrdiff_t n, sort_scratch<T>& scratch, const T* source = nullptr) {
    const bool radix = radix_sortable<T> && n >= radix_min_length;
    if (source != nullptr && source != data && !radix) std::memcpy(static_cast<void*>(data), source, static_cast<std::size_t>(n) * sizeof(T));
    if (n < 2) return;
    if (n <= insertion_sort_limit) return insertion_sort(data, n, numpy_less<T>);
    if constexpr (radix_sortable<T>) {
        if (radix) {
            const T* const from = source != nullptr ? source : data;
            if constexpr (std::is_floating_point_v<T>)
                if (!has_nan_or_negative_zero(from, n)) return radix_sort_exact_floats(from, data, scratch.get(n), n);
            return radix_sort_items<sizeof(T)>(from, data, scratch.get(n), n, [](T x) { return radix_key(x); });
        }
    }
    std::stable_sort(data, data + n, numpy_less<T>);
}

/// The stable sorting permutation of one contiguous lane (np.argsort(kind='stable')).
template <class T> void argsort_contiguous(const T* data, std::int64_t* indices, std::ptrdiff_t n) {
    for (std::ptrdiff_t i = 0; i < n; ++i) indices[i] = i;
    if (n < 2) return;
    const auto by_value = [data](std::int64_t a, std::int64_t b) { return numpy_less(data[a], data[b]); };
    if (n <= insertion_sort_limit) return insertion_sort(indices, n, by_value);
    if constexpr (radix_sortable<T>) {
        if (n < radix_min_length) return std::stable_sort(indices, indices + n, by_value);
        // (key, index) items; a 32-bit index wherever it fits, so a float key makes 8-byte items.
        using K = radix_key_t<T>;
        const auto sort_with = [&]<class Index>(Index*) {
            struct item {
                K key;
                Index index;
            };
            // Items as large as an int64 index are sorted in the result's own memory, and turned
            // into indices in place: one scratch buffer of n items is all a sort then allocates.
            sort_scratch<item> item_memory, scratch_items;
            item* const items = sizeof(item) == sizeof(std::int64_t) ? reinterpret_cast<item*>(indices) : item_memory.get(n);
            for (std::ptrdiff_t i = 0; i < n; ++i) {
                const item made{radix_key(data[i]), static_cast<Index>(i)};
                std::memcpy(static_cast<void*>(items + i), &made, sizeof(item));
            }
            radix_sort_items<sizeof(K)>(items, items, scratch_items.get(n), n, [](const item& x) { return x.key; });
            for (std::ptrdiff_t i = 0; i < n; ++i) {
                item sorted;
                std::memcpy(static_cast<void*>(&sorted), items + i, sizeof(item));
                const auto index = static_cast<std::int64_t>(sorted.index);
                std::memcpy(indices + i, &index, sizeof(index));
            }
        };
        if (n <= std::ptrdiff_t{0xFFFFFFFF}) sort_with(static_cast<std::uint32_t*>(nullptr));
        else sort_with(static_cast<std::uint64_t*>(nullptr));
    } else {
        std::stable_sort(indices, indices + n, by_value);
    }
}

/// Sorts the `rows` contiguous rows of n elements at `source` into those at `destination`: the
/// last axis of a C-contiguous array, whose first radix pass then reads the source directly.
template <class T> void sort_rows(const T* source, T* destination, std::ptrdiff_t rows, std::ptrdiff_t n) {
    sort_scratch<T> scratch;
    for (std::ptrdiff_t r = 0; r < rows; ++r) sort_contiguous(destination + r * n, n, scratch, source + r * n);
}

/// The stable sorting permutations of `rows` contiguous rows of n elements, into the rows of n
/// indices at `indices`.
template <class T> void argsort_rows(const T* source, std::int64_t* indices, std::ptrdiff_t rows, std::ptrdiff_t n) {
    for (std::ptrdiff_t r = 0; r < rows; ++r) argsort_contiguous(source + r * n, indices + r * n, n);
}

/// Calls `rearrange(lane, n)` on every lane of `data` (a new C-order array) along `axis` with
/// the lane's elements contiguous: the lane itself along the last axis, else a copy written back.
template <class T, class Rearrange> void rearrange_lanes(array<T>& data, std::size_t axis, Rearrange&& rearrange) {
    const std::ptrdiff_t n = data.shape()[axis], step = data.strides()[axis];
    if (data.size() == 0 || n < 2) return;
    sort_scratch<T> lane_memory; // not std::vector, which packs bools
    T* const lane_copy = step == sizeof(T) ? nullptr : lane_memory.get(n);
    for_each_lane<1>(data.shape(), {reinterpret_cast<std::byte*>(data.data())}, {&data.strides()}, axis, [&](const std::array<std::byte*, 1>& firsts) {
        std::byte* const first = firsts[0];
        if (step == sizeof(T)) return rearrange(reinterpret_cast<T*>(first), n);
        for (std::ptrdiff_t j = 0; j < n; ++j) std::memcpy(static_cast<void*>(&lane_copy[j]), first + j * step, sizeof(T));
        rearrange(lane_copy, n);
        for (std::ptrdiff_t j = 0; j < n; ++j) std::memcpy(first + j * step, &lane_copy[j], sizeof(T));
    });
}

/// Sorts `data` (a new C-order array) along `axis`.
template <class T> void sort_along(array<T>& data, std::size_t axis) {
    sort_scratch<T> scratch;
    rearrange_lanes(data, axis, [&](T* lane, std::ptrdiff_t n) { sort_contiguous(lane, n, scratch); });
}

/// Rearranges every lane of `data` (a new C-order array) along `axis` by the order
/// `arrange(values, indices, n)` writes for the lane's values: the sort of records.
template <class T, class Arrange> void reorder_along(array<T>& data, std::size_t axis, Arrange&& arrange) {
    sort_scratch<T> value_memory;
    sort_scratch<std::int64_t> index_memory;
    rearrange_lanes(data, axis, [&](T* lane, std::ptrdiff_t n) {
        T* const values = value_memory.get(n);
        std::int64_t* const indices = index_memory.get(n);
        std::memcpy(static_cast<void*>(values), lane, static_cast<std::size_t>(n) * sizeof(T));
        arrange(const_cast<const T*>(values), indices, n);
        for (std::ptrdiff_t j = 0; j < n; ++j) std::memcpy(static_cast<void*>(lane + j), &values[indices[j]], sizeof(T));
    });
}

/// Indices of a lane-wise rearrangement of `source` along `axis` into `result` (same shape, C
/// order): `arrange(values, indices, n)` writes the indices for one contiguous lane of values.
template <class T, class Arrange>
void index_lanes(const view<const T>& source, array<std::int64_t>& result, std::size_t axis, Arrange&& arrange) {
    const std::ptrdiff_t n = source.shape()[axis], in_step = source.strides()[axis], out_step = result.strides()[axis];
    if (result.size() == 0) return;
    sort_scratch<T> value_memory;
    sort_scratch<std::int64_t> index_memory;
    T* const values = value_memory.get(n);
    std::int64_t* const indices = index_memory.get(n);
    for_each_lane<2>(source.shape(), {reinterpret_cast<std::byte*>(result.data()), const_cast<std::byte*>(reinterpret_cast<const std::byte*>(source.data()))},
                     {&result.strides(), &source.strides()}, axis, [&](const std::array<std::byte*, 2>& firsts) {
                         for (std::ptrdiff_t j = 0; j < n; ++j) std::memcpy(static_cast<void*>(&values[j]), firsts[1] + j * in_step, sizeof(T));
                         arrange(values, indices, n);
                         for (std::ptrdiff_t j = 0; j < n; ++j) std::memcpy(firsts[0] + j * out_step, &indices[j], sizeof(std::int64_t));
                     });
}

/// Puts the kth element of every lane of `data` along `axis` where a sort would put it, smaller
/// ones before it and larger ones after (np.partition).
template <class T> void partition_along(array<T>& data, std::size_t axis, std::ptrdiff_t kth) {
    rearrange_lanes(data, axis, [kth](T* lane, std::ptrdiff_t n) { std::nth_element(lane, lane + kth, lane + n, numpy_less<T>); });
}

/// Equal for np.unique: equal values (-0.0 with +0.0), or both holding a NaN (NumPy 1.24's
/// equal_nan collapses them into one).
template <class T> bool same_for_unique(const T& a, const T& b) {
    if constexpr (std::is_floating_point_v<T> || complex_number<T>) {
        if (is_nan_value(a) || is_nan_value(b)) return is_nan_value(a) && is_nan_value(b);
    }
    return !numpy_less(a, b) && !numpy_less(b, a);
}

/// The distinct values of a sorted contiguous run, in order, and how often each occurs.
template <class T> std::ptrdiff_t unique_sorted(T* data, std::ptrdiff_t n, std::int64_t* counts) {
    std::ptrdiff_t groups = 0;
    for (std::ptrdiff_t i = 0; i < n;) {
        std::ptrdiff_t j = i + 1;
        while (j < n && same_for_unique(data[i], data[j])) ++j;
        data[groups] = data[i];
        if (counts != nullptr) counts[groups] = j - i;
        ++groups;
        i = j;
    }
    return groups;
}

/// np.searchsorted for `count` contiguous needles in a sorted contiguous `haystack`.
template <class T> void search_sorted(const T* haystack, std::ptrdiff_t n, const T* needles, std::int64_t* out, std::ptrdiff_t count, bool right) {
    for (std::ptrdiff_t i = 0; i < count; ++i) {
        const T* at = right ? std::upper_bound(haystack, haystack + n, needles[i], numpy_less<T>)
                            : std::lower_bound(haystack, haystack + n, needles[i], numpy_less<T>);
        out[i] = at - haystack;
    }
}

} // namespace nd::detail
