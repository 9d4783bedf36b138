"""numba's `numba.typed` containers: `List` and `Dict` whose items live in native memory.

    from hasten import njit, types
    from hasten.typed import List, Dict

    l = List.empty_list(types.float64)      # or List(), List([1.0, 2.0]), List(iterable)
    d = Dict.empty(key_type=types.int64, value_type=types.float64)

A typed container holds a reference-counted runtime list or dict, the one compiled code uses for
its own lists and dicts: passing it to a jitted function passes that pointer (O(1) whatever its
length), and what the function does to it is what the Python object holds afterwards, with no
write-back. Returning it returns the same object. Items are numbers, bools, strings, arrays and
tuples of them, of one type fixed by `empty_list`/`empty` or by the first item stored, as in numba.
From Python, items come back as Python bools, ints, floats, strs, tuples, and arrays over the item's
own memory (an array stored from Python is held, not copied), as numba gives them.
"""

from collections.abc import MutableMapping, MutableSequence

from hasten import _core
from hasten._types import text_of


def _item_text(t, what):
    """The hasten type text of an item type: a hasten or numba type object, or a tuple of them."""
    if isinstance(t, tuple):
        return "(" + "".join(_item_text(x, what) + ", " for x in t) + ")"
    return text_of(t, what)


def _index(i, what=None):
    """`i` as an int, with CPython's TypeError for a list index (`what`) or another argument."""
    try:
        return i.__index__()
    except AttributeError:
        if what is None:
            raise TypeError(f"'{type(i).__name__}' object cannot be interpreted as an integer") from None
        raise TypeError(f"{what} indices must be integers or slices, not {type(i).__name__}") from None


def _rebuild(cls, types, items):
    """Unpickles a typed container: its class, its type texts (None while unknown), its items."""
    new = cls()
    if isinstance(new, List):
        if types is not None:
            new._set_type(types, len(items))
        new._extend(items)
    else:
        if types is not None:
            new._set_types(*types)
        for k, v in items:
            new._store(k, v)
    return new


class List(_core._TypedList, MutableSequence):
    """numba's `typed.List`: `List()`, `List(iterable)`, `List.empty_list(item_type)`."""

    __hash__ = None

    def __init__(self, iterable=()):
        self._extend(iterable)

    @classmethod
    def empty_list(cls, item_type, allocated=0):
        """An empty list of items of `item_type` (`hasten.types.float64`, numba's types, ...)."""
        new = cls()
        new._set_type(_item_text(item_type, "List.empty_list"), allocated)
        return new

    @property
    def item_type(self):
        """numba's name of the item type (`float64`), None while no item has fixed it."""
        return self._item_name

    def __getitem__(self, i):
        if isinstance(i, slice):
            return self._take(range(len(self))[i])
        return self._get(_index(i, "list"))

    def __setitem__(self, i, value):
        if isinstance(i, slice):
            items = self._tolist()
            items[i] = value
            self._replace(items)
        else:
            self._set(_index(i, "list"), value)

    def __delitem__(self, i):
        if isinstance(i, slice):
            items = self._tolist()
            del items[i]
            self._replace(items)
            return
        i = _index(i, "list")
        if not -len(self) <= i < len(self):
            raise IndexError("list assignment index out of range")
        self._pop(i)

    def __iter__(self):
        # As CPython's list iterator: by position, seeing changes made while iterating.
        i = 0
        while i < len(self):
            yield self._get(i)
            i += 1

    def __reversed__(self):
        return iter(self._tolist()[::-1])

    def __contains__(self, value):
        return value in self._tolist()

    def __eq__(self, other):
        if isinstance(other, (List, list)):
            return self._tolist() == list(other)
        return NotImplemented

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __add__(self, other):
        new = self.copy()
        new.extend(other)
        return new

    def __iadd__(self, other):
        self.extend(other)
        return self

    def extend(self, iterable):
        self._extend(self._tolist() if iterable is self else iterable)

    def pop(self, index=-1):
        return self._pop(_index(index))

    def insert(self, index, value):
        index = _index(index)
        if not -(2**63) <= index < 2**63:
            raise OverflowError("Python int too large to convert to C ssize_t")
        super().insert(index, value)

    def index(self, value, start=0, stop=None):
        items = self._tolist()
        try:
            return items.index(value, start, len(items) if stop is None else stop)
        except ValueError:
            raise ValueError(f"{value!r} is not in list") from None

    def count(self, value):
        return self._tolist().count(value)

    def remove(self, value):
        items = self._tolist()
        if value not in items:
            raise ValueError("list.remove(x): x not in list")
        self._pop(items.index(value))

    def sort(self, key=None, reverse=False):
        items = self._tolist()
        items.sort(key=key, reverse=reverse)
        self._replace(items)

    def copy(self):
        return self._take(range(len(self)))

    def __reduce__(self):
        return _rebuild, (type(self), self._item_type, self._tolist())

    def __str__(self):
        return "[" + ", ".join(str(x) for x in self._tolist()) + "]"

    def __repr__(self):
        name = self._item_name
        prefix = f"ListType[{name}]" if name is not None else "ListType[Undefined]"
        return f"{prefix}({self})"


class Dict(_core._TypedDict, MutableMapping):
    """numba's `typed.Dict`: `Dict()`, `Dict.empty(key_type, value_type)`; also `Dict(mapping)`."""

    __hash__ = None

    def __init__(self, *args, **kwargs):
        if args or kwargs:
            self.update(*args, **kwargs)

    @classmethod
    def empty(cls, key_type, value_type, n_keys=0):
        """An empty dict with keys of `key_type` and values of `value_type`."""
        new = cls()
        new._set_types(_item_text(key_type, "Dict.empty key_type"), _item_text(value_type, "Dict.empty value_type"))
        return new

    def __getitem__(self, key):
        value = self._lookup(key)
        if value is None:
            raise KeyError(key)
        return value

    def __setitem__(self, key, value):
        self._store(key, value)

    def __delitem__(self, key):
        if self._remove(key) is None:
            raise KeyError(key)

    def __contains__(self, key):
        return self._lookup(key) is not None

    def __iter__(self):
        n = len(self)
        for k in self._keys():
            if len(self) != n:
                raise RuntimeError("dictionary changed size during iteration")
            yield k

    def get(self, key, default=None):
        value = self._lookup(key)
        return default if value is None else value

    _missing = object()

    def pop(self, key, default=_missing):
        value = self._remove(key)
        if value is None:
            if default is Dict._missing:
                raise KeyError(key)
            return default
        return value

    def popitem(self):
        """The last entry, removed (CPython's order)."""
        keys = self._keys()
        if not keys:
            raise KeyError("popitem(): dictionary is empty")
        return keys[-1], self._remove(keys[-1])

    def setdefault(self, key, default=None):
        value = self._lookup(key)
        if value is None:
            self._store(key, default)
            return self._lookup(key)
        return value

    def copy(self):
        new = type(self)()
        types = self._types
        if types is not None:
            new._set_types(*types)
        for k, v in self._items():
            new._store(k, v)
        return new

    def __eq__(self, other):
        if isinstance(other, (Dict, dict)):
            return dict(self._items()) == dict(other.items())
        return NotImplemented

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __reduce__(self):
        return _rebuild, (type(self), self._types, self._items())

    def __str__(self):
        return "{" + ", ".join(f"{k}: {v}" for k, v in self._items()) + "}"

    def __repr__(self):
        name = self._type_name or "DictType[Undefined]"
        return f"{name}({self})"
