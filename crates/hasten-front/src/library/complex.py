# NumPy's functions of complex numbers written with other NumPy functions, in the Python compiled
# code runs (see library.rs: constant arguments are constants here, parameters are never assigned).


def angle(z, deg=False):
    # NumPy's arctan2 of the parts; a real number's imaginary part is zero.
    a = np.arctan2(np.imag(z), np.real(z))
    if deg:
        return a * (180 / np.pi)
    return a


def sort_complex(a):
    # A sorted copy (along the last axis), made complex where it is not: complex64 for the small
    # integers NumPy's 'bhBH' codes name, complex128 for the rest.
    b = np.sort(a)
    if b.dtype == np.complex128 or b.dtype == np.complex64:
        return b
    if b.dtype == np.int8 or b.dtype == np.int16 or b.dtype == np.uint8 or b.dtype == np.uint16:
        return b.astype(np.complex64)
    return b.astype(np.complex128)
