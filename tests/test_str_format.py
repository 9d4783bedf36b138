"""`"template".format(...)` of a string literal: automatic and numbered fields, keywords,
`!r`/`!s`, specs, `{{`/`}}`, NumPy scalars formatted as their Python numbers; the forms that would
evaluate an argument other than once, in order, refused by name."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from conftest import check, floats
from hasten import njit


@njit
def formats(n, x, s):
    return (
        "{} and {}".format(n, x),
        "{:.2f}|{:>5}|{!r}".format(x, n, s),
        "{0}{1}{0}".format(s, n),
        "{a}-{b:+d}".format(a=s, b=n),
        "{{literal}} {}".format(n * 2),
        "{:e} {:g} {:08.3f}".format(x, x, x),
        "".format(),
    )


@njit
def numpy_items(a, v):
    return "{} {:.3f} {}".format(a[0], a[0], v[0])


@settings(max_examples=100, deadline=None)
@given(st.integers(-10**6, 10**6), floats, st.text(max_size=5))
def test_formats(n, x, s):
    check(formats, n, x, s)


def test_numpy_scalars():
    check(numpy_items, np.array([0.1 + 0.2]), np.array([-7], np.int32))


def test_refusals():
    @njit
    def twice(a):
        return "{0}{0}".format(a.sum())

    with pytest.raises(hasten.UnsupportedError, match="assign them to variables"):
        twice(np.ones(2))

    @njit
    def attribute(x):
        return "{0.real}".format(x)

    with pytest.raises(hasten.UnsupportedError, match="attribute and index lookups"):
        attribute(1.5)
