"""numba's extension API, the part libraries use to make plain functions callable from compiled code.

`register_jitable(func)` leaves `func` a plain Python function for Python callers and makes compiled
code that calls it compile it (as numba does). `overload` is not provided yet.
"""

import functools

from hasten._decorators import njit

__all__ = ["register_jitable"]


class _Jitable:
    """A plain function that compiled code calls compiled."""

    def __init__(self, func, options):
        functools.update_wrapper(self, func)
        self.py_func = func
        self._options = options
        self._jitted = None

    def __call__(self, *args, **kwargs):
        return self.py_func(*args, **kwargs)

    def __repr__(self):
        return f"<register_jitable {self.py_func.__qualname__}>"

    def _hasten_callee(self):
        if self._jitted is None:
            self._jitted = njit(self.py_func, **self._options)
        return self._jitted


def register_jitable(*args, **kws):
    """`@register_jitable` or `@register_jitable(**njit options)`."""
    if len(args) == 1 and callable(args[0]) and not kws:
        return _Jitable(args[0], {})
    if args:
        raise TypeError("register_jitable() takes a function or njit's keyword options")
    return lambda func: _Jitable(func, kws)
