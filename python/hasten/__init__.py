"""hasten: a numba-compatible JIT compiler for numerical Python.

    from hasten import njit, prange

    @njit
    def f(x):
        return x + 1

Functions compile on first call, once per distinct tuple of argument types. Module globals and
closure variables a function reads are frozen at its first compile, as in numba: rebinding them
later does not affect already-jitted functions.
"""

from hasten._core import (
    HastenError,
    InternalError,
    TypingError,
    UnsupportedArgumentError,
    UnsupportedError,
    alloc_stats,
    cache_stats,
    get_num_threads,
    reset_alloc_peak,
    set_num_threads,
    typeof,
)
from hasten import _interrupt
from hasten._decorators import jit, njit
from hasten._prange import prange
from hasten._ufunc import vectorize
from hasten._gufunc import guvectorize
from hasten._stencil import stencil
from hasten._unroll import literal_unroll
from hasten._types import EXPORTED as _TYPES
from hasten import typed, types  # noqa: E402 - numba's `numba.typed` and `numba.types`

_interrupt.hook()

# numba's type names, for explicit signatures and locals= (`from hasten import float64`).
globals().update(_TYPES)

__version__ = "0.1.0"

__all__ = [
    "HastenError",
    "InternalError",
    "TypingError",
    "UnsupportedArgumentError",
    "UnsupportedError",
    "alloc_stats",
    "cache_stats",
    "get_num_threads",
    "guvectorize",
    "jit",
    "literal_unroll",
    "njit",
    "prange",
    "reset_alloc_peak",
    "set_num_threads",
    "stencil",
    "typeof",
    "vectorize",
    "__version__",
] + sorted(_TYPES)
