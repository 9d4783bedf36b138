"""The fuzzer's generator stream (`ProgramGen`'s mixin, split from gen.py): a generator function
`gen` over f's parameters, its `yield`s of floats anywhere among random statements, early
`return`s and closures, which f iterates by `for` loops (their bodies may break or continue, with
an `else`), `sum/min/max`, comprehensions and `enumerate` (hasten inlines it into each loop,
`hasten_typeck`'s yields.rs). Decided by the `yields` stream, so other programs are unchanged."""


class Yields:
    def generator(self):
        """`gen`: a generator function over f's parameters, its `yield`s (of floats) anywhere
        among its statements, a `return` ending it early; no `try`."""
        self.in_gen = True
        from .gen import PARAMS, SCALARS, SIGNATURE, Scope

        sc = Scope()
        sc.vars.update(PARAMS)
        decls = []
        for ty in SCALARS:
            var = self.fresh({"int": "i", "float": "t", "bool": "q"}[ty])
            decls.append(f"{var} = {self.expr(ty, sc, 2)}")
            sc.vars[var] = ty
        body = decls + self.stmts(sc, self.ry.randint(1, 4), 2, False) + [f"yield float({self.expr('float', sc, 2)})"]
        self.in_gen = False
        return [f"def gen({SIGNATURE}):"] + ["    " + s for s in body]

    def gen_stmts(self, sc):
        """A `for` loop over `gen(...)` whose body may break or continue (with an `else`), and a
        reduction, comprehension or `enumerate` of another call."""
        y = self.fresh("y")
        name = self.ry.choice(sc.writable("float"))
        call = lambda: f"gen(a, b, m, v, {self.expr('int', sc, 1)} % 9, {self.expr('float', sc, 1)})"  # noqa: E731
        head = f"for {y} in {call()}:"
        sc.vars[y] = "float"
        sc.readonly.add(y)
        body = self.stmts(sc, self.ry.randint(1, 2), 1, True)
        del sc.vars[y]
        sc.readonly.discard(y)
        lines = [head, f"    {name} += {y}"] + ["    " + line for line in body]
        if self.ry.random() < 0.3:
            lines += ["else:", f"    {name} -= 1.0"]
        count = self.ry.choice(sc.writable("int"))
        lines.append(self.ry.choice([f"{name} += sum({call()})", f"{count} += len([w for w in {call()} if w > {name}])",
                                     f"{name} += max(w for w in {call()})", f"for {y}k, {y}w in enumerate({call()}, {count} % 3):",
                                     f"{name} += min({call()})"]))
        if lines[-1].startswith("for "):
            lines.append(f"    {count} += {y}k + int({y}w > 0.5)")
        return lines
