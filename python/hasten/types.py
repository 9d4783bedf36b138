"""numba's `numba.types` names (`types.float64`, `types.int64`, ...), for `hasten.typed` containers
and explicit signatures: `from hasten import types`."""

from hasten._types import EXPORTED as _EXPORTED

globals().update(_EXPORTED)
boolean = _EXPORTED["boolean"]

__all__ = sorted(_EXPORTED)
