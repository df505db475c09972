// Basic indexing checked against NumPy: hundreds of random index lists (integers, slices with
// negative and out-of-range bounds and negative steps, nd::all, newaxis, ellipsis) on arange
// arrays of rank 0-4 seen through transposes, F order and stepped or reversed slices. The
// fixture is tests/fixtures/slicing_cases.txt from tests/fixtures/gen_indexing.py.
//
// Each index is applied two ways: as NumPy wrote it, in one variadic call (for lists of up to
// ndfix::max_direct_items items, so nd's own ellipsis handling is exercised), and expanded to one
// item per axis, applied one item at a time as v(nd::all, ..., item, nd::ellipsis).

#include "../support/fixture_ops.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace {

using namespace ndfix;

template <class Action> void check_throws_like_numpy(const std::string& numpy_error, Action&& action) {
    if (numpy_error == "IndexError") {
        CHECK_THROWS_AS(action(), nd::index_error);
    } else {
        // NumPy raises ValueError for a zero slice step; nd reports it as an nd::index_error.
        CHECK_THROWS_AS(action(), nd::error);
    }
}

} // namespace

TEST_CASE("basic indexing matches NumPy on random cases", "[index][slicing][fixtures]") {
    const fixture_file file = read_fixture("slicing_cases.txt");
    REQUIRE(file.cases.size() >= 500);
    std::size_t direct = 0, stepwise = 0, errors = 0, ellipsis_direct = 0;
    for (const auto& c : file.cases) {
        INFO(c.text);
        const rooted root = make_root(c.get("root"));
        const view_t base = build(c, root);
        {
            const tokens& b = c.get("base");
            std::size_t pos = 1;
            const auto ndim = static_cast<std::size_t>(to_int(b.at(pos++)));
            const auto shape = read_ints(b, pos, ndim);
            const auto strides = read_ints(b, pos, ndim);
            REQUIRE(to_vector(base.shape()) == shape);
            if (!empty_root_strides_differ(root.flat)) REQUIRE(to_vector(base.strides()) == strides);
        }
        const auto raw = read_items(c.get("index"), 1);
        const tokens& expanded_line = c.get("expanded");
        std::optional<std::vector<index_item>> expanded;
        if (expanded_line.at(1) != "-") expanded = read_items(expanded_line, 1);
        const tokens& result_line = c.lines.at(c.lines.size() - 1);
        const bool has_ellipsis = c.get("index").end() != std::find_if(c.get("index").begin(), c.get("index").end(),
                                                                        [](const std::string& t) { return t == "E"; });

        if (result_line.at(0) == "error") {
            ++errors;
            const std::string& kind = result_line.at(1);
            if (raw.size() <= max_direct_items) {
                check_throws_like_numpy(kind, [&] { return apply_direct(base, raw); });
            }
            if (expanded) check_throws_like_numpy(kind, [&] { return apply_stepwise(base, *expanded); });
            continue;
        }
        REQUIRE(result_line.at(0) == "ok");
        const expected_result want = parse_result(result_line);
        if (expanded) {
            ++stepwise;
            INFO("applied stepwise, expanded");
            check_result(apply_stepwise(base, *expanded), want, root.flat);
        }
        if (raw.size() <= max_direct_items) {
            ++direct;
            if (has_ellipsis) ++ellipsis_direct;
            INFO("applied directly, as written");
            const auto got = apply_direct(base, raw);
            if (got.element) {
                CHECK(want.shape.empty());
                REQUIRE(want.values.size() == 1);
                CHECK(got.value == want.values[0]);
                REQUIRE(want.offset);
                CHECK(byte_offset(got.address, root.flat.data()) == *want.offset);
            } else {
                REQUIRE(got.view);
                check_result(*got.view, want, root.flat);
            }
        }
    }
    // The fixture must keep exercising all paths.
    CHECK(direct >= 300);
    CHECK(ellipsis_direct >= 50);
    CHECK(stepwise >= 500);
    CHECK(errors >= 40);
}
