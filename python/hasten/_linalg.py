"""LAPACK and BLAS for np.linalg in compiled code: the function pointers SciPy exports from
scipy.linalg.cython_lapack and cython_blas (the way numba reaches them), read out of their
`__pyx_capi__` capsules. The runtime asks for them once, at the first linalg call."""

import ctypes

_MISSING = (
    "np.linalg in compiled code calls LAPACK through SciPy, which is not installed: "
    "install it with `pip install scipy`"
)

_get_name = ctypes.pythonapi.PyCapsule_GetName
_get_name.restype = ctypes.c_char_p
_get_name.argtypes = [ctypes.py_object]
_get_pointer = ctypes.pythonapi.PyCapsule_GetPointer
_get_pointer.restype = ctypes.c_void_p
_get_pointer.argtypes = [ctypes.py_object, ctypes.c_char_p]


def lapack_addresses(names):
    """The addresses of the routines `names`, from SciPy's LAPACK or else its BLAS."""
    try:
        from scipy.linalg import cython_blas, cython_lapack
    except ImportError as e:
        raise ImportError(_MISSING) from e
    addresses = []
    for name in names:
        capi = cython_lapack.__pyx_capi__ if name in cython_lapack.__pyx_capi__ else cython_blas.__pyx_capi__
        capsule = capi[name]
        addresses.append(_get_pointer(capsule, _get_name(capsule)))
    return addresses
