"""Shared helpers for the differential tests: a jitted function must behave exactly like its
Python original (``f.py_func``) -- same value, same type, same dtype and shape, same bits for
floats (sign of zero included), same mutations of argument arrays, same exceptions."""

import copy
import ctypes
import linecache
import math
import os

import numpy as np
import pytest
from hypothesis import strategies as st

# Every typed tree the suite compiles is checked by the type checker's verifier (release builds skip
# it otherwise).
os.environ.setdefault("HASTEN_VERIFY", "1")

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

# Where the CPU has AVX-512, NumPy computes some functions with its own kernels (SVML's arctan2 and
# power, its complex absolute value, OpenBLAS's dot in `convolve`), which differ in the last bits
# from the C library and plain loops that hasten uses, as NumPy itself does on other CPUs. Tests of
# those functions pass `avx512_ulps` to `check`: on such CPUs floats may differ by that many units
# in the last place (NaN, infinities and signs still exactly); elsewhere they are compared bit for bit.
NUMPY_AVX512 = bool(np._core._multiarray_umath.__cpu_features__.get("AVX512_SKX"))


@pytest.fixture(autouse=True)
def exact_reference_counts():
    """Every test also checks the reference counts of what compiled code allocated: a call that
    returns normally leaves no block behind, and each returned block is counted exactly once per
    array that refers to it (see ``hasten_runtime::memory``)."""
    from hasten import _core

    before = _core.alloc_stats()
    yield
    after = _core.alloc_stats()
    assert after["leaked"] == before["leaked"], "a call that returned left blocks behind"
    assert after["miscounted"] == before["miscounted"], "a returned block had the wrong count"

# Integers around zero and near +-2**62 (sums of two stay inside int64).
ints = st.one_of(
    st.integers(-100, 100),
    st.integers(-(2**62) + 1, 2**62 - 1),
    st.sampled_from([0, 1, -1, 2, -2, 2**62 - 1, -(2**62) + 1, 2**31, -(2**31)]),
)
floats = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1.0, -1.0, 0.5, -2.5, math.inf, -math.inf, math.nan, 1e308, 5e-324]),
)


def _within_ulps(got, expected, ulps):
    """Arrays (or scalars) of one float dtype equal within `ulps` units in the last place, with
    NaN, infinities and signs equal."""
    got, expected = np.asarray(got), np.asarray(expected)
    ints = {4: np.int32, 8: np.int64}[expected.dtype.itemsize]
    g, e = got.view(ints).astype(object), expected.view(ints).astype(object)
    finite = np.isfinite(expected) & np.isfinite(got) & (np.signbit(got) == np.signbit(expected))
    exact = np.array_equal(np.isnan(got), np.isnan(expected)) and np.array_equal(got[~finite], expected[~finite], equal_nan=True)
    return exact and all(abs(a - b) <= ulps for a, b in zip(g[finite].ravel(), e[finite].ravel()))


def _same_float(a, b):
    a, b = float(a), float(b)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


def assert_same(got, expected, where="result", ulps=0):
    """Equal value, type, dtype, shape; floats compared bitwise (any NaN equals any NaN), or within
    `ulps` units in the last place."""
    assert type(got) is type(expected), f"{where}: type {type(got).__name__} != {type(expected).__name__} ({got!r} vs {expected!r})"
    if isinstance(expected, np.ndarray):
        assert got.dtype == expected.dtype, f"{where}: dtype {got.dtype} != {expected.dtype}"
        assert got.shape == expected.shape, f"{where}: shape {got.shape} != {expected.shape}"
        assert got.flags.writeable == expected.flags.writeable, f"{where}: writeable {got.flags.writeable} != {expected.flags.writeable}"
        if expected.dtype.kind == "c":
            assert_same(got.real.copy(), expected.real.copy(), f"{where} (real parts)", ulps)
            assert_same(got.imag.copy(), expected.imag.copy(), f"{where} (imaginary parts)", ulps)
            return
        if expected.dtype.kind in "fc" and ulps:
            same = _within_ulps(got, expected, ulps)
        elif expected.dtype.kind in "fc":
            same = np.array_equal(got, expected, equal_nan=True) and np.array_equal(
                np.signbit(got) | np.isnan(got), np.signbit(expected) | np.isnan(expected)
            )
        else:
            same = np.array_equal(got, expected)
        assert same, f"{where}: arrays differ\n got      {got!r}\n expected {expected!r}"
    elif isinstance(expected, set):
        order = lambda s: sorted(s, key=lambda v: (type(v).__name__, v))  # noqa: E731
        assert_same(order(got), order(expected), where)
    elif isinstance(expected, dict):
        assert len(got) == len(expected), f"{where}: length {len(got)} != {len(expected)}"
        for i, ((gk, gv), (ek, ev)) in enumerate(zip(got.items(), expected.items())):
            assert_same(gk, ek, f"{where} key {i}")
            assert_same(gv, ev, f"{where}[{ek!r}]")
    elif isinstance(expected, (tuple, list)):
        assert len(got) == len(expected), f"{where}: length {len(got)} != {len(expected)}"
        for i, (g, e) in enumerate(zip(got, expected)):
            assert_same(g, e, f"{where}[{i}]", ulps)
    elif isinstance(expected, (complex, np.complexfloating)):
        if isinstance(expected, np.generic):
            assert got.dtype == expected.dtype
        if ulps:
            parts = [np.array([got.real, got.imag]), np.array([expected.real, expected.imag])]
            assert _within_ulps(*parts, ulps), f"{where}: {got!r} != {expected!r} (within {ulps} ulps)"
            return
        same = _same_float(got.real, expected.real) and _same_float(got.imag, expected.imag)
        assert same, f"{where}: {got!r} != {expected!r}"
    elif isinstance(expected, (float, np.floating)):
        if isinstance(expected, np.generic):
            assert got.dtype == expected.dtype
        if ulps:
            assert _within_ulps(np.float64(got), np.float64(expected), ulps), f"{where}: {got!r} != {expected!r} (within {ulps} ulps)"
            return
        assert _same_float(got, expected), f"{where}: {got!r} != {expected!r}"
    else:
        assert got == expected, f"{where}: {got!r} != {expected!r}"


def copy_arg(x):
    """Deep copy that keeps array layout (views stay views with the same strides) and flags."""
    if isinstance(x, np.ndarray):
        root = x
        while isinstance(root.base, np.ndarray):
            root = root.base
        if root is x:
            y = x.copy(order="K")
        else:
            rc = root.copy(order="K")
            assert rc.strides == root.strides
            offset = x.__array_interface__["data"][0] - root.__array_interface__["data"][0]
            base = rc.ravel(order="K")
            y = np.ndarray(x.shape, x.dtype, buffer=base, offset=offset, strides=x.strides)
        y.flags.writeable = x.flags.writeable
        return y
    if isinstance(x, tuple):
        items = [copy_arg(v) for v in x]
        # A namedtuple stays an instance of its class.
        return type(x)._make(items) if hasattr(type(x), "_make") else tuple(items)
    if callable(x):
        return x  # functions passed as values are immutable
    return copy.deepcopy(x)


def _clear_errno():
    """CPython 3.11's `abs()` of a complex number with a NaN part returns without clearing `errno`
    and then raises OverflowError if an earlier C call of the thread left ERANGE there, so a
    reference run's result could depend on what ran before it. Each run starts from errno 0."""
    if _ERRNO is not None:
        _ERRNO().contents.value = 0


try:
    _ERRNO = ctypes.CDLL(None).__errno_location
    _ERRNO.restype = ctypes.POINTER(ctypes.c_int)
except (OSError, AttributeError):  # not glibc
    _ERRNO = None


def run(f, *args):
    """(result, exception) of calling f on copies of args, plus the copies."""
    args = tuple(copy_arg(a) for a in args)
    _clear_errno()
    try:
        return f(*args), None, args
    except Exception as e:  # noqa: BLE001
        return None, e, args


def check(f, *args, message=True, reference=None, avx512_ulps=0):
    """Run f.py_func (or `reference`) and f on copies of args; compare results, exceptions, array args
    (floats within `avx512_ulps` where NumPy runs its AVX-512 kernels, see `NUMPY_AVX512`)."""
    expected, pexc, pargs = run(reference or f.py_func, *args)
    got, hexc, hargs = run(f, *args)
    if pexc is not None:
        if hexc is None:
            pytest.fail(f"CPython raised {type(pexc).__name__}({pexc}) but hasten returned {got!r}")
        assert type(hexc) is type(pexc), f"exception {type(hexc).__name__}({hexc}) != {type(pexc).__name__}({pexc})"
        if message:
            assert str(hexc) == str(pexc), f"message {str(hexc)!r} != {str(pexc)!r}"
    else:
        if hexc is not None:
            raise hexc
        assert_same(got, expected, ulps=avx512_ulps if NUMPY_AVX512 else 0)
    for i, (h, p) in enumerate(zip(hargs, pargs)):
        if isinstance(p, np.ndarray):
            assert_same(h, p, f"argument {i} after the call")
    return got


def check_int(f, *args):
    """Like check, but where CPython's int result leaves int64, hasten must raise OverflowError."""
    expected, pexc, _ = run(f.py_func, *args)
    if pexc is None and _int_overflows(expected):
        with pytest.raises(OverflowError):
            f(*[copy_arg(a) for a in args])
        return
    check(f, *args)


def _int_overflows(v):
    if isinstance(v, tuple):
        return any(_int_overflows(x) for x in v)
    return type(v) is int and not (INT64_MIN <= v <= INT64_MAX)


def jit_source(src, name="f", **globals_):
    """`njit` of the function `name` defined by the generated source `src` (with `globals_`).
    hasten compiles from source: the text is registered where `inspect` looks for it."""
    from hasten import njit

    filename = f"<generated-{abs(hash(src))}>"
    linecache.cache[filename] = (len(src), None, src.splitlines(True), filename)
    ns = dict(globals_)
    exec(compile(src, filename, "exec"), ns)
    return njit(ns[name])


def python_reference(f):
    """`f.py_func` with every jitted function it reaches through its globals and closure cells
    replaced by its Python original, recursively: the CPython reference of code that passes
    functions around (a dispatcher called from Python does not take Python functions)."""
    import types

    from hasten._core import Dispatcher

    made = {}

    def plain(v):
        if isinstance(v, Dispatcher):
            return convert(v.py_func)
        if isinstance(v, tuple):
            return tuple(plain(x) for x in v)
        return v

    def convert(func):
        if id(func) in made:
            return made[id(func)]
        g = dict(func.__globals__)
        closure = func.__closure__ or ()
        cells = tuple(types.CellType() for _ in closure)
        new = types.FunctionType(func.__code__, g, func.__name__, func.__defaults__, cells or None)
        made[id(func)] = new
        for cell, old in zip(cells, closure):
            cell.cell_contents = plain(old.cell_contents)
        for name in func.__code__.co_names:
            if name in g:
                g[name] = plain(g[name])
        return new

    return lambda *args: convert(f.py_func)(*(plain(a) for a in args))
