// SEED.md, "Avoiding Copies": slicing, reshape and transpose give views that share memory;
// copy(), fancy indexing and boolean indexing give new memory. Twin:
// examples/python/avoiding_copies.py.
#include <nd/nd.hpp>

#include <iostream>

namespace {
const char* python_bool(bool value) { return value ? "True" : "False"; }
} // namespace

int main() {
    nd::array<long> a = nd::arange<long>(12).reshape({3, 4});

    // Views (no copy, share memory)
    auto b = a(nd::slice(1, 3));   // Slicing creates a view
    auto c = a.reshape({4, 3});    // Reshape creates a view (usually)
    auto d = a.T();                // Transpose creates a view

    // Copies (new memory allocation)
    auto e = a.copy();             // Explicit copy
    nd::array<long> rows = {0, 2};  // a[[0, 2]]: an index list is an array in C++
    auto f = a(rows);              // Fancy indexing creates a copy
    auto g = a(a > 5);             // Boolean indexing creates a copy

    std::cout << "b shares memory with a: " << python_bool(nd::shares_memory(a, b)) << '\n';
    std::cout << "e shares memory with a: " << python_bool(nd::shares_memory(a, e)) << '\n';
    std::cout << "f shares memory with a: " << python_bool(nd::shares_memory(a, f)) << '\n';
    std::cout << "g shares memory with a: " << python_bool(nd::shares_memory(a, g)) << '\n';
    std::cout << "c shares memory with a: " << python_bool(nd::shares_memory(a, c)) << '\n';
    std::cout << "d shares memory with a: " << python_bool(nd::shares_memory(a, d)) << '\n';

    // Writing through a view changes the original; writing to a copy does not.
    b(0, 0) = 100;
    e(0, 0) = -1;
    std::cout << a << '\n';
    // Reshaping a transposed view cannot be a view: nd copies, as NumPy does.
    auto flat = d.reshape({12});
    std::cout << "d.reshape(12) shares memory with a: " << python_bool(nd::shares_memory(a, flat)) << '\n';
    // Interleaved slices touch disjoint elements.
    auto evens = a(nd::all, nd::slice(nd::none, nd::none, 2));
    auto odds = a(nd::all, nd::slice(1, nd::none, 2));
    std::cout << "a[:, ::2] and a[:, 1::2] share memory: " << python_bool(nd::shares_memory(evens, odds)) << '\n';
    std::cout << "but may share memory: " << python_bool(nd::may_share_memory(evens, odds)) << '\n';
}
