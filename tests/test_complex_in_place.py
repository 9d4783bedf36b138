"""In-place `+= -= *= /=` on complex128 arrays, views and selections by index arrays and masks,
against NumPy bit for bit: the value a number (bool, int, float, NumPy real scalar, complex) or an array of a real or
complex128 dtype, broadcast; NumPy's loops (products with fused multiply-adds, Smith's division,
a zero divisor giving infinities and NaNs without an error). Targets and values of any layout,
single elements included, overlapping views (NumPy's own copy semantics)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import check
from hasten import njit, UnsupportedError


@njit
def with_number(a, x):
    a += x
    a *= x
    a -= x
    a /= x
    return a


@njit
def with_array(a, b):
    a += b
    a *= b
    a -= b[::-1]
    a /= b
    return a


@njit
def views(m, v):
    m[0] += v
    m[:, 1:] *= m[:, :2]
    m[::-1] -= m[0]
    m[1:, :1] /= 1 - 2j
    return m


@njit
def single(a, x):
    b = a[:1]
    b *= b
    c = a[1:2]
    c *= x
    return a


@njit
def of_local_view(a, b):
    v = a[::2]
    v *= b[: v.shape[0]]
    return a


SPECIAL = [0.0, -0.0, 1.5, -2.25, 1e300, -1e-300, np.inf, -np.inf, np.nan]


def _complex(n, seed):
    rng = np.random.default_rng(seed)
    return rng.choice(SPECIAL, n) + 1j * rng.choice(SPECIAL, n) if seed % 2 else rng.standard_normal(n) + 1j * rng.standard_normal(n)


@pytest.mark.parametrize("x", [2, True, -0.0, 1.5, np.float32(0.25), np.int8(-3), 1 - 2j, complex(0.0, -0.0), 0, 0j, complex(np.inf, np.nan)])
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_with_numbers(x):
    for seed in range(4):
        check(with_number, _complex(5, seed), x)
        check(with_number, _complex(10, seed)[::-2], x)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_with_arrays():
    for seed in range(4):
        a = _complex(6, seed)
        check(with_array, a, _complex(6, seed + 10))
        check(with_array, a, np.arange(6.0) - 2.0)
        check(with_array, a, np.arange(6) - 2)
        check(with_array, a.reshape(2, 3), np.array([1.0, -0.0, 2.5]))
        check(with_array, np.asfortranarray(a.reshape(3, 2)), _complex(6, seed + 20).reshape(3, 2)[::-1])
        check(views, _complex(6, seed).reshape(2, 3), 1j)
        check(views, np.asfortranarray(_complex(6, seed).reshape(2, 3)), _complex(3, seed + 1))
        check(single, _complex(3, seed), 1.5 - 0.5j)
        check(of_local_view, _complex(7, seed), _complex(4, seed + 3))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.complex_numbers(allow_nan=True, allow_infinity=True), min_size=2, max_size=6), st.complex_numbers(allow_nan=True, allow_infinity=True))
def test_hypothesis(values, x):
    a = np.array(values, dtype=np.complex128)
    with np.errstate(all="ignore"):
        check(with_number, a, x)
        check(with_array, a, a[::-1].copy())
        check(single, a, x)


@njit
def power_update(a):
    a **= 2
    return a


@njit
def fancy_update(a, idx, mask, v):
    a[idx] += v
    a[mask] *= 2 - 1j
    a[idx[:1]] *= a[idx[:1]]
    a[np.array([0, 0, 1])] -= 1j
    return a


@njit
def fancy_columns(m, idx, v):
    m[idx] /= v
    m[:, idx] += 1
    return m


def test_updates_through_index_arrays_and_masks():
    # Gathered, updated as an array (a one-element product rounds as NumPy's), written back;
    # duplicate indices keep the last write, as NumPy's buffered update.
    rng = np.random.default_rng(17)
    for t in range(40):
        a = _complex(8, t)
        idx = rng.integers(-8, 8, rng.integers(1, 6))
        v = complex(rng.standard_normal(), rng.standard_normal()) if t % 2 else rng.standard_normal(len(idx)) + 1j * rng.standard_normal(len(idx))
        with np.errstate(all="ignore"):
            check(fancy_update, a, idx, rng.random(8) < 0.5, v)
        check(fancy_columns, _complex(12, t + 1).reshape(3, 4), rng.integers(0, 3, 2), 1.5 - 2j)


@njit
def complex64_value(a, b):
    a += b
    return a


def test_refused_by_name():
    a = np.ones(3, complex)
    with pytest.raises(UnsupportedError, match=r"\*\*="):
        power_update(a)
    with pytest.raises(UnsupportedError):
        complex64_value(a, np.ones(3, np.complex64))
