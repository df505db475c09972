// Contiguity flags checked against NumPy's rules (size-1 axes do not count, an empty array is
// both C and F contiguous, a 1-d contiguous array is both): views made by basic indexing
// (one-element slices with odd steps, newaxis, empty slices) of transposed, F-ordered and
// reversed arange arrays, and arbitrary strided layouts wrapped with nd::adapt. The fixture is
// tests/fixtures/flags_cases.txt from tests/fixtures/gen_indexing.py.

#include "../support/fixture_ops.hpp"

#include <complex>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace {

using namespace ndfix;

template <class T> nd::array_flags raw_flags(const std::vector<std::ptrdiff_t>& shape, const std::vector<std::ptrdiff_t>& strides) {
    // Flags only look at shape and strides; the elements are never read.
    alignas(64) static std::byte storage[4096];
    auto* middle = reinterpret_cast<T*>(storage + 2048);
    return nd::adapt(middle, to_dims(shape), to_dims(strides)).flags();
}

nd::array_flags raw_flags(std::ptrdiff_t itemsize, const std::vector<std::ptrdiff_t>& shape, const std::vector<std::ptrdiff_t>& strides) {
    switch (itemsize) {
    case 1: return raw_flags<std::int8_t>(shape, strides);
    case 2: return raw_flags<std::int16_t>(shape, strides);
    case 4: return raw_flags<std::int32_t>(shape, strides);
    case 8: return raw_flags<double>(shape, strides);
    case 16: return raw_flags<std::complex<double>>(shape, strides);
    default: FAIL("unexpected itemsize " << itemsize); return {};
    }
}

} // namespace

TEST_CASE("contiguity flags of views match NumPy", "[core][flags][fixtures]") {
    const fixture_file file = read_fixture("flags_cases.txt");
    REQUIRE(file.cases.size() >= 150);
    for (const auto& c : file.cases) {
        INFO(c.text);
        const rooted root = make_root(c.get("root"));
        const view_t base = build(c, root);
        const auto items = read_items(c.get("index"), 1);
        const tokens& want = c.get("flags");
        std::size_t pos = 1;
        const auto ndim = static_cast<std::size_t>(to_int(want.at(pos++)));
        const auto shape = read_ints(want, pos, ndim);
        const auto strides = read_ints(want, pos, ndim);
        const bool c_contiguous = want.at(pos++) == "1";
        const bool f_contiguous = want.at(pos++) == "1";

        auto check = [&](const view_t& r) {
            CHECK(to_vector(r.shape()) == shape);
            if (!empty_root_strides_differ(root.flat)) CHECK(to_vector(r.strides()) == strides);
            CHECK(r.flags().c_contiguous == c_contiguous);
            CHECK(r.flags().f_contiguous == f_contiguous);
            // The same answer from the layout alone, through nd::adapt.
            const auto layout = nd::adapt(const_cast<i64*>(r.data()), r.shape(), r.strides()).flags();
            CHECK(layout.c_contiguous == c_contiguous);
            CHECK(layout.f_contiguous == f_contiguous);
        };
        // Every item of these indexes applies to its own axis (no ellipsis before the end),
        // so the one-at-a-time form needs only the trailing ellipsis removed. (Indexing itself
        // is tested as NumPy writes it in tests/index/test_slicing_fixtures.cpp.)
        std::vector<index_item> stepwise;
        for (const auto& item : items)
            if (!std::holds_alternative<nd::ellipsis_t>(item)) stepwise.push_back(item);
        check(apply_stepwise(base, stepwise));
    }
}

TEST_CASE("contiguity flags of raw strided layouts match NumPy", "[core][flags][fixtures]") {
    const fixture_file file = read_fixture("flags_cases.txt");
    std::size_t count = 0;
    for (const auto& t : file.loose) {
        if (t.at(0) != "raw") continue;
        ++count;
        std::string line;
        for (const auto& w : t) line += w + " ";
        INFO(line);
        std::size_t pos = 1;
        const auto itemsize = to_int(t.at(pos++));
        const auto ndim = static_cast<std::size_t>(to_int(t.at(pos++)));
        const auto shape = read_ints(t, pos, ndim);
        const auto strides = read_ints(t, pos, ndim);
        const bool c_contiguous = t.at(pos++) == "1";
        const bool f_contiguous = t.at(pos++) == "1";
        const auto flags = raw_flags(itemsize, shape, strides);
        CHECK(flags.c_contiguous == c_contiguous);
        CHECK(flags.f_contiguous == f_contiguous);
    }
    CHECK(count >= 250);
}
