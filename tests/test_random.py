"""np.random inside compiled code, bit-identical to NumPy's legacy global RandomState.

Each test function seeds, then draws: under CPython (`f.py_func`) that is NumPy's global
`RandomState`, under hasten its own per-thread state, so `check` compares the two draw for draw
(values bitwise, dtypes, shapes, Python scalar types, and the errors)."""

import math

import numpy as np
import numpy.random as npr
import pytest
from hypothesis import given, settings, strategies as st

from conftest import check, jit_source
from hasten import njit, prange, UnsupportedError
from numpy.random import normal as _normal, seed as _seed

seeds = st.integers(0, 2**32 - 1)
sizes = st.integers(0, 12)

# name: (parameters as source, strategies of the parameters)
pos = st.floats(0.05, 50.0)
small = st.floats(0.05, 3.0)
unit = st.floats(0.01, 1.0)
real = st.floats(-1e3, 1e3)
DISTRIBUTIONS = {
    "random_sample": ("", []),
    "random": ("", []),
    "standard_normal": ("", []),
    "standard_exponential": ("", []),
    "standard_cauchy": ("", []),
    "normal": ("a, b", [real, pos]),
    "uniform": ("a, b", [real, real]),
    "exponential": ("a", [pos]),
    "standard_gamma": ("a", [st.one_of(small, pos, st.sampled_from([0.0, 1.0]))]),
    "gamma": ("a, b", [st.one_of(small, pos), pos]),
    "beta": ("a, b", [st.one_of(small, pos), st.one_of(small, pos)]),
    "chisquare": ("a", [st.one_of(small, pos)]),
    "f": ("a, b", [pos, pos]),
    "standard_t": ("a", [st.one_of(small, pos)]),
    "poisson": ("a", [st.one_of(small, pos, st.floats(10.0, 1e6), st.just(0.0))]),
    "binomial": ("a, b", [st.integers(0, 10**6), unit]),
    "geometric": ("a", [unit]),
    "lognormal": ("a, b", [st.floats(-3, 3), small]),
    "logistic": ("a, b", [real, pos]),
    "laplace": ("a, b", [real, pos]),
    "gumbel": ("a, b", [real, pos]),
    "weibull": ("a", [st.one_of(small, pos, st.just(0.0))]),
    "pareto": ("a", [st.one_of(small, pos)]),
    "power": ("a", [st.one_of(small, pos)]),
    "rayleigh": ("a", [pos]),
    "vonmises": ("a, b", [st.floats(-4, 4), st.one_of(st.floats(0, 1e-6), small, pos)]),
    "wald": ("a, b", [pos, pos]),
    "zipf": ("a", [st.floats(1.1, 6.0)]),
    "negative_binomial": ("a, b", [st.one_of(small, pos), unit]),
    "logseries": ("a", [st.one_of(st.floats(0.0, 0.999999), st.sampled_from([0.0, 1e-12, 0.5]))]),
    "noncentral_chisquare": ("a, b", [st.one_of(small, pos, st.just(1.0)), st.one_of(st.just(0.0), small, pos, st.floats(10.0, 1e4))]),
}

_compiled = {}


def sampler(name, params):
    """Seeds, then draws a scalar, a 1-D array of n and a (2, n) array, interleaved with
    normals so that the cached second Gaussian is exercised."""
    key = (name, params)
    if key not in _compiled:
        args = f"{params}, " if params else ""
        src = (
            f"def f(seed, {args}n):\n"
            f"    np.random.seed(seed)\n"
            f"    r0 = np.random.{name}({params})\n"
            f"    r1 = np.random.normal()\n"
            f"    r2 = np.random.{name}({args}size=n)\n"
            f"    r3 = np.random.{name}({args}size=(2, n))\n"
            f"    r4 = np.random.standard_normal()\n"
            f"    return r0, r1, r2, r3, r4\n"
        )
        _compiled[key] = jit_source(src, np=np)
    return _compiled[key]


@pytest.mark.parametrize("name", sorted(DISTRIBUTIONS))
@settings(max_examples=25, deadline=None)
@given(data=st.data(), seed=seeds, n=sizes)
def test_distribution_bit_identical(name, data, seed, n):
    params, strategies = DISTRIBUTIONS[name]
    values = [data.draw(s) for s in strategies]
    check(sampler(name, params), seed, *values, n)


@settings(max_examples=40, deadline=None)
@given(seed=seeds, low=st.integers(-(2**62), 2**62), span=st.one_of(st.integers(1, 300), st.integers(1, 2**33), st.integers(1, 2**62 - 1)), n=sizes)
def test_randint_bounded_algorithm(seed, low, span, n):
    @njit
    def f(seed, low, high, n):
        np.random.seed(seed)
        return np.random.randint(low, high), np.random.randint(low, high, n), np.random.randint(high - low), np.random.randint(low, high=high, size=(n, 2))

    check(f, seed, low, low + span, n)


def test_randint_extreme_ranges():
    @njit
    def f(seed, low, high):
        np.random.seed(seed)
        return np.random.randint(low, high, 5)

    for low, high in [(0, 2**32), (0, 2**32 + 1), (-(2**63), 2**63 - 1), (5, 6), (0, 2**32 - 1), (-(2**31), 2**31)]:
        check(f, 3, low, high)


@settings(max_examples=30, deadline=None)
@given(seed=seeds, calls=st.lists(st.sampled_from(["normal", "randn", "random", "gamma", "standard_t", "randint", "cauchy"]), max_size=12))
def test_interleaved_draws_keep_the_gaussian_cache(seed, calls):
    body = {
        "normal": "np.random.normal(1.0, 2.0)",
        "randn": "np.random.randn()",
        "random": "np.random.random()",
        "gamma": "np.random.gamma(3.0)",
        "standard_t": "np.random.standard_t(2.5)",
        "randint": "float(np.random.randint(100))",
        "cauchy": "np.random.standard_cauchy()",
    }
    lines = "".join(f"    out[{k}] = {body[c]}\n" for k, c in enumerate(calls))
    src = f"def f(seed):\n    np.random.seed(seed)\n    out = np.zeros({len(calls)})\n{lines}    return out\n"
    check(jit_source(src, np=np), seed)


def test_seed_resets_the_cached_gaussian():
    @njit
    def f():
        np.random.seed(1)
        a = np.random.normal()
        np.random.seed(1)
        b = np.random.normal()
        return a, b

    check(f)


def test_rand_randn_forms():
    @njit
    def f(seed):
        np.random.seed(seed)
        return np.random.rand(), np.random.rand(3), np.random.rand(2, 3), np.random.randn(), np.random.randn(4, 1, 2), np.random.random((2, 2)), np.random.sample(3), np.random.ranf(2)

    check(f, 12345)


def test_keywords_and_defaults():
    @njit
    def f(seed):
        np.random.seed(seed=seed)
        return (
            np.random.normal(scale=3.0),
            np.random.uniform(high=5.0, size=3),
            np.random.exponential(size=2),
            np.random.poisson(size=4),
            np.random.gamma(2.0, scale=0.5),
            np.random.randint(low=2, high=9, size=3),
            np.random.laplace(size=2),
        )

    check(f, 99)


@settings(max_examples=40, deadline=None)
@given(seed=seeds, ngood=st.integers(0, 2000), nbad=st.integers(0, 2000), frac=st.floats(0, 1), n=sizes)
def test_hypergeometric(seed, ngood, nbad, frac, n):
    @njit
    def f(seed, ngood, nbad, nsample, n):
        np.random.seed(seed)
        return np.random.hypergeometric(ngood, nbad, nsample), np.random.hypergeometric(ngood, nbad, nsample, n)

    nsample = max(1, int(frac * (ngood + nbad)))
    check(f, seed, ngood, nbad, nsample, n)


@settings(max_examples=40, deadline=None)
@given(seed=seeds, left=st.floats(-100, 100), a=st.floats(0, 50), b=st.floats(0.01, 50), n=sizes)
def test_triangular(seed, left, a, b, n):
    @njit
    def f(seed, left, mode, right, n):
        np.random.seed(seed)
        return np.random.triangular(left, mode, right), np.random.triangular(left, mode, right, n)

    check(f, seed, left, left + a, left + a + b, n)


# ---- shuffle, permutation, choice ---------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(seed=seeds, n=st.integers(0, 40), m=st.integers(0, 4))
def test_shuffle_in_place(seed, n, m):
    @njit
    def f(seed, a, b, c):
        np.random.seed(seed)
        np.random.shuffle(a)
        np.random.shuffle(b)
        np.random.shuffle(c[::2])
        return np.random.random()

    a = np.arange(n, dtype=np.float64)
    b = np.arange(n * m * 2, dtype=np.int32).reshape(n, m, 2)
    c = np.arange(2 * n, dtype=np.int64)
    check(f, seed, a, b, c)


def test_shuffle_read_only():
    @njit
    def f(a):
        np.random.shuffle(a)

    a = np.arange(4.0)
    a.flags.writeable = False
    check(f, a)


@settings(max_examples=40, deadline=None)
@given(seed=seeds, n=st.integers(-3, 40))
def test_permutation(seed, n):
    @njit
    def f(seed, n, a):
        np.random.seed(seed)
        return np.random.permutation(n), np.random.permutation(a), np.random.permutation(a.T)

    a = np.arange(max(n, 0) * 3, dtype=np.float32).reshape(max(n, 0), 3)
    check(f, seed, n, a)


@settings(max_examples=60, deadline=None)
@given(seed=seeds, pop=st.integers(1, 30), n=st.integers(0, 30), replace=st.booleans(), weights=st.lists(st.floats(0, 10), min_size=30, max_size=30))
def test_choice(seed, pop, n, replace, weights):
    @njit
    def plain(seed, pop, n, replace, a):
        np.random.seed(seed)
        return np.random.choice(pop), np.random.choice(pop, n, replace), np.random.choice(a, size=(n, 1), replace=replace), np.random.choice(a)

    @njit
    def weighted(seed, pop, n, replace, a, p):
        np.random.seed(seed)
        return np.random.choice(a, n, replace, p), np.random.choice(pop, p=p), np.random.choice(pop, size=n, replace=replace, p=p)

    a = np.arange(pop, dtype=np.float64) * 1.5
    check(plain, seed, pop, n, replace, a)
    w = np.array(weights[:pop])
    if w.sum() > 0:
        p = w / w.sum()
        check(weighted, seed, pop, n, replace, a, p)


# ---- errors --------------------------------------------------------------------------------------


@njit
def _errors(which, x):
    np.random.seed(0)
    if which == 0:
        return np.random.normal(0.0, x)
    if which == 1:
        return float(np.random.exponential(x, size=3)[0])
    if which == 2:
        return float(np.random.randint(int(x)))
    if which == 3:
        return float(np.random.randint(5, 5))
    if which == 4:
        np.random.seed(int(x))
        return 0.0
    if which == 5:
        return np.random.uniform(0.0, x)
    if which == 6:
        return float(np.random.normal(0.0, x, size=-1)[0])
    if which == 7:
        return float(np.random.poisson(x))
    if which == 8:
        return float(np.random.binomial(3, x))
    if which == 9:
        return float(np.random.geometric(x))
    if which == 10:
        return float(np.random.zipf(x))
    if which == 11:
        return np.random.triangular(0.0, x, 1.0)
    if which == 12:
        return float(np.random.hypergeometric(3, 4, int(x)))
    if which == 13:
        return np.random.beta(x, 1.0)
    if which == 14:
        return float(np.random.choice(int(x)))
    if which == 15:
        return float(np.random.choice(5, int(x), replace=False)[0])
    if which == 16:
        return float(np.random.choice(np.arange(3.0), p=np.array([0.5, 0.5, x])))
    if which == 17:
        return float(np.random.negative_binomial(1.0, x))
    if which == 19:
        return float(np.random.logseries(x))
    if which == 20:
        return np.random.noncentral_chisquare(1.0, x)
    if which == 21:
        return np.random.noncentral_chisquare(x, 2.5)
    if which == 22:
        return float(np.random.noncentral_chisquare(3.0, x, size=4)[3])
    return np.random.wald(x, 1.0)


@pytest.mark.parametrize("which", range(23))
@pytest.mark.parametrize("x", [-1.0, 0.0, 1.5, math.nan, math.inf, 2.0**32, 12.0])
def test_errors_match_numpy(which, x):
    if which in (2, 4, 14, 15, 12) and not math.isfinite(x) or (which == 10 and x > 1000):
        # no int to pass; NumPy itself never returns from zipf of a huge a
        return
    check(_errors, which, x)


def test_unsupported_cases_are_named():
    @njit
    def f(a):
        return np.random.normal(a, 1.0)

    with pytest.raises(UnsupportedError, match="broadcasting"):
        f(np.zeros(3))

    @njit
    def g():
        return np.random.randint(3, dtype=np.int32)

    with pytest.raises(UnsupportedError, match="dtype"):
        g()

    @njit
    def h():
        return np.random.multivariate_normal()

    with pytest.raises(UnsupportedError, match="multivariate_normal"):
        h()


# ---- state ---------------------------------------------------------------------------------------


def test_state_is_separate_from_numpys():
    @njit
    def seed(s):
        np.random.seed(s)

    @njit
    def draw():
        return np.random.random()

    seed(5)
    np.random.seed(6)
    expected_numpy = np.random.random()
    np.random.seed(6)
    got = draw()
    assert np.random.random() == expected_numpy  # compiled draws did not move NumPy's state
    np.random.seed(5)
    assert got == np.random.random()


def test_unseeded_threads_start_from_entropy():
    import subprocess
    import sys

    code = "import numpy as np\nfrom hasten import njit\n@njit\ndef f():\n    return np.random.random()\nprint(repr(f()))\n"
    import os, tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as fh:
        fh.write(code)
    try:
        outs = {subprocess.run([sys.executable, fh.name], capture_output=True, text=True, env=os.environ).stdout for _ in range(2)}
    finally:
        os.unlink(fh.name)
    assert len(outs) == 2 and all(o.strip() for o in outs)


def test_seed_without_argument_reseeds_from_entropy():
    @njit
    def f():
        np.random.seed(3)
        np.random.seed()
        return np.random.random()

    np.random.seed(3)
    assert f() != np.random.random() or f() != f()


def test_parallel_threads_have_their_own_states():
    @njit(parallel=True)
    def f(n):
        out = np.empty(n)
        for i in prange(n):
            out[i] = np.random.random()
        return out

    r = f(10_000)
    assert r.shape == (10_000,) and ((r >= 0) & (r < 1)).all()
    assert len(np.unique(r)) > 9_000


def test_seeded_prange_draws_are_the_same_for_every_thread_count():
    """Each chunk draws from its own stream, seeded from the region's key (one draw of the
    entering thread's state, taken only when a chunk draws) and the chunk's index; chunks depend
    on the trip count alone, so the values do not depend on which thread ran what."""
    from hasten import get_num_threads, set_num_threads

    @njit(parallel=True)
    def f(seed, n):
        np.random.seed(seed)
        before = np.random.random()
        out = np.empty(n)
        for i in prange(n):
            out[i] = np.random.random() + np.random.normal()
        again = np.empty(n)
        for i in prange(n):  # a second region: other streams
            again[i] = np.random.random()
        for i in prange(n):  # a region that never draws leaves the serial stream alone
            again[i] += 0.0
        return before, out, again, np.random.random()

    @njit(parallel=True)
    def reseeded(n):
        out = np.empty(n)
        for i in prange(n):
            np.random.seed(i)  # seeds the stream of the chunk running i
            out[i] = np.random.random()
        return out

    threads = get_num_threads()
    try:
        runs = []
        for t in sorted({1, 2, threads}):
            set_num_threads(t)
            runs.append((f(7, 10_000), f(7, 10_000), reseeded(300)))
    finally:
        set_num_threads(threads)
    (before, out, again, after), twice, seeded = runs[0]
    for run in runs:
        for x, y in zip(run[0] + run[1] + (run[2],), runs[0][0] + runs[0][0] + (seeded,)):
            assert np.array_equal(x, y)
    np.random.seed(7)
    assert before == np.random.random()  # the serial stream before the region is NumPy's
    assert len(np.unique(out)) == out.size and len(np.unique(again)) == again.size
    assert ((again >= 0) & (again < 1)).all() and after != before
    expected = []
    for i in range(300):
        np.random.seed(i)
        expected.append(np.random.random())
    assert np.array_equal(seeded, expected)


def test_draws_inside_expressions_are_evaluated_once_in_python_order():
    @njit
    def f(a):
        np.random.seed(1)
        b = a + np.random.random()
        c = np.sqrt(a) * np.random.normal() + np.random.rand(3)
        s = np.sum(a * np.random.random())
        d = a.copy()
        d[1:] = np.random.random()
        d += np.random.random()
        e = np.where(a > 1, np.random.random(), a)
        t = 0.0
        for i in range(3):
            t += np.random.random() if i % 2 == 0 else 1.0
        m = min(np.random.random(), np.random.random())
        return b, c, s, d, e, t, m, np.random.random()

    check(f, np.arange(3.0))


def test_serial_monte_carlo_matches_numpy():
    @njit
    def pi(seed, n):
        np.random.seed(seed)
        inside = 0
        for i in range(n):
            x = np.random.random()
            y = np.random.random()
            if x * x + y * y < 1.0:
                inside += 1
        return 4.0 * inside / n, np.random.randint(1000)

    check(pi, 2024, 20_000)


def test_module_and_function_globals():
    @njit
    def f(s):
        npr.seed(s)
        _seed(s + 1)
        return npr.random(2), _normal(1.0, 2.0), npr.randint(7)

    check(f, 31)
