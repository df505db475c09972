#pragma once
// Elements computed from their position, for the creation functions that are not a single
// repeated value (arange, linspace, eye).

#include <cstddef>

#include "nd/core/array.hpp"

namespace nd::detail {

/// Sets element i of a fresh one-dimensional array to value_at(i).
template <class T, class Function> void generate_elements(array<T>& destination, Function&& value_at) {
    T* out = destination.data();
    const std::ptrdiff_t n = destination.size();
    for (std::ptrdiff_t i = 0; i < n; ++i) out[i] = value_at(i);
}

} // namespace nd::detail
