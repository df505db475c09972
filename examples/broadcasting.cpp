// SEED.md, "Broadcasting" (the distance matrix is examples/distance_matrix.cpp): operands of
// different shapes combined without loops and without copying the smaller one.
// Twin: examples/python/broadcasting.py.
#include <nd/nd.hpp>

#include <iostream>

namespace {
const char* python_bool(bool value) { return value ? "True" : "False"; }
} // namespace

int main() {
    // Scalar broadcast: multiply every element
    nd::array<long> a = {1, 2, 3, 4}; // np.array([1, 2, 3, 4]) is int64
    std::cout << nd::eval(a * 10) << '\n'; // expressions are lazy: evaluate to print

    // 1D + 2D broadcasting
    nd::array<long> row = {1, 2, 3};
    nd::array<long> matrix = {{10, 20, 30},
                              {40, 50, 60}};
    std::cout << nd::eval(matrix + row) << '\n';

    // Column broadcast
    // np.array([[100], [200]]). The literal {{100}, {200}} does not compile yet: it also reads
    // as the 1-D {100, 200}, and nd's constructors leave that ambiguous.
    nd::array<long> col = nd::array<long>{100, 200}.reshape({2, 1});
    std::cout << nd::eval(matrix + col) << '\n';

    // Rule 1: trailing dimensions are compared first, so (2, 1) + (3,) stretches both
    // operands to (2, 3): an outer sum.
    nd::array<long> outer = col + row;
    std::cout << outer.shape() << '\n' << outer << '\n';

    // Rule 3 without copying: the stretched row is a view whose stride along the new axis is 0.
    auto stretched = nd::broadcast_to(row, {2, 3});
    std::cout << stretched.strides() << ' ' << python_bool(nd::shares_memory(stretched, row)) << '\n';

    // Rule 2: 3 and 4 are neither equal nor 1. Lazy or not, the shapes are checked up front.
    try {
        nd::array<long> never = matrix + a;
    } catch (const nd::shape_error& e) {
        std::cout << "Error: " << e.what() << '\n';
    }
}
