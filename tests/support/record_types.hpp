#pragma once
// Record types the record tests share (tests/records/): the same structs as the NumPy dtypes of
// tests/fixtures/gen_records.py, registered with ND_RECORD in their own namespace.

#include <nd/nd.hpp>

#include <cstdint>

namespace record_types {

struct point {
    double x;
    double y;
};
ND_RECORD(point, x, y);

/// Padding: 7 bytes after a, 6 at the end.
struct padded {
    std::int8_t a;
    double b;
    std::int16_t c;
};
ND_RECORD(padded, a, b, c);

/// A nested record and a subarray of them.
struct segment {
    std::int32_t id;
    point a;
    point b[2];
    std::int8_t tag;
};
ND_RECORD(segment, id, a, b, tag);

/// SEED.md's student ('U10', 'i4', 'f8').
struct student {
    nd::fixed_ustring<10> name;
    std::int32_t age;
    double score;
};
ND_RECORD(student, name, age, score);

} // namespace record_types
