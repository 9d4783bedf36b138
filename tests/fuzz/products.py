"""The fuzzer's products stream (`ProgramGen`'s mixin, split from gen.py): dot products of two
float vectors of f's length N in several layouts (reversed, rows and columns of `m`, every other
item of a repeat), by `np.dot`, `@`, `np.inner` and `np.vdot`, which must equal NumPy's bits; and
writes through `reshape` views of strided arrays, which must reach the original as in NumPy.
Decided by the `products` stream, so other programs are unchanged."""


class Products:
    def product_stmts(self, sc):
        rp = self.rp
        name = rp.choice(sc.writable("float"))
        vec = lambda p: rp.choice([p, f"{p}[::-1]", f"np.repeat({p}, 2)[::2]", f"{p} * 0.5"])  # noqa: E731
        x = rp.choice([vec("a"), vec("b"), "m[0]", "m[-1, ::-1]", "m[1 % m.shape[0]]"])
        y = vec(rp.choice(["a", "b"]))
        form = rp.choice(["np.dot({}, {})", "{} @ {}", "np.inner({}, {})", "np.vdot({}, {})"])
        lines = ["if m.shape[0] > 0:", f"    {name} += float({form.format(x, y)})"]
        if rp.random() < 0.5:
            target = rp.choice(["a[::-1].reshape(-1, 1)[:, 0]", "a[::2].reshape(1, -1)[0]", "m[:, ::-1].reshape(-1)", "m.T.reshape(-1, m.shape[0])"])
            lines.append(f"{target}[:] += {self.expr('float', sc, 1)}")
        return lines
