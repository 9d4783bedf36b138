# np.polynomial.polynomial's arithmetic and np.polynomial.polyutils' series helpers, in the Python
# compiled code runs (see library.rs), for 1-d coefficient series (numba's forms). Named with a
# leading `_`: np.polyadd and its kin are other functions (highest power first).


def _series1(c):
    """One coefficient series as NumPy's as_series makes it: a 1-d float copy, checked."""
    a = np._ravel1d(c) if not isinstance(c, np.ndarray) else np.atleast_1d(c)
    if a.ndim != 1:
        raise ValueError("Coefficient array is not 1-d")
    if a.size == 0:
        raise ValueError("Coefficient array is empty")
    item = np.zeros(1, a.dtype)[0]
    if isinstance(item, np.bool_):
        raise ValueError("Coefficient arrays have no common type")
    return a * 1.0


def _trimseq(seq):
    if len(seq) == 0 or seq[-1] != 0:
        return seq
    i = len(seq) - 1
    while i > 0 and seq[i] == 0:
        i -= 1
    return seq[:i + 1]


def _pair(c1, c2):
    """as_series([c1, c2]): both trimmed, copied, in their common type."""
    x = np._trimseq(np._series1(c1))
    y = np._trimseq(np._series1(c2))
    both = np.concatenate((x, y))
    return both[:x.shape[0]], both[x.shape[0]:]


def _as_series(alist, trim=True):
    if isinstance(alist, np.ndarray):
        if alist.ndim > 2:
            raise ValueError("Coefficient array is not 1-d")
        rows = np.atleast_2d(alist) if alist.ndim == 2 else alist.reshape(alist.shape[0], 1)
        whole = rows * 1.0
        out = [whole[0]]
        out.clear()
        for k in range(whole.shape[0]):
            s = whole[k].copy()
            if whole.shape[1] == 0:
                raise ValueError("Coefficient array is empty")
            out.append(np._trimseq(s) if trim else s)
        return out
    if isinstance(alist, list):
        out = [np._series1(alist[0]).copy()]
        out.clear()
        for c in alist:
            s = np._series1(c).copy()
            out.append(np._trimseq(s) if trim else s)
        return out
    if len(alist) == 2:
        x, y = np._pair(alist[0], alist[1]) if trim else np._pair_untrimmed(alist[0], alist[1])
        return [x, y]
    if len(alist) == 1:
        x = np._series1(alist[0]).copy()
        return [np._trimseq(x) if trim else x]
    np._unsupported("np.polynomial.polyutils.as_series of a sequence of other than one or two series is not supported yet")


def _pair_untrimmed(c1, c2):
    x = np._series1(c1)
    y = np._series1(c2)
    both = np.concatenate((x, y))
    return both[:x.shape[0]], both[x.shape[0]:]


def _polyadd(c1, c2):
    x, y = np._pair(c1, c2)
    if x.shape[0] > y.shape[0]:
        x[:y.shape[0]] += y
        return np._trimseq(x)
    y[:x.shape[0]] += x
    return np._trimseq(y)


def _polysub(c1, c2):
    x, y = np._pair(c1, c2)
    if x.shape[0] > y.shape[0]:
        x[:y.shape[0]] -= y
        return np._trimseq(x)
    z = -y
    z[:x.shape[0]] += x
    return np._trimseq(z)


def _polymul(c1, c2):
    x, y = np._pair(c1, c2)
    return np._trimseq(np.convolve(x, y))


def _polydiv(c1, c2):
    x, y = np._pair(c1, c2)
    if y[-1] == 0:
        raise ZeroDivisionError()
    lx = x.shape[0]
    ly = y.shape[0]
    if lx < ly:
        return x[:1] * 0, x
    if ly == 1:
        return x / y[-1], x[:1] * 0
    scl = y[-1]
    z = y[:-1] / scl
    i = lx - ly
    j = lx - 1
    while i >= 0:
        x[i:j] -= z * x[j]
        i -= 1
        j -= 1
    return x[j + 1:] / scl, np._trimseq(x[:j + 1])


def _polyval(x, c, tensor=True):
    cs = np._ravel1d(c) if not isinstance(c, np.ndarray) else np.atleast_1d(c)
    if cs.ndim != 1:
        np._unsupported("np.polynomial.polynomial.polyval of coefficients of more than one dimension is not supported yet")
    item = np.zeros(1, cs.dtype)[0]
    if isinstance(item, (np.bool_, np.integer)):
        return np._horner(np._points(x), cs.astype(np.float64))
    return np._horner(np._points(x), cs)


def _points(x):
    if isinstance(x, (list, tuple)):
        return np.array(x)
    return x


def _horner(x, cs):
    c0 = cs[-1] + x * 0
    for i in range(2, cs.shape[0] + 1):
        c0 = cs[-i] + c0 * x
    return c0


def _polyint(c, m=1, k=..., lbnd=..., scl=..., axis=...):
    cs = np._ravel1d(c) if not isinstance(c, np.ndarray) else np.atleast_1d(c)
    if cs.ndim != 1:
        np._unsupported("np.polynomial.polynomial.polyint of coefficients of more than one dimension is not supported yet")
    item = np.zeros(1, cs.dtype)[0]
    if isinstance(item, (np.bool_, np.integer)):
        return np._integrate(cs.astype(np.float64), m)
    return np._integrate(cs, m)


def _integrate(cs, m):
    if not isinstance(m, (int, np.integer)):
        raise TypeError("the order of integration must be an integer")
    if m < 0:
        raise ValueError("The order of integration must be non-negative")
    out = cs.copy()
    for _ in range(m):
        n = out.shape[0]
        if n == 1 and out[0] == 0:
            out[0] += 0
            continue
        tmp = np.empty(n + 1, out.dtype)
        tmp[0] = out[0] * 0
        tmp[1] = out[0]
        for j in range(1, n):
            tmp[j + 1] = out[j] / (j + 1)
        tmp[0] += 0 - np._horner(0, tmp)
        out = tmp
    return out


def polyval(p, x):
    """np.polyval (highest power first), Horner's steps as NumPy takes them: y = zeros_like(x),
    then y = y * x + p[i] for each coefficient."""
    c = np.asarray(p)
    if c.ndim != 1:
        np._unsupported("np.polyval of coefficients other than 1-d is not supported yet")
    first = c[0] if c.shape[0] > 0 else np.zeros(1, c.dtype)[0]
    if isinstance(x, np.ndarray):
        y = np.zeros_like(x) * x + first
    else:
        y = x * 0 + first
    for i in range(1, c.shape[0]):
        y = y * x + c[i]
    return y


def roots(p):
    """np.roots: the eigenvalues of the companion matrix of the coefficients trimmed of their
    leading zeros, then one zero root for each trailing zero. NumPy's result is complex when some
    root is, a dtype that depends on the values: compiled code returns float64 roots and raises
    ValueError (from np.linalg.eigvals) for a complex spectrum."""
    c = np.asarray(p)
    if c.ndim != 1:
        raise ValueError("Input must be a rank-1 array.")
    item = np.zeros(1, c.dtype)[0]
    if isinstance(item, (np.float32, np.complex64, np.complex128)):
        np._unsupported("np.roots of float32 or complex coefficients is not supported yet")
    nz = np.flatnonzero(c)
    if nz.shape[0] == 0:
        return np.zeros(0)
    first, last = nz[0], nz[-1]
    s = c[first:last + 1].astype(np.float64)
    n = s.shape[0]
    zeros = np.zeros(c.shape[0] - last - 1)
    if n < 2:
        return zeros
    a = np.diag(np.ones(n - 2), -1)
    a[0, :] = -s[1:] / s[0]
    return np.concatenate((np.linalg.eigvals(a), zeros))


def _padded_pair(a1, a2):
    """np.polyadd's operands (highest power first) as 1-d arrays of one length: the shorter one
    with zeros of its own dtype in front, as NumPy pads it."""
    x = np.atleast_1d(np.asarray(a1))
    y = np.atleast_1d(np.asarray(a2))
    if x.ndim != 1 or y.ndim != 1:
        np._unsupported("np.polyadd/np.polysub of coefficients other than 1-d are not supported yet")
    diff = y.shape[0] - x.shape[0]
    if diff > 0:
        x = np.concatenate((np.zeros(diff, x.dtype), x))
    elif diff < 0:
        y = np.concatenate((np.zeros(-diff, y.dtype), y))
    return x, y


def polyadd(a1, a2):
    x, y = np._padded_pair(a1, a2)
    return x + y


def polysub(a1, a2):
    x, y = np._padded_pair(a1, a2)
    return x - y


def polymul(a1, a2):
    return np.convolve(np._poly1d_coeffs(a1), np._poly1d_coeffs(a2))


def _poly1d_coeffs(c):
    """The coefficients np.poly1d keeps of `c`: leading zeros dropped, one zero if all were."""
    a = np.atleast_1d(np.asarray(c))
    if a.ndim > 1:
        raise ValueError("Polynomial must be 1d only.")
    nz = np.flatnonzero(a)
    if nz.shape[0] == 0:
        return np.zeros(1, a.dtype)
    return a[nz[0]:]


def polyder(p, m=1):
    return np._polyder_steps(p, m)


def _polyder_rt(p, m):
    # NumPy keeps the dtype at order 0 and promotes it with int64 at the first step: with the
    # order known only at run time, the dtypes the two agree on.
    item = np.zeros(1, np.asarray(p).dtype)[0]
    if not isinstance(item, (np.int64, np.float64, np.complex128)):
        np._order_refused()
    return np._polyder_steps(p, m)


def _polyder_steps(p, m):
    """np.polyder: each step multiplies by the powers n, n-1, ..., 1 and drops the constant.
    Order 0 is `p` itself, as NumPy returns it."""
    if int(m) < 0:
        raise ValueError("Order of derivative must be positive (see polyint)")
    c = np._coefficients_1d(p)
    if m == 0:
        return c
    y = c[:-1] * np.arange(c.shape[0] - 1, 0, -1)
    for _ in range(m - 1):
        y = y[:-1] * np.arange(y.shape[0] - 1, 0, -1)
    return y


def polyint(p, m=1, k=None):
    return np._polyint_steps(p, m, k)


def _polyint_rt(p, m, k=None):
    item = np.zeros(1, np.asarray(p).dtype)[0]
    if not isinstance(item, (np.float64, np.complex128)):
        np._order_refused()
    return np._polyint_steps(p, m, k)


def _polyint_steps(p, m, k):
    """np.polyint: each step divides by the powers n, ..., 1 and appends the next constant of `k`
    (zeros without it; one number stands for all m). Order 0 is `p` itself."""
    order = int(m)
    if order < 0:
        raise ValueError("Order of integral must be positive (see polyder)")
    ks = np.zeros(order) if k is None else np._ravel1d(k) * 1.0
    if ks.shape[0] == 1 and order > 1:
        ks = ks[0] * np.ones(order)
    if ks.shape[0] < order:
        raise ValueError("k must be a scalar or a rank-1 array of length 1 or >m.")
    c = np._coefficients_1d(p)
    if m == 0:
        return c
    y = c / np.arange(c.shape[0], 0, -1)
    y = np.concatenate((y, ks[:1].astype(y.dtype)))
    for j in range(1, order):
        y = np.concatenate((y / np.arange(y.shape[0], 0, -1), ks[j:j + 1].astype(y.dtype)))
    return y


def _coefficients_1d(p):
    c = np.asarray(p)
    if c.ndim != 1:
        np._unsupported("np.polyder/np.polyint of coefficients other than 1-d are not supported yet")
    return c


def _order_refused():
    np._unsupported("np.polyder/np.polyint of these coefficients with an order known only at run time is not supported (NumPy's result dtype depends on whether the order is 0); pass the order as a constant")


def polydiv(u, v):
    """np.polydiv: long division in the operands' common inexact type; the remainder loses its
    leading terms while they are close to zero (rtol 1e-14, as NumPy's allclose test)."""
    a = np.atleast_1d(np.asarray(u)) + 0.0
    b = np.atleast_1d(np.asarray(v)) + 0.0
    w = a[:1] + b[:1]
    m = a.shape[0] - 1
    n = b.shape[0] - 1
    scale = 1.0 / b[0]
    q = np.zeros(max(m - n + 1, 1), w.dtype)
    r = a.astype(w.dtype)
    for k in range(m - n + 1):
        d = scale * r[k]
        q[k] = d
        r[k:k + n + 1] -= d * b
    # np.allclose(r[0], 0, rtol=1e-14): |r[0]| <= 1e-8, false for nan and inf
    while abs(r[0]) <= 1e-08 and r.shape[-1] > 1:
        r = r[1:]
    return q, r
