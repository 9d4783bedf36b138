"""`np.cumsum(a, axis, out=o)` and `np.cumprod` (and the methods): NumPy's running totals in their
own dtype, stored into `out` with NumPy's cast, `out` returned and changed in place; a wrong shape
is NumPy's ValueError. Differential against NumPy, the mutated `out` included."""

import numpy as np
import pytest

from hasten import njit
from conftest import check


@njit
def into(a, out):
    r = np.cumsum(a, out=out)
    r[0] += 100  # the array given, returned: the change shows in `out`
    return out


@njit
def along(a, out):
    np.cumprod(a, 0, out=out)
    first = out.copy()
    return first, a.cumsum(axis=-1, out=out)


@pytest.mark.parametrize("a, out", [
    (np.arange(6).reshape(2, 3), np.zeros(6, dtype=np.int32)),
    (np.array([1.5, 2.5]), np.zeros(2, dtype=np.int64)),
    (np.arange(5.0), np.zeros(5, dtype=np.float32)),
    (np.ones(3), np.zeros(4)),
])
def test_cumsum_into(a, out):
    check(into, a, out)


def test_along_axes():
    a = np.arange(1, 7).reshape(2, 3)
    check(along, a, np.zeros((2, 3)))
    check(along, a, np.zeros((2, 3), dtype=np.int8)[:, ::-1])
