# NumPy twin of examples/distance_matrix.cpp (SEED.md, "Broadcasting": the distance matrix).
import numpy as np

# Distance matrix using broadcasting (no loops!)
points = np.array([[0, 0], [1, 1], [2, 0], [3, 3]])
# Shape: (4, 2)

# Reshape for broadcasting: (4, 1, 2) - (1, 4, 2) = (4, 4, 2)
diff = points[:, np.newaxis, :] - points[np.newaxis, :, :]
print(diff.shape, diff.dtype)
distances = np.sqrt(np.sum(diff ** 2, axis=2))
print(distances.dtype)
print("Distance matrix:")
print(np.round(distances, 2))
