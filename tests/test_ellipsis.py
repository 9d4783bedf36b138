"""`...` in array indices: it stands for the full slices the other indices leave, reads and writes
(NumPy's 0-d view of one element where integers fix every axis); `...` passed in, held and global."""
import numpy as np
import pytest

from hasten import njit
from hasten import TypingError


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


def test_every_axis_fixed_gives_numpys_0d_view():
    def write_through(a):
        v = a[1, ..., 2]
        v[...] = 7.0
        return a

    def copy_element(a):
        a[..., 0] = a[..., 1]
        return a

    def update(a, i):
        a[i, ..., -1] += 5.0
        return a

    a = np.arange(12.0).reshape(3, 4)
    got, want = njit(last0)(a[0]), last0(a[0])
    assert got.shape == want.shape == () and got.dtype == want.dtype and got == want
    assert not got.flags.owndata
    for fn, args in [(write_through, ()), (copy_element, ()), (update, (1,)), (update, (-3,))]:
        x, y = a.copy(), a.copy()
        np.testing.assert_array_equal(njit(fn)(x, *args), fn(y, *args))
    with pytest.raises(IndexError):
        njit(update)(a.copy(), 3)


def get_item(a, idx):
    return a[idx]


def set_item(a, idx, v):
    a[idx] = v
    return a


# Indices given as arguments, `...` among them (numba's fancy-indexing tests pass them so).
INDEX_ARGS = [
    Ellipsis,
    (Ellipsis,),
    (Ellipsis, 1),
    (1, Ellipsis),
    (Ellipsis, 1, np.array([0, 1, 3, 3, 2])),
    (np.array([1, 0, 1]), 2, Ellipsis),
    (np.array([[0, 1], [1, 0]]), Ellipsis, slice(1, 4)),
    (slice(None, None, -1), Ellipsis, np.array([True, False, True, True, False])),
]


@pytest.mark.parametrize("idx", INDEX_ARGS, ids=repr)
def test_ellipsis_passed_in_an_index_argument(idx):
    a = np.arange(3 * 4 * 5, dtype=np.int64).reshape(3, 4, 5)
    got, want = njit(get_item)(a, idx), get_item(a, idx)
    assert got.dtype == want.dtype and got.shape == want.shape
    np.testing.assert_array_equal(got, want)
    x, y = a.copy(), a.copy()
    np.testing.assert_array_equal(njit(set_item)(x, idx, -7), set_item(y, idx, -7))
    np.testing.assert_array_equal(x, y)


def test_ellipsis_as_a_value():
    def held(a):
        e = ...
        return a[e, 0], e, Ellipsis

    def named(a):
        return a[Ellipsis, 1]

    def kept_in_a_tuple(a, e):
        t = (e, 1)
        return a[t]

    a = np.arange(24.0).reshape(2, 3, 4)
    got, want = njit(held)(a), held(a)
    np.testing.assert_array_equal(got[0], want[0])
    assert got[1:] == (Ellipsis, Ellipsis)
    np.testing.assert_array_equal(njit(named)(a), named(a))
    np.testing.assert_array_equal(njit(kept_in_a_tuple)(a, ...), kept_in_a_tuple(a, ...))


def test_ellipsis_indexing_a_tuple_is_a_type_error():
    def f(t, e):
        return t[e]

    with pytest.raises(TypeError):
        f((1, 2), ...)
    with pytest.raises(TypingError, match="tuple indices must be integers or slices, not ellipsis"):
        njit(f)((1, 2), ...)


GLOBAL_INDEX = (Ellipsis, 1, np.array([0, 2]))


def test_ellipsis_in_a_global_or_a_closure_index():
    def from_global(a):
        return a[GLOBAL_INDEX]

    def make(index):
        def from_closure(a):
            return a[index]
        return from_closure

    a = np.arange(24.0).reshape(2, 3, 4)
    np.testing.assert_array_equal(njit(from_global)(a), from_global(a))
    inner = make((1, Ellipsis))
    np.testing.assert_array_equal(njit(inner)(a), inner(a))


def test_ellipsis_as_text():
    def text(e):
        return str(e), repr(e), str((e, 1)), f"{e}!"

    assert njit(text)(...) == text(...)
