# NumPy twin of examples/avoiding_copies.cpp (SEED.md, "Avoiding Copies").
import numpy as np

a = np.arange(12).reshape(3, 4)

# Views (no copy, share memory)
b = a[1:3]        # Slicing creates a view
c = a.reshape(4, 3)  # Reshape creates a view (usually)
d = a.T            # Transpose creates a view

# Copies (new memory allocation)
e = a.copy()       # Explicit copy
f = a[[0, 2]]     # Fancy indexing creates a copy
g = a[a > 5]      # Boolean indexing creates a copy

print(f"b shares memory with a: {np.shares_memory(a, b)}")  # True
print(f"e shares memory with a: {np.shares_memory(a, e)}")  # False
print(f"f shares memory with a: {np.shares_memory(a, f)}")  # False
print(f"g shares memory with a: {np.shares_memory(a, g)}")
print(f"c shares memory with a: {np.shares_memory(a, c)}")
print(f"d shares memory with a: {np.shares_memory(a, d)}")

# Writing through a view changes the original; writing to a copy does not.
b[0, 0] = 100
e[0, 0] = -1
print(a)
# Reshaping a transposed view cannot be a view: NumPy copies.
flat = d.reshape(12)
print(f"d.reshape(12) shares memory with a: {np.shares_memory(a, flat)}")
# Interleaved slices touch disjoint elements.
print(f"a[:, ::2] and a[:, 1::2] share memory: {np.shares_memory(a[:, ::2], a[:, 1::2])}")
print(f"but may share memory: {np.may_share_memory(a[:, ::2], a[:, 1::2])}")
