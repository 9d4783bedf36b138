"""Element-wise results in NumPy's memory order (`order='K'`): Fortran-ordered when every operand of
two or more dimensions is Fortran-contiguous. The layout is visible in strides and flags, and it
decides the order in which a later reduction adds, so sums of such temporaries differ in the last
bits otherwise (found by the fuzzer: `m[:, 0] = np.mean(m + k / -5, axis=1)` in a loop)."""

import numpy as np
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

from hasten import njit
from conftest import assert_same, check


def results(a, b, c, k):
    return (a + k, np.sqrt(np.abs(a)), a > 0, a.astype(np.int32), a + b, (a * 2.0) - 1.0,
            a + c, -a, np.maximum(a, b), a * b + c)


def layouts(rs):
    """Strides (but those of axes of length 1, which address nothing) and contiguity flags."""
    return [(tuple(s for s, n in zip(r.strides, r.shape) if n != 1), r.flags.c_contiguous, r.flags.f_contiguous) for r in rs]


jresults = njit(results)


def _operands(shape, order_a, order_b):
    a = np.arange(np.prod(shape), dtype=np.float64).reshape(shape) - 5.5
    b = np.ones(shape) * 0.25
    return np.asarray(a, order=order_a), np.asarray(b, order=order_b), np.linspace(0.0, 1.0, shape[-1])


def test_layouts_and_values_follow_numpy():
    for shape in [(3, 4), (3, 1, 4), (2, 3, 4), (1, 5)]:
        for orders in ["FF", "FC", "CF", "CC"]:
            a, b, c = _operands(shape, *orders)
            got, expected = jresults(a, b, c, 1.5), results(a, b, c, 1.5)
            assert layouts(got) == layouts(expected), (shape, orders)
            for g, e in zip(got, expected):
                assert_same(g, e)


@njit
def mean_rows_in_a_loop(a, m):
    for k in range(len(a)):
        m[:, 0] = np.mean(m + (k / -5), axis=1)
    return m


@njit
def sums_of_temporaries(m):
    t = m * 1.0
    return np.sum(t, axis=1), np.sum(t, axis=0), (m + 0.0).sum(), np.mean(m - 0.5, axis=1)


floats = st.floats(-1e6, 1e6, allow_nan=False).filter(lambda x: x != 0) | st.sampled_from([0.1, 1 / 3, 2.0 / 7])


@settings(max_examples=100, deadline=None)
@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(8, 20)), elements=floats))
def test_reductions_of_fortran_temporaries_add_in_numpys_order(m):
    f = np.asfortranarray(m)
    check(sums_of_temporaries, f)
    check(sums_of_temporaries, m)
    check(mean_rows_in_a_loop, np.zeros(9), f)
