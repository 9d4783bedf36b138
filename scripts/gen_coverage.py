"""Writes docs/numpy_coverage.md: hasten's status for every entry of numba's "Supported NumPy
features" page (the list in scripts/numba_numpy_entries.txt).

The status is measured, not declared: each entry has a probe, a tiny function using it on small
arguments, which is run by NumPy and then compiled and run by hasten. "yes" means it compiled, ran
and returned what NumPy returned (values, dtypes, shapes; random draws only by type); "missing"
means hasten raised UnsupportedError (its message is shown); anything else is shown as the error it
raised. Entries the installed NumPy no longer has are listed as such.

    python scripts/gen_coverage.py          # rewrite the page
    python scripts/gen_coverage.py --check  # exit 1 if the page is not current
"""

import importlib.util
import re
import sys
import tempfile
import textwrap
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
ENTRIES = ROOT / "scripts" / "numba_numpy_entries.txt"
PAGE = ROOT / "docs" / "numpy_coverage.md"

# The probes' arguments; each probe receives those its source names, fresh for every run.
ARGS = {
    "a": lambda: np.array([0.5, 1.5, 2.5, 3.5]),
    "b": lambda: np.array([2.0, 0.25, 1.0, 3.0]),
    "i": lambda: np.array([3, 1, 2, 2]),
    "m": lambda: np.array([[2.0, 1.0], [1.0, 3.0]]),
    "v": lambda: np.array([1.0, 2.0]),
    "t": lambda: np.array(["2020-01-01", "NaT"], dtype="datetime64[D]"),
    "rng": lambda: np.random.default_rng(0),
}

# Probes that are not `np.NAME(a)` / `a.NAME()` / `a.NAME`; a probe with a newline is a body.
PROBES = {
    "ndarray.flags": "a.flags.c_contiguous",
    "ndarray.flat": "s = 0.0\nfor x in a.flat:\n    s += x\nreturn s",
    "ndarray.clip": "a.clip(1.0, 3.0)",
    "ndarray.take": "a.take(i)",
    "ndarray.argsort": "a.argsort(kind='mergesort')",
    "ndarray.astype": "a.astype(np.float32)",
    "ndarray.dot": "a.dot(b)",
    "ndarray.item": "a[1:2].item()",
    "ndarray.repeat": "a.repeat(2)",
    "ndarray.reshape": "a.reshape((2, 2))",
    "ndarray.sort": "c = a.copy()\nc.sort()\nreturn c",
    "ndarray.view": "a.view(np.int64)",
    "ndarray.__contains__": "1.5 in a",
    "numpy.diff": "np.diff(a, 1)",
    "numpy.nanpercentile": "np.nanpercentile(a, 50.0)",
    "numpy.nanquantile": "np.nanquantile(a, 0.5)",
    "numpy.percentile": "np.percentile(a, 50.0)",
    "numpy.quantile": "np.quantile(a, 0.5)",
    "numpy.argpartition": "np.argpartition(a, 1)",
    "numpy.dot": "np.dot(a, b)",
    "numpy.kron": "np.kron(v, v)",
    # A real spectrum: a complex one raises ValueError (NumPy's dtype would follow the values).
    "numpy.roots": "np.roots(np.array([1.0, -6.0, 11.0, -6.0]))",
    "numpy.outer": "np.outer(a, b)",
    "numpy.trace": "np.trace(m)",
    "numpy.vdot": "np.vdot(a, b)",
    "numpy.linalg.lstsq": "np.linalg.lstsq(m, v)",
    "numpy.linalg.matrix_power": "np.linalg.matrix_power(m, 2)",
    "numpy.linalg.solve": "np.linalg.solve(m, v)",
    "numpy.polynomial.polynomial.Polynomial": "np.polynomial.polynomial.Polynomial(a)",
    "numpy.polynomial.polynomial.polyadd": "np.polynomial.polynomial.polyadd(a, b)",
    "numpy.polynomial.polynomial.polydiv": "np.polynomial.polynomial.polydiv(a, b)",
    "numpy.polynomial.polynomial.polymul": "np.polynomial.polynomial.polymul(a, b)",
    "numpy.polynomial.polynomial.polysub": "np.polynomial.polynomial.polysub(a, b)",
    "numpy.polynomial.polynomial.polyval": "np.polynomial.polynomial.polyval(1.5, a)",
    "numpy.polynomial.polyutils.as_series": "np.polynomial.polyutils.as_series((a, b))",
    "numpy.allclose": "np.allclose(a, b)",
    "numpy.append": "np.append(a, b)",
    "numpy.arange": "np.arange(5)",
    "numpy.array": "np.array([1.0, 2.0])",
    "numpy.array_equal": "np.array_equal(a, b)",
    "numpy.array_split": "np.array_split(a, 3)",
    "numpy.bartlett": "np.bartlett(5)",
    "numpy.bincount": "np.bincount(i)",
    "numpy.blackman": "np.blackman(5)",
    "numpy.broadcast_to": "np.broadcast_to(a, (2, 4))",
    "numpy.broadcast_arrays": "np.broadcast_arrays(a, v[:1])",
    "numpy.broadcast_shapes": "np.broadcast_shapes((2, 1), (1, 3))",
    "numpy.column_stack": "np.column_stack((a, b))",
    "numpy.concatenate": "np.concatenate((a, b))",
    "numpy.convolve": "np.convolve(a, b)",
    "numpy.corrcoef": "np.corrcoef(a, b)",
    "numpy.correlate": "np.correlate(a, b)",
    "numpy.cov": "np.cov(a, b)",
    "numpy.cross": "np.cross(a[:3], b[:3])",
    "numpy.delete": "np.delete(a, 1)",
    "numpy.digitize": "np.digitize(a, v)",
    "numpy.dsplit": "np.dsplit(np.ones((2, 2, 4)), 2)",
    "numpy.dstack": "np.dstack((a, b))",
    "numpy.dtype": "np.dtype(np.float64)",
    "numpy.empty": "np.empty(3).shape",
    "numpy.empty_like": "np.empty_like(a).shape",
    "numpy.expand_dims": "np.expand_dims(a, 0)",
    "numpy.extract": "np.extract(a > 1.0, a)",
    "numpy.eye": "np.eye(3)",
    "numpy.fill_diagonal": "np.fill_diagonal(m, 0.0)\nreturn m",
    "numpy.fliplr": "np.fliplr(m)",
    "numpy.flipud": "np.flipud(m)",
    "numpy.full": "np.full(3, 1.5)",
    "numpy.full_like": "np.full_like(a, 2.0)",
    "numpy.geomspace": "np.geomspace(1.0, 8.0, 4)",
    "numpy.hamming": "np.hamming(5)",
    "numpy.hanning": "np.hanning(5)",
    "numpy.hsplit": "np.hsplit(a, 2)",
    "numpy.hstack": "np.hstack((a, b))",
    "numpy.identity": "np.identity(3)",
    "numpy.indices": "np.indices((2, 3))",
    "numpy.insert": "np.insert(a, 1, 5.0)",
    "numpy.isclose": "np.isclose(a, b)",
    "numpy.kaiser": "np.kaiser(5, 2.0)",
    "numpy.isin": "np.isin(a, b)",
    "numpy.isscalar": "np.isscalar(1.5)",
    "numpy.interp": "np.interp(1.2, a, b)",
    "numpy.intersect1d": "np.intersect1d(a, b)",
    "numpy.linspace": "np.linspace(0.0, 1.0, 5)",
    "numpy.logspace": "np.logspace(0.0, 1.0, 5)",
    "numpy.moveaxis": "np.moveaxis(m, 0, 1)",
    "numpy.ndenumerate": "s = 0.0\nfor idx, x in np.ndenumerate(a):\n    s += x * idx[0]\nreturn s",
    "numpy.ndindex": "s = 0\nfor idx in np.ndindex(2, 3):\n    s += idx[0] * idx[1]\nreturn s",
    "numpy.nditer": "s = 0.0\nfor x in np.nditer(a):\n    s += x.item()\nreturn s",
    "numpy.ones": "np.ones(3)",
    "numpy.partition": "np.partition(a, 1)",
    "numpy.repeat": "np.repeat(a, 2)",
    "numpy.reshape": "np.reshape(a, (2, 2))",
    "numpy.resize": "np.resize(a, 6)",
    "numpy.roll": "np.roll(a, 1)",
    "numpy.rot90": "np.rot90(m)",
    "numpy.row_stack": "np.row_stack((a, b))",
    "numpy.searchsorted": "np.searchsorted(a, 1.0)",
    "numpy.select": "np.select([a > 1.0], [a])",
    "numpy.setxor1d": "np.setxor1d(a, b)",
    "numpy.setdiff1d": "np.setdiff1d(a, b)",
    "numpy.split": "np.split(a, 2)",
    "numpy.stack": "np.stack((a, b))",
    "numpy.swapaxes": "np.swapaxes(m, 0, 1)",
    "numpy.take": "np.take(a, i)",
    "numpy.take_along_axis": "np.take_along_axis(a, i, axis=0)",
    "numpy.transpose": "np.transpose(m)",
    "numpy.tri": "np.tri(3)",
    "numpy.tril": "np.tril(m)",
    "numpy.tril_indices": "np.tril_indices(3)",
    "numpy.tril_indices_from": "np.tril_indices_from(m)",
    "numpy.triu": "np.triu(m)",
    "numpy.triu_indices": "np.triu_indices(3)",
    "numpy.triu_indices_from": "np.triu_indices_from(m)",
    "numpy.union1d": "np.union1d(a, b)",
    "numpy.vsplit": "np.vsplit(m, 2)",
    "numpy.vstack": "np.vstack((a, b))",
    "numpy.where": "np.where(a > 1.0, a, b)",
    "numpy.zeros": "np.zeros(3)",
    "numpy.bool_": "np.bool_(1)",
    "numpy.iinfo": "np.iinfo(np.int32).max",
    "numpy.finfo": "np.finfo(np.float64).eps",
    "numpy.lib.stride_tricks.as_strided": "np.lib.stride_tricks.as_strided(a, (2,), (8,))",
    "numpy.lib.stride_tricks.sliding_window_view": "np.lib.stride_tricks.sliding_window_view(a, 2)",
    "numpy.ldexp": "np.ldexp(a, i)",
    "numpy.isnat": "np.isnat(t)",
    "numpy.random.seed": "np.random.seed(0)\nreturn 0",
    "numpy.random.shuffle": "c = a.copy()\nnp.random.shuffle(c)\nreturn c",
    "Generator.shuffle": "c = a.copy()\nrng.shuffle(c)\nreturn c",
}

# The parameters of the distributions, for `np.random.NAME(...)` and `rng.NAME(...)`.
DRAW_ARGS = {
    "randint": "0, 5", "integers": "0, 5", "choice": "a", "permutation": "a", "beta": "1.0, 2.0",
    "binomial": "5, 0.5", "chisquare": "2.0", "dirichlet": "a", "exponential": "1.0", "f": "2.0, 3.0",
    "gamma": "2.0", "geometric": "0.5", "gumbel": "0.0, 1.0", "hypergeometric": "5, 5, 3",
    "laplace": "0.0, 1.0", "logistic": "0.0, 1.0", "lognormal": "0.0, 1.0", "logseries": "0.5",
    "multinomial": "5, v / 3.0", "negative_binomial": "5, 0.5", "noncentral_chisquare": "2.0, 1.0",
    "noncentral_f": "2.0, 3.0, 1.0", "normal": "0.0, 1.0", "pareto": "2.0", "poisson": "2.0",
    "power": "2.0", "rayleigh": "1.0", "standard_gamma": "2.0", "standard_t": "3.0",
    "triangular": "0.0, 0.5, 1.0", "uniform": "0.0, 1.0", "vonmises": "0.0, 1.0", "wald": "1.0, 1.0",
    "weibull": "2.0", "zipf": "2.0",
}

# What the UnsupportedError of a missing entry names when it cannot name the entry itself: the
# argument hasten refuses before the call is reached.
REFUSED_BY = {"numpy.isnat": "datetime64"}

SECTIONS = {
    "attribute": "Array attributes", "method": "Array methods", "linalg": "Linear algebra",
    "function": "Functions", "polynomial": "Polynomials", "class": "Classes and scalar types",
    "random": "np.random (legacy functions)", "generator": "np.random.Generator methods",
    "stride_tricks": "np.lib.stride_tricks", "ufunc": "Ufuncs",
    "ufunc (numba: object mode only)": "Ufuncs numba supports in object mode only",
}


def entries():
    """(kind, name) of every entry of numba's page, in its order."""
    rows = []
    for line in ENTRIES.read_text().splitlines():
        if line and not line.startswith("#"):
            kind, name = line.split("\t")
            rows.append((kind, name))
    return rows


def numpy_object(name):
    """What the entry names in the installed NumPy, or None if NumPy no longer has it."""
    obj = np.ndarray if name.startswith("ndarray.") else np.random.Generator if name.startswith("Generator.") else np
    for part in name.split(".")[1:]:
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def probe_body(kind, name):
    """The probe's body: statements ending in a `return`."""
    short = name.rsplit(".", 1)[1]
    if name in PROBES:
        src = PROBES[name]
    elif kind == "attribute":
        src = f"a.{short}"
    elif kind == "method":
        src = f"a.{short}()"
    elif kind == "random":
        src = f"np.random.{short}({DRAW_ARGS.get(short, '')})"
    elif kind == "generator":
        src = f"rng.{short}({DRAW_ARGS.get(short, '')})"
    elif kind == "linalg":
        src = f"{name.replace('numpy.', 'np.', 1)}(m)"
    elif kind == "class":
        src = f"np.{short}(1.5)"
    elif kind.startswith("ufunc"):
        uf = getattr(np, short)
        floats = any(t.startswith("d" * uf.nin) for t in uf.types)
        ops = ["a", "b"] if floats else ["i", "i"]
        src = f"np.{short}({', '.join(ops[: uf.nin])})"
    else:
        src = f"{name.replace('numpy.', 'np.', 1)}(a)"
    return src if "\n" in src else f"return {src}"


def probe_source(idx, kind, name):
    body = probe_body(kind, name)
    params = [p for p in ARGS if re.search(rf"\b{p}\b", body)]
    return f"def probe_{idx}({', '.join(params)}):\n{textwrap.indent(body, '    ')}\n", params


def same(got, want, random):
    """hasten's result equals NumPy's: values (NaN equal), dtypes, shapes, types; random draws
    by type and shape only."""
    if isinstance(want, (tuple, list)):
        return isinstance(got, (tuple, list)) and len(got) == len(want) and all(same(g, w, random) for g, w in zip(got, want))
    g, w = np.asarray(got), np.asarray(want)
    if g.dtype != w.dtype or g.shape != w.shape:
        return False
    if random:
        return True
    if w.dtype.kind == "f":
        # NumPy's SIMD transcendental loops (AVX-512) differ from the C library hasten calls in
        # the last bits; those functions are tested bit for bit against the C library elsewhere.
        try:
            np.testing.assert_array_max_ulp(g, w, maxulp=4)
        except AssertionError:
            return False
        return bool(np.array_equal(np.isnan(g), np.isnan(w)))
    return bool(np.array_equal(g, w))


def status(kind, name, fn, params):
    """(status, note) of one entry: run by NumPy, then compiled and run by hasten."""
    import hasten

    random = kind in ("random", "generator")
    try:
        with np.errstate(all="ignore"):
            want = fn(*(ARGS[p]() for p in params))
    except Exception as e:  # a probe NumPy itself refuses says nothing about hasten
        return "probe error", f"NumPy raised {type(e).__name__}: {e}"
    try:
        got = hasten.njit(fn)(*(ARGS[p]() for p in params))
    except hasten.UnsupportedError as e:
        return "missing", first_line(e)
    except Exception as e:
        return "error", f"{type(e).__name__}: {first_line(e)}"
    if not same(got, want, random):
        return "differs", f"hasten returned {got!r}, NumPy {want!r}"
    return "yes", ""


def first_line(e):
    lines = [l.strip() for l in str(e).splitlines() if l.strip()]
    # Diagnostics start with the location; the message is the line naming the error.
    for l in lines:
        if "error" in l.lower() or "not supported" in l:
            return l.replace("|", "\\|")
    return (lines[0] if lines else "").replace("|", "\\|")


def measure():
    """[(kind, name, status, note)] for every entry."""
    rows = entries()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "coverage_probes.py"
        sources, params = [], []
        for idx, (kind, name) in enumerate(rows):
            src, ps = probe_source(idx, kind, name)
            sources.append(src)
            params.append(ps)
        path.write_text("import numpy as np\n\n\n" + "\n\n".join(sources))
        spec = importlib.util.spec_from_file_location("coverage_probes", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        out = []
        for idx, (kind, name) in enumerate(rows):
            if numpy_object(name) is None:
                out.append((kind, name, "not in NumPy " + np.__version__.rsplit(".", 1)[0], ""))
                continue
            st, note = status(kind, name, getattr(module, f"probe_{idx}"), params[idx])
            out.append((kind, name, st, note))
        return out


def render(results):
    counts = {}
    for _, _, st, _ in results:
        counts[st] = counts.get(st, 0) + 1
    lines = [
        "# NumPy coverage",
        "",
        "hasten's status for every entry of numba's \"Supported NumPy features\" page. Generated by",
        "`scripts/gen_coverage.py` (do not edit): each entry's probe (a tiny function using it, see the",
        "script) is run by NumPy, then compiled and run by hasten. **yes**: it compiled, ran and",
        "returned NumPy's result (values, floats within 4 ulps, dtype, shape; random draws by type and",
        "shape); **missing**: hasten raises `UnsupportedError` naming it (the message is shown); **not in",
        "NumPy**: the installed NumPy no longer has it.",
        "",
        "Totals: " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) + f" (of {len(results)}).",
    ]
    kind_order = list(SECTIONS)
    for kind in kind_order:
        rows = [r for r in results if r[0] == kind]
        if not rows:
            continue
        lines += ["", f"## {SECTIONS[kind]}", "", "| entry | hasten | note |", "|---|---|---|"]
        for _, name, st, note in rows:
            lines.append(f"| `{name}` | {st} | {note} |")
    return "\n".join(lines) + "\n"


def main(argv):
    text = render(measure())
    if "--check" in argv:
        if not PAGE.exists() or PAGE.read_text() != text:
            print(f"{PAGE} is not current: run python scripts/gen_coverage.py", file=sys.stderr)
            return 1
        return 0
    PAGE.parent.mkdir(exist_ok=True)
    PAGE.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
