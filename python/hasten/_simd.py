"""How NumPy's float min/max reductions fold on this CPU, measured once, before the first program
is compiled or loaded from the cache (``import hasten`` itself does not import NumPy).

NumPy reduces a contiguous run in SIMD lanes whose count depends on the instruction set it
dispatched to (4 float64 lanes with AVX2, 8 with AVX-512), answers its own canonical NaN when a lane
holds one (``np.min``), and reduces the lanes by halving, each level breaking ties between ``-0.0``
and ``0.0`` its own way; its compiler arranged the operands of ``fmin``'s scalar steps. Which NaN and
which zero ``np.min`` and ``np.nanmin`` return depends on all of them, so hasten measures them here
and gives them to the runtime (``hasten_runtime::minmax``).
"""

from hasten import _blas, _core

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


def _fmin_sites(np, dtype, uint, lanes):
    """Which of ``fmin``'s scalar steps (runtime ``minmax::Site``, bit by bit) keep their first
    operand where both are NaN and give ties to the second, as its SIMD lanes do; the others do the
    reverse, as the C library's ``fmin``. NumPy's compiler arranged them; each array below makes
    exactly one step decide the result."""

    def nans(count):
        top = 0x7FF8_0000_0000_0000 if dtype == np.float64 else 0x7FC0_0000
        return np.array([top | (k + 1) for k in range(count)], uint).view(dtype)

    def strided(values):
        a = np.ones(2 * len(values), dtype)
        a[::2] = values
        return a[::2]

    def keeps_first(a):
        return np.fmin.reduce(a).view(uint).item() == a[0].view(uint).item()

    def gives_tie_to_second(values):
        return not np.signbit(np.fmin.reduce(strided(np.array(values, dtype))))

    sites = 0
    # After the lanes: all NaN lanes answer lane 0 (the first element), then one more NaN.
    sites |= keeps_first(nans(lanes + 2)) << 0
    # A strided slot's step: the first round fills the slots; -0.0 then 0.0 meet in slot 0.
    sites |= gives_tie_to_second([1.0, -0.0] + [1.0] * 7 + [0.0] + [1.0] * 7) << 1
    # The slots' tree: -0.0 and 0.0 in slots 0 and 1.
    sites |= gives_tie_to_second([1.0, -0.0, 0.0] + [1.0] * 6) << 2
    # The tree into the result: nine NaNs, the first being the result so far.
    sites |= keeps_first(strided(nans(9))) << 3
    # A strided run's rest: two NaNs.
    sites |= keeps_first(strided(nans(2))) << 4
    return sites


def ensure():
    """Measures NumPy's lanes, canonical NaNs and ties and stores them in the runtime, once; and
    gives it NumPy's own vector dot products (`_blas.py`)."""
    global _measured
    if _measured:
        return
    import numpy as np

    for dtype, uint, bits in ((np.float64, np.uint64, 0xFFF8_0000_0000_0001), (np.float32, np.uint32, 0xFFC0_0001)):
        negative_nan = np.array([bits], uint).view(dtype)[0]
        lanes, nan = _lanes(np, dtype, uint, negative_nan)
        ties_minimum = _ties(np.minimum.reduce, np, dtype, lanes)
        ties_fmin = _ties(np.fmin.reduce, np, dtype, lanes)
        sites = _fmin_sites(np, dtype, uint, lanes)
        _core._set_minmax_simd(dtype == np.float32, lanes, nan, ties_minimum, ties_fmin, sites)
    _core._set_numpy_dot(*_blas.numpy_dot_routines())
    _measured = True
