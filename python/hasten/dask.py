"""Run jitted kernels on the chunks of dask arrays (optional: needs ``pip install 'dask[array]'``).

    from hasten import njit
    from hasten.dask import map_overlap

    @njit
    def laplacian(f, dx, dy): ...          # fills the interior of an array of f's shape

    y = map_overlap(laplacian, x, 1, dx=0.1, dy=0.1)   # x: a chunked dask array
    y.compute()

Both helpers are thin wrappers over :func:`dask.array.map_blocks` and
:func:`dask.array.map_overlap`; keywords they do not name go to those functions, and from there
(those dask does not know) to the kernel. The kernel runs compiled on each chunk, in whichever
thread or process dask's scheduler picks. Processes (``dask.distributed``) receive the kernel
pickled by reference, so it must be defined at module level in an importable module; each process
compiles it on its first chunk.

Unless ``dtype=`` or ``meta=`` is given, the result's dtype and number of dimensions are found by
calling the kernel once, here, on a tiny block of ones of each input's dtype (per axis, one point
plus the halo). That also compiles it here, so a typing error shows at once rather than when the
graph is computed. Pass ``dtype=`` (or ``meta=``) for a kernel that cannot run on such a block.
"""

import numpy as np

try:
    import dask.array as da
    from dask.array.overlap import coerce_depth
except ImportError as e:
    raise ImportError(
        "hasten.dask needs dask's array module; install it with: pip install 'dask[array]' "
        "(and 'distributed' to run on a cluster)"
    ) from e

__all__ = ["map_blocks", "map_overlap"]


def map_blocks(kernel, /, *arrays, **kw):
    """``kernel(block, ...)`` on each block of the dask arrays ``arrays``, as
    :func:`dask.array.map_blocks`: blocks at the same position are passed together, arguments that
    are not dask arrays are passed as they are, and the kernel must return an array of its block's
    shape unless ``chunks=`` / ``drop_axis=`` / ``new_axis=`` say otherwise."""
    if "dtype" not in kw and "meta" not in kw:
        kw["meta"] = _infer_meta(kernel, arrays, [{}] * len(arrays), kw)
    return da.map_blocks(kernel, *arrays, **kw)


def map_overlap(kernel, array, /, depth, boundary="none", **kw):
    """``kernel(block)`` on each chunk of ``array`` extended by ``depth`` points of its neighbours
    on every side, then trimmed back to the chunk, as :func:`dask.array.map_overlap`.

    ``depth`` is the halo the stencil needs (an int, or one per axis as a tuple or dict). The
    default ``boundary='none'`` adds nothing at the array's outer edges, so there the kernel sees
    what it sees on the whole array, and a kernel that handles its own edges (leaves them zero,
    treats outside points as zero...) gives exactly its whole-array result. ``boundary`` may also
    be any of dask's ('reflect', 'periodic', 'nearest', or a constant to pad with)."""
    if "dtype" not in kw and "meta" not in kw:
        kw["meta"] = _infer_meta(kernel, [array], [coerce_depth(array.ndim, depth)], kw)
    return da.map_overlap(kernel, array, depth=depth, boundary=boundary, **kw)


def _infer_meta(kernel, arrays, depths, kw):
    """An empty array of the kernel's result type, from one call on tiny blocks of ones."""
    # dask's own keywords do not reach the kernel; the rest do.
    kernel_kw = {
        k: v for k, v in kw.items()
        if k not in ("name", "token", "chunks", "drop_axis", "new_axis", "enforce_ndim",
                     "align_arrays", "allow_rechunk", "trim")
    }
    blocks = []
    for a, depth in zip(arrays, depths):
        if isinstance(a, da.Array):
            shape = tuple(1 + _halo(depth.get(axis, 0)) for axis in range(a.ndim))
            a = np.ones(shape, a.dtype)
        blocks.append(a)
    out = np.asarray(kernel(*blocks, **kernel_kw))
    return np.empty((0,) * out.ndim, out.dtype)


def _halo(depth):
    """Points added along an axis for a depth of d on both sides, or (before, after)."""
    return sum(depth) if isinstance(depth, tuple) else 2 * depth
