# np.iscomplex, np.isreal, np.iscomplexobj, np.isrealobj and np.cross, in the Python compiled code
# runs (see library.rs).


def iscomplexobj(x):
    if isinstance(x, np.ndarray):
        item = np.zeros(1, x.dtype)[0]
        return not isinstance(item, (np.bool_, np.integer, np.floating))
    return not isinstance(x, (bool, int, float, np.bool_, np.integer, np.floating))


def isrealobj(x):
    return not np.iscomplexobj(x)


def iscomplex(x):
    if isinstance(x, np.ndarray):
        return x.imag != 0
    return np.bool_(x.imag != 0)


def isreal(x):
    if isinstance(x, np.ndarray):
        return x.imag == 0
    if isinstance(x, np.generic):
        return np.bool_(x.imag == 0)
    return x.imag == 0


def cross(a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    if axis is not None:
        return np._cross(a, b, axis, axis, axis)
    return np._cross(a, b, axisa, axisb, axisc)


def _cross(a, b, axisa, axisb, axisc):
    # The vectors' axis first: the slices of one component broadcast with it as a unit axis.
    u = np.moveaxis(np._as_array(a), axisa, 0)
    v = np.moveaxis(np._as_array(b), axisb, 0)
    m = u.shape[0]
    n = v.shape[0]
    if (m != 2 and m != 3) or (n != 2 and n != 3):
        raise ValueError("incompatible dimensions for cross product\n(dimension must be 2 or 3)")
    if m == 2 and n == 2:
        raise ValueError("np.cross of two arrays of 2-d vectors (deprecated by NumPy) is not supported: its number of axes would depend on run-time lengths")
    u0 = u[0:1]
    u1 = u[1:2]
    v0 = v[0:1]
    v1 = v[1:2]
    z = u0 * v1 - u1 * v0
    if m == 3 and n == 3:
        x = u1 * v[2:3] - u[2:3] * v1
        y = u[2:3] * v0 - u0 * v[2:3]
    elif m == 2:
        x = u1 * v[2:3]
        y = -(u0 * v[2:3])
    else:
        x = -(u[2:3] * v1)
        y = u[2:3] * v0
    # NumPy fills a C-contiguous array whose last axis holds the vectors, then moves that axis.
    w = np.concatenate((np.moveaxis(x, 0, -1), np.moveaxis(y, 0, -1), np.moveaxis(z, 0, -1)), -1)
    return np.moveaxis(w, -1, axisc)


def dtype(obj, align=..., copy=...):
    """np.dtype of a NumPy type or of another dtype value (a dtype is a value without slots)."""
    return np.empty(0, obj).dtype


def _bit_length(n):
    """int.bit_length(): the bits of abs(n), counted by shifting (abs(-2**63) is 2**63: 64)."""
    if not isinstance(n, int):
        np._unsupported("x.bit_length() of anything but a Python int (or bool) is not supported; NumPy's ints have no bit_length")
    if n == -9223372036854775807 - 1:
        return 64
    rest = -n if n < 0 else n
    bits = 0
    while rest > 0:
        rest >>= 1
        bits += 1
    return bits


def _bit_count(n):
    """int.bit_count(): the one bits of abs(n), each cleared in turn (abs(-2**63) has one)."""
    if not isinstance(n, int):
        np._unsupported("x.bit_count() of anything but a Python int (or bool) is not supported; NumPy's ints have no bit_count")
    if n == -9223372036854775807 - 1:
        return 1
    rest = -n if n < 0 else n
    ones = 0
    while rest > 0:
        rest &= rest - 1
        ones += 1
    return ones
