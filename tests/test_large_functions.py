"""Functions too large for the backtracking register allocator's time (`LARGE_FUNCTION_INSTS`
Cranelift instructions) are compiled with the single-pass allocator: generated functions of
hundreds of statements (branches, NumPy calls and their temporaries, calls of the runtime, a
raised exception) give CPython's results."""

import numpy as np
import pytest

from conftest import check, jit_source


def program(n, raise_at=None):
    lines = ["def f(a, b, k):", "    t = 0.0", "    s = 0"]
    for i in range(n):
        lines.append(f"    t += float(np.sort(a)[{i} % len(a)]) * {i % 7}.5 - b[{i} % len(b)]")
        lines.append(f"    if t > {i * 3}:")
        lines.append(f"        t -= float(np.cumsum(b).max())")
        lines.append(f"    s += len(str({i})) + int(t) % {i % 5 + 2}")
        if raise_at == i:
            lines.append("    if k > 2:")
            lines.append("        raise ValueError(f'k was {k}, t {t:.3f}')")
    lines.append("    return t, s, a * t")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("n", [300, 700])
def test_large_functions_give_cpythons_results(n):
    f = jit_source(program(n, raise_at=n // 2), np=np)
    a, b = np.array([3.0, -1.0, 2.5, 0.25]), np.array([0.5, 1.5, -2.0])
    check(f, a, b, 1)
    check(f, a, b, 5)  # ValueError raised halfway, its message formatted
