// SEED.md, "Memory Layout: C vs Fortran Order": the same shape stored row-major or
// column-major, and what that does to the byte strides and contiguity of rows and columns.
// Twin: examples/python/memory_layout.py.
#include <nd/nd.hpp>

#include <iostream>

namespace {
const char* python_bool(bool value) { return value ? "True" : "False"; }

// Python prints a tuple of strides as (8000, 8).
std::string python_tuple(const nd::dim_vector& values) {
    std::string text = "(";
    for (std::size_t k = 0; k < values.size(); ++k) text += (k ? ", " : "") + std::to_string(values[k]);
    return text + (values.size() == 1 ? ",)" : ")");
}
} // namespace

int main() {
    // C order (row-major): rows are contiguous
    auto c_array = nd::zeros<double>({1000, 1000}, nd::order::C);

    // Fortran order (column-major): columns are contiguous
    auto f_array = nd::zeros<double>({1000, 1000}, nd::order::F);

    // Row access is fast for C order, column access for F order
    std::cout << "C order, row contiguous: " << python_bool(c_array.flags().c_contiguous) << '\n';
    std::cout << "F order, col contiguous: " << python_bool(f_array.flags().f_contiguous) << '\n';

    // The same shape, different byte strides: which axis steps by one element.
    std::cout << "C strides: " << python_tuple(c_array.strides()) << ", F strides: " << python_tuple(f_array.strides()) << '\n';
    auto row = c_array(0, nd::all);
    auto col = f_array(nd::all, 0);
    std::cout << "row of C array contiguous: " << python_bool(row.flags().c_contiguous) << '\n';
    std::cout << "column of F array contiguous: " << python_bool(col.flags().c_contiguous) << '\n';
    std::cout << "column of C array contiguous: " << python_bool(c_array(nd::all, 0).flags().c_contiguous) << '\n';
    auto m = nd::arange<long>(6).reshape({2, 3});
    std::cout << python_bool(m.T().flags().f_contiguous) << ' ' << python_bool(m.T().flags().c_contiguous) << '\n';
    std::cout << python_tuple(nd::asfortranarray(m).strides()) << '\n';
}
