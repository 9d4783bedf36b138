"""Random well-formed, type-stable programs over the subset hasten claims to compile.

A program is the source of a module with two functions: a helper `g(x, a)` and the entry
`f(a, b, m, v, n, x)` that may call it. Parameters have fixed types: `a`, `b` 1-D float64 arrays of
one length N, `m` a 2-D float64 array of shape (R, N), `v` a 1-D int64 array of length N, `n` an int,
`x` a float. Every local keeps one type (hasten's rule), so a disagreement is a real one.

Lambdas called where they stand capture the function's locals (`(lambda y: ... t1 ...)(...)`); an
inner function may rebind an int local through `nonlocal`; `except` clauses may read `len(e.args)`.

Lists appear inside expressions (literals, comprehensions over ranges, arrays and lists with several
`for`s, set and dict comprehensions, `any` of a nested generator, `+`, `*`, indexing, slices, `in`,
`sum/min/max`, `np.array` of a float list and of nests of lists and tuples, `sorted` of a set; tuples iterated, `tuple()`, `reversed()`), and as locals changed through slices (`l[a:b:c] = ...`,
`del l[a:b:c]`); an empty dict counts in a loop (`d[k] = d.get(k, 0) + value`). `while` loops step
an index their condition guards (`w >= 0 and a[w] > t`). Strings too (in about a third of the programs, decided
by a stream of their own): `str`/`repr`/f-strings of the scalars, `+`, `*`, slices, methods, read
back as ints (`len`, `find`, `count`, `ord`, `int(str(...))`) and bools (`in`, comparisons,
`startswith`, `isdigit`).
`hasten.typed.List`s of arrays and of strings are built, iterated and read back in about a fifth of
the programs (a stream of their own): arrays the call makes and views of its arguments, `str()` of
ints; CPython runs the same `List` class from Python.

Expression types: 'int', 'float', 'bool' (Python scalars), 'npf'/'npi' (np.float64/np.int64 scalars,
which never flow into locals: `s = 0.0; s += a[0]` makes `s` an np.float64 in CPython but hasten
unifies the local to one type), and arrays ('arr', dtype, shape) where shape is a tuple of symbolic
lengths ('N', 'N1' = N-1 clamped, 'R', 'R1'), so that operands broadcast whenever the tags agree.

Exclusions, each a known difference (by design or an open item):
- float ** float only as abs(..) ** small constant; arrays ** only 2 or 3 (NumPy's power with a
  generic float exponent differs from libm's pow in the last bit);
- no round()/int() of NumPy scalars (open: round of NumPy floats; np.int64(nan) saturates);
- no np.exp/log/sin/cos on arrays (NumPy's SIMD routines may differ by an ulp);
- the sign of a NaN is never read (`copysign`, `signbit` see NaN replaced by 0.5): which NaN an
  operation answers is unspecified, and NumPy's own depends on how its SIMD loops were compiled;
- np.nanmin/np.nanmax of whole arrays only (along an axis NumPy does not walk innermost, which NaN
  or zero its fmin returns follows its compiler's scalar loop, see runtime `minmax.rs`);
- min/max never mix int and float arguments (hasten returns a float by design);
- no sum of lists or generators of NumPy scalars that may be empty (hasten's result keeps the
  items' NumPy type; CPython returns the int start);
- int ** only to a constant exponent (a negative one at run time raises ValueError by design);
- `except` clauses never name OverflowError or a base of it (hasten raises it where CPython's int
  grows, so catching it would make the two run different code afterwards).
"""

import random

from .aranges import Aranges
from .named import HEADER as NAMED_HEADER, Named
from .optionals import Optionals
from .products import Products
from .indexing import Indexing
from .layouts import Layouts
from .queues import Queues
from .searches import Searches
from .yields import Yields

LENS = ("N", "N1", "R", "R1")
INT_CONSTS = ["0", "1", "2", "3", "-1", "7", "-5", "4611686018427387904", "(-4611686018427387904)"]
FLOAT_CONSTS = ["0.0", "1.0", "-1.0", "0.5", "2.5", "-3.25", "1e308", "5e-324", "(-0.0)", "math.inf", "math.nan"]


class Scope:
    """Typed locals visible at a point; loop variables are read-only."""

    def __init__(self):
        self.vars = {}      # name -> type
        self.readonly = set()

    def of(self, ty):
        return [k for k, t in self.vars.items() if t == ty]

    def writable(self, ty):
        return [k for k in self.of(ty) if k not in self.readonly]


class Gen:
    def __init__(self, seed):
        self.calls = False
        self.r = random.Random(seed)
        # Seeded np.random draws, decided by their own stream so that programs without them are
        # generated exactly as before.
        self.rd = random.Random(f"{seed}:draws")
        self.draws = self.rd.random() < 0.3
        # Lambdas capturing the function's locals, decided by their own stream likewise.
        self.rc = random.Random(f"{seed}:closures")
        # String expressions, likewise from their own stream.
        self.rs = random.Random(f"{seed}:strings")
        self.strings = self.rs.random() < 0.3
        # `except ... as e` reading `len(e.args)`, and an inner function rebinding a local by `nonlocal`,
        # each decided by a stream of its own likewise.
        self.re = random.Random(f"{seed}:caught")
        self.rn = random.Random(f"{seed}:nonlocal")
        # iter()/next() and float dict keys and set items (issue 15), from a stream of their own.
        self.ri = random.Random(f"{seed}:iter")
        self.iters = self.ri.random() < 0.3
        # hasten.typed.List of arrays and strings, from a stream of their own.
        self.rt = random.Random(f"{seed}:typed")
        self.typed = self.rt.random() < 0.2
        # Lists and dicts a loop grows while it reads their length (what a loop changes without
        # assigning it: loop invariants), from a stream of their own.
        self.rg = random.Random(f"{seed}:grown")
        self.grown = self.rg.random() < 0.2
        # Arrays made like a view of `m` (`np.zeros_like(m.T)`: the view's memory order) and
        # written element by element, also through `np.ndindex` tuples, from a stream of their own.
        self.rl = random.Random(f"{seed}:likes")
        self.likes = self.rl.random() < 0.2
        # One index array among slices and integers (`m[:, idx]`, `m[mask, 0]`) and `...` in
        # indices, from a stream of their own.
        self.rx = random.Random(f"{seed}:mixed")
        self.mixed = self.rx.random() < 0.2
        # Work queues: heapq on lists of tuples, `while q:`, the truth of containers and tuple
        # comparisons, from a stream of their own.
        self.rq = random.Random(f"{seed}:queues")
        self.queues = self.rq.random() < 0.2
        # min()/max() with key= and default=, of arrays and strings, sorted() of them, and dtype=
        # on sums, means and running totals, from a stream of their own.
        self.rm = random.Random(f"{seed}:extremes")
        self.extremes = self.rm.random() < 0.25
        # Tuple concatenation and repetition, float membership and search, %-formatting of NumPy
        # scalars, np.take_along_axis, from a stream of their own.
        self.rv = random.Random(f"{seed}:values")
        self.values = self.rv.random() < 0.2
        # Range objects (len, items, slices, `in`, index/count), filter() and map(), from a
        # stream of their own.
        self.rr = random.Random(f"{seed}:ranges")
        self.ranges = self.rr.random() < 0.2
        # A generator function `gen` over f's parameters that f iterates (inlined into its loops,
        # `hasten_typeck`'s yields.rs), from a stream of its own; `in_gen` while its body is made.
        self.ry = random.Random(f"{seed}:yields")
        self.yields = self.ry.random() < 0.2
        self.in_gen = False
        # Locals that hold None until a loop gives them a number (optionals.py); vector products
        # and writes through reshape views (products.py).
        self.ro, self.rp = random.Random(f"{seed}:optionals"), random.Random(f"{seed}:products")
        self.optionals, self.products = self.ro.random() < 0.2, self.rp.random() < 0.2
        # Session 23's breadth: reductions along an axis known only at run time, `*t` in calls and
        # tuple displays, `*args` lambdas, lists changed in place (operator.iadd), index bounds,
        # searches of unsorted arrays, math.asinh & co, from a stream of their own.
        self.rw = random.Random(f"{seed}:wide")
        self.wide = self.rw.random() < 0.2
        # Named tuples and NumPy scalar globals (named.py), from a stream of their own.
        self.rnt = random.Random(f"{seed}:named")
        self.named = self.rnt.random() < 0.2
        # np.arange of drawn bounds, steps and dtypes (aranges.py); list searches across kinds
        # (searches.py).
        self.ra, self.rse = random.Random(f"{seed}:aranges"), random.Random(f"{seed}:searches")
        self.aranges, self.searches = self.ra.random() < 0.2, self.rse.random() < 0.2
        # Reductions of expressions of differently laid-out operands (layouts.py).
        self.rlo = random.Random(f"{seed}:layouts")
        self.layouts = self.rlo.random() < 0.2
        self.counter = 0
        self.depth_budget = 0

    def fresh(self, prefix):
        self.counter += 1
        return f"{prefix}{self.counter}"

    def chance(self, p):
        return self.r.random() < p

    def pick(self, xs):
        return self.r.choice(xs)

    # ---------------------------------------------------------------- scalar expressions
    def expr(self, ty, sc, d=3):
        """An expression of type `ty` in scope `sc`, at most `d` levels deep."""
        if ty[0] == "arr":
            return self.arr_expr(ty, sc, d)
        names = sc.of(ty)
        if d <= 0 or self.chance(0.3):
            if names and self.chance(0.7):
                return self.pick(names)
            return self.leaf(ty, sc)
        return getattr(self, f"e_{ty}")(sc, d - 1)

    def leaf(self, ty, sc):
        if ty == "int":
            return self.pick(INT_CONSTS + ["n", "len(a)", "m.shape[0]"])
        if ty == "float":
            return self.pick(FLOAT_CONSTS + ["x", "math.pi"])
        if ty == "bool":
            return self.pick(["True", "False", "n > 0", "x < 1.0"])
        if ty == "npf":
            return self.pick(["a[0]", "a[-1]", "m[0, -1]", "np.float64(x)"])
        if ty == "npi":
            return self.pick(["v[0]", "v[-1]", "np.int64(n % 1000)"])
        raise ValueError(ty)

    def closure(self, ty, sc, d):
        """`(lambda y: body)(arg)`: an inner function reading the enclosing locals (and
        parameters) when it is called, or None (decided by the closures stream)."""
        if d <= 0 or self.rc.random() >= 0.04:
            return None
        inner = Scope()
        inner.vars = dict(sc.vars)
        y = self.fresh("y")
        inner.vars[y] = ty
        return f"(lambda {y}: {self.expr(ty, inner, d - 1)})({self.expr(ty, sc, d - 1)})"

    def e_int(self, sc, d):
        e = lambda: self.expr("int", sc, d)  # noqa: E731
        if (c := self.closure("int", sc, d)) is not None:
            return c
        if self.draws and self.rd.random() < 0.1:
            return self.pick([f"np.random.randint(1 + {e()} % 50)", f"np.random.randint({e()} % 7, 9)", f"np.random.poisson(3.5)",
                              f"np.random.binomial(1 + {e()} % 20, 0.3)", f"int(np.random.choice(1 + {e()} % 9, len(a)).sum())",
                              f"int(np.random.permutation(len(a) + 1)[0])", f"int(np.random.default_rng(n % 13).integers(0, 50 + {e()} % 9))"])
        if self.iters and self.ri.random() < 0.1:
            return self.ri.choice(self.int_iterators(sc))
        if self.extremes and self.rm.random() < 0.1:
            return self.rm.choice(self.int_extremes(sc))
        if self.values and self.rv.random() < 0.1:
            return self.rv.choice(self.int_values(sc))
        if self.ranges and self.rr.random() < 0.1:
            return self.rr.choice(self.int_ranges(sc))
        if self.wide and self.rw.random() < 0.1:
            return self.rw.choice(self.int_wide(sc))
        k = self.r.randrange(11)
        if k <= 3:
            return f"({e()} {self.pick(['+', '-', '*', '//', '%'])} {e()})"
        if k == 4:
            return f"({e()} ** {self.pick(['0', '1', '2', '3'])})"
        if k == 5:
            return f"{self.pick(['abs', '-'])}({e()})"
        if k == 6:
            return f"{self.pick(['min', 'max'])}({e()}, {e()})"
        if k == 7:
            f = self.expr("float", sc, d)
            return self.pick([f"int({f})", f"round({f})", f"math.floor({f})", f"math.ceil({f})", f"math.trunc({f})"])
        if k == 8:
            return f"({e()} if {self.expr('bool', sc, d)} else {e()})"
        if k == 9 and self.strings and self.rs.random() < 0.4:
            s = lambda: self.e_str(sc, d)  # noqa: E731
            return self.rs.choice([f"len({s()})", f"{s()}.find({s()})", f"{s()}.count({s()})", f"{s()}.rfind({s()}, {e()})",
                                   f"ord(({s()} + 'z')[0])", f"int(str({e()}))", f"len({s()}.split())",
                                   f"hash(({s()}, {e()})) % 997"])
        if k == 9:
            return self.pick(["len(a)", "a.size", "m.shape[1]", "len(v)", f"int({self.expr('npi', sc, d)})",
                              f"sum(j * {e()} for j in range(len(a)))", f"max(j % 3 for j in range(-2, len(v)))",
                              *self.int_lists(e, lambda: self.expr("int", sc, 0)), *self.int_containers(sc, d, e)])
        if self.calls and self.chance(0.3):
            return f"g(a, b, m, v, {e()}, x={self.expr('float', sc, d)})[1]"
        return f"({e()} {self.pick(['&', '|', '^'])} {e()})"

    def int_containers(self, sc, d, e):
        """Int expressions over the containers and iteration of issue 15/17: dicts, zip/enumerate in
        generators, advanced indexing."""
        f = lambda: self.expr("float", sc, d)  # noqa: E731
        dct = f"{{{e()}: {e()}, {e()}: {e()}, {e()}: 3}}"
        # Iterables these convert run in a comprehension's function, which reads the locals it
        # captures where it reads them; a name or a constant (a deeper expression per item is slow).
        p = lambda: self.expr("int", sc, 0)  # noqa: E731
        return [f"len({dct})", f"{dct}.get({e()}, {e()})", f"{{1: {e()}, 2: {e()}}}[{e()} % 2 + 1]",
                f"max({{{p()}: {p()}, {p()}: 3}})", f"len(dict([({p()}, {p()}), ({p()}, 3)]))",
                f"dict.fromkeys([{p()}, {p()}, 1], 2).get({p()}, 0)", f"len({{{p()}, 2}}.union([{p()}, {p()}]))",
                f"sum(j * int(w) for j, w in enumerate(v))", f"sum(1 for u, w in zip(a, b[::-1]) if u < w)",
                f"len([w for w in v if w > {p()}])", f"len(a[a > {f()}])", f"len(m[m[:, 0] > {f()}])",
                f"int(v[np.array([0, -1, 0])][{e()} % 3])", f"int(v[v % 2 == 0].sum())",
                # tuples iterated, tuple(), reversed() (issue 15)
                f"sum(({e()}, {e()}, 3))", f"int({e()} in ({p()}, {p()}, 3))", f"sorted(({p()}, {p()}, 3))[1]",
                f"len(tuple([{p()}, 2.5]))", f"sum(reversed(range({p()} % 9, {p()} % 9, {self.pick(['1', '2', '-3'])})))",
                f"sum(j * int(w) for j, w in enumerate(reversed(v)))", f"[w for w in reversed([{p()}, {p()}, 3])][0]",
                # nests into np.array, sorted sets
                f"int(np.array([[{e()}, 2], [{p()}, True]]).sum())", f"sorted({{{p()}, {p()}, 3}})[{p()} % 2]",
                f"sum(j * int(w) for j, w in zip(range({p()} % 7, -3, -1), v))", f"sorted([({p()} % 3, j) for j in range(4)])[-1][1]",
                # sorted lists of lists, tuple(sorted(t))
                f"sorted([[{p()} % 3, j] for j in range(3)] + [[{p()}]], reverse={self.pick(['True', 'False'])})[0][-1]",
                f"tuple(sorted(({p()}, {e()}, 3)))[{p()} % 3]",
                # `==` of values CPython never finds equal
                f"int({p()} == 'x') + int([{p()}] != ({p()},)) * 2"]

    def int_iterators(self, sc):
        """Int expressions over iterators and float keys (never NaN: hasten refuses NaN keys)."""
        p = lambda: self.expr("int", sc, 0)  # noqa: E731
        k = lambda: self.ri.choice(["0.0", "(-0.0)", "2.5", "math.inf", f"float({p()} % 7)"])  # noqa: E731
        return [f"next(iter([{p()}, {p()}, 3]))", f"next(iter(range({p()} % 5, 4)), -1)", "int(next(iter(v)))",
                f"sum([int(w) for w in iter(v[{p()} % 3:])])", f"next(iter({{{p()}: 1}}.items()))[1]",
                f"len({{{k()}: 1, {k()}: 2, -0.0: 3}})", f"{{{k()}: 1, 2.5: 2, 0.0: 5}}.get({k()}, 0)",
                f"len({{{k()}, {k()}, 0.0}})", f"int({k()} in {{{k()}: 1}})",
                f"int(sum((j * int(w) for j, w in enumerate(v)), {p()}))", f"int(sum(v[::-1], start={p()}))",
                f"(lambda d: max(d, key=d.get) + sorted(d, key=d.get)[0])({{{p()}: 1, 3: {p()}, {p()} % 4: 2}})"]

    def int_extremes(self, sc):
        """Int expressions over min/max with key= and default=, of arrays and strings, and over
        dtype= on sums and running totals (`p`: a name or a constant, read in lambdas)."""
        p = lambda: self.expr("int", sc, 0)  # noqa: E731
        s = lambda: self.e_str(sc, 1) if self.strings else self.rm.choice(["'hello'", "''", "'ba'"])  # noqa: E731
        arr = lambda: self.rm.choice(["v", "v[::-1]", "v[1:]", f"v[v > {p()}]"])  # noqa: E731
        return [f"int(min({arr()}))", f"int(max({arr()}, key=abs))", f"int(max({arr()}, key=lambda w: (w - {p()}) ** 2, default=np.int64({p()})))",
                f"int(sum({arr()}))", f"int(sorted({arr()})[{p()} % 2])", f"ord(max({s()} + 'a'))", f"len(sorted({s()}))",
                f"ord(min({s()}, default='~'))", f"len(max([str(w) for w in v], key=len, default=''))",
                f"min([({p()} % 3, j) for j in range(4)], key=lambda t: t[0])[1]", f"max(range({p()} % 9), key=lambda j: j % 3, default=-1)",
                f"int(np.sum({arr()}, dtype=np.{self.rm.choice(['int8', 'int32', 'uint16', 'float64'])}))",
                f"int(np.cumsum({arr()}, dtype=np.int16).sum())", f"int({arr()}.prod(dtype=np.int32))",
                f"int(np.sum(m.astype(np.int64), axis=0, dtype=np.int32).sum())"]

    def int_values(self, sc):
        """Int expressions over tuple `+`/`*`, float lists searched (never for a NaN: CPython's
        answer there depends on object identity), `%` of NumPy scalars, np.take_along_axis."""
        p = lambda: self.expr("int", sc, 0)  # noqa: E731
        x = lambda: self.rv.choice(["0.5", "(-0.0)", "math.inf", "2.0", f"float({p()} % 3)"])  # noqa: E731
        fl = self.rv.choice(["[float(w) for w in a]", "[float(w) for w in v]", "[1.5, 2.0, -0.0]"])
        return [f"len(({p()}, 2.5) + ({p()},) * {self.rv.choice(['0', '1', '3'])})", f"(({p()}, 1) + (2, {p()}))[{self.rv.choice(['0', '3', '-1'])}]",
                f"int({x()} in {fl})", f"{fl}.count({x()})", f"(({fl} + [{x()}]).index({x()}) if {x()} in {fl} else -1)",
                f"len('%d|%.2f|%s' % (v.sum(), a.sum(), v.sum()))",
                f"int(np.take_along_axis(v.reshape(1, -1), np.argsort(-v).reshape(1, -1), axis=1).sum())",
                f"int(np.take_along_axis(m, np.argsort(m, axis=0), axis=0)[0].size)"]

    def int_ranges(self, sc):
        """Int expressions over range objects (steps of either sign, or 0: CPython's ValueError),
        reversed ranges of a step known at run time, and filter()/map() over ranges and arrays."""
        p = lambda: self.expr("int", sc, 0)  # noqa: E731
        st = lambda: self.rr.choice(["1", "2", "-1", "-3", f"({p()} % 5 - 2)"])  # noqa: E731
        r = lambda: f"range({p()} % 13 - 4, {p()} % 13 - 4, {st()})"  # noqa: E731
        return [f"len({r()})", f"{r()}[{p()} % 5 - 2]", f"int({p()} in {r()})", f"{r()}.count({p()})",
                f"sum({r()}[{p()} % 7 - 3:{p()} % 7 - 3:{st()}])", f"len({r()}[::{st()}])", f"{r()}.stop",
                f"sum(reversed(range({p()} % 9, {p()} % 9 - 4, {st()})))", f"sum(filter(lambda w: w % 3, {r()}))",
                f"len(list(filter(None, v)))", f"int(sum(map(lambda w: w * 2, v[::-1])))",
                f"int(np.pad(v, {p()} % 4, mode={self.rr.choice(['edge', 'wrap', 'symmetric', 'reflect'])!r}).sum())",
                f"v.item({p()} % 7 - 3)", f"int(np.gradient(a, {self.rr.choice(['0.5', '3', 'b.cumsum()'])}).sum() > 0)",
                f"len(bin({p()})) + int(hex({p()}), 0) % 97", f"int(oct({p()}), {self.rr.choice(['0', '8'])}) % 89",
                f"(3, {p()}, 7, -2)[{p()} % 9 - 4]", f"len((a, b, a[1:])[{p()} % 5 - 2])", f"int(a.shape[{p()} % 3 - 1])"]

    def int_wide(self, sc):
        """Int expressions over session 23's breadth (`p`: a name or a constant): an `axis=` known
        only at run time (sometimes out of range: NumPy's AxisError), `*t`, `*args`, in-place list
        operators, `index` with bounds, `np.searchsorted` of an unsorted array."""
        p = lambda: self.expr("int", sc, 0)  # noqa: E731
        red = lambda: self.rw.choice(["np.sum", "np.max", "np.argmin", "np.count_nonzero", "np.prod", "np.mean"])  # noqa: E731
        return [f"int({red()}(m, axis={p()} % 2 - 1).sum())", f"int(np.sum(a, {p()} % 3 - 1))", f"int(np.var(m, axis={p()} % 3).sum())",
                f"max(*({p()}, {p()}, 3))", f"len((*m.shape, {p()}, *a.shape))", f"(lambda *xs: len(xs) + sum(xs))({p()}, {p()})",
                f"(lambda k, *xs: k * len(xs))(*({p()}, 2, 3))", f"len(operator.iadd([{p()}, 1], [{p()}] * ({p()} % 3)))",
                f"sum(operator.imul([{p()}, 2], {p()} % 3))", f"[{p()}, {p()}, 3, {p()}].index(3, {p()} % 7 - 3)",
                f"({p()}, 3, {p()}).index(3, {p()} % 3)", f"int(np.searchsorted(v, v[::-1], side={self.rw.choice(['left', 'right'])!r}).sum())",
                f"int(np.searchsorted(a, b).sum())", f"int(math.cbrt({p()}))", f"int(math.asinh({p()}) * 10)", f"int(math.exp2({p()} % 40))",
                "len(set(a[a == a].astype(np.float32)))", f"int(np.float32({p()}) in set(v.astype(np.float32)))",
                f"int(np.cumsum({p()})[0] + np.size(m) + np.ndim({p()}))", f"int(np.std({p()}) + np.zeros_like({p()}))"]

    def range_stmts(self, sc):
        """A range and a slice of it in locals (`ranges.rs`), read by len, items, `in`, loops."""
        p = lambda: self.expr("int", sc, 0)  # noqa: E731
        st = lambda: self.rr.choice(["1", "2", "-1", "-3", f"({p()} % 5 - 2)"])  # noqa: E731
        r, t, i = self.fresh("r"), self.fresh("t"), self.fresh("i")
        name = self.pick(sc.writable("int"))
        return [f"{r} = range({p()} % 13 - 4, {p()} % 13 - 4, {st()})", f"{t} = {r}[{p()} % 7 - 3:{p()} % 9 - 4:{st()}]",
                f"{name} = len({r}) + sum({t}) + int({p()} in {t}) + {r}.count({p()}) + ({r}[-1] if len({r}) else 0)",
                f"for {i} in reversed({t}):", f"    {name} = {name} % 1000 * 3 + {i}",
                f"{r}c = np.zeros(5, np.int64)", f"np.add.at({r}c, v % 5, {p()} % 3)", f"{name} += int({r}c[{p()} % 5])",
                f"random.seed({p()})", f"{name} += random.randint(-3, 3) + int(random.random() * 10) + random.randrange(1, 9, 2)",
                f"if ({name} := {name} % 1000 + len({r})) > 3 and ({i} := {p()} % 7) != 2:", f"    {name} -= {i}"]

    def float_extremes(self, sc):
        """Float expressions over min/max with key= and default= of float arrays and dtype= on
        sums and means (float32 sums in NumPy's buffered pieces)."""
        arr = lambda: self.rm.choice(["a", "b[::2]", "a[1:]", "m.ravel()", "a * 3.0", f"a[a > {self.expr('float', sc, 0)}]"])  # noqa: E731
        return [f"float(max({arr()}, default=np.float64(-1.5)))", f"float(min({arr()}, key=abs, default=np.float64(0.5)))",
                f"float(np.sum({arr()}, dtype=np.float32))", f"float(np.mean({arr()}, dtype=np.float32))",
                f"float(np.nansum({arr()}, dtype=np.float32))", f"float(np.cumsum({arr()}, dtype=np.float32).sum())",
                f"float(np.sum(v, dtype=float))", f"float(np.mean(m, axis=1, dtype=np.float64).sum())",
                f"float(np.max({arr()}, initial=-1.5))", f"float(np.min({arr()}, initial=math.inf))", f"float(b[::2].max(initial=0.0))",
                f"float(sum({arr()}))", f"float(np.sum(m, axis=(0, 1)))", f"float(np.max(m[:, :, None] * a, axis=(-2, -1)).sum())",
                f"float(np.mean(m[None, :, :] - a, axis=(1, 2))[0])", f"(float(sorted({arr()}, reverse=True)[0]) if len(a) > 2 else 0.0)"]

    def int_lists(self, e, p):
        """Int expressions over lists: literals, comprehensions, repetition, indexing, reductions
        (`p`: a name or constant, read in comprehension bodies)."""
        items = f"[{e()}, {e()}, {e()}]"
        comp = f"[j * {e()} for j in range({self.pick(['3', 'len(a)', 'n % 5'])}) if j != {e()}]"
        nested = f"[j * int(k) + {p()} for j in range({self.pick(['3', 'n % 4'])}) if j != {p()} for k in {self.pick(['v', 'range(j)', 'v[::-1]'])}]"
        return [f"len({comp})", f"sum({items})", f"max({items} + {comp})", f"{items}[{e()} % 3]",
                f"min({items} * 2)", f"({comp} * 2)[-1]", f"sum(list(range({e()} % 7)))",
                f"sum(({items} + {comp})[{self.pick(['1:', '::-1', ':-1', '-2::-2', '1:4:2'])}])",
                f"sum({nested})", f"len({{w % 5 for w in v if w > {p()}}})",
                f"len({{j: w * {p()} for j, w in enumerate(v) if w != {p()}}})",
                f"int(any(j + w > {p()} for j in range(3) for w in v))", f"sum([w for w in {items} if w > {p()}])"]

    def e_float(self, sc, d):
        f = lambda: self.expr("float", sc, d)  # noqa: E731
        if (c := self.closure("float", sc, d)) is not None:
            return c
        if self.draws and self.rd.random() < 0.1:
            return self.pick(["np.random.random()", f"np.random.normal({f()}, abs({f()}))", "np.random.standard_normal()",
                              f"np.random.uniform({f()}, {f()})", f"np.random.exponential(abs({f()}))",
                              f"float(np.random.normal(0.5, 2.0, len(a) + 1)[-1])", f"np.random.gamma(abs({f()}) + 0.5)",
                              f"float(np.random.default_rng({self.expr('int', sc, 0)} % 97).normal(size=3).sum())",
                              "float(np.random.default_rng(len(a)).random())"])
        if self.extremes and self.rm.random() < 0.1:
            return self.rm.choice(self.float_extremes(sc))
        k = self.r.randrange(13)
        if k <= 3:
            return f"({f()} {self.pick(['+', '-', '*', '/', '//', '%'])} {f()})"
        if k == 4:
            i = self.expr("int", sc, d)
            return self.pick([f"({f()} * {i})", f"({i} / {f()})", f"({i} / {self.expr('int', sc, d)})", f"float({i})", f"({f()} + {i})"])
        if k == 5:
            return self.pick([f"abs({f()}) ** {self.pick(['0.5', '2.0', '-1.0', '3'])}", f"({f()} ** 2)", f"({f()} ** -1)"])
        if k == 6:
            fn = self.pick(["sqrt", "exp", "log", "log2", "log10", "log1p", "expm1", "sin", "cos", "tan", "atan",
                            "tanh", "fabs", "asin", "acos", "sinh", "cosh"])
            return f"math.{fn}({f()})"
        if k == 7:
            fn = self.pick(["atan2", "copysign", "hypot", "pow"])
            if fn == "pow":
                return f"math.pow(abs({f()}), {self.pick(['0.5', '2.0', '3.0', '-2.0'])})"
            if fn == "copysign":
                return f"math.copysign({f()}, {self.nan_signless(f())})"
            return f"math.{fn}({f()}, {f()})"
        if k == 8:
            return self.pick([f"{self.pick(['min', 'max'])}({f()}, {f()})", f"round({f()}, {self.pick(['0', '1', '2', '-1'])})", f"-{f()}"])
        if k == 9:
            return f"({f()} if {self.expr('bool', sc, d)} else {f()})"
        if k == 10 and self.chance(0.5):
            items = f"[{f()}, {f()}, {f()}]"
            return self.pick([f"sum({items})", f"min({items})", f"max({items} + [{f()}])", f"{items}[{self.expr('int', sc, d)} % 3]",
                              f"sum([{f()} * j for j in range(3)])", f"float(np.array({items}).sum())",
                              f"float(np.array([({f()}, 1), ({f()}, {self.expr('int', sc, d)})])[1].sum())",
                              f"float((a[:, None] * b[None, ::-1] - {f()}).sum())", f"float(np.vstack([a, b, a * {f()}])[:, -1:].sum())"])
        if k == 10:
            return f"float({self.expr('npf', sc, d)})"
        if k == 11 and self.calls:
            return f"g({self.arr_expr(('arr', 'f', ('N',)), sc, d)}, b, m, v, {self.expr('int', sc, d)}, {f()})[0]"
        if k == 12 and self.chance(0.3):
            # complex64: float32 arithmetic of NumPy's, read back through a float
            z = lambda: f"np.complex64({f()})"  # noqa: E731
            return self.pick([f"float(abs({z()} * {z()} - {z()}))", f"float(({z()} / {z()}).imag)",
                              f"float(({self.pick(['a', 'b'])}.astype(np.complex64) * {z()}).sum().real)",
                              f"float(np.abs({self.pick(['a', 'b'])}.astype(np.complex64) + {z()}).sum())",
                              # complex128 arrays through joins, flips, where and truth
                              f"float(np.concatenate((a + 1j * {f()}, b[::-1])).sum().imag)", f"float(np.where(a > {f()}, a * 1j, b).sum().imag)",
                              f"float(np.roll(np.flip(a - {f()} * 1j), 1)[0].imag)", f"float(np.flatnonzero(a * 1j + {f()}).sum())",
                              f"(lambda z: float(np.sum(z, axis={self.pick(['0', '1', '-1'])}).real.sum() + np.mean(z[::-1], axis=0).imag.sum()))(m * ({f()} + 2j))",
                              f"(lambda z: float(np.var(z) + np.std(z[::2], ddof=1)))(a * 1j + b)"])
        return self.pick([f"float({self.expr('npi', sc, d)})", f"float({self.expr('int', sc, d)} + {self.expr('npi', sc, d)})"])

    def e_bool(self, sc, d):
        k = self.r.randrange(6)
        if k <= 2:
            ty = self.pick(["int", "float", "int", "npf"])
            op = self.pick(["<", "<=", "==", "!=", ">", ">="])
            other = self.pick(["int", "float"]) if ty != "npf" else "float"
            if self.chance(0.2):
                cmp = f"({self.expr(ty, sc, d)} {op} {self.expr(other, sc, d)} {op} {self.expr(other, sc, d)})"
            else:
                cmp = f"({self.expr(ty, sc, d)} {op} {self.expr(other, sc, d)})"
            return f"bool{cmp}" if ty == "npf" else cmp  # an np.float64 comparison is an np.bool_
        if k == 3:
            return f"({self.expr('bool', sc, d)} {self.pick(['and', 'or'])} {self.expr('bool', sc, d)})"
        if k == 4 and self.chance(0.3):
            i = lambda: self.expr("int", sc, d)  # noqa: E731
            if self.chance(0.5):
                return self.pick([f"({i()} {self.pick(['in', 'not in'])} {{{i()}: 1.5, {i()}: 2.5}})",
                                  f"any(w > {self.expr('float', sc, 0)} for w in a)", f"all(w != {self.expr('int', sc, 0)} for w in v)"])
            return f"({i()} {self.pick(['in', 'not in'])} [{i()}, {i()}, {i()}])"
        if k == 4:
            return f"(not {self.expr('bool', sc, d)})"
        if self.strings and self.rs.random() < 0.4:
            s = lambda: self.e_str(sc, d)  # noqa: E731
            return self.rs.choice([f"({s()} in {s()})", f"({s()} {self.rs.choice(['==', '!=', '<', '>='])} {s()})",
                                   f"{s()}.startswith({s()})", f"{s()}.endswith({s()})", f"{s()}.isdigit()", f"bool({s()})"])
        return f"math.{self.pick(['isnan', 'isinf', 'isfinite'])}({self.expr('float', sc, d)})"

    def e_str(self, sc, d):
        """A string expression (strings never flow into locals, so the programs stay as before)."""
        i = lambda: self.expr("int", sc, max(d - 1, 0))  # noqa: E731
        f = lambda: self.expr("float", sc, max(d - 1, 0))  # noqa: E731
        # An f-string's fields hold no quotes (Python 3.11 cannot nest a quote of the f-string's
        # kind) and start with a space (a field starting with `{` would read as an escaped brace).
        qi = lambda: (lambda t: "n" if "'" in t or '"' in t else t)(i())  # noqa: E731
        qf = lambda: (lambda t: "x" if "'" in t or '"' in t else t)(f())  # noqa: E731
        if d <= 0 or self.rs.random() < 0.35:
            return self.rs.choice(["''", "'ab'", "'é'", "' x y '", "'1_0'", f"str({i()})", f"repr({f()})", f"str({f()})",
                                   f"f'{{ {qi()}:5d}}'", f"f'{{ {qf()}:.3f}}'", f"f'{{ {qf()}!r}}|{{ {qi()}:,}}'", f"f'{{ {qf()}:e}}'"])
        s = lambda: self.e_str(sc, d - 1)  # noqa: E731
        return self.rs.choice([f"({s()} + {s()})", f"({s()} * ({i()} % 4))", f"{s()}[{i()}:{i()}]", f"{s()}[::-1]",
                               f"{s()}.upper()", f"{s()}.strip()", f"{s()}.replace({s()}, {s()})", f"{s()}.zfill({i()} % 12)",
                               f"'-'.join({s()}.split())", f"('%d:%.2f' % ({i()}, {f()}))",
                               f"'{{}}|{{:.3f}}|{{!r}}'.format({s()}, {f()}, {s()})", f"{s()}.title().center({i()} % 9, '*')",
                               f"' '.join(w.capitalize() for w in {s()}.split())", f"'-'.join(k for k in {{{s()}: 1, 'q': 2}}.keys())",
                               f"(f'{{ a[0]:.2f}}{{ v[-1]}}' if len(a) and len(v) else {s()})"])

    def e_npf(self, sc, d):
        arr = self.arr_expr(("arr", "f", ("N",)), sc, d)
        k = self.r.randrange(7)
        if k == 0:
            return f"{self.pick(['a', 'b', 'm[0]'])}[{self.index(sc, d)}]"
        if k == 1:
            return self.pick([f"{arr}.sum()", f"np.sum({arr})", f"np.mean({arr})", f"{arr}.max()", f"np.min({arr})", f"np.prod({arr})",
                              # order statistics and sample points (issue 17)
                              f"np.median({arr})", f"np.percentile({arr}, {self.pick(['0', '12.5', '50', '99.9', '100'])})",
                              f"np.quantile({arr}, {self.pick(['0.0', '0.3', '1.0'])})", f"np.ptp({arr})", f"np.nanmedian({arr})",
                              f"np.nanmin({arr})", f"np.nanmax({arr})",
                              f"np.interp({self.expr('float', sc, 1)}, np.arange(len(a)) * 0.5, {arr})",
                              # sample points as drawn: unsorted, NaN and infinities among them
                              f"np.interp({self.expr('float', sc, 1)}, a, b)"])
        if k == 4:
            return f"np.{self.pick(['max', 'min', 'sum', 'mean', 'nanmin', 'nanmax'])}({self.arr_expr(('arr', 'f', ('R', 'N')), sc, d)})"
        if k == 2:
            return f"({self.expr('npf', sc, d)} {self.pick(['+', '-', '*', '/'])} {self.expr(self.pick(['float', 'npf', 'int']), sc, d)})"
        if k == 3:
            return f"m[{self.index(sc, d)}, {self.index(sc, d)}]"
        if k == 5:
            return f"np.sqrt({self.expr('npf', sc, d)})"
        return f"({self.expr('npi', sc, d)} / {self.expr('int', sc, d)})"

    def e_npi(self, sc, d):
        arr = self.arr_expr(("arr", "i", ("N",)), sc, d)
        k = self.r.randrange(4)
        if k == 0:
            return f"v[{self.index(sc, d)}]"
        if k == 1:
            return self.pick([f"{arr}.sum()", f"np.sum({arr})", f"{arr}.max()", f"np.min({arr})", f"np.argmax({arr})",
                              f"np.unique({arr}).sum()", f"np.flatnonzero({arr} > 0).sum()", f"np.ptp({arr})",
                              f"np.digitize({self.expr('float', sc, 1)}, np.arange(len(a)) * 1.5)",
                              f"np.histogram({arr}, {self.pick(['1', '3', '10'])})[0].max()", f"np.argwhere({arr} < 0).sum()",
                              # counts of comparisons (lanes of masks, fused_simd.rs), NaN bins
                              f"np.count_nonzero({self.arr_expr(('arr', 'f', ('N',)), sc, d)} > {self.expr('float', sc, 1)})",
                              f"({arr} >= {self.expr('int', sc, 1)}).sum()", f"np.digitize({self.expr('float', sc, 1)}, a)"])
        if k == 2:
            return f"({self.expr('npi', sc, d)} {self.pick(['+', '-', '*', '//', '%'])} {self.expr(self.pick(['int', 'npi']), sc, d)})"
        return f"np.argmin({self.arr_expr(('arr', 'f', ('N',)), sc, d)})"

    def index(self, sc, d):
        loops = sorted(k for k in sc.readonly if sc.vars.get(k) == "int")
        opts = ["0", "-1", "1", "-2"] + loops * 3
        if self.chance(0.2):
            return f"{self.expr('int', sc, min(d, 1))} % 3"
        if loops and self.chance(0.15):
            # `±k + e` with `e` an int local or constant: the loop's span versioning (opt/spans.rs)
            ints = sorted(k for k, t in sc.vars.items() if t == "int")
            k, w = self.pick(loops), self.pick(ints + ["1", "2"])
            return self.pick([f"{k} - {w}", f"{k} + {w}", f"{w} - {k}"])
        return self.pick(opts)

    # ---------------------------------------------------------------- array expressions
    def arr_expr(self, ty, sc, d):
        _, dt, shape = ty
        names = sc.of(ty)
        if d <= 0 or self.chance(0.25):
            if names and self.chance(0.6):
                return self.pick(names)
            return self.arr_leaf(dt, shape, sc)
        k = self.r.randrange(8)
        sub = lambda dt2=dt: self.arr_expr(("arr", dt2, shape), sc, d - 1)  # noqa: E731
        if k <= 2:
            ops = ["+", "-", "*"] + (["/", "//", "%"] if dt == "f" else ["//", "%"])
            if dt == "f" and self.chance(0.3):
                return f"({sub('i')} / {sub(self.pick(['i', 'f']))})"
            if len(shape) == 2 and self.chance(0.4):
                return f"({sub()} {self.pick(ops)} {self.arr_expr(('arr', dt, shape[1:]), sc, d - 1)})"
            return f"({sub()} {self.pick(ops)} {sub()})"
        if k == 3:
            sty = "float" if dt == "f" else "int"
            s = self.expr(sty, sc, 1)
            return self.pick([f"({sub()} * {s})", f"({s} - {sub()})", f"({sub()} + {s})"])
        if k == 4:
            if dt == "f":
                return self.pick([f"np.sqrt({sub()})", f"np.abs({sub()})", f"np.square({sub()})", f"np.negative({sub()})",
                                  f"({sub()} ** 2)", f"np.minimum({sub()}, {sub()})", f"np.maximum({sub()}, {sub()})",
                                  f"np.where({sub()} > {sub()}, {sub()}, {sub()})", f"(-{sub()})",
                                  # ufuncs NumPy computes exactly (fmin/fmax left out: NumPy's SIMD loop
                                  # picks either of two equal zeros by position)
                                  f"np.{self.pick(['floor', 'ceil', 'trunc', 'rint', 'sign', 'fabs', 'positive'])}({sub()})",
                                  f"np.{self.pick(['hypot', 'fmod', 'heaviside', 'remainder', 'floor_divide'])}({sub()}, {sub()})",
                                  f"np.copysign({sub()}, {self.nan_signless(sub(), array=True)})",
                                  f"np.where(np.{self.pick(['logical_and', 'logical_or', 'logical_xor'])}("
                                  f"np.{self.pick(['less', 'greater_equal', 'not_equal'])}({sub()}, {sub()}), "
                                  f"np.{self.pick(['isfinite', 'isinf', 'isnan'])}({sub()})), {sub()}, {sub()})",
                                  f"np.where(np.signbit({self.nan_signless(sub(), array=True)}), {sub()}, {sub()})"])
            return self.pick([f"np.abs({sub()})", f"({sub()} ** 2)", f"(-{sub()})", f"np.minimum({sub()}, {sub()})",
                              f"np.{self.pick(['sign', 'invert', 'floor', 'positive'])}({sub()})",
                              f"np.{self.pick(['bitwise_and', 'bitwise_or', 'bitwise_xor', 'fmod', 'fmax', 'remainder', 'floor_divide'])}({sub()}, {sub()})",
                              f"np.right_shift({sub()}, {self.r.randrange(0, 70)})",
                              f"np.where(np.logical_not(np.greater({sub()}, {sub()})), {sub()}, {sub()})"])
        if k == 5 and len(shape) == 1 and dt == "f":
            # a reduction of a 2-D array along an axis
            if shape[0] in ("N", "N1"):
                red = self.pick(["sum", "max", "min", "mean"])
                return f"np.{red}({self.arr_expr(('arr', 'f', ('R', shape[0])), sc, d - 1)}, axis=0)"
            red = self.pick(["sum", "max", "mean"])
            return f"np.{red}({self.arr_expr(('arr', 'f', (shape[0], 'N')), sc, d - 1)}, axis=1)"
        if k == 6 and shape == ("N",) and self.chance(0.3):
            # selections that keep the length (issue 17)
            return self.pick([f"np.take({sub()}, v % max(len(a), 1))", f"np.take({sub()}, -1 - (v % max(len(a), 1)), axis=0)",
                              f"np.compress(np.ones(len(a)), {sub()})"])
        if k == 6:
            if self.calls and ty == ("arr", "f", ("N",)):
                return f"g({sub()}, b, m, v, n, {self.expr('float', sc, 1)})[2]"
            return sub()
        return self.view(dt, shape, sc, d)

    def arr_leaf(self, dt, shape, sc):
        """A parameter, view of one, or a fresh array of the given symbolic shape."""
        size = {"N": "len(a)", "N1": "max(len(a) - 1, 0)", "R": "m.shape[0]", "R1": "max(m.shape[0] - 1, 0)"}
        dims = ", ".join(size[s] for s in shape)
        dims = f"({dims},)" if len(shape) == 1 else f"({dims})"
        np_dt = "np.float64" if dt == "f" else "np.int64"
        fresh = [f"np.zeros({dims}, {np_dt})", f"np.ones({dims}, {np_dt})",
                 f"np.full({dims}, {self.pick(FLOAT_CONSTS[:7]) if dt == 'f' else self.pick(INT_CONSTS[:7])}, {np_dt})"]
        if len(shape) == 1:
            fresh.append(f"np.arange({size[shape[0]]}){'' if dt == 'i' else ' * 0.5'}")
        base = self.view(dt, shape, sc, 0)
        return self.pick(fresh + [base, base]) if base else self.pick(fresh)

    def view(self, dt, shape, sc, d):
        """A parameter or a view of one with the given symbolic shape (None if there is none)."""
        one = {"f": ["a", "b", "a[::-1]", "b[:]", "m[0]", "m[-1, ::-1]"], "i": ["v", "v[::-1]"]}
        if shape == ("N",):
            return self.pick(one[dt])
        if shape == ("N1",):
            p = self.pick(["a", "b", "v"] if dt == "f" else ["v"])
            if p == "v" and dt == "f":
                return "(v[1:] * 1.0)"
            return self.pick([f"{p}[1:]", f"{p}[:-1]", f"{p}[-2::-1]", f"{p}[:0:-1]"])
        if shape in (("R",), ("R1",)) and dt == "f":
            col = self.pick(["0", "-1"])
            return f"m[:, {col}]" if shape == ("R",) else f"m[1:, {col}]"
        if shape == ("R", "N") and dt == "f":
            return self.pick(["m", "m[::-1]", "m[:, ::-1]", "m[::-1, ::-1]", "m.T.T"])
        if shape == ("R1", "N") and dt == "f":
            return self.pick(["m[1:]", "m[:-1]", "m[:0:-1]"])
        if shape == ("R", "N1") and dt == "f":
            return self.pick(["m[:, 1:]", "m[:, :-1]", "m[:, -2::-1]"])
        if shape == ("N", "R") and dt == "f":
            return self.pick(["m.T", "np.transpose(m)", "m[::-1].T"])
        if dt == "i":
            dims = {"N": "len(a)", "N1": "max(len(a) - 1, 0)", "R": "m.shape[0]", "R1": "max(m.shape[0] - 1, 0)"}
            return f"np.zeros(({', '.join(dims[s] for s in shape)},), np.int64)" if len(shape) == 1 else \
                f"np.ones(({', '.join(dims[s] for s in shape)}), np.int64)"
        return None


# -------------------------------------------------------------------- statements and programs
SCALARS = ("int", "float", "bool")
ARRAY_TYPES = [("arr", "f", ("N",)), ("arr", "f", ("N1",)), ("arr", "i", ("N",)), ("arr", "f", ("R", "N")),
               ("arr", "f", ("R",)), ("arr", "f", ("N", "R"))]
PARAMS = {"a": ("arr", "f", ("N",)), "b": ("arr", "f", ("N",)), "m": ("arr", "f", ("R", "N")),
          "v": ("arr", "i", ("N",)), "n": "int", "x": "float"}
SIGNATURE = "a, b, m, v, n, x"


class ProgramGen(Aranges, Indexing, Layouts, Named, Optionals, Products, Queues, Searches, Yields, Gen):
    def stmts(self, sc, count, depth, loop):
        return [line for _ in range(count) for line in self.stmt(sc, depth, loop)]

    def stmt(self, sc, depth, loop):
        """One statement as a list of source lines (nested blocks indented)."""
        k = self.r.randrange(16)
        ind = lambda lines: ["    " + s for s in lines]  # noqa: E731
        if self.in_gen and self.ry.random() < 0.25:
            return [f"yield float({self.expr('float', sc, 2)})"]
        if k <= 3:
            names = [n for ty in SCALARS for n in sc.writable(ty)] + [n for ty in ARRAY_TYPES for n in sc.writable(ty)]
            name = self.pick(names)
            return [f"{name} = {self.expr(sc.vars[name], sc)}"]
        if k == 4:
            name = self.pick(sc.writable("int") + sc.writable("float"))
            ty = sc.vars[name]
            op = self.pick(["+=", "-=", "*=", "//=", "%="] if ty == "int" else ["+=", "-=", "*=", "/="])
            return [f"{name} {op} {self.expr(ty, sc, 2)}"]
        if k == 5:
            ty = self.pick(ARRAY_TYPES)
            names = sc.writable(ty) + [p for p, t in PARAMS.items() if t == ty]
            if not names:
                return []
            rhs_dt = "i" if ty[1] == "i" else self.pick(["f", "i"])
            return [f"{self.pick(names)} {self.pick(['+=', '-=', '*='])} {self.arr_expr(('arr', rhs_dt, ty[2]), sc, 2)}"]
        if k == 6:
            return [self.fancy_write(sc) if self.chance(0.2) else self.element_write(sc)]
        if k == 7:
            return [self.slice_write(sc)]
        if k == 8 and depth > 0:
            lines = [f"if {self.expr('bool', sc, 2)}:"] + ind(self.stmts(sc, self.r.randint(1, 3), depth - 1, loop) or ["pass"])
            for _ in range(self.r.randrange(2)):
                lines += [f"elif {self.expr('bool', sc, 2)}:"] + ind(self.stmts(sc, self.r.randint(1, 2), depth - 1, loop) or ["pass"])
            if self.chance(0.5):
                lines += ["else:"] + ind(self.stmts(sc, self.r.randint(1, 2), depth - 1, loop) or ["pass"])
            return lines
        if k in (9, 10) and depth > 0:
            return self.for_loop(sc, depth)
        if k == 11 and depth > 0 and self.chance(0.4):
            return self.guarded_while(sc, depth)
        if k == 11 and depth > 0:
            w = self.fresh("w")
            sc.vars[w] = "int"
            sc.readonly.add(w)
            body = self.stmts(sc, self.r.randint(1, 3), depth - 1, True)
            return [f"{w} = 0", f"while {w} < {self.pick(['3', 'n % 4', 'len(a)'])}:", f"    {w} += 1"] + ind(body)
        if k == 12 and loop:
            return [f"if {self.expr('bool', sc, 2)}:", f"    {self.pick(['break', 'continue'])}"]
        if k == 13 and self.chance(0.3):
            names = [n for ty in ARRAY_TYPES for n in sc.writable(ty) if ty[2] in (("N",), ("R",), ("N1",)) and n not in PARAMS]
            if names:  # np.empty, every element then written
                name = self.pick(names)
                dt, shape = sc.vars[name][1:]
                size = {"N": "len(a)", "R": "m.shape[0]", "N1": "max(len(a) - 1, 0)"}[shape[0]]
                ty = sc.vars.pop(name)  # its elements are unset until the fill: not an operand of it
                fill = self.arr_expr(ty, sc, 2)
                sc.vars[name] = ty
                return [f"{name} = np.empty({size}, {'np.float64' if dt == 'f' else 'np.int64'})", f"{name}[:] = {fill}"]
        if k == 13 and self.chance(0.3):
            return [f"if {self.expr('bool', sc, 2)}:", "    " + self.ret_stmt(sc)]
        if k == 14 and depth > 0 and not self.in_gen and self.chance(0.5):
            return self.try_stmt(sc, depth, loop)
        if k == 15 and self.yields and not self.in_gen and self.ry.random() < 0.5:
            return self.gen_stmts(sc)
        if k == 15 and self.named and self.rnt.random() < 0.5:
            return self.named_stmts(sc)
        if k == 15 and self.optionals and not self.in_gen and self.ro.random() < 0.5:
            return self.optional_stmts(sc)
        if k == 15 and self.aranges and self.ra.random() < 0.5:
            return self.arange_stmts(sc)
        if k == 15 and self.searches and self.rse.random() < 0.5:
            return self.search_stmts(sc)
        if k == 15 and self.layouts and self.rlo.random() < 0.5:
            return self.memory_order_stmts(sc)
        if k == 15 and self.products and self.rp.random() < 0.5:
            return self.product_stmts(sc)
        if k == 15 and self.typed and self.rt.random() < 0.5:
            return self.typed_list_stmts(sc)
        if k == 15 and self.grown and self.rg.random() < 0.5:
            return self.grown_stmts(sc)
        if k == 15 and self.likes and self.rl.random() < 0.5:
            return self.like_stmts(sc)
        if k == 15 and self.mixed and self.rx.random() < 0.5:
            return self.mixed_index_stmts(sc)
        if k == 15 and self.queues and self.rq.random() < 0.5:
            return self.queue_stmts(sc)
        if k == 15 and self.ranges and self.rr.random() < 0.5:
            return self.range_stmts(sc)
        if k == 15 and self.chance(0.5):
            return self.list_slice_stmts(sc) if self.chance(0.6) else self.dict_count_stmts(sc)
        if k == 15 and self.chance(0.3):
            return self.count_stmts(sc)
        if k == 15 and self.chance(0.3):
            return self.carry_stmts(sc)
        name = self.pick(sc.writable("bool") + sc.writable("int"))
        return [f"{name} = {self.expr(sc.vars[name], sc)}"]

    def for_loop(self, sc, depth):
        kind = self.r.randrange(7)
        if kind >= 5:
            # enumerate / zip: two loop variables
            i, e = self.fresh("i"), self.fresh("e")
            if kind == 5:
                head, types = f"enumerate({self.pick(['a', 'b[::-1]', 'v'])}, {self.pick(['0', '1', '-2'])})", ("int", None)
                types = ("int", "npi" if "v" in head else "npf")
            else:
                head, types = f"zip({self.pick(['a', 'm[0]'])}, {self.pick(['b[::-1]', 'a[1:]', 'm[-1]'])})", ("npf", "npf")
            for var, ty in zip((i, e), types):
                sc.vars[var] = ty
                sc.readonly.add(var)
            body = self.stmts(sc, self.r.randint(1, 3), depth - 1, True)
            for var in (i, e):
                del sc.vars[var]
                sc.readonly.discard(var)
            return [f"for {i}, {e} in {head}:"] + ["    " + s for s in body or ["pass"]]
        if kind <= 2:
            var, ty = self.fresh("k"), "int"
            head = self.pick(["range(3)", "range(len(a))", "range(min(n, 5))", "range(5, -1, -2)",
                              "range(-2, m.shape[0])", "range(len(a) - 1, -1, -1)", "range(1, len(v), 2)",
                              "reversed(range(len(a)))", "reversed(range(-1, n % 9, 2))", "range(n % 7, n % 3 - 3, -1)",
                              "range(len(a) + 1, -2, -2)"])
        elif kind == 3:
            var, ty = self.fresh("e"), self.pick(["npf", "npi"])
            head = self.pick(["a", "b[::-1]", "m[0]", "reversed(a)"]) if ty == "npf" else self.pick(["v", "v[::-2]", "reversed(v)"])
        else:
            var, ty = self.fresh("row"), ("arr", "f", ("N",))
            head = self.pick(["m", "m[::-1]"])
        sc.vars[var] = ty
        sc.readonly.add(var)
        body = self.stmts(sc, self.r.randint(1, 4), depth - 1, True)
        lines = [f"for {var} in {head}:"] + ["    " + s for s in body or ["pass"]]
        del sc.vars[var]
        sc.readonly.discard(var)  # the name stays bound after the loop, but only its loop reads it
        return lines

    def try_stmt(self, sc, depth, loop):
        """`try` with one or two `except` clauses (one may re-raise), maybe `else` and `finally`.
        Clauses never catch OverflowError (nor its bases): hasten raises it where CPython's int grows."""
        ind = lambda lines: ["    " + s for s in lines]  # noqa: E731
        lines = ["try:"] + ind(self.stmts(sc, self.r.randint(1, 3), depth - 1, loop) or ["pass"])
        classes = ["ZeroDivisionError", "IndexError", "ValueError", "LookupError", "(IndexError, ZeroDivisionError)"]
        for _ in range(self.r.randint(1, 2)):
            body = self.stmts(sc, self.r.randint(1, 2), depth - 1, loop)
            if self.chance(0.15):
                body = body + [f"if {self.expr('bool', sc, 1)}:", "    raise"]
            cls = self.pick(classes)
            target = sc.writable("int")
            if self.re.random() < 0.3 and target and cls in ("ZeroDivisionError", "IndexError", "ValueError"):
                e = self.fresh("e")
                lines += [f"except {cls} as {e}:"] + ind(body + [f"{self.re.choice(target)} = len({e}.args)"])
            else:
                lines += [f"except {cls}:"] + ind(body or ["pass"])
        if self.chance(0.3):
            lines += ["else:"] + ind(self.stmts(sc, 1, depth - 1, loop) or ["pass"])
        if self.chance(0.4):
            lines += ["finally:"] + ind(self.stmts(sc, self.r.randint(1, 2), depth - 1, loop) or ["pass"])
        return lines

    def element_write(self, sc):
        arrs = [n for ty in ARRAY_TYPES for n in sc.of(ty)] + list("abmv")
        name = self.pick(arrs)
        ty = sc.vars.get(name) or PARAMS[name]
        val = self.expr("float" if ty[1] == "f" else self.pick(["int", "npi"]), sc, 2)
        if ty[1] == "f" and self.chance(0.2):
            val = self.expr(self.pick(["int", "npf", "bool"]), sc, 2)
        idx = ", ".join(self.index(sc, 1) for _ in ty[2])
        return f"{name}[{idx}] = {val}"

    def slice_write(self, sc):
        forms = [("a[1:]", "N1"), ("b[:-1]", "N1"), ("a[::-1]", "N"), ("b[:]", "N"), ("m[0]", "N"), ("m[-1, ::-1]", "N"),
                 ("m[:, 0]", "R"), ("v[::-1]", "N"), ("a[:]", "N")]
        target, shape = self.pick(forms)
        dt = "i" if target.startswith("v") else self.pick(["f", "f", "i"])
        if self.chance(0.2):
            return f"{target} = {self.expr('float' if dt == 'f' else 'int', sc, 1)}"
        return f"{target} = {self.arr_expr(('arr', dt, (shape,)), sc, 2)}"

    def list_slice_stmts(self, sc):
        """A list local changed through slices (`l[a:b:c] = [...]`, `del l[a:b:c]`), read back."""
        e = lambda: self.expr("int", sc, 1)  # noqa: E731
        lst, name = self.fresh("l"), self.pick(sc.writable("int"))
        sl = lambda: self.pick(["1:3", "::2", "::-1", ":-1", "-2:", "3:1", f"{e()} % 5:", "::-2", "1::3"])  # noqa: E731
        lines = [f"{lst} = [{e()}, {e()}, {e()}, {e()}, {e()}]", f"{lst}[{sl()}] = [{e()} for _ in range({e()} % 4)]"]
        if self.chance(0.5):
            lines.append(f"del {lst}[{sl()}]")
        return lines + [f"{name} = sum({lst}) + len({lst})"]

    @staticmethod
    def nan_signless(t, array=False):
        """`t` with NaN replaced by 0.5, where its sign is read (`copysign`, `signbit`): which NaN an
        operation answers (its sign included) is not specified, and NumPy's differs with how its loops
        were compiled for the CPU (operand order in its SIMD sums and reductions)."""
        return f"np.where(np.isnan({t}), 0.5, {t})" if array else f"(0.5 if math.isnan({t}) else {t})"

    def grown_stmts(self, sc):
        """A list or dict that a loop grows (or shrinks) while reading its length, in expensive
        expressions the loop would hoist if it thought them invariant, and its last item."""
        c, r = self.fresh("gc"), self.fresh("r")
        name = self.pick(sc.writable("float"))
        head = self.rg.choice(["range(n % 6)", "range(len(a))", "a"])
        if self.rg.random() < 0.5:
            grow = self.rg.choice([f"{c}.append(float({r}) * 0.5)", f"{c}.insert(0, 1.5)", f"{c}.pop()" if head == "range(n % 6)" else f"{c}.append(2.0)",
                                   f"{c}[len({c}) // 2] *= -1.5", f"{c}[-1] += {c}[0]"])
            return [f"{c} = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]", f"for {r} in {head}:", f"    {grow}",
                    f"    {name} += len({c}) ** 2 + math.sqrt(len({c})) + {c}[-1]"]
        # Keys from a range: a NaN key is refused by hasten by design.
        head = self.rg.choice(["range(n % 6)", "range(len(a))"])
        return [f"{c} = {{0.5: 1.0}}", f"for {r} in {head}:", f"    {c}[{r} * 1.0] = 2.0",
                f"    {name} += len({c}) ** 0.5 + float(len({c}) ** 2)"]

    def like_stmts(self, sc):
        """An array made like a view of `m` in that view's memory order, written element by element
        (by two index loops or by `np.ndindex` tuples) and read back into a float local."""
        z, i, j, idx = self.fresh("z"), self.fresh("i"), self.fresh("j"), self.fresh("idx")
        src = self.rl.choice(["m", "m.T", "m[::-1]", "m[:, ::-1]", "m[1:]", "m.T[::-1]"])
        made = self.rl.choice([f"np.zeros_like({src})", f"np.empty_like({src})", f"np.ones_like({src})", f"np.full_like({src}, 2.5)"])
        if self.rl.random() < 0.5:
            fill = [f"for {i} in range({z}.shape[0]):", f"    for {j} in range({z}.shape[1]):",
                    f"        {z}[{i}, {j}] = {src}[{i}, {j}] * 2.0 + {j}"]
        else:
            fill = [f"for {idx} in np.ndindex({z}.shape):", f"    {z}[{idx}] = {src}[{idx}] - {idx}[0]"]
        name = self.pick(sc.writable("float"))
        read = self.rl.choice([f"float({z}.sum())", f"float({z}.ravel()[::-1].cumsum().sum())", f"float(({z} * {z}.T.T).sum())"])
        return [f"{z} = {made}"] + fill + [f"{name} += {read}"]

    def typed_list_stmts(self, sc):
        """A `hasten.typed.List` of arrays (made by the call, or views of its arguments) or of
        strings, filled, iterated and read back into a local."""
        tl, r = self.fresh("tl"), self.fresh("r")
        if self.rt.random() < 0.6:
            made = self.rt.choice([f"a * {self.expr('float', sc, 1)}", "b[::-1] + 1.0", "np.ones(len(a))", "m[0]", "m[-1, ::-1]", "a[1:]"])
            name = self.pick(sc.writable("float"))
            return [f"{tl} = List()", f"{tl}.append({made})", f"{tl}.append(a[::-1])", f"{tl}.append({tl}[0] * 2.0)",
                    f"for {r} in {tl}:", f"    {name} += float({r}.sum())"]
        name = self.pick(sc.writable("int"))
        return [f"{tl} = List()", f"for {r} in range(n % 5):", f"    {tl}.append(str({r} * {self.expr('int', sc, 1)}))",
                f"{tl}.append(str(len({tl})))", f"{name} = len({tl}[-1]) + len({tl}) + len({tl}[0])"]

    def guarded_while(self, sc, depth):
        """A `while` over an index whose condition guards it (`w >= 0 and a[w] > t`, or `w < len(a)
        and ...`), the body reading arrays at `w` before stepping it at its end (the facts a
        condition gives its body, codegen `facts::guarded_where`); no `continue` skips the step."""
        w = self.fresh("w")
        down = self.chance(0.5)
        arr = self.pick(["a", "b", "v"])
        start = f"({self.expr('int', sc, 1)}) % (len(a) + 2) - 1"
        if down and self.chance(0.4):
            # Set below the length and only decreased: its upper bound holds throughout (codegen
            # `facts::descending`), and the test may read one element ahead.
            start = self.pick(["len(a) - 1", "len(a) - 2", "len(v) - 1 - (n % 3)"])
        ahead = self.pick(["", "", " + 1"]) if down else ""
        item = f"{arr}[{w}{ahead}]"
        named = self.fresh("u") if self.ranges and self.chance(0.3) else None
        if named:
            item = f"({named} := {item})"  # an assignment expression in a later operand (`walrus.rs`)
        test = f"{item} {self.pick(['>', '<=', '!='])} {self.expr('float' if arr != 'v' else 'int', sc, 1)}"
        guard = f"{w} >= 0" if down else f"{w} < len(a)"
        cond = f"{guard} and {test}" if named or self.chance(0.7) else guard
        sc.vars[w] = "int"
        sc.readonly.add(w)
        if named:
            sc.vars[named] = "npi" if arr == "v" else "npf"
            sc.readonly.add(named)
        body = self.stmts(sc, self.r.randint(1, 3), depth - 1, False)
        for local in (w, named) if named else (w,):
            del sc.vars[local]
            sc.readonly.discard(local)
        step = f"{w} -= 1" if down else f"{w} += 1"
        return [f"{w} = {start}", f"while {cond}:"] + ["    " + line for line in body + [step]]

    def carry_stmts(self, sc):
        """A loop whose store the next iteration reads back (`b[k] = f(b[k - 1], a[k])`): carried in
        a register (codegen `opt/carry.rs`), the first read from memory, negative starts wrapping."""
        k = self.fresh("k")
        head = self.pick(["range(1, len(b))", "range(len(b))", "range(-2, len(b) - 1)", "range(n % 5, len(b))"])
        ahead = self.pick(["", "", " + 1"])
        prev = f"b[{k}{' - 1' if not ahead else ''}]"
        sc.vars[k] = "int"
        sc.readonly.add(k)
        other = self.expr("float", sc, 1)
        value = self.pick([f"{prev} * 0.5 + a[{k}]", f"min({prev}, a[{k}]) + {other}", f"{prev} - {other}",
                           f"max({prev} + 1.0, {prev} * {other})"])
        del sc.vars[k]
        sc.readonly.discard(k)
        return [f"for {k} in {head}:", f"    t_{k} = {other}", f"    b[{k}{ahead}] = {value} + t_{k}"]

    def count_stmts(self, sc):
        """A loop that only counts (`if v[k]: c += 3`, `if mk[k]: c -= 1` over a bool mask) into an int
        local: on tier 1 its iterations run in vector lanes (codegen `opt/int_sums.rs`)."""
        k, mk = self.fresh("k"), self.fresh("mk")
        c = self.pick(sc.writable("int"))
        mask = self.pick([f"v > {self.expr('int', sc, 1)}", f"a != {self.expr('float', sc, 1)}", "v % 3 == 0"])
        elem = self.pick([f"v[{k}]", f"{mk}[{k}]", f"{mk}[{k} + 1]", f"v[len(v) - 1 - {k}]"])
        head = self.pick(["range(len(a))", "range(len(a) - 1)", "range(1, len(a))"])
        step = self.pick(["+= 1", "+= 3", "-= 2", "+= 1048576"])
        return [f"{mk} = {mask}", f"for {k} in {head}:", f"    if {elem}:", f"        {c} {step}"]

    def dict_count_stmts(self, sc):
        """An empty dict filled by `d[k] = d.get(k, 0) + value` in a loop (typed from its own `get`), read back."""
        d, k = self.fresh("d"), self.fresh("k")
        ty = self.pick(["int", "float"])
        name = self.pick(sc.writable(ty))
        head = self.pick(["range(n % 7)", "v", "range(-3, len(a))"])
        sc.vars[k] = "int" if head != "v" else "npi"
        sc.readonly.add(k)
        value = self.expr(ty, sc, 1)
        del sc.vars[k]
        sc.readonly.discard(k)
        key = f"{k} % 3" if head != "v" else f"int({k}) % 3"
        return [f"{d} = {{}}", f"for {k} in {head}:", f"    {d}[{key}] = {d}.get({key}, 0) + {value}",
                f"{name} = {d}.get({self.expr('int', sc, 1)} % 3, {'0' if ty == 'int' else '0.5'}) + len({d})"]

    def ret_stmt(self, sc):
        if self.in_gen:
            return "return"
        if self.ret_names is None:  # g returns (float, int, 1-D float array of length N)
            return f"return {sc.of('float')[-1]}, {sc.of('int')[-1]}, a * {self.pick(['2.0', 'x'])}"
        return "return " + ", ".join(self.ret_names) + f", {self.expr(self.ret_extra, sc, 2)}"

    def function(self, name, nlocals, nstmts, depth):
        sc = Scope()
        sc.vars.update(PARAMS)
        decls = []
        for ty in [*SCALARS, *(self.pick(ARRAY_TYPES) for _ in range(2))] + [self.pick(SCALARS) for _ in range(nlocals)]:
            var = self.fresh({"int": "i", "float": "t", "bool": "q"}.get(ty, "A") if isinstance(ty, str) else "A")
            decls.append(f"{var} = {self.expr(ty, sc, 2)}")
            sc.vars[var] = ty
        locals_ = [k for k in sc.vars if k not in PARAMS]
        self.ret_names = self.r.sample(locals_, min(len(locals_), 3)) if name == "f" else None
        self.ret_extra = self.pick(["int", "float", "bool", "npf", "npi", ("arr", "f", ("N",)), ("arr", "i", ("N",))])
        inner = []
        if name == "f" and self.rn.random() < 0.2:
            # An inner function adding to an int local through `nonlocal`, called as a statement.
            fn, iv = self.fresh("bump"), self.rn.choice(sc.writable("int"))
            inner = [f"def {fn}(k):", f"    nonlocal {iv}", f"    {iv} += k % 5", f"{fn}({self.expr('int', sc, 1)})"]
        body = decls + inner + self.stmts(sc, nstmts, depth, False) + [self.ret_stmt(sc)]
        if self.draws and name == "f":
            body.insert(0, f"np.random.seed({self.rd.randrange(2**32)})")
        return [f"def {name}({SIGNATURE}):"] + ["    " + s for s in body]


def program(seed, calls=True):
    """Source of a module defining `g` (a helper f may call), maybe the generator `gen` f
    iterates, and the entry `f`."""
    p = ProgramGen(seed)
    p.calls = False
    g = p.function("g", 0, p.r.randint(0, 3), 1)
    gen = p.generator() if p.yields else []
    p.calls = calls
    f = p.function("f", p.r.randint(0, 3), p.r.randint(2, 7), 2)
    header = "import heapq\nimport math\nimport operator\nimport random\nimport numpy as np\n" + ("from hasten.typed import List\n" if p.typed else "")
    header += NAMED_HEADER if p.named else ""
    gen_text = "\n".join(gen) + "\n\n\n" if gen else ""
    return header + "\n\n" + "\n".join(g) + "\n\n\n" + gen_text + "\n".join(f) + "\n"
