"""NumPy's own `cblas_?dot`/`?gemv`/`?gemm`/`?syrk`, for compiled `np.dot`/`@` of vectors and matrices
to give NumPy's bits.

NumPy's wheels bundle OpenBLAS with prefixed, 64-bit-integer symbols (`scipy_cblas_ddot64_`); other
builds link a system BLAS. The routines found are checked against `np.dot` itself before use; where
none is found or the check fails, compiled code adds the products in order (the last bits may then
differ from NumPy's).
"""

import ctypes
import glob
import os

# (prefix, suffix, 64-bit integers) of the symbol names, most specific first.
_NAMES = [("scipy_cblas_", "64_", True), ("cblas_", "64_", True), ("scipy_cblas_", "", False), ("cblas_", "", False)]
_ROUTINES = ("ddot", "sdot", "dgemv", "sgemv", "dgemm", "sgemm", "dsyrk", "ssyrk")


def _candidate_libraries(np):
    """Shared libraries that may hold NumPy's BLAS: those shipped in NumPy's wheel, then the
    loaded libraries whose names mention BLAS."""
    root = os.path.dirname(os.path.dirname(np.__file__))
    paths = []
    for pattern in ("numpy.libs/*blas*", "numpy/.dylibs/*blas*"):
        paths += sorted(glob.glob(os.path.join(root, pattern)))
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1]
                if "blas" in os.path.basename(path) and path not in paths and os.path.exists(path):
                    paths.append(path)
    except OSError:
        pass
    return paths


def _agrees(np, addresses, ilp64):
    """Whether these routines give np.dot's results on vectors long enough for blocked sums, and
    on a matrix times a vector (row-major, as np.dot passes a C-ordered matrix)."""
    ddot, sdot, dgemv, sgemv = addresses[:4]
    rng = np.random.default_rng(12345)
    x, y, a = rng.random(1001) - 0.5, rng.random(1001) - 0.5, rng.random((37, 1001)) - 0.5
    n, p, c_int = (ctypes.c_int64 if ilp64 else ctypes.c_int32), ctypes.c_void_p, ctypes.c_int
    vec = ctypes.c_double, ctypes.c_float
    ok = True
    for k, dtype in enumerate((np.float64, np.float32)):
        xk, yk, ak = x.astype(dtype), y.astype(dtype), a.astype(dtype)
        dot = ctypes.CFUNCTYPE(vec[k], n, p, n, p, n)((ddot, sdot)[k])
        gemv = ctypes.CFUNCTYPE(None, c_int, c_int, n, n, vec[k], p, n, p, n, vec[k], p, n)((dgemv, sgemv)[k])
        out = np.zeros(37, dtype)
        gemv(101, 111, 37, 1001, 1.0, ak.ctypes.data, 1001, xk.ctypes.data, 1, 0.0, out.ctypes.data, 1)
        ok = ok and dtype(dot(1001, xk.ctypes.data, 1, yk.ctypes.data, 1)) == np.dot(xk, yk)
        ok = ok and np.array_equal(out, np.dot(ak, xk))
    return ok


def numpy_dot_routines():
    """The addresses of the routines `_ROUTINES` names in NumPy's BLAS (the order of
    `hasten_runtime::linalg::dot`'s `ADDRESSES`) and whether they take 64-bit integers, or zeros
    and False."""
    import numpy as np

    for path in _candidate_libraries(np):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for prefix, suffix, ilp64 in _NAMES:
            try:
                addresses = [ctypes.cast(getattr(lib, prefix + r + suffix), ctypes.c_void_p).value for r in _ROUTINES]
            except AttributeError:
                continue
            if all(addresses) and _agrees(np, addresses, ilp64):
                return addresses, ilp64
    return [0] * len(_ROUTINES), False
