# NumPy twin of examples/masks.cpp: cleaning a small table with boolean masks.
import numpy as np

# Six readings of three sensors; a negative value is a sensor fault, not a measurement.
readings = np.array([[21.5, 40.2, -1.0],
                     [-3.2, 38.9, 0.8],
                     [25.1, -0.5, 1.2],
                     [18.7, 45.0, 0.9],
                     [-0.4, 41.3, -2.1],
                     [30.2, 36.6, 1.1]])
print("readings:")
print(readings)

# Where the faults are, before they are overwritten: one (row, column) pair per fault.
print("faults at:")
print(np.argwhere(readings < 0))

# A fault counts as no signal.
readings[readings < 0] = 0
print("cleaned:")
print(readings)

# A mask over the first axis selects whole rows.
hot = readings[:, 0] > 20
print("first sensor above 20:")
print(hot)
print(readings[hot])
print(f"rows above 20: {np.count_nonzero(hot)}")

# The same rows by their numbers, which can be kept and reused where the mask cannot.
rows = np.nonzero(hot)[0]
print("their rows:")
print(rows)
print(np.take(readings, rows, axis=0))
