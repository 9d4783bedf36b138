"""Breadth probes: short functions written as numba users write them (NumPy, strings, containers,
builtins), each compiled by hasten and compared with CPython on one input. Prints each failure and
the count that compile and agree; a measure of how much ordinary code switches by changing the
import, not a test (the differential tests are in tests/).

    python bench/breadth.py
"""

import heapq
import math

import numpy as np

from hasten import njit

G = np.arange(5.0)
K = 3


def p01(a):
    out = np.empty_like(a)
    for idx in np.ndindex(a.shape):
        out[idx] = a[idx] * 2
    return out
def p02(a):
    s = 0.0
    for idx, x in np.ndenumerate(a):
        s += x * idx[0]
    return s
def p03(a):
    return a.reshape(-1, 2).T.copy()
def p04(a):
    return np.where(a > 0.5, a, 0.0).sum()
def p05(a):
    return np.argsort(a)[::-1][:3]
def p06(n):
    x = np.linspace(0, 1, n)
    return np.trapezoid(x**2, x)
def p07(a):
    return np.linalg.norm(a), np.linalg.norm(a, 1), np.linalg.norm(a, np.inf)
def p08(a):
    m = a.reshape(2, -1)
    return np.linalg.svd(m @ m.T)[1]
def p09(a):
    return np.unique(np.round(a * 3), return_counts=True)
def p10(a):
    return np.histogram(a, bins=4)
def p11(a):
    h = {}
    for x in a:
        k = int(x * 10)
        h[k] = h.get(k, 0) + 1
    return sorted(h.items())
def p12(s):
    return " ".join(w.capitalize() for w in s.split())
def p13(s):
    return s.title(), s.swapcase(), s.center(20, "*"), s.ljust(15, "."), s.partition(" ")
def p14(a):
    return np.percentile(a, [10, 50, 90])
def p15(a):
    return np.cov(a.reshape(2, -1))
def p16(a):
    b = a.copy()
    b.sort()
    return np.searchsorted(b, 0.5), np.interp(0.3, b, np.arange(len(b)))
def p17(n):
    np.random.seed(1)
    return np.random.normal(0, 1, (n, 2)).mean(axis=0)
def p18(a):
    return np.clip(a, 0.2, 0.8).astype(np.float32).dtype == np.float32
def p19(a):
    return np.concatenate((a, a[::-1])).reshape(2, -1).mean(axis=1)
def p20(a):
    return np.cumsum(a)[-1], np.diff(a, n=2).shape
def p21(a):
    return np.isnan(a).any(), np.isfinite(a).all()
def p22(a):
    return np.dot(a, a), np.outer(a, a).trace()
def p23(n):
    return [i * i for i in range(n) if i % 3 == 0]
def p24(n):
    return {i: str(i) for i in range(n)}
def p25(x):
    return f"{x:8.3f}|{x:e}|{x:g}|{int(x):>6}|{x:.2%}"
def p26(a):
    return np.array([a.min(), a.max(), a.mean(), a.std(), np.median(a)])
def p27(a):
    return np.vstack((a, a)).shape, np.hstack((a, a)).shape, np.stack((a, a), axis=1).shape
def p28(a):
    return np.nonzero(a > 0.5)[0]
def p29(a):
    q = a.copy()
    q[q > 0.5] = 0
    return q
def p30(a):
    return np.tile(a, 2), np.repeat(a, 2)
def p31(n):
    a = np.zeros((n, n), dtype=np.int64)
    np.fill_diagonal(a, 3)
    return a
def p32(a):
    return np.all(np.diff(np.sort(a)) >= 0)
def p33(a):
    return np.bincount((a * 5).astype(np.int64), minlength=6)
def p34(a):
    return np.floor(a * 7) % 3, np.ceil(-a)
def p35(a):
    return math.gamma(a[0] + 1), math.lgamma(a[1] + 1), math.erf(a[2])
def p36(n):
    return np.eye(n)[::-1], np.identity(n, dtype=np.int32)
def p37(a):
    c = a.astype(np.complex128) * 1j
    return np.abs(c).sum(), np.angle(c[0])
def p38(a):
    return np.linalg.solve(np.eye(3) * 2 + 0.1, a[:3])
def p39(a):
    return np.linalg.inv(np.eye(2) + 0.5), np.linalg.det(np.eye(3) * 2)
def p40(a):
    return np.linalg.eigh(np.eye(2) + 0.5)[0]
def p41(a):
    x = a[0]
    try:
        if x > 2:
            raise ValueError("big")
        return 1
    except ValueError as e:
        return 2
def p42(a):
    return np.argmax(a.reshape(2, -1), axis=1), np.argmin(a)
def p43(a):
    return np.round(a, 2), np.around(a, 1)
def p44(a):
    return np.prod(a[:3]), np.nanmean(a), np.nansum(a)
def p45(a):
    r = np.empty(len(a), dtype=np.bool_)
    for i in range(len(a)):
        r[i] = a[i] > 0.5
    return r.sum()
def p46(a):
    return np.flip(a), np.roll(a, 2), np.rot90(a.reshape(2, -1))
def p47(a):
    return np.maximum.accumulate(a)
def p48(a):
    return np.add.reduce(a), np.multiply.outer(a[:2], a[:2])
def p49(a):
    return a.tolist()
def p50(a):
    return np.frombuffer(a.tobytes(), dtype=np.float64)


def q01(n):
    d = {}
    for i in range(n):
        d.setdefault(i % 3, []).append(i)
    return d
def q02(n):
    groups = {0: [1.0], 1: [2.0]}
    groups[0].append(3.0)
    return groups
def q03(n):
    out = [{"a": i} for i in range(n)]
    return len(out)
def q04(n):
    def fib(k):
        return k if k < 2 else fib(k - 1) + fib(k - 2)
    return fib(n)
def q05(n):
    return G * K + n
def q06(n):
    return [(i, j) for i in range(n) for j in range(i)]
def q07(n):
    s = 0
    i = 0
    while True:
        i += 1
        if i > n:
            break
        if i % 2:
            continue
        s += i
    return s
def q08(n):
    x = np.random.randint(0, 10, size=n)
    return x.shape
def q09(n):
    a = np.arange(n * 2).reshape(n, 2)
    return a[:, 0].sum(), a[-1], a[::2, ::-1]
def q10(n):
    return math.comb(n, 2), math.perm(n, 2), math.factorial(n), math.gcd(n, 6), math.isqrt(n * 10)
def q11(n):
    return n.bit_length() if n > 0 else 0
def q12(n):
    return divmod(-n, 3), -n // 3, -n % 3, pow(n, 3, 7)
def q13(n):
    return f"{n:05d} {n:x} {n:b} {n:,}"
def q14(n):
    l = list(range(n))
    return l[::-1], l[1:-1], l[::2], max(l), min(l), sum(l), any(l), all(l)
def q15(n):
    a = np.zeros((n, n))
    a[np.arange(n), np.arange(n)] = 1.0
    return a
def q16(n):
    a = np.arange(n * n).reshape(n, n)
    return a[a % 2 == 0], np.where(a > 3)
def q17(n):
    return np.array([[1, 2], [3, 4]]) @ np.array([[1.0], [2.0]])
def q18(n):
    x = np.linspace(0, 1, n)
    y = np.sin(x) ** 2 + np.cos(x) ** 2
    return np.allclose(y, 1.0), np.isclose(y, 1.0).all()
def q19(n):
    s = set()
    for i in range(n):
        s.add(i % 4)
    return s, len(s), 2 in s
def q20(n):
    t = (1, 2.5, "x")
    a, b, c = t
    return a + b, c * n, t[::-1]
def q21(n):
    st = "abc" * n
    return st.count("b"), st.find("c"), st.replace("a", "A"), st[::-1], st.upper()
def q22(n):
    return int("42") + n, float("1.5") * n, str(n) + "!", repr(1.5), bool(n)
def q23(n):
    return abs(-n), round(2.675, 2), round(n / 3, 3), max(1, n, 3), min(2.5, n)
def q24(n):
    a = np.ones(n)
    b = a.copy()
    b[0] = 5
    return a is b, np.shares_memory(a, b)
def q25(n):
    a = np.arange(10)
    return a[a.argsort()[::-1]][:n], np.argpartition(a, 3)[:3].size
def q26(n):
    r = np.empty((n, 3))
    for i in range(n):
        r[i] = (i, i * 2, i * 3)
    return r
def q27(n):
    a = np.arange(n, dtype=np.float32)
    return (a / 3).dtype, (a * 2.5).dtype, (a + np.float64(1)).dtype
def q28(n):
    return np.sum(np.arange(n) ** 2, dtype=np.int32), np.mean(np.arange(n), dtype=np.float32)
def q29(n):
    m = np.arange(n * 3, dtype=np.float64).reshape(n, 3)
    return m.sum(axis=0), m.mean(axis=1), m.max(axis=0), m.std(axis=0), np.median(m, axis=0)
def q30(n):
    x = np.arange(n)
    return np.concatenate([x, x, x]), np.split(np.arange(6), 3)[1]
def q31(n):
    out = []
    for i in range(n):
        out.append(np.full(2, i))
    return np.vstack(out)
def q32(n):
    return np.cumprod(np.arange(1, n + 1)), np.diff(np.arange(n) ** 2)
def q33(n):
    x = np.arange(n, dtype=np.float64)
    x[x > 2] *= -1
    return x
def q34(n):
    a = np.random.rand(n)
    np.random.shuffle(a)
    return a.shape
def q35(n):
    return np.full((2, 3), n, dtype=np.int8), np.zeros(n, dtype=np.complex128)
def q36(n):
    return np.arange(n)[None, :] + np.arange(n)[:, None]
def q37(n):
    a = np.arange(12).reshape(3, 4)
    return a[1:, [0, 2]], a[[0, 2]][:, 1]
def q38(n):
    return np.logical_and(np.arange(n) > 1, np.arange(n) < 4), np.any(np.arange(n) > 3, axis=0)
def q39(n):
    x = 0
    for i, (a, b) in enumerate(zip(range(n), range(n, 0, -1))):
        x += i * a - b
    return x
def q40(n):
    return [x for x in "hello" if x != "l"], list("abc"), "".join(reversed("abc"))
def q41(n):
    a = np.arange(n, dtype=np.int64)
    return a.astype(np.float32).sum(), a.view(np.uint64)[0] if n else 0
def q42(n):
    return np.max(np.array([]).reshape(0, n), axis=0, initial=-1.0) if n else 0
def q43(n):
    assert n > 0, "n must be positive"
    return n
def q44(n):
    return np.sign(np.arange(-n, n)), np.abs(np.arange(-2, 2)), np.negative(np.ones(2))
def q45(n):
    a = np.arange(n * 2.0).reshape(2, n)
    a[0], a[1] = a[1].copy(), a[0].copy()
    return a
def q46(n):
    x = np.arange(n)
    np.random.seed(0)
    return np.random.choice(x, 3), np.random.permutation(n)
def q47(n):
    return np.kron(np.eye(2), np.ones((2, 2))), np.outer(np.arange(n), np.arange(2))
def q48(n):
    return np.meshgrid(np.arange(n), np.arange(2))[0]
def q49(n):
    return np.count_nonzero(np.arange(n) % 2), np.flatnonzero(np.arange(n) % 2)
def q50(n):
    return np.triu(np.ones((n, n))), np.tril(np.ones((n, n)), -1).sum()


def r01(n):
    return "{} and {}".format(n, n * 1.5), "{:.2f}|{:>5}".format(1 / 3, n), "{0}{1}{0}".format("a", n)
def r02(x):
    return math.floor(x), math.ceil(x), math.log(x, 2), math.hypot(3, 4), math.trunc(-x), math.isnan(x)
def r03(a):
    return np.interp(np.array([0.5, 1.5]), np.arange(3.0), a[:3])
def r04(a):
    return np.digitize(a, np.array([0.2, 0.5, 0.8])), np.searchsorted(np.sort(a), np.array([0.3, 0.6]))
def r05(a):
    m = a.reshape(2, -1)
    return np.cumsum(m, axis=1), np.argmax(m, axis=0), np.sort(m, axis=0), np.argsort(m, axis=1)
def r06(a):
    m = np.eye(3) * 2 + 0.1
    return np.linalg.cholesky(m), np.linalg.qr(m)[1].shape, np.linalg.pinv(m).shape, np.linalg.matrix_power(m, 3)[0, 0]
def r07(a):
    m = np.vander(a[:4], 3)
    return np.linalg.lstsq(m, a[:4], rcond=None)[0]
def r08(a):
    return np.polyval(np.array([1.0, -2.0, 3.0]), a[:3])
def r09(a):
    return np.unique(np.round(a * 2)), np.isin(a, a[:2])
def r10(a):
    m = a.reshape(2, -1)
    return np.take(m, [1, 2]), np.take(a, np.array([0, 3]))
def r11(n):
    class_ = 0
    try:
        raise KeyError("k")
    except (KeyError, IndexError) as e:
        class_ = 1
    finally:
        class_ += 10
    return class_
def r12(a):
    s = ""
    for x in a[:3]:
        s += f"{x:.3f},"
    return s.rstrip(",")
def r13(n):
    x = np.empty(n, dtype=np.uint8)
    for i in range(n):
        x[i] = (i * 97) & 0xFF
    return x, x.sum(), x.astype(np.int16) - 200
def r14(a):
    return np.mean(a.reshape(2, -1), axis=0, keepdims=True)
def r15(a):
    return np.std(a, ddof=1), np.var(a.reshape(2, -1), axis=1, ddof=1)
def r16(a):
    return np.corrcoef(a[:4], a[4:]), np.cov(a[:4], a[4:])
def r17(a):
    return np.gradient(a), np.ediff1d(a), np.convolve(a, np.ones(3) / 3, mode="same")
def r18(n):
    np.random.seed(n)
    return np.random.randn(2, 2), np.random.randint(0, 5, 3), np.random.uniform(-1, 1, 2), np.random.choice(5, 2, replace=False)
def r19(n):
    rng = np.random.default_rng(n)
    return rng.normal(size=2)
def r20(a):
    return np.nanargmax(a), np.nanmedian(a), np.nancumsum(a)[-1]
def r21(a):
    out = np.zeros_like(a)
    np.cumsum(a, out=out)
    return out
def r22(a):
    return np.sqrt(a, out=np.empty_like(a)), np.add(a, 1.0, out=np.zeros_like(a))
def r23(a):
    i = np.argmin(np.abs(a - 0.5))
    return i, a[i]
def r24(a):
    return np.where(a > 0.5)[0], np.argwhere(a > 0.5).ravel()
def r25(a):
    b = np.sort(a)[::-1]
    return b[:3], np.partition(a, 2)[:3].sum()
def r26(a):
    return np.histogram(a, bins=np.array([0.0, 0.3, 0.6, 1.0]))[0], np.bincount(np.array([0, 1, 1, 3]))
def r27(a):
    return np.round(a, 3).tolist()[:2]
def r28(a):
    return np.all(a >= 0), np.any(np.isnan(a)), (a > 0.5).sum(), np.count_nonzero(a > 0.5)
def r29(a):
    return np.outer(a[:2], a[:3]).shape, np.dot(a[:3], np.ones(3)), a[:3] @ np.ones((3, 2))
def r30(a):
    m = a[:6].reshape(2, 3)
    return m.T @ m, np.linalg.det(m @ m.T), np.linalg.inv(m @ m.T + np.eye(2))
def r31(a):
    return np.exp(a).sum(), np.log1p(a).max(), np.expm1(a).min(), np.arctan2(a, 1 - a)[0]
def r32(a):
    return np.fmax(a, 0.5), np.heaviside(a - 0.5, 0.5)
def r33(a):
    return np.linspace(0, 1, 5, endpoint=False), np.logspace(0, 2, 3), np.geomspace(1, 100, 3)
def r34(a):
    return np.array_split(a, 3)[0], np.split(a, [2, 5])[1]
def r35(a):
    return np.insert(a, 1, 9.0)[:3], np.delete(a, [0, 1])[:2], np.append(a, [1.0, 2.0])[-2:]
def r36(a):
    return np.diag(a[:3]), np.diagonal(np.outer(a, a)).sum(), np.trace(np.outer(a, a))
def r37(a):
    return np.ravel_multi_index((1, 2), (3, 4)), np.unravel_index(5, (3, 4))
def r38(a):
    return np.nan_to_num(np.array([np.nan, np.inf, 1.0])), np.clip(a, None, 0.5)[:2]
def r39(a):
    return np.rint(a * 10), np.fix(a * -3), np.trunc(a * -3)
def r40(a):
    return np.cross(a[:3], a[3:6]), np.linalg.norm(a.reshape(2, -1), axis=1)
def s01(a):
    h = []
    for i, x in enumerate(a):
        heapq.heappush(h, (x, i))
    out = []
    while h:
        out.append(heapq.heappop(h)[1])
    return out
def s02(a):
    h = list(a)
    heapq.heapify(h)
    return [heapq.heappop(h) for _ in range(3)]
def s03(a):
    n = len(a)
    d = np.full(n, np.inf)
    d[0] = 0.0
    q = [(0.0, 0)]
    while q:
        du, u = heapq.heappop(q)
        if du > d[u]:
            continue
        for v in range(n):
            w = abs(a[u] - a[v])
            if du + w < d[v]:
                d[v] = du + w
                heapq.heappush(q, (d[v], v))
    return d
def s04(a):
    i = 0
    while i < len(a):
        if a[i] > 0.9:
            break
        i += 1
    else:
        i = -1
    return i
def s05(n):
    def fib(k):
        return k if k < 2 else fib(k - 1) + fib(k - 2)
    return fib(n + 10)
def s06(a):
    r = np.empty((len(a), 3))
    for i in range(len(a)):
        r[i, 0], r[i, 1], r[i, 2] = a[i], a[i] ** 2, a[i] ** 3
    return r
def s07(a):
    m = np.outer(a, a) + np.eye(len(a))
    return np.linalg.solve(m, a), np.linalg.det(m[:3, :3])
def s08(a):
    m = np.outer(a, a) + np.eye(len(a))
    w, v = np.linalg.eigh(m)
    return w
def s09(a):
    return np.searchsorted(np.sort(a), 0.5), np.searchsorted(np.sort(a), [0.1, 0.9], side="right")
def s10(a):
    s = ""
    for x in a:
        s += f"{x:.2f},"
    return s[:-1]
def s11(a):
    assert a.size > 0, "empty"
    if a[0] < 0:
        raise ValueError(f"negative first item {a[0]}")
    return a.mean()
def s12(a):
    return a.reshape(2, -1).sum(axis=1), a.reshape(2, -1).max(axis=0), a.reshape(2, -1).argmin(axis=1)
def s13(a):
    xs, ys = np.meshgrid(a[:3], a[:2])
    return xs * ys
def s14(a):
    return np.interp([0.25, 0.5], np.sort(a), np.arange(8.0))
def s15(a):
    idx = np.where(a > 0.5)[0]
    return idx, len(idx)
def s16(a):
    q, r = divmod(17, 5)
    return q, r, divmod(7.5, 2.0), min(a.shape), max(3, 5, 4)
def s17(a):
    np.random.seed(1)
    b = a.copy()
    np.random.shuffle(b)
    return b, np.random.permutation(5), np.random.choice(a, 3)
def s18(a):
    pairs = [(x, i) for i, x in enumerate(a)]
    pairs.sort(key=lambda p: p[0])
    return [p[1] for p in pairs]
def s19(a):
    return sorted(range(len(a)), key=lambda i: a[i])
def s20(a):
    return np.sign(a - 0.5), np.isclose(a, 0.5, atol=0.2), np.all(np.isfinite(a))
def s21(a):
    return np.round(a, 2), np.around(a * 100, -1)
def s22(a):
    b = np.clip(a, 0.2, 0.8, out=np.empty_like(a))
    return b
def s23(a):
    out = []
    for x in a:
        if x > 0.3:
            out.append(x)
    return np.array(out)
def s24(a):
    return np.concatenate((a[:2], a[-2:])), np.hstack((a[:1], [5.0]))
def s25(a):
    x = a.astype(np.float32)
    return x.sum(), x.dtype, np.float32(a[0]) * 2
def s26(a):
    return np.cumsum(a)[-1], np.cumprod(a + 1)[-1], np.diff(a, 2)
def s27(a):
    r = 0
    for i, (x, y) in enumerate(zip(a, a[::-1])):
        if x > y:
            r += i
    return r
def s28(a):
    t = (1, 2.5, "x")
    i, f, s = t
    return i + f, s * 2
def s29(a):
    best = -math.inf
    arg = -1
    for i in range(len(a)):
        if a[i] > best:
            best, arg = a[i], i
    return best, arg
def s30(a):
    return np.bincount((a * 5).astype(np.int64)), np.digitize(a, [0.25, 0.5, 0.75])
def s31(a):
    m = a.reshape(2, 4)
    return m[:, [0, 2]], m[m[:, 0] > 0.1, 1:]
def s32(a):
    return np.lexsort((a, np.round(a))), np.argpartition(a, 3)[:3].size
def s33(a):
    c = a.reshape(2, 4)
    return np.tril(np.ones((3, 3))), np.triu(c, 1), np.flip(c, axis=1)
def s34(a):
    return np.nanmean(np.where(a > 0.5, np.nan, a)), np.nanmax(a), np.nanargmin(a)
def s35(a):
    k = {"a": 1, "b": 2}
    tot = 0
    for name, v in k.items():
        tot += len(name) * v
    return tot, list(k.keys()), "a" in k
def s36(a):
    s = set()
    for x in a:
        s.add(int(x * 4))
    return len(s), sorted(s)
def s37(a):
    return np.vstack([a, a]).T.shape, np.column_stack((a, a)).shape, np.stack([a, a], axis=1)[0]
def s38(a):
    x = 0
    for i in range(100):
        x ^= (x << 13) & 0xFFFF
        x += i
    return x, (x >> 3) & 7, ~x
def s39(a):
    return np.median(a), np.quantile(a, 0.3), np.std(a, ddof=1), np.var(a.reshape(2, 4), axis=0)
def s40(a):
    lst = [1, 5, 3]
    lst.insert(1, 9)
    lst.extend([7, 7])
    lst.remove(7)
    return lst, lst.index(3), lst.count(7), lst[::-1], lst.pop(0)
def t01(a):
    d = {}
    for i, x in enumerate(a):
        d.setdefault(int(x * 3), []).append(i)
    return d
def t02(a):
    words = "the cat the dog a cat".split()
    c = {}
    for w in words:
        c[w] = c.get(w, 0) + 1
    return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))
def t03(a):
    stack = [0]
    seen = set()
    while stack:
        u = stack.pop()
        if u in seen:
            continue
        seen.add(u)
        for v in (u * 2 % 7, (u + 3) % 7):
            if v not in seen:
                stack.append(v)
    return sorted(seen)
def t04(a):
    l = [x for x in a if x > 0.2]
    return l[-1] if l else -1.0, len(l) or 99
def t05(a):
    s = "abc"
    return s * 0 or "empty", [s[i:] for i in range(len(s))]
def t06(a):
    r = []
    for i in range(3):
        r.append([j * i for j in range(i)])
    return r
def t07(a):
    t = tuple(a[:3])
    return t, min(t), max(t), sum(t)
def t08(a):
    x = list(a)
    x.sort(reverse=True)
    return x[:3], x.index(max(x))
def t09(a):
    total = 0
    i = 0
    while True:
        i += 1
        if i % 3 == 0:
            continue
        if i > 20:
            break
        total += i
    return total
def t10(a):
    out = np.zeros(3)
    for i in range(3):
        try:
            out[i] = 1.0 / (i - 1)
        except ZeroDivisionError:
            out[i] = -1.0
    return out
def t11(a):
    d = {(1, 2): "a", (3, 4): "b"}
    return d[(3, 4)], (1, 2) in d, sorted(d)
def t12(a):
    l = [3, 1, 2]
    return l == [3, 1, 2], l != [1], l < [3, 2], [1, 2] + [3], [0] * 3
def t13(a):
    s = {1, 2, 3}
    t = {2, 3, 4}
    return sorted(s | t), sorted(s & t), sorted(s - t), sorted(s ^ t), s <= {1, 2, 3, 4}
def t14(a):
    m = a.reshape(2, 4)
    rows = [m[i] for i in range(2)]
    return np.vstack(rows).sum(axis=0)
def t15(a):
    return [round(x, 2) for x in a[:3]], round(2.5), round(3.5), round(-0.5)
def t16(a):
    return int("42") + int(" -7 "), float("1.5e3"), str(1e16), str(0.1 + 0.2), repr(1.0)
def t17(a):
    return "%d items at %.2f" % (3, 2.345), "{:>8.3f}|{:<5d}|".format(3.14159, 42)
def t18(a):
    return f"{a[0]:.3e}", f"{12345678:,}", f"{0.5:%}", f"{255:x}", f"{255:08b}"
def t19(a):
    s = "Hello, World"
    return s.lower().count("l"), s.find("World"), s.replace("l", "L", 2), s[::-1], s.split(", ")
def t20(a):
    return abs(-3), abs(-2.5), divmod(-7, 2), -7 // 2, -7 % 2, 7 % -2, 2 ** -1
def t21(a):
    x = 10
    def add(y):
        return x + y
    return add(5), list(map(add, [1, 2]))
def t22(a):
    f = lambda t: t * 2
    return [f(x) for x in range(3)]
def t23(a):
    return any(x > 0.9 for x in a), all(x >= 0 for x in a), sum(x * x for x in a) > 0
def t24(a):
    n = 0
    for i in range(10):
        for j in range(10):
            if i * j > 20:
                break
            n += 1
        else:
            n += 100
    return n
def t25(a):
    x = a.copy()
    x[x > 0.5] *= 2
    x[::2] = 0
    return x
def t26(a):
    b = a.reshape(2, 2, 2)
    return b.transpose(2, 0, 1).ravel(), np.moveaxis(b, 0, -1).shape, b.swapaxes(0, 2)[0, 0]
def t27(a):
    return np.argmax(a), a.argmin(), np.unravel_index(np.argmax(a.reshape(2, 4)), (2, 4))
def t28(a):
    c = np.zeros(3, dtype=np.int64)
    for x in a:
        c[min(int(x * 3), 2)] += 1
    return c
def t29(a):
    return np.isnan(np.nan), math.isinf(-math.inf), math.copysign(1.0, -0.0), math.fmod(-7.0, 2.0), math.hypot(3, 4)
def t30(a):
    return math.floor(-2.5), math.ceil(2.1), math.trunc(-2.7), int(-2.7), round(-2.7)
def t31(a):
    return np.int64(7) // np.int64(2), np.uint8(200) // np.uint8(7)
def t32(a):
    z = complex(1, 2)
    return z * z.conjugate(), abs(z), z.real, (1 + 2j) ** 2
def t33(a):
    return [i for i in range(10) if i % 2][::2], list(zip(range(3), "abc")), list(enumerate("xy", 1))
def t34(a):
    x, *rest = [1, 2, 3]
    *init, y = (4, 5, 6)
    return x, rest, init, y
def t35(a):
    d = dict(zip("abc", range(3)))
    d.update({"d": 3})
    return list(d.items()), d.pop("a"), d.get("z", -1), len(d)
def t36(a):
    l = list(range(10))
    del l[2:5]
    l[1:3] = [7, 7, 7]
    return l, l[-3:], l[::3]
def t37(a):
    return sorted([3, 1, 2], reverse=True), sorted("bca"), sorted([(2, "b"), (1, "z"), (2, "a")])
def t38(a):
    l = [1.5, 2.5]
    return min(l), max(l), sum(l), min(3, 1.5), max([1, 5, 2]), min("abc")
def t39(a):
    return np.array([[1, 2], [3, 4]]) @ np.array([1, 1]), np.dot([1, 2], [3, 4])
def t40(a):
    return str(True), str(None), str([1, 2]), str((1, "a")), str({1: 2.5})
def t41(s):
    words = s.split()
    return max(words, key=len), min(words), sorted(s)[-1], max(s)
def t42(a):
    counts = {}
    for x in a:
        k = int(x * 4)
        counts[k] = counts.get(k, 0) + 1
    return max(counts, key=lambda k: counts[k]), min(counts.items(), key=lambda kv: (kv[1], kv[0]))
def t43(a):
    return max(a, default=np.float64(0.0)), min(a[a > 2.0], default=np.float64(-1.0)), max(a, key=lambda x: abs(x - 0.5))
def t44(n):
    return np.zeros(n, dtype=float), np.ones(n, "f4"), np.arange(n, dtype="int32"), np.zeros(n).astype(int)
def t45(a):
    img = a.reshape(2, 2, 2)
    return np.mean(img, axis=(0, 1)), img.sum(axis=(1, 2)), np.max(img, axis=(0, 1, 2))
def t46(a):
    return np.sum(a, dtype=np.float32), np.mean(a, dtype=np.float32), np.cumsum(a * 10, dtype=np.int32)
def t47(a):
    return sorted(a)[:3], sum(a), min(a), sum(a.astype(np.int32))
def t48(a):
    rows = [(i, float(a[i]), float(a[i + 1])) for i in range(4)]
    out = 0.0
    for i, *rest in rows:
        out += i * sum(rest)
    return out, (1, 2.5) + ("x",), (0,) * 3
def t49(a):
    l = [float(x) for x in a]
    return a[0] in l, 0.5 in l, "%d: %.3f %s" % (a.argmax(), a.max(), a.min())
def t50(a):
    m = a.reshape(2, 4)
    b = a.copy()
    np.put(b, [0, -1], [9.0, 8.0])
    return np.take_along_axis(m, np.argsort(m, axis=1), axis=1), b

def u01(a):
    best = None
    for x in a:
        if best is None or x < best:
            best = x
    return best
def u02(a):
    found = None
    for i in range(len(a)):
        if a[i] > 0.5:
            found = i
            break
    if found is None:
        return -1
    return found
def u03(a):
    r = None
    if a[0] > 2:
        r = a[0]
    return r
def u04(n):
    d = {"a": 1, "b": 2}
    return d.get("c"), d.get("a")
def u05(a):
    adj = [[] for _ in range(4)]
    adj[0].append(1)
    adj[1].append(2)
    return adj
def u06(a):
    stack = [0]
    seen = set()
    adj = {0: [1, 2], 1: [3], 2: [3], 3: []}
    order = []
    while stack:
        u = stack.pop()
        if u in seen:
            continue
        seen.add(u)
        order.append(u)
        for v in adj[u]:
            stack.append(v)
    return order
def u07(a):
    it = iter(a)
    s = 0.0
    while True:
        v = next(it, None)
        if v is None:
            break
        s += v
    return s
def u08(a):
    prev = None
    rises = 0
    for x in a:
        if prev is not None and x > prev:
            rises += 1
        prev = x
    return rises, prev
def u09(a):
    return np.dot(a, a[::-1]), a[:4] @ a[4:], np.vdot(a[::2], a[1::2])
def u10(a):
    v = a[::2].reshape(2, 2)
    v[0, 0] = -1.0
    return a
def v01(s):
    return hash(s) == hash("hello big world"), hash((1, 2.5, s)) == hash((1, 2.5, "hello big world")), hash(-1)
def v02(s):
    return (s + "\nx\r\ny").splitlines(), s.split(maxsplit=1), s.startswith(("x", "he")), s.endswith(())
def v03(a):
    t = a[0]
    return a.dtype.itemsize, t.ndim, t.shape, np.float32(1.0).itemsize
def v04(a):
    m = a.reshape(2, 2, 2)
    return m @ m, np.dot(m, a[:2]), m @ a[:2]
def v05(a):
    m = a.reshape(2, 4)
    return np.linalg.norm(a), np.linalg.norm(a, 1), np.linalg.norm(m, axis=1), np.linalg.norm(m, "fro")
def v06(n):
    words = [f"{i:03d}:{i / 7:.2f}" for i in range(n)]
    words.sort(reverse=True)
    return words, sorted([3.5, -0.0, 0.0, 1.0] * n)
def v07(a):
    return sum((x * x for x in a), 0.5), sum(a.tolist(), start=1), sum(range(4), 10)
def v08(n):
    d = {}
    for i in range(n):
        d[i % 3] = d.get(i % 3, 0) + i
    return max(d, key=d.get), sorted(d, key=d.get), min(d.keys(), key=d.get)
def v09(s):
    z = 1j
    return ("a\tb\t" + s).expandtabs(4), isinstance(s, str), isinstance(z, complex)
def v10(a):
    return np.round(np.roots(np.array([1.0, -6.0, 11.0, -6.0])), 9), np.round(np.roots([0.0, 2.0, -1.0, 0.0]), 9)
def v11(a):
    z = a + 1j * a[::-1]
    z *= 2 - 1j
    z[1:3] += 1
    w = np.concatenate((z, a))
    return np.where(w.real > 1, w, 0).tolist(), float(np.var(z)), int(np.count_nonzero(z - z[0])), np.flip(z)[:2].tolist()
def v12(x):
    l = [1j, complex(x)]
    l.append(complex(x, -x))
    return l, np.array(l).tolist(), [z.conjugate() for z in l]




def _argument(f):
    kind = f.__code__.co_varnames[0]
    if kind == "a":
        return np.random.default_rng(1).random(8)
    return {"n": 5, "s": "hello big world", "x": 2.5}[kind]


def main():
    names = sorted((k for k in globals() if k[:1] in "pqrstuv" and k[1:].isdigit()), key=lambda k: (k[0], int(k[1:])))
    ok = 0
    for name in names:
        f = globals()[name]
        arg = _argument(f)
        np.random.seed(0)
        expected = f(arg.copy() if isinstance(arg, np.ndarray) else arg)
        try:
            np.random.seed(0)
            got = njit(f)(arg.copy() if isinstance(arg, np.ndarray) else arg)
        except Exception as e:  # noqa: BLE001 - every refusal is a finding to print
            print(f"{name}: {type(e).__name__}: {str(e).splitlines()[0]}")
            continue
        if repr(got) == repr(expected):
            ok += 1
        else:
            print(f"{name}: differs: {repr(got)[:80]} != {repr(expected)[:80]}")
    print(f"{ok} of {len(names)} probes compile and agree with CPython")


if __name__ == "__main__":
    main()
