"""Inner `def`s and lambdas in compiled code: called in the body, passed to other jitted
functions, capturing enclosing variables with CPython's late binding (the value at call time),
over loop variables, recursive and mutually recursive, nested. Compared with CPython running the
same code (`python_reference` swaps the jitted callees for their Python originals)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hasten
from hasten import njit, prange
from conftest import check, floats, python_reference

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")  # float overflow in CPython's own run


@njit
def apply(f, x):
    return f(x)


@njit
def apply_sum(f, n):
    s = 0.0
    for i in range(n):
        s += f(i)
    return s


@njit
def late_binding(n):
    k = 1
    g = lambda y: y * k  # noqa: E731
    a = g(2)
    k = 5
    b = g(2)
    total = 0
    for i in range(n):
        h = lambda y: y + i  # noqa: E731
        total += h(10)
    return a, b, total


@njit
def late_binding_def(x):
    def scaled(v):
        return v * factor + x

    factor = 2.0
    first = scaled(1.0)
    factor = -0.5
    return first, scaled(1.0), apply(scaled, 3.0)


@given(st.integers(0, 50), floats)
@settings(max_examples=60, deadline=None)
def test_late_binding(n, x):
    check(late_binding, n)
    check(late_binding_def, x, reference=python_reference(late_binding_def))


@njit
def loop_closures(a):
    out = np.empty_like(a)
    for i in range(a.shape[0]):
        shift = a[i] * 2
        out[i] = apply(lambda v: v + shift + i, a[i])
    return out


@njit
def passed_through_levels(a, c):
    def term(i):
        return float(a[i]) * c

    return apply_sum(term, a.shape[0]) + apply(lambda j: apply_sum(term, j), a.shape[0] // 2)


@given(st.lists(floats, max_size=12), floats)
@settings(max_examples=60, deadline=None)
def test_closures_passed_to_jitted_functions(xs, c):
    a = np.array(xs, dtype=np.float64)
    check(loop_closures, a, reference=python_reference(loop_closures))
    check(passed_through_levels, a, c, reference=python_reference(passed_through_levels))


@njit
def recursive(n):
    def fact(m):
        if m <= 1:
            return 1
        return m * fact(m - 1)

    def is_even(m):
        return True if m == 0 else is_odd(m - 1)

    def is_odd(m):
        return False if m == 0 else is_even(m - 1)

    return fact(n), is_even(n), is_odd(n)


@njit
def nested(a, k):
    def outer(i):
        def inner(j):
            return a[j] + k

        return inner(i) * 2 + (lambda: k)()

    return outer(0) + outer(a.shape[0] - 1)


def test_recursive_and_nested():
    for n in range(0, 15):
        check(recursive, n)
    check(recursive, 20)
    with pytest.raises(OverflowError):
        recursive(30)  # 30! leaves int64: OverflowError, hasten's documented rule
    a = np.array([1.5, -2.0, 4.0])
    check(nested, a, 3)
    check(nested, a[::2], -1.5)
    check(nested, np.zeros(0), 1)  # IndexError inside the inner function


@njit
def defaults_and_keywords(x):
    def f(a, b=10, c=0.5):
        return a * b + c + x

    return f(1), f(1, 2), f(a=2, c=1.0), f(3, c=-1.0, b=4)


@njit
def immediate(x):
    return (lambda a, b: a - b)(x, 1) + (lambda: x * 2)()


@njit
def captures_nothing(x):
    sq = lambda v: v * v  # noqa: E731
    fs = (sq, sq)
    return fs[1](x) + apply(sq, x)


@given(st.integers(-1000, 1000))
@settings(max_examples=40, deadline=None)
def test_calls_defaults_keywords(x):
    check(defaults_and_keywords, x)
    check(immediate, x)
    check(captures_nothing, x, reference=python_reference(captures_nothing))


@njit
def raises_inside(a, limit):
    def check_value(v):
        if v > limit:
            raise ValueError("over the limit")
        return v

    total = 0.0
    for i in range(a.shape[0]):
        total += apply(check_value, a[i])
    return total


def test_errors_raised_in_closures_propagate():
    a = np.array([1.0, 2.0, 3.0])
    check(raises_inside, a, 5.0, reference=python_reference(raises_inside))
    check(raises_inside, a, 2.5, reference=python_reference(raises_inside))
    with pytest.raises(ValueError, match="over the limit"):
        raises_inside(a, 0.0)


@njit
def array_closure(a):
    def double_into(i):
        a[i] = a[i] * 2
        return a[i]

    s = 0.0
    for i in range(a.shape[0]):
        s += apply(double_into, i)
    return s


def test_closure_mutates_captured_array():
    check(array_closure, np.arange(5.0), reference=python_reference(array_closure))
    check(array_closure, np.arange(10.0)[::3], reference=python_reference(array_closure))


@njit
def returns_closure(k):
    return lambda y: y + k


@njit
def stores_closure(k):
    g = lambda y: y + k  # noqa: E731
    h = g
    return h(1)


@njit
def rebinds_inner_name(k):
    def g(y):
        return y

    g = 3
    return g


def located(e, text):
    msg = str(e.value)
    assert "test_closures.py:" in msg and "^" in msg and text in msg, msg


def test_refusals_name_the_feature():
    with pytest.raises(hasten.UnsupportedError) as e:
        returns_closure(1)
    located(e, "return lambda y: y + k")
    assert "reads the enclosing variable 'k'" in str(e.value)
    with pytest.raises(hasten.UnsupportedError) as e:
        stores_closure(1)
    located(e, "h = g")
    with pytest.raises(hasten.UnsupportedError) as e:
        rebinds_inner_name(1)
    located(e, "def g(y):")
    assert "bound to an inner function and to other values" in str(e.value)


@njit
def compared_calls(n, k):
    # A compared operand is typed twice: the bound call of a closure must stay as it is.
    return (n + 1) >= (lambda y: k + y)(n), (lambda: k)() == k


def test_closure_calls_in_comparisons():
    check(compared_calls, 3, 4)
    check(compared_calls, 3, -4)


@njit(parallel=True)
def closures_in_prange(a, k):
    def scaled(v):
        return v * k

    out = np.empty_like(a)
    s = 0.0
    for i in prange(a.shape[0]):
        out[i] = apply(lambda v: v * k + i, a[i])
        s += scaled(a[i])
    return out, s


def test_closures_in_parallel_loops():
    check(closures_in_prange, np.arange(10.0), 2.0, reference=python_reference(closures_in_prange))
    check(closures_in_prange, np.arange(7.0)[::-1], -0.5, reference=python_reference(closures_in_prange))


@njit
def containers_in_closures(n):
    acc = [0]
    d = {1: 2.0}

    def push(v):
        acc.append(v)
        d[v] = v * 0.5
        return len(acc)

    for i in range(n):
        apply(push, i)
        push(i * 10)
    return acc, d


@njit
def try_in_closure(x):
    def safe(v):
        try:
            if v < 0:
                raise ValueError("neg")
            return v
        except ValueError:
            return -1

    return safe(x) + apply(safe, -x)


@njit
def rebinds_captured_array(n):
    a = np.zeros(n)

    def fill(i):
        b = a * 2 + i
        return b.sum()

    s = 0.0
    for i in range(3):
        a = np.ones(n) * i  # late binding: the closure sees the new array
        s += fill(i) + apply(fill, i)
    return s


def test_closures_over_containers_arrays_and_handlers():
    check(containers_in_closures, 4, reference=python_reference(containers_in_closures))
    for x in (3, -3, 0):
        check(try_in_closure, x, reference=python_reference(try_in_closure))
    check(rebinds_captured_array, 5, reference=python_reference(rebinds_captured_array))
    check(rebinds_captured_array, 0, reference=python_reference(rebinds_captured_array))


@njit
def counts_nonlocal(n):
    c = 0

    def bump():
        nonlocal c
        c += 1

    for _ in range(n):
        bump()
    return c


def test_nonlocal_rebinds_the_enclosing_variable():
    # More in test_nonlocal.py.
    check(counts_nonlocal, 3)
