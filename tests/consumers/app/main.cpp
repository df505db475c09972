// The consumer tests' program, built against an installed nd (find_package) and
// against nd's source tree (add_subdirectory): it must compile with the consumer's own
// flags (an optimized build with -Wall -Wextra -Werror) and give the right answers. It touches
// each layer, so that the optimizer sees the code paths users' programs instantiate.
#include <nd/nd.hpp>

#include <cstdint>
#include <iostream>
#include <sstream>

int main() {
    nd::array<int> m = {{10, 20, 30}, {40, 50, 60}};
    auto col = m(nd::all, 1);
    col = 0;
    std::ostringstream out;
    out << m.T();
    std::cout << out.str() << '\n';
    bool ok = out.str() == "[[10 40]\n [ 0  0]\n [30 60]]";

    // Broadcasting, fusion and reductions on float32 and float64, short and long rows.
    for (std::ptrdiff_t columns : {3, 5, 20, 300}) {
        const nd::array<float> x = nd::full<float>({4, columns}, 0.5f);
        const nd::array<float> row = nd::full<float>({columns}, 1.0f);
        const nd::array<float> y = nd::eval(x * 2.0f + row);                  // every element 2
        const nd::array<float> sums = nd::sum(y, 1), downs = nd::sum(y, 0);   // 2 * columns, 8
        const nd::array<double> wide = nd::full<double>({columns, 4}, 0.25).T().copy();
        ok = ok && sums(3) == 2.0f * static_cast<float>(columns) && downs(0) == 8.0f;
        ok = ok && nd::max(y) == 2.0f && nd::argmax(y) == 0 && nd::mean(wide) == 0.25;
        ok = ok && nd::sum(wide, 1)(0) == 0.25 * static_cast<double>(columns);
    }
    const nd::array<std::int64_t> counts = nd::sum(nd::full<std::int32_t>({2, 3}, 7), 0);
    ok = ok && counts(2) == 14;
    return ok ? 0 : 1;
}
