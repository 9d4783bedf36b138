"""`None` arguments the body rebinds (`if out is None: out = np.empty_like(a)`), resolved per call
type: called with None, the test is decided, the branch runs and the parameter takes the assigned
value's type; called with a value, the branch is dropped. Where the parameter would hold None on
one path and a value on another at a read, hasten refuses by name."""

import numpy as np
import pytest

import hasten
from hasten import njit
from conftest import check


@njit
def double(a, out=None):
    if out is None:
        out = np.empty_like(a)
    for i in range(a.shape[0]):
        out[i] = a[i] * 2
    return out


@njit
def scaled(x, scale=None):
    if scale is None:
        scale = 1.0
    return x * scale


@njit
def reassigned_twice(a, n=None):
    if n is None:
        n = a.shape[0]
    n = n + 1
    return n


@njit
def else_branch(a, b=None):
    if b is not None:
        total = a + b
    else:
        b = a * 3
        total = b
    return total, b


@njit
def both_branches(flag, w=None):
    if flag:
        w = 1.5
    else:
        w = 2.5
    return w


@njit
def early_exit(a, out=None):
    if out is None:
        return a.sum()
    out[:] = a
    return out.sum()


@njit
def rebound_in_loop(n, acc=None):
    for i in range(n):
        acc = i
    return acc


@njit
def read_after_partial(flag, v=None):
    if flag:
        v = 2.0
    return v


@njit
def captured(a, out=None):
    if out is None:
        out = np.zeros(a.shape[0])

    def fill(k):
        out[k] = a[k] + 1

    for i in range(a.shape[0]):
        fill(i)
    return out


A = np.arange(5.0)


def test_out_allocated_or_given():
    check(double, A)
    check(double, A, None)
    check(double, A, np.ones(5))
    check(double, np.arange(4, dtype=np.int32))
    got = double(np.arange(3.0), out=np.zeros(3))
    assert got.tolist() == [0.0, 2.0, 4.0]


def test_given_out_is_written_and_returned():
    out = np.zeros(5)
    assert double(A, out) is out or np.array_equal(out, A * 2)
    assert np.array_equal(out, A * 2)


@pytest.mark.parametrize("args", [(2,), (2, None), (2, 3), (2, 0.5), (np.float32(2.0),), (A,), (A, 2)])
def test_scalar_defaults(args):
    check(scaled, *args)


def test_rebound_then_used():
    check(reassigned_twice, A)
    check(reassigned_twice, A, 7)
    check(else_branch, 2.0)
    check(else_branch, 2.0, 3.0)
    check(both_branches, True)
    check(both_branches, False)
    check(both_branches, False, 9.0)
    check(early_exit, A)
    check(early_exit, A, np.zeros(5))
    check(captured, A)
    check(captured, A, np.ones(5))


def test_ambiguous_reads_refused_by_name():
    with pytest.raises(hasten.UnsupportedError, match="'acc' is None .* optional values are not supported"):
        rebound_in_loop(3)
    with pytest.raises(hasten.UnsupportedError, match="'v' is None"):
        read_after_partial(True)
    # Given a value, nothing is ambiguous.
    check(rebound_in_loop, 3, 0)
    check(read_after_partial, False, 1.0)


# Optional results: a value on some paths, None on others (falling off the end included).


@njit
def positive(x):
    if x > 0:
        return x
    return None


@njit
def find(a, v):
    for i in range(a.shape[0]):
        if a[i] == v:
            return i


@njit
def doubled_or_none(a, k):
    if k:
        return a * 2
    return None


@njit
def pair_or_none(a):
    if a > 1:
        return (a, 2.5)
    elif a > 0:
        return None
    return (a * 0 + 1, 1.0)


@njit
def view_or_none(a, k):
    if k > 0:
        return a[::k]
    return None


@njit
def uses_optional(x):
    return positive(x)


@pytest.mark.parametrize("x", [1.0, -1.0, 3, 0, np.float32(2), np.int8(-2), True])
def test_optional_scalar_results(x):
    check(positive, x)
    check(pair_or_none, x)


def test_optional_search_and_arrays():
    a = np.arange(6) * 3
    for v in (0, 9, 15, 4, -3):
        check(find, a, v)
    check(find, np.zeros(0), 1.0)
    for k in (True, False):
        check(doubled_or_none, np.arange(4.0), k)
    for k in (2, 1, 0, -1):
        check(view_or_none, np.arange(7.0), k)


def test_optional_result_refused_in_compiled_callers():
    with pytest.raises(hasten.UnsupportedError, match=r"positive\(\) returns float on some paths and None on others"):
        uses_optional(1.0)


@njit
def clip_forwarded(a, lo=None, hi=None, out=None):
    return np.clip(a, lo, hi, out)


@njit
def clip_method_forwarded(a, lo=None, hi=None, out=None):
    return a.clip(lo, hi, out=out)


@njit
def ufuncs_forwarding_out(a, b, out=None):
    return np.add(a, b, out=out), np.sqrt(np.abs(a), out)


@pytest.mark.parametrize("bounds", [(None, 0), (0, None), (None, None), (-5, 5), (None, 2.5)])
def test_clip_bounds_and_out_given_none_by_a_caller(bounds):
    # A bound or an `out` that is None by its type is NumPy's missing one: np.minimum/np.maximum
    # for one bound, a copy for none, the ufunc's own result without `out`.
    for a in (np.linspace(-10, 10, 11), np.arange(-4, 5).reshape(3, 3)):
        check(clip_forwarded, a, *bounds)
        check(clip_method_forwarded, a, *bounds)
        check(clip_forwarded, a.astype(np.float64), *bounds, np.empty(a.shape))


def test_ufunc_out_given_none_by_a_caller():
    a = np.linspace(-2, 2, 7)
    check(ufuncs_forwarding_out, a, a[::-1])
    check(ufuncs_forwarding_out, a, 1.5, np.empty(7))
