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
