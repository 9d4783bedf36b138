# NumPy functions that write into an array the caller gives (np.copyto, a reduction's out=), in
# the Python compiled code runs (see library.rs). Dtypes are known while compiling, so each dtype
# test below is decided then and only the branch taken is compiled.


def _kind(x):
    """0 bool, 1 unsigned, 2 signed, 3 float, 4 complex: the kind of an array's dtype."""
    d = x.dtype
    if d == np.bool_:
        return 0
    elif d == np.uint8 or d == np.uint16 or d == np.uint32 or d == np.uint64:
        return 1
    elif d == np.int8 or d == np.int16 or d == np.int32 or d == np.int64:
        return 2
    elif d == np.float32 or d == np.float64:
        return 3
    else:
        return 4


def _safe_cast(s, d):
    """np.can_cast(s.dtype, d.dtype, 'safe') of two arrays."""
    ks = np._kind(s)
    kd = np._kind(d)
    if ks == 0 or s.dtype == d.dtype:
        return True
    elif ks == 1:
        if kd == 1:
            return d.itemsize >= s.itemsize
        elif kd == 2:
            return d.itemsize > s.itemsize
        elif kd == 3:
            return d.itemsize > s.itemsize or d.itemsize == 8
        else:
            return kd == 4 and (d.itemsize > 2 * s.itemsize or d.itemsize == 16)
    elif ks == 2:
        if kd == 2:
            return d.itemsize >= s.itemsize
        elif kd == 3:
            return d.itemsize > s.itemsize or d.itemsize == 8
        else:
            return kd == 4 and (d.itemsize > 2 * s.itemsize or d.itemsize == 16)
    elif ks == 3:
        return (kd == 3 and d.itemsize >= s.itemsize) or (kd == 4 and d.itemsize >= 2 * s.itemsize)
    else:
        return kd == 4 and d.itemsize >= s.itemsize


def copyto(dst, src, casting="same_kind", where=True):
    s = np.asarray(src)
    what = "array data" if isinstance(src, np.ndarray) else "scalar"
    if casting == "unsafe":
        ok = True
    elif casting == "same_kind":
        ok = np._kind(s) <= np._kind(dst)
    elif casting == "safe":
        ok = np._safe_cast(s, dst)
    elif casting == "equiv" or casting == "no":
        ok = s.dtype == dst.dtype
    else:
        raise ValueError("casting must be one of 'no', 'equiv', 'safe', 'same_kind', or 'unsafe'")
    if not ok:
        raise TypeError("Cannot cast " + what + " from " + repr(s.dtype) + " to " + repr(dst.dtype) + " according to the rule '" + casting + "'")
    si = np.zeros(1, s.dtype)[0]
    di = np.zeros(1, dst.dtype)[0]
    if not isinstance(si, (np.bool_, np.integer, np.floating)) and isinstance(di, (np.bool_, np.integer, np.floating)):
        # Decided while compiling; every rule but 'unsafe' raised the TypeError above.
        if casting == "unsafe":
            np._unsupported("np.copyto of complex values into a real array with casting='unsafe' is not supported (NumPy drops the imaginary parts)")
    elif isinstance(where, bool):
        if where:
            dst[...] = s
    else:
        # The values cast to dst's dtype first, so that choosing between them and dst's own is exact.
        cast = np.empty_like(dst)
        cast[...] = s
        dst[...] = np.where(where, cast, dst)


def _reduce_out(a, op, axis=None, dtype=None, out=None, keepdims=False, ddof=0):
    """A reduction written into `out`, which NumPy returns: the result computed as without `out`,
    then stored, where `out` has the result's shape and dtype (NumPy's casts into another dtype
    change the accumulation itself, so they are refused by name)."""
    r = np.asarray(np._reduction(a, op, axis, dtype, ddof))
    if keepdims == True:  # a constant: only the branch taken is typed
        if axis is None:
            return np._store_reduced(out, r.reshape((1,) * np.asarray(a).ndim), op)
        return np._store_reduced(out, np.expand_dims(r, axis), op)
    return np._store_reduced(out, r, op)


def _reduction(a, op, axis, dtype, ddof):
    if op == "sum":
        if dtype is None:
            return np.sum(a, axis=axis)
        return np.sum(a, axis=axis, dtype=dtype)
    elif op == "prod":
        if dtype is None:
            return np.prod(a, axis=axis)
        return np.prod(a, axis=axis, dtype=dtype)
    elif op == "mean":
        if dtype is None:
            return np.mean(a, axis=axis)
        return np.mean(a, axis=axis, dtype=dtype)
    elif op == "std":
        if dtype is not None:
            np._unsupported("np.std's dtype= is not supported yet")
        return np.std(a, axis=axis, ddof=ddof)
    elif op == "var":
        if dtype is not None:
            np._unsupported("np.var's dtype= is not supported yet")
        return np.var(a, axis=axis, ddof=ddof)
    elif op == "min":
        return np.min(a, axis=axis)
    elif op == "max":
        return np.max(a, axis=axis)
    elif op == "any":
        return np.any(a, axis=axis)
    elif op == "all":
        return np.all(a, axis=axis)
    elif op == "argmin":
        return np.argmin(a, axis=axis)
    else:
        return np.argmax(a, axis=axis)


def _store_reduced(out, res, op):
    if op == "argmin" or op == "argmax":
        # NumPy takes an `out` whose dtype casts safely to int64, and stores the positions into it.
        if not np._safe_cast(out, res):
            raise TypeError("Cannot cast array data from " + repr(out.dtype) + " to dtype('int64') according to the rule 'safe'")
        if out.shape != res.shape:
            raise ValueError("output array does not match result of np." + op + ".")
    else:
        if op == "min":
            ufunc = "minimum"
        elif op == "max":
            ufunc = "maximum"
        elif op == "prod":
            ufunc = "multiply"
        elif op == "any":
            ufunc = "logical_or"
        elif op == "all":
            ufunc = "logical_and"
        else:
            ufunc = "add"
        # `out.size >= 0` keeps the test to run time, so that a call that always raises here
        # still has `out`'s type for the code after it.
        if out.size >= 0 and out.ndim != res.ndim:
            raise ValueError("output parameter for reduction operation " + ufunc + " has the wrong number of dimensions: Found " + str(out.ndim) + " but expected " + str(res.ndim))
        if out.shape != res.shape:
            raise ValueError("non-broadcastable output operand with shape " + str(out.shape) + " doesn't match the broadcast shape " + str(res.shape))
        if out.dtype != res.dtype:
            np._unsupported("out= of another dtype than the reduction's result is not supported yet")
    if res.ndim == 0:
        out[...] = res.item()
    else:
        out[...] = res
    return out


def _extreme_initial(a, op, axis=None, out=..., keepdims=..., initial=None, where=...):
    """np.min/np.max with initial= along an axis: the reduction with `initial` (in the array's
    dtype, as NumPy casts it) as the first item of every line, so an empty axis gives it. NumPy
    folds a line its iterator walks innermost in its SIMD loop and the others element by element,
    which pick differently between -0.0 and 0.0: the lines made keep the axis innermost or not as
    in `a` (a smaller absolute stride is inner; equal or zero ones keep C order)."""
    x = np.asarray(a)
    # Converted once up front, so that NumPy's OverflowError comes for an empty array too.
    value = np.full(1, initial, dtype=x.dtype)[0]
    # (np.moveaxis raises NumPy's error for an axis out of range.)
    last = np.moveaxis(x, axis, -1)
    k = axis + x.ndim if axis < 0 else axis
    reach = abs(x.strides[k])
    innermost = True
    for j in range(x.ndim):
        inner = abs(x.strides[j]) < reach
        if abs(x.strides[j]) == reach or x.strides[j] == 0 or reach == 0:
            inner = j > k
        if j != k and x.shape[j] > 1 and inner:
            innermost = False
    if innermost:
        lines = np.concatenate((np.full(last.shape[:-1] + (1,), value, dtype=x.dtype), last), axis=-1)
        if op == "min":
            return np.min(lines, axis=-1)
        return np.max(lines, axis=-1)
    moved = np.moveaxis(x, k, 0)
    lines = np.concatenate((np.full((1,) + moved.shape[1:], value, dtype=x.dtype), moved), axis=0)
    if op == "min":
        return np.min(lines, axis=0)
    return np.max(lines, axis=0)
