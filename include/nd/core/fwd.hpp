#pragma once
// The seams of the layer ladder: the array classes in core call into indexing (layer 2) and
// the element loops (layer 4) through these declarations; the definitions live in those layers
// and nd.hpp includes them all, so a user never sees a declared-but-undefined function.

#include <cstddef>
#include <string_view>
#include <type_traits>

#include "nd/core/dim_vector.hpp"
#include "nd/core/layout.hpp"

namespace nd {

template <class T> class view;
template <class T> class array;

namespace detail {

template <class T> class array_base;

/// Basic indexing (integers, slices, all, newaxis, ellipsis): index/basic_indexing.hpp.
template <class T, class... Index> view<T> basic_index(const view<T>& source, const Index&... index);

/// Whether T is an item of basic indexing (integer, slice, all, newaxis, ellipsis): defined in
/// index/index_types.hpp; anything else among the items makes x(...) advanced indexing.
template <class T> struct is_basic_index_item;

/// Advanced indexing (integer arrays, masks): a new array (index/advanced_indexing.hpp).
template <class T, class... Index> array<std::remove_const_t<T>> advanced_index(const view<T>& source, const Index&... index);

/// x[mask] for a mask of x's leading axes: eval/mask.hpp (which may allocate the result for
/// every element and keep the first ones).
template <class T, class Mask> array<T> mask_select(const view<const T>& source, const Mask& mask);

/// NumPy's `x[index...] = values` for every index form: index/advanced_indexing.hpp.
template <class T, class... Arguments> void set_items(const view<T>& destination, const Arguments&... arguments);

/// put's default mode: an index out of range is an error (nd::wrap and nd::clip are the others).
struct raise_mode {};

/// np.put: values written at flat indices, in a mode (raise, wrap, clip): index/index_functions.hpp.
template <class T, class Indices, class Values, class Mode> void put_values(const view<T>& destination, const Indices& indices, const Values& values, Mode mode);

/// Copies (and converts) source's elements into destination, broadcasting: eval/assign.hpp.
template <class T, class U> void assign_elements(const view<T>& destination, const view<const U>& source);

/// Writes one value into every element of destination: eval/assign.hpp.
template <class T> void fill_elements(const view<T>& destination, const std::remove_const_t<T>& value);

/// A new contiguous array with source's elements converted to U, in the given order: eval/assign.hpp.
template <class U, class T> array<U> copy_elements(const view<const T>& source, order memory_order);

/// The element type of a field view: the field's (arrays of it add axes), const as the records are.
template <class T, class Field>
using field_element_t = std::conditional_t<std::is_const_v<T>, const std::remove_all_extents_t<Field>, std::remove_all_extents_t<Field>>;

/// A view of one field of every record, by member pointer or by name: records/record.hpp.
template <class T, class Field, class Record> view<field_element_t<T, Field>> field_view(const view<T>& records, Field Record::*member);
template <class Field, class T> view<field_element_t<T, Field>> named_field_view(const view<T>& records, std::string_view name);

/// Every lazy elementwise node derives from this (expr/expression.hpp).
struct expression_tag {};

/// Evaluates an expression into destination (broadcast, overlap-safe): eval/evaluate.hpp.
template <class T, class E> void evaluate_into(const view<T>& destination, const E& expression);

/// The same for an array or a view, through their common base: eval/evaluate.hpp.
template <class T, class E> void evaluate_into_elements(const array_base<T>& destination, const E& expression);

/// Evaluates an expression into a default-constructed array, sized and laid out for it: the
/// one way core reaches evaluation to build an array (eval/evaluate.hpp).
template <class T, class E> void evaluate_into_new_array(array<T>& destination, const E& expression);

/// Evaluates an expression into a new array of element type T: eval/evaluate.hpp.
template <class T, class E> array<T> evaluate_new(const E& expression);

} // namespace detail

/// A lazy elementwise expression: computed only when assigned, evaluated or reduced.
/// `nd::expression auto e = a * b + 1;`
template <class E>
concept expression = std::is_base_of_v<detail::expression_tag, std::remove_cvref_t<E>>;
} // namespace nd
