"""`hasten.stencil`, numba's `@stencil`, against a Python reference of its semantics (the kernel
applied at every point whose neighborhood is inside the arrays, `cval` elsewhere, the output of the
input's shape in the dtype of the kernel's value) and against numba's own stencils: shapes smaller
than the neighborhood, NaNs, strided and Fortran-ordered inputs, several arrays and scalars,
`cval=`, `neighborhood=`, `standard_indexing=`, `out=`, calls from compiled code."""

import numpy as np
import numba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import hasten
from conftest import assert_same, floats


def laplace(a):
    return a[-1, 0] + a[1, 0] + a[0, -1] + a[0, 1] - 4.0 * a[0, 0]


def blend(a, b, w):
    return a[0] * w + b[1] - b[-2]


def larger(a):
    return a[0, 0] > a[1, 1]


def halve(a):
    return (a[-1, 0] + a[1, 0]) // 2


def windowed(a, k):
    s = 0.0
    for i in range(-2, 3):
        s += a[i] * k[i + 2]
    return s


class _Relative:
    """An array read at offsets from a point, for the Python reference."""

    def __init__(self, a, point):
        self.a, self.point = a, point

    def __getitem__(self, offsets):
        offsets = offsets if isinstance(offsets, tuple) else (offsets,)
        return self.a[tuple(p + o for p, o in zip(self.point, offsets))]


def reference(kernel, bounds, args, arrays, dtype, cval=0):
    first = args[arrays[0]]
    out = np.full(first.shape, cval, dtype=dtype)
    for point in np.ndindex(first.shape):
        if all(-lo <= p < n - hi for p, n, (lo, hi) in zip(point, first.shape, bounds)):
            call = [_Relative(x, point) if k in arrays else x for k, x in enumerate(args)]
            out[point] = kernel(*call)
    return out


CASES = [  # kernel, (low, high) offsets per axis, positions of the relatively indexed arguments
    (laplace, [(-1, 1), (-1, 1)], [0]),
    (larger, [(0, 1), (0, 1)], [0]),
    (halve, [(-1, 1), (0, 0)], [0]),
]
HASTEN = {k.__name__: hasten.stencil(k) for k, _, _ in CASES}
NUMBA = {k.__name__: numba.stencil(k) for k, _, _ in CASES}


DTYPES = {"laplace": np.float64, "larger": np.bool_, "halve": np.float64}
BLEND = hasten.stencil(blend)


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, st.tuples(st.integers(0, 5), st.integers(0, 6)), elements=floats))
def test_two_dimensional_kernels(a):
    for kernel, bounds, arrays in CASES:
        for x in (a, a.T, a[::-1, ::2]):
            got = HASTEN[kernel.__name__](x)
            assert_same(got, reference(kernel, bounds, (x,), arrays, DTYPES[kernel.__name__]))
    i = np.nan_to_num(a).astype(np.int64) % 100
    assert_same(HASTEN["halve"](i), reference(halve, CASES[2][1], (i,), [0], np.int64))


def test_as_numba_computes_them():
    a = np.random.default_rng(1).random((5, 6))
    a[2, 3] = np.nan
    for kernel, _, _ in CASES:
        for x in (a, a.T, a[::-1, ::2], np.zeros((1, 7)), (a * 10).astype(np.int64)):
            assert_same(HASTEN[kernel.__name__](x), NUMBA[kernel.__name__](x))
    b = a[0][::-1].copy()
    assert_same(BLEND(a[0], b, 0.5), numba.stencil(blend)(a[0], b, 0.5))


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, st.integers(0, 9), elements=floats), st.floats(-3, 3))
def test_several_arrays_and_a_scalar(a, w):
    b = a[::-1].copy()
    assert_same(BLEND(a, b, w), reference(blend, [(-2, 1)], (a, b, w), [0, 1], np.float64))


def test_options():
    a = np.arange(12.0)
    k = np.array([1.0, 2.0, 3.0, 2.0, 1.0])
    for kwargs in ({"neighborhood": ((-2, 2),), "standard_indexing": ("k",)}, {"neighborhood": ((-2, 2),), "standard_indexing": ("k",), "cval": -1.0}):
        got = hasten.stencil(**kwargs)(windowed)(a, k)
        assert_same(got, numba.stencil(**kwargs)(windowed)(a, k))
    with pytest.raises(hasten.UnsupportedError, match="neighborhood="):
        hasten.stencil(standard_indexing=("k",))(windowed)(a, k)
    out = np.full((3, 4), 7.0)
    hasten.stencil(laplace)(np.ones((3, 4)), out=out)
    expected = np.full((3, 4), 7.0)
    expected[1, 1:3] = 0.0  # the interior written, the border left as it was
    assert_same(out, expected)


def test_called_from_compiled_code():
    lap = HASTEN["laplace"]

    @hasten.njit
    def smooth(a, steps):
        for _ in range(steps):
            a = a + 0.1 * lap(a)
        return a

    nlap = NUMBA["laplace"]

    @numba.njit
    def numba_smooth(a, steps):
        for _ in range(steps):
            a = a + 0.1 * nlap(a)
        return a

    a = np.random.default_rng(3).random((8, 9))
    assert_same(smooth(a, 5), numba_smooth(a, 5))
