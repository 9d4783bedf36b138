"""a.item() and a.fill(value): differential against NumPy over dtypes, 0-d and one-element
views, NumPy's casts and errors."""

import numpy as np
import pytest

import hasten
from hasten import njit
from conftest import check


@njit
def item(a):
    return a.item()


@njit
def fill(a, v):
    a.fill(v)
    return a.sum()


@njit
def fill_view(a, v):
    a[::2].fill(v)


@pytest.mark.parametrize("dtype", [np.int64, np.float64, np.bool_, np.float32, np.int8, np.uint16])
def test_item(dtype):
    a = np.arange(6).reshape(2, 3).astype(dtype)
    check(item, a[1:2, 2:])
    check(item, a[:, ::-1][1:, :1])
    check(item, np.array(7, dtype))
    check(item, a)
    check(item, a[:0])


@pytest.mark.parametrize("dtype", [np.int64, np.float64, np.bool_, np.float32, np.int8, np.uint16])
def test_fill(dtype):
    a = np.arange(12).reshape(3, 4).astype(dtype)
    for v in (0, 1, 2.75, True, np.float32(-0.0), -1.5):
        check(fill, a, v)
        check(fill, a.T, v)
        check(fill_view, a, v)
    check(fill, a[:0], 3)
    check(fill, np.array(5, dtype), 1)


def test_fill_errors():
    check(fill, np.zeros(3, np.int64), np.nan)
    check(fill, np.zeros(3, np.int8), 300)
    ro = np.zeros(3)
    ro.flags.writeable = False
    check(fill, ro, 1.0)
