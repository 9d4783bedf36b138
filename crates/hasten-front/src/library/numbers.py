# Python's bin(), hex() and oct() in the Python compiled code runs (see library.rs): the digits
# `format` gives, with the prefix after the sign, as CPython writes them. `names.rs` resolves the
# builtins to these. And `sum(xs, start)` (`calls.rs library_form`).


def _bin(x):
    return np._prefixed_digits(x, "b", "0b")


def _hex(x):
    return np._prefixed_digits(x, "x", "0x")


def _oct(x):
    return np._prefixed_digits(x, "o", "0o")


def _prefixed_digits(x, spec, prefix):
    if isinstance(x, np.float32):
        raise TypeError("'numpy.float32' object cannot be interpreted as an integer")
    if isinstance(x, np.float64):
        raise TypeError("'numpy.float64' object cannot be interpreted as an integer")
    if not isinstance(x, (int, np.integer)):
        raise TypeError("'float' object cannot be interpreted as an integer")
    digits = format(x, spec)
    if digits[0] == "-":
        return "-" + prefix + digits[1:]
    return prefix + digits


def _sum_start(iterable, start):
    """CPython's sum with a start value: `start + x0 + x1 + ...` in that order, each `+` making a
    new value (a list start is not extended in place). A generator's items come as a list."""
    if isinstance(start, str):
        raise TypeError("sum() can't sum strings [use ''.join(seq) instead]")
    total = start
    for x in iterable:
        total = total + x
    return total
