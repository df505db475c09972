// SEED.md, "Broadcasting": the distance matrix of a set of points, with no loops.
// Twin: examples/python/distance_matrix.py.
#include <nd/nd.hpp>

#include <iostream>

int main() {
    // Distance matrix using broadcasting (no loops!)
    nd::array<long> points = {{0, 0}, {1, 1}, {2, 0}, {3, 3}}; // int64, as NumPy infers
    // Shape: (4, 2)

    // Reshape for broadcasting: (4, 1, 2) - (1, 4, 2) = (4, 4, 2).
    // Unlike NumPy's, this diff is never stored: it is computed while it is summed.
    auto diff = points(nd::all, nd::newaxis, nd::all) - points(nd::newaxis, nd::all, nd::all);
    std::cout << diff.shape() << ' ' << nd::dtype_of<typename decltype(diff)::value_type>.name << '\n';
    auto distances = nd::eval(nd::sqrt(nd::sum(nd::power(diff, 2), 2)));
    std::cout << distances.dtype().name << '\n';
    std::cout << "Distance matrix:\n";
    std::cout << nd::eval(nd::round(distances, 2)) << '\n';
}
