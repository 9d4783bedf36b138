# NumPy's covariance and correlation, and the nan* functions NumPy defines through others, in the
# Python compiled code runs (see library.rs: constant arguments are constants here, parameters
# are never assigned).


def _cov_rows(m, rowvar):
    """`m` as a C-ordered float64 matrix of one variable per row, as np.cov reads it."""
    x = np.atleast_2d(m).astype(np.float64)
    if rowvar or x.shape[0] == 1:
        return x
    return np.ascontiguousarray(x.T)


def cov(m, y=None, rowvar=True, bias=False, ddof=None, fweights=..., aweights=..., dtype=...):
    if m.ndim > 2:
        raise ValueError("m has more than 2 dimensions")
    x = np._cov_rows(m, rowvar)
    if y is not None:
        if y.ndim > 2:
            raise ValueError("y has more than 2 dimensions")
        x = np.concatenate((x, np._cov_rows(y, rowvar)), axis=0)
    if ddof is None:
        d = 0 if bias else 1
    else:
        d = ddof
    fact = float(x.shape[1] - d)
    if fact <= 0.0:
        fact = 0.0
    xc = x - x.mean(axis=1).reshape((x.shape[0], 1))
    c = np.dot(xc, xc.T) * np.divide(1.0, fact)
    if m.ndim == 1 and y is None:
        return c.reshape(())
    return c


def corrcoef(x, y=None, rowvar=True, bias=..., ddof=..., dtype=...):
    c = np.cov(x, y, rowvar)
    if x.ndim == 1 and y is None:
        v = c.sum()
        return np.divide(v, v)
    s = np.sqrt(np.diag(c))
    n = s.shape[0]
    out = c / s.reshape((n, 1)) / s.reshape((1, n))
    return np.clip(out, -1.0, 1.0)


def nanprod(a, axis=None, dtype=..., out=..., keepdims=..., initial=..., where=...):
    return np.prod(np.where(np.isnan(a), 1, a), axis)


def nancumsum(a, axis=None, dtype=..., out=...):
    return np.cumsum(np.where(np.isnan(a), 0, a), axis)


def nancumprod(a, axis=None, dtype=..., out=...):
    return np.cumprod(np.where(np.isnan(a), 1, a), axis)


def nanpercentile(a, q, axis=None, out=..., overwrite_input=..., method=..., keepdims=..., weights=...):
    return np.nanquantile(a, q / 100, axis)


def nanquantile(a, q, axis=None, out=..., overwrite_input=..., method=..., keepdims=..., weights=...):
    if axis is not None:
        np._unsupported("np.nanquantile and np.nanpercentile with axis= are not supported yet")
    x = np.ravel(a)
    return np.quantile(x[~np.isnan(x)], q)


def unwrap(p, discont=None, axis=-1, period=6.283185307179586):
    flat = np.ravel(p)
    if isinstance(flat[0], (np.integer, np.bool_)) and isinstance(period, int):
        np._unsupported("np.unwrap of integers with an integer period is not supported yet")
    dd = np.diff(p, 1, axis)
    high = period / 2
    limit = high if discont is None else discont
    ddmod = np.mod(dd + high, period) - high
    ddmod = np.where((ddmod == -high) & (dd > 0), high, ddmod)
    correct = np.where(np.abs(dd) < limit, 0.0, ddmod - dd)
    up = p * 1.0
    tail = np._along(up, axis, 1, up.shape[axis])
    tail[:] = np._along(p, axis, 1, up.shape[axis]) + np.cumsum(correct, axis)
    return up


def _inexact(x):
    """A float array as it is; any other as float64 (NumPy's gradient does so)."""
    item = np.zeros(1, x.dtype)[0]
    if isinstance(item, np.floating):
        return x
    return x.astype(np.float64)


def gradient(f, varargs=None, axis=None, edge_order=1):
    """np.gradient of a 1-d array: central differences inside, one-sided ones at the ends
    (edge_order=1), divided as NumPy divides them; the spacing is 1, a number, or the points'
    coordinates (NumPy's non-uniform formula unless their differences are all equal)."""
    if f.ndim != 1:
        np._unsupported("np.gradient of arrays other than 1-d is not supported yet")
    if axis is not None:
        np._unsupported("np.gradient's axis= is not supported yet")
    if edge_order != 1:
        np._unsupported("np.gradient's edge_order=2 is not supported yet")
    a = np._inexact(f)
    out = np.empty_like(a)
    if varargs is None:
        return np._gradient_uniform(a, out, 1.0)
    if isinstance(varargs, (int, float, np.integer, np.floating)):
        return np._gradient_uniform(a, out, varargs)
    # NumPy reads the coordinates before it checks the length (an IndexError for fewer than two).
    x = np.asarray(varargs)
    if x.ndim != 1:
        raise ValueError("distances must be either scalars or 1d")
    if x.shape[0] != a.shape[0]:
        raise ValueError("when 1d, distances must match the length of the corresponding dimension")
    dx = np.diff(np._inexact(x))
    if (dx == dx[0]).all():
        return np._gradient_uniform(a, out, dx[0])
    dx1 = dx[0:-1]
    dx2 = dx[1:]
    ca = -(dx2) / (dx1 * (dx1 + dx2))
    cb = (dx2 - dx1) / (dx1 * dx2)
    cc = dx1 / (dx2 * (dx1 + dx2))
    out[1:-1] = ca * a[:-2] + cb * a[1:-1] + cc * a[2:]
    out[0] = (a[1] - a[0]) / dx[0]
    out[-1] = (a[-1] - a[-2]) / dx[-1]
    return out


def _gradient_uniform(a, out, h):
    if a.shape[0] < 2:
        raise ValueError("Shape of array too small to calculate a numerical gradient, at least (edge_order + 1) elements are required.")
    out[1:-1] = (a[2:] - a[:-2]) / (2.0 * h)
    out[0] = (a[1] - a[0]) / h
    out[-1] = (a[-1] - a[-2]) / h
    return out
