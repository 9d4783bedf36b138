"""The fuzzer's layouts stream (`ProgramGen`'s mixin, split from gen.py): float sums, means,
products and extremes of element-wise expressions whose operands are laid out differently
(Fortran, reversed, C copies, broadcast rows and columns), over the whole expression, along one
axis, and along two axes of a 3-d expression; whole sums and means of complex ones; the
expression used directly or stored in a variable first. NumPy computes the expression into a
temporary laid out after its operands (order K) and reduces that in memory order, which decides
where NaNs and infinities meet and how sums round. Decided by the `layouts` stream, so other
programs are unchanged."""

MATS = ["m", "np.asfortranarray(m)", "m[::-1]", "m[:, ::-1]", "np.ascontiguousarray(m)", "m.T.T", "np.asfortranarray(m)[::-1]"]
OTHERS = ["a", "b", "x", "a[None, :]", "m[:1, :]", "m[:, :1]"]


class Layouts:
    def memory_order_stmts(self, sc):
        rl = self.rlo
        name = rl.choice(sc.writable("float"))
        left, right, op = rl.choice(MATS), rl.choice(MATS + OTHERS), rl.choice(["+", "-", "*"])
        e = f"({left} {op} {right})"
        if rl.random() < 0.3:
            e = f"(np.abs({e}) {rl.choice(['+', '*'])} {rl.choice(MATS)})"
        pre = []
        if rl.random() < 0.3:
            # Stored first: NumPy's temporary keeps its layout in the variable (order K), which a
            # later reduction walks; hasten lays it out at run time where the types do not tell.
            t = self.fresh("t")
            pre, e = [f"{t} = {e}"], t
        if rl.random() < 0.3:
            # A leading axis of length 1: two axes reduced as NumPy's one line.
            cube = f"({left}[None, :, :] {op} {right})"
            use = rl.choice([f"np.sum({cube}, axis=(1, 2))[0]", f"np.mean({cube}, axis=(0, 1)).sum()",
                             f"np.sum({cube}, axis=(0, 1, 2))", f"{cube}.sum()",
                             # axes apart: truth tests and integer sums, whose order cannot show
                             f"np.any({cube} > 0.5, axis=(0, 2)).sum()", f"np.sum({cube} > 0.0, axis=(2, 0)).sum()",
                             f"np.max(({cube} * 4.0).astype(np.int64), axis=(0, 2)).sum() if {cube}.size else 0"])
        else:
            use = rl.choice([f"{e}.sum()", f"np.mean({e})", f"np.sum({e}, axis=0).sum()", f"{e}.sum(axis=1).sum()",
                             f"np.prod({e})", f"np.mean({e}, axis=0).sum()", f"np.max({e}) if {e}.size else 0.0",
                             f"np.abs(({e} * 1j - {rl.choice(MATS)}).sum())", f"np.mean({e} + 0.5j).imag"])
        return pre + [f"{name} += float({use})"]
