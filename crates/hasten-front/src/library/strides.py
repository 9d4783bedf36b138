# Views with strides of their own and the array attributes read from strides, in the Python compiled
# code runs (see library.rs): a.view(dtype), np.lib.stride_tricks.as_strided/sliding_window_view,
# np.broadcast_shapes/broadcast_arrays, a.flags and a.flat. They rest on two primitives:
# np._restride(a, shape, strides, offset, ndim, writeable, dtype), the view of a's memory from
# `offset` bytes on with the first `ndim` entries of the int64 arrays `shape` and `strides` (bytes),
# and np._data_address(a). A tuple's length is in its type, so shapes travel as int64 arrays.


def _shape_array(a):
    out = np.zeros(a.ndim + 1, np.int64)
    k = 0
    for d in a.shape:
        out[k] = d
        k += 1
    return out


def _strides_array(a):
    out = np.zeros(a.ndim + 1, np.int64)
    k = 0
    for s in a.strides:
        out[k] = s
        k += 1
    return out


def _extent(shape, strides, n, itemsize):
    """The lowest and one past the highest byte a view of `n` axes reaches (0, 0 when empty)."""
    lo = 0
    hi = 0
    for k in range(n):
        if shape[k] == 0:
            return 0, 0
        step = (shape[k] - 1) * strides[k]
        if step < 0:
            lo += step
        else:
            hi += step
    return lo, hi + itemsize


def _view(a, dtype=None, type=...):
    if dtype is None:
        return np._restride(a, np._shape_array(a), np._strides_array(a), 0, a.ndim, True, a.dtype)
    old = a.itemsize
    new = np.empty(0, dtype).itemsize
    to = np.zeros(1, dtype)[0]
    of = np.zeros(1, a.dtype)[0]
    if isinstance(to, np.bool_) and not isinstance(of, np.bool_):
        np._unsupported("a.view(np.bool_) of a non-bool array is not supported: its bytes need not be 0 or 1")
    shape = np._shape_array(a)
    strides = np._strides_array(a)
    if new != old:
        if a.ndim == 0:
            raise ValueError("Changing the dtype of a 0d array is only supported if the itemsize is unchanged")
        last = a.ndim - 1
        if shape[last] != 1 and a.size != 0 and strides[last] != old:
            raise ValueError("To change to a dtype of a different size, the last axis must be contiguous")
        if new < old:
            if old % new != 0:
                raise ValueError("When changing to a smaller dtype, its size must be a divisor of the size of original dtype")
            shape[last] = shape[last] * (old // new)
        else:
            if (shape[last] * old) % new != 0:
                raise ValueError("When changing to a larger dtype, its size must be a divisor of the total size in bytes of the last axis of the array.")
            shape[last] = shape[last] * old // new
        strides[last] = new
    return np._restride(a, shape, strides, 0, a.ndim, True, dtype)


def _as_strided(x, shape=None, strides=None, subok=..., writeable=True):
    if shape is None:
        return np._strided_to(x, x.shape, strides, writeable)
    return np._strided_to(x, shape, strides, writeable)


def _strided_to(x, shape, strides, writeable):
    n = len(shape)
    dims = np._tuple_array(shape)
    if strides is None:
        # NumPy keeps x's strides, or C order for the new shape when x is C-contiguous.
        if np._c_contiguous(x):
            steps = np._default_strides(x, dims, n)
        else:
            if x.ndim != n:
                raise ValueError("mismatch in length of strides and shape")
            steps = np._strides_array(x)
    else:
        if len(strides) != n:
            raise ValueError("mismatch in length of strides and shape")
        steps = np._tuple_array(strides)
    for k in range(n):
        if dims[k] < 0:
            raise ValueError("negative dimensions are not allowed")
    lo, hi = np._extent(dims, steps, n, x.itemsize)
    have_lo, have_hi = np._extent(np._shape_array(x), np._strides_array(x), x.ndim, x.itemsize)
    if hi > lo and (lo < have_lo or hi > have_hi):
        raise ValueError("as_strided: the view would reach memory outside the array (hasten checks what NumPy leaves unchecked)")
    return np._restride(x, dims, steps, 0, len(shape), writeable, x.dtype)


def _tuple_array(t):
    out = np.zeros(len(t) + 1, np.int64)
    k = 0
    for v in t:
        out[k] = v
        k += 1
    return out


def _default_strides(x, dims, n):
    """C-order strides of `n` axes of `dims` for elements of x's size (NumPy's when strides=None)."""
    out = np.zeros(n + 1, np.int64)
    step = x.itemsize
    for k in range(n - 1, -1, -1):
        out[k] = step
        step *= max(dims[k], 1)
    return out


def _sliding_window_view(x, window_shape, axis=None, subok=..., writeable=False):
    if isinstance(window_shape, (int, np.integer)):
        if axis is not None and isinstance(axis, (int, np.integer)):
            return np._windows(x, (window_shape,), (axis,), writeable)
        return np._windows(x, (window_shape,), axis, writeable)
    if axis is not None and isinstance(axis, (int, np.integer)):
        return np._windows(x, window_shape, (axis,), writeable)
    return np._windows(x, window_shape, axis, writeable)


def _windows(x, window_shape, axis, writeable):
    m = len(window_shape)
    win = np._tuple_array(window_shape)
    for k in range(m):
        if win[k] < 0:
            raise ValueError("`window_shape` cannot contain negative values")
    axes = np.zeros(m + 1, np.int64)
    if axis is None:
        if m != x.ndim:
            raise ValueError(f"Since axis is `None`, must provide window_shape for all dimensions of `x`; got {m} window_shape elements and `x.ndim` is {x.ndim}.")
        for k in range(m):
            axes[k] = k
    else:
        if len(axis) != m:
            raise ValueError(f"Must provide matching length window_shape and axis; got {m} window_shape elements and {len(axis)} axes elements.")
        given = np._tuple_array(axis)
        for k in range(m):
            ax = given[k]
            if ax < -x.ndim or ax >= x.ndim:
                raise ValueError(f"axis {int(ax)} is out of bounds for array of dimension {x.ndim}")
            axes[k] = ax + x.ndim if ax < 0 else ax
    n = x.ndim
    shape = np.zeros(n + m + 1, np.int64)
    strides = np.zeros(n + m + 1, np.int64)
    base_shape = np._shape_array(x)
    base_strides = np._strides_array(x)
    for k in range(n):
        shape[k] = base_shape[k]
        strides[k] = base_strides[k]
    for k in range(m):
        ax = axes[k]
        if shape[ax] < win[k]:
            raise ValueError("window shape cannot be larger than input array shape")
        shape[ax] -= win[k] - 1
        shape[n + k] = win[k]
        strides[n + k] = base_strides[ax]
    return np._restride(x, shape, strides, 0, x.ndim + len(window_shape), writeable, x.dtype)


def _as_array(x):
    if isinstance(x, np.ndarray):
        return x
    return np.asarray(x)


def _broadcast_pair(s, t, n, m):
    """The broadcast shape (int64 array of max(n, m) axes) of shapes `s` (n axes) and `t` (m)."""
    r = max(n, m)
    out = np.zeros(r + 1, np.int64)
    for k in range(r):
        i = k - (r - n)
        j = k - (r - m)
        d = s[i] if i >= 0 else 1
        e = t[j] if j >= 0 else 1
        if d != e and d != 1 and e != 1:
            raise ValueError("shape mismatch: objects cannot be broadcast to a single shape.")
        out[k] = e if d == 1 else d
    return out


def _as_shape(s):
    if isinstance(s, (int, np.integer)):
        return (s,)
    return s


def _checked_shape(s):
    dims = np._tuple_array(s)
    for k in range(len(s)):
        if dims[k] < 0:
            raise ValueError("negative dimensions are not allowed")
    return dims


def _broadcast_shapes2(s, t):
    dims = np._broadcast_pair(np._checked_shape(s), np._checked_shape(t), len(s), len(t))
    r = max(len(s), len(t))
    return np._restride(np.zeros(1, np.bool_), dims, np.zeros(r + 1, np.int64), 0, max(len(s), len(t)), False, np.bool_).shape


def broadcast_shapes(args):
    if len(args) == 0:
        return ()
    if len(args) == 1:
        return np._broadcast_shapes2(np._as_shape(args[0]), ())
    if len(args) == 2:
        return np._broadcast_shapes2(np._as_shape(args[0]), np._as_shape(args[1]))
    if len(args) == 3:
        return np._broadcast_shapes2(np._broadcast_shapes2(np._as_shape(args[0]), np._as_shape(args[1])), np._as_shape(args[2]))
    if len(args) == 4:
        s = np._broadcast_shapes2(np._as_shape(args[0]), np._as_shape(args[1]))
        return np._broadcast_shapes2(np._broadcast_shapes2(s, np._as_shape(args[2])), np._as_shape(args[3]))
    np._unsupported("np.broadcast_shapes of more than four shapes is not supported yet")


def _broadcast_strides(x, shape, r, keep_unit=True):
    """x's strides broadcast to `shape` (r axes, already checked): zero on the axes it lacks or
    stretches, and (not `keep_unit`: np.broadcast_to) on all its axes of length 1."""
    dims = np._shape_array(x)
    steps = np._strides_array(x)
    strides = np.zeros(r + 1, np.int64)
    for k in range(x.ndim):
        if dims[k] != 1 or (keep_unit and shape[r - x.ndim + k] == 1):
            strides[r - x.ndim + k] = steps[k]
    return strides


def broadcast_arrays(args, subok=...):
    if len(args) == 0:
        return ()
    if len(args) == 1:
        return (np._as_array(args[0]),)
    if len(args) == 2:
        x = np._as_array(args[0])
        y = np._as_array(args[1])
        r = max(x.ndim, y.ndim)
        shape = np._broadcast_pair(np._shape_array(x), np._shape_array(y), x.ndim, y.ndim)
        vx = np._restride(x, shape, np._broadcast_strides(x, shape, r), 0, max(x.ndim, y.ndim), True, x.dtype)
        vy = np._restride(y, shape, np._broadcast_strides(y, shape, r), 0, max(x.ndim, y.ndim), True, y.dtype)
        return (vx, vy)
    if len(args) == 3:
        x = np._as_array(args[0])
        y = np._as_array(args[1])
        z = np._as_array(args[2])
        r = max(x.ndim, y.ndim, z.ndim)
        s = np._broadcast_pair(np._shape_array(x), np._shape_array(y), x.ndim, y.ndim)
        shape = np._broadcast_pair(s, np._shape_array(z), max(x.ndim, y.ndim), z.ndim)
        vx = np._restride(x, shape, np._broadcast_strides(x, shape, r), 0, max(x.ndim, y.ndim, z.ndim), True, x.dtype)
        vy = np._restride(y, shape, np._broadcast_strides(y, shape, r), 0, max(x.ndim, y.ndim, z.ndim), True, y.dtype)
        vz = np._restride(z, shape, np._broadcast_strides(z, shape, r), 0, max(x.ndim, y.ndim, z.ndim), True, z.dtype)
        return (vx, vy, vz)
    np._unsupported("np.broadcast_arrays of more than three arrays is not supported yet")


def _contiguous(a, last_first):
    """NumPy's contiguity flag: the axes longer than 1, taken from the last (C) or the first (F),
    step by the running product of the lengths after them; an empty array is contiguous."""
    step = a.itemsize
    ok = True
    shape = np._shape_array(a)
    strides = np._strides_array(a)
    for j in range(a.ndim):
        k = a.ndim - 1 - j if last_first else j
        if shape[k] == 0:
            return True
        if shape[k] != 1:
            if strides[k] != step:
                ok = False
            step *= shape[k]
    return ok


def _c_contiguous(a):
    return np._contiguous(a, True)


def _f_contiguous(a):
    return np._contiguous(a, False)


def _aligned(a):
    align = 8 if a.itemsize == 16 else a.itemsize
    check = np._data_address(a)
    shape = np._shape_array(a)
    strides = np._strides_array(a)
    for k in range(a.ndim):
        if shape[k] == 0:
            return True
        if shape[k] > 1:
            check |= int(strides[k])
    return (check & (align - 1)) == 0


def _flat_offset(a, i):
    """The byte offset of element `i` of `a` in C order, with NumPy's IndexError."""
    n = a.size
    if i < -n or i >= n:
        raise IndexError(f"index {int(i)} is out of bounds for size {n}")
    k = i + n if i < 0 else i
    shape = np._shape_array(a)
    strides = np._strides_array(a)
    off = 0
    for ax in range(a.ndim - 1, -1, -1):
        off += (k % shape[ax]) * strides[ax]
        k //= shape[ax]
    return off


def _flat_get(a, i):
    if not isinstance(i, (int, np.integer)):
        np._unsupported("a.flat[...] is supported with an integer index or a slice yet")
    one = np.ones(1, np.int64)
    return np._restride(a, one, one, np._flat_offset(a, i), 1, False, a.dtype)[0]


def _flat_set(a, i, value):
    if not isinstance(i, (int, np.integer)):
        np._unsupported("a.flat[...] = value is supported with an integer index yet")
    one = np.ones(1, np.int64)
    np._restride(a, one, one, np._flat_offset(a, i), 1, True, a.dtype)[0] = value


def diagonal(a, offset=0, axis1=0, axis2=1):
    """NumPy's read-only view of a 2-d array's diagonal `offset` (above the main one when positive)."""
    if a.ndim != 2:
        np._unsupported("np.diagonal of an array other than 2-d is not supported yet")
    if axis1 != 0 or axis2 != 1:
        np._unsupported("np.diagonal with axis1= or axis2= is not supported yet")
    s = np._strides_array(a)
    rows, cols = a.shape[0], a.shape[1]
    n = min(rows, cols - offset) if offset >= 0 else min(rows + offset, cols)
    start = offset * s[1] if offset >= 0 else -offset * s[0]
    dims = np.zeros(1, np.int64)
    steps = np.zeros(1, np.int64)
    dims[0] = max(n, 0)
    steps[0] = s[0] + s[1]
    return np._restride(a, dims, steps, start if n > 0 else 0, 1, False, a.dtype)


def fix(x, out=...):
    """np.fix: rounds toward zero (NumPy's ceil of the negatives, floor of the rest), as np.trunc."""
    return np.trunc(x)


def _axis_last(a, axis):
    """`a` with its axis `axis`, known only at run time, moved last (a view, as np.moveaxis makes),
    or NumPy's AxisError: the operand of a reduction along that axis, which reduces the last axis
    of this view (the other axes keep their order, as the result's do)."""
    if not isinstance(axis, (int, np.integer)):
        np._unsupported("axis= known only at run time must be an integer (a tuple of axes must be a constant)")
    n = a.ndim
    k = np._axis_at(axis, n)
    shape = np._shape_array(a)
    strides = np._strides_array(a)
    moved_shape = np.zeros(n + 1, np.int64)
    moved_strides = np.zeros(n + 1, np.int64)
    j = 0
    for i in range(n):
        if i != k:
            moved_shape[j] = shape[i]
            moved_strides[j] = strides[i]
            j += 1
    moved_shape[n - 1] = shape[k]
    moved_strides[n - 1] = strides[k]
    return np._restride(a, moved_shape, moved_strides, 0, a.ndim, False, a.dtype)


def _reduced_axes_last(a, axis):
    """The operand of a sum, product, minimum or maximum along `axis` known only at run time,
    reduced along its last axis: `_axis_last` of one axis, `_gathered_last` of a tuple. Gathering
    takes the reduced elements in another order than NumPy's iterator, which changes only results
    that depend on it: those of integers and booleans are taken, floats are refused."""
    if isinstance(axis, tuple):
        if a.dtype == np.float64 or a.dtype == np.float32 or a.dtype == np.complex128 or a.dtype == np.complex64:
            np._unsupported("axis= known only at run time as a tuple of axes is supported for sums, products, minima and maxima of integers and booleans and for any/all; a float reduction over several axes depends on NumPy's order of the elements (a constant tuple of consecutive axes is supported)")
        return np._gathered_last(a, axis)
    return np._axis_last(a, axis)


def _truth_axes_last(a, axis):
    """`_reduced_axes_last` for any/all, whose results never depend on the order: any dtype."""
    if isinstance(axis, tuple):
        return np._gathered_last(a, axis)
    return np._axis_last(a, axis)


def _gathered_last(a, axes):
    """A C-ordered copy of `a` with the axes `axes` (NumPy's AxisError for one out of range, then
    its ValueError for one repeated) gathered into one last axis, the others keeping their order."""
    n = a.ndim
    for ax in axes:
        np._axis_at(ax, n)
    picked = np.zeros(n + 1, np.bool_)
    for ax in axes:
        k = ax + n if ax < 0 else ax
        if picked[k]:
            raise ValueError("duplicate value in 'axis'")
        picked[k] = True
    order = np.zeros(n + 1, np.int64)
    j = 0
    for i in range(n):
        if not picked[i]:
            order[j] = i
            j += 1
    for i in range(n):
        if picked[i]:
            order[j] = i
            j += 1
    gathered = np.ascontiguousarray(np._permuted(a, order))
    kept = n - len(axes)
    shape = np._shape_array(gathered)
    out_shape = np.zeros(kept + 2, np.int64)
    out_strides = np.zeros(kept + 2, np.int64)
    size = 1
    for i in range(kept, n):
        size *= shape[i]
    for i in range(kept):
        out_shape[i] = shape[i]
    out_shape[kept] = size
    step = gathered.itemsize
    for i in range(kept, -1, -1):
        out_strides[i] = step
        step *= out_shape[i]
    # More axes than `a` has cannot pass the checks above; the count typed stays one at least.
    return np._restride(gathered, out_shape, out_strides, 0, max(a.ndim - len(axes), 0) + 1, False, a.dtype)


def _axis_back(r, axis):
    """The inverse of `_axis_last` on a result of the same number of axes (`np.cumsum`, `np.sort`
    along the moved view's last axis): its last axis put back at `axis` (checked by `_axis_last`),
    copied in C order as NumPy returns it; a new array, so writeable."""
    n = r.ndim
    k = axis + n if axis < 0 else axis
    shape = np._shape_array(r)
    strides = np._strides_array(r)
    back_shape = np.zeros(n + 1, np.int64)
    back_strides = np.zeros(n + 1, np.int64)
    for i in range(n):
        j = n - 1 if i == k else (i if i < k else i - 1)
        back_shape[i] = shape[j]
        back_strides[i] = strides[j]
    return np.ascontiguousarray(np._restride(r, back_shape, back_strides, 0, r.ndim, True, r.dtype))


def _axis_at(axis, n):
    """`axis` counted from 0 among `n` axes, or NumPy's AxisError (raised as NumPy raises it,
    `AxisError(axis, ndim, msg_prefix)`, whose `args` are those three)."""
    k = axis + n if axis < 0 else axis
    if k < 0 or k >= n:
        raise np._AxisError(int(axis), n, None)
    return k


def _axis_in(axis, n, what):
    """`axis` counted from 0 among `n` axes, or NumPy's AxisError naming the argument `what`."""
    k = axis + n if axis < 0 else axis
    if k < 0 or k >= n:
        raise np._AxisError(int(axis), n, what)
    return k


def _permuted(a, order):
    """The view of `a` whose axis k is axis `order[k]` of `a`."""
    n = a.ndim
    shape = np._shape_array(a)
    strides = np._strides_array(a)
    new_shape = np.zeros(n + 1, np.int64)
    new_strides = np.zeros(n + 1, np.int64)
    for k in range(n):
        new_shape[k] = shape[order[k]]
        new_strides[k] = strides[order[k]]
    return np._restride(a, new_shape, new_strides, 0, a.ndim, True, a.dtype)


def _transpose_rt(a, axes):
    """`np.transpose` (and `a.transpose`) with axes known only at run time: the view whose axis k
    is axis `axes[k]`, or NumPy's errors."""
    if axes is None:
        return np.transpose(a)
    n = a.ndim
    if len(axes) != n:
        raise ValueError("axes don't match array")
    order = np.zeros(n + 1, np.int64)
    seen = np.zeros(n + 1, np.bool_)
    for k in range(n):
        axis = axes[k]
        if not isinstance(axis, (int, np.integer)):
            np._unsupported("np.transpose's axes known only at run time must be integers")
        j = np._axis_at(axis, n)
        if seen[j]:
            raise ValueError("repeated axis in transpose")
        seen[j] = True
        order[k] = j
    return np._permuted(a, order)


def _expand_dims_rt(a, axis):
    """`np.expand_dims` of one axis known only at run time: the view with a unit axis there, whose
    stride is NumPy's (its reshape's: the next axis's span, at the end the last stride)."""
    if not isinstance(axis, (int, np.integer)):
        np._unsupported("np.expand_dims's axis known only at run time must be an integer (several axes must be constants)")
    n = a.ndim + 1
    k = np._axis_at(axis, n)
    shape = np._shape_array(a)
    strides = np._strides_array(a)
    new_shape = np.ones(n + 1, np.int64)
    new_strides = np.zeros(n + 1, np.int64)
    for i in range(n - 1):
        j = i if i < k else i + 1
        new_shape[j] = shape[i]
        new_strides[j] = strides[i]
    if k < n - 1:
        new_strides[k] = strides[k] * shape[k]
    elif n > 1:
        new_strides[k] = strides[n - 2]
    else:
        new_strides[k] = a.itemsize
    return np._restride(a, new_shape, new_strides, 0, a.ndim + 1, True, a.dtype)


def _swapaxes_rt(a, axis1, axis2):
    """`np.swapaxes` with an axis known only at run time: the view with the two axes' lengths and
    strides exchanged, or NumPy's AxisError."""
    if not isinstance(axis1, (int, np.integer)) or not isinstance(axis2, (int, np.integer)):
        np._unsupported("np.swapaxes's axes known only at run time must be integers")
    n = a.ndim
    i = np._axis_in(axis1, n, "axis1")
    j = np._axis_in(axis2, n, "axis2")
    order = np.arange(n + 1)
    order[i] = j
    order[j] = i
    return np._permuted(a, order)


def _moveaxis_rt(a, source, destination):
    """`np.moveaxis` of one axis known only at run time: the view with axis `source` moved to
    `destination`, the others keeping their order, or NumPy's AxisError."""
    if not isinstance(source, (int, np.integer)) or not isinstance(destination, (int, np.integer)):
        np._unsupported("np.moveaxis's axes known only at run time must be integers (several axes must be constants)")
    n = a.ndim
    s = np._axis_in(source, n, "source")
    d = np._axis_in(destination, n, "destination")
    order = np.zeros(n + 1, np.int64)
    rest = 0
    for k in range(n):
        if k == d:
            order[k] = s
        else:
            if rest == s:
                rest += 1
            order[k] = rest
            rest += 1
    return np._permuted(a, order)
