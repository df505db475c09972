#pragma once
// `std::cout << x` for arrays and views, printing what NumPy's print(x) prints.

#include <ostream>
#include <span>

#include "nd/core/array_base.hpp"
#include "nd/eval/evaluate.hpp"
#include "nd/io/print.hpp"

namespace nd {

/// Prints like NumPy's print(x); the stream's flags, precision and fill are left as they were.
/// `std::cout << nd::eye<double>(2);  // [[1. 0.]\n [0. 1.]]`
template <array_like A> std::ostream& operator<<(std::ostream& os, const A& a) {
    detail::print_array(os, a.data(), std::span<const std::ptrdiff_t>(a.shape().data(), a.shape().size()),
                        std::span<const std::ptrdiff_t>(a.strides().data(), a.strides().size()));
    return os;
}

/// Prints an expression's values, as print(a * 10) does in NumPy. `std::cout << a * 10;`
template <expression E> std::ostream& operator<<(std::ostream& os, const E& e) { return os << nd::eval(e); }

} // namespace nd
