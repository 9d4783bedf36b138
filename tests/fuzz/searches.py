"""The fuzzer's searches stream (`ProgramGen`'s mixin, split from gen.py): `in`, `count`, `index`
and `remove` of lists of numbers and of strings, looking for a value of the same kind or of the
other (a string among numbers, a number among strings: CPython finds none equal, so `in` is False,
`count` 0 and `index`/`remove` raise ValueError, caught here). Decided by the `searches` stream,
so other programs are unchanged."""


class Searches:
    def search_stmts(self, sc):
        rs = self.rse
        name = rs.choice(sc.writable("float"))
        nums, strs = self.fresh("ln"), self.fresh("ls")
        i = lambda: self.expr("int", sc, 1)  # noqa: E731
        lines = [f"{nums} = [{i()}, {i()} % 5, 3]", f"{strs} = ['a', str({i()} % 4), '3']"]
        num = rs.choice([i(), "3", "2.5"])
        text = rs.choice(["'a'", "'3'", f"str({i()} % 4)"])
        x, items = rs.choice([(num, nums), (text, strs), (text, nums), (num, strs)])
        lines.append(f"{name} += float({x} in {items}) + {items}.count({x}) - float({x} not in {items})")
        if rs.random() < 0.5:
            found = [f"    {name} += float({items}.index({x}))"]
        else:
            found = [f"    {items}.remove({x})", f"    {name} += float(len({items}))"]
        return lines + ["try:"] + found + ["except ValueError:", f"    {name} -= 0.5"]
