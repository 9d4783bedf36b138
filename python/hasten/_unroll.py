"""numba's `literal_unroll`. numba compiles the loop body once per item of a heterogeneous tuple;
hasten iterates what it is given as it is: a tuple of one item type (or a list or an array) loops
as any other, and a tuple of items of different types is refused by name where the loop is typed
(its loop variable would need one type)."""

from hasten.extending import register_jitable


@register_jitable
def literal_unroll(container):
    """`container` itself, from Python and from compiled code."""
    return container
