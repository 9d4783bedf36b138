"""The fuzzer's optional-locals stream (`ProgramGen`'s mixin, split from gen.py): a local that
starts as None and takes numbers in a loop (`best = None`, `if best is None or x < best`), read
through `is None` tests, arithmetic and orderings, sometimes unguarded inside `try` so that
CPython's TypeError for None is compared too (`hasten_typeck`'s optional.rs). Decided by the
`optionals` stream, so other programs are unchanged."""


class Optionals:
    def optional_stmts(self, sc):
        """A None-initialised local updated in a counted loop, then used."""
        ro = self.ro
        o, k = self.fresh("o"), self.fresh("ok")
        ty = ro.choice(["int", "float"])
        sc.vars[k] = "int"
        sc.readonly.add(k)
        value = self.expr(ty, sc, 2)
        guard = ro.choice([f"{o} is None or {value} {ro.choice(['<', '>', '<=', '>='])} {o}",
                           f"{o} == None or {k} % 2 == 0", f"{o} is not None and {o} > 0", f"{self.expr('bool', sc, 1)}"])
        del sc.vars[k]
        sc.readonly.discard(k)
        lines = [f"{o} = None", f"for {k} in range({self.expr('int', sc, 1)} % 7):",
                 f"    if {guard}:", f"        {o} = {value}"]
        name = ro.choice(sc.writable("float"))
        use = ro.choice([f"{name} += {o} * 0.5", f"{name} = {name} - {o}", f"{name} += float({o} < {name})"])
        lines += [f"if {o} is not None:", f"    {use}", "else:", f"    {name} -= 1.0"]
        if ro.random() < 0.3:
            # Unguarded: CPython's TypeError when it is still None.
            lines += ["try:", f"    {name} += {o} + 1", "except TypeError:", f"    {name} += 0.25"]
        return lines
