"""Computes the 256-box ziggurat tables of NumPy's Generator (standard normal and standard
exponential) and writes them as Rust: crates/hasten-runtime/src/random/ziggurat.rs.

Marsaglia and Tsang's construction: the right edge r of the base strip is solved for (in 60-digit
decimal arithmetic) so that 256 boxes of equal area v close exactly at the top; the x_i follow
from x_{i-1} = f^-1(v / x_i + f(x_i)). NumPy's draws read, per box i, the acceptance bound
k_i = floor(x_{i-1} / x_i * 2^bits), the scale w_i = x_i / 2^bits and f(x_i); box 0 is the base
strip, whose width is v / f(r). The normal draws 52-bit magnitudes, the exponential 53-bit ones.

NumPy's tables were made in lower precision: its w_i are a few ulps from the exact values (w_0 by
4 ulps), and every draw returns magnitude * w_i, so exact tables cannot give NumPy's bits. The
script therefore measures NumPy's w_i and k_i through a scripted bit generator (`Scripted`: a
`bitgen_t` whose words the script chooses, handed to `np.random.Generator`): the word with
magnitude 1 in box i returns w_i itself, and k_i is the least magnitude that leaves the first-try
path (found by bisection). Each measured value is checked against the exact one (w_i within
1e-13 relative, k_i within 1e-12 of 2^bits). f(x_i) is only compared against, never returned: the
exact values are kept (a last-bit difference decides a draw with probability about 2^-52).

    python scripts/gen_ziggurat.py   (the standard library, NumPy)
"""

import ctypes
import threading
from decimal import Decimal, getcontext
from pathlib import Path

import numpy as np

getcontext().prec = 60
BOXES = 256
ONE = Decimal(1)


def normal_tail(r):
    """The integral of exp(-x^2/2) from r to infinity: Laplace's continued fraction of Mills' ratio."""
    frac = Decimal(0)
    for k in range(4000, 0, -1):
        frac = k / (r + frac)
    return (-(r * r) / 2).exp() / (r + frac)


NORMAL = dict(
    f=lambda x: (-(x * x) / 2).exp(),
    finv=lambda y: (-2 * y.ln()).sqrt(),
    tail=normal_tail,
    bracket=(Decimal("3.0"), Decimal("4.0")),
    bits=52,
)
EXPONENTIAL = dict(
    f=lambda x: (-x).exp(),
    finv=lambda y: -y.ln(),
    tail=lambda r: (-r).exp(),
    bracket=(Decimal("7.0"), Decimal("8.0")),
    bits=53,
)


def edges(d, r):
    """The box edges x_0 (= 0) .. x_255 (= r) for base edge r, and the residual of the closure
    at the top (positive: r too small, the boxes overshoot f(0) = 1)."""
    f, finv = d["f"], d["finv"]
    v = r * f(r) + d["tail"](r)
    xs = [r]
    for _ in range(BOXES - 2):
        y = v / xs[-1] + f(xs[-1])
        if y >= ONE:
            return None, y - ONE, v
        xs.append(finv(y))
    top = v / xs[-1] + f(xs[-1]) - ONE
    xs.append(Decimal(0))
    return xs[::-1], top, v


def solve(d):
    lo, hi = d["bracket"]
    for _ in range(130):
        mid = (lo + hi) / 2
        _, top, _ = edges(d, mid)
        if top > 0:
            lo = mid
        else:
            hi = mid
    r = (lo + hi) / 2
    xs, _, v = edges(d, r)
    return r, xs, v


U64 = ctypes.CFUNCTYPE(ctypes.c_uint64, ctypes.c_void_p)
U32 = ctypes.CFUNCTYPE(ctypes.c_uint32, ctypes.c_void_p)
DBL = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_void_p)


class BitgenT(ctypes.Structure):
    _fields_ = [("state", ctypes.c_void_p), ("next_uint64", U64), ("next_uint32", U32), ("next_double", DBL), ("next_raw", U64)]


class Scripted:
    """A bit generator for `np.random.Generator`: next_uint64 returns the queued word, then 0
    (box 0, magnitude 0: accepted at once); next_double returns 0.5 and counts its calls."""

    def __init__(self):
        self.words, self.doubles = [], 0
        self._fns = (U64(self._next), U32(lambda _: 0), DBL(self._double), U64(self._next))
        self._bitgen = BitgenT(None, *self._fns)
        new = ctypes.pythonapi.PyCapsule_New
        new.restype, new.argtypes = ctypes.py_object, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p]
        self._name = b"BitGenerator"
        self.capsule = new(ctypes.addressof(self._bitgen), self._name, None)
        self.lock = threading.Lock()

    def _next(self, _):
        return self.words.pop() if self.words else 0

    def _double(self, _):
        self.doubles += 1
        return 0.5


def measured(draw, word, bits):
    """NumPy's w_i and k_i: `word(i, m)` is the raw word of box i and magnitude m."""
    bitgen = Scripted()
    gen = np.random.Generator(bitgen)

    def run(i, m):
        bitgen.words, bitgen.doubles = [word(i, m)], 0
        x = draw(gen)
        return x, bitgen.doubles == 0

    w, k = [], []
    for i in range(BOXES):
        w.append(run(i, 1)[0])
        lo, hi = 0, 1 << bits  # first try accepts m < k_i: find the least m it refuses
        while lo < hi:
            mid = (lo + hi) // 2
            if run(i, mid)[1]:
                lo = mid + 1
            else:
                hi = mid
        k.append(lo)
    return w, k


def tables(d, draw, word):
    r, xs, v = solve(d)
    f, scale = d["f"], Decimal(2) ** d["bits"]
    base = v / f(r)
    exact_k = [int(r / base * scale)] + [int(xs[i - 1] / xs[i] * scale) for i in range(1, BOXES)]
    exact_w = [float(base / scale)] + [float(xs[i] / scale) for i in range(1, BOXES)]
    fx = [1.0] + [float(f(xs[i])) for i in range(1, BOXES)]
    w, k = measured(draw, word, d["bits"])
    for i in range(BOXES):
        assert abs(w[i] - exact_w[i]) <= 1e-13 * exact_w[i], (i, w[i], exact_w[i])
        assert abs(k[i] - exact_k[i]) <= 1e-12 * 2 ** d["bits"], (i, k[i], exact_k[i])
    return r, k, w, fx


def rust_array(name, ty, values, fmt):
    rows = [", ".join(fmt(v) for v in values[i : i + 4]) for i in range(0, len(values), 4)]
    body = "".join(f"    {row},\n" for row in rows)
    return f"pub(super) static {name}: [{ty}; {len(values)}] = [\n{body}];\n"


def main():
    out = [
        "//! The ziggurat tables of NumPy's Generator (normal and exponential, 256 boxes).",
        "//! Generated by `scripts/gen_ziggurat.py`; do not edit.",
        "",
    ]
    normal = (NORMAL, lambda g: g.standard_normal(), lambda i, m: i | m << 9)
    exponential = (EXPONENTIAL, lambda g: g.standard_exponential(), lambda i, m: (i | m << 8) << 3)
    for prefix, (d, draw, word) in (("NOR", normal), ("EXP", exponential)):
        r, k, w, fx = tables(d, draw, word)
        out.append(f"pub(super) const {prefix}_R: f64 = {float(r)!r};")
        if prefix == "NOR":
            out.append(f"pub(super) const NOR_INV_R: f64 = {float(ONE / r)!r};")
        out.append(rust_array(f"{prefix}_K", "u64", k, lambda v: f"0x{v:016X}"))
        out.append(rust_array(f"{prefix}_W", "f64", w, lambda v: f"{v!r}"))
        out.append(rust_array(f"{prefix}_F", "f64", fx, lambda v: f"{v!r}"))
    target = Path(__file__).resolve().parent.parent / "crates/hasten-runtime/src/random/ziggurat.rs"
    target.write_text("\n".join(out))
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
