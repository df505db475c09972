// Structured records: a table of students with mixed field types, one record per row, its
// columns seen as field views (no copies), a reduction over one field and a boolean mask built
// from another. Twin: examples/python/structured_arrays.py (SEED.md's "Structured Arrays").
#include <nd/nd.hpp>

#include <cstdint>
#include <iomanip>
#include <iostream>

// The record: NumPy's dtype([("name", "U10"), ("age", "i4"), ("score", "f8")]). ND_RECORD names
// the fields, in order, and goes in the struct's namespace.
struct student {
    nd::fixed_ustring<10> name;
    std::int32_t age;
    double score;
};
ND_RECORD(student, name, age, score);

int main() {
    nd::array<student> students = {{"Alice", 20, 92.5}, {"Bob", 21, 88.0}, {"Carol", 19, 95.5}};

    // Access by field: a view of one field of every record (students['name']).
    std::cout << "Names: " << students.field(&student::name) << '\n';
    std::cout << "Mean score: " << std::fixed << std::setprecision(1) << nd::mean(students.field(&student::score)) << '\n';

    // Boolean indexing: the records whose score passes, as a new array.
    nd::array<student> top_students = students(students.field(&student::score) > 90.0);
    std::cout << "Top students: " << top_students.field(&student::name) << '\n';
}
