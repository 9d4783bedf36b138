"""The fuzzer's work-queue stream (`ProgramGen`'s mixin, split from gen.py): `while q:` over a heap
of (float, int) tuples or a list used as a stack, the truth of containers, lists of dicts unpacked
with a starred target, and the least (value, index) pair by tuple order. Decided by the `queues`
stream, so other programs are unchanged."""


class Queues:
    def queue_stmts(self, sc):
        """A work queue drained by `while q:` (a heap of (float, int) tuples, or a plain list used
        as a stack), the truth of containers, and the least (value, index) pair by tuple order."""
        x = self.rq
        q, v, i, k, best = self.fresh("q"), self.fresh("v"), self.fresh("i"), self.fresh("k"), self.fresh("best")
        name = self.pick(sc.writable("float"))
        # Compared items are kept NaN-free: hasten refuses a NaN met in a comparison of tuples or
        # lists (CPython's answer rests on object identity there).
        nz = lambda e: f"(float({e}) if {e} == {e} else 0.0)"  # noqa: E731
        if x.random() < 0.5:
            scale = self.expr("float", sc, 1)
            push = x.choice([f"heapq.heappush({q}, ({nz(f'a[{i} + 1] * ({scale})')}, {i} + 1))",
                             f"heapq.heappush({q}, ({nz(f'{v} - 1.0')}, {i} + 1))"])
            lines = [f"{q} = [({nz('a[0]')}, 0)]", f"{k} = 0", f"while {q} and {k} < 40:",
                     f"    {v}, {i} = heapq.heappop({q})", f"    {name} += float({v}) * ({i} + 1)",
                     f"    if {i} + 1 < len(a):", f"        {push}", f"    {k} += 1"]
        else:
            lines = [f"{q} = list(a)", f"while {q}:", f"    {v} = {q}.pop()", f"    if {v} > 0.5 and len({q}) > 2:",
                     f"        {q}.pop(0)", f"    {name} += float({v}) + len({q})"]
        lines += [f"{name} += (1.0 if {q} else -1.0) + float(not {q})"]
        if x.random() < 0.3:
            lines += [f"{name} += float(sum(map(abs, list(a)))) + float(len(','.join(map(str, range(n % 5)))))"]
        if x.random() < 0.4:
            rows, r, h, t = self.fresh("rows"), self.fresh("r"), self.fresh("h"), self.fresh("t")
            weight = self.expr("float", sc, 1)
            lines += [f"{rows} = [{{'v': {nz('a[0]')}, 'w': 1.0}}]", f"for {i} in range(len(a)):",
                      f"    {rows}.append({{'v': {nz(f'a[{i}] * ({weight})')}, 'w': float({i})}})",
                      f"    if {i} % 3 == 0:", f"        {rows}[0]['w'] += 1.0",
                      f"{h}, *{t} = [{r}['v'] - {r}['w'] for {r} in {rows}]",
                      f"{name} += {h} + float(len({t})) + (1.0 if {t} == sorted({t}) else -2.0) + float([{h}] < {t})"]
        if x.random() < 0.5:
            lines += [f"{best} = ({nz('a[0]')}, 0)", f"for {i} in range(len(a)):",
                      f"    if ({nz(f'a[{i}]')}, -{i}) {x.choice(['<', '<=', '>', '>='])} {best}:", f"        {best} = ({nz(f'a[{i}]')}, -{i})",
                      f"{name} += float({best}[0]) + {best}[1]"]
        return lines
