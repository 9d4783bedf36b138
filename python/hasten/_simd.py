"""How NumPy's float min/max reductions fold on this CPU, measured once, before the first program
is compiled or loaded from the cache (``import hasten`` itself does not import NumPy).

NumPy reduces a contiguous run in SIMD lanes whose count depends on the instruction set it
dispatched to (4 float64 lanes with AVX2, 8 with AVX-512), and answers its own canonical NaN when a
lane holds one. Which NaN and which zero ``np.min`` returns depends on both, so hasten measures
them here and gives them to the runtime (``hasten_runtime::minmax``).
"""

from hasten import _core

_measured = False


def _fold(np, dtype, bits):
    """The lane count and canonical NaN bits of NumPy's ``np.min`` over ``dtype``."""
    uint = np.uint64 if dtype == np.float64 else np.uint32
    negative_nan = np.array([bits], uint).view(dtype)[0]
    for lanes in (2, 4, 8, 16, 32):
        # The first element starts the result; the next `lanes` fill one vector, so a NaN at the
        # end is in the lanes exactly when a vector holds `lanes` elements.
        a = np.ones(lanes + 1, dtype)
        a[lanes] = negative_nan
        got = np.min(a).view(uint).item()
        if got != bits:
            return lanes, got
    return 0, int(np.array([np.nan], dtype).view(uint)[0])


def ensure():
    """Measures NumPy's lanes and canonical NaNs and stores them in the runtime, once."""
    global _measured
    if not _measured:
        import numpy as np

        lanes_f64, nan_f64 = _fold(np, np.float64, 0xFFF8_0000_0000_0001)
        lanes_f32, nan_f32 = _fold(np, np.float32, 0xFFC0_0001)
        _core._set_minmax_simd(lanes_f64, nan_f64, lanes_f32, nan_f32)
        _measured = True
