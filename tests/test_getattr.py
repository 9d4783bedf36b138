"""`getattr(x, "name")` with a constant name, differentially against CPython: the attribute
`x.name` of arrays, modules and named tuples (a module's function called). A default and a name
known only at run time are refused by name."""

from collections import namedtuple

import numpy as np
import pytest

import hasten
from hasten import njit
from conftest import check

Pair = namedtuple("Pair", "x y")


@njit
def attributes(a, p):
    return getattr(a, "ndim"), getattr(np, "pi"), getattr(np, "cos")(1.0), getattr(p, "y"), getattr(a, "shape")[0]


@njit
def with_default(a):
    return getattr(a, "nope", 3)


@njit
def run_time_name(a, name):
    return getattr(a, name)


def test_constant_attributes():
    check(attributes, np.ones((2, 3)), Pair(1, 2.5))


def test_refusals_are_named():
    with pytest.raises(hasten.UnsupportedError, match="getattr\\(\\) with a default"):
        with_default(np.ones(2))
    with pytest.raises(hasten.UnsupportedError, match="known only at run time"):
        run_time_name(np.ones(2), "ndim")
