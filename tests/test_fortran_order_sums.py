"""Reductions of element-wise expressions whose operands are not C-ordered: NumPy computes the
expression into a temporary laid out after its operands (Fortran in, Fortran out; order `K`,
operation by operation), then reduces that temporary in its memory order. hasten walks the same
order (codegen `numpy/iter_order.rs expression_order`). Found by the fuzzer (seed 3305): sums of
Fortran operands were added in C order."""

import numpy as np
import pytest

from hasten import njit

from conftest import check


@njit
def whole(m, a):
    return (m - a).sum()


@njit
def over_axes(m, a):
    return np.sum(m[None, :, :] - a, axis=(1, 2))


@pytest.mark.parametrize("f", [whole, over_axes])
def test_overflow_meets_infinity_in_numpys_order(f):
    m = np.asfortranarray(np.array([[1e308, -np.inf, 0.0], [1e308, 0.0, 0.0]]))
    check(f, m, np.zeros(3))


def test_rounding_follows_numpys_order():
    rng = np.random.default_rng(1)
    check(whole, np.asfortranarray(rng.random((40, 50))), rng.random(50))


@pytest.mark.parametrize("f", [whole, over_axes])
def test_c_ordered_operands_agree(f):
    m = np.array([[1e308, -np.inf, 0.0], [1e308, 0.0, 0.0]])
    check(f, m, np.zeros(3))
    rng = np.random.default_rng(1)
    check(f, rng.random((40, 50)), rng.random(50))


def _values(rng, shape):
    # Magnitudes far apart, so that any other order of addition rounds differently.
    return rng.standard_normal(shape) * 10.0 ** rng.integers(-6, 7, shape)


def _layouts(rng, shape):
    """The same kind of operand in C, Fortran, transposed, strided and reversed layouts."""
    c = _values(rng, shape)
    big = _values(rng, (shape[0], 2 * shape[1]))
    return {
        "C": c,
        "F": np.asfortranarray(c),
        "T": _values(rng, shape[::-1]).T,
        "F strided": np.asfortranarray(big)[:, ::2],
        "reversed": c[::-1],
        "column steps": big[:, ::2],
    }


_RNG = np.random.default_rng(7)
_MATRICES = _layouts(_RNG, (40, 50))
_OTHERS = {
    "row": _values(_RNG, 50),
    "column": _values(_RNG, (40, 1)),
    "F matrix": np.asfortranarray(_values(_RNG, (40, 50))),
    "C matrix": _values(_RNG, (40, 50)),
    "number": 0.25,
}


@njit
def difference_sum(m, a):
    return (m - a).sum()


@njit
def nested_mean(m, a):
    return np.mean(np.sqrt(np.abs(m)) * 2.0 + a)


@njit
def column_plus_row_minus(m, a):
    return ((m[:, :1] + m[:1, :]) - a).sum()


@njit
def along_0(m, a):
    return np.sum(m * a, axis=0)


@njit
def along_1(m, a):
    return (m + a).sum(axis=1)


@njit
def largest(m, a):
    return np.max(m - a)


@pytest.mark.parametrize("f", [difference_sum, nested_mean, column_plus_row_minus, along_0, along_1, largest])
@pytest.mark.parametrize("other", list(_OTHERS))
@pytest.mark.parametrize("layout", list(_MATRICES))
def test_sums_of_expressions_follow_numpys_temporary(f, layout, other):
    check(f, _MATRICES[layout], _OTHERS[other])
    check(f, _OTHERS[other] if np.ndim(_OTHERS[other]) == 2 else _MATRICES["C"], _MATRICES[layout])


@njit
def int_mean(m, a):
    return np.mean(m - a)


@pytest.mark.parametrize("layout", ["C", "F", "T", "F strided"])
def test_integer_means_convert_numpys_temporary_in_buffers(layout):
    # More than a buffer (8192 elements) converted to float: NumPy sums it in buffers.
    rng = np.random.default_rng(3)
    m = (rng.integers(-2**40, 2**40, (100, 120)) * 977)
    forms = {"C": m, "F": np.asfortranarray(m), "T": np.ascontiguousarray(m.T).T, "F strided": np.asfortranarray(np.repeat(m, 2, axis=1))[:, ::2]}
    check(int_mean, forms[layout], rng.integers(-2**40, 2**40, 120))


@njit
def cube_axes_12(t, a):
    return np.sum(t - a, axis=(1, 2))


@njit
def cube_axes_01(t, a):
    return np.sum(t * a, axis=(0, 1))


@njit
def cube_mean_12(t, a):
    return np.mean(t + a, axis=(1, 2))


@pytest.mark.parametrize("f", [cube_axes_12, cube_axes_01, cube_mean_12])
@pytest.mark.parametrize("layout", ["C", "F", "F strided", "C strided"])
def test_several_axes_of_expressions_follow_numpys_temporary(f, layout):
    rng = np.random.default_rng(5)
    c = _values(rng, (6, 30, 40))
    forms = {"C": c, "F": np.asfortranarray(c), "F strided": np.asfortranarray(_values(rng, (6, 30, 80)))[:, :, ::2], "C strided": _values(rng, (6, 30, 80))[:, :, ::2]}
    check(f, forms[layout], _values(rng, 40))
    check(f, forms[layout], 1.5)


@njit
def axes_apart(t, a):
    return np.sum(t - a, axis=(0, 1))


@njit
def bare_axes(t):
    return np.sum(t, axis=(0, 1))


def test_several_axes_apart_in_memory_are_refused_by_name():
    # The temporary of a (0, 2, 1)-transposed operand keeps axis 2 between axes 0 and 1 in memory,
    # as the operand itself does; NumPy walks such axes as separate lines.
    t = np.ones((4, 5, 6)).transpose(0, 2, 1)
    with pytest.raises(NotImplementedError, match="several axes"):
        axes_apart(t, 1.0)
    with pytest.raises(NotImplementedError, match="several axes"):
        bare_axes(t)
    # Axes contiguous with each other in memory, in any order, are one line.
    check(axes_apart, np.ones((4, 5, 6)).transpose(1, 2, 0) * np.arange(120.0).reshape(5, 6, 4), 0.5)


@njit
def bare_mean_12(t):
    return np.mean(t, axis=(1, 2))


@pytest.mark.parametrize("f", [bare_axes, bare_mean_12])
@pytest.mark.parametrize("form", ["F", "transposed", "reversed", "column steps"])
def test_several_axes_of_arrays_of_any_layout(f, form):
    rng = np.random.default_rng(9)
    c = _values(rng, (5, 30, 40))
    t = {"F": np.asfortranarray(c), "transposed": _values(rng, (40, 30, 5)).T, "reversed": c[::-1, ::-1], "column steps": _values(rng, (5, 30, 80))[:, :, ::2]}[form]
    if form == "reversed" and f is bare_mean_12:
        # Axes 1 and 2 have strides of opposite signs: NumPy walks 30 lines of 40, not one line.
        with pytest.raises(NotImplementedError, match="several axes"):
            f(t)
    else:
        check(f, t)


@njit
def stored_then_summed(m, a):
    t = m[::-1] - a
    return t.sum()


def test_a_stored_expression_of_run_time_layout_is_summed_in_numpys_order():
    # Was a wrong answer: the stored result was C-ordered; NumPy lays it out after its operands
    # (Fortran here) and sums it in that order.
    rng = np.random.default_rng(1)
    check(stored_then_summed, np.asfortranarray(_values(rng, (40, 50))), rng.random(50))


@njit
def complex_reductions(m, z):
    return (m * z - 1j * m).sum(), np.mean(m * z), np.prod(m[:, :4] * 0.5j), np.max(m - 1j * z), np.sum(np.exp(1j * m))


@njit
def complex_along_axes(m, z):
    return np.sum(m * z - 1j * m, axis=0), np.mean(m * z, axis=1), np.max(m - 1j * z, axis=0), np.prod(m[:4, :4] * 0.5j, axis=1)


@pytest.mark.parametrize("f", [complex_reductions, complex_along_axes])
@pytest.mark.parametrize("layout", ["C", "F", "F strided", "reversed"])
def test_complex_expressions_are_reduced_as_numpys_temporary(f, layout):
    # Was refused ("sums of n-d complex128 element-wise expressions"); NumPy reduces the temporary
    # laid out after its operands (Fortran here for Fortran operands) in memory order.
    m = _MATRICES[layout]
    z = _values(np.random.default_rng(4), 50) + 1j * _values(np.random.default_rng(5), 50)
    check(f, m, z)
    check(f, m, np.complex128(2 - 3j))
