#!/usr/bin/env python3
"""Prints the table of 2^(j/16), j = 0..15, that nd's float64 exp kernel (include/nd/core/simd.hpp,
exp_normal_float64) reads: each value as the nearest double (high) and the nearest double to
what remains (low), so that high + low carries it to about 2^-106. Regenerate with
`python3 scripts/gen_exp_table.py` and paste the two lines over the ones in simd.hpp."""
from decimal import Decimal, getcontext

getcontext().prec = 60
ln2 = Decimal(2).ln()
high, low = [], []
for j in range(16):
    exact = (ln2 * j / 16).exp()
    h = float(exact)  # float(Decimal) rounds correctly
    high.append(h)
    low.append(float(exact - Decimal(h)))
print("high: " + ", ".join(v.hex() for v in high))
print("low:  " + ", ".join(v.hex() for v in low))
