# NumPy twin of examples/structured_arrays.cpp: SEED.md's "Structured Arrays" example.
import numpy as np

# Define a structured dtype
dt = np.dtype([("name", "U10"), ("age", "i4"), ("score", "f8")])
students = np.array([
    ("Alice", 20, 92.5),
    ("Bob", 21, 88.0),
    ("Carol", 19, 95.5),
], dtype=dt)

# Access by field name
print(f"Names: {students['name']}")
print(f"Mean score: {students['score'].mean():.1f}")

# Boolean indexing
top_students = students[students["score"] > 90]
print(f"Top students: {top_students['name']}")
