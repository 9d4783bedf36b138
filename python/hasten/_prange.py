"""``prange`` in a module of its own: the package exports it and the program collector recognises it
as a global, without the decorators and the collector importing each other."""


def prange(*args):
    """numba's parallel range. In a function compiled with ``parallel=True`` its iterations run on
    hasten's thread pool; elsewhere (and in Python) it is ``range``."""
    return range(*args)
