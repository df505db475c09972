// Fused reductions allocate nothing but their result: `nd::sum(a * a)` reads a once and
// allocates nothing; `nd::mean(diff * diff, 2)` allocates its result only.
//
// Counted with replaced global allocation functions. They replace operator new/delete for the
// WHOLE tests/reduce executable (every test_*.cpp of this folder is linked into it), so they
// are complete and plain: every form (single, array, nothrow, aligned, sized deletes) goes to
// malloc / aligned_alloc and free, and each allocation only increments a counter, which the
// tests here read as differences. Nothing else changes for the other tests.

#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdlib>
#include <new>

#include <nd/nd.hpp>

namespace {

std::size_t allocations = 0;

void* counted(std::size_t size) {
    ++allocations;
    return std::malloc(size ? size : 1);
}
void* counted_aligned(std::size_t size, std::align_val_t alignment) {
    ++allocations;
    const std::size_t a = static_cast<std::size_t>(alignment) < sizeof(void*) ? sizeof(void*) : static_cast<std::size_t>(alignment);
    const std::size_t rounded = (size + a - 1) / a * a; // aligned_alloc wants a multiple of the alignment
    return std::aligned_alloc(a, rounded ? rounded : a);
}
void* or_throw(void* p) {
    if (!p) throw std::bad_alloc();
    return p;
}

/// Allocations made while running f, starting with nd's small block cache empty (small
/// buffers f frees and makes again are taken from it uncounted).
template <class F> std::size_t count_allocations(F&& f) {
    nd::detail::small_block_cache::free_kept();
    nd::detail::large_block_cache::free_kept();
    const std::size_t before = allocations;
    f();
    return allocations - before;
}

} // namespace

void* operator new(std::size_t size) { return or_throw(counted(size)); }
void* operator new[](std::size_t size) { return or_throw(counted(size)); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return counted(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return counted(size); }
void* operator new(std::size_t size, std::align_val_t a) { return or_throw(counted_aligned(size, a)); }
void* operator new[](std::size_t size, std::align_val_t a) { return or_throw(counted_aligned(size, a)); }
void* operator new(std::size_t size, std::align_val_t a, const std::nothrow_t&) noexcept { return counted_aligned(size, a); }
void* operator new[](std::size_t size, std::align_val_t a, const std::nothrow_t&) noexcept { return counted_aligned(size, a); }
// GCC sees free() of what it takes for operator new's memory; here both are malloc's.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }

TEST_CASE("the allocation counter sees nd's allocations", "[reduce][allocations]") {
    CHECK(count_allocations([] { (void)nd::zeros<double>({100}); }) == 1);
    CHECK(count_allocations([] { delete new int(3); }) == 1);
    CHECK(count_allocations([] { delete[] new int[3]; }) == 1);
    CHECK(count_allocations([] { ::operator delete(::operator new(64, std::align_val_t{64}), std::align_val_t{64}); }) == 1);
}

TEST_CASE("fused reductions over all axes allocate nothing", "[reduce][allocations]") {
    const nd::array<double> a = nd::arange<double>(100000) * 1e-3;
    const nd::array<float> f = nd::linspace<float>(-1, 1, 4099);
    const nd::array<double> m = nd::arange<double>(3 * 5 * 7 * 11).reshape({3, 5, 7, 11});
    double s = 0;
    float t = 0;
    CHECK(count_allocations([&] { s = nd::sum(a * a); }) == 0);
    CHECK(s > 0);
    CHECK(count_allocations([&] { s = nd::sum(a); }) == 0);
    CHECK(count_allocations([&] { t = nd::sum(f * f + 1.0f); }) == 0);
    CHECK(count_allocations([&] { t = nd::max(nd::abs(f - 0.5f)); }) == 0);
    CHECK(count_allocations([&] { s = nd::mean((a - 1.0) * (a + 1.0)); }) == 0);
    CHECK(count_allocations([&] { s = nd::prod(m(0, nd::slice(nd::none, nd::none, -1), 1, nd::all) * 0 + 1); }) == 0);
    CHECK(count_allocations([&] { s = nd::sum(m.T() * 2.0); }) == 0); // 4-d transposed
    bool b = false;
    CHECK(count_allocations([&] { b = nd::any(a > 99.0); }) == 0);
    CHECK(count_allocations([&] { b = nd::all(a >= 0.0); }) == 0);
    CHECK(b);
    CHECK(count_allocations([&] { s = nd::var(a); }) == 0);
    CHECK(count_allocations([&] { s = nd::std(a * 2.0); }) == 0);
    std::int64_t k = 0;
    CHECK(count_allocations([&] { k = nd::argmax(a); }) == 0);
    CHECK(k == 99999);
}

TEST_CASE("fused axis reductions allocate only their result", "[reduce][allocations]") {
    // Squared distances of 40 points to 50 points in 3-d: diff is (40, 50, 3), never evaluated.
    const nd::array<double> p = nd::arange<double>(120).reshape({40, 1, 3}) * 0.25;
    const nd::array<double> q = nd::arange<double>(150).reshape({1, 50, 3}) * 0.5;
    nd::array<double> d2;
    CHECK(count_allocations([&] {
              const auto diff = p - q;
              d2 = nd::mean(diff * diff, 2);
          }) == 1);
    REQUIRE(d2.shape() == nd::dim_vector{40, 50});
    const double d = p(7, 0, 1) - q(0, 9, 1), e = p(7, 0, 0) - q(0, 9, 0), g = p(7, 0, 2) - q(0, 9, 2);
    CHECK(d2(7, 9) == Approx((d * d + e * e + g * g) / 3));

    const nd::array<float> m = nd::arange<float>(4096 * 3).reshape({4096, 3});
    const nd::array<float> w = nd::arange<float>(64 * 512).reshape({64, 512});
    nd::array<float> r;
    CHECK(count_allocations([&] { r = nd::sum(m * m, 0); }) == 1);
    CHECK(count_allocations([&] { r = nd::sum(w * w, 1); }) == 1);
    CHECK(count_allocations([&] { r = nd::sum(w * w, 0); }) == 1);
    CHECK(count_allocations([&] { r = nd::max(w - 1.0f, {0, 1}, nd::keepdims); }) == 1);
    CHECK(count_allocations([&] { r = nd::min(w.T() + 1.0f, -1); }) == 1);
    nd::array<bool> any_rows;
    CHECK(count_allocations([&] { any_rows = nd::any(w > 100.0f, 1); }) == 1);
    nd::array<std::int64_t> counts;
    const nd::array<std::int8_t> bytes = nd::ones<std::int8_t>({64, 512});
    CHECK(count_allocations([&] { counts = nd::sum(bytes * bytes, 0); }) == 1);
    CHECK(counts(0) == 64);
}
