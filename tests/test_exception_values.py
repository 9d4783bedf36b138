"""`str(e)` (and `f"{e}"`) of the exception an `except ... as e` clause holds: CPython's text of the
exception as it would exist in Python, for exceptions raised with constant and run-time arguments,
by callees, and by hasten's own checks (whose messages are CPython's and NumPy's); other uses of `e` are refused by
name (`e.args` is tested in test_exception_args.py)."""

import numpy as np
import pytest

import hasten
from hasten import njit
from conftest import check


class AppError(ValueError):
    pass


@njit
def raiser(case, x):
    if case == 0:
        raise ValueError("bad", x)
    if case == 1:
        raise ValueError(f"bad {x}")
    if case == 2:
        raise KeyError("key")
    if case == 3:
        raise AppError()
    if case == 4:
        raise ValueError(x * 0.5)
    if case == 5:
        raise RuntimeError("it's", True, -0.0)
    if case == 6:
        raise IndexError
    if case == 7:
        raise KeyError(x, "a")
    return x


@njit
def texts(x, a):
    out = []
    for case in range(12):
        try:
            if case < 8:
                raiser(case, x)
            elif case == 8:
                a[x + 10]
            elif case == 9:
                x // (x - x)
            elif case == 10:
                d = {1: 2.0}
                d[x]
            else:
                np.zeros(3).reshape(abs(x) + 2, 2)
        except Exception as e:
            out.append(str(e))
    return out


@njit
def formatted(x):
    try:
        raiser(1, x)
    except ValueError as err:
        return f"caught: {err} / {err!s}!"
    return ""


@njit
def nested(x):
    try:
        raiser(0, x)
    except ValueError as outer:
        try:
            raiser(2, x)
        except KeyError as inner:
            return str(outer) + "|" + str(inner)
    return ""


@pytest.mark.parametrize("x", [3, -7, 0])
def test_str_of_caught_exceptions(x):
    check(texts, x, np.arange(3))
    check(formatted, x)
    check(nested, x)


@njit
def spec_of(x):
    try:
        raiser(0, x)
    except ValueError as e:
        return f"{e:>10}"
    return ""


def test_other_uses_refused():
    with pytest.raises(hasten.UnsupportedError, match="caught exception 'e'"):
        spec_of(1)
