"""Strings in compiled code against numba and plain Python, side by side in one process.

    python bench/strings.py [--quick] [--tier 1|2|auto]

Workloads (the string issue's yardsticks): counting the words of a ~10 MB text (split into
words, counted in a dict built in the function); building a 10**5-line string with f-strings
(`f"{i:6d}: {x:.3f} {name}"` per line, joined). Each compiled result is checked against Python's.
numba runs the same functions where it compiles them (its typed dict for `{}`; it has no format
specs in f-strings, so that column says so).
"""

import argparse

from _harness import best, runners as make_runners


def word_count(text):
    counts = {}
    for w in text.split():
        if w in counts:
            counts[w] += 1
        else:
            counts[w] = 1
    return counts


def build_lines(n, name):
    lines = []
    for i in range(n):
        x = i * 0.001
        lines.append(f"{i:6d}: {x:.3f} {name}")
    return "\n".join(lines)


def make_text(nbytes):
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu"]
    out, size, k = [], 0, 0
    while size < nbytes:
        w = words[(k * 7 + k // 3) % len(words)] + str(k % 997)
        out.append(w)
        size += len(w) + 1
        k += 1
    return " ".join(out)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true", help="1 MB of text, 10**4 lines, fewer repeats")
    p.add_argument("--tier", choices=["1", "2", "auto"], default="auto", help="hasten's tier (auto, the default: tier 1 until the calls have run long enough to promote)")
    a = p.parse_args()
    nbytes, nlines, repeat = (1_000_000, 10_000, 2) if a.quick else (10_000_000, 100_000, 3)
    runners = make_runners("python", tier=a.tier)
    text = make_text(nbytes)
    workloads = [
        (f"word count, {len(text) / 1e6:.0f} MB text", word_count, (text,), (make_text(1000),)),
        (f"{nlines} f-string lines, joined", build_lines, (nlines, "name"), (10, "x")),
    ]
    print(f"{'workload':30} " + " ".join(f"{name:>10}" for name, _ in runners) + "   hasten/numba  hasten/python")
    for title, fn, args, small in workloads:
        expected = fn(*args)
        times = {}
        for name, jit in runners:
            f = jit(fn)
            try:
                f(*small)
            except Exception as e:  # noqa: BLE001 - numba refuses some of these; report it
                print(f"  {name} cannot compile {fn.__name__}: {type(e).__name__}: {str(e).splitlines()[0][:80]}")
                continue
            got = f(*args)
            assert dict(got) == expected if isinstance(expected, dict) else got == expected, f"{name} differs on {title}"
            times[name] = best(f, *args, repeat=repeat)
        cols = " ".join(f"{times[name]:9.4f}s" if name in times else f"{'n/a':>10}" for name, _ in runners)
        vs_numba = f"{times['hasten'] / times['numba']:.2f}" if "numba" in times else "-"
        print(f"{title:30} {cols}   {vs_numba:>12}  {times['hasten'] / times['python']:>13.2f}")


if __name__ == "__main__":
    main()
