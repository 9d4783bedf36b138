"""How NumPy's float min/max reductions fold on this CPU, measured once, before the first program
is compiled or loaded from the cache (``import hasten`` itself does not import NumPy).

NumPy reduces a contiguous run in SIMD lanes whose count depends on the instruction set it
dispatched to (4 float64 lanes with AVX2, 8 with AVX-512), answers its own canonical NaN when a lane
holds one (``np.min``), and reduces the lanes by halving, each level breaking ties between ``-0.0``
and ``0.0`` its own way. Which NaN and which zero ``np.min`` and ``np.nanmin`` return depends on all
three, so hasten measures them here and gives them to the runtime (``hasten_runtime::minmax``).
"""

from hasten import _core

_measured = False


def _lanes(np, dtype, uint, negative_nan):
    """The lane count and canonical NaN bits of NumPy's ``np.min`` over ``dtype``."""
    for lanes in (2, 4, 8, 16, 32):
        # The first element starts the result; the next `lanes` fill one vector, so a NaN at the
        # end is in the lanes exactly when a vector holds `lanes` elements.
        a = np.ones(lanes + 1, dtype)
        a[lanes] = negative_nan
        got = np.min(a).view(uint).item()
        if got != negative_nan.view(uint).item():
            return lanes, got
    return 0, np.array([np.nan], dtype).view(uint)[0].item()


def _ties(reduce, np, dtype, lanes):
    """Bit k set where the halving level of half-width 2**k of ``reduce`` breaks ties towards the
    upper lane: lane 0 holds -0.0 and lane 2**k holds 0.0; every other lane is 1.0, which neither
    zero ever ties with, so only that level decides the sign."""
    ties = 0
    half = 1
    while half < lanes:
        a = np.ones(lanes + 1, dtype)
        a[0] = np.inf  # the first element starts every lane and loses to each of the others
        a[1], a[1 + half] = -0.0, 0.0
        if not np.signbit(reduce(a)):
            ties |= 1 << half.bit_length() - 1
        half *= 2
    return ties


def ensure():
    """Measures NumPy's lanes, canonical NaNs and ties and stores them in the runtime, once."""
    global _measured
    if _measured:
        return
    import numpy as np

    for dtype, uint, bits in ((np.float64, np.uint64, 0xFFF8_0000_0000_0001), (np.float32, np.uint32, 0xFFC0_0001)):
        negative_nan = np.array([bits], uint).view(dtype)[0]
        lanes, nan = _lanes(np, dtype, uint, negative_nan)
        ties_minimum = _ties(np.minimum.reduce, np, dtype, lanes)
        ties_fmin = _ties(np.fmin.reduce, np, dtype, lanes)
        _core._set_minmax_simd(dtype == np.float32, lanes, nan, ties_minimum, ties_fmin)
    _measured = True
