"""What the benchmark scripts share: the best of several timed calls, and the compilers they compare."""

import time
import warnings


def best(f, *args, repeat=1, fresh=None):
    """The shortest of `repeat` timings of `f(*args)`; with `fresh`, each call gets `fresh()`'s
    arguments instead, made outside the timing (for calls that consume or mutate their input)."""
    times = []
    for _ in range(repeat):
        call_args = fresh() if fresh is not None else args
        t = time.perf_counter()
        f(*call_args)
        times.append(time.perf_counter() - t)
    return min(times)


def interleaved_best(fs, args=(), repeat=1, fresh=None):
    """The best time of each function of the dict `fs`, the runs taking turns so that a change of
    the machine's load, or of the C library's heap (a list's growth faults in fresh pages until
    `malloc` keeps its freed memory, whoever runs first), falls on all of them alike; with `fresh`,
    each call gets `fresh()`'s arguments, made outside the timing."""
    times = {name: [] for name in fs}
    for _ in range(repeat):
        for name, f in fs.items():
            call_args = fresh() if fresh is not None else args
            t = time.perf_counter()
            f(*call_args)
            times[name].append(time.perf_counter() - t)
    return {name: min(ts) for name, ts in times.items()}


def runners(reference, tier="auto"):
    """[(name, jit)]: `reference` (the function run as it is: "python" or "numpy"), hasten (on
    `tier`: 1, 2 or "auto"), and numba when it is installed (said when it is not)."""
    import hasten

    out = [(reference, lambda f: f), ("hasten", lambda f: hasten.njit(f, tier=tier if tier == "auto" else int(tier)))]
    try:
        import numba
    except ImportError:
        print("numba is not installed: its column is left out")
        return out
    warnings.simplefilter("ignore")  # numba's deprecation and performance warnings
    out.append(("numba", numba.njit))
    return out
