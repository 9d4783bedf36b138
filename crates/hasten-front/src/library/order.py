# NumPy's partial sorts, in the Python compiled code runs (see library.rs). A full sort is a
# partition for every kth: the element at each kth is NumPy's, and each side holds the same
# values as NumPy's (in sorted order, where NumPy's order is unspecified).


def _check_kth(n, kth, empty):
    """NumPy's check of the partition points `kth` against an axis of `n` items; an empty array
    (`empty`) takes any."""
    if empty:
        return
    if isinstance(kth, (int, np.integer)):
        k = kth + n if kth < 0 else kth
        if k < 0 or k >= n:
            raise ValueError(f"kth(={k}) out of bounds ({n})")
    else:
        for j in kth:
            k = j + n if j < 0 else j
            if k < 0 or k >= n:
                raise ValueError(f"kth(={k}) out of bounds ({n})")


def partition(a, kth, axis=-1, kind="introselect", order=...):
    if kind != "introselect":
        raise ValueError(f"Unknown selection kind: {kind}")
    if axis is None:
        x = np.ravel(a)
        np._check_kth(x.shape[0], kth, x.shape[0] == 0)
        return np.sort(x)
    np._check_kth(np.shape(a)[axis], kth, np.ravel(a).shape[0] == 0)
    return np.sort(a, axis)


def argpartition(a, kth, axis=-1, kind="introselect", order=...):
    if kind != "introselect":
        raise ValueError(f"Unknown selection kind: {kind}")
    if axis is None:
        x = np.ravel(a)
        np._check_kth(x.shape[0], kth, x.shape[0] == 0)
        return np.argsort(x, kind="stable")
    np._check_kth(np.shape(a)[axis], kth, np.ravel(a).shape[0] == 0)
    return np.argsort(a, axis, kind="stable")


def lexsort(keys, axis=-1):
    """np.lexsort of 1-d keys (a tuple of arrays, or the rows of a 2-d array): the
    last key sorts first. Stable sorts from the first key to the last give NumPy's permutation
    (ties of every key keep their order)."""
    if axis != -1 and axis != 0:
        np._unsupported("np.lexsort's axis= other than the keys' one axis is not supported yet")
    if len(keys) == 0:
        raise TypeError("need sequence of keys with len > 0 in lexsort")
    size = keys[0].shape[0]
    order = np.arange(size)
    for k in keys:
        if k.ndim != 1:
            np._unsupported("np.lexsort of keys other than 1-d is not supported yet")
        if k.shape[0] != size:
            raise ValueError("all keys need to be the same shape")
        order = order[np.argsort(k[order], kind="stable")]
    return order


def ravel_multi_index(multi_index, dims, mode="raise", order="C"):
    """np.ravel_multi_index of integer coordinates (a tuple of ints) in C or F order."""
    if mode != "raise":
        np._unsupported("np.ravel_multi_index's mode= other than 'raise' is not supported yet")
    at = np.array(multi_index)
    shape = np.array(dims)
    if at.ndim != 1:
        np._unsupported("np.ravel_multi_index of arrays of coordinates is not supported yet")
    n = shape.shape[0]
    if at.shape[0] != n:
        raise ValueError("parameter multi_index must be a sequence of length " + str(n))
    flat = 0
    step = 1
    for k in range(n):
        j = n - 1 - k if order == "C" else k
        if at[j] < 0 or at[j] >= shape[j]:
            raise ValueError("invalid entry in coordinates array")
        flat += at[j] * step
        step *= shape[j]
    return np.int64(flat)


def unravel_index(indices, shape, order="C"):
    """np.unravel_index of one integer index into a shape of up to 4 dimensions (a tuple)."""
    if not isinstance(shape, tuple):
        np._unsupported("np.unravel_index of a shape other than a tuple is not supported yet")
    if isinstance(indices, np.ndarray):
        np._unsupported("np.unravel_index of an array of indices is not supported yet")
    dims = np.array(shape)
    size = 1
    for d in shape:
        size *= d
    if indices < 0 or indices >= size:
        raise ValueError("index " + str(indices) + " is out of bounds for array with size " + str(size))
    n = dims.shape[0]
    at = np.zeros(n, np.int64)
    rest = indices
    for k in range(n):
        j = n - 1 - k if order == "C" else k
        at[j] = rest % dims[j]
        rest //= dims[j]
    if len(shape) == 1:
        return (at[0],)
    elif len(shape) == 2:
        return (at[0], at[1])
    elif len(shape) == 3:
        return (at[0], at[1], at[2])
    elif len(shape) == 4:
        return (at[0], at[1], at[2], at[3])
    else:
        np._unsupported("np.unravel_index into more than 4 dimensions is not supported yet")
