"""Classic numeric kernels that are not the seeds, written plainly as a numba user would write them.

Plain functions: bench/kernels.py compiles each with hasten and with numba and checks both against CPython.
`INPUTS` maps each kernel to a function of a size scale giving its arguments (fresh arrays per call, so that
kernels that work in place see the same input every time).
"""

import math

import numpy as np

import seedlib


def life_step(grid, out):
    n, m = grid.shape
    for i in range(n):
        for j in range(m):
            count = 0
            for di in range(-1, 2):
                for dj in range(-1, 2):
                    if di == 0 and dj == 0:
                        continue
                    if grid[(i + di) % n, (j + dj) % m]:
                        count += 1
            out[i, j] = count == 3 or (grid[i, j] and count == 2)
    return out


def insertion_sort(a):
    for i in range(1, a.shape[0]):
        key = a[i]
        j = i - 1
        while j >= 0 and a[j] > key:
            a[j + 1] = a[j]
            j -= 1
        a[j + 1] = key
    return a


def floyd_warshall(dist):
    n = dist.shape[0]
    for k in range(n):
        for i in range(n):
            dik = dist[i, k]
            for j in range(n):
                cand = dik + dist[k, j]
                if cand < dist[i, j]:
                    dist[i, j] = cand
    return dist


# The seed's own final convolution (the Cython article's loops), as the seed writes it.
conv3x3 = seedlib.load().conv_loops


def heat_swap(u, steps, r):
    un = np.empty_like(u)
    n = u.shape[0]
    for _ in range(steps):
        un[0] = u[0]
        un[n - 1] = u[n - 1]
        for i in range(1, n - 1):
            un[i] = u[i] + r * (u[i - 1] - 2.0 * u[i] + u[i + 1])
        u, un = un, u
    return u


def matmul_ijk(A, B):
    n, m = A.shape
    p = B.shape[1]
    C = np.zeros((n, p))
    for i in range(n):
        for j in range(p):
            acc = 0.0
            for k in range(m):
                acc += A[i, k] * B[k, j]
            C[i, j] = acc
    return C


def matmul_ikj(A, B):
    n, m = A.shape
    p = B.shape[1]
    C = np.zeros((n, p))
    for i in range(n):
        for k in range(m):
            a = A[i, k]
            for j in range(p):
                C[i, j] += a * B[k, j]
    return C


def histogram_int(values, nbins):
    counts = np.zeros(nbins, dtype=np.int64)
    for v in values:
        counts[v] += 1
    return counts


def lennard_jones(pos):
    n = pos.shape[0]
    energy = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            dx = pos[i, 0] - pos[j, 0]
            dy = pos[i, 1] - pos[j, 1]
            dz = pos[i, 2] - pos[j, 2]
            r = (dx * dx + dy * dy + dz * dz) ** 0.5
            inv6 = (1.0 / r) ** 6
            energy += 4.0 * (inv6 * inv6 - inv6)
    return energy


def sliding_dot(query, series):
    m = query.shape[0]
    n = series.shape[0] - m + 1
    out = np.empty(n)
    for i in range(n):
        out[i] = np.dot(query, series[i:i + m])
    return out


def edit_distance(a, b):
    n = a.shape[0]
    m = b.shape[0]
    d = np.zeros((n + 1, m + 1), dtype=np.int64)
    for i in range(n + 1):
        d[i, 0] = i
    for j in range(m + 1):
        d[0, j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i, j] = min(d[i - 1, j] + 1, d[i, j - 1] + 1, d[i - 1, j - 1] + cost)
    return d[n, m]


def lcs_length(a, b):
    n = a.shape[0]
    m = b.shape[0]
    prev = np.zeros(m + 1, dtype=np.int64)
    cur = np.zeros(m + 1, dtype=np.int64)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            if a[i - 1] == b[j - 1]:
                cur[j] = prev[j - 1] + 1
            elif prev[j] >= cur[j - 1]:
                cur[j] = prev[j]
            else:
                cur[j] = cur[j - 1]
        prev, cur = cur, prev
    return prev[m]


def knapsack(weights, values, capacity):
    best = np.zeros(capacity + 1)
    for i in range(weights.shape[0]):
        w = weights[i]
        v = values[i]
        for c in range(capacity, w - 1, -1):
            if best[c - w] + v > best[c]:
                best[c] = best[c - w] + v
    return best[capacity]


def bellman_ford(src, dst, weight, n):
    dist = np.full(n, np.inf)
    dist[0] = 0.0
    for _ in range(n - 1):
        changed = False
        for e in range(src.shape[0]):
            u = src[e]
            if dist[u] + weight[e] < dist[dst[e]]:
                dist[dst[e]] = dist[u] + weight[e]
                changed = True
        if not changed:
            break
    return dist


def nbody_accel(pos, mass):
    n = pos.shape[0]
    acc = np.zeros((n, 3))
    for i in range(n):
        for j in range(n):
            if i != j:
                dx = pos[j, 0] - pos[i, 0]
                dy = pos[j, 1] - pos[i, 1]
                dz = pos[j, 2] - pos[i, 2]
                d2 = dx * dx + dy * dy + dz * dz + 1e-3
                s = mass[j] / (d2 * math.sqrt(d2))
                acc[i, 0] += s * dx
                acc[i, 1] += s * dy
                acc[i, 2] += s * dz
    return acc


def particle_push(x, v, dt, steps):
    for _ in range(steps):
        for i in range(x.shape[0]):
            x[i] += v[i] * dt
            if x[i] < 0.0:
                x[i] = -x[i]
                v[i] = -v[i]
            elif x[i] > 1.0:
                x[i] = 2.0 - x[i]
                v[i] = -v[i]
    return x


def sum_int32(a):
    s = 0
    for i in range(a.shape[0]):
        s += a[i]
    return s


def sum_float32(a):
    s = np.float32(0.0)
    for i in range(a.shape[0]):
        s += a[i]
    return s


def count_true(mask):
    c = 0
    for i in range(mask.shape[0]):
        if mask[i]:
            c += 1
    return c


def minmax(a):
    lo = a[0]
    hi = a[0]
    for x in a:
        if x < lo:
            lo = x
        if x > hi:
            hi = x
    return lo, hi


def prefix_sum(a):
    out = np.empty_like(a)
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
        out[i] = s
    return out


def horner(coeffs, xs):
    out = np.empty_like(xs)
    for i in range(xs.shape[0]):
        x = xs[i]
        acc = 0.0
        for c in coeffs:
            acc = acc * x + c
        out[i] = acc
    return out


def newton_cbrt(values):
    out = np.empty_like(values)
    for i in range(values.shape[0]):
        v = values[i]
        x = v if v > 1.0 else 1.0
        for _ in range(50):
            nx = x - (x * x * x - v) / (3.0 * x * x)
            if abs(nx - x) < 1e-12 * x:
                x = nx
                break
            x = nx
        out[i] = x
    return out


def mandelbrot(width, height, max_iter):
    out = np.zeros((height, width), dtype=np.int64)
    for py in range(height):
        ci = -1.5 + 3.0 * py / height
        for px in range(width):
            cr = -2.0 + 3.0 * px / width
            zr = 0.0
            zi = 0.0
            n = 0
            while n < max_iter and zr * zr + zi * zi <= 4.0:
                zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
                n += 1
            out[py, px] = n
    return out


def parse_ints(text):
    # ASCII digits separated by spaces, as a uint8 array: the sum of the numbers
    total = 0
    cur = 0
    in_num = False
    for i in range(text.shape[0]):
        c = int(text[i])
        if 48 <= c <= 57:
            cur = cur * 10 + (c - 48)
            in_num = True
        elif in_num:
            total += cur
            cur = 0
            in_num = False
    if in_num:
        total += cur
    return total


def popcount_sum(a):
    total = 0
    for i in range(a.shape[0]):
        x = a[i]
        while x:
            x &= x - 1
            total += 1
    return total


def xorshift_fill(out, seed):
    x = seed
    for i in range(out.shape[0]):
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        out[i] = x
    return out


def jacobi(u, iters):
    n, m = u.shape
    v = u.copy()
    for _ in range(iters):
        for i in range(1, n - 1):
            for j in range(1, m - 1):
                v[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1])
        u, v = v, u
    return u


def dtw(a, b):
    n = a.shape[0]
    m = b.shape[0]
    cost = np.full((n + 1, m + 1), np.inf)
    cost[0, 0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            d = abs(a[i - 1] - b[j - 1])
            cost[i, j] = d + min(cost[i - 1, j], cost[i, j - 1], cost[i - 1, j - 1])
    return cost[n, m]


def gth_stationary(P):
    A = P.copy()
    n = A.shape[0]
    for k in range(n - 1, 0, -1):
        s = 0.0
        for j in range(k):
            s += A[k, j]
        for i in range(k):
            A[i, k] /= s
        for i in range(k):
            aik = A[i, k]
            for j in range(k):
                A[i, j] += aik * A[k, j]
    x = np.zeros(n)
    x[0] = 1.0
    for k in range(1, n):
        for i in range(k):
            x[k] += x[i] * A[i, k]
    return x / x.sum()


def binary_search_all(sorted_a, queries):
    out = np.empty(queries.shape[0], dtype=np.int64)
    for q in range(queries.shape[0]):
        x = queries[q]
        lo = 0
        hi = sorted_a.shape[0]
        while lo < hi:
            mid = (lo + hi) // 2
            if sorted_a[mid] < x:
                lo = mid + 1
            else:
                hi = mid
        out[q] = lo
    return out


def sieve(n):
    is_prime = np.ones(n + 1, dtype=np.bool_)
    is_prime[0] = False
    is_prime[1] = False
    i = 2
    while i * i <= n:
        if is_prime[i]:
            for j in range(i * i, n + 1, i):
                is_prime[j] = False
        i += 1
    return is_prime.sum()


def collatz_max(n):
    best = 0
    for start in range(1, n):
        x = start
        steps = 0
        while x != 1:
            if x % 2 == 0:
                x //= 2
            else:
                x = 3 * x + 1
            steps += 1
        if steps > best:
            best = steps
    return best


def box_blur_wrap(img, out):
    n, m = img.shape
    for i in range(n):
        for j in range(m):
            s = 0.0
            for di in range(-1, 2):
                for dj in range(-1, 2):
                    s += img[(i + di) % n, (j + dj) % m]
            out[i, j] = s / 9.0
    return out


def harris_response(ix, iy, k):
    n, m = ix.shape
    out = np.zeros((n, m))
    for i in range(1, n - 1):
        for j in range(1, m - 1):
            sxx = 0.0
            syy = 0.0
            sxy = 0.0
            for a in range(i - 1, i + 2):
                for b in range(j - 1, j + 2):
                    gx = ix[a, b]
                    gy = iy[a, b]
                    sxx += gx * gx
                    syy += gy * gy
                    sxy += gx * gy
            det = sxx * syy - sxy * sxy
            tr = sxx + syy
            out[i, j] = det - k * tr * tr
    return out


def axpy_expr(a, x, y):
    return a * x + y


def threshold_mask(x, t):
    return x > t


def magnitude_expr(x, y):
    return np.sqrt(x * x + y * y)


def int_expr(a, b):
    return 3 * a - b * 2 + 1


def window_sum(img, k):
    # Each output pixel the sum of a window times the kernel, as NumPy users write it.
    out = np.empty((img.shape[0] - 2, img.shape[1] - 2))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(img[i:i + 3, j:j + 3] * k)
    return out


def window_sum_flipped(img, k):
    # The seed's convolution: the kernel flipped first, a view of reversed strides.
    flipped = np.fliplr(np.flipud(k))
    out = np.empty((img.shape[0] - 2, img.shape[1] - 2))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(np.multiply(img[i:i + 3, j:j + 3], flipped))
    return out


def _rng(seed=0):
    return np.random.default_rng(seed)


def _graph(n, edges):
    r = _rng(5)
    return (r.integers(0, n, edges), r.integers(0, n, edges), r.random(edges), n)


def _digits(count):
    r = _rng(6)
    text = " ".join(str(v) for v in r.integers(0, 10**6, count))
    return np.frombuffer(text.encode(), dtype=np.uint8).copy()


def _markov(n):
    p = _rng(7).random((n, n))
    return p / p.sum(axis=1)[:, None]


# Kernels whose NumPy calls (np.dot, a.sum()) follow BLAS's or NumPy's own summation order: their last bits are
# compared to rounding, the others bit for bit.
NUMPY_ORDER = {"sliding np.dot", "GTH stationary distribution"}
# fastmath=True lets both compilers replace `** 0.5` by sqrt and `** 6` by multiplications: compared to rounding.
NUMPY_ORDER |= {"lennard-jones, fastmath=True"}

# name -> (kernel, args(scale)[, options of both jits]); scale 1 checks against CPython, the benchmark runs a larger scale.
INPUTS = {
    "life_step (torus, %, continue)": (life_step, lambda s: (_rng(1).random((64 * s, 64 * s)) < 0.3, np.zeros((64 * s, 64 * s), dtype=np.bool_))),
    "insertion_sort int64": (insertion_sort, lambda s: (_rng(2).integers(0, 10**6, 300 * s),)),
    "floyd_warshall": (floyd_warshall, lambda s: (_rng(3).random((40 * s, 40 * s)) * 10,)),
    "conv3x3 seed (128²)": (conv3x3, lambda s: (_rng(4).random((32 * s, 32 * s)), _rng(5).random((3, 3)))),
    "heat 1-D swapping buffers": (heat_swap, lambda s: (np.sin(np.linspace(0, 3, 200 * s)), 50 * s, 0.25)),
    "matmul ijk": (matmul_ijk, lambda s: (_rng(8).random((24 * s, 24 * s)), _rng(9).random((24 * s, 24 * s)))),
    "matmul ikj": (matmul_ikj, lambda s: (_rng(8).random((24 * s, 24 * s)), _rng(9).random((24 * s, 24 * s)))),
    "histogram of int64": (histogram_int, lambda s: (_rng(10).integers(0, 256, 5000 * s * s), 256)),
    "lennard-jones (** 0.5, ** 6)": (lennard_jones, lambda s: (_rng(11).random((60 * s, 3)) * 10,)),
    "lennard-jones, fastmath=True": (lennard_jones, lambda s: (_rng(11).random((60 * s, 3)) * 10,), {"fastmath": True}),
    "sliding np.dot": (sliding_dot, lambda s: (_rng(12).random(64), _rng(13).random(500 * s * s))),
    "edit distance": (edit_distance, lambda s: (_rng(14).integers(0, 4, 60 * s), _rng(15).integers(0, 4, 60 * s))),
    "longest common subsequence": (lcs_length, lambda s: (_rng(16).integers(0, 4, 80 * s), _rng(17).integers(0, 4, 80 * s))),
    "0/1 knapsack": (knapsack, lambda s: (_rng(18).integers(1, 50, 20 * s), _rng(19).random(20 * s), 100 * s)),
    "bellman-ford": (bellman_ford, lambda s: _graph(50 * s, 400 * s)),
    "n-body accelerations": (nbody_accel, lambda s: (_rng(20).random((30 * s, 3)), _rng(21).random(30 * s))),
    "particle push (reflect)": (particle_push, lambda s: (_rng(22).random(1000 * s), _rng(23).random(1000 * s) - 0.5, 0.01, 10 * s)),
    "sum int32": (sum_int32, lambda s: (_rng(24).integers(-1000, 1000, 10000 * s * s).astype(np.int32),)),
    "sum float32": (sum_float32, lambda s: (_rng(25).random(10000 * s * s).astype(np.float32),)),
    "count bool": (count_true, lambda s: (_rng(26).random(10000 * s * s) < 0.5,)),
    "min and max": (minmax, lambda s: (_rng(27).random(10000 * s * s),)),
    "prefix sum": (prefix_sum, lambda s: (_rng(28).random(10000 * s * s),)),
    "horner polynomial": (horner, lambda s: (_rng(29).random(8), _rng(30).random(2000 * s * s))),
    "newton cube roots": (newton_cbrt, lambda s: (_rng(31).random(1000 * s * s) * 100,)),
    "mandelbrot escape time": (mandelbrot, lambda s: (32 * s, 24 * s, 100)),
    "parse ints from bytes": (parse_ints, lambda s: (_digits(2000 * s * s),)),
    "popcount": (popcount_sum, lambda s: (_rng(32).integers(0, 2**62, 2000 * s * s),)),
    "xorshift32 fill": (xorshift_fill, lambda s: (np.zeros(10000 * s * s, dtype=np.int64), 2463534242)),
    "jacobi relaxation (swap)": (jacobi, lambda s: (_rng(33).random((32 * s, 32 * s)), 10)),
    "dynamic time warping": (dtw, lambda s: (_rng(34).random(60 * s), _rng(35).random(60 * s))),
    "GTH stationary distribution": (gth_stationary, lambda s: (_markov(20 * s),)),
    "binary search": (binary_search_all, lambda s: (np.sort(_rng(36).random(10000 * s)), _rng(37).random(2000 * s * s))),
    "sieve of eratosthenes": (sieve, lambda s: (20000 * s * s,)),
    "collatz longest chain": (collatz_max, lambda s: (2000 * s * s,)),
    "box blur on a torus": (box_blur_wrap, lambda s: (_rng(38).random((48 * s, 48 * s)), np.zeros((48 * s, 48 * s)))),
    "array expression a * x + y": (axpy_expr, lambda s: (2.5, _rng(41).random(10000 * s * s), _rng(42).random(10000 * s * s))),
    "array mask x > t": (threshold_mask, lambda s: (_rng(43).random(10000 * s * s), 0.5)),
    "array np.sqrt(x * x + y * y)": (magnitude_expr, lambda s: (_rng(44).random(10000 * s * s), _rng(45).random(10000 * s * s))),
    "int64 array expression": (int_expr, lambda s: (_rng(46).integers(-10**6, 10**6, 10000 * s * s), _rng(47).integers(-10**6, 10**6, 10000 * s * s))),
    "window sum np.sum(a[i:i+3, j:j+3] * k)": (window_sum, lambda s: (_rng(48).random((40 * s, 40 * s)), _rng(49).random((3, 3)))),
    "window sum with a flipped kernel": (window_sum_flipped, lambda s: (_rng(50).random((40 * s, 40 * s)), _rng(51).random((3, 3)))),
    "harris response": (harris_response, lambda s: (_rng(39).random((40 * s, 40 * s)), _rng(40).random((40 * s, 40 * s)), 0.05)),
}
