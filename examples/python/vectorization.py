# NumPy twin of examples/vectorization.cpp (SEED.md, "Vectorization: Arrays, Not Loops").
import numpy as np
import time

# SLOW: Python loop
def sum_squares_loop(n):
    total = 0
    for i in range(n):
        total += i * i
    return total

# FAST: NumPy vectorized
def sum_squares_numpy(n):
    arr = np.arange(n)
    return np.sum(arr * arr)

n = 1000000

start = time.time()
result_loop = sum_squares_loop(n)
loop_time = time.time() - start

start = time.time()
result_numpy = sum_squares_numpy(n)
numpy_time = time.time() - start

print(f"Loop:  {loop_time:.4f}s (result: {result_loop})")
print(f"NumPy: {numpy_time:.4f}s (result: {result_numpy})")
print(f"Speedup: {loop_time/numpy_time:.1f}x")
