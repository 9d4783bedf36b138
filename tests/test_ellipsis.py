"""`...` in array indices: it stands for the full slices the other indices leave, reads and writes."""
import numpy as np
import pytest

from hasten import njit
from hasten import TypingError, UnsupportedError


def last0(a):
    return a[..., 0]


def first_then(a):
    return a[1, ...]


def tail_slice(a):
    return a[..., 1:]


def middle(a):
    return a[0, ..., 1]


def new_last(a):
    return a[..., None]


def new_first(a):
    return a[None, ...]


def picked(a, idx):
    return a[..., idx]


def write_last(a, v):
    a[..., 1] = v
    return a


def update_first(a):
    a[0, ...] += 1.5
    return a


def whole(a):
    b = a[...]
    return b.sum()


def in_loop(a):
    s = 0.0
    for k in range(a.shape[-1]):
        s += a[..., k].sum() * (k + 1)
    return s


ARRAYS = [
    np.arange(24.0).reshape(2, 3, 4),
    np.arange(12, dtype=np.int32).reshape(3, 4),
    np.asfortranarray(np.arange(12.0).reshape(3, 4)),
    np.arange(40.0).reshape(5, 8)[::2, ::3],
]


@pytest.mark.parametrize("a", ARRAYS, ids=lambda a: f"{a.ndim}d-{a.dtype}-{a.flags.c_contiguous}")
@pytest.mark.parametrize("fn", [last0, first_then, tail_slice, middle, new_last, new_first, whole, in_loop])
def test_reads_equal_numpy(fn, a):
    want = fn(a.copy())
    if isinstance(want, np.ndarray) and want.ndim == 0:
        with pytest.raises(UnsupportedError, match="0-d view"):
            njit(fn)(a.copy())
        return
    got = njit(fn)(a.copy())
    assert type(got) is type(want)
    np.testing.assert_array_equal(got, want)
    if isinstance(want, np.ndarray):
        assert got.dtype == want.dtype and got.shape == want.shape


@pytest.mark.parametrize("a", ARRAYS, ids=lambda a: f"{a.ndim}d-{a.dtype}")
def test_writes_equal_numpy(a):
    for fn, args in [(write_last, (7,)), (update_first, ())]:
        if fn is update_first and a.dtype.kind != "f":
            continue
        x, y = a.copy(), a.copy()
        np.testing.assert_array_equal(njit(fn)(x, *args), fn(y, *args))
        np.testing.assert_array_equal(x, y)


def test_with_an_index_array():
    a = np.arange(24.0).reshape(2, 3, 4)
    idx = np.array([3, 0, 0])
    np.testing.assert_array_equal(njit(picked)(a, idx), picked(a, idx))


def test_one_ellipsis_only():
    def two(a):
        return a[..., 0, ...]

    with pytest.raises(TypingError, match="single ellipsis"):
        njit(two)(np.ones((2, 2, 2)))


def test_every_axis_fixed_is_refused_by_name():
    # NumPy gives a 0-d array here; hasten makes no 0-d views and says so.
    with pytest.raises(UnsupportedError, match=r"\.\.\."):
        njit(last0)(np.ones(3))
    assert last0(np.ones(3)).ndim == 0
