"""The fuzzer's named-tuple stream (`ProgramGen`'s mixin, split from gen.py): instances of the
module's namedtuple classes `Pt` (x, y) and `Pt3` (u, v, w=0.5) made with positional and keyword
arguments, read by field, index and unpacking, compared with plain tuples, kept in a list and
tested with isinstance, `hasattr` and `getattr` with a default, and looped over in tuples of mixed
item types; the module's NumPy scalar globals (`HALF`, float32; `SEVEN`, int16) in
arithmetic; slice objects in locals used as indices; NumPy's order of complex numbers (sorts,
`np.unique`, searches, extremes, comparisons) and np.complex128 scalar arithmetic; and NumPy arguments known
only at run time, tuples as arrays, `np.where` of numbers and complex64 extremes; tuples forwarded
with `*t` into NumPy calls, run-time decimals, legacy polynomials and complex interpolation; held
generator expressions, binned values and extremes with an initial value. Decided
by the `named` stream, so other programs are unchanged."""

HEADER = ("from collections import namedtuple\n"
          "Pt = namedtuple('Pt', ['x', 'y'])\n"
          "Pt3 = namedtuple('Pt3', 'u v w', defaults=(0.5,))\n"
          "HALF = np.float32(0.5)\n"
          "SEVEN = np.int16(7)\n")


class Named:
    def named_stmts(self, sc):
        """A named tuple made from f's values, then read every way."""
        x = self.rnt
        p, q, u, v, pts, r = (self.fresh(k) for k in ("p", "q", "u", "v", "pts", "r"))
        name = self.pick(sc.writable("float"))
        # NaN-free: hasten refuses a NaN met in a comparison of tuples (CPython's answer rests on
        # object identity there).
        fx = self.expr("float", sc, 2)
        fx, iy = f"(float({fx}) if {fx} == {fx} else 0.0)", self.expr("int", sc, 1)
        make = x.choice([f"Pt({fx}, {iy})", f"Pt(y={iy}, x={fx})", f"Pt({fx}, y={iy})"])
        lines = [f"{p} = {make}", f"{u}, {v} = {p}", f"{name} += {p}.x * 0.5 + float({p}[1] % 3) + {u} - float({v})"]
        lines += [f"{name} += float({p} == ({p}.x, {p}.y)) + float(isinstance({p}, Pt)) + len({p}._fields)"]
        if x.random() < 0.5:
            lines += [f"{q} = Pt3({iy}, {p}.x)" if x.random() < 0.5 else f"{q} = Pt3(w={fx}, u={iy}, v=1.0)",
                      f"{name} += float({q}.u) - {q}.v * {q}.w + float(type({q}) is tuple)"]
        if x.random() < 0.4:
            lines += [f"{pts} = [Pt(float(a[i]), i) for i in range(len(a))]",
                      f"for {r} in {pts}:", f"    {name} += {r}.x * {r}.y"]
        if x.random() < 0.4:
            lines += [f"{name} += float(HALF * {p}.x) + float(SEVEN * np.int16({p}.y % 100))"]
        if x.random() < 0.4:
            # Attributes decided from the class at compile time, as CPython finds them at run time.
            lines += [f"{name} += float(hasattr({u}, 'is_integer')) + float(getattr(a, 'ndim', -1)) + float(hasattr({v}, 'shape'))"
                      f" + float(getattr({v}, 'real', 2)) + float(hasattr(np, 'trapz')) + float(getattr({p}, 'x', 1.5))"]
        if x.random() < 0.4:
            # A loop over a tuple whose items differ in type: one copy of the body per item.
            k, w = self.fresh("k"), self.fresh("each")
            stop = x.choice(["continue", "break"])
            lines += [f"for {k}, {w} in enumerate((a, {p}.x, {iy}, 'ab', HALF)):",
                      f"    if {k} == {x.randrange(6)}:", f"        {stop}",
                      f"    {name} += float(len({w})) if isinstance({w}, str) else float(np.sum({w})) * 0.5"]
        if x.random() < 0.4:
            # zip of tuples that mix types unrolls too; sum of one adds item after item.
            z1, z2 = self.fresh("each"), self.fresh("each")
            lines += [f"for {z1}, {z2} in zip(({iy}, {p}.x, HALF), (a, {u}, {iy})):",
                      f"    {name} += float(np.sum({z2})) * float({z1})",
                      f"{name} += float(sum(({v}, {u}, HALF)))"]
        if x.random() < 0.4:
            lines += self.slice_value_stmts(sc, name)
        if x.random() < 0.4:
            lines += self.complex_order_stmts(name)
        if x.random() < 0.4:
            lines += self.run_time_numpy_stmts(sc, name)
        if x.random() < 0.4:
            lines += self.complex_scalar_stmts(name)
        if x.random() < 0.4:
            lines += self.forwarded_stmts(sc, name)
        return lines

    def forwarded_stmts(self, sc, name):
        """A tuple forwarded with `*t` into NumPy calls whose arguments compiled code binds,
        `np.round`'s decimals known only at run time, NumPy's legacy polynomials, `np.interp` of
        complex values at sample points in either order, and `np.clip` without bounds; then the
        layout and reduction streams."""
        k, t, s = (self.fresh(v) for v in ("k", "t", "s"))
        return [f"{k} = {self.expr('int', sc, 1)} % 5 - 2",
                f"{t} = (a, {k} % 4 + 1)",
                f"{name} += float(np.round(a, {k}).sum()) + float(np.clip(*{t}[:1], None, None).sum())",
                f"{name} += float(np.polyval(np.polyder(np.polyadd(a[:3], b[:2]), {k} % 2 + 1), 0.5)) + float(np.polymul(b[:2], a[:2]).sum())",
                f"if np.isfinite(a).all():",
                f"    {name} += float(np.histogram(*{t})[0][0])",
                f"if len(b) > 0:",
                f"    {s} = b if {k} > 0 else np.sort(b)",
                f"    {name} += float(np.abs(np.interp(a, {s}, {s} + 1j * {s}[::-1])).sum()) + float(np.interp(0.5, {s}, {s}[::-1]))"] + self.layout_stmts(k, name) + self.reduction_stmts(k, name) + self.held_stmts(k, name)

    def reduction_stmts(self, k, name):
        """Sums along an axis converting float32 to float64; complex64 ufuncs, `**` and reductions
        along an axis; np.where of a complex condition; np.nan_to_num and np.sinc of complex
        values; max()/min() of enumerate()."""
        z, w = self.fresh("z"), self.fresh("w")
        return [f"{name} += float(m.astype(np.float32).sum(axis={k} % 2, dtype=np.float64).sum())",
                f"{z} = (a + 1j * b[::-1]).astype(np.complex64)",
                f"{name} += float(np.abs(np.square({z}) + np.log1p({z}) + {z} ** 2 + np.power({z}, {k})).sum())",
                f"{name} += float(np.where({z}, 1.0, 2.0).sum()) + float(np.abs(np.nan_to_num({z} * 2.0) + np.sinc({z})).sum())",
                f"{w} = (m - 0.5j * m[::-1]).astype(np.complex64)",
                f"if m.size > 0:",
                f"    {name} += float(np.abs(np.sum({w}, axis={k} % 2)).sum()) + float(np.abs(np.mean({w}, axis=0) - np.max({w}, axis=1)[0]).sum())",
                f"if len(a) > 0:",
                f"    {name} += float(max(enumerate(np.arange(len(a)) % 3))[0]) + float(min((len(a), {k}), ({k}, 1))[0])"]

    def held_stmts(self, k, name):
        """A generator expression held in a local for one use (past an assignment of a constant),
        np.histogram with a range (values near bin ends take NumPy's corrections), np.min with
        initial= along an axis of a transpose (NumPy's choice between -0.0 and 0.0), and
        str.removeprefix/removesuffix."""
        g, c, s = self.fresh("g"), self.fresh("c"), self.fresh("s")
        return [f"{g} = (v * v for v in a if v == v)",
                f"{c} = 0.0",
                f"{name} += float(sum({g})) + {c}",
                f"{name} += float(np.histogram(a, {k} % 4 + 5, range=(-1.0, 1.0))[0].sum())",
                f"{name} += float(np.min(m.T, axis=0, initial=0.5).sum()) + float(np.max(m, axis=1, initial=-0.5).sum())",
                f"{s} = 'ab' + str({k})",
                f"{name} += float(len({s}.removeprefix('a')) + len({s}.removesuffix(str({k}))))"]

    def layout_stmts(self, k, name):
        """Sums whose order follows memory layout: np.trapezoid along either axis of a matrix and
        of its transpose, np.copy of a transpose summed along an axis; and NumPy's complex order in
        np.median and min()/max() of np.complex128 elements."""
        z = self.fresh("z")
        return [f"{name} += float(np.trapezoid(m, axis={k} % 2).sum()) + float(np.trapezoid(m.T, dx=0.5, axis=-1).sum())",
                f"{name} += float(np.copy(m.T).sum(axis=0).sum())",
                f"{z} = a + 1j * b[::-1]",
                f"if len(a) > 0:",
                f"    {name} += float(abs(np.median({z}))) + float(abs(max({z}[0], {z}[-1]) - min({z}[-1], {z}[0])))"]

    def complex_scalar_stmts(self, name):
        """np.complex128 elements in NumPy's scalar arithmetic: its quotient (no error for a zero
        divisor), `**`, ordering, `abs`, and a Python complex beside them."""
        z = self.fresh("z")
        return [f"{z} = a + 1j * b[::-1]", f"if len(a) > 1:",
                f"    {name} += float((({z}[0] / {z}[1]) * (1j - {z}[1]) - {z}[0] ** 2).real) + float({z}[0] < {z}[1]) + float(abs({z}[1] + 0.5j))"]

    def run_time_numpy_stmts(self, sc, name):
        """NumPy arguments known only at run time (`np.rot90`'s k, `np.diff`'s order,
        `np.convolve`'s mode), tuples of numbers taken as arrays, `np.where` of numbers (a 0-d
        array) in arithmetic, and complex64 extremes and choices."""
        k, t, w, z = (self.fresh(v) for v in ("k", "t", "w", "z"))
        fx = self.expr("float", sc, 1)
        fx = f"(float({fx}) if {fx} == {fx} else 0.0)"
        return [f"{k} = {self.expr('int', sc, 1)} % 5 - 2",
                f"{name} += float(np.rot90(m, {k}).sum()) + float(np.diff(a, {k} + 2).sum())",
                f"if len(a) > 0 and len(b) > 0:",
                f"    {name} += float(np.convolve(a, b, ('valid', 'same', 'full')[{k} % 3]).sum())",
                f"{t} = ({fx}, 1.5, -2.0)",
                f"{name} += float(np.roll({t}, {k})[0]) + float(np.array_equal({t}, {t}))",
                f"{w} = np.where({fx} > 0.5, {fx}, -1.0)",
                f"{name} += float({w} * 2.0) + float({w} < 1.0)",
                f"{z} = (a + 1j * b[::-1]).astype(np.complex64)",
                f"{name} += float(np.maximum({z}, {z}[::-1]).real.sum()) + float(np.where(a > 0.5, {z}, 0.5).imag.sum())"]

    def slice_value_stmts(self, sc, name):
        """A slice object in a local, used as an index of arrays and in a tuple index."""
        x, s = self.rnt, self.fresh("s")
        lo, hi = self.expr("int", sc, 1), self.expr("int", sc, 1)
        step = x.choice(["None", "1", "2", "-1", "-3"])
        return [f"{s} = slice({lo} % 7 - 3, {hi} % 9 - 4, {step})",
                f"{name} += float(a[{s}].sum()) + len(b[{s}]) + float({s}.start)",
                f"if m.shape[1] > 0:", f"    {name} += float(m[{s}, 0].sum())"]

    def complex_order_stmts(self, name):
        """NumPy's order of complex numbers: a stable sort, its permutation, the extremes, the
        groups of `np.unique`, searches and lexicographic comparisons of a complex array."""
        z = self.fresh("z")
        return [f"{z} = a + 1j * b[::-1]", f"{name} += float(np.sort({z}, kind='stable').real.sum()) + float((({z} < {z}[::-1]).sum()))",
                f"{name} += float(len(np.unique({z}))) + float(np.searchsorted(np.sort({z}, kind='stable'), {z}).sum())",
                f"if len(a) > 0:", f"    {name} += float(np.argsort({z}, kind='stable')[0]) + float(np.max({z}).imag - np.min({z}).real)"]
