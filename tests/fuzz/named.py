"""The fuzzer's named-tuple stream (`ProgramGen`'s mixin, split from gen.py): instances of the
module's namedtuple classes `Pt` (x, y) and `Pt3` (u, v, w=0.5) made with positional and keyword
arguments, read by field, index and unpacking, compared with plain tuples, kept in a list and
tested with isinstance; and the module's NumPy scalar globals (`HALF`, float32; `SEVEN`, int16)
in arithmetic. Decided by the `named` stream, so other programs are unchanged."""

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
        return lines
