# NumPy's sequences, windows, index arrays and element-wise helpers written with other NumPy
# functions, in the Python compiled code runs (see library.rs: constant arguments are constants
# here, parameters are never assigned).


def logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0):
    if axis != 0:
        np._unsupported("np.logspace's axis= is supported as 0 only")
    y = np.power(base, np.linspace(start, stop, num, endpoint))
    if dtype is None:
        return y
    return y.astype(dtype)


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    if axis != 0:
        np._unsupported("np.geomspace's axis= is supported as 0 only")
    if start == 0 or stop == 0:
        raise ValueError("Geometric sequence cannot include zero")
    sign = 1.0 if start > 0 else -1.0
    a = float(start) * sign
    b = float(stop) * sign
    out = np.power(10.0, np.linspace(np.log10(a), np.log10(b), num, endpoint))
    if num > 0:
        out[0] = a
        if num > 1 and endpoint:
            out[num - 1] = b
    out *= sign
    if dtype is None:
        return out
    return out.astype(dtype)


def _window_points(M):
    """NumPy's `arange(1 - M, M, 2)` of a window of `M` points, in float64."""
    m = float(M)
    return np.arange(1.0 - m, m, 2.0)


def bartlett(M):
    if M < 1:
        return np.empty(0)
    if M == 1:
        return np.ones(1)
    n = np._window_points(M)
    m = float(M) - 1.0
    return np.where(n <= 0, 1.0 + n / m, 1.0 - n / m)


def blackman(M):
    if M < 1:
        return np.empty(0)
    if M == 1:
        return np.ones(1)
    n = np._window_points(M)
    m = float(M) - 1.0
    return 0.42 + 0.5 * np.cos(np.pi * n / m) + 0.08 * np.cos(2.0 * np.pi * n / m)


def hamming(M):
    if M < 1:
        return np.empty(0)
    if M == 1:
        return np.ones(1)
    n = np._window_points(M)
    return 0.54 + 0.46 * np.cos(np.pi * n / (float(M) - 1.0))


def hanning(M):
    if M < 1:
        return np.empty(0)
    if M == 1:
        return np.ones(1)
    n = np._window_points(M)
    return 0.5 + 0.5 * np.cos(np.pi * n / (float(M) - 1.0))


def _i0(x):
    """The modified Bessel function I0 of a float, by its power series (all terms positive, so
    no cancellation), summed until a term no longer changes the sum."""
    half_sq = (x / 2.0) * (x / 2.0)
    total = 1.0
    term = 1.0
    k = 1.0
    while True:
        term *= half_sq / (k * k)
        if total + term == total:
            return total
        total += term
        k += 1.0


def kaiser(M, beta):
    if M < 1:
        return np.empty(0)
    if M == 1:
        return np.ones(1)
    n = np.arange(0.0, float(M))
    alpha = (float(M) - 1.0) / 2.0
    out = np.empty(M)
    denom = np._i0(float(beta))
    for j in range(M):
        r = (n[j] - alpha) / alpha
        out[j] = np._i0(float(beta) * math.sqrt(1.0 - r * r)) / denom
    return out


def sinc(x):
    # NumPy computes a number's sinc as a 0-d array's: here as a one-element array's.
    if isinstance(x, (bool, int, float, complex, np.generic)):
        return np._sinc_array(np.full(1, x))[0]
    return np._sinc_array(np.asarray(x))


def _sinc_array(x):
    y = np.multiply(np.pi, x)
    item = np.zeros(1, y.dtype)[0]
    if isinstance(item, np.complexfloating):
        # Complex zeros become 1e-20 (NumPy's epsilon is for floats only).
        w = np.where(y, y, 1e-20)
        return np.sin(w) / w
    # NumPy divides by the dtype's epsilon at 0, which gives exactly 1.
    z = np.where(y != 0, y, np.spacing(np.power(y, 0)))
    return np.sin(z) / z


def _float64(x):
    if isinstance(x, np.ndarray):
        return x.astype(np.float64)
    return np.float64(x)


def float_power(x1, x2, out=None):
    r = np.power(np._float64(x1), np._float64(x2))
    if out is None:
        return r
    np.copyto(out, r, casting="same_kind")
    return out


def _conjugate_out(x, out):
    np.copyto(out, np.conjugate(x), casting="same_kind")
    return out


def _divmod_out(x1, x2, out1=None, out2=None, out=None):
    if out is not None:
        return np._divmod_into(x1, x2, out[0], out[1])
    return np._divmod_into(x1, x2, out1, out2)


def _divmod_into(x1, x2, out1, out2):
    q, r = np.divmod(x1, x2)
    np.copyto(out1, q, casting="same_kind")
    np.copyto(out2, r, casting="same_kind")
    return out1, out2


def nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None):
    if not isinstance(x, np.ndarray):
        return np._nan_to_num_array(np.array([x]), copy, nan, posinf, neginf)[0]
    return np._nan_to_num_array(x, copy, nan, posinf, neginf)


def _nan_to_num_array(x, copy, nan, posinf, neginf):
    if copy:
        out = x.copy()
    else:
        out = x
    flat = np.ravel(x)
    if isinstance(flat[0], np.complexfloating):
        # Each part replaced on its own, `nan` in both.
        np._nan_to_num_part(out.real, nan, posinf, neginf)
        np._nan_to_num_part(out.imag, nan, posinf, neginf)
    elif isinstance(flat[0], np.floating):
        np._nan_to_num_part(out, nan, posinf, neginf)
    return out


def _nan_to_num_part(d, nan, posinf, neginf):
    big = np.nextafter(np.full_like(d, np.inf), 0)
    positive = np.isposinf(d)
    negative = np.isneginf(d)
    d[np.isnan(d)] = nan
    if posinf is None:
        d[positive] = big[positive]
    else:
        d[positive] = posinf
    if neginf is None:
        d[negative] = -big[negative]
    else:
        d[negative] = neginf


def select(condlist, choicelist, default=0):
    if len(condlist) != len(choicelist):
        raise ValueError("list of cases must be same length as list of conditions")
    if len(condlist) == 0:
        raise ValueError("select with an empty condition list is not possible")
    out = np.where(condlist[len(condlist) - 1], choicelist[len(condlist) - 1], default)
    for k in range(len(condlist) - 2, -1, -1):
        out = np.where(condlist[k], choicelist[k], out)
    return out


def tril_indices(n, k=0, m=None):
    return np.nonzero(np.tri(n, m, k, np.bool_))


def triu_indices(n, k=0, m=None):
    return np.nonzero(~np.tri(n, m, k - 1, np.bool_))


def tril_indices_from(arr, k=0):
    if arr.ndim != 2:
        raise ValueError("input array must be 2-d")
    return np.tril_indices(arr.shape[0], k, arr.shape[1])


def triu_indices_from(arr, k=0):
    if arr.ndim != 2:
        raise ValueError("input array must be 2-d")
    return np.triu_indices(arr.shape[0], k, arr.shape[1])


def diag_indices(n, ndim=2):
    idx = np.arange(n)
    if ndim == 1:
        return (idx,)
    elif ndim == 2:
        return (idx, idx)
    elif ndim == 3:
        return (idx, idx, idx)
    np._unsupported("np.diag_indices with ndim other than 1, 2 or 3 is not supported yet")


def diag_indices_from(arr):
    if arr.ndim < 2:
        raise ValueError("input array must be at least 2-d")
    for s in arr.shape:
        if s != arr.shape[0]:
            raise ValueError("All dimensions of input must be of equal length")
    if arr.ndim == 2:
        return np.diag_indices(arr.shape[0], 2)
    elif arr.ndim == 3:
        return np.diag_indices(arr.shape[0], 3)
    np._unsupported("np.diag_indices_from of an array of more than three dimensions is not supported yet")


def indices(dimensions, dtype=..., sparse=...):
    grid = np.empty(dimensions, np.bool_)
    if grid.ndim == 1:
        return np.arange(grid.shape[0]).reshape((1, grid.shape[0]))
    if grid.ndim == 2:
        n0, n1 = grid.shape
        out = np.empty((2, n0, n1), np.int64)
        for i in range(n0):
            for j in range(n1):
                out[0, i, j] = i
                out[1, i, j] = j
        return out
    if grid.ndim == 3:
        n0, n1, n2 = grid.shape
        out3 = np.empty((3, n0, n1, n2), np.int64)
        for i in range(n0):
            for j in range(n1):
                for k in range(n2):
                    out3[0, i, j, k] = i
                    out3[1, i, j, k] = j
                    out3[2, i, j, k] = k
        return out3
    np._unsupported("np.indices of more than three dimensions is not supported yet")
