# NumPy's functions of complex numbers written with other NumPy functions, in the Python compiled
# code runs (see library.rs: constant arguments are constants here, parameters are never assigned).


def angle(z, deg=False):
    # NumPy's arctan2 of the parts; a real number's imaginary part is zero.
    a = np.arctan2(np.imag(z), np.real(z))
    if deg:
        return a * (180 / np.pi)
    return a
