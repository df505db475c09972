# NumPy twin of examples/memory_layout.cpp (SEED.md, "Memory Layout: C vs Fortran Order").
import numpy as np

# C order (row-major): rows are contiguous
c_array = np.zeros((1000, 1000), order='C')

# Fortran order (column-major): columns are contiguous
f_array = np.zeros((1000, 1000), order='F')

# Row access is fast for C order, column access for F order
print(f"C order, row contiguous: {c_array.flags['C_CONTIGUOUS']}")
print(f"F order, col contiguous: {f_array.flags['F_CONTIGUOUS']}")

# The same shape, different byte strides: which axis steps by one element.
print(f"C strides: {c_array.strides}, F strides: {f_array.strides}")
row = c_array[0, :]
col = f_array[:, 0]
print(f"row of C array contiguous: {row.flags['C_CONTIGUOUS']}")
print(f"column of F array contiguous: {col.flags['C_CONTIGUOUS']}")
print(f"column of C array contiguous: {c_array[:, 0].flags['C_CONTIGUOUS']}")
m = np.arange(6).reshape(2, 3)
print(m.T.flags['F_CONTIGUOUS'], m.T.flags['C_CONTIGUOUS'])
print(np.asfortranarray(m).strides)
