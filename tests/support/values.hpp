// The elements of an array or view in C order, for comparing with expected lists.
#pragma once

#include <cstddef>
#include <vector>

#include <nd/nd.hpp>

namespace nd_test {
/// `CHECK(nd_test::values_of(m) == std::vector<int>{1, 2, 3, 4});`
template <class A> std::vector<typename A::value_type> values_of(const A& a) {
    std::vector<typename A::value_type> out;
    const auto flat = nd::view<const typename A::value_type>(a).ravel();
    for (std::ptrdiff_t i = 0; i < flat.size(); ++i) out.push_back(flat(i));
    return out;
}
} // namespace nd_test
