# Python's range objects as values, in the Python compiled code runs (see library.rs and
# ranges.rs): a range is the tuple of its start, stop and step, made by _range_bounds, and these
# are its operations as CPython's rangeobject.c computes them, errors included.


def _range_int(x):
    if not isinstance(x, (int, np.integer)):
        raise TypeError("'float' object cannot be interpreted as an integer")
    return int(x)


def _range_bounds(start, stop=None, step=1):
    if stop is None:
        return (0, np._range_int(start), 1)
    by = np._range_int(step)
    if by == 0:
        raise ValueError("range() arg 3 must not be zero")
    return (np._range_int(start), np._range_int(stop), by)


def _range_len(r):
    start, stop, step = r
    if step > 0 and start < stop:
        return (stop - start - 1) // step + 1
    if step < 0 and stop < start:
        return (start - stop - 1) // (-step) + 1
    return 0


def _range_item(r, i):
    if not isinstance(i, (int, np.integer)):
        raise TypeError("range indices must be integers or slices, not float")
    n = np._range_len(r)
    k = i + n if i < 0 else i
    if k < 0 or k >= n:
        raise IndexError("range object index out of range")
    return r[0] + k * r[2]


def _range_position(r, x):
    """Where `x` is in the range, or -1; a float is there where it equals an item."""
    start, stop, step = r
    if isinstance(x, (int, np.integer)):
        k = int(x)
    elif not (x == x and -9.2e18 < x < 9.2e18) or x != math.floor(x):
        return -1
    else:
        k = int(x)
    inside = start <= k < stop if step > 0 else stop < k <= start
    if inside and (k - start) % step == 0:
        return (k - start) // step
    return -1


def _range_contains(r, x):
    return np._range_position(r, x) >= 0


def _range_count(r, x):
    return 1 if np._range_position(r, x) >= 0 else 0


def _range_index(r, x):
    k = np._range_position(r, x)
    if k < 0:
        if isinstance(x, (int, np.integer)):
            raise ValueError(str(int(x)) + " is not in range")
        raise ValueError("sequence.index(x): x not in sequence")
    return k


def _range_slice_end(given, n, step):
    """A start or stop of a slice of a sequence of `n` items, as slice.indices(n) clamps it."""
    lower = -1 if step < 0 else 0
    upper = n - 1 if step < 0 else n
    k = given + n if given < 0 else given
    return min(max(k, lower), upper)


def _range_slice(r, lo=None, hi=None, by=None):
    if by is None:
        step = 1
    else:
        step = by
    if step == 0:
        raise ValueError("slice step cannot be zero")
    n = np._range_len(r)
    if lo is None:
        first = n - 1 if step < 0 else 0
    else:
        first = np._range_slice_end(lo, n, step)
    if hi is None:
        last = -1 if step < 0 else n
    else:
        last = np._range_slice_end(hi, n, step)
    return (r[0] + first * r[2], r[0] + last * r[2], r[2] * step)
