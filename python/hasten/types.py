"""numba's `numba.types` names (`types.float64`, `types.int64`, ...), for `hasten.typed` containers
and explicit signatures, and its classes of types (`types.Float`, `types.Array`, ...), which the
typing functions of `hasten.extending.overload` test: `from hasten import types`."""

from hasten._types import EXPORTED as _EXPORTED
from hasten._types import (  # noqa: F401
    Array,
    BaseTuple,
    Boolean,
    Complex,
    DictType,
    Dispatcher,
    Float,
    Integer,
    List,
    NoneType,
    Number,
    Omitted,
    Opaque,
    Optional,
    Set,
    Tuple,
    Type,
    UniTuple,
    UnicodeType,
    unicode_type,
)

globals().update(_EXPORTED)
boolean = _EXPORTED["boolean"]

__all__ = sorted(_EXPORTED) + [
    "Array", "BaseTuple", "Boolean", "Complex", "DictType", "Dispatcher", "Float", "Integer", "List", "NoneType",
    "Number", "Omitted", "Opaque", "Optional", "Set", "Tuple", "Type", "UniTuple", "UnicodeType", "unicode_type",
]
