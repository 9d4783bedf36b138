# Python's `random` module in the Python compiled code runs (see library.rs): CPython's own
# definitions (Lib/random.py) over hasten's per-thread Mersenne Twister (np._pyrand_*: CPython's
# seeding, its 53-bit doubles, its Gaussian cache), so that after random.seed(n) in compiled code
# the values are CPython's after the same seed. The state is compiled code's own, not CPython's
# module state (as numba's). Ints are 64-bit here: getrandbits above 63 bits is refused.


def _seed(a=None, version=2):
    if not (a is None or isinstance(a, (int, np.integer))):
        np._unsupported("random.seed() of anything but an int or None is not supported yet")
    np._pyrand_seed(a)


def _random():
    return np._pyrand_random()


def _getrandbits(k):
    if k < 0:
        raise ValueError("number of bits must be non-negative")
    if k == 0:
        return 0
    if k > 63:
        raise OverflowError("getrandbits() of more than 63 bits does not fit in a 64-bit int")
    if k <= 32:
        return np._pyrand_bits() >> (32 - k)
    low = np._pyrand_bits()
    return low | ((np._pyrand_bits() >> (64 - k)) << 32)


def _randbelow(n):
    k = n.bit_length()
    r = np._getrandbits(k)
    while r >= n:
        r = np._getrandbits(k)
    return r


def _randrange(start, stop=None, step=1):
    if not isinstance(start, (int, np.integer)):
        np._unsupported("random.randrange() of floats is not supported (deprecated in Python)")
    if stop is None:
        if start > 0:
            return np._randbelow(start)
        raise ValueError("empty range for randrange()")
    width = stop - start
    if step == 1:
        if width > 0:
            return start + np._randbelow(width)
        raise ValueError("empty range for randrange() (" + str(start) + ", " + str(stop) + ", " + str(width) + ")")
    if step > 0:
        n = (width + step - 1) // step
    elif step < 0:
        n = (width + step + 1) // step
    else:
        raise ValueError("zero step for randrange()")
    if n <= 0:
        raise ValueError("empty range for randrange()")
    return start + step * np._randbelow(n)


def _randint(a, b):
    return np._randrange(a, b + 1)


def _uniform(a, b):
    return a + (b - a) * np._pyrand_random()


def _choice(seq):
    if not len(seq):
        raise IndexError("Cannot choose from an empty sequence")
    return seq[np._randbelow(len(seq))]


def _shuffle(x):
    for i in range(len(x) - 1, 0, -1):
        j = np._randbelow(i + 1)
        x[i], x[j] = x[j], x[i]


def _gauss(mu=0.0, sigma=1.0):
    return np._pyrand_gauss(mu, sigma)


def _normalvariate(mu=0.0, sigma=1.0):
    while True:
        u1 = np._pyrand_random()
        u2 = 1.0 - np._pyrand_random()
        z = 1.7155277699214135 * (u1 - 0.5) / u2
        zz = z * z / 4.0
        if zz <= -math.log(u2):
            break
    return mu + z * sigma


def _expovariate(lambd):
    return -math.log(1.0 - np._pyrand_random()) / lambd
