"""The fuzzer's array-indexing statements (`ProgramGen`'s mixin, split from gen.py): stores and
updates through masks and index arrays, and reads, stores and updates of `m` through an index
array among slices and integers, two index arrays, `...`, or an index held in a local."""


class Indexing:
    def fancy_write(self, sc):
        """A store or update through a boolean mask or an index array."""
        if self.chance(0.5):
            return self.pick([f"a[a > {self.expr('float', sc, 1)}] = {self.expr('float', sc, 1)}",
                              f"b[b < a] += {self.expr('float', sc, 1)}",
                              f"v[v % 3 == 1] = {self.expr('int', sc, 1)}",
                              f"m[m[:, 0] > {self.expr('float', sc, 1)}] = {self.expr('float', sc, 1)}"])
        return self.pick([f"a[np.array([0, -1, 0])] += {self.expr('float', sc, 1)}",
                          f"v[np.array([-1, 0])] = np.array([{self.expr('int', sc, 1)}, {self.expr('int', sc, 1)}])"])

    def mixed_index_stmts(self, sc):
        """A read, store or update of `m` through one index array (or mask) among slices and
        integers, through two index arrays, or through `...`; reads go into a float local."""
        x = self.rx
        idx = x.choice(["np.array([0, -1, 1])", "np.array([1, 1])", "m[0] > 0.5", "np.arange(2)", "np.array([-2])"])
        cols = x.choice(["np.array([0, -1, 1])", "np.array([1, 1])", "np.arange(2)", "np.array([-2])"])
        rows = x.choice(["np.array([0, -1])", "m[:, 0] < 1.0", "np.array([1, 0, 1])"])
        f = lambda: self.expr("float", sc, 1)  # noqa: E731
        name = self.pick(sc.writable("float"))
        # An index held in a local, `...` among its items (or `...` itself).
        held = self.fresh("ix")
        held_index = x.choice(["(..., 0)", "(Ellipsis, -1)", "...", f"(..., {idx})", "(1, Ellipsis)"])
        # Two index arrays together (`m[rows, cols]`), broadcast against each other.
        pair = x.choice(["np.array([0, -1]), np.array([1, 0])", "np.array([[0], [1]]), np.array([[0, -1, 2]])",
                         "v % max(m.shape[0], 1), v % max(len(a), 1)", "np.array([1]), np.arange(len(a))"])
        read = x.choice([f"m[:, {idx}]", f"m[1:, {idx}]", f"m[-1, {idx}]", f"m[{rows}, 0]", f"m[{rows}, ::-1]",
                         "m[..., 0]", "m[-1, ...]", "m[..., None, 1:]", f"m[..., {idx}]", f"m[{pair}]", f"m[{held}]",
                         # several advanced indices apart (NumPy puts their shape first)
                         f"m.reshape(1, m.shape[0], m.shape[1])[0, :, {cols}]", f"m.reshape(1, m.shape[0], m.shape[1])[np.array([0, 0]), ::-1, {cols}]",
                         # integers fixing every axis beside `...`: NumPy's 0-d view
                         "m[-1, ..., 0]", "m[..., 0, -1]"])
        write = x.choice([f"m[:, {idx}] = {f()}", f"m[:, {idx}] += {f()}", f"m[{rows}, 1:] = {f()}",
                          f"m[{rows}, -1] -= {f()}", f"m[..., 0] = {f()}", f"m[::2, ...] *= {f()}", f"m[{pair}] += {f()}",
                          f"m[0, ..., -1] = {f()}", f"m.reshape(1, m.shape[0], m.shape[1])[0, :, {cols}] += {f()}"])
        lines = [f"{held} = {held_index}", write, f"{name} += float({read}.sum())"]
        if x.random() < 0.3:
            dt = x.choice(["m.dtype", "a.dtype", "np.dtype(np.float64)", "v.dtype"])
            lines.append(f"{name} += float(np.ones(2, {dt}).sum()) + (1.0 if {dt} == np.float64 else -1.0) + float(len(str({dt})))")
        return lines
