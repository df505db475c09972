#pragma once
// Every failure nd reports is one of these, so a caller can catch `nd::error` for all of them
// or a precise kind. Messages follow NumPy's wording where NumPy has one.

#include <stdexcept>
#include <string>

namespace nd {

/// Base of every exception nd throws.
/// `try { a.at(9); } catch (const nd::error& e) { std::cerr << e.what(); }`
class error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Shapes that do not fit: broadcasting, reshape, ragged initializer lists, oversized shapes.
/// `nd::zeros<int>({2, 3}).reshape({4})  // throws nd::shape_error`
class shape_error : public error {
public:
    using error::error;
};

/// An index, axis or slice that does not fit the array.
/// `nd::zeros<int>({3}).at(3)  // throws nd::index_error`
class index_error : public error {
public:
    using error::error;
};

/// An element type that does not fit: casting rules, record fields, file dtypes.
/// `students.field<int>("name")  // throws nd::type_error`
class type_error : public error {
public:
    using error::error;
};

/// An argument whose values do not allow an answer, as NumPy's ValueError for them: a slice of
/// nothing but NaN given to nanargmin or nanargmax.
/// `nd::nanargmin(nd::array<double>{NAN})  // throws nd::value_error`
class value_error : public error {
public:
    using error::error;
};

/// A file that cannot be read or written, or whose contents are corrupt.
/// `nd::load<int>("missing.npy")  // throws nd::io_error`
class io_error : public error {
public:
    using error::error;
};

} // namespace nd
