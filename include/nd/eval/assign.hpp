#pragma once
// Copying, converting and filling elements: the definitions behind view assignment, copy(),
// astype() and the creation functions. Overlapping source and destination are detected exactly
// and resolved through a temporary, so the result is as if the source had been read first.

#include <cstddef>
#include <cstring>
#include <type_traits>

#include "nd/core/array.hpp"
#include "nd/core/convert.hpp"
#include "nd/core/layout_transform.hpp"
#include "nd/core/memory_overlap.hpp"
#include "nd/core/view.hpp"
#include "nd/eval/strided_loop.hpp"

namespace nd::detail {

template <class D, class S> void copy_run(const inner_run<2>& run) {
    std::byte* d = run.pointers[0];
    const std::byte* s = run.pointers[1];
    const std::ptrdiff_t ds = run.strides[0], ss = run.strides[1], n = run.length;
    if (ds == sizeof(D) && ss == sizeof(S)) {
        if constexpr (std::is_same_v<D, S> && std::is_trivially_copyable_v<D>) {
            std::memcpy(d, s, static_cast<std::size_t>(n) * sizeof(D));
        } else {
            auto* out = reinterpret_cast<D*>(d);
            const auto* in = reinterpret_cast<const S*>(s);
            for (std::ptrdiff_t i = 0; i < n; ++i) out[i] = convert<D>(in[i]);
        }
    } else if (ss == 0) {
        const D value = convert<D>(*reinterpret_cast<const S*>(s));
        for (std::ptrdiff_t i = 0; i < n; ++i) *reinterpret_cast<D*>(d + i * ds) = value;
    } else {
        for (std::ptrdiff_t i = 0; i < n; ++i) *reinterpret_cast<D*>(d + i * ds) = convert<D>(*reinterpret_cast<const S*>(s + i * ss));
    }
}

template <class T, class U> void assign_elements(const view<T>& destination, const view<const U>& source) {
    static_assert(!std::is_const_v<T>, "cannot assign into a view of const elements");
    const dim_vector& target = destination.shape();
    if (!broadcasts_to(source.shape(), target))
        throw shape_error("could not broadcast input array from shape " + to_string(source.shape()) + " into shape " +
                          to_string(destination.shape()));
    if (!destination.flags().writeable) throw error("assignment destination is read-only");
    if (destination.size() == 0) return;
    const memory_extent d = extent_of(destination), s = extent_of(source);
    if (bounds_overlap(d, s) && extents_overlap(d, s)) {
        // Read everything first, as NumPy does for overlapping operands.
        const array<U> temporary = copy_elements<U>(source, order::K);
        assign_elements(destination, view<const U>(temporary));
        return;
    }
    const dim_vector source_strides = broadcast_strides(source.shape(), source.strides(), target);
    for_each_run<2>(target,
                    {reinterpret_cast<std::byte*>(destination.data()),
                     const_cast<std::byte*>(reinterpret_cast<const std::byte*>(source.data()))},
                    {&destination.strides(), &source_strides}, copy_run<T, U>);
}

template <class T> void fill_elements(const view<T>& destination, const std::remove_const_t<T>& value) {
    if (!destination.flags().writeable) throw error("assignment destination is read-only");
    for_each_run<1>(destination.shape(), {reinterpret_cast<std::byte*>(destination.data())}, {&destination.strides()},
                    [&value](const inner_run<1>& run) {
                        std::byte* d = run.pointers[0];
                        if (run.strides[0] == sizeof(T)) {
                            auto* out = reinterpret_cast<T*>(d);
                            for (std::ptrdiff_t i = 0; i < run.length; ++i) out[i] = value;
                        } else {
                            for (std::ptrdiff_t i = 0; i < run.length; ++i) *reinterpret_cast<T*>(d + i * run.strides[0]) = value;
                        }
                    });
}

template <class U, class T> array<U> copy_elements(const view<const T>& source, order memory_order) {
    if (memory_order == order::A) {
        const auto f = source.flags();
        memory_order = f.f_contiguous && !f.c_contiguous ? order::F : order::C;
    }
    if (memory_order != order::K) {
        array<U> result(source.shape(), memory_order);
        assign_elements(view<U>(result), source);
        return result;
    }
    // Keep the source's axis order in memory: lay the copy out C-contiguous in the permuted
    // shape and relabel its strides back to the source's axes.
    const dim_vector axes = memory_order_axes(source.shape(), source.strides());
    const dim_vector permuted_strides = contiguous_strides(permute(source.shape(), axes), static_cast<std::ptrdiff_t>(sizeof(U)), order::C);
    array<U> result(source.shape(), order::C);
    for (std::size_t k = 0; k < axes.size(); ++k) result.strides_[static_cast<std::size_t>(axes[k])] = permuted_strides[k];
    assign_elements(view<U>(result), source);
    return result;
}

} // namespace nd::detail
