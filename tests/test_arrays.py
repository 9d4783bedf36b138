import math

import numpy as np
import pytest

import hasten
from hasten import njit
from conftest import assert_same, check

DTYPES = [np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64, np.float32, np.float64]
DT_IDS = [np.dtype(d).name for d in DTYPES]


def base2d(dtype):
    return (np.arange(6 * 8).reshape(6, 8) % 23).astype(dtype)


LAYOUTS = {
    "C": lambda a: a,
    "F": lambda a: np.asfortranarray(a),
    "step2": lambda a: a[::2],
    "T": lambda a: a.T,
    "rev_cols": lambda a: a[:, ::-1],
    "both": lambda a: a[1::2, ::-3],
}


@njit
def get1(a, i):
    return a[i]


@njit
def get2(a, i, j):
    return a[i, j]


@njit
def get3(a, i, j, k):
    return a[i, j, k]


@njit
def set1(a, i, v):
    a[i] = v


@njit
def set2(a, i, j, v):
    a[i, j] = v


@njit
def copy2(a, out):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            out[i, j] = a[i, j]


@njit
def bump2(a):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i, j] += 1


@njit
def fill3(a):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            for k in range(a.shape[2]):
                a[i, j, k] = i * 16 + j * 4 + k


@njit
def sum3(a):
    s = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            for k in range(a.shape[2]):
                s = s + a[i, j, k] * (i + 1)
    return s


@njit
def attrs(a):
    return a.shape, a.ndim, a.size


@njit
def attrs_len(a):
    return a.shape, a.ndim, a.size, len(a)


@pytest.mark.parametrize("layout", list(LAYOUTS), ids=list(LAYOUTS))
@pytest.mark.parametrize("dtype", DTYPES, ids=DT_IDS)
def test_2d_read_write_layouts(dtype, layout):
    a = LAYOUTS[layout](base2d(dtype))
    check(copy2, a, np.zeros(a.shape, dtype))
    check(bump2, a)
    check(attrs_len, a)
    check(get2, a, 1, 2)
    check(get2, a, -1, -2)
    check(set2, a, -1, 0, 1)
    check(set2, a, 0, -1, True)


@pytest.mark.parametrize("dtype", DTYPES, ids=DT_IDS)
def test_element_types(dtype):
    a = base2d(dtype).ravel()
    check(get1, a, 3)  # a NumPy scalar of the array's dtype, as in CPython
    check(get1, a, -1)
    check(set1, a, 2, 1)
    check(set1, a, 2, a[5])


@pytest.mark.parametrize("dtype", DTYPES, ids=DT_IDS)
def test_3d(dtype):
    a = np.zeros((2, 3, 4), dtype)
    check(fill3, a)
    check(fill3, np.zeros((4, 3, 2), dtype).transpose(1, 2, 0))
    b = np.arange(24).reshape(2, 3, 4).astype(dtype)
    check(get3, b, 1, 2, 3)
    check(get3, b, -1, -3, -4)
    check(sum3, np.arange(24.0).reshape(2, 3, 4))
    check(sum3, np.arange(48.0).reshape(4, 3, 4)[::2, :, ::-1])
    check(attrs_len, b)


def test_attrs_all_ndims():
    check(attrs, np.array(2.5))
    check(attrs, np.zeros(0))
    check(attrs_len, np.zeros(5, np.int8))
    check(attrs_len, np.zeros((3, 0)))
    check(attrs_len, np.zeros((2, 3, 4), np.uint16)[:, ::2])


@njit
def get0(a):
    return a[()]


@njit
def set0(a, v):
    a[()] = v


def test_zero_dim():
    check(get0, np.array(2.5))
    check(get0, np.array(7, np.int16))
    check(set0, np.array(2.5), -1.0)


@njit
def iter_1d(a):
    s = 0.0
    for v in a:
        s += v
    return s


@njit
def neg_index(a):
    return a[-1], a[-len(a)], a[len(a) - 1]


def test_negative_and_iteration():
    a = np.arange(10.0)
    check(neg_index, a)
    check(neg_index, a[::-2])
    check(iter_1d, a)
    check(iter_1d, np.arange(20.0)[3::4])


@pytest.mark.parametrize("i", [10, -11, 11, 2**40, -(2**40)])
def test_out_of_bounds_1d(i):
    a = np.arange(10.0)
    check(get1, a, i)  # IndexError: index 10 is out of bounds for axis 0 with size 10
    check(set1, a, i, 1.0)
    with pytest.raises(IndexError) as ei:
        get1(a, i)
    assert str(ei.value) == f"index {i} is out of bounds for axis 0 with size 10"


def test_out_of_bounds_nd():
    a = np.zeros((3, 4))
    for i, j in [(3, 0), (0, 4), (-4, 0), (0, -5), (5, 7)]:
        check(get2, a, i, j)
        check(set2, a, i, j, 1.0)
    with pytest.raises(IndexError) as ei:
        get2(a, 0, 4)
    assert str(ei.value) == "index 4 is out of bounds for axis 1 with size 4"
    b = np.zeros((2, 3, 4))
    check(get3, b, 0, 0, 4)
    check(get3, b, 0, 3, 0)
    check(get3, b.T, 3, 3, 0)


@njit(boundscheck=False)
def nocheck_sum(a):
    s = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            s += a[i, j] * a[-1 - i, j]
    return s


@njit(boundscheck=False)
def nocheck_set(a, i, v):
    a[i] = v


def test_boundscheck_false_in_bounds():
    a = np.arange(12.0).reshape(3, 4)
    check(nocheck_sum, a)
    check(nocheck_sum, a.T)
    check(nocheck_set, np.zeros(5), 2, 3.5)
    check(nocheck_set, np.zeros(5), -1, 3.5)


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint32, np.uint64], ids=lambda d: np.dtype(d).name)
def test_store_float_into_int_truncates(dtype):
    for v in [2.7, 0.9, 100.5, -0.0]:
        check(set1, np.zeros(3, dtype), 0, v)
    a = np.zeros(3, np.int64)
    set1(a, 0, 2.7)
    set1(a, 1, -2.7)
    assert a.tolist() == [2, -2, 0]


def test_store_conversion_errors():
    check(set1, np.zeros(3, np.int64), 0, -2.7)
    check(set1, np.zeros(3, np.int64), 0, math.nan)  # ValueError: cannot convert float NaN to integer
    check(set1, np.zeros(3, np.int64), 0, math.inf)  # OverflowError
    check(set1, np.zeros(3, np.int8), 0, 300)  # OverflowError: Python integer 300 out of bounds for int8
    check(set1, np.zeros(3, np.uint8), 0, -1)  # OverflowError: Python integer -1 out of bounds for uint8
    check(set1, np.zeros(3, np.int8), 0, -128)
    check(set1, np.zeros(3, np.bool_), 0, 2.5)
    check(set1, np.zeros(3, np.float32), 0, 1e300)  # inf (NumPy casts without error)
    check(set1, np.zeros(3, np.float32), 0, 0.1)
    check(set1, np.zeros(3), 0, 2**62 + 1)  # int -> float64 rounding
    check(set1, np.zeros(3, np.int16), 0, np.float32(-3.9))


def test_writes_visible_to_caller():
    a = np.zeros(5)
    set1(a, 3, 4.0)
    assert a[3] == 4.0
    b = np.zeros((4, 6))
    v = b[::2, ::-1]
    set2(v, 1, 0, 9.0)
    assert b[2, 5] == 9.0 and b.sum() == 9.0


def test_read_only():
    a = np.zeros(4)
    a.flags.writeable = False
    check(set1, a, 0, 1.0)  # ValueError: assignment destination is read-only
    with pytest.raises(ValueError, match="assignment destination is read-only"):
        set1(a, 0, 1.0)
    check(get1, a, 1)  # reading is fine
    b = np.zeros((3, 3))
    b.flags.writeable = False
    check(bump2, b)


# ---- new arrays ----

@njit
def new_1d(n):
    return np.zeros(n), np.ones(n), np.zeros(n, dtype=np.float32), np.ones(n, dtype=np.int8)


@njit
def new_nd(n, m):
    return np.zeros((n, m)), np.ones((n, m), dtype=np.uint16), np.zeros((n, m, 2), np.int32), np.ones((), np.float64)


@njit
def new_empty(n, m):
    return np.empty(n), np.empty((n, m)), np.empty((n, m), dtype=np.int64), np.empty((m, 2, n), dtype=np.bool_)


@njit
def new_like(a):
    return np.zeros_like(a), np.ones_like(a), np.empty_like(a), np.zeros_like(a, dtype=np.float32)


@njit
def fill_new(n):
    out = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            out[i, j] = i * n + j
    return out


def check_fresh(arr):
    assert isinstance(arr, np.ndarray)
    assert arr.flags.writeable and arr.flags.aligned
    arr[...] = 1  # writable


def test_new_arrays():
    for n in [0, 1, 5]:
        res = check(new_1d, n)
        for r in res:
            check_fresh(r)
        res = check(new_nd, n, 3)
        for r in res:
            check_fresh(r)
    got = new_empty(4, 3)
    exp = new_empty.py_func(4, 3)
    for g, e in zip(got, exp):
        assert type(g) is np.ndarray and g.dtype == e.dtype and g.shape == e.shape and g.flags.c_contiguous
        check_fresh(g)
    check(fill_new, 6)


@pytest.mark.parametrize("dtype", DTYPES, ids=DT_IDS)
def test_new_like(dtype):
    a = base2d(dtype)
    for v in [a, a.T, a[::2, ::-1], a[0]]:
        z, o, e, z32 = new_like(v)
        ez, eo, ee, ez32 = new_like.py_func(v)
        assert_same(z, ez)
        assert_same(o, eo)
        assert_same(z32, ez32)
        assert e.dtype == ee.dtype and e.shape == ee.shape
        for r in (z, o, e, z32):
            check_fresh(r)
    # NumPy's *_like keeps the layout of its argument (order='K')
    z = new_like(np.asfortranarray(a))[0]
    assert z.flags.f_contiguous and not z.flags.c_contiguous


@njit
def alloc_in_loop(n):
    s = 0.0
    for k in range(n):
        t = np.zeros(k + 1)
        t[k] = k
        s += t[k]
    return s


def test_alloc_in_loop():
    check(alloc_in_loop, 1000)


# ---- NumPy scalars read from arrays follow NumPy semantics ----

@njit
def elem_ops(a, i):
    return a[i] + 1, a[i] * 2.0, a[i] / 0.5, a[i] > 1, -a[i]


@pytest.mark.parametrize("dtype", DTYPES[1:], ids=DT_IDS[1:])
def test_element_arith_types(dtype):
    a = base2d(dtype).ravel()
    check(elem_ops, a, 5)


@njit
def elem_div_zero(a):
    return a[0] / 0.0, a[1] // 0


def test_numpy_scalar_division_by_zero():
    check(elem_div_zero, np.array([1.0, 2.0]))  # inf and nan with RuntimeWarnings, no exception
    check(elem_div_zero, np.array([1, 2]))


@njit
def index_tuple_load(a, i):
    return a[i, 1 // (i - 5)]


@njit
def index_tuple_store(a, i):
    a[i, 1 // (i - 5)] = 1.0
    return a


@njit
def index_tuple_view(a, i):
    return a[i, 1 // (i - 5):].copy()


@njit
def slice_bounds_in_order(a, x, y):
    return a[1 // x: 2 % y].copy()


def test_the_whole_index_tuple_is_evaluated_before_any_check():
    # CPython builds the tuple (raising ZeroDivisionError) before NumPy checks `i` (IndexError).
    a = np.zeros((3, 3))
    for i in (5, 1, 7):
        check(index_tuple_load, a, i)
        check(index_tuple_store, a, i)
        check(index_tuple_view, a, i)
    check(slice_bounds_in_order, np.arange(5.0), 0, 0)
    check(slice_bounds_in_order, np.arange(5.0), 1, 3)


@njit
def layout_attrs(a):
    b = a[::2]
    return a.itemsize, a.nbytes, a.strides, b.strides, a.T.strides, b.nbytes


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int16, np.uint8, np.bool_])
@pytest.mark.parametrize("shape", [(5,), (4, 3), (0, 3), (2, 3, 2)])
def test_itemsize_nbytes_strides(dtype, shape):
    a = np.arange(int(np.prod(shape))).astype(dtype).reshape(shape)
    for x in (a, np.asfortranarray(a), a[::-1] if a.ndim == 1 else a[:, ::-1]):
        got, expected = layout_attrs(x), layout_attrs.py_func(x)
        if x.size == 0:  # NumPy's strides of an empty slice do not follow the step
            got, expected = got[:3] + got[4:], expected[:3] + expected[4:]
        assert got == expected and all(type(g) is type(e) for g, e in zip(got, expected))


@njit
def scalar_and_dtype_attributes(a):
    s = a[0]
    t = np.float32(1.5)
    return (a.dtype.itemsize, s.itemsize, s.ndim, s.size, s.shape, s.nbytes, s.strides, t.itemsize, t.dtype == np.float32,
            np.int8(3).dtype.itemsize)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int16, np.uint8, np.complex64, np.bool_])
def test_attributes_of_numpy_scalars_and_dtypes(dtype):
    check(scalar_and_dtype_attributes, np.ones(3, dtype=dtype))


@njit
def dtype_name(a):
    return a.dtype.name


def test_an_attribute_of_a_dtype_not_supported_is_refused_by_name():
    with pytest.raises(hasten.UnsupportedError, match="name"):
        dtype_name(np.ones(2))
