"""Comparisons and logical ufuncs of complex arrays, differentially against NumPy: `np.equal`
... `np.greater_equal` and the operators `< <= > >=` in NumPy's lexicographic order (a NaN
imaginary part makes a real-part order false), `np.logical_and/or/xor/not` (a complex number is
true where a part is nonzero, NaN included), for complex128 and complex64 arrays, with a real
operand, and of complex elements (NumPy's bools)."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from hasten import njit
from conftest import check

SPECIAL = [0.0, -0.0, 1.0, -1.0, 2.0, np.nan, np.inf, -np.inf]


@njit
def ufuncs(a, b):
    return (np.equal(a, b), np.not_equal(a, b), np.less(a, b), np.less_equal(a, b), np.greater(a, b),
            np.greater_equal(a, b), np.logical_and(a, b), np.logical_or(a, b), np.logical_xor(a, b), np.logical_not(a))


@njit
def operators(a, b):
    return a < b, a <= b, a > b, a >= b, a == b, a != b


@njit
def of_elements(a, b):
    return np.less(a[0], b[0]), np.greater_equal(a[-1], b[0]), np.logical_or(a[0], b[-1]), np.equal(a[0], 1.5)


def complex_pairs(dtype):
    parts = st.lists(st.tuples(*[st.sampled_from(SPECIAL)] * 4), min_size=1, max_size=10)

    def build(ps):
        a, b = np.empty(len(ps), dtype), np.empty(len(ps), dtype)
        a.real, a.imag, b.real, b.imag = (np.array(p) for p in zip(*ps))
        return a, b
    return parts.map(build)


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
@given(data=st.data())
@settings(max_examples=60, deadline=None)
def test_complex_comparisons_and_logic_are_numpys(dtype, data):
    a, b = data.draw(complex_pairs(dtype))
    with np.errstate(invalid="ignore"):
        check(ufuncs, a, b)
        check(operators, a, b)
        check(of_elements, a, b)
        check(ufuncs, a, b.real.copy())
        check(operators, a.real.copy(), b)
