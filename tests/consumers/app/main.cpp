// The consumer tests' program, built against an installed nd (find_package) and
// against nd's source tree (add_subdirectory): it must compile with the consumer's own
// flags and give the right answers.
#include <nd/nd.hpp>

#include <iostream>
#include <sstream>

int main() {
    nd::array<int> m = {{10, 20, 30}, {40, 50, 60}};
    auto col = m(nd::all, 1);
    col = 0;
    std::ostringstream out;
    out << m.T();
    std::cout << out.str() << '\n';
    return out.str() == "[[10 40]\n [ 0  0]\n [30 60]]" ? 0 : 1;
}
