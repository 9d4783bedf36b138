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


def _triangular(low=0.0, high=1.0, mode=None):
    u = np._pyrand_random()
    if mode is None:
        c = 0.5
    else:
        width = high - low
        if width == 0:
            # CPython's ZeroDivisionError, caught: the low end, an int for int bounds.
            if isinstance(low, (int, np.integer)):
                raise NotImplementedError("random.triangular() with equal int bounds and a mode returns the int low end, which compiled code (returning a float here) does not")
            return float(low)
        c = (mode - low) / width
    lo = low
    hi = high
    if u > c:
        u = 1.0 - u
        c = 1.0 - c
        lo = high
        hi = low
    return lo + (hi - lo) * math.sqrt(u * c)


def _lognormvariate(mu, sigma):
    return math.exp(np._normalvariate(mu, sigma))


def _paretovariate(alpha):
    u = 1.0 - np._pyrand_random()
    return u ** (-1.0 / alpha)


def _weibullvariate(alpha, beta):
    u = 1.0 - np._pyrand_random()
    return alpha * (-math.log(u)) ** (1.0 / beta)


def _vonmisesvariate(mu, kappa):
    # Best and Fisher's rejection method, as CPython draws it.
    if kappa <= 1e-6:
        return 2.0 * math.pi * np._pyrand_random()
    s = 0.5 / kappa
    r = s + math.sqrt(1.0 + s * s)
    while True:
        z = math.cos(math.pi * np._pyrand_random())
        d = z / (r + z)
        u2 = np._pyrand_random()
        if u2 < 1.0 - d * d or u2 <= (1.0 - d) * math.exp(d):
            break
    q = 1.0 / r
    f = (q + z) / (1.0 + q * z)
    if np._pyrand_random() > 0.5:
        return (mu + math.acos(f)) % (2.0 * math.pi)
    return (mu - math.acos(f)) % (2.0 * math.pi)


def _gammavariate(alpha, beta):
    if alpha <= 0.0 or beta <= 0.0:
        raise ValueError("gammavariate: alpha and beta must be > 0.0")
    if alpha > 1.0:
        # Cheng's rejection method (1977) for shapes above 1.
        ainv = math.sqrt(2.0 * alpha - 1.0)
        bbb = alpha - math.log(4.0)
        ccc = alpha + ainv
        while True:
            u1 = np._pyrand_random()
            if not 1e-7 < u1 < 0.9999999:
                continue
            u2 = 1.0 - np._pyrand_random()
            v = math.log(u1 / (1.0 - u1)) / ainv
            x = alpha * math.exp(v)
            z = u1 * u1 * u2
            r = bbb + ccc * v - x
            if r + (1.0 + math.log(4.5)) - 4.5 * z >= 0.0 or r >= math.log(z):
                return x * beta
    if alpha == 1.0:
        return -math.log(1.0 - np._pyrand_random()) * beta
    # Shapes below 1: Kennedy and Gentle's algorithm GS.
    while True:
        b = (math.e + alpha) / math.e
        p = b * np._pyrand_random()
        if p <= 1.0:
            x = p ** (1.0 / alpha)
        else:
            x = -math.log((b - p) / alpha)
        u1 = np._pyrand_random()
        if p > 1.0:
            if u1 <= x ** (alpha - 1.0):
                break
        elif u1 <= math.exp(-x):
            break
    return x * beta


def _betavariate(alpha, beta):
    y = np._gammavariate(alpha, 1.0)
    if y:
        return y / (y + np._gammavariate(beta, 1.0))
    return 0.0
