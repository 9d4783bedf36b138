"""Lists of Python complex numbers in compiled code against CPython: literals (a real item among
complex ones becomes complex, as hasten's lists keep one item type), `append insert pop del
reverse extend`, indexing, slicing, iteration, comprehensions, nesting, tuples of them, lists
passed in (changes written back to the caller's list) and returned, `in`/`count`/`index`/`remove`;
the operations not taken yet are refused by name."""

import numpy as np
import pytest

from conftest import check
from hasten import njit, UnsupportedError


@njit
def built(x, n):
    l = [1j, complex(x, -x)]
    l.insert(1, 5 - 1j)
    l.append(complex(np.nan, -0.0))
    last = l.pop()
    squares = [z * z for z in l]
    return l, last, l[-1], l[1:], l[::-2], len(l), squares, [complex(i, -i) for i in range(n)]


@njit
def changed(l):
    l.append(1 + 1j)
    l[0] = 2j + l[1]
    del l[1]
    l.reverse()
    l.extend([3j, -0.0j])
    return len(l)


@njit
def walked(l):
    total = 0j
    out = []
    for k, z in enumerate(l):
        total += z * k
        if z.imag > 0:
            out.append(z.conjugate())
    return total, out, [(z, 1) for z in l], list(reversed(l)), l + l, l * 2


@njit
def nested(ll):
    ll[0].append(5j)
    return ll, ll[1][0]


def test_built_in_compiled_code():
    check(built, 1.5, 4)
    check(built, -0.0, 0)


def test_lists_passed_in():
    given, expected = [1j, 3 + 0j, complex(np.inf, -1)], [1j, 3 + 0j, complex(np.inf, -1)]
    assert changed(given) == changed.py_func(expected)
    assert repr(given) == repr(expected)
    check(walked, [1j, -2j, 3 + 0.5j, complex(np.nan, 1)])
    check(nested, [[1j], [2j, 3j]])


@njit
def searched(l, z):
    return z in l, z not in l, l.count(z), 1j in l


@njit
def position(l, z):
    return l.index(z)


@njit
def removed(l, z):
    l.remove(z)
    return l


def test_search():
    # Part by part, real numbers as complex ones with a zero imaginary part (`2.0 == 2+0j`);
    # CPython's ValueErrors (`x`'s repr in `index`'s).
    for l, z in [([1 + 2j, 3j, 1 + 2j], 1 + 2j), ([1 + 2j, 2 + 0j], 2.0), ([1j, -0.0j], 0j), ([1 + 2j], 5j),
                 ([complex(np.nan, 1)], 1j), ([complex(np.inf, 0)], np.inf)]:
        for f in (searched, position, removed):
            check(f, l, z)
    check(searched, [1.0, 2.0], 2 + 0j)
    check(position, [1, 2, 3], 3 + 0j)


def test_a_nan_meeting_a_nan_is_refused():
    # CPython finds it only when both are one object, which compiled numbers cannot tell.
    with pytest.raises(NotImplementedError, match="one object"):
        searched([complex(np.nan, 0)], complex(0, np.nan))
    check(searched, [1j, 2 + 0j], complex(np.nan, 0))


@njit
def ordered(l):
    return sorted(l)


def test_not_yet_refused_by_name():
    with pytest.raises(UnsupportedError, match="complex"):
        ordered([1j, 2j])


@njit
def arrays_of(x, l):
    return (np.array([1j, 2.0, x]), np.array([[1j, x], [3, True]]), np.asarray((x, 2j)), np.array(l), np.array([l, l]),
            np.array([1.0, x], dtype=np.complex128), np.array([(1, 2), (3, 4)], dtype=complex))


def test_np_array_of_complex_numbers():
    check(arrays_of, 1.5, [1j, complex(np.nan, -0.0), -0.0j])
    check(arrays_of, -0.0, [complex(np.inf, 1)])


@njit
def into_real(x):
    return np.array([1j, x], dtype=np.float64)


def test_complex_into_a_real_dtype_refused():
    with pytest.raises(UnsupportedError, match="complex"):
        into_real(1.0)


@njit
def listed(a, m):
    l = a.tolist()
    l.append(1j)
    return l, m.tolist(), m[:, ::-1].tolist(), np.array(m.tolist())


def test_tolist_of_complex_arrays():
    a = np.array([1j, complex(np.nan, -0.0), -0.0j, complex(-np.inf, 2)])
    check(listed, a, a.reshape(2, 2))
    check(listed, a[::-1], np.asfortranarray(a.reshape(2, 2)))


@njit
def dict_values(x, keys):
    d = {1: x}
    d[2] = 3j
    grouped = {}
    for k in keys:
        grouped.setdefault(k % 2, []).append(complex(k, -k))
    return d, d.get(5, 0j), d.pop(2), list(d.values()), sum(d.values(), 0j), grouped


def test_dicts_with_complex_values():
    check(dict_values, 1j, [1, 2, 3])
    check(dict_values, complex(np.nan, -0.0), [4])


@njit
def summed(l):
    return sum(l)


@pytest.mark.parametrize("l", [[1j, 2 + 0.5j, -0.0 - 0.0j], [-0.0j], [complex(float("nan"), 1), 1j], [complex(float("inf"), 0), complex(float("-inf"), 1)]])
def test_sum_of_a_list_of_complex(l):
    # CPython's `0 + z` (the int 0 as complex(0.0, 0.0)), then each part summed in order.
    check(summed, l)
