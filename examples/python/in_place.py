# NumPy twin of examples/in_place.cpp (SEED.md, "In-Place Operations").
import numpy as np

a = np.ones(1000000)

# BAD: Creates a temporary array
# b = a * 2 + 1  # allocates new arrays for (a*2) and (+1)

# GOOD: In-place operations
a *= 2     # Modifies a directly
a += 1     # No temporary array
print(f"a: {a[:5]}")

# np.add, np.multiply with 'out' parameter
x = np.ones(1000000)
result = np.empty_like(x)
np.multiply(x, 2, out=result)  # Write directly to result
np.add(result, 1, out=result)  # Reuse result buffer
print(f"Result: {result[:5]}")  # [3. 3. 3. 3. 3.]

# The whole expression written into the existing buffer.
result[...] = x * 2 + 1
print(f"Result: {result[:5]}")

# In place through a view writes into the array it views.
m = np.arange(12).reshape(3, 4)
m[:, 1] *= 10
m[1:] += 100
print(m)

# out= may be a view of a different type, as long as the cast is 'same_kind'.
halves = np.zeros(6, dtype=np.float32)
np.divide(np.arange(3), 2, out=halves[::2])
print(halves)
