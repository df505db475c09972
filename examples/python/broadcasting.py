# NumPy twin of examples/broadcasting.cpp (SEED.md, "Broadcasting"; the distance matrix is
# examples/python/distance_matrix.py).
import numpy as np

# Scalar broadcast: multiply every element
a = np.array([1, 2, 3, 4])
print(a * 10)  # [10, 20, 30, 40]

# 1D + 2D broadcasting
row = np.array([1, 2, 3])
matrix = np.array([[10, 20, 30],
                   [40, 50, 60]])
print(matrix + row)
# [[11, 22, 33],
#  [41, 52, 63]]

# Column broadcast
col = np.array([[100], [200]])
print(matrix + col)
# [[110, 120, 130],
#  [240, 250, 260]]

# Rule 1: trailing dimensions are compared first, so (2, 1) + (3,) stretches both
# operands to (2, 3): an outer sum.
print((col + row).shape)
print(col + row)

# Rule 3 without copying: the stretched row is a view whose stride along the new axis is 0.
stretched = np.broadcast_to(row, (2, 3))
print(stretched.strides, np.shares_memory(stretched, row))

# Rule 2: 3 and 4 are neither equal nor 1.
try:
    matrix + a
except ValueError as e:
    # NumPy ends this message with a space; nd's has none.
    print(f"Error: {str(e).rstrip()}")
