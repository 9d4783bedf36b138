"""Float `np.min`/`np.max` (and `np.nanmin`/`np.nanmax`, NumPy's `fmin`/`fmax` reductions) return NumPy's very bits: which NaN (sign and payload) and which zero
come out depends on how NumPy folds the elements (its first element, then runs in SIMD lanes whose
count hasten measures at import, or in 8 slots for strided runs). Compared bit for bit with NumPy on
arrays of zeros of both signs, NaNs of both signs and several payloads, and a few numbers, in every
layout: contiguous, strided, reversed, Fortran, transposed, sliced (buffered by NumPy), computed
(stored in NumPy's order first), and along each axis."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hasten import njit

F64_NANS = [0x7FF8000000000000, 0xFFF8000000000000, 0x7FF8000000000005, 0xFFF800000000000A]
F32_NANS = [0x7FC00000, 0xFFC00000, 0x7FC00003, 0xFFC00007]


def special(draw_values, dtype):
    """An array of `dtype` from indices into: 0.0, -0.0, 1.0, -1.0, inf, then the NaNs."""
    uint = np.uint64 if dtype == np.float64 else np.uint32
    nans = F64_NANS if dtype == np.float64 else F32_NANS
    numbers = np.array([0.0, -0.0, 1.0, -1.0, np.inf], dtype).view(uint)
    pool = np.concatenate([numbers, np.array(nans, uint)])
    return pool[np.array(draw_values, np.int64)].view(dtype)


def bits(x):
    x = np.asarray(x)
    return x.view(np.uint64 if x.dtype == np.float64 else np.uint32).tolist()


@njit
def whole(a):
    return np.min(a), np.max(a), a.min(), a.max()


@njit
def nan_whole(a):
    return np.nanmin(a), np.nanmax(a), np.nanmin(a * 1.0), np.nanmax(a[::-1])


@njit
def nan_inner_axis(m):
    # Along the axis NumPy walks innermost (the last of a C array, the first of a Fortran one).
    return np.nanmin(m, axis=1), np.nanmax(m, axis=1), np.nanmin(m.T, axis=0), np.nanmax(m.T, axis=0)


@njit
def computed(a):
    return np.min(-a), np.max(a * 1.0), np.min(a[::-1] + 0.0)


@njit
def axes(m):
    return np.min(m, axis=0), np.max(m, axis=1), np.min(m, axis=1), np.max(m, axis=0)


def same_bits(f, *args):
    got, want = f(*args), f.py_func(*args)
    assert [bits(g) for g in got] == [bits(w) for w in want]
    assert [np.asarray(g).dtype for g in got] == [np.asarray(w).dtype for w in want]


values = st.lists(st.integers(0, 8), min_size=1, max_size=300)


@settings(max_examples=300, deadline=None)
@given(values, st.sampled_from([np.float64, np.float32]), st.sampled_from([1, 2, 3, -1, -2]))
def test_one_dimensional_runs(v, dtype, step):
    a = special(v, dtype)[::step]
    same_bits(whole, a)
    same_bits(computed, a)
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # NumPy's "All-NaN slice encountered"
        same_bits(nan_whole, a)


@settings(max_examples=300, deadline=None)
@given(values, st.sampled_from([np.float64, np.float32]), st.integers(1, 40),
       st.sampled_from(["C", "F", "T", "cols", "rows", "rev"]))
def test_two_dimensional_layouts(v, dtype, width, layout):
    a = special(v, dtype)
    width = min(width, len(a))
    rows = len(a) // width
    m = a[: rows * width].reshape(rows, width)
    m = {
        "C": m,
        "F": np.asfortranarray(m),
        "T": m.T,
        "cols": m[:, : max(1, width - 1)],
        "rows": m[::2],
        "rev": m[::-1, ::-1],
    }[layout]
    same_bits(whole, m)
    same_bits(axes, m)
    if layout in ("C", "cols", "rows"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            same_bits(nan_whole, m)
            same_bits(nan_inner_axis, m)


def test_long_runs_use_the_unrolled_vectors():
    # Beyond 8 vectors NumPy unrolls; lane membership is unchanged, and so are the bits.
    for dtype in (np.float64, np.float32):
        for n in (63, 64, 65, 129, 257, 300, 1000):
            for pos in (0, 1, n // 2, n - 2, n - 1):
                for fill in (1, 2, 5):
                    v = [2] * n
                    v[pos] = 6  # -nan
                    v[(pos * 7 + fill) % n] = fill
                    same_bits(whole, special(v, dtype))


def test_a_run_starting_with_a_negative_nan_gives_numpys_nan():
    # fuzz 1502:28130: a Fortran column [-nan, 0.0, -0.0] reduced along axis 0.
    neg_nan = -np.array([np.nan])[0]
    m = np.asfortranarray(np.array([[neg_nan], [0.0], [-0.0]]))
    same_bits(axes, m)
    same_bits(whole, np.array([neg_nan, 1.0]))


def test_empty_still_raises():
    with pytest.raises(ValueError, match="zero-size array to reduction operation minimum"):
        whole(np.zeros(0))
    with pytest.raises(ValueError, match="zero-size array to reduction operation minimum"):
        computed(np.zeros(0))


def test_an_unaligned_view_folds_as_numpy():
    # NumPy's vector loads take any address; a view at an odd byte offset runs the same lanes.
    for dtype in (np.float64, np.float32):
        values = special([2, 1, 0, 5, 6, 0, 1] * 9, dtype)
        raw = bytearray(b"\0" + values.tobytes())
        a = np.frombuffer(memoryview(raw)[1:], dtype)
        assert not a.flags.aligned
        same_bits(whole, a)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            same_bits(nan_whole, a)
