"""NumPy dtypes as values: `a.dtype` (returned, compared, kept in a local and passed on as
dtype=), `np.dtype(...)`, dtypes and NumPy scalar types passed in as arguments, and their text."""

import numpy as np
import pytest

import hasten
from hasten import njit

from conftest import check, jit_source


@njit
def of_arrays(a):
    return a.dtype, a.astype(np.float32).dtype == np.float32, a.dtype != np.float64, (a / 3).dtype, a.dtype == "float64"


@njit
def kept(a):
    d = a.dtype
    out = np.zeros(3, d)
    return out, np.empty(2, dtype=d).dtype, np.dtype(d) == d, np.dtype(np.int8)


@njit
def passed(a, dt):
    return np.zeros(2, dt), np.ones(2, dtype=dt).astype(dt), np.full(2, 7, dtype=dt).dtype


@njit
def branch_on_dtype(a):
    if a.dtype == np.float32:
        return a.sum() * 2
    return a.sum()


@njit
def texts(a):
    return str(a.dtype), repr(a.dtype), f"{a.dtype}"


ARRAYS = [np.arange(3.0), np.arange(3), np.arange(3, dtype=np.int16), np.arange(3, dtype=np.float32), np.array([True, False])]


@pytest.mark.parametrize("a", ARRAYS, ids=lambda a: str(a.dtype))
def test_dtype_values(a):
    check(of_arrays, a)
    check(kept, a)
    check(branch_on_dtype, a)
    check(texts, a)


@pytest.mark.parametrize("dt", [np.dtype("float32"), np.dtype("int8"), np.dtype(np.uint16)])
def test_dtype_arguments(dt):
    check(passed, np.arange(2.0), dt)


def test_scalar_types_as_arguments():
    # A NumPy scalar type passed in works as a dtype; returned, it comes back as the dtype object
    # (hasten keeps the dtype, not which of the two spellings was passed).
    got = passed(np.arange(2.0), np.float32)
    want = passed.py_func(np.arange(2.0), np.float32)
    for g, w in zip(got, want):
        np.testing.assert_array_equal(g, w)
        assert g.dtype == w.dtype if hasattr(w, "dtype") else g == w


@njit
def class_back(t):
    return t


@njit
def class_uses(x, t):
    return t(x), np.zeros(2, t), t == np.float32, np.dtype(np.float32) == t


def test_a_scalar_class_passed_in_stays_the_class():
    # It was once returned as its dtype object.
    check(class_back, np.float32)
    check(class_back, np.dtype(np.int16))
    check(class_uses, 1.7, np.float32)
    check(class_uses, 3, np.int8)


@njit
def none_as_dtype(a, dt, stop, step):
    return np.zeros(2, dt), np.ones(3, dtype=dt), a.sum(dtype=dt), np.arange(3, stop, step, dt), np.arange(5, stop), np.arange(a[0], 9.5, step)


@pytest.mark.parametrize("dt", [None, np.float32, np.dtype("int16")])
@pytest.mark.parametrize("stop,step", [(None, None), (7, None), (None, 2), (10, 3), (-4, -2)])
def test_none_as_a_dtype_stop_or_step_is_numpys_default(dt, stop, step):
    # numba's test_arange_4_arg passes every slot as an argument, None included.
    check(none_as_dtype, np.array([0.5, 2.0]), dt, stop, step)


ARANGE_FORMS = [
    "np.arange(a0)", "np.arange(a0, a1)", "np.arange(a0, a1, a2)", "np.arange(a0, stop=a1)", "np.arange(a0, step=a2)",
    "np.arange(a0, a1, step=a2)", "np.arange(a0, stop=a1, step=a2)", "np.arange(start=a0, stop=a1, step=a2, dtype=np.float32)",
    "np.arange(stop=a1)", "np.arange(a0, a1, a2, np.int16)", "np.arange(a0, a1, dtype=dt)", "np.arange(a0, stop=a1, dtype=dt)",
]


@pytest.mark.parametrize("form", ARANGE_FORMS)
@pytest.mark.parametrize("a0,a1,a2", [(2, 9, 3), (5, -1, -2), (0.5, 4, 0.75)])
def test_arange_bounds_by_position_and_by_name(form, a0, a1, a2):
    # numba's test_arange_*: NumPy binds positional bounds in order and keywords by name; one
    # positional bound alone is the stop.
    f = jit_source(f"def f(a0, a1, a2, dt):\n    return {form}\n", np=np)
    check(f, a0, a1, a2, np.float64)


@pytest.mark.parametrize("form,message", [("np.arange(a0, start=a1)", "given by name"),
                                          ("np.arange(start=a0)", "requires stop"),
                                          ("np.arange(a0, sto=a1)", "unexpected keyword argument 'sto'")])
def test_arange_bound_errors(form, message):
    f = jit_source(f"def f(a0, a1):\n    return {form}\n", np=np)
    with pytest.raises(hasten.TypingError, match=message):
        f(1, 5)


@njit
def arange_cast(a, b, c):
    return np.arange(a, b, c, np.int8), np.arange(a, b, c, np.int16), np.arange(a, b, c, dtype=np.int64), np.arange(a, b, c, np.float32)


@pytest.mark.parametrize("a,b,c", [(0.5, 4, 0.75), (-3.5, 2, 0.6), (10, 0.5, -1.5), (0, 300, 7.5), (1.9, 2.1, 0.01), (2, 9, 3)])
def test_arange_of_float_bounds_into_ints(a, b, c):
    # NumPy casts the first two values and steps by their difference (a wrong answer before:
    # the step itself was cast, 0.75 giving 0).
    check(arange_cast, a, b, c)


@njit
def arange_sum(s, dt_int):
    if dt_int:
        return float(np.arange(s, 7.5, 0.75, np.int16).sum())
    return float(np.arange(s, 7.5, 0.75).sum())


@pytest.mark.parametrize("s", [-1e20, -1e308, float("nan"), float("-inf"), 1.0])
@pytest.mark.parametrize("dt_int", [False, True])
def test_arange_of_no_length_or_too_many_elements_raises_as_numpy(s, dt_int):
    # A fused `np.arange(...).sum()` is never allocated: it counted 10^20 elements (hung) and
    # summed nothing for a NaN bound, where NumPy raises first.
    check(arange_sum, s, dt_int)
