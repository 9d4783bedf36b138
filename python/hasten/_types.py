"""Type objects for explicit signatures and `locals=`, named as numba names them.

    from hasten import njit, float64, int64

    @njit(float64(float64[:]))          # or "float64(float64[:])", or "f8(f8[:])"
    def total(a): ...

`float64[:]` is a 1-d array of any layout, `float64[::1]` a C-contiguous one, `float64[:, ::1]` a
C-contiguous 2-d one, `float64[::1, :]` a Fortran one. Each type knows its hasten type text (the
text `f.signatures` shows), which the native side parses. numba's own type objects are accepted
too: their names and `array(...)` texts are the same.
"""


class Type:
    """A hasten value type, as an explicit signature or a `locals=` declaration names it."""

    def __init__(self, name, text):
        self.name = name
        self.text = text

    def __repr__(self):
        return self.name

    def __eq__(self, other):
        return isinstance(other, Type) and other.text == self.text

    def __hash__(self):
        return hash(self.text)

    def __call__(self, *args):
        return Signature(self, tuple(args))


class Scalar(Type):
    """A number or bool type; `dtype` is its NumPy dtype's name."""

    def __init__(self, name, text, dtype):
        super().__init__(name, text)
        self.dtype = dtype

    def __getitem__(self, index):
        """`float64[:]`, `float64[:, ::1]`, ...: an array type of this dtype."""
        axes = index if isinstance(index, tuple) else (index,)
        if not axes or not all(isinstance(a, slice) and a.start is None and a.stop is None for a in axes):
            raise TypeError(f"array types are written {self.name}[:], {self.name}[:, ::1], ...: not {self.name}[{index!r}]")
        steps = [a.step for a in axes]
        if any(s not in (None, 1) for s in steps):
            raise TypeError("an array type's axes are ':' or '::1'")
        layout = "A"
        if steps[-1] == 1 and all(s is None for s in steps[:-1]):
            layout = "C"
        elif steps[0] == 1 and len(steps) > 1 and all(s is None for s in steps[1:]):
            layout = "F"
        elif any(s == 1 for s in steps):
            raise TypeError("'::1' marks the contiguous axis: the last one (C) or the first one (F)")
        name = f"{self.name}[{', '.join(':' if s is None else '::1' for s in steps)}]"
        return Array(self, len(axes), layout, name=name)


# numba's classes of types, which `hasten.extending.overload` typing functions test with isinstance.
class Boolean(Scalar):
    bitwidth = 8


class Number(Scalar):
    @property
    def bitwidth(self):
        return int("".join(c for c in self.dtype if c.isdigit()))


class Integer(Number):
    @property
    def signed(self):
        return not self.dtype.startswith("u")


class Float(Number):
    pass


class Complex(Number):
    pass


class Array(Type):
    """`types.Array(dtype, ndim, layout)`: `dtype` is a scalar type, `layout` 'C', 'F' or 'A'."""

    def __init__(self, dtype, ndim, layout="A", readonly=False, name=None):
        self.dtype, self.ndim, self.layout = dtype, ndim, layout
        self.readonly = readonly
        self.mutable = not readonly
        tail = ", readonly" if readonly else ""
        text = f"array({dtype.dtype}, {ndim}d, {layout}{tail})"
        super().__init__(name or f"array({dtype.name}, {ndim}d, {layout}{tail})", text)


class BaseTuple(Type):
    def __init__(self, types):
        self.types = tuple(types)
        self.count = len(self.types)
        inner = ", ".join(t.text for t in self.types) + ("," if self.count == 1 else "")
        super().__init__(f"({', '.join(map(repr, self.types))}{',' if self.count == 1 else ''})", f"({inner})")

    def __len__(self):
        return self.count

    def __iter__(self):
        return iter(self.types)

    def __getitem__(self, i):
        return self.types[i]


class Tuple(BaseTuple):
    """`types.Tuple([t1, t2])`: a tuple of items all of one type is a `UniTuple`, as in numba."""

    def __new__(cls, types):
        types = tuple(types)
        if cls is Tuple and types and all(t == types[0] for t in types):
            return UniTuple(types[0], len(types))
        return super().__new__(cls)


class UniTuple(BaseTuple):
    def __new__(cls, dtype, count):
        return object.__new__(cls)

    def __init__(self, dtype, count):
        self.dtype = dtype
        super().__init__((dtype,) * count)


class NoneType(Type):
    pass


class Omitted(Type):
    """An argument left to its default: `value` is the default."""

    def __init__(self, value):
        self.value = value
        super().__init__(f"omitted(default={value!r})", "omitted")


class UnicodeType(Type):
    pass


class Optional(Type):
    def __init__(self, type):
        self.type = type
        super().__init__(f"OptionalType({type!r})", f"optional({type.text})")


class List(Type):
    def __init__(self, dtype, reflected=True):
        self.dtype = dtype
        self.reflected = reflected
        super().__init__(f"list({dtype!r})", f"list({dtype.text})")


class Set(Type):
    def __init__(self, dtype, reflected=True):
        self.dtype = dtype
        super().__init__(f"set({dtype!r})", f"set({dtype.text})")


class DictType(Type):
    def __init__(self, key_type, value_type):
        self.key_type, self.value_type = key_type, value_type
        super().__init__(f"DictType[{key_type!r},{value_type!r}]", f"dict({key_type.text}, {value_type.text})")


class Opaque(Type):
    """A value compiled code holds but typing functions cannot look into (functions, generators)."""


class Dispatcher(Opaque):
    """A jitted function passed as a value."""


class Signature:
    """`return_type(arg_types...)`."""

    def __init__(self, return_type, args):
        self.return_type = return_type
        self.args = args

    def __repr__(self):
        return f"{self.return_type!r}({', '.join(map(repr, self.args))})"


_SCALARS = {
    "boolean": ("bool", "bool"),
    "int64": ("int", "int64"),
    "float64": ("float", "float64"),
    "complex128": ("complex", "complex128"),
}
for _d in ("int8", "int16", "int32", "uint8", "uint16", "uint32", "uint64", "float32", "complex64"):
    _SCALARS[_d] = (f"np.{_d}", _d)

_ALIASES = {
    "b1": "boolean", "bool_": "boolean", "bool": "boolean",
    "i1": "int8", "i2": "int16", "i4": "int32", "i8": "int64", "intp": "int64", "intc": "int32",
    "u1": "uint8", "u2": "uint16", "u4": "uint32", "u8": "uint64", "uintp": "uint64",
    "f4": "float32", "f8": "float64", "double": "float64", "single": "float32", "float_": "float64",
    "c16": "complex128", "complex_": "complex128", "c8": "complex64", "csingle": "complex64",
}

def _scalar_class(dtype):
    if dtype == "bool":
        return Boolean
    return Complex if dtype.startswith("complex") else Float if dtype.startswith("float") else Integer


TYPES = {name: _scalar_class(dtype)(name, text, dtype) for name, (text, dtype) in _SCALARS.items()}
TYPES.update({alias: TYPES[target] for alias, target in _ALIASES.items()})
none = NoneType("none", "none")
unicode_type = UnicodeType("unicode_type", "str")
TYPES["void"] = TYPES["none"] = none
# What `hasten` exports: every name but `bool`, which would shadow the builtin under `import *`.
EXPORTED = {k: v for k, v in TYPES.items() if k != "bool"}


def text_of(t, what):
    """The hasten type text of a hasten or numba type object."""
    if isinstance(t, Type):
        return t.text
    name = str(t)
    if name in TYPES:
        return TYPES[name].text
    if name.startswith("array(") and "," in name:
        dtype = name[len("array("):name.index(",")]
        if dtype in TYPES and isinstance(TYPES[dtype], Scalar):
            rest = name[name.index(","):].replace(", aligned", "").replace(", reflected", "")
            return f"array({TYPES[dtype].dtype}{rest}"
    raise TypeError(f"{what}: {t!r} is not a type hasten compiles for (use hasten's float64, int64, float64[:], ...)")


def parse_signature(sig):
    """A signature as written in `@njit(sig)` → (argument type texts, return type text or None)."""
    if isinstance(sig, str):
        try:
            sig = eval(sig, {"__builtins__": {}}, dict(TYPES))  # the names above only
        except Exception as e:
            raise TypeError(f"cannot parse the signature {sig!r}: {e}") from None
    if isinstance(sig, Signature):
        return [text_of(a, "signature") for a in sig.args], text_of(sig.return_type, "signature")
    if isinstance(sig, tuple):
        return [text_of(a, "signature") for a in sig], None
    raise TypeError(f"a signature is a string like 'float64(float64[:])' or float64(float64[:]), not {sig!r}")


def converter(declared, compiled):
    """The function that turns a result of type `compiled` into the signature's `declared` type, or
    None where they are the same; TypeError where no conversion exists."""
    if declared is None or declared == compiled:
        return None
    if declared == "none":
        return lambda _result: None
    scalars = {"bool": bool, "int": int, "float": float}
    import numpy as np  # only here: `import hasten` does not import NumPy

    scalars.update({f"np.{d}": np.dtype(d).type for _, d in _SCALARS.values()})
    if declared in scalars and compiled in scalars:
        return scalars[declared]
    raise TypeError(f"the function returns {compiled}, which cannot be converted to the signature's return type {declared}")
