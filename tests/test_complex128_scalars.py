"""`np.complex128` scalars in compiled code, differentially against NumPy: the elements of complex128
arrays, their reductions and `np.complex128(x)` are NumPy scalars with NumPy's arithmetic (its
quotient, which differs from CPython's in the last bits and gives infinities and NaNs for a zero
divisor; its `**`; its ordering), NumPy's `abs` and parts, and NumPy's result types beside Python
numbers (NEP 50, and Python's own `complex * np.float64`). A Python `complex` keeps CPython's
arithmetic (`test_complex_scalars.py`)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import check, jit_source
import hasten
from hasten import njit

S = settings(max_examples=150, deadline=None)

SPECIAL = [0.0, -0.0, 1.0, -1.5, 3.0, math.inf, -math.inf, math.nan, 5e-324, 1e308, 1e-300]
parts = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(SPECIAL))
complexes = st.builds(complex, parts, parts)


def pair(x, y):
    return np.array([x, y], dtype=np.complex128)


@njit
def arithmetic(a):
    x, y = a[0], a[1]
    return x + y, x - y, x * y, x / y, -x, +y


@njit
def quotient_loop(a, b, out):
    for i in range(a.shape[0]):
        out[i] = a[i] / b[i]
    return out


@S
@given(complexes, complexes)
def test_arithmetic_of_elements_is_numpys(x, y):
    with np.errstate(all="ignore"):
        check(arithmetic, pair(x, y))


def test_quotients_differ_from_cpythons_and_equal_numpys():
    rng = np.random.default_rng(3)
    a = rng.standard_normal(2000) + 1j * rng.standard_normal(2000)
    b = rng.standard_normal(2000) + 1j * rng.standard_normal(2000)
    got = quotient_loop(a, b, np.empty_like(a))
    assert np.array_equal(got, np.array([a[i] / b[i] for i in range(len(a))]))
    # CPython's quotient rounds differently for many of these: the test tells the two apart.
    assert any(complex(a[i]) / complex(b[i]) != got[i] for i in range(len(a)))


@njit
def divide_by(a, i):
    return a[0] / a[i], a[0] / 0, a[0] / 0.0


def test_division_by_zero_gives_infinities_and_nans():
    with np.errstate(all="ignore"):
        for z in [1 + 1j, 0j, complex(-2, 0), complex(math.nan, 1)]:
            check(divide_by, np.array([z, 0j]), 1)


@njit
def powers(a, k):
    z = a[0]
    return z ** 2, z ** 3, z ** -1, z ** k, z ** 0.5, z ** a[1], z ** 0


@S
@given(complexes, complexes, st.integers(-120, 120))
def test_powers_are_npy_cpow(x, y, k):
    with np.errstate(all="ignore"):
        check(powers, pair(x, y), k)


@njit
def ordering(a):
    x, y = a[0], a[1]
    return x < y, x <= y, x > y, x >= y, x == y, x != y, x < 1.5, 2 >= y


@S
@given(complexes, complexes)
def test_ordering_is_lexicographic(x, y):
    check(ordering, pair(x, y))


@njit
def parts_and_abs(a):
    z = a[0]
    return abs(z), z.real, z.imag, z.conjugate(), np.conj(z), np.abs(z), bool(z), complex(z)


@S
@given(complexes)
def test_parts_abs_and_truth(z):
    with np.errstate(all="ignore"):
        check(parts_and_abs, pair(z, 0j), avx512_ulps=2)


def test_abs_is_hypot_without_overflow_error():
    check(parts_and_abs, pair(complex(1e308, 1e308), 0j))


@pytest.mark.parametrize(
    "src",
    [
        "a[0] * 1j", "1j * a[0]", "a[0] + 2", "2.5 - a[0]", "a[0] * np.float64(2)", "np.float64(2) * a[0]",
        "1j * np.float64(2)", "np.float64(2) * 1j", "1j == np.float64(0)", "np.float64(0) == 1j",
        "np.int64(3) * 1j", "1j / np.int64(0)", "a[0] * np.float32(2)", "a[0] + np.complex64(1j)",
        "np.complex128(1j)", "np.complex128(2)", "np.complex128(b)", "a.sum()", "a.prod()", "a.mean()", "np.sum(a * 2)",
    ],
)
def test_result_types_beside_python_and_numpy_numbers(src):
    f = jit_source(f"def f(a, b):\n    return {src}\n", np=np)
    with np.errstate(all="ignore"):
        check(f, np.array([1 - 2j, 3j]), 1.5)


def test_python_complex_divided_by_an_np_float64_zero_is_cpythons():
    f = jit_source("def f(z, x):\n    return z / x\n")
    check(f, 1j, np.float64(0.0))


@njit
def accumulate(a):
    s = a[0]
    for i in range(1, a.shape[0]):
        s = s * a[i] + 1j
        s /= a[i]
    return s


@S
@given(st.lists(complexes, min_size=1, max_size=6))
def test_updates_of_a_local(values):
    with np.errstate(all="ignore"):
        check(accumulate, np.array(values, dtype=np.complex128))


@njit
def element_updates(a, b):
    for i in range(a.shape[0]):
        a[i] /= b[i]
        a[i] *= b[i]
        a[i] **= 2
    return a


@S
@given(st.lists(st.tuples(complexes, complexes), min_size=1, max_size=5))
def test_updates_of_elements(pairs):
    a = np.array([p[0] for p in pairs], dtype=np.complex128)
    b = np.array([p[1] for p in pairs], dtype=np.complex128)
    with np.errstate(all="ignore"):
        check(element_updates, a, b)


@njit
def identity(z):
    return z


@njit
def texts(a):
    z = a[0]
    return str(z), repr(z), f"{z}", format(z)


def test_arguments_results_and_texts():
    for z in [np.complex128(1 - 2j), np.complex128(complex(math.nan, -0.0)), np.complex128(3j)]:
        check(identity, z)
        check(texts, np.array([z]))
    check(identity, 1 - 2j)


@njit
def listed(a):
    items = [a[0], a[1]]
    items.append(a[0] * a[1])
    return items, sum(items), a[1] in items, items.index(a[1])


def test_lists_of_np_complex128():
    check(listed, np.array([1 - 2j, 3j]))
    check(listed, np.array([complex(0.0, -0.0), 0j]))


@njit
def missing(a):
    items = [a[0]]
    return items.index(a[1])


def test_not_in_list_names_numpys_repr():
    check(missing, np.array([1 - 2j, 3j]))
    check(missing, np.array([1 - 2j, 1 + 3j]))


def twice(z):
    return z * 2


def test_explicit_complex128_signature_is_numbas_complex():
    # As numba's: a signature's complex128 is a Python complex, as its float64 is a Python float.
    f = njit("complex128(complex128)")(twice)
    for z in [1 + 2j, np.complex128(1 + 2j)]:
        assert type(f(z)) is complex and f(z) == 2 + 4j


@njit
def newton(z0, n):
    z = z0[0]
    for _ in range(n):
        z = z - (z ** 3 - 1) / (3 * z ** 2)
    return z


def test_newton_iteration_follows_numpy_bit_for_bit():
    rng = np.random.default_rng(8)
    for z in rng.standard_normal(40) + 1j * rng.standard_normal(40):
        with np.errstate(all="ignore"):
            check(newton, np.array([z]), 30)


@njit
def extremes(z, i, j):
    return max(z[i], z[j]), min(z[i], z[j]), max(z[i], z[j], z[0]), min(z[j], z[i], z[-1])


EXTREMES = np.array([1 + 2j, 1 + 3j, complex(np.nan, 1), 2 - 1j, 1 + 2j, -0.0 + 0j, 0j, complex(1, np.nan), complex(-np.inf, 5)])


@pytest.mark.parametrize("i", range(len(EXTREMES)))
@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
def test_min_max_of_numpy_complex_scalars(i, dtype):
    # CPython's max/min keep the first of equals and compare with `<`/`>`: NumPy's scalar order
    # (real parts, then imaginary parts, NaN-blind), the chosen scalar itself returned.
    z = EXTREMES.astype(dtype)
    for j in range(len(z)):
        check(extremes, z, i, j)


def test_min_max_mixing_other_types_is_refused():
    # CPython returns one of the arguments: with a float beside, the type would depend on values.
    with pytest.raises(hasten.UnsupportedError, match="min\\(\\)/max\\(\\) of np.complex128 values alone"):
        njit(max_with_float)(EXTREMES)


def max_with_float(z):
    return max(z[0], 2.0)
