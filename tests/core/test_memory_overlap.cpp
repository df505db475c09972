// Tests of the memory-overlap predicates: NumPy's own answers on random views of one buffer
// (fixture from tests/fixtures/gen_overlap.py), a brute-force byte-set comparison, and edge
// cases NumPy's fixture cannot reach (huge strides, 0-d operands, corrupt descriptors).

#include <nd/core/memory_overlap.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#ifndef ND_FIXTURES_DIR
#define ND_FIXTURES_DIR "tests/fixtures"
#endif

namespace {

using nd::detail::bounds_overlap;
using nd::detail::byte_bounds;
using nd::detail::extents_overlap;
using nd::detail::memory_extent;

/// Fake addresses for descriptors far larger than any buffer; the predicates only compare
/// addresses, they never dereference.
const std::byte* fake_address(std::uintptr_t a) {
    return reinterpret_cast<const std::byte*>(a);
}

/// An operand described relative to some base pointer; owns its shape and strides so the
/// `memory_extent` spans stay valid.
struct operand {
    std::ptrdiff_t offset = 0;
    std::ptrdiff_t itemsize = 1;
    std::vector<std::ptrdiff_t> shape;
    std::vector<std::ptrdiff_t> strides;

    // Integer arithmetic, so that offsets from a fake base are not pointer arithmetic.
    memory_extent at(const std::byte* base) const {
        const auto first = reinterpret_cast<std::uintptr_t>(base) + static_cast<std::uintptr_t>(offset);
        return {fake_address(first), itemsize, shape, strides};
    }
};

bool shares(const operand& a, const operand& b, const std::byte* base) {
    const bool forward = extents_overlap(a.at(base), b.at(base));
    REQUIRE(extents_overlap(b.at(base), a.at(base)) == forward);  // the question is symmetric
    return forward;
}

bool may_share(const operand& a, const operand& b, const std::byte* base) {
    return bounds_overlap(a.at(base), b.at(base));
}

/// Removes '#' comment lines so the rest can be read as plain whitespace-separated tokens.
std::istringstream read_fixture(const std::string& path) {
    std::ifstream in(path);
    REQUIRE(in.good());
    std::string line, text;
    while (std::getline(in, line))
        if (line.empty() || line[0] != '#') text += line + '\n';
    return std::istringstream(text);
}

operand read_operand(std::istream& in) {
    operand op;
    std::ptrdiff_t ndim = 0;
    in >> op.offset >> op.itemsize >> ndim;
    op.shape.resize(static_cast<std::size_t>(ndim));
    op.strides.resize(static_cast<std::size_t>(ndim));
    for (auto& n : op.shape) in >> n;
    for (auto& s : op.strides) in >> s;
    return op;
}

}  // namespace

TEST_CASE("memory overlap agrees with NumPy on random views of one buffer", "[core][overlap]") {
    auto in = read_fixture(ND_FIXTURES_DIR "/overlap_cases.txt");
    std::string tag;
    std::ptrdiff_t cases = 0, buffer_bytes = 0;
    in >> tag >> cases >> buffer_bytes;
    REQUIRE(tag == "overlap_cases");
    REQUIRE(cases > 0);

    // Padding on both sides: an empty view may point just outside the buffer.
    constexpr std::ptrdiff_t pad = 4096;
    std::vector<std::byte> storage(static_cast<std::size_t>(buffer_bytes + 2 * pad));
    const std::byte* base = storage.data() + pad;

    std::ptrdiff_t read = 0, interleaved = 0, overlapping = 0;
    for (; read < cases; ++read) {
        const operand a = read_operand(in);
        const operand b = read_operand(in);
        int expect_shares = -1, expect_may = -1;
        in >> expect_shares >> expect_may;
        REQUIRE(in.good());
        REQUIRE((a.offset > -pad && a.offset < buffer_bytes + pad));
        REQUIRE((b.offset > -pad && b.offset < buffer_bytes + pad));
        INFO("fixture case " << read);
        CHECK(shares(a, b, base) == (expect_shares == 1));
        CHECK(may_share(a, b, base) == (expect_may == 1));
        interleaved += expect_may == 1 && expect_shares == 0;
        overlapping += expect_shares == 1;
    }
    CHECK(read == cases);
    // The fixture is only useful if it exercises the exact solver both ways.
    CHECK(interleaved >= cases / 5);
    CHECK(overlapping >= cases / 5);
}

TEST_CASE("memory overlap: 1-d slices", "[core][overlap]") {
    std::vector<std::byte> buf(256);
    const std::byte* p = buf.data();
    const operand even{0, 1, {8}, {2}};  // a[0::2] of 16 int8
    const operand odd{1, 1, {8}, {2}};   // a[1::2]
    const operand quad{2, 1, {4}, {4}};  // a[2::4]
    CHECK_FALSE(shares(even, odd, p));
    CHECK(may_share(even, odd, p));
    CHECK(shares(even, quad, p));
    CHECK_FALSE(shares(odd, quad, p));

    // The same with 4-byte elements: interleaved elements, never touching bytes.
    CHECK_FALSE(shares({0, 4, {8}, {8}}, {4, 4, {8}, {8}}, p));
    // Misaligned by one byte, they do touch.
    CHECK(shares({0, 4, {8}, {8}}, {5, 4, {8}, {8}}, p));
    // Reversed views: a[::-1] against a, and the odd elements read backwards against a[::2].
    CHECK(shares({15, 1, {16}, {-1}}, {0, 1, {16}, {1}}, p));
    CHECK_FALSE(shares({15, 1, {8}, {-2}}, even, p));
    CHECK(shares({14, 1, {8}, {-2}}, even, p));
}

TEST_CASE("memory overlap: itemsize, strides and shapes", "[core][overlap]") {
    std::vector<std::byte> buf(1024);
    const std::byte* p = buf.data();
    SECTION("mixed itemsizes meet inside an element") {
        CHECK(shares({0, 2, {}, {}}, {1, 1, {}, {}}, p));
        CHECK_FALSE(shares({0, 2, {}, {}}, {2, 1, {}, {}}, p));
        CHECK(shares({0, 8, {3}, {16}}, {39, 1, {}, {}}, p));
        CHECK_FALSE(shares({0, 8, {3}, {16}}, {40, 1, {}, {}}, p));
    }
    SECTION("empty operands touch nothing, even at the same address") {
        const operand empty{0, 8, {3, 0}, {8, 8}};
        CHECK_FALSE(shares(empty, empty, p));
        CHECK_FALSE(may_share(empty, empty, p));
        CHECK_FALSE(shares(empty, {0, 8, {3}, {8}}, p));
        CHECK_FALSE(shares({0, 0, {4}, {1}}, {0, 1, {4}, {1}}, p));  // itemsize 0
        const auto [lo, hi] = byte_bounds(empty.at(p));
        CHECK(lo == hi);
    }
    SECTION("0-d operands and identical starts") {
        CHECK(shares({5, 1, {}, {}}, {5, 1, {}, {}}, p));
        CHECK_FALSE(shares({5, 1, {}, {}}, {6, 1, {}, {}}, p));
        CHECK(shares({64, 8, {4, 4}, {-8, 64}}, {64, 1, {2}, {-300}}, p));
    }
    SECTION("zero strides (broadcast) and length-1 axes") {
        const operand bcast{8, 4, {5, 3}, {0, 0}};  // one element seen 15 times
        CHECK(shares(bcast, {0, 4, {4}, {4}}, p));
        CHECK_FALSE(shares(bcast, {4, 4, {4}, {8}}, p));
        CHECK(may_share(bcast, {4, 4, {4}, {8}}, p));
        CHECK(shares({0, 1, {1, 4, 1}, {999, 3, -7}}, {9, 1, {}, {}}, p));
        CHECK_FALSE(shares({0, 1, {1, 4, 1}, {999, 3, -7}}, {10, 1, {}, {}}, p));
    }
    SECTION("2-d slices of a contiguous parent") {
        // x = 4x20 int8; x[:, ::7] and x[:, 3::3] interleave without touching.
        CHECK_FALSE(shares({0, 1, {4, 3}, {20, 7}}, {3, 1, {4, 6}, {20, 3}}, p));
        CHECK(shares({0, 1, {4, 3}, {20, 7}}, {3, 1, {4, 6}, {20, 4}}, p));
        // x[:, 0, :] and x[:, 1, :] of a 4x5x6 int8 parent; transposes do not matter.
        CHECK_FALSE(shares({0, 1, {4, 6}, {30, 1}}, {6, 1, {6, 4}, {1, 30}}, p));
        CHECK(shares({0, 1, {4, 6}, {30, 1}}, {5, 1, {6, 4}, {1, 30}}, p));
        // x[:, ::2, ::3] and x[:, ::3, ::2] meet at x[0, 0, 0] and elsewhere.
        CHECK(shares({0, 1, {4, 3, 2}, {30, 12, 3}}, {0, 1, {4, 2, 3}, {30, 18, 2}}, p));
    }
    SECTION("byte_bounds spans negative strides") {
        const operand op{100, 4, {3, 2}, {-40, 8}};
        const auto [lo, hi] = byte_bounds(op.at(p));
        CHECK(lo == p + 20);
        CHECK(hi == p + 112);
    }
}

TEST_CASE("memory overlap: strides near the 64-bit limits", "[core][overlap]") {
    constexpr std::ptrdiff_t big = std::ptrdiff_t{1} << 61;
    const std::byte* origin = fake_address(std::uintptr_t{1} << 40);
    const operand sparse{0, 8, {3}, {big}};  // elements 2^61 bytes apart
    CHECK(shares(sparse, {big + 4, 8, {}, {}}, origin));
    CHECK_FALSE(shares(sparse, {big + 8, 8, {}, {}}, origin));
    CHECK(may_share(sparse, {big + 8, 8, {}, {}}, origin));

    // 2^40 interleaved 8-byte elements, as in a[0::2] / a[1::2] of a 16 TiB float64 array.
    constexpr std::ptrdiff_t n = std::ptrdiff_t{1} << 40;
    CHECK_FALSE(shares({0, 8, {n}, {16}}, {8, 8, {n}, {16}}, origin));
    CHECK(shares({0, 8, {n}, {16}}, {(n / 2) * 16 + 4, 1, {n / 4}, {-16}}, origin));

    // The most negative stride: two elements 2^63 bytes apart, at the top and bottom of memory.
    const operand extreme{0, 8, {2}, {PTRDIFF_MIN}};
    const std::byte* top = fake_address((std::uintptr_t{1} << 63) + 16);
    CHECK(shares(extreme, {-PTRDIFF_MAX - 1 + 4, 1, {}, {}}, top));
    CHECK_FALSE(shares(extreme, {-PTRDIFF_MAX - 1 + 8, 1, {}, {}}, top));

    // A descriptor reaching past the address space is corrupt: answer "overlap" to be safe.
    const operand corrupt{0, 1, {4}, {PTRDIFF_MAX}};
    CHECK(shares(corrupt, {1, 1, {}, {}}, origin));
    CHECK(may_share(corrupt, {1, 1, {}, {}}, origin));
}

TEST_CASE("memory overlap agrees with brute force on random small operands", "[core][overlap]") {
    std::mt19937 gen(12345);
    auto pick = [&](std::ptrdiff_t lo, std::ptrdiff_t hi) {
        return std::uniform_int_distribution<std::ptrdiff_t>(lo, hi)(gen);
    };
    constexpr std::ptrdiff_t size = 16384, middle = size / 2;
    std::vector<std::byte> buf(size);
    const std::byte* base = buf.data();

    // Every byte an operand touches, relative to the buffer start, found by walking it.
    auto touched = [&](const operand& op) {
        std::vector<char> hit(size, 0);
        std::vector<std::ptrdiff_t> idx(op.shape.size(), 0);
        for (auto n : op.shape)
            if (n == 0) return hit;
        while (true) {
            std::ptrdiff_t at = op.offset;
            for (std::size_t i = 0; i < idx.size(); ++i) at += idx[i] * op.strides[i];
            for (std::ptrdiff_t k = 0; k < op.itemsize; ++k) hit[static_cast<std::size_t>(at + k)] = 1;
            std::size_t d = idx.size();
            while (d > 0 && ++idx[d - 1] == op.shape[d - 1]) idx[--d] = 0;
            if (d == 0) return hit;
        }
    };
    auto random_operand = [&](std::ptrdiff_t max_len, std::ptrdiff_t max_stride) {
        operand op;
        op.offset = middle + pick(-64, 64);
        op.itemsize = pick(1, 8);
        const auto ndim = static_cast<std::size_t>(pick(0, 4));
        for (std::size_t i = 0; i < ndim; ++i) {
            op.shape.push_back(pick(0, 9) == 0 ? 0 : pick(1, max_len));
            op.strides.push_back(pick(0, 7) == 0 ? 0 : pick(-max_stride, max_stride));
        }
        return op;
    };

    int disagreements = 0, exact_yes = 0, exact_no_bounds_yes = 0;
    for (int iter = 0; iter < 4000; ++iter) {
        const bool wide = iter % 4 == 0;
        operand a = random_operand(wide ? 12 : 5, wide ? 60 : 12);
        // Half the pairs reuse a's strides from a shifted start, as slices of one parent do;
        // those are the pairs whose bounds overlap without any byte being shared.
        operand b = random_operand(wide ? 12 : 5, wide ? 60 : 12);
        if (iter % 2 == 1) {
            b.strides = a.strides;
            b.shape = a.shape;
            b.offset = a.offset + pick(-40, 40);
            a.itemsize = pick(1, 2);  // small elements leave gaps between them
            b.itemsize = pick(1, 2);
        }
        const auto ha = touched(a), hb = touched(b);
        bool any = false;
        std::ptrdiff_t lo_a = size, hi_a = 0, lo_b = size, hi_b = 0;
        for (std::ptrdiff_t i = 0; i < size; ++i) {
            const auto u = static_cast<std::size_t>(i);
            any = any || (ha[u] && hb[u]);
            if (ha[u]) {
                lo_a = std::min(lo_a, i);
                hi_a = i + 1;
            }
            if (hb[u]) {
                lo_b = std::min(lo_b, i);
                hi_b = i + 1;
            }
        }
        const bool bounds = lo_a < hi_b && lo_b < hi_a;
        disagreements += shares(a, b, base) != any;
        disagreements += may_share(a, b, base) != bounds;
        if (hi_a > 0) {
            const auto [lo, hi] = byte_bounds(a.at(base));
            disagreements += lo != base + lo_a || hi != base + hi_a;
        }
        exact_yes += any;
        exact_no_bounds_yes += bounds && !any;
    }
    CHECK(disagreements == 0);
    CHECK(exact_yes > 200);
    CHECK(exact_no_bounds_yes > 200);
}
