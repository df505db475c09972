#!/usr/bin/env python3
"""Times nd's benchmark cases in NumPy and prints the results as JSON.

Same case names as the C++ suite (bench_elementwise.cpp, bench_reductions.cpp,
bench_indexing.cpp, bench_sorting.cpp), with the implementation "numpy":
"triad/f32/16M/numpy". Each case is written the way a NumPy expert would write it: into an
existing output with out= (np.add(a, b, out=c), np.copyto(b, a.T), np.exp(x, out=y)) wherever
the C++ case writes into existing storage, and `c = a + b` for the small arrays, whose C++ case
allocates its result. Reductions: a.sum(), np.sum(m, axis=k, out=out), a.min(), a.max(),
a.argmax(); the mean of a*b as np.multiply(a, b, out=tmp) then tmp.mean() (NumPy has no fused
form; the product goes to a scratch array made once, not a new temporary per call).
Advanced indexing: x[x > t], np.take(x, idx) and m[idx] allocate their result, as the C++
cases do; x[x < 0] = 0 runs after np.copyto(x, pristine), the restore the C++ case times too.
Sorting and records (bench_sorting.cpp): np.sort(a) and np.argsort(a) with the default kind,
np.sort(r, order='key') on an aligned structured array [('key', 'f8'), ('id', 'i4'),
('weight', 'f4')], and r['key'].sum() (a strided view).
Bytes per second count bytes read + bytes written with the C++ suite's formulas (for sorting
and records, the elements sorted or summed, as bench_sorting.cpp counts them); time is CPU
time (time.process_time), as Google Benchmark reports by default.

    /usr/bin/python3 benchmarks/numpy_bench.py [--out FILE] [--filter REGEX] [--min-time SECONDS] [--verbose]

--filter takes a Google Benchmark filter (a regular expression searched in the name; a
leading '-' negates it); a case runs when the filter selects any of its C++ names
(<case>/<dtype>/<size>/nd, /hand, /memcpy, /read) or its /numpy name.
Without NumPy (the python3 of some CI machines has none) it prints a note on stderr and
exits with status 0 without writing anything.
"""

import argparse
import json
import platform
import re
import statistics
import sys
import time

try:
    import numpy as np
except ImportError:
    print(f"numpy_bench.py: NumPy is not installed for {sys.executable}; no NumPy column "
          "(on Debian 12: apt-get install python3-numpy, then run /usr/bin/python3)",
          file=sys.stderr)
    sys.exit(0)

LARGE_N = 1 << 24   # 16.7M elements: out of cache
SMALL_N = 1 << 14   # 16K elements: cache resident
RECORD_N = 1 << 20  # 1M records: sort_records, the smaller field_sum
LARGE_SIDE = 4096
SMALL_SIDE = 128

DTYPES = (("f32", np.float32), ("f64", np.float64))

# bench_sorting.cpp's bench_record {double key; int32_t id; float weight;}: 16 bytes.
RECORD = np.dtype([("key", "f8"), ("id", "i4"), ("weight", "f4")], align=True)


def count_tag(n):
    if n >= (1 << 20) and n % (1 << 20) == 0:
        return f"{n >> 20}M"
    if n >= 1024 and n % 1024 == 0:
        return f"{n >> 10}K"
    return str(n)


def shape_tag(*shape):
    return "x".join(str(s) for s in shape)


def uniform(rng, shape, lo, hi, dtype, order="C"):
    values = rng.uniform(lo, hi, size=shape).astype(dtype)
    return np.asfortranarray(values) if order == "F" else values


def cases():
    """Yields (case key, bytes per call or None, setup) in the C++ suite's order; setup()
    builds the inputs and returns the function to time."""
    rng = np.random.default_rng(12345)

    def each_type(name, sizes, make):
        for tag, dt in DTYPES:
            for size in sizes:
                key, nbytes, setup = make(dt, size)
                yield f"{name}/{tag}/{key}", nbytes, setup

    def triad(dt, n):
        def setup():
            a, b = uniform(rng, n, 0.5, 1.5, dt), uniform(rng, n, 0.5, 1.5, dt)
            c, d = uniform(rng, n, -1, 1, dt), np.zeros(n, dt)
            # Two passes, no temporaries: what an expert writes for d = a*b + c into existing
            # storage (d[...] = a*b + c would allocate a temporary for a*b).
            def run():
                np.multiply(a, b, out=d)
                np.add(d, c, out=d)
            return run
        return count_tag(n), 4 * n * dt().itemsize, setup

    def add(dt, n):
        def setup():
            a, b, c = uniform(rng, n, -1, 1, dt), uniform(rng, n, -1, 1, dt), np.zeros(n, dt)
            return lambda: np.add(a, b, out=c)
        return count_tag(n), 3 * n * dt().itemsize, setup

    def row_bcast(dt, side):
        def setup():
            m, row = uniform(rng, (side, side), -1, 1, dt), uniform(rng, side, -1, 1, dt)
            out = np.zeros((side, side), dt)
            return lambda: np.add(m, row, out=out)
        return shape_tag(side, side), (2 * side * side + side) * dt().itemsize, setup

    def col_bcast(dt, side):
        def setup():
            m, col = uniform(rng, (side, side), -1, 1, dt), uniform(rng, (side, 1), -1, 1, dt)
            out = np.zeros((side, side), dt)
            return lambda: np.add(m, col, out=out)
        return shape_tag(side, side), (2 * side * side + side) * dt().itemsize, setup

    def bcast_3d_2d(dt, shape):
        p, r, c = shape
        def setup():
            x, y = uniform(rng, (p, r, c), -1, 1, dt), uniform(rng, (r, c), -1, 1, dt)
            out = np.zeros((p, r, c), dt)
            return lambda: np.add(x, y, out=out)
        return shape_tag(p, r, c), (2 * p * r * c + r * c) * dt().itemsize, setup

    def add_c_f(dt, side):
        def setup():
            a = uniform(rng, (side, side), -1, 1, dt)
            b = uniform(rng, (side, side), -1, 1, dt, order="F")
            out = np.zeros((side, side), dt)
            return lambda: np.add(a, b, out=out)
        return shape_tag(side, side), 3 * side * side * dt().itemsize, setup

    def strided_add(dt, n):
        def setup():
            a, b = uniform(rng, n, -1, 1, dt), uniform(rng, n, -1, 1, dt)
            out = np.zeros(n // 2, dt)
            return lambda: np.add(a[::2], b[::2], out=out)
        return count_tag(n), 3 * (n // 2) * dt().itemsize, setup

    def transpose(dt, side):
        def setup():
            a, b = uniform(rng, (side, side), -1, 1, dt), np.zeros((side, side), dt)
            return lambda: np.copyto(b, a.T)   # b[...] = a.T does the same
        return shape_tag(side, side), 2 * side * side * dt().itemsize, setup

    def unary(function):
        def make(dt, n):
            def setup():
                x, out = uniform(rng, n, -10, 10, dt), np.zeros(n, dt)
                return lambda: function(x, out=out)
            return count_tag(n), 2 * n * dt().itemsize, setup
        return make

    yield from each_type("triad", (LARGE_N, SMALL_N), triad)
    yield from each_type("add", (LARGE_N, SMALL_N), add)
    yield from each_type("row_bcast", (LARGE_SIDE, SMALL_SIDE), row_bcast)
    yield from each_type("col_bcast", (LARGE_SIDE, SMALL_SIDE), col_bcast)
    yield from each_type("bcast_3d_2d", ((64, 512, 512), (4, 64, 64)), bcast_3d_2d)
    yield from each_type("add_c_f", (LARGE_SIDE, SMALL_SIDE), add_c_f)
    yield from each_type("strided_add", (LARGE_N, SMALL_N), strided_add)
    yield from each_type("transpose", (LARGE_SIDE, SMALL_SIDE), transpose)
    yield from each_type("exp", (LARGE_N, SMALL_N), unary(np.exp))
    yield from each_type("sin", (LARGE_N, SMALL_N), unary(np.sin))

    def logaddexp(dt, n):
        def setup():
            x, y, out = uniform(rng, n, -10, 10, dt), uniform(rng, n, -10, 10, dt), np.zeros(n, dt)
            return lambda: np.logaddexp(x, y, out=out)
        return count_tag(n), 3 * n * dt().itemsize, setup
    yield from each_type("logaddexp", (LARGE_N,), logaddexp)

    # Reductions (bench_reductions.cpp): values in [0, 1), bytes = elements read + written.
    def reduction(function):
        def make(dt, n):
            def setup():
                a = uniform(rng, n, 0, 1, dt)
                return lambda: function(a)
            return count_tag(n), n * dt().itemsize, setup
        return make

    def sum_axis(axis):
        def make(dt, shape):
            rows, cols = shape
            out_count = cols if axis == 0 else rows
            def setup():
                m, out = uniform(rng, (rows, cols), 0, 1, dt), np.zeros(out_count, dt)
                return lambda: np.sum(m, axis=axis, out=out)
            return shape_tag(rows, cols), (rows * cols + out_count) * dt().itemsize, setup
        return make

    def mean_ab(dt, n):
        def setup():
            a, b, tmp = uniform(rng, n, 0, 1, dt), uniform(rng, n, 0, 1, dt), np.zeros(n, dt)
            def run():
                np.multiply(a, b, out=tmp)
                return tmp.mean()
            return run
        return count_tag(n), 2 * n * dt().itemsize, setup

    axis_shapes = ((LARGE_SIDE, LARGE_SIDE), (10, 100000), (100000, 10))
    yield from each_type("sum_all", (LARGE_N,), reduction(np.sum))
    yield from each_type("sum_axis0", axis_shapes, sum_axis(0))
    yield from each_type("sum_axis1", axis_shapes, sum_axis(1))
    yield from each_type("mean_ab", (LARGE_N,), mean_ab)
    yield from each_type("min", (LARGE_N,), reduction(np.min))
    yield from each_type("max", (LARGE_N,), reduction(np.max))
    yield from each_type("argmax", (LARGE_N,), reduction(np.argmax))

    def reduction_with_nan(function):
        def make(dt, n):
            def setup():
                a = uniform(rng, n, 0, 1, dt)
                a[::97] = np.nan   # as bench_reductions.cpp's uniform_with_nan
                return lambda: function(a)
            return count_tag(n), n * dt().itemsize, setup
        return make
    yield from each_type("nansum", (LARGE_N,), reduction_with_nan(np.nansum))
    yield from each_type("nanmax", (LARGE_N,), reduction_with_nan(np.nanmax))

    # Advanced indexing (bench_indexing.cpp); the size part of a name carries the rest of the
    # case, as there.
    def mask_select(dt, size):
        n, percent_kept = size
        def setup():
            x = uniform(rng, n, 0, 1, dt)
            threshold = dt(1 - percent_kept / 100)   # keeps percent_kept% of values in [0, 1)
            return lambda: x[x > threshold]
        return f"{count_tag(n)}_{percent_kept}pct", n * dt().itemsize, setup

    selections = [(n, percent) for n in (LARGE_N, SMALL_N) for percent in (1, 50, 99)]
    yield from each_type("mask_select", selections, mask_select)

    take_count = 1 << 20
    for order in ("random", "sorted"):
        def setup(order=order):
            x = uniform(rng, LARGE_N, 0, 1, np.float32)
            indices = rng.integers(0, LARGE_N, size=take_count, dtype=np.int64)
            if order == "sorted":
                indices.sort()
            return lambda: np.take(x, indices)
        yield (f"take/f32/{count_tag(LARGE_N)}_{count_tag(take_count)}_{order}",
               take_count * (8 + 2 * 4), setup)   # indices + elements gathered + written

    taken_rows = 1000
    def take_rows_setup():
        m = uniform(rng, (LARGE_SIDE, LARGE_SIDE), 0, 1, np.float32)
        rows = rng.integers(0, LARGE_SIDE, size=taken_rows, dtype=np.int64)
        return lambda: m[rows]
    yield (f"take_rows/f32/{shape_tag(LARGE_SIDE, LARGE_SIDE)}_{taken_rows}rows",
           taken_rows * (8 + 2 * LARGE_SIDE * 4), take_rows_setup)

    def set_mask_setup():
        pristine = uniform(rng, LARGE_N, -1, 1, np.float32)   # half negative
        x = np.zeros(LARGE_N, np.float32)
        def run():
            np.copyto(x, pristine)   # the first call leaves nothing negative for the next
            x[x < 0] = 0
        return run
    yield f"set_mask/f32/{count_tag(LARGE_N)}", 4 * LARGE_N * 4, set_mask_setup   # restore + write

    # Sorting and records (bench_sorting.cpp): bytes = the elements sorted or summed (input
    # only), as there. np.sort and np.argsort with their default kind ('quicksort': introsort,
    # or the AVX-512 sorts of NumPy builds that have them); np.sort allocates its result, as
    # nd::sort does.
    def sort_input(dt, n):
        if np.issubdtype(dt, np.floating):
            return uniform(rng, n, -1e9, 1e9, dt)
        info = np.iinfo(dt)   # the full range, as bench_sorting.cpp's fill_bits
        return rng.integers(info.min, info.max, size=n, dtype=dt, endpoint=True)

    for tag, dt in (("f32", np.float32), ("i32", np.int32), ("f64", np.float64), ("i64", np.int64)):
        def setup(dt=dt):
            a = sort_input(dt, LARGE_N)
            return lambda: np.sort(a)
        yield f"sort/{tag}/{count_tag(LARGE_N)}", LARGE_N * np.dtype(dt).itemsize, setup

    def argsort_setup():
        a = sort_input(np.float32, LARGE_N)
        return lambda: np.argsort(a)
    yield f"argsort/f32/{count_tag(LARGE_N)}", LARGE_N * 4, argsort_setup

    def records(n, key_lo, key_hi):
        r = np.empty(n, RECORD)
        r["key"] = rng.uniform(key_lo, key_hi, n)
        r["id"] = np.arange(n, dtype=np.int32)
        r["weight"] = rng.uniform(0, 1, n).astype(np.float32)
        return r

    def sort_records_setup():
        r = records(RECORD_N, -1e9, 1e9)
        return lambda: np.sort(r, order="key")
    yield f"sort_records/rec/{count_tag(RECORD_N)}", RECORD_N * RECORD.itemsize, sort_records_setup

    for n in (RECORD_N, LARGE_N):
        def setup(n=n):
            r = records(n, 0, 1)
            return lambda: r["key"].sum()   # a strided view of the keys, summed pairwise
        yield f"field_sum/rec/{count_tag(n)}", n * 8, setup   # n doubles read

    for n in (4, 64):
        def setup(n=n):
            a, b = uniform(rng, n, -1, 1, np.float32), uniform(rng, n, -1, 1, np.float32)
            def run():
                c = a + b   # allocates the result, as the C++ case does
                return c
            return run
        yield f"small_add/f32/{n}", None, setup   # reported in ns per call


def time_per_call(function, min_time):
    """Median CPU seconds per call over batches of calls, for at least min_time in total."""
    function()  # warm up (first-touch page faults, NumPy's caches)
    loops = 1
    while True:
        start = time.process_time()
        for _ in range(loops):
            function()
        elapsed = time.process_time() - start
        if elapsed >= 0.02 or loops >= 1 << 24:
            break
        loops *= 10 if elapsed < 0.002 else 4
    samples = [elapsed / loops]
    total = elapsed
    while total < min_time or len(samples) < 3:
        start = time.process_time()
        for _ in range(loops):
            function()
        elapsed = time.process_time() - start
        samples.append(elapsed / loops)
        total += elapsed
    return statistics.median(samples)


def selected(pattern, key):
    if not pattern:
        return True
    negate = pattern.startswith("-")
    regex = re.compile(pattern[1:] if negate else pattern)
    hit = any(regex.search(f"{key}/{impl}") for impl in ("nd", "hand", "memcpy", "read", "numpy"))
    return hit != negate


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", help="write the JSON here instead of stdout")
    parser.add_argument("--filter", default="", help="Google Benchmark style filter")
    parser.add_argument("--verbose", action="store_true", help="print each case's time on stderr")
    parser.add_argument("--min-time", type=float, default=0.3, help="seconds per case (default 0.3)")
    args = parser.parse_args()

    results = []
    for key, nbytes, setup in cases():
        if not selected(args.filter, key):
            continue
        seconds = time_per_call(setup(), args.min_time)
        entry = {"name": f"{key}/numpy", "time_ns": seconds * 1e9}
        if nbytes is not None:
            entry["bytes_per_second"] = nbytes / seconds
        results.append(entry)
        if args.verbose:
            print(f"numpy_bench.py: {entry['name']}: {seconds * 1e9:.6g} ns", file=sys.stderr)

    document = {
        "context": {
            "numpy_version": np.__version__,
            "python_version": platform.python_version(),
            "python": sys.executable,
            "timer": "time.process_time (CPU time)",
            "min_time": args.min_time,
        },
        "benchmarks": results,
    }
    text = json.dumps(document, indent=1) + "\n"
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
