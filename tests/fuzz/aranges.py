"""The fuzzer's aranges stream (`ProgramGen`'s mixin, split from gen.py): `np.arange` of drawn
float or int bounds (NaN and infinities through `%`), steps that are fractions, negative, huge or
infinite, into float and small int dtypes, summed as a fused loop or made and then used, inside a
`try` that catches NumPy's ValueError, OverflowError and ZeroDivisionError (so length errors and
first values that do not fit the dtype are compared by message). The bounds are evaluated before
the `try`, so no int overflow of hasten's is caught there. Decided by the `aranges` stream, so
other programs are unchanged."""

DTYPES = ["np.float64", "np.float32", "np.int64", "np.int16", "np.int8", "np.uint8"]
FLOAT_STEPS = ["0.75", "-1.5", "0.3", "2.0", "1e300", "math.inf", "-math.inf", "0.0"]
INT_STEPS = ["1", "-1", "3", "-7", "100", "0"]


class Aranges:
    def arange_stmts(self, sc):
        ra = self.ra
        name = ra.choice(sc.writable("float"))
        lo, hi = self.fresh("lo"), self.fresh("hi")
        if ra.random() < 0.5:
            bounds = [f"{lo} = {self.expr('float', sc, 1)} % 40.0", f"{hi} = {self.expr('float', sc, 1)} % 40.0 - 20.0"]
            step = ra.choice(FLOAT_STEPS)
        else:
            bounds = [f"{lo} = {self.expr('int', sc, 1)} % 300 - 20", f"{hi} = {self.expr('int', sc, 1)} % 60"]
            step = ra.choice(INT_STEPS)
        call = f"np.arange({lo}, {hi}, {step}, {ra.choice(DTYPES)})"
        use = ra.choice([f"float({call}.sum())", f"float(({call} * 2).sum())", f"float(len({call}))",
                         f"float({call}[-1:].sum())"])
        return bounds + ["try:", f"    {name} += {use}", "except (ValueError, OverflowError, ZeroDivisionError):",
                         f"    {name} -= 0.125"]
