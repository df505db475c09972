// Reference counts of shared buffers: plain while the process has one thread, atomic after
// (core/buffer.hpp). The threaded case copies and drops views and expressions of one array
// from several threads at once; the count must come back to one, and ASan (CI) would see a
// buffer freed while in use.
#include <catch2/catch.hpp>

#include <thread>
#include <vector>

#include <nd/nd.hpp>

TEST_CASE("buffers shared by views and expressions across threads", "[core][buffer]") {
    nd::array<double> a = nd::arange<double>(0.0, 64.0);
    const long before = a.buffer().use_count();
    {
        std::vector<std::thread> workers;
        std::vector<double> sums(4, 0.0);
        std::vector<char> atomic_counts(4, 0);
        for (std::size_t t = 0; t < sums.size(); ++t)
            workers.emplace_back([&a, &sums, &atomic_counts, t] {
                atomic_counts[t] = !nd::detail::process_is_single_threaded(); // the atomic path
                for (int k = 0; k < 20000; ++k) {
                    nd::view<const double> v = a;                      // one more reference
                    auto e = v * 2.0 + 1.0;                             // and one in the node
                    if (k % 1000 == 0) sums[t] += nd::eval(e)(63);      // 127 each time
                }
            });
        for (auto& w : workers) w.join();
        for (double s : sums) CHECK(s == 20 * 127.0);
        for (char atomic : atomic_counts) CHECK(atomic);
    }
    CHECK(a.buffer().use_count() == before);
}
