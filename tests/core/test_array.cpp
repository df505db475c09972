// nd::array and nd::view: attributes, element access, value semantics, buffer lifetime and
// the errors of element access.
#include <catch2/catch.hpp>

#include <cstdint>
#include <thread>
#include <utility>
#include <vector>

#include <nd/nd.hpp>

#include "../support/allocation_counter.hpp"

using nd_test::allocations;

TEST_CASE("attributes follow NumPy", "[array]") {
    nd::array<int> m = {{10, 20, 30}, {40, 50, 60}};
    CHECK(m.ndim() == 2);
    CHECK(m.size() == 6);
    CHECK(m.shape() == nd::dim_vector{2, 3});
    CHECK(m.shape(0) == 2);
    CHECK(m.shape(-1) == 3);
    CHECK(m.strides() == nd::dim_vector{12, 4});
    CHECK(m.itemsize() == 4);
    CHECK(m.nbytes() == 24);
    CHECK(m.data()[4] == 50);
    CHECK(m.flags().c_contiguous);
    CHECK_FALSE(m.flags().f_contiguous);
    CHECK(m.flags().owndata);
    CHECK(m.flags().writeable);
    CHECK(m.dtype().name == "int32");
    CHECK(m.dtype().str == "<i4");
    CHECK_THROWS_WITH(m.shape(2), "axis 2 is out of bounds for array of dimension 2");
    auto v = m(nd::all, 1);
    CHECK_FALSE(v.flags().owndata);
    CHECK(nd::dtype_of<std::complex<double>>.str == "<c16");
    CHECK(nd::dtype_of<bool>.name == "bool");
    CHECK(nd::dtype_of<long long>.name == "int64");
}

TEST_CASE("buffers are 64-byte aligned and small shapes live inline", "[array]") {
    for (std::ptrdiff_t n : {1, 3, 17, 1000}) {
        auto a = nd::empty<float>({n});
        CHECK(reinterpret_cast<std::uintptr_t>(a.data()) % 64 == 0);
    }
    const long before = allocations;
    auto small = nd::empty<float>({2, 3, 4, 5});
    CHECK(allocations - before == 1);
    const long before_view = allocations;
    auto view = small(nd::slice(1, 2), nd::all, 0, nd::all);
    CHECK(allocations - before_view == 0);
    CHECK(view.shape() == nd::dim_vector{1, 3, 5});
    nd::dim_vector big(6, 1);
    const long before_big = allocations;
    auto rank6 = nd::empty<float>(big);
    CHECK(allocations - before_big >= 2); // buffer plus the out-of-line shape and strides
    // Entry by entry, as indexing builds shapes: inline up to 4, then on the heap, keeping
    // what was there.
    nd::dim_vector grown;
    for (std::ptrdiff_t k = 0; k < 7; ++k) {
        grown.push_back(10 + k);
        REQUIRE(grown.size() == static_cast<std::size_t>(k + 1));
        CHECK(grown[0] == 10);
        CHECK(grown[static_cast<std::size_t>(k)] == 10 + k);
    }
    CHECK(grown == nd::dim_vector{10, 11, 12, 13, 14, 15, 16});
    auto rank6_view = rank6(nd::slice(0, 1), nd::all, nd::all, nd::newaxis, nd::all, nd::all, nd::all);
    CHECK(rank6_view.shape() == nd::dim_vector{1, 1, 1, 1, 1, 1, 1});
}

TEST_CASE("shapes copy, move and assign between inline and heap storage", "[array]") {
    const nd::dim_vector short_shape{2, 3};
    const nd::dim_vector long_shape{1, 2, 3, 4, 5, 6};
    nd::dim_vector a = short_shape;
    a = long_shape; // inline -> heap
    CHECK(a == long_shape);
    a = short_shape; // heap keeps its room, holds two entries
    CHECK(a == short_shape);
    CHECK(a.size() == 2);
    a.resize(5); // grows within the heap room: kept entries stay, new ones are zero
    CHECK(a == nd::dim_vector{2, 3, 0, 0, 0});
    nd::dim_vector moved = std::move(a); // the heap block changes owner
    CHECK(moved == nd::dim_vector{2, 3, 0, 0, 0});
    CHECK(a.empty());
    a.push_back(7); // the moved-from vector is usable, inline again
    CHECK(a == nd::dim_vector{7});
    nd::dim_vector copy(moved);
    CHECK(copy == moved);
    copy[0] = 9; // a deep copy
    CHECK(moved[0] == 2);
    const nd::dim_vector& same = copy;
    copy = same; // self-assignment
    CHECK(copy == nd::dim_vector{9, 3, 0, 0, 0});
    copy.assign(8, 4);
    CHECK(copy == nd::dim_vector{4, 4, 4, 4, 4, 4, 4, 4});
    copy.erase(0);
    copy.insert(1, 5);
    CHECK(copy == nd::dim_vector{4, 5, 4, 4, 4, 4, 4, 4});
    nd::dim_vector empty_one;
    copy = std::move(empty_one);
    CHECK(copy.empty());
}

TEST_CASE("resize_for_overwrite gives room for every entry, inline or on the heap", "[array]") {
    nd::dim_vector v;
    std::ptrdiff_t* entries = v.resize_for_overwrite(3); // inline
    REQUIRE(v.size() == 3);
    CHECK(entries == v.data());
    for (std::ptrdiff_t k = 0; k < 3; ++k) entries[k] = 20 + k;
    CHECK(v == nd::dim_vector{20, 21, 22});
    entries = v.resize_for_overwrite(7); // past the inline room: a heap block
    REQUIRE(v.size() == 7);
    CHECK(entries == v.data());
    for (std::ptrdiff_t k = 0; k < 7; ++k) entries[k] = 30 + k;
    CHECK(v == nd::dim_vector{30, 31, 32, 33, 34, 35, 36});
    entries = v.resize_for_overwrite(2); // shrinks within the heap room
    entries[0] = 1;
    entries[1] = 2;
    CHECK(v == nd::dim_vector{1, 2});
    nd::dim_vector copy = v;
    CHECK(copy == v);
    CHECK(v.resize_for_overwrite(0) == v.data());
    CHECK(v.empty());
}

TEST_CASE("small buffers are kept per thread for reuse and freed when the thread ends", "[array][buffer]") {
    nd::detail::small_block_cache::free_kept();
    nd::detail::large_block_cache::free_kept();
    const long live_before = nd_test::live_blocks.load();
    {
        // Made on this thread, dropped on a worker: kept by the worker's cache, which must
        // free them when the worker ends. (Under ASan the cache is off and this is trivial.)
        std::vector<nd::array<float>> handed;
        handed.reserve(8);
        for (int k = 0; k < 8; ++k) handed.push_back(nd::full<float>({4}, static_cast<float>(k)));
        std::vector<float> sums(100, 0.0f);
        std::thread worker([&] {
            for (std::size_t k = 0; k < sums.size(); ++k) {
                nd::array<float> c = handed[k % 8] + 1.0f; // reuses the worker's kept blocks
                sums[k] = c(0) + c(3);
            }
            handed.clear();
        });
        worker.join();
        for (std::size_t k = 0; k < sums.size(); ++k) CHECK(sums[k] == 2.0f * static_cast<float>(k % 8 + 1));
    }
    CHECK(nd_test::live_blocks.load() == live_before);
    // Reused blocks start a new array: 64-byte aligned, with its own values.
    for (int k = 0; k < 4; ++k) {
        auto a = nd::full<double>({3}, 1.5);
        auto b = nd::zeros<double>({3});
        CHECK(reinterpret_cast<std::uintptr_t>(b.data()) % 64 == 0);
        CHECK(b(2) == 0.0);
        CHECK(a(2) == 1.5);
    }
}

TEST_CASE("element access: exactly ndim integers; at() checks and wraps", "[array][errors]") {
    nd::array<int> m = {{10, 20, 30}, {40, 50, 60}};
    m(1, 2) = 5;
    CHECK(m(1, 2) == 5);
    CHECK(m.at(-1, 2) == 5);
    CHECK(m.at(-2, -3) == 10);
    m.at(0, -1) = 7;
    CHECK(m(0, 2) == 7);
    const nd::array<int> before = m;
    CHECK_THROWS_WITH(m.at(3, 0), "index 3 is out of bounds for axis 0 with size 2");
    CHECK_THROWS_WITH(m.at(0, -4), "index -4 is out of bounds for axis 1 with size 3");
    CHECK_THROWS_AS(m.at(2, 0), nd::index_error);
    CHECK_THROWS_WITH(m.at(0, 0, 0), "too many indices for array: array is 2-dimensional, but 3 were indexed");
    CHECK_THROWS_WITH(m(0, 0, 0), "too many indices for array: array is 2-dimensional, but 3 were indexed");
    CHECK_THROWS_AS(m(1), nd::index_error);
    CHECK_THROWS_WITH(m(1), Catch::Contains("write m(1, nd::all)"));
    CHECK(nd::shares_memory(m, before) == false);
    auto unchanged = [&] {
        for (int i = 0; i < 2; ++i)
            for (int j = 0; j < 3; ++j)
                if (m(i, j) != before(i, j)) return false;
        return true;
    };
    CHECK(unchanged());
}

TEST_CASE("0-d arrays have shape () and a() is the element", "[array]") {
    auto x = nd::full<double>({}, 3.5);
    CHECK(x.shape() == nd::dim_vector{});
    CHECK(x.strides() == nd::dim_vector{});
    CHECK(x() == 3.5);
    CHECK(x.at() == 3.5);
    x() = 4.0;
    CHECK(x() == 4.0);
    CHECK(x.flags().c_contiguous);
    CHECK(x.flags().f_contiguous);
    CHECK_THROWS_WITH(x.at(0), "too many indices for array: array is 0-dimensional, but 1 were indexed");
    auto v = x(nd::ellipsis);
    CHECK(v.ndim() == 0);
    CHECK(v() == 4.0);
    auto n = x(nd::newaxis);
    CHECK(n.shape() == nd::dim_vector{1});
}

TEST_CASE("arrays have value semantics; views refer", "[array]") {
    nd::array<int> a = {1, 2, 3};
    nd::array<int> b = a;
    b(0) = 100;
    CHECK(a(0) == 1);
    CHECK_FALSE(nd::shares_memory(a, b));
    nd::array<int> c = std::move(b);
    CHECK(c(0) == 100);
    CHECK(b.size() == 0);
    b = a;
    CHECK(b(2) == 3);
    nd::view<int> v = a;
    v(1) = 20;
    CHECK(a(1) == 20);
    nd::view<int> w = v;     // copying a view copies the window
    w(2) = 30;
    CHECK(a(2) == 30);
    nd::view<const int> r = v;
    STATIC_REQUIRE(std::is_same_v<decltype(r(0)), const int&>);
    CHECK_FALSE(r.flags().writeable);
    // Assigning to a view writes through instead of rebinding.
    nd::array<int> other = {7, 8, 9};
    v = other;
    CHECK(a(0) == 7);
    CHECK(v.data() == a.data());
    // Assigning an array of the same shape reuses the storage.
    const int* storage = a.data();
    a = other;
    CHECK(a.data() == storage);
    nd::array<int> longer = {1, 2, 3, 4};
    a = longer;
    CHECK(a.shape() == nd::dim_vector{4});
}

TEST_CASE("a view keeps its buffer alive", "[array]") {
    nd::view<double> v;
    {
        auto a = nd::arange<double>(10);
        v = nd::view<double>(); // assignment to an empty view writes nothing
        nd::view<double> tail = a(nd::slice(5, nd::none));
        new (&v) nd::view<double>(tail);
        CHECK(a.buffer().use_count() == 3);
    }
    CHECK(v.buffer().use_count() == 1);
    CHECK(v(0) == 5.0);
    CHECK(v(4) == 9.0);
    v.~view();
    new (&v) nd::view<double>();
    auto from_temporary = nd::arange<int>(6).reshape({2, 3});
    CHECK(from_temporary(1, 2) == 5);
}

TEST_CASE("const arrays give const views", "[array]") {
    const nd::array<int> m = {{1, 2}, {3, 4}};
    auto row = m(0, nd::all);
    STATIC_REQUIRE(std::is_same_v<decltype(row), nd::view<const int>>);
    STATIC_REQUIRE(std::is_same_v<decltype(m.T()), nd::view<const int>>);
    STATIC_REQUIRE(std::is_same_v<decltype(m(0, 1)), const int&>);
    CHECK(m.T()(0, 1) == 3);
}
