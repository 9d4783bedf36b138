"""`np.max(a, initial=v)` / `np.min` / `a.max(initial=v)` of whole float arrays: the value starts
NumPy's fold and every element is folded into it in NumPy's runs and lanes (runtime `minmax.rs`),
so the zero and the NaN that come out are NumPy's; an empty array gives the value. Differential
against NumPy on random arrays of zeros of both signs, NaNs, strides, float32, 2-D and Fortran
order."""

import numpy as np
import pytest

import hasten
from hasten import njit
from conftest import check


@njit
def extremes_from(a, init):
    return np.max(a, initial=init), np.min(a, initial=init), a.max(initial=init), a.min(initial=init)


@njit
def of_empty(a):
    return np.max(a, initial=-np.inf), np.min(a[a > 0], initial=7)


def _arrays(seed):
    rng = np.random.default_rng(seed)
    for _ in range(60):
        n = int(rng.integers(0, 70))
        a = rng.choice([0.0, -0.0, 1.0, -1.0, np.nan, 2.0], n, p=[0.3, 0.3, 0.1, 0.1, 0.05, 0.15])
        if rng.random() < 0.3:
            a = a[::2]
        if rng.random() < 0.2:
            a = a.astype(np.float32)
        if rng.random() < 0.3 and a.size >= 4:
            a = a[: (a.size // 2) * 2].reshape(2, -1)
            if rng.random() < 0.5:
                a = np.asfortranarray(a)
        yield a, float(rng.choice([0.0, -0.0, 1.0, -1.0, np.nan, 5.0]))


@pytest.mark.parametrize("seed", range(5))
def test_initial_is_numpys_fold(seed):
    for a, init in _arrays(seed):
        check(extremes_from, a, init)


def test_empty_arrays():
    check(of_empty, np.array([], dtype=np.float64))
    check(of_empty, np.array([-1.0, 2.5]))


def test_refusals_name_the_feature():
    def ints(a):
        return np.max(a, initial=0)

    with pytest.raises(hasten.UnsupportedError, match="initial="):
        njit(ints)(np.arange(3))
    # Along an axis: tests/test_outputs_hist2d.py.
