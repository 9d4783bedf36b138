"""General-code speed mechanisms of the performance issue, pinned against CPython where they must not change
a result: if-conversion (an `if` that only updates scalar locals becomes selects), Python's `%` with a
run-time divisor (a branch around the division when `0 <= a < b`), and `%`/`//` by a power-of-two
constant (masks and shifts)."""

import math

import numpy as np
from hypothesis import given, settings, strategies as st

from hasten import njit
from conftest import check, check_int, jit_source

INT64 = st.integers(-(2**63), 2**63 - 1)


@njit
def count_true(mask):
    c = 0
    for i in range(mask.shape[0]):
        if mask[i]:
            c += 1
    return c


@njit
def collatz_steps(x):
    steps = 0
    while x != 1:
        if x % 2 == 0:
            x //= 2
        else:
            x = 3 * x + 1
        steps += 1
    return steps


@njit
def add_if(a, flag, k):
    # the side not taken would overflow: it must not raise
    s = a
    if flag:
        s = s + k
    else:
        s = s - k
    return s


@njit
def maybe_unbound(flag, v):
    if flag:
        y = v * 2
    return y


@njit
def swap_if(a, b):
    if a > b:
        t = a
        a = b
        b = t
    return a, b


@njit
def float_side(x, lo):
    if x < lo:
        lo = x * 0.5
    return lo


@njit
def divide_if(a, b, flag):
    r = 0
    if flag:
        r = a // 4 + a % 8
    return r


def test_counting_a_mask_equals_python():
    rng = np.random.default_rng(0)
    for n in (0, 1, 7, 1000):
        check(count_true, rng.random(n) < 0.5)
    check(count_true, (rng.random(20) < 0.5)[::-3])
    assert "if-converted: `if mask[i]`" in count_true.explain()


def test_collatz_with_selects_equals_python():
    for x in (1, 2, 3, 27, 97, 871, 2**40 + 1):
        check(collatz_steps, x)


@given(INT64, st.booleans(), INT64)
@settings(max_examples=200, deadline=None)
def test_the_side_not_taken_never_raises(a, flag, k):
    check_int(add_if, a, flag, k)


def test_a_local_assigned_on_one_side_stays_unbound_on_the_other():
    check(maybe_unbound, True, 21)
    check(maybe_unbound, False, 21)


@given(st.floats(allow_nan=True), st.floats(allow_nan=True))
@settings(max_examples=100, deadline=None)
def test_sequential_assignments_on_one_side(a, b):
    check(swap_if, a, b)
    check(float_side, a, b)


@given(INT64, st.booleans())
@settings(max_examples=100, deadline=None)
def test_power_of_two_divisors_on_a_speculated_side(a, flag):
    check(divide_if, a, 0, flag)


@njit
def py_mod(a, b):
    return a % b


@njit
def py_floordiv(a, b):
    return a // b


@njit
def wrap_sum(a):
    n = a.shape[0]
    s = 0.0
    for i in range(n):
        for d in range(-2, 3):
            s += a[(i + d) % n]
    return s


@given(INT64, INT64)
@settings(max_examples=300, deadline=None)
def test_modulo_by_run_time_divisors_equals_python(a, b):
    check_int(py_mod, a, b)
    check_int(py_floordiv, a, b)


def test_modulo_edge_cases():
    edges = [0, 1, -1, 2, -2, 7, -7, 2**63 - 1, -(2**63), 2**62, -(2**62)]
    for a in edges:
        for b in edges:
            check_int(py_mod, a, b)
            check_int(py_floordiv, a, b)


POW2 = [jit_source(f"def f(a):\n    return (a % {k}, a // {k}, a % -{k}, a // -{k})\n") for k in (1, 2, 8, 2**62)]


@given(INT64)
@settings(max_examples=200, deadline=None)
def test_power_of_two_constant_divisors_floor(a):
    for f in POW2:
        check_int(f, a)


def test_wrap_around_indices():
    for n in (1, 2, 3, 10):
        check(wrap_sum, np.arange(n, dtype=np.float64))


# ---- rebound arrays of one shape (codegen shapes.rs) -----------------------------------------------

@njit
def heat_swap(u, steps, r):
    un = np.empty_like(u)
    n = u.shape[0]
    for _ in range(steps):
        un[0] = u[0]
        un[n - 1] = u[n - 1]
        for i in range(1, n - 1):
            un[i] = u[i] + r * (u[i - 1] - 2.0 * u[i] + u[i + 1])
        u, un = un, u
    return u


@njit
def shrinking_swap(u, steps):
    # `w` is a slice: the group is spoiled, every index stays checked and IndexError is CPython's
    w = u.copy()
    n = u.shape[0]
    s = 0.0
    for k in range(steps):
        for i in range(n):
            s += u[i]
        u, w = w, u[1:]
    return s


def test_swapped_buffers_are_proven_in_bounds_and_equal_python():
    for n in (2, 3, 10):
        check(heat_swap, np.linspace(0.0, 1.0, n), 7, 0.25)
    assert "bounds check removed: `i + 1` is proven within axis 0 of `u`" in heat_swap.explain()


def test_a_rebinding_to_another_shape_keeps_the_checks():
    check(shrinking_swap, np.arange(5.0), 1)
    check(shrinking_swap, np.arange(5.0), 3)


# ---- fastmath forms of constant powers (arith.rs fast_pow) -------------------------------------------

@njit(fastmath=True)
def fast_powers(x):
    return x ** 0.5, x ** 6, x ** -2, x ** 3.0, x ** 2.5


def fast_powers_reference(x):
    x2 = x * x
    return math.sqrt(x), x2 * (x2 * x2), 1.0 / x2, x * x2, x ** 2.5


@njit
def exact_powers(x):
    return x ** 0.5, x ** 6


@given(st.floats(min_value=1e-40, max_value=1e40))
@settings(max_examples=200, deadline=None)
def test_fastmath_takes_sqrt_and_multiplications_for_positive_bases(x):
    check(fast_powers, x, reference=fast_powers_reference)


# (negative bases give complex numbers in CPython, which hasten refuses with a ValueError)
@given(st.floats(min_value=0.0, allow_infinity=True) | st.just(float("nan")))
@settings(max_examples=200, deadline=None)
def test_without_fastmath_powers_are_cpythons(x):
    check(exact_powers, x)


def test_fastmath_keeps_cpythons_rules_outside_positive_finite_bases():
    for x in (-0.0, 0.0, float("inf"), float("nan")):
        check(fast_powers, x, reference=fast_powers.py_func)
    check(fast_powers, 1e200, reference=fast_powers.py_func)  # x ** 6 overflows: OverflowError as CPython
