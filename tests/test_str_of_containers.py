"""`str()`, `repr()` and f-string fields of lists, tuples, dicts, sets, arrays, NumPy scalars in
containers and None: CPython's (and NumPy's) own text of the value; and zip/enumerate of strings."""

import numpy as np
import pytest

from hasten import njit

from conftest import check


@njit
def texts(n):
    l = [i * 1.5 for i in range(n)]
    d = {"k": list(range(n)), "m": [-1]}
    s = {n, n + 1}
    t = (n, "a'b", 2.5)
    return str(l), repr(l), str(t), repr(t), str(d), str(s), str(None), f"{l}|{t!r}|{d}", repr(["a", 'b"c'])


@njit
def array_texts(a):
    return str(a), repr(a[:2]), f"{a.reshape(2, -1)}", str([a[0], a[1]]), f"{(a[0], 1)!r}"


@njit
def in_loop(n):
    out = []
    for i in range(n):
        out.append(str([i, i * i]))
    return out


@pytest.mark.parametrize("n", [0, 1, 3])
def test_containers(n):
    check(texts, n)
    check(in_loop, n)


@pytest.mark.parametrize("a", [np.arange(4.0), np.array([1, 2, 3, 4], dtype=np.int32), np.array([np.nan, -0.0, 1e300, 5e-324])])
def test_arrays(a):
    check(array_texts, a)


@njit
def zipped(s):
    pairs = list(zip(s, range(3)))
    tagged = [c + str(i) for c, i in zip("xy", range(5))]
    numbered = [(i, c) for i, c in enumerate(s, 1)]
    repeats = 0
    for a, b in zip(s, s[1:]):
        if a == b:
            repeats += 1
    return pairs, tagged, numbered, repeats, {c: i for i, c in enumerate(s)}


@pytest.mark.parametrize("s", ["", "a", "héllo", "aabbbcdd", "日本語"])
def test_zip_and_enumerate_of_strings(s):
    check(zipped, s)
