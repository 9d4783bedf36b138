"""numba's `literal_unroll`. hasten compiles every loop over a tuple whose items differ in type as
numba compiles this one, once per item (the type checker's `unroll.rs`), so the call only hands its
argument on: a tuple of one item type (or a list or an array) loops as any other."""

from hasten.extending import register_jitable


@register_jitable
def literal_unroll(container):
    """`container` itself, from Python and from compiled code."""
    return container
