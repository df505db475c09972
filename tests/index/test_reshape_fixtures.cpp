// reshape (view or copy, -1 inferred, orders C, F and A), ravel (C, F, A, K), squeeze,
// transpose(axes) and expand_dims checked against NumPy on arange arrays seen through
// transposes, F order and stepped or reversed slices. The fixture is
// tests/fixtures/reshape_cases.txt from tests/fixtures/gen_indexing.py.

#include "../support/fixture_ops.hpp"

#include <cstddef>
#include <string>

namespace {

using namespace ndfix;

void check_base(const fixture_case& c, const rooted& root, const view_t& base) {
    const tokens& b = c.get("base");
    std::size_t pos = 1;
    const auto ndim = static_cast<std::size_t>(to_int(b.at(pos++)));
    const auto shape = read_ints(b, pos, ndim);
    const auto strides = read_ints(b, pos, ndim);
    REQUIRE(to_vector(base.shape()) == shape);
    if (!empty_root_strides_differ(root.flat)) REQUIRE(to_vector(base.strides()) == strides);
}

} // namespace

TEST_CASE("reshape, ravel, squeeze, transpose and expand_dims match NumPy", "[index][reshape][fixtures]") {
    const fixture_file file = read_fixture("reshape_cases.txt");
    REQUIRE(file.cases.size() >= 400);
    std::size_t views = 0, copies = 0, errors = 0;
    for (const auto& c : file.cases) {
        INFO(c.text);
        const rooted root = make_root(c.get("root"));
        const view_t base = build(c, root);
        check_base(c, root, base);
        const tokens& result_line = c.lines.back();
        if (result_line.at(0) == "error") {
            ++errors;
            // NumPy's ValueError (size mismatch, two -1, squeezing an axis of size > 1).
            CHECK_THROWS_AS(apply_op(base, c.get("do"), 1), nd::shape_error);
            continue;
        }
        REQUIRE(result_line.at(0) == "ok");
        const expected_result want = parse_result(result_line);
        ++(want.view ? views : copies);
        // np.expand_dims is a.reshape(...), which recomputes the strides of every size-1 axis;
        // nd inserts the new axis with stride 0, as newaxis does. Those strides address
        // nothing, so for expand_dims they are not compared.
        compare_options options;
        options.strides_of_size1 = c.get("do").at(1) != "expand_dims";
        check_result(apply_op(base, c.get("do"), 1), want, root.flat, options);
    }
    CHECK(views >= 200);
    CHECK(copies >= 50);
    CHECK(errors >= 5);
}
