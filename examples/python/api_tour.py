# NumPy twin of examples/api_tour.cpp: API.md's creation, attribute, element-access, view,
# printing and structured-record lines, each printed.
import numpy as np

a = np.arange(10, dtype=np.float32)
r = np.arange(2, 8, 0.5)
z = np.zeros((1000, 1000), order='F')
o = np.ones(1000000)
e = np.empty_like(o)
f = np.full((2, 3), 7, dtype=np.int32)
l = np.linspace(0, 1, 11)
I = np.eye(3)
m = np.array([[10, 20, 30], [40, 50, 60]], dtype=np.int32)
c = np.zeros_like(m); u = np.ones_like(m)
print(a); print(r); print(z.shape, z.flags['F_CONTIGUOUS']); print(o[:3], e.shape)
print(f); print(l); print(I); print(m); print(c); print(u)

print(m.ndim, m.size, m.shape, m.shape[0])
print(m.strides)
print(m.itemsize, m.nbytes)
print(m.flags['C_CONTIGUOUS'], m.flags['F_CONTIGUOUS'], m.flags['OWNDATA'], m.flags['WRITEABLE'])

m[1, 2] = 5
print(m[-1, 2])

b = m[1:3]
rv = a[::-1]
st = a[0:10:2]
col = m[:, 1]
row = m[1, :]
ex = m[..., np.newaxis]
pts = np.array([[0, 0], [1, 1], [2, 0], [3, 3]], dtype=np.int32)
p3 = pts[:, np.newaxis, :]
re = m.reshape(3, 2)
x = np.arange(24, dtype=np.float64).reshape(2, 3, 4)[np.newaxis]
t = m.T; tp = x[0].transpose(2, 0, 1)
sq = x.squeeze(); ed = np.expand_dims(x, 0); bt = np.broadcast_to(row, (4, 3))
cp = m.copy()
print(b); print(rv); print(st); print(col); print(row)
print(ex.shape); print(p3.shape); print(re); print(t); print(tp.shape, tp.strides)
print(sq.shape, ed.shape); print(bt)
b[...] = 0
print(m)
print(np.shares_memory(m, b), np.may_share_memory(m, cp))
print(cp)

# ---- advanced indexing (copies)
m = np.array([[10, 20, 30], [40, 50, 60], [70, 80, 90]], dtype=np.int32)
vals = np.array([-1, -2], dtype=np.int32)
rows = np.array([0, 1]); cols = np.array([2, 0])
idx = np.array([0, 2])
fa = m[idx]
fb = m[:, idx]
g = m[m > 25]
tk = np.take(m, idx, axis=1)
print(fa); print(fb); print(g); print(tk)
m.put(idx, vals)
np.putmask(m, m > 25, 0)
print(m)
m = np.array([[10, 20, 30], [40, 50, 60], [70, 80, 90]], dtype=np.int32)
nz = np.nonzero(m > 25)
print(nz[0], nz[1])
m[m > 25] = 0
m[:, idx] = 7
m[rows, cols] = vals
print(m)
fz = np.flatnonzero(m > 25); aw = np.argwhere(m > 5)
print(fz); print(aw)
h = a.astype(np.float64)
print(h * 1.5)
print(np.array(3.25), np.array([], dtype=np.float64), np.zeros((2, 0)))
print(np.arange(0, -18, -1.5).reshape(2, 2, 3))
print(np.array([complex(1, 2), complex(0, -0.5)], dtype=np.complex64))
print(np.array([True, False]))

# ---- structured records
dt = np.dtype([('name', 'S10'), ('age', 'i4'), ('score', 'f8')], align=True)
students = np.array([(b'Alice', 20, 92.5), (b'Bob', 21, 88.0), (b'Carol', 19, 95.5)], dtype=dt)
scores = students['score']
names = students['name']
top = students[scores > 90]
print(np.lib.format.dtype_to_descr(dt))
print(scores, f"{scores.mean():.1f}")
print(top['age'], names.dtype.str)
print(students == students[1])

# ---- sorting and searching
v = np.array([3.5, np.nan, -1.0, 2.0, 3.5, 0.0])
so = np.sort(v)
print(so, np.argsort(v, kind='stable'))
uvals, ucounts = np.unique(v, return_counts=True)
print(np.unique(v), ucounts)
print(np.searchsorted(so, 2.5), np.searchsorted(so, so, side='right'))
print(np.sort(students, order='score')['age'], np.argsort(students, order=['age', 'score']))
