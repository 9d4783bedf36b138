# Python's bisect on lists and 1-d arrays, in the Python compiled code runs (see library.rs):
# CPython's binary searches, comparing items with `<` only, as bisect does, and its errors.
# Named with a leading `_` (np.bisect_left is no function).


def _bisect_bounds(a, lo, hi):
    if lo < 0:
        raise ValueError("lo must be non-negative")
    if hi is None:
        return len(a)
    return hi


def _bisect_left(a, x, lo=0, hi=None, key=...):
    low = lo
    high = np._bisect_bounds(a, lo, hi)
    while low < high:
        mid = (low + high) // 2
        if a[mid] < x:
            low = mid + 1
        else:
            high = mid
    return low


def _bisect_right(a, x, lo=0, hi=None, key=...):
    low = lo
    high = np._bisect_bounds(a, lo, hi)
    while low < high:
        mid = (low + high) // 2
        if x < a[mid]:
            high = mid
        else:
            low = mid + 1
    return low


def _bisect(a, x, lo=0, hi=None, key=...):
    return np._bisect_right(a, x, lo, hi)


def _insort_left(a, x, lo=0, hi=None, key=...):
    a.insert(np._bisect_left(a, x, lo, hi), x)


def _insort_right(a, x, lo=0, hi=None, key=...):
    a.insert(np._bisect_right(a, x, lo, hi), x)


def _insort(a, x, lo=0, hi=None, key=...):
    a.insert(np._bisect_right(a, x, lo, hi), x)
