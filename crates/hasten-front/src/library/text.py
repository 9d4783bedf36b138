# String methods in the Python compiled code runs (see library.rs); `library::method` maps the
# method names to these.


def _expandtabs(s, tabsize=8):
    """str.expandtabs: each tab padded with spaces to the next multiple of `tabsize` columns (a
    tab is dropped for a size of zero or less); a newline or carriage return restarts the count."""
    if not isinstance(s, str):
        np._unsupported("x.expandtabs() of anything but a str is not supported")
    out = []
    column = 0
    for ch in s:
        if ch == "\t":
            if tabsize > 0:
                pad = tabsize - column % tabsize
                out.append(" " * pad)
                column += pad
        elif ch == "\n" or ch == "\r":
            out.append(ch)
            column = 0
        else:
            out.append(ch)
            column += 1
    return "".join(out)


def _removeprefix(s, prefix):
    """str.removeprefix: `s` without `prefix` where it starts with it (CPython's TypeError for a
    prefix that is not a str)."""
    if not isinstance(s, str):
        np._unsupported("x.removeprefix() of anything but a str is not supported")
    if not isinstance(prefix, str):
        raise TypeError("removeprefix() argument must be str, not " + np._type_name(prefix))
    if s.startswith(prefix):
        return s[len(prefix):]
    return s


def _removesuffix(s, suffix):
    """str.removesuffix: `s` without `suffix` where it ends with it (an empty suffix removes
    nothing)."""
    if not isinstance(s, str):
        np._unsupported("x.removesuffix() of anything but a str is not supported")
    if not isinstance(suffix, str):
        raise TypeError("removesuffix() argument must be str, not " + np._type_name(suffix))
    if len(suffix) > 0 and s.endswith(suffix):
        return s[:len(s) - len(suffix)]
    return s


def _type_name(x):
    """The name of `x`'s Python type, for CPython's messages (`..., not int`)."""
    if isinstance(x, bool):
        return "bool"
    if isinstance(x, np.ndarray):
        return "numpy.ndarray"
    number = "int" if isinstance(x, int) else "float" if isinstance(x, float) else "complex" if isinstance(x, complex) else ""
    held = "list" if isinstance(x, list) else "tuple" if isinstance(x, tuple) else "dict" if isinstance(x, dict) else "set" if isinstance(x, set) else ""
    name = number + held
    return name if len(name) > 0 else "object"


def _index_between(seq, x, start, stop=9223372036854775807):
    """list.index, tuple.index and str.index with a start (and stop): the first position in
    `seq[start:stop]` of `x`, the bounds taken as CPython takes them (negative ones from the end,
    then clamped to the sequence)."""
    if isinstance(seq, str):
        at = seq.find(x, start, stop)
        if at < 0:
            raise ValueError("substring not found")
        return at
    n = len(seq)
    lo = max(start + n, 0) if start < 0 else start
    hi = max(stop + n, 0) if stop < 0 else stop
    for i in range(lo, min(hi, n)):
        if seq[i] == x:
            return i
    if isinstance(seq, tuple):
        raise ValueError("tuple.index(x): x not in tuple")
    raise ValueError(f"{x!r} is not in list")
