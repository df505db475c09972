#!/usr/bin/env python3
"""Prints the table of 2^(j/16), j = 0..15, that nd's AVX-512 float64 exp kernel
(include/nd/core/simd.hpp, exp_normal_float64_table) reads: each value as the nearest double
(high) and the nearest double to what remains (low), so that high + low carries it to about
2^-106. Regenerate with `python3 scripts/gen_exp_table.py` and put the two lists' values in
exp2_sixteenths_high and exp2_sixteenths_low in simd.hpp."""
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
