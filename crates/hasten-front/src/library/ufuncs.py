# The accumulate method of NumPy's binary ufuncs other than add and multiply (np.cumsum and
# np.cumprod) and their outer method, in the Python compiled code runs (see
# library.rs and ufunc_methods.rs): each item (or row) the ufunc of the previous result and the
# next input, in the ufunc's own result dtype. `op` is a constant, so only its branch is typed.
# Named with a leading `_`.


def _ufunc_accumulate(array, op, axis=0, dtype=..., out=...):
    x = np.asarray(array)
    if x.ndim == 0:
        raise TypeError("cannot accumulate on a scalar")
    if axis != 0:
        np._unsupported("a ufunc's accumulate() along an axis other than 0 is not supported yet")
    acc = np.empty(x.shape, dtype=np._ufunc_pair(op, x[:0], x[:0]).dtype)
    if x.shape[0] > 0:
        acc[0] = x[0]
    for i in range(1, x.shape[0]):
        acc[i] = np._ufunc_pair(op, acc[i - 1], x[i])
    return acc


def _ufunc_outer(a, op, b, dtype=..., out=...):
    """op(a[i..., j...], b[j...]) for every pair: `a` with unit axes for `b`'s, broadcast."""
    x = np.asarray(a)
    if not isinstance(b, (np.ndarray, list, tuple)):
        return np._ufunc_pair(op, x, b)
    y = np.asarray(b)
    if y.ndim == 1:
        return np._ufunc_pair(op, np.expand_dims(x, -1), y)
    elif y.ndim == 2:
        return np._ufunc_pair(op, np.expand_dims(x, (-2, -1)), y)
    else:
        np._unsupported("a ufunc's outer() of a second operand of more than 2 dimensions is not supported yet")


def _ufunc_pair(op, a, b):
    if op == "add":
        return np.add(a, b)
    elif op == "multiply":
        return np.multiply(a, b)
    elif op == "subtract":
        return np.subtract(a, b)
    elif op == "maximum":
        return np.maximum(a, b)
    elif op == "minimum":
        return np.minimum(a, b)
    elif op == "logical_and":
        return np.logical_and(a, b)
    elif op == "logical_or":
        return np.logical_or(a, b)
    elif op == "logical_xor":
        return np.logical_xor(a, b)
    elif op == "bitwise_and":
        return np.bitwise_and(a, b)
    elif op == "bitwise_or":
        return np.bitwise_or(a, b)
    else:
        return np.bitwise_xor(a, b)


def _cumulative_out(a, op, axis=None, dtype=..., out=None):
    """np.cumsum/np.cumprod with out=: NumPy's running totals in their own dtype, stored into `out`
    as NumPy stores them (any cast), `out` returned."""
    r = np.cumsum(a, axis=axis) if op == "sum" else np.cumprod(a, axis=axis)
    if r.shape != out.shape:
        raise ValueError("provided out is the wrong size for the accumulation.")
    out[...] = r
    return out


def _ufunc_at(a, op, indices, b=None):
    """`np.add.at(a, indices, b)` and the other binary ufuncs' at(): each index in turn, repeated
    ones accumulating (NumPy's unbuffered loop). The values are an array first, so each step is
    op(a[i], v) in NumPy's promotion of the two dtypes, stored into `a` with any cast."""
    if b is None:
        np._unsupported("a ufunc's at() without values is not supported yet")
    if a.ndim != 1:
        np._unsupported("a ufunc's at() of an array of more than one dimension is not supported yet")
    idx = np.asarray(indices).reshape(-1)
    if idx.dtype == np.bool_:
        np._unsupported("a ufunc's at() with a boolean mask is not supported yet")
    vals = np.asarray(b)
    flat = vals.reshape(-1)
    if vals.ndim > 1 or (flat.shape[0] != 1 and flat.shape[0] != idx.shape[0]):
        raise ValueError("array is not broadcastable to correct shape")
    n = a.shape[0]
    for k in range(idx.shape[0]):
        i = idx[k]
        if i < -n or i >= n:
            raise IndexError("index " + str(i) + " is out of bounds for axis 0 with size " + str(n))
        j = i + n if i < 0 else i
        v = flat[0] if flat.shape[0] == 1 else flat[k]
        np._store_cast(a, j, np._ufunc_pair(op, a[j], v))
