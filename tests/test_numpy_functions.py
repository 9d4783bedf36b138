"""NumPy functions inside compiled code: reductions (also as methods), ufuncs, np.arange, np.full,
.copy(); differential against NumPy, fused with element-wise expressions where possible."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit
from conftest import assert_same, check

DTYPES = [np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint32, np.uint64, np.float32, np.float64]


@njit
def reductions(a):
    return np.sum(a), np.prod(a), a.min(), a.max(), np.argmin(a), a.argmax(), np.any(a), a.all()


@njit
def mean_of(a):
    return np.mean(a)


@njit
def sum_of_expression(a, b):
    return np.sum(a * b + 1)


@njit
def basel_numpy(N):
    return np.sum(np.square(1 / np.arange(1, N)))


@njit
def ufuncs_exact(a, b):
    return (np.sqrt(np.abs(a)), np.square(a), np.negative(a), np.isnan(a), np.add(a, b), np.subtract(a, 2),
            np.multiply(a, b), np.divide(a, b), np.minimum(a, b), np.maximum(a, b), np.where(a > b, a, b))


@njit
def ufuncs_transcendental(a):
    return np.exp(a), np.log(np.abs(a) + 1.0), np.sin(a), np.cos(a)


@njit
def aranges(n, start, stop, step):
    return np.arange(n), np.arange(start, stop), np.arange(start, stop, step), np.arange(n, dtype=np.float32)


@njit
def float_arange(start, stop, step):
    return np.arange(start, stop, step)


@njit
def fulls(n, v, a):
    return np.full(n, v), np.full((2, n), 1.5, dtype=np.float32), np.full_like(a, 7)


@njit
def copy_of(a):
    c = a.copy()
    c[0, 0] = 99
    return c


shapes = st.sampled_from([(1,), (5,), (2, 3), (3, 1, 2)])


@settings(max_examples=250, deadline=None)
@given(shapes, st.sampled_from(DTYPES), st.integers(0, 2**32))
def test_reductions_match_numpy(shape, dtype, seed):
    rng = np.random.default_rng(seed)
    a = (rng.integers(-5, 6, size=shape) if dtype not in (np.bool_,) else rng.integers(0, 2, size=shape)).astype(dtype)
    check(reductions, a)
    check(reductions, a.T)


def test_float_reductions_with_nan_and_signed_zero():
    a = np.array([2.0, -0.0, np.nan, 0.0, -3.5, np.nan])
    check(reductions, a)
    check(reductions, np.array([-0.0, 0.0]))
    check(reductions, np.array([0.0, -0.0]))


def test_empty_reductions_raise_like_numpy():
    with pytest.raises(ValueError, match="zero-size array to reduction operation minimum which has no identity"):
        reductions(np.zeros(0))


@njit
def _axis0_extrema(m):
    return np.max(m, axis=0), np.min(m * 2.0, axis=0), np.argmin(m, axis=0), np.argmax(m, axis=0)


def test_axis_reductions_without_identity_raise_on_an_empty_axis_even_when_the_result_is_empty():
    # found by the fuzzer: shape (0, 0) along axis 0 gave an empty array; NumPy raises
    for shape in [(0, 0), (0, 3), (3, 0), (2, 3)]:
        check(_axis0_extrema, np.zeros(shape))


def test_mean_and_fused_sum():
    a = np.arange(12.0).reshape(3, 4) / 7
    check(mean_of, a)
    check(mean_of, np.arange(10, dtype=np.int16))
    b = np.linspace(-1, 1, 4)
    got = sum_of_expression(a, b)
    want = np.sum(a * b + 1)
    assert type(got) is type(want) and abs(got - want) <= 1e-12 * abs(want)


def test_float_sums_stay_within_1e_12_of_numpy():
    rng = np.random.default_rng(3)
    for n in [10, 1000, 100_000]:
        a = rng.random(n) * 1e3
        got = sum_of_expression(a, np.ones(1))
        want = np.sum(a * np.ones(1) + 1)
        assert abs(got - want) <= 1e-12 * abs(want), (n, got, want)


def test_basel_numpy_form_allocates_nothing_of_size_n():
    n = 200_000
    want = np.sum(np.square(1 / np.arange(1, n)))
    basel_numpy(10)
    before = hasten.alloc_stats()["allocations"]
    got = basel_numpy(n)
    assert hasten.alloc_stats()["allocations"] == before, "the whole expression is one fused loop"
    assert type(got) is np.float64 and abs(got - want) <= 1e-12 * want


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([np.int16, np.int64, np.float32, np.float64]), st.integers(0, 2**32))
def test_exact_ufuncs(dtype, seed):
    rng = np.random.default_rng(seed)
    a = rng.integers(-6, 7, size=(2, 3)).astype(dtype)
    b = (rng.integers(1, 4, size=3)).astype(dtype)
    if np.issubdtype(dtype, np.floating):
        a[0, 0] = np.nan
    check(ufuncs_exact, a, b)


def test_transcendental_ufuncs_within_a_few_ulp():
    a = np.linspace(-5, 5, 101)
    for dtype in (np.float64, np.float32):
        x = a.astype(dtype)
        for got, want in zip(ufuncs_transcendental(x), ufuncs_transcendental.py_func(x)):
            assert got.dtype == want.dtype and got.shape == want.shape
            ulp = np.spacing(np.abs(want).astype(dtype))
            assert np.all(np.abs(got - want) <= 4 * ulp)


def test_scalar_ufuncs_return_numpy_scalars():
    @njit
    def scalars(x, y):
        return np.sqrt(x), np.add(x, y), np.maximum(x, 2)

    check(scalars, 4.0, 3)
    check(scalars, 9, 2)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 20), st.integers(-10, 10), st.integers(-10, 10), st.sampled_from([-3, -1, 1, 2]))
def test_int_aranges(n, start, stop, step):
    check(aranges, n, start, stop, step)


@settings(max_examples=200, deadline=None)
@given(st.floats(-5, 5), st.floats(-5, 5), st.sampled_from([0.1, 0.3, -0.25, 1.0]))
def test_float_aranges(start, stop, step):
    check(float_arange, start, stop, step)


def test_arange_keeps_start_and_start_plus_step_exact():
    check(float_arange, -0.0, 1.0, 0.1)
    check(float_arange, 0.1, 2.0, 0.2)


def test_arange_zero_step():
    with pytest.raises(ZeroDivisionError):
        float_arange(0.0, 1.0, 0.0)


def test_full_and_copy():
    a = np.arange(6, dtype=np.int32).reshape(2, 3)
    check(fulls, 3, 2, a)
    check(fulls, 2, 2.5, a)
    check(copy_of, a[:, ::-1])
    check(copy_of, np.asfortranarray(a))


@njit
def along_axes(a):
    return (np.sum(a, axis=0), a.sum(axis=1), np.prod(a, axis=-1), np.min(a, axis=0), a.max(axis=1),
            np.mean(a, axis=0), np.argmin(a, axis=1), np.argmax(a, axis=0), np.any(a > 2, axis=1), np.all(a, axis=0))


@njit
def along_axis_of_expression(a, b):
    return np.sum(a * b, axis=1), np.sum(a[0], axis=0)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([np.int32, np.int64, np.float64, np.float32, np.uint8]), st.integers(1, 4), st.integers(1, 4), st.integers(0, 2**32))
def test_reductions_along_an_axis(dtype, r, c, seed):
    a = np.random.default_rng(seed).integers(-3, 6, size=(r, c)).astype(dtype)
    if dtype == np.float32:
        a = a / 3
    check(along_axes, a)
    check(along_axes, a.T)


def test_axis_reductions_of_expressions_and_errors():
    a = np.arange(12.0).reshape(3, 4)
    check(along_axis_of_expression, a, np.linspace(0, 1, 4))
    check(along_axes, np.zeros((0, 3)))  # ValueError: zero-size array to reduction operation minimum

    @njit
    def bad_axis(a):
        return np.sum(a, axis=2)

    with pytest.raises(hasten.TypingError, match="axis 2 is out of bounds for array of dimension 2"):
        bad_axis(a)


@njit
def with_out(a, b, out):
    r = np.add(a, b, out=out)
    np.sqrt(out, out=out)
    np.multiply(a, 2, out=a)
    return r


def test_ufunc_out_argument():
    a = np.arange(6.0).reshape(2, 3)
    check(with_out, a, np.ones(3), np.zeros((2, 3)))
    check(with_out, a, 1.0, np.zeros((2, 3), dtype=np.float32))
    out = np.zeros((2, 3))
    assert with_out(a.copy(), np.ones(3), out) is out


def test_ufunc_out_casting():
    @njit
    def into_int(a, out):
        return np.add(a, 0.5, out=out)

    with pytest.raises(hasten.TypingError, match="same_kind"):
        into_int(np.ones(3), np.zeros(3, dtype=np.int64))


@njit
def float_sums(a):
    return np.sum(a), a.mean(), np.sum(a * 2.0), np.sum(a, axis=0)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(
    "values",
    [
        [1.0, np.inf, 2.0],
        [-np.inf, 1.0],
        [np.inf, -np.inf, 1.0],
        [1e308, 1e308, -1e308],
        [-1e308, -1e308, 3.0],
        [np.nan, np.inf],
        [3.4e38, 3.4e38],
    ],
)
def test_sums_that_reach_infinity_give_infinity(values, dtype):
    # Long enough to fold several blocks of the compensated sum: the inf arrives mid-way.
    a = np.concatenate([np.full(3000, 0.5), np.array(values), np.full(3000, 0.25)]).astype(dtype)
    with np.errstate(over="ignore", invalid="ignore"):
        check(float_sums, a)
        check(float_sums, np.array(values, dtype=dtype))
