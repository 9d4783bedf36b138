# The functions of the `operator` module that are statements or tests rather than one expression
# node (library.rs; the others are function values the type checker turns into operations).
# Each in-place function updates its first argument as the augmented assignment does (an array or
# a list in place, a number rebinding the local copy) and returns it, as CPython's do.


def _iadd(a, b):
    x = a
    x += b
    return x


def _isub(a, b):
    x = a
    x -= b
    return x


def _imul(a, b):
    x = a
    x *= b
    return x


def _itruediv(a, b):
    x = a
    x /= b
    return x


def _ifloordiv(a, b):
    x = a
    x //= b
    return x


def _imod(a, b):
    x = a
    x %= b
    return x


def _ipow(a, b):
    x = a
    x **= b
    return x


def _iand(a, b):
    x = a
    x &= b
    return x


def _ior(a, b):
    x = a
    x |= b
    return x


def _ixor(a, b):
    x = a
    x ^= b
    return x


def _ilshift(a, b):
    x = a
    x <<= b
    return x


def _irshift(a, b):
    x = a
    x >>= b
    return x


def _contains(a, b):
    return b in a


def _matmul(a, b):
    return a @ b


def _truth(a):
    return bool(a)


def _concat(a, b):
    return a + b
