"""`x ** 0.5` and `x ** k` for small integral constants computed without libm's `pow` where that
gives pow's bits (`lower/exact_pow.rs`): every result must equal CPython's, which calls `pow`."""
import importlib.util
import math
import os
import tempfile

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from conftest import check
from hasten import njit

EXPONENTS = [0.5, 2, 3, 4, 5, 6, 7, 8, 12, 16, -2, -3, -6, -16, 2.0, 6.0, -1, 1, 17, 0.25]


def _loops(tmp=tempfile.mkdtemp(prefix="hasten_pow_")):
    """For each exponent, a loop raising each element to it as a constant, and one calling
    `math.pow`: written to a module file, since hasten compiles from source."""
    src = ["import math"]
    for n, k in enumerate(EXPONENTS):
        for name, form in (("power", "xs[i] ** {k!r}"), ("math_pow", "math.pow(xs[i], {k!r})")):
            src.append(f"def {name}_{n}(xs, out):\n    for i in range(xs.shape[0]):\n        out[i] = {form.format(k=k)}\n")
    path = os.path.join(tmp, "pow_loops.py")
    with open(path, "w") as fh:
        fh.write("\n".join(src))
    spec = importlib.util.spec_from_file_location("pow_loops", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LOOPS = _loops()


def power_loop(k):
    return njit(getattr(LOOPS, f"power_{EXPONENTS.index(k)}"))


def math_pow_loop(k):
    return njit(getattr(LOOPS, f"math_pow_{EXPONENTS.index(k)}"))


def wide_floats(n, seed):
    """Positive floats log-uniform over the whole double range, with some specials mixed in."""
    rng = np.random.default_rng(seed)
    xs = np.exp2(rng.uniform(-1074, 1024, n)) * rng.uniform(1, 2, n)
    xs[:8] = [5e-324, 2.2250738585072014e-308, 1e-300, 1e300, 1.7976931348623157e308, 1.0, 2.0, 0.5]
    return xs


def near_midpoints():
    """Bases whose square (or root) is exactly, or almost, halfway between two doubles: odd 27-bit
    integers square to 54 significant bits; the roots of their squares' neighbours lie near midpoints."""
    odd = np.arange((1 << 27) - 4001, 1 << 27, 2, dtype=np.float64)
    squares = odd * odd
    return np.concatenate([odd, odd * 2.0**-300, odd * 2.0**200, squares, np.nextafter(squares, 0),
                           np.nextafter(squares, np.inf), 1 + np.arange(1, 2000) * 2.0**-52])


def assert_same_bits(got, expected):
    same = (got.view(np.int64) == expected.view(np.int64)) | (np.isnan(got) & np.isnan(expected))
    bad = np.flatnonzero(~same)
    assert bad.size == 0, f"{bad.size} differ, first at {bad[0]}: {got[bad[0]]!r} != {expected[bad[0]]!r}"


@pytest.mark.parametrize("k", EXPONENTS)
def test_bulk_powers_equal_cpython_bit_for_bit(k):
    f = power_loop(k)
    for xs in (wide_floats(20000, 7), near_midpoints(), np.linspace(0.5, 2.0, 20001)):
        if k not in (0.5, 0.25):
            xs = np.concatenate([xs, -xs])
        expected = np.empty_like(xs)
        ok = np.ones(xs.size, dtype=bool)
        for i, x in enumerate(xs.tolist()):
            try:
                expected[i] = x ** k
            except OverflowError:
                ok[i] = False
        got = np.empty_like(xs)
        f(xs[ok], got[: ok.sum()])
        assert_same_bits(got[: ok.sum()], expected[ok])


@pytest.mark.parametrize("k", [0.5, 3, 6, -2])
def test_math_pow_equals_cpython_bit_for_bit(k):
    f = math_pow_loop(k)
    xs = np.concatenate([wide_floats(20000, 8), near_midpoints()])
    expected = np.empty_like(xs)
    ok = np.ones(xs.size, dtype=bool)
    for i, x in enumerate(xs.tolist()):
        try:
            expected[i] = math.pow(x, k)
        except (OverflowError, ValueError):
            ok[i] = False
    got = np.empty(int(ok.sum()))
    f(xs[ok], got)
    assert_same_bits(got, expected[ok])


@njit
def sixth(x):
    return x ** 6


@njit
def root(x):
    return x ** 0.5


@njit
def inverse_cube(x):
    return x ** -3


@njit
def numpy_scalar_sixth(x):
    return np.float64(x) ** 6


special = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([0.0, -0.0, 5e-324, -5e-324, 1e-160, 1e160])


@settings(max_examples=400, deadline=None)
@given(special)
def test_special_operands_take_cpythons_path(x):
    check(sixth, x)
    if not x < 0:  # a negative base gives a complex number, which hasten refuses
        check(root, x)
    check(inverse_cube, x)
    check(numpy_scalar_sixth, x)
