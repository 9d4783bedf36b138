"""Loop optimisations of issue 6, each checked against CPython on the cases that could break it:
unswitching an innermost loop on an invariant `and` operand, strength-reduced element addresses
(`a[r, j + l - c]` as an invariant base plus a stride times `l`), bounds checks proven away for
mirrored indices (`n - 1 - k`), and `and`/`or`/`not`/chained comparisons lowered as branches."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from hasten import njit
from conftest import check


# ---- unswitching ---------------------------------------------------------------------------------

@njit
def conv(arr, kernel):
    kr, kc = kernel.shape
    xo, yo = kr // 2, kc // 2
    h, w = arr.shape
    out = np.empty((h, w))
    for i in range(h):
        for j in range(w):
            tmp = 0.0
            for k in range(kr):
                for l in range(kc):
                    r = i + k - xo
                    c = j + l - yo
                    if 0 <= r < h and 0 <= c < w:
                        tmp += arr[r, c] * kernel[kr - 1 - k, kc - 1 - l]
            out[i, j] = tmp
    return out


@given(st.integers(1, 9), st.integers(1, 9), st.integers(1, 5), st.integers(1, 5), st.integers(0, 2**31))
@settings(max_examples=40, deadline=None)
def test_convolution_with_border_tests(h, w, kr, kc, seed):
    rng = np.random.default_rng(seed)
    check(conv, rng.standard_normal((h, w)), rng.standard_normal((kr, kc)))


@njit
def invariant_test_with_else(a, lo, hi, t):
    s = 0.0
    for i in range(a.shape[0]):
        if lo <= t < hi and a[i] > 0:
            s += float(a[i])
        else:
            s -= 1.0
    return s


@pytest.mark.parametrize("t", [-1, 0, 3, 5])
def test_invariant_test_with_an_else_branch(t):
    check(invariant_test_with_else, np.array([1.0, -2.0, 3.0, 0.5]), 0, 5, t)


@njit
def invariant_test_raises(a, d):
    s = 0
    for i in range(a.shape[0]):
        if 10 // d > 1 and a[i] > 0:
            s += 1
    return s


def test_an_invariant_test_raises_only_when_the_loop_runs():
    check(invariant_test_raises, np.ones(3), 0)
    check(invariant_test_raises, np.ones(0), 0)
    check(invariant_test_raises, np.ones(3), 2)


@njit
def reads_local_assigned_later(a, n):
    s = 0
    r = -1
    last = 0
    for i in range(n):
        if 0 <= r and a[i] > 0:
            s += 1
        r = i
        last = i
    return s, r, last


def test_a_local_read_before_its_assignment_is_not_invariant():
    check(reads_local_assigned_later, np.ones(5), 5)


@njit
def break_continue_under_invariant_test(a, t):
    s = 0.0
    for i in range(a.shape[0]):
        row = t + 1
        if row > 0 and a[i] > 2:
            break
        if row > 0 and a[i] < 0:
            continue
        s += a[i]
    return s, i


@pytest.mark.parametrize("t", [-3, 0])
def test_break_and_continue_in_an_unswitched_loop(t):
    check(break_continue_under_invariant_test, np.array([1.0, -1.0, 2.0, 3.0, 1.0]), t)


@njit
def whole_invariant_condition(a, flag):
    s = 0.0
    for i in range(a.shape[0]):
        if flag:
            s += a[i]
        elif not flag and i > 1:
            s -= a[i]
    return s, i


def test_a_whole_condition_that_is_invariant():
    a = np.arange(5.0)
    check(whole_invariant_condition, a, True)
    check(whole_invariant_condition, a, False)


@njit
def condition_changes_between_entries(a):
    s = 0.0
    for k in range(4):
        for i in range(a.shape[0]):
            if k % 2 == 0 and a[i] > 1:
                s += a[i] * k
    return s


def test_the_test_is_evaluated_at_each_loop_entry():
    check(condition_changes_between_entries, np.array([0.5, 2.0, 3.0]))


# ---- strength-reduced addresses ------------------------------------------------------------------

@njit
def stencil_offsets(a, c):
    n, m = a.shape
    out = np.zeros((n, m))
    for i in range(1, n - 1):
        for j in range(1, m - 1):
            col = j - 1 + c
            if 0 <= col < m:
                out[i, j] = a[i - 1, col] + 2 * a[i + 1, m - 1 - j] - a[i, 2 * (j // 2)]
    return out


@pytest.mark.parametrize("c", [0, 1, 2, 5])
@pytest.mark.parametrize("order", ["C", "F", "view", "reversed"])
def test_linear_indices_over_any_layout(c, order):
    base = np.arange(48.0).reshape(6, 8) ** 1.5
    a = {
        "C": base,
        "F": np.asfortranarray(base),
        "view": np.arange(96.0).reshape(6, 16)[:, ::2],
        "reversed": base[::-1, ::-1],
    }[order]
    check(stencil_offsets, a, c)


@njit
def strided_writes(a, k):
    n = a.shape[0]
    for i in range(n // 3):
        a[3 * i + k] = -a[n - 1 - 2 * i]
    return a


@pytest.mark.parametrize("k", [0, 1, 2, 3, -1])
def test_scaled_and_reversed_indices(k):
    check(strided_writes, np.arange(10.0), k)


@njit
def loop_variable_reassigned(a):
    s = 0.0
    for i in range(a.shape[0] - 1):
        i = i + 1
        s += a[i] * i
    return s


def test_a_reassigned_loop_variable_is_not_the_counter():
    check(loop_variable_reassigned, np.arange(6.0))


@njit
def index_from_previous_iteration(a):
    s = 0.0
    j = 0
    for i in range(a.shape[0]):
        s += a[j] * 10 ** i
        j = i
    return s


def test_a_local_read_before_it_is_assigned_holds_the_last_iteration_value():
    check(index_from_previous_iteration, np.arange(1.0, 6.0))


@njit
def out_of_bounds_linear(a, c):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i + c]
    return s


@pytest.mark.parametrize("c", [0, 1, -1, -3, -4])
def test_linear_indices_still_raise_or_wrap(c):
    check(out_of_bounds_linear, np.arange(3.0), c)


# ---- mirrored indices ----------------------------------------------------------------------------

@njit
def mirrored(a, extra):
    n = a.shape[0]
    out = np.empty(n + extra)
    for i in range(n + extra):
        out[i] = a[n - 1 - i]
    return out


@pytest.mark.parametrize("extra", [0, 1, 3, 4])
def test_mirrored_index_past_the_range_wraps_or_raises(extra):
    check(mirrored, np.arange(4.0), extra)


@njit
def mirrored_offsets(a, d):
    n = a.shape[0]
    s = 0.0
    for i in range(n):
        s += a[n - i - d]
    return s


@pytest.mark.parametrize("d", [0, 1, 2, 5])
def test_mirrored_index_with_other_offsets(d):
    check(mirrored_offsets, np.arange(1.0, 5.0), d)


@njit
def mirrored_with_slack(a):
    m = a.shape[0] - 2
    s = 0.0
    for i in range(1, m):
        s += float(a[m - i] + a[m + 1 - i])
    return s


def test_mirrored_index_against_a_shorter_length():
    for n in range(0, 7):
        check(mirrored_with_slack, np.arange(float(n)))


# ---- conditions as branches ----------------------------------------------------------------------

@njit
def branches(x, y, z):
    out = 0
    if x < y < z:
        out += 1
    if not (x < y or y < z):
        out += 2
    if x and not y:
        out += 4
    if (x > 0 and y > 0) or not z:
        out += 8
    n = 0
    while n < 5 and not (x < n < z):
        n += 1
    return out, n


@given(st.integers(-2, 3), st.integers(-2, 3), st.integers(-2, 3))
@settings(max_examples=100, deadline=None)
def test_short_circuit_conditions(x, y, z):
    check(branches, x, y, z)


@njit
def short_circuit_skips_errors(a, i):
    if i < a.shape[0] and a[i] > 0:
        return 1
    if i >= a.shape[0] or a[i] < 0:
        return 2
    return 3


@pytest.mark.parametrize("i", [0, 1, 2, 5])
def test_short_circuit_skips_the_index_error(i):
    check(short_circuit_skips_errors, np.array([1.0, -1.0, 0.0]), i)


# ---- unrolled constant loops ---------------------------------------------------------------------

@njit
def stencil3(img, k):
    h, w = img.shape
    out = np.zeros((h, w))
    for i in range(1, h - 1):
        for j in range(1, w - 1):
            acc = 0.0
            for a in range(3):
                for b in range(3):
                    acc += img[i + a - 1, j + b - 1] * k[a, b]
            out[i, j] = acc
    return out


@given(st.integers(1, 7), st.integers(1, 7), st.integers(0, 2**31))
@settings(max_examples=25, deadline=None)
def test_unrolled_3x3_stencil(h, w, seed):
    rng = np.random.default_rng(seed)
    check(stencil3, rng.standard_normal((h, w)), rng.standard_normal((3, 3)))


@njit
def unrolled_control(a, stop_at, skip):
    s = 0.0
    for i in range(5):
        if i == skip:
            continue
        if i == stop_at:
            break
        s = s * 10 + float(a[i])
    else:
        s = -s
    return s, i


@pytest.mark.parametrize("stop_at", [-1, 0, 2, 4])
@pytest.mark.parametrize("skip", [-1, 0, 3, 4])
def test_unrolled_break_continue_else(stop_at, skip):
    check(unrolled_control, np.arange(1.0, 6.0), stop_at, skip)


@njit
def unrolled_odd_ranges(a):
    s = 0.0
    for i in range(7, -2, -3):
        s = s * 10 + a[i]
    for j in range(4, 2):
        s += 1000.0
    for k in range(2):
        k = k + 5
        s = s * 10 + a[k]
    return s, i, k


def test_unrolled_negative_step_empty_range_and_reassigned_variable():
    check(unrolled_odd_ranges, np.arange(10.0))


@njit
def unrolled_out_of_bounds(a):
    s = 0.0
    for i in range(4):
        s += a[i - 2]
    for i in range(3):
        s += a[i + 2]
    return s


def test_unrolled_indices_still_wrap_and_raise():
    check(unrolled_out_of_bounds, np.arange(5.0))
    check(unrolled_out_of_bounds, np.arange(4.0))


@njit
def unrolled_return(a):
    for i in range(4):
        if a[i] < 0:
            return i
    return -1


def test_return_from_an_unrolled_loop():
    check(unrolled_return, np.array([1.0, 2.0, -1.0, 3.0]))
    check(unrolled_return, np.ones(4))


# ---- f.explain() ---------------------------------------------------------------------------------

def test_explain_reports_each_loop_and_what_was_done():
    rng = np.random.default_rng(0)
    conv(rng.random((6, 6)), rng.random((3, 3)))
    text = conv.explain()
    assert text.startswith("(array(float64, 2d, C), array(float64, 2d, C))\n")
    inner = text[text.index("for l in range(kc):"):]
    assert "unswitched on `0 <= r < h`" in inner
    assert "bounds check removed: `kr - 1 - k` is proven within axis 0 of `kernel`" in inner
    assert "strength-reduced: the address of `[r, c]` is an invariant base plus `l` times a stride" in inner
    assert "not vectorised" in inner
    assert text.count("for l in range(kc):") == 1, "copies of a loop are reported once"


def test_explain_says_why_a_check_stays_and_names_unrolled_loops():
    stencil3(np.ones((4, 4)), np.ones((3, 3)))
    text = stencil3.explain("(array(float64, 2d, C), array(float64, 2d, C))")
    assert "unrolled: 3 copies" in text
    out_of_bounds_linear(np.arange(3.0), 0)
    assert "bounds check kept: `i + c` on axis 0 of `a` is not proven in bounds" in out_of_bounds_linear.explain()


def test_explain_without_bounds_checks():
    f = njit(boundscheck=False)(out_of_bounds_linear.py_func)
    f(np.arange(3.0), 0)
    assert "bounds checks off (boundscheck=False)" in f.explain()
