# NumPy's splitting, joining, inserting and deleting, and small shape functions, in the Python
# compiled code runs (see library.rs: constant arguments are constants here, parameters are never
# assigned). Lists of arrays are Python lists, as NumPy returns them.


def _along(ary, axis, start, stop):
    """The view `ary[..., start:stop, ...]` of positions start:stop on `axis`."""
    return np.moveaxis(np.moveaxis(ary, axis, 0)[start:stop], 0, axis)


def array_split(ary, indices_or_sections, axis=0):
    # A list or tuple splits as the array of it (NumPy's `swapaxes` makes one), its length
    # counted along the first axis whatever `axis` is, as NumPy counts it.
    arr = np.asarray(ary)
    if isinstance(ary, np.ndarray):
        n = arr.shape[axis]
    else:
        n = len(ary)
    out = [np._along(arr, axis, 0, 0)]
    out.clear()
    if isinstance(indices_or_sections, (int, np.integer)):
        if indices_or_sections <= 0:
            raise ValueError("number sections must be larger than 0.")
        each, extras = divmod(n, indices_or_sections)
        start = 0
        for k in range(indices_or_sections):
            size = each + 1 if k < extras else each
            out.append(np._along(arr, axis, start, start + size))
            start += size
        return out
    start = 0
    for stop in indices_or_sections:
        out.append(np._along(arr, axis, start, stop))
        start = stop
    out.append(np._along(arr, axis, start, n))
    return out


def split(ary, indices_or_sections, axis=0):
    if isinstance(indices_or_sections, (int, np.integer)):
        if isinstance(ary, np.ndarray):
            if ary.shape[axis] % indices_or_sections != 0:
                raise ValueError("array split does not result in an equal division")
        else:
            np._no_attribute(ary, "shape")
    return np.array_split(ary, indices_or_sections, axis)


def _no_attribute(x, name):
    """NumPy's AttributeError where it reads `x.shape` or `x.ndim` of a list, tuple or number."""
    if isinstance(x, list):
        cls = "list"
    elif isinstance(x, tuple):
        cls = "tuple"
    elif isinstance(x, bool):
        cls = "bool"
    elif isinstance(x, int):
        cls = "int"
    elif isinstance(x, float):
        cls = "float"
    else:
        cls = "object"
    raise AttributeError("'" + cls + "' object has no attribute '" + name + "'")


def hsplit(ary, indices_or_sections):
    if isinstance(ary, np.ndarray):
        if ary.ndim == 0:
            raise ValueError("hsplit only works on arrays of 1 or more dimensions")
        if ary.ndim > 1:
            return np.split(ary, indices_or_sections, 1)
        return np.split(ary, indices_or_sections, 0)
    if np.ndim(ary) == 0:
        raise ValueError("hsplit only works on arrays of 1 or more dimensions")
    np._no_attribute(ary, "ndim")
    return np.split(ary, indices_or_sections, 0)


def vsplit(ary, indices_or_sections):
    # An array's ndim is known when compiling: the rest is not typed for too few axes.
    if isinstance(ary, np.ndarray):
        if ary.ndim < 2:
            raise ValueError("vsplit only works on arrays of 2 or more dimensions")
    elif np.ndim(ary) < 2:
        raise ValueError("vsplit only works on arrays of 2 or more dimensions")
    return np.split(ary, indices_or_sections, 0)


def dsplit(ary, indices_or_sections):
    # An array's ndim is known when compiling: the rest is not typed for too few axes.
    if isinstance(ary, np.ndarray):
        if ary.ndim < 3:
            raise ValueError("dsplit only works on arrays of 3 or more dimensions")
    elif np.ndim(ary) < 3:
        raise ValueError("dsplit only works on arrays of 3 or more dimensions")
    return np.split(ary, indices_or_sections, 2)


def row_stack(tup, dtype=..., casting=...):
    return np.vstack(tup)


def _check_axis(n, k, axis):
    if k < -n or k >= n:
        raise IndexError(f"index {int(k)} is out of bounds for axis {axis} with size {n}")


def delete(arr, obj, axis=None):
    if axis is None:
        return np._delete_along(np.ravel(arr), obj, 0)
    return np._delete_along(arr, obj, axis)


def _delete_along(arr, obj, axis):
    n = arr.shape[axis]
    keep = np.ones(n, np.bool_)
    if isinstance(obj, (int, np.integer)):
        np._check_axis(n, obj, axis)
        keep[obj] = False
    else:
        idx = np._ravel1d(obj)
        if idx.shape[0] == 1:
            np._check_axis(n, idx[0], axis)
        keep[idx] = False
    return np.compress(keep, arr, axis)


def insert(arr, obj, values, axis=None):
    if axis is None:
        return np._insert1d(np.ravel(arr), obj, values)
    if arr.ndim != 1:
        np._unsupported("np.insert with axis= of an array of more than one dimension is not supported yet")
    if axis != 0 and axis != -1:
        raise ValueError(f"axis {axis} is out of bounds for array of dimension 1")
    return np._insert1d(arr, obj, values)


def _insert1d(arr, obj, values):
    n = arr.shape[0]
    vals = np._ravel1d(values)
    if isinstance(obj, (int, np.integer)):
        if obj < -n or obj > n:
            raise IndexError(f"index {int(obj)} is out of bounds for axis 0 with size {n}")
        k = obj + n if obj < 0 else obj
        out = np.empty(n + vals.shape[0], arr.dtype)
        out[:k] = arr[:k]
        out[k:k + vals.shape[0]] = vals
        out[k + vals.shape[0]:] = arr[k:]
        return out
    idx = np._ravel1d(obj).astype(np.int64)
    m = idx.shape[0]
    if vals.shape[0] != 1 and vals.shape[0] != m:
        raise ValueError(f"shape mismatch: value array of shape ({vals.shape[0]},) could not be broadcast to indexing result of shape ({m},)")
    pos = np.empty(m, np.int64)
    for j in range(m):
        k = idx[j]
        if k < -n or k > n:
            raise IndexError(f"index {int(k)} is out of bounds for axis 0 with size {n}")
        pos[j] = k + n if k < 0 else k
    order = np.argsort(pos, kind="stable")
    shifted = np.empty(m, np.int64)
    for j in range(m):
        shifted[order[j]] = pos[order[j]] + j
    out = np.empty(n + m, arr.dtype)
    old = np.ones(n + m, np.bool_)
    for j in range(m):
        out[shifted[j]] = vals[0] if vals.shape[0] == 1 else vals[j]
        old[shifted[j]] = False
    out[old] = arr
    return out


def ediff1d(ary, to_end=None, to_begin=None):
    x = np.ravel(ary)
    if to_begin is None and to_end is None:
        return x[1:] - x[:-1]
    head = np._ediff1d_edge(to_begin, x, "to_begin")
    tail = np._ediff1d_edge(to_end, x, "to_end")
    n = max(x.shape[0] - 1, 0)
    b = head.shape[0]
    out = np.empty(b + n + tail.shape[0], x.dtype)
    out[:b] = head
    out[b + n:] = tail
    out[b:b + n] = x[1:] - x[:-1]
    return out


def _ediff1d_edge(v, x, name):
    """np.ediff1d's to_begin/to_end, flattened; its dtype must cast to x's by the same-kind rule."""
    if v is None:
        return np.empty(0, x.dtype)
    w = np._ravel1d(v)
    wi = np.zeros(1, w.dtype)[0]
    xi = np.zeros(1, x.dtype)[0]
    message = "dtype of `" + name + "` must be compatible with input `ary` under the `same_kind` rule."
    # Decided while compiling: complex values never reach a real array's stores. (The raise is
    # under a test that always holds, so that the branch still returns x's array type: a body
    # that only raises would be typed as returning None.)
    if isinstance(wi, (np.complex64, np.complex128)) and not isinstance(xi, (np.complex64, np.complex128)):
        if x.size >= 0:
            raise TypeError(message)
        return np.empty(0, x.dtype)
    if np._kind(w) > np._kind(x):
        raise TypeError(message)
    return w


def fill_diagonal(a, val, wrap=False):
    if a.ndim < 2:
        raise ValueError("array must be at least 2-d")
    if a.ndim > 2:
        np._fill_diagonal_nd(a, val)
        return
    cols = a.shape[1]
    size = a.shape[0] * cols
    end = size if wrap else min(cols * cols, size)
    v = np._ravel1d(val)
    if v.shape[0] == 0:
        return
    j = 0
    for i in range(0, end, cols + 1):
        a[i // cols, i % cols] = v[j % v.shape[0]]
        j += 1


def _fill_diagonal_nd(a, val):
    """np.fill_diagonal of 3 or more axes, all of one length n: the items (i, i, ..., i), flat
    index i * (1 + n + n**2 + ...), the values repeated as NumPy's `a.flat[::step] = val`."""
    n = a.shape[0]
    for k in range(1, a.ndim):
        if a.shape[k] != n:
            raise ValueError("All dimensions of input must be of equal length")
    step = 1
    span = 1
    for k in range(a.ndim - 1):
        span *= n
        step += span
    v = np._ravel1d(val)
    if v.shape[0] == 0:
        return
    for i in range(n):
        a.flat[i * step] = v[i % v.shape[0]]


def _ravel1d(x):
    """`np.ravel(np.asarray(x))` of an array, a list or tuple, or a scalar."""
    if isinstance(x, np.ndarray):
        return np.ravel(x)
    if isinstance(x, (list, tuple)):
        return np.ravel(np.array(x))
    return np.array([x])


def diagflat(v, k=0):
    return np.diag(np.ravel(v), k)


def trim_zeros(filt, trim="fb", axis=...):
    start = 0
    stop = filt.shape[0]
    if "f" in trim or "F" in trim:
        while start < stop and filt[start] == 0:
            start += 1
    if "b" in trim or "B" in trim:
        while stop > start and filt[stop - 1] == 0:
            stop -= 1
    return filt[start:stop]


def resize(a, new_shape):
    x = np.ravel(np.asarray(a))
    out = np.empty(new_shape, x.dtype)
    flat = out.reshape(out.size)
    if x.shape[0] == 0 or out.size == 0:
        if x.shape[0] == 0 and out.size != 0:
            flat[:] = 0
        return out
    for i in range(out.size):
        flat[i] = x[i % x.shape[0]]
    return out


def copy(a, order=..., subok=...):
    # NumPy's order='K': a copy in the memory order of `a` (np.array's), not a.copy()'s C order.
    return np.array(a)


def asfortranarray(a, dtype=...):
    if a.ndim == 0:
        return a.reshape(1).copy()
    return np.ascontiguousarray(a.T).T


def _flatten(a, order="C"):
    if order == "C":
        return np.ravel(a).copy()
    elif order == "F":
        return np.ravel(np.transpose(a)).copy()
    else:
        np._unsupported("flatten's order= other than 'C' or 'F' is not supported yet")


def ndim(a):
    if isinstance(a, np.ndarray):
        return a.ndim
    return np.asarray(a).ndim


def size(a, axis=None):
    x = a if isinstance(a, np.ndarray) else np.asarray(a)
    if axis is None:
        return x.size
    return x.shape[axis]


def shape(a):
    if isinstance(a, np.ndarray):
        return a.shape
    if isinstance(a, (list, tuple)):
        return np.asarray(a).shape
    return ()


def take_along_axis(arr, indices, axis=-1):
    """NumPy's own definition: `arr` indexed by `indices` along `axis` and by `arange`s along the
    others, shaped to broadcast with `indices` (its errors are those of that indexing)."""
    if axis is None:
        if indices.ndim != 1:
            raise ValueError("when axis=None, `indices` must have a single dimension.")
        return arr.ravel()[indices]
    if indices.ndim != arr.ndim:
        raise ValueError("`indices` and `arr` must have the same number of dimensions")
    if axis >= arr.ndim or axis < -arr.ndim:
        raise ValueError(f"axis {axis} is out of bounds for array of dimension {arr.ndim}")
    ax = axis + arr.ndim if axis < 0 else axis
    if arr.ndim == 1:
        return arr[indices]
    elif arr.ndim == 2:
        if ax == 0:
            return arr[indices, np.arange(arr.shape[1]).reshape(1, -1)]
        return arr[np.arange(arr.shape[0]).reshape(-1, 1), indices]
    elif arr.ndim == 3:
        i = np.arange(arr.shape[0]).reshape(-1, 1, 1)
        j = np.arange(arr.shape[1]).reshape(1, -1, 1)
        k = np.arange(arr.shape[2]).reshape(1, 1, -1)
        if ax == 0:
            return arr[indices, j, k]
        elif ax == 1:
            return arr[i, indices, k]
        return arr[i, j, indices]
    else:
        np._unsupported("np.take_along_axis of an array of more than three dimensions is not supported yet")


def isscalar(element):
    return isinstance(element, (bool, int, float, complex, str, np.generic))


def broadcast_to(array, shape, subok=...):
    return np._broadcast_array_to(np._as_array(array), np._as_shape(shape))


def _broadcast_array_to(x, shape):
    """A read-only view of `x` with zero strides where it is stretched (strides.py), as NumPy's."""
    dims = np._tuple_array(shape)
    for k in range(len(shape)):
        if dims[k] < 0:
            raise ValueError("all elements of broadcast shape must be non-negative")
    if x.ndim > len(shape):
        raise ValueError("input operand has more dimensions than allowed by the axis remapping")
    src = np._shape_array(x)
    for k in range(x.ndim):
        if src[k] != 1 and src[k] != dims[len(shape) - x.ndim + k]:
            raise ValueError("operands could not be broadcast together with the requested shape")
    return np._restride(x, dims, np._broadcast_strides(x, dims, len(shape), False), 0, len(shape), False, x.dtype)


def asarray_chkfinite(a, dtype=None, order=...):
    if dtype is None:
        x = np.asarray(a)
        if not np.all(np.isfinite(x)):
            raise ValueError("array must not contain infs or NaNs")
        return x
    y = np.asarray(a, dtype)
    if not np.all(np.isfinite(y)):
        raise ValueError("array must not contain infs or NaNs")
    return y


def asarray(a, dtype=None, order=..., device=..., copy=..., like=...):
    if isinstance(a, np.ndarray):
        if dtype is None:
            return a
        if a.dtype == dtype:
            return a
        return a.astype(dtype)
    if dtype is None:
        return np.array(a)
    return np.array(a, dtype)


def put(a, ind, v, mode="raise"):
    """np.put: `a.flat[ind[k]] = v[k % len(v)]` in order (NumPy writes each index before it checks
    the next one); negative indices count from the end."""
    if mode != "raise":
        np._unsupported("np.put's mode= other than 'raise' is not supported yet")
    if isinstance(ind, (bool, int, np.bool_, np.integer)):
        idx = np.array([ind])
    else:
        idx = np.asarray(ind).ravel()
    if isinstance(v, (bool, int, float, np.bool_, np.integer, np.floating)):
        vals = np.array([v])
    else:
        vals = np.asarray(v).ravel()
    n = a.size
    if vals.size == 0 or idx.size == 0:
        return None
    if n == 0:
        raise IndexError("cannot replace elements of an empty array")
    for k in range(idx.size):
        i = idx[k]
        if i < -n or i >= n:
            raise IndexError(f"index {i} is out of bounds for axis 0 with size {n}")
        a.flat[i + n if i < 0 else i] = vals[k % vals.size]
    return None


def _diff_ends(a, n=1, axis=-1, prepend=None, append=None):
    """np.diff with prepend=/append=: each end (a scalar broadcast to one step along `axis`, or an
    array) joined to `a` along `axis` before the differences, as NumPy does."""
    x = np.asarray(a)
    if axis >= x.ndim or axis < -x.ndim:
        raise ValueError(f"axis {axis} is out of bounds for array of dimension {x.ndim}")
    if prepend is not None and append is not None:
        joined = np.concatenate((np._diff_end(prepend, x, axis), x, np._diff_end(append, x, axis)), axis=axis)
        return np.diff(joined, n, axis=axis)
    elif prepend is not None:
        return np.diff(np.concatenate((np._diff_end(prepend, x, axis), x), axis=axis), n, axis=axis)
    return np.diff(np.concatenate((x, np._diff_end(append, x, axis)), axis=axis), n, axis=axis)


def _diff_end(v, x, axis):
    if not isinstance(v, (bool, int, float, complex, np.generic)):
        return np.asarray(v)
    if x.ndim == 1:
        return np.full(1, v)
    elif x.ndim == 2:
        if axis == 0 or axis == -2:
            return np.full((1, x.shape[1]), v)
        return np.full((x.shape[0], 1), v)
    else:
        np._unsupported("np.diff's prepend=/append= of a scalar for an array of more than two dimensions is not supported yet")


def _item_flat(a, i):
    """`a.item(i)`: the element at flat position `i` (C order) as a Python number."""
    n = a.size
    k = i + n if i < 0 else i
    if k < 0 or k >= n:
        if a.ndim == 1:
            raise IndexError("index " + str(i) + " is out of bounds for axis 0 with size " + str(n))
        raise IndexError("index " + str(i) + " is out of bounds for size " + str(n))
    return np.ravel(a)[k].item()


def _pad_mode(array, pad_width, mode="constant", reflect_type=...):
    """np.pad with mode 'edge', 'reflect', 'symmetric' or 'wrap' of a 1-d or 2-d array: the
    zero-padded array, whose pads are then filled axis by axis from the original extent of that
    axis (the pads of earlier axes included, as NumPy fills its corners)."""
    a = np.asarray(array)
    out = np.pad(a, pad_width)
    if a.ndim == 1:
        n = a.shape[0]
        lo = np._pad_before(pad_width, 0)
        if n == 0 and out.shape[0] > 0:
            raise ValueError("can't extend empty axis 0 using modes other than 'constant' or 'empty'")
        for p in range(out.shape[0]):
            if p < lo or p >= lo + n:
                out[p] = out[lo + np._pad_source(p - lo, n, mode)]
        return out
    elif a.ndim == 2:
        n0 = a.shape[0]
        n1 = a.shape[1]
        lo0 = np._pad_before(pad_width, 0)
        lo1 = np._pad_before(pad_width, 1)
        if n0 == 0 and out.shape[0] > 0:
            raise ValueError("can't extend empty axis 0 using modes other than 'constant' or 'empty'")
        if n1 == 0 and out.shape[1] > 0:
            raise ValueError("can't extend empty axis 1 using modes other than 'constant' or 'empty'")
        for p in range(out.shape[0]):
            if p < lo0 or p >= lo0 + n0:
                out[p, lo1:lo1 + n1] = out[lo0 + np._pad_source(p - lo0, n0, mode), lo1:lo1 + n1]
        for q in range(out.shape[1]):
            if q < lo1 or q >= lo1 + n1:
                out[:, q] = out[:, lo1 + np._pad_source(q - lo1, n1, mode)]
        return out
    else:
        np._unsupported("np.pad with a mode other than 'constant' of an array of more than two dimensions is not supported yet")


def _pad_before(pad_width, axis):
    """The pad before axis `axis` from NumPy's forms of pad_width (n, (n,), (b, a), ((b, a), ...))."""
    if isinstance(pad_width, (int, np.integer)):
        return pad_width
    elif len(pad_width) == 1:
        return np._pad_first(pad_width[0])
    elif isinstance(pad_width[0], (int, np.integer)):
        return pad_width[0]
    else:
        return pad_width[axis][0]


def _pad_first(w):
    if isinstance(w, (int, np.integer)):
        return w
    return w[0]


def _pad_source(i, n, mode):
    """The position in an axis of `n` items whose value the pad at offset `i` from the axis's
    start (negative before it, `n` and more after it) takes."""
    if mode == "edge":
        return min(max(i, 0), n - 1)
    elif mode == "wrap":
        return i % n
    elif mode == "symmetric":
        j = i % (2 * n)
        return 2 * n - 1 - j if j >= n else j
    else:
        if n == 1:
            return 0
        j = i % (2 * n - 2)
        return 2 * n - 2 - j if j >= n else j


def _concatenate_rt(arrays, axis):
    """np.concatenate along an axis known only at run time: NumPy's checks, then each array with
    that axis moved last, joined along the last axis, and the axis put back (a C-ordered copy)."""
    if len(arrays) == 0:
        raise ValueError("need at least one array to concatenate")
    first = arrays[0]
    n = first.ndim
    k = axis + n if axis < 0 else axis
    if k < 0 or k >= n:
        raise np._AxisError(int(axis), n, None)
    for i in range(1, len(arrays)):
        a = arrays[i]
        for d in range(n):
            if d != k and a.shape[d] != first.shape[d]:
                raise ValueError(f"all the input array dimensions except for the concatenation axis must match exactly, but along dimension {d}, the array at index 0 has size {first.shape[d]} and the array at index {i} has size {a.shape[d]}")
    moved = [np._axis_last(arrays[i], axis) for i in range(len(arrays))]
    return np._axis_back(np.concatenate(moved, -1), axis)


def _concatenate_flat(arrays, axis):
    """np.concatenate with axis=None (`axis`): the arrays flattened in C order, then joined."""
    if len(arrays) == 0:
        raise ValueError("need at least one array to concatenate")
    return np.concatenate([np.ravel(arrays[i]) for i in range(len(arrays))])


def _take_rt(a, indices, axis):
    """np.take along an axis known only at run time, of an integer or 1-d indices: NumPy's
    IndexError naming that axis, then the take along the last axis of the view with the axis moved
    last, and (for 1-d indices) the axis put back."""
    if not isinstance(axis, (int, np.integer)):
        np._unsupported("np.take's axis= known only at run time must be an integer")
    moved = np._axis_last(a, axis)
    n = a.ndim
    k = axis + n if axis < 0 else axis
    size = a.shape[k]
    idx = np._ravel1d(indices)
    for j in range(idx.shape[0]):
        if idx[j] >= size or idx[j] < -size:
            raise IndexError(f"index {idx[j]} is out of bounds for axis {k} with size {size}")
    if isinstance(indices, (int, np.integer)):
        return np.take(moved, indices, axis=-1)
    if np.asarray(indices).ndim != 1:
        np._unsupported("np.take with an axis known only at run time is supported for an integer or 1-d indices")
    return np._axis_back(np.take(moved, indices, axis=-1), axis)
