// The consumer tests' program, built against an installed nd (find_package) and
// against nd's source tree (add_subdirectory).
#include <nd/nd.hpp>

int main() { return 0; }
