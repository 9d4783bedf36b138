# NumPy's partial sorts, in the Python compiled code runs (see library.rs). A full sort is a
# partition for every kth: the element at each kth is NumPy's, and each side holds the same
# values as NumPy's (in sorted order, where NumPy's order is unspecified).


def _check_kth(n, kth):
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
        np._check_kth(x.shape[0], kth)
        return np.sort(x)
    np._check_kth(a.shape[axis], kth)
    return np.sort(a, axis)


def argpartition(a, kth, axis=-1, kind="introselect", order=...):
    if kind != "introselect":
        raise ValueError(f"Unknown selection kind: {kind}")
    if axis is None:
        x = np.ravel(a)
        np._check_kth(x.shape[0], kth)
        return np.argsort(x, kind="stable")
    np._check_kth(a.shape[axis], kth)
    return np.argsort(a, axis, kind="stable")


def lexsort(keys, axis=-1):
    """np.lexsort of 1-d keys (a tuple of arrays of one type, or the rows of a 2-d array): the
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
