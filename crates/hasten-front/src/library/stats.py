# NumPy's covariance and correlation, and the nan* functions NumPy defines through others, in the
# Python compiled code runs (see library.rs: constant arguments are constants here, parameters
# are never assigned).


def _cov_rows(m, rowvar):
    """`m` as a C-ordered float64 (complex128 for complex data) matrix of one variable per row,
    as np.cov reads it."""
    if m.dtype == np.complex128 or m.dtype == np.complex64:
        z = np.atleast_2d(m).astype(np.complex128)
        if rowvar or z.shape[0] == 1:
            return z
        return np.ascontiguousarray(z.T)
    x = np.atleast_2d(m).astype(np.float64)
    if rowvar or x.shape[0] == 1:
        return x
    return np.ascontiguousarray(x.T)


def _cov_product(xc):
    """The products of the centred rows, `xc @ xc^H` as np.cov computes them."""
    if xc.dtype == np.complex128:
        return np.dot(xc, xc.T.conj())
    return np.dot(xc, xc.T)


def cov(m, y=None, rowvar=True, bias=False, ddof=None, fweights=..., aweights=..., dtype=...):
    # Array-likes (nested tuples and lists) as arrays.
    mm = np.asarray(m)
    if mm.ndim > 2:
        raise ValueError("m has more than 2 dimensions")
    x = np._cov_rows(mm, rowvar)
    if y is not None:
        yy = np.asarray(y)
        if yy.ndim > 2:
            raise ValueError("y has more than 2 dimensions")
        x = np.concatenate((x, np._cov_rows(yy, rowvar)), axis=0)
    if ddof is None:
        d = 0 if bias else 1
    else:
        d = ddof
    fact = float(x.shape[1] - d)
    if fact <= 0.0:
        fact = 0.0
    xc = x - x.mean(axis=1).reshape((x.shape[0], 1))
    c = np._cov_product(xc) * np.divide(1.0, fact)
    if mm.ndim == 1 and y is None:
        return c.reshape(())
    if c.shape[0] == 1:
        # NumPy squeezes the 1x1 result to 0-d: a number of axes known only now.
        raise NotImplementedError("np.cov of a single variable held in a 2-d array: NumPy returns a 0-d array, which this call, compiled for a 2-d result, cannot; pass the variable as a 1-d array")
    return c


def corrcoef(x, y=None, rowvar=True, bias=..., ddof=..., dtype=...):
    xx = np.asarray(x)
    c = np.cov(xx, y, rowvar)
    if xx.ndim == 1 and y is None:
        v = c.sum()
        return np.divide(v, v)
    s = np.sqrt(np.diag(c))
    n = s.shape[0]
    out = c / s.reshape((n, 1)) / s.reshape((1, n))
    # NumPy clips the real and the imaginary parts each to [-1, 1].
    np.clip(out.real, -1.0, 1.0, out=out.real)
    item = np.zeros(1, out.dtype)[0]
    if not isinstance(item, np.floating):
        np.clip(out.imag, -1.0, 1.0, out=out.imag)
    return out


def nanprod(a, axis=None, dtype=..., out=..., keepdims=..., initial=..., where=...):
    return np.prod(np.where(np.isnan(a), 1, a), axis)


def nancumsum(a, axis=None, dtype=..., out=...):
    return np.cumsum(np.where(np.isnan(a), 0, a), axis)


def nancumprod(a, axis=None, dtype=..., out=...):
    return np.cumprod(np.where(np.isnan(a), 1, a), axis)


def nanpercentile(a, q, axis=None, out=..., overwrite_input=..., method=..., keepdims=..., weights=...):
    if isinstance(q, (list, tuple)):
        return np.nanquantile(a, np.asarray(q) / 100, axis)
    return np.nanquantile(a, q / 100, axis)


def nanquantile(a, q, axis=None, out=..., overwrite_input=..., method=..., keepdims=..., weights=...):
    if axis is not None:
        np._unsupported("np.nanquantile and np.nanpercentile with axis= are not supported yet")
    x = np.ravel(a)
    kept = x[~np.isnan(x)]
    if kept.shape[0] == 0:
        # An all-NaN or empty array: NumPy's NaN for each q, typed as the quantiles of `kept` are,
        # except where NumPy's type then depends on the values.
        item = np.zeros(1, x.dtype)[0]
        if isinstance(q, (np.ndarray, list, tuple)):
            if x.shape[0] == 0:
                raise NotImplementedError("np.nanquantile/np.nanpercentile of an empty array with several q: NumPy returns one NaN scalar, which this call, compiled for an array of quantiles, cannot")
            if isinstance(item, np.float32):
                raise NotImplementedError("np.nanquantile/np.nanpercentile of an all-NaN float32 array with several q: NumPy returns float32 NaNs where other float32 arrays give float64 quantiles, which this call, compiled for float64, cannot")
        if isinstance(item, np.float32):
            return np.quantile(np.full(1, np.nan, np.float32), q)
        return np.quantile(np.full(1, np.nan), q)
    return np.quantile(kept, q)


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


def _average_axis(a, axis=None, weights=None, returned=False, keepdims=...):
    """np.average with weights= along one axis: the products summed along the axis over the
    weights' sum, in the dtype NumPy promotes the two to (float64 for integers and bools). 1-d
    weights of the axis's length are laid along it, as NumPy reshapes them, and the products
    made in `a`'s own layout, so that the sums add in NumPy's order."""
    x = np.asarray(a)
    w = np.asarray(weights)
    if not isinstance(axis, int):
        np._unsupported("np.average with weights= and a tuple of axes is not supported yet")
    p = x.ravel()[:0] * w.ravel()[:0]
    item = np.zeros(1, p.dtype)[0]
    if isinstance(item, (np.integer, np.bool_)):
        r = np._weighted_along(x.astype(np.float64), w.astype(np.float64), axis)
    else:
        r = np._weighted_along(x.astype(p.dtype), w.astype(p.dtype), axis)
    if returned == True:  # a constant: only the branch taken is typed
        return r[0], np.broadcast_to(r[1], np.shape(r[0])).copy()
    return r[0]


def _weighted_along(x, w, axis):
    """(the weighted average along `axis`, the weights' sum) of arrays of one dtype."""
    if w.ndim == x.ndim:
        if w.shape != x.shape:
            raise ValueError("Shape of weights must be consistent with shape of a along specified axis.")
        scl = np.sum(w, axis=axis)
        if np.any(scl == 0.0):
            raise ZeroDivisionError("Weights sum to zero, can't be normalized")
        avg = np.sum(x * w, axis=axis) / scl
    else:
        if w.ndim != 1 or w.shape[0] != x.shape[axis]:
            raise ValueError("Shape of weights must be consistent with shape of a along specified axis.")
        lanes = np.broadcast_to(w, np.moveaxis(x, axis, -1).shape)
        scl = np.sum(w)
        if scl == 0.0:
            raise ZeroDivisionError("Weights sum to zero, can't be normalized")
        # The products laid out as `x` is (NumPy's multiply keeps its operands' order), so that
        # the sum adds them in NumPy's order.
        prod = np.empty_like(x)
        prod[...] = x * np.moveaxis(lanes, -1, axis)
        avg = np.sum(prod, axis=axis) / scl
    return avg, scl


def histogram2d(x, y, bins=10, range=None, density=None, weights=None):
    """NumPy's 2-d histogram (its histogramdd for two coordinates): `bins` an int, a pair of ints
    or one array of edges for both; a sample on the last edge counts in the last bin; float64
    counts (or sums of weights)."""
    xs = np.asarray(x)
    ys = np.asarray(y)
    if xs.ndim != 1 or ys.ndim != 1:
        np._unsupported("np.histogram2d of coordinates other than 1-d arrays is not supported yet")
    if xs.shape[0] != ys.shape[0]:
        raise ValueError("x and y must have the same length.")
    if isinstance(bins, np.ndarray):
        item = np.zeros(1, bins.dtype)[0]
        if not isinstance(item, np.floating):
            np._unsupported("np.histogram2d with bins= an array of integers is not supported yet (NumPy reads two items as two bin counts, more as edges)")
        if bins.shape[0] == 1:
            raise ValueError("The dimension of bins must be equal to the dimension of the sample x.")
        if bins.shape[0] == 2:
            # Two floats are two bin counts to NumPy, which are checked and refused.
            if bins[0] < 1:
                raise ValueError("`bins[0]` must be positive, when an integer")
            raise TypeError("`bins[0]` must be an integer, when a scalar")
        # One array is both axes' edges (checked once: NumPy's error names bins[0] first).
        xe = np._hist2d_given_edges(bins, 0)
        ye = xe
    elif isinstance(bins, int):
        xe = np._hist2d_edges(xs, bins, None if range is None else range[0], 0)
        ye = np._hist2d_edges(ys, bins, None if range is None else range[1], 1)
    elif isinstance(bins[0], int):
        xe = np._hist2d_edges(xs, bins[0], None if range is None else range[0], 0)
        ye = np._hist2d_edges(ys, bins[1], None if range is None else range[1], 1)
    else:
        xe = np._hist2d_given_edges(bins[0], 0)
        ye = np._hist2d_given_edges(bins[1], 1)
    h = np._hist2d_count(xs, ys, xe, ye, weights)
    if density:
        s = h.sum()
        h = h / np.diff(xe).reshape((xe.shape[0] - 1, 1))
        h = h / np.diff(ye).reshape((1, ye.shape[0] - 1))
        h = h / s
    return h, xe, ye


def _hist2d_count(xs, ys, xe, ye, weights):
    """The samples counted (or their weights summed) in sample order into the bins: NumPy's bin
    numbers from searchsorted, a sample on the last edge moved into the last bin, outliers left."""
    nx = xe.shape[0] - 1
    ny = ye.shape[0] - 1
    ix = np.searchsorted(xe, xs, side="right")
    iy = np.searchsorted(ye, ys, side="right")
    h = np.zeros((nx, ny))
    for k in range(xs.shape[0]):
        i = ix[k] - 1 if xs[k] == xe[nx] else ix[k]
        j = iy[k] - 1 if ys[k] == ye[ny] else iy[k]
        if 1 <= i and i <= nx and 1 <= j and j <= ny:
            if weights is None:
                h[i - 1, j - 1] += 1.0
            else:
                h[i - 1, j - 1] += weights[k]
    return h


def _hist2d_edges(v, n, rng, i):
    """The n + 1 equal bins over `rng` or the samples' extent (an empty extent widened by 1/2)."""
    if n < 1:
        raise ValueError(f"`bins[{i}]` must be positive, when an integer")
    if rng is None:
        if v.shape[0] == 0:
            lo = 0.0
            hi = 1.0
        else:
            lo = v.min()
            hi = v.max()
            if not (np.isfinite(lo) and np.isfinite(hi)):
                raise ValueError(f"autodetected range of [{lo}, {hi}] is not finite")
    else:
        lo = rng[0]
        hi = rng[1]
        if lo > hi:
            raise ValueError("max must be larger than min in range parameter.")
        if not (np.isfinite(lo) and np.isfinite(hi)):
            raise ValueError(f"supplied range of [{lo}, {hi}] is not finite")
    if lo == hi:
        lo = lo - 0.5
        hi = hi + 0.5
    return np.linspace(lo, hi, n + 1)


def _hist2d_given_edges(bins, i):
    e = np.asarray(bins)
    if e.ndim != 1:
        np._unsupported("np.histogram2d's bins= other than an int, a pair of ints or 1-d edges is not supported yet")
    if np.any(e[:-1] > e[1:]):
        raise ValueError(f"`bins[{i}]` must be monotonically increasing, when an array")
    return e


def _convolve_mode(a, v, mode, correlate):
    """np.convolve/np.correlate (`correlate`) of a mode known only at run time: a name or NumPy's
    number for it, checked as NumPy checks it."""
    if isinstance(mode, str):
        if mode == "valid":
            k = 0
        elif mode == "same":
            k = 1
        elif mode == "full":
            k = 2
        else:
            raise ValueError(f"mode must be one of 'valid', 'same', or 'full' (got {mode!r})")
    else:
        k = mode
        if k < 0 or k > 2:
            raise ValueError("integer convolve/correlate mode must be 0, 1, or 2")
    if correlate:
        if k == 0:
            return np.correlate(a, v, "valid")
        if k == 1:
            return np.correlate(a, v, "same")
        return np.correlate(a, v, "full")
    if k == 0:
        return np.convolve(a, v, "valid")
    if k == 1:
        return np.convolve(a, v, "same")
    return np.convolve(a, v, "full")


def _diff_n(a, n, axis=-1):
    """np.diff of an order `n` known only at run time (or 0, or beyond the orders compiled as one
    loop): `n` first differences; `a` itself for 0, as NumPy returns it."""
    if n < 0:
        raise ValueError(f"order must be non-negative but got {n}")
    x = np.asarray(a)
    if x.ndim == 0:
        raise ValueError("diff requires input that is at least one dimensional")
    r = x
    for _ in range(n):
        r = np.diff(r, 1, axis)
    return r


def histogram_bin_edges(a, bins=10, range=None, weights=...):
    """The edges np.histogram would use (its counts are left unused)."""
    return np.histogram(a, bins, range)[1]


def median(a, axis=None, out=..., overwrite_input=..., keepdims=...):
    kind = np.zeros(1, np.asarray(a).dtype)[0]
    if isinstance(kind, (np.complex64, np.complex128)):
        return np._median_complex(a, axis)
    return np._median(a, axis)


def _median_complex(a, axis):
    """NumPy's median of complex values: the mean of the middle one or two in its order of complex
    numbers, or the last in that order when it holds a NaN (NumPy's NaN check of its partition)."""
    if axis is not None:
        np._unsupported("np.median of complex values along an axis is not supported yet")
    x = np.sort(np.ravel(a))
    n = x.shape[0]
    if n == 0:
        return np.mean(x)
    last = x[n - 1]
    if np.isnan(last):
        return last
    h = n // 2
    if n % 2 == 1:
        return np.mean(x[h:h + 1])
    return np.mean(x[h - 1:h + 1])


def trapezoid(y, x=None, dx=1.0, axis=-1):
    a = np.asarray(y)
    kind = np.zeros(1, a.dtype)[0]
    if a.ndim == 1 and not isinstance(kind, (np.complex64, np.complex128)):
        return np._trapezoid(y, x, dx, axis)
    return np._trapezoid_formula(a, x, dx, axis)


def _trapezoid_formula(a, x, dx, axis):
    """NumPy's trapezoid rule as it writes it, `(d * (y[1:] + y[:-1]) / 2.0)` summed along the
    axis (each operation NumPy's loop): for complex values and arrays of several axes. NumPy lays
    its terms out in the order of the strides of `a` (largest first), which sets the order of the
    sums: `a` is taken as the view with its axes in that order, and the result's axes put back."""
    n = a.ndim
    if axis >= n or axis < -n:
        # NumPy indexes a list of slices with the axis.
        raise IndexError("list assignment index out of range")
    if a.ndim == 1:
        return np._trapezoid_terms(a, x, dx, axis)
    k = axis + n if axis < 0 else axis
    order = np.argsort(-np.abs(np._strides_array(a)[:n]), kind="stable")
    r = np._trapezoid_terms(np._permuted(a, order), x, dx, np.flatnonzero(order == k)[0])
    return np._permuted(r, np.argsort(order[order != k]))


def _trapezoid_terms(a, x, dx, axis):
    if x is None:
        d = dx
    else:
        xs = np.asarray(x)
        if a.ndim != 1 or xs.ndim != 1:
            np._unsupported("np.trapezoid with x= is supported for 1-d y and x")
        d = np.diff(xs)
    s = np.moveaxis(a, axis, 0)
    terms = d * (np.moveaxis(s[1:], 0, axis) + np.moveaxis(s[:-1], 0, axis)) / 2.0
    if a.ndim == 1:
        return terms.sum()
    return terms.sum(axis)
