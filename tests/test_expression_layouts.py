"""The layout of a stored or returned element-wise result: NumPy allocates it after its operands'
memory order (order `K`: C-ordered operands give C, Fortran ones Fortran, other strides what its
iterator makes of them at run time). hasten types such a result C or Fortran where the operands'
types decide, and otherwise lays it out at run time as NumPy does (typeck `memory_order`, codegen
`elementwise_as_numpy`). The layout shows in the strides of a returned array and in the order of
addition of a later sum, so both are compared with NumPy's."""

import numpy as np
import pytest

from hasten import njit

from conftest import check


def _same_layout(f, *args):
    want = f.py_func(*args)
    got = f(*args)
    assert got.dtype == want.dtype and got.shape == want.shape
    assert got.strides == want.strides, (got.strides, want.strides)
    np.testing.assert_array_equal(got, want)


@njit
def reversed_minus(m, a):
    return m[::-1] - a


@njit
def transposed_slice(m, a):
    return np.sqrt(m.T[1:]) * a


@njit
def added(m, a):
    return m + a


@njit
def nested(m, a):
    return (m[:, ::-1] * 2.0 + a) - m


@njit
def of_a_stored_sum(m, a):
    t = m + a
    return t[1:] * 3.0


_RNG = np.random.default_rng(7)
_M = _RNG.standard_normal((6, 8)) * 10.0 ** _RNG.integers(-6, 7, (6, 8))
_F = np.asfortranarray(_M)
_F3 = np.asfortranarray(_RNG.standard_normal((3, 6, 8)))

_PAIRS = {
    "F, row": (_F, np.zeros(8)),
    "C, row": (_M, np.ones(8)),
    "F, F": (_F, _F * 0.5),
    "C, F": (_M, _F),
    "F, C": (_F, _M),
    "strided F, strided C": (_F[:, 1::2], _M[:, ::2]),
    "reversed F, reversed C": (_F[::-1], _M[::-1]),
    "transposed, C": (_M.T.copy().T, _M),
    "3-d F, 2-d C": (_F3, _M),
    "2-d C, 3-d F": (_M, _F3),
    "column, 3-d F": (_M[:, :1], _F3),
}


@pytest.mark.parametrize("f", [reversed_minus, added, nested, of_a_stored_sum])
@pytest.mark.parametrize("pair", list(_PAIRS))
def test_results_are_laid_out_as_numpys(f, pair):
    m, a = _PAIRS[pair]
    _same_layout(f, m, a)


@pytest.mark.parametrize("m", [_M, _F, _F[:, ::-1]], ids=["C", "F", "reversed F"])
def test_a_transposed_slice_is_laid_out_as_numpys(m):
    _same_layout(transposed_slice, m, 2.0)


@njit
def stored_then_summed(m, a):
    t = m[::-1] - a
    return t.sum(), np.sum(t, axis=0), t.mean(axis=1), t.max()


@njit
def stored_then_walked(m, a):
    t = m - a
    s = 0.0
    for i in range(t.shape[0]):
        for j in range(t.shape[1]):
            s += t[i, j] * (i + 1)
    return s, t[2, 3], t[-1]


@pytest.mark.parametrize("f", [stored_then_summed, stored_then_walked])
@pytest.mark.parametrize("pair", list(_PAIRS)[:8])
def test_a_stored_result_is_used_as_numpys(f, pair):
    # The sum of a temporary of run-time layout adds in NumPy's memory order: the magnitudes of
    # `_M` make any other order round differently.
    m, a = _PAIRS[pair]
    check(f, m, a)


@njit(parallel=True)
def parallel_added(m, a):
    return m + a


@pytest.mark.parametrize("pair", ["F, row", "C, F", "strided F, strided C", "3-d F, 2-d C"])
def test_parallel_results_are_laid_out_as_numpys(pair):
    _same_layout(parallel_added, *_PAIRS[pair])


@njit
def complex_stored(m, z):
    t = m[::-1] * z
    return t, t.sum()


def test_complex_results_are_laid_out_as_numpys():
    z = np.exp(1j * np.arange(8.0))
    for m in (_M, _F, _F[:, ::2]):
        want, got = complex_stored.py_func(m, z[: m.shape[1]]), complex_stored(m, z[: m.shape[1]])
        assert got[0].strides == want[0].strides
        np.testing.assert_array_equal(got[0], want[0])
        assert got[1] == want[1]


@njit
def complex_whole(z):
    return np.sum(z), np.mean(z), np.prod(z * 0.5), np.max(z), np.min(z), np.nansum(z)


def _complex(shape):
    rng = np.random.default_rng(11)
    return (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)) * 10.0 ** rng.integers(-6, 7, shape)


@pytest.mark.parametrize("view", ["reversed", "both reversed", "column", "F reversed", "transposed rows"])
def test_complex_views_that_are_one_line_are_reduced_as_numpys(view):
    # Were refused ("sums of non-contiguous n-d complex128 arrays"): NumPy's iterator walks each
    # of these as one line in memory (in index order, backwards where the strides are negative).
    z = _complex((6, 8))
    v = {
        "reversed": z[::-1, ::-1][::-1, ::-1],
        "both reversed": z[::-1, ::-1],
        "column": z[:, 3:4],
        "F reversed": np.asfortranarray(z)[::-1, ::-1],
        "transposed rows": z.T[:, ::-1][:, ::-1],
    }[view]
    check(complex_whole, v)


@pytest.mark.parametrize("view", ["every other", "rows reversed"])
def test_complex_views_of_several_lines_raise(view):
    # NumPy sums these line by line; hasten says so rather than add in another order.
    z = _complex((6, 8))
    v = {"every other": z[::2, ::2], "rows reversed": z[::-1]}[view]
    with pytest.raises(NotImplementedError, match="not contiguous with each other"):
        complex_whole(v)


@njit
def flipped(m):
    return np.flipud(m) * 2.0, np.fliplr(m[1:]) + m[:-1], np.flip(m) - m


@njit
def transposed_views(m):
    return m.T[::-1] + 1.0, m[:, ::2].T * m[:, 1::2].T, np.sqrt(m[::-1].T)


@pytest.mark.parametrize("f", [flipped, transposed_views])
@pytest.mark.parametrize("m", [_M, _F, _M[:, ::-1], _F[::2]], ids=["C", "F", "reversed C", "strided F"])
def test_views_keep_their_order_of_strides(f, m):
    # Reversed, sliced and transposed views keep (or swap) their array's order of strides, which
    # the type checker follows; the results are laid out as NumPy's either way.
    want, got = f.py_func(m), f(m)
    for w, g in zip(want, got):
        assert g.strides == w.strides, (g.strides, w.strides)
        np.testing.assert_array_equal(g, w)


@njit
def copies_summed(m):
    return m.copy().sum(), np.copy(m).sum(), m.astype(np.float32).sum(), (m.copy() * 1.0).sum(), np.sum(m.copy(), axis=0)


@pytest.mark.parametrize("m", [_M, _F, _F[::-1], _M.T], ids=["C", "F", "reversed F", "transposed"])
def test_copies_are_summed_in_their_own_order(m):
    # Was a wrong answer: `m.copy()` is C-ordered whatever `m` is (NumPy's method default), but
    # its sum walked the Fortran operand's order.
    check(copies_summed, m)


@njit
def broadcast_fortran(col, row):
    t = col + row
    return t, t.sum()


def test_fortran_operands_broadcast_against_each_other_are_laid_out_as_numpys():
    # Was a wrong answer (typed Fortran): each operand has length 1 along one of the last two
    # axes, so neither has a say on their order and NumPy keeps C order there (strides
    # (8, 192, 24)), neither C nor Fortran.
    f = np.asfortranarray(_F3[:, :, :1])
    g = np.asfortranarray(_F3[:, :1, :])
    want, got = broadcast_fortran.py_func(f, g), broadcast_fortran(f, g)
    assert got[0].strides == want[0].strides
    np.testing.assert_array_equal(got[0], want[0])
    assert got[1] == want[1]


@njit
def statistics_of_expressions(z):
    return np.var(z * 2.0), np.std(z + 1.0), np.ptp(z * 1j), np.var(z.real * 3.0), np.std(np.abs(z) - 1.0)


@pytest.mark.parametrize("layout", ["C", "F", "strided F", "transposed"])
def test_statistics_of_expressions_of_any_layout(layout):
    # Complex ones of Fortran operands were refused for a while ("non-contiguous n-d complex
    # arrays"): the result, of run-time layout, is contiguous in NumPy's layout and walked so.
    z = _complex((6, 8))
    z = {"C": z, "F": np.asfortranarray(z), "strided F": np.asfortranarray(z)[:, ::2], "transposed": z.T}[layout]
    check(statistics_of_expressions, z)


@njit
def argwhere_then_scaled(x):
    w = np.argwhere(x)
    return w, (w * 0.1).sum(), w.T.copy()


@pytest.mark.parametrize("x", [np.zeros((2, 3)), np.arange(12).reshape(3, 4) % 3, np.arange(5) % 2,
                               np.ones((2, 2, 3)), np.array(5.0), np.random.default_rng(0).random((50, 60)) > 0.3],
                         ids=["none", "2-d", "1-d", "3-d", "0-d", "many"])
def test_argwhere_is_fortran_ordered_as_numpys(x):
    # NumPy's argwhere is the transpose of np.nonzero's arrays: a column per axis. hasten wrote
    # rows (other strides, and a later float sum of an expression of it walked another order).
    want, got = argwhere_then_scaled.py_func(x), argwhere_then_scaled(x)
    assert got[0].strides == want[0].strides
    np.testing.assert_array_equal(got[0], want[0])
    assert got[1] == want[1]
    np.testing.assert_array_equal(got[2], want[2])
