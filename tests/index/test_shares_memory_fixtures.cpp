// nd::shares_memory (exact) and nd::may_share_memory (bounds) end to end through nd's API,
// checked against NumPy: pairs of operands made from one arange array by basic slicing (among
// them the interleaved a[0::2] / a[1::2] kind), transposes, reshapes and ravels (which may
// copy) and explicit copies. The fixture is tests/fixtures/shares_memory_cases.txt from
// tests/fixtures/gen_indexing.py.

#include "../support/fixture_ops.hpp"

#include <cstddef>
#include <vector>

namespace {
using namespace ndfix;
}

TEST_CASE("shares_memory and may_share_memory of views of one array match NumPy", "[index][memory][fixtures]") {
    const fixture_file file = read_fixture("shares_memory_cases.txt");
    REQUIRE(file.cases.size() >= 100);
    std::size_t shared = 0, interleaved = 0;
    for (const auto& c : file.cases) {
        INFO(c.text);
        const rooted root = make_root(c.get("root"));
        const view_t a = build(c, root, "opa");
        const view_t b = build(c, root, "opb");
        const tokens& shapes = c.get("shapes");
        std::size_t pos = 1;
        const auto ndim_a = static_cast<std::size_t>(to_int(shapes.at(pos++)));
        const auto shape_a = read_ints(shapes, pos, ndim_a);
        const auto ndim_b = static_cast<std::size_t>(to_int(shapes.at(pos++)));
        const auto shape_b = read_ints(shapes, pos, ndim_b);
        REQUIRE(to_vector(a.shape()) == shape_a);
        REQUIRE(to_vector(b.shape()) == shape_b);
        const tokens& answer = c.get("answer");
        const bool shares = answer.at(1) == "1", may = answer.at(2) == "1";
        shared += shares;
        interleaved += may && !shares;
        CHECK(nd::shares_memory(a, b) == shares);
        CHECK(nd::shares_memory(b, a) == shares);
        CHECK(nd::may_share_memory(a, b) == may);
        CHECK(nd::may_share_memory(b, a) == may);
        // read-only views of the same operands answer alike
        CHECK(nd::shares_memory(nd::view<const i64>(a), nd::view<const i64>(b)) == shares);
    }
    CHECK(shared >= 30);
    CHECK(interleaved >= 20);
}
