"""Generator.binomial, hypergeometric, multinomial and dirichlet in compiled code, bit-identical to
NumPy's (whose Generator algorithms differ from RandomState's: the corrected BTPE, the
hypergeometric by sampling or HRUA on log-factorials, stick-breaking Dirichlet vectors for small
alphas). Each case runs under CPython and hasten on copies of one generator (`check_gen`): equal
values, dtypes, shapes and scalar types or the same exception, then the same generator state."""

import linecache

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from hasten import njit, UnsupportedError, TypingError
from test_random_generator import BITGENS, check_gen, make

nan = float("nan")
seeds = st.integers(0, 2**63)
bitgens = st.sampled_from(BITGENS)
sizes = st.one_of(st.integers(0, 12), st.tuples(st.integers(0, 4), st.integers(0, 5)))


@njit
def binomial(g, n, p, size):
    return g.binomial(n, p), g.binomial(n, p, size), g.binomial(n=n, p=p, size=size)


@njit
def hypergeometric(g, good, bad, sample, size):
    return g.hypergeometric(good, bad, sample), g.hypergeometric(good, bad, sample, size), g.hypergeometric(ngood=good, nbad=bad, nsample=sample)


@njit
def multinomial(g, n, pvals, size):
    return g.multinomial(n, pvals), g.multinomial(n, pvals, size), g.multinomial(n, pvals=pvals, size=size)


@njit
def dirichlet(g, alpha, size):
    return g.dirichlet(alpha), g.dirichlet(alpha, size), g.dirichlet(alpha=alpha, size=size)


# Inversion (n p <= 30), BTPE on each side of p = 0.5, and the no-draw cases.
BINOMIAL = [(0, 0.5), (7, 0.0), (7, 1.0), (10, 0.3), (10, 0.9), (60, 0.5), (100, 0.3), (100, 0.7), (1000, 0.02),
            (10**6, 0.4), (10**6, 0.999), (2**40, 1e-3), (5, 1e-12)]
# Sampling below 10 items (or within 10 of all), HRUA otherwise; small and large populations.
HYPER = [(0, 5, 3), (5, 0, 3), (5, 10, 0), (5, 10, 15), (5, 10, 9), (5, 10, 10), (100, 200, 50), (200, 100, 250),
         (1000, 20, 500), (10, 10, 11), (10**8, 10**8, 10**6), (10**9 - 1, 3, 40), (3, 10**9 - 1, 10**9 - 5), (130, 130, 128)]


@pytest.mark.parametrize("n, p", BINOMIAL)
def test_binomial_branches_on_every_bit_generator(n, p):
    for k, bitgen in enumerate(BITGENS):
        check_gen(binomial, make(bitgen, k * 31 + 7), n, p, (2, 9))


@pytest.mark.parametrize("good, bad, sample", HYPER)
def test_hypergeometric_branches_on_every_bit_generator(good, bad, sample):
    for k, bitgen in enumerate(BITGENS):
        check_gen(hypergeometric, make(bitgen, k * 31 + 7), good, bad, sample, 9)


@settings(max_examples=150, deadline=None)
@given(bitgens, seeds, st.one_of(st.integers(0, 50), st.integers(0, 10**7)), st.one_of(st.floats(0, 1), st.sampled_from([0.0, 0.5, 1.0])), sizes)
def test_binomial_across_its_domain(bitgen, seed, n, p, size):
    check_gen(binomial, make(bitgen, seed), n, p, size)


@settings(max_examples=150, deadline=None)
@given(bitgens, seeds, st.integers(0, 3000), st.integers(0, 3000), st.floats(0, 1), sizes)
def test_hypergeometric_across_its_domain(bitgen, seed, good, bad, frac, size):
    check_gen(hypergeometric, make(bitgen, seed), good, bad, int(frac * (good + bad)), size)


@settings(max_examples=150, deadline=None)
@given(bitgens, seeds, st.one_of(st.integers(0, 40), st.integers(0, 10**6)),
       st.lists(st.one_of(st.floats(0, 1), st.just(0.0)), min_size=1, max_size=6), sizes)
def test_multinomial_across_its_domain(bitgen, seed, n, weights, size):
    w = np.array(weights)
    pvals = w / w.sum() if w.sum() > 0 else np.full(len(w), 1 / len(w))
    check_gen(multinomial, make(bitgen, seed), n, pvals, size)


@settings(max_examples=150, deadline=None)
@given(bitgens, seeds, st.lists(st.one_of(st.floats(1e-3, 50), st.floats(1e-4, 0.0999), st.just(0.0)), max_size=5), sizes)
def test_dirichlet_across_its_domain(bitgen, seed, alpha, size):
    # All alphas below 0.1 take the stick-breaking path, otherwise normalised gammas.
    check_gen(dirichlet, make(bitgen, seed), np.array(alpha, dtype=np.float64), size)


def test_strided_parameter_arrays():
    p = np.array([0.1, 0.0, 0.2, 0.0, 0.3, 0.0, 0.4])
    check_gen(multinomial, make("PCG64", 3), 50, p[::2], (2, 3))
    check_gen(multinomial, make("SFC64", 3), 50, p[::-1], 4)
    check_gen(dirichlet, make("Philox", 4), np.array([0.5, 9.0, 2.0, 7.0])[::-2], 3)
    check_gen(dirichlet, make("MT19937", 4), np.array([0.01, 0.09, 0.0, 0.02])[::-1], 3)


# Long runs reach BTPE's rare acceptance branches and HRUA's squeezes.
@pytest.mark.parametrize("n, p", [(50, 0.45), (400, 0.3), (10**5, 0.6)])
def test_binomial_long_runs(n, p):
    check_gen(binomial, make("PCG64", 2024), n, p, 20_000)


@pytest.mark.parametrize("good, bad, sample", [(30, 40, 20), (10**4, 10**3, 3000)])
def test_hypergeometric_long_runs(good, bad, sample):
    check_gen(hypergeometric, make("PCG64", 2024), good, bad, sample, 20_000)


@njit
def mixed(g, n):
    total = 0
    for i in range(n):
        u = g.random()
        if u < 0.3:
            total += g.binomial(40, u)
        elif u < 0.6:
            total += g.hypergeometric(20, 30, 12)
        elif u < 0.8:
            total += int(g.multinomial(100, np.array([u, 1 - u]))[0])
        else:
            total += int(g.dirichlet(np.array([u, 0.05]))[0] * 1000)
    return total


@given(bitgens, seeds, st.integers(0, 150))
@settings(max_examples=20, deadline=None)
def test_call_orders(bitgen, seed, n):
    check_gen(mixed, make(bitgen, seed), n)


@pytest.mark.parametrize(
    "src",
    [
        "g.binomial(-1, 0.5)", "g.binomial(5, -0.1)", "g.binomial(5, 1.5)", "g.binomial(5, np.nan)", "g.binomial(-1, np.nan)",
        "g.binomial(5, 0.5, size=-1)", "g.binomial(-5, 0.5, size=-1)", "g.binomial(3, 0.5, size=0)",
        "g.hypergeometric(10**9, 1, 1)", "g.hypergeometric(1, 10**9, 1)", "g.hypergeometric(3, 1, 5)", "g.hypergeometric(-1, 5, 2)",
        "g.hypergeometric(3, -1, 1)", "g.hypergeometric(3, 1, -1)", "g.hypergeometric(-1, -1, -3)", "g.hypergeometric(3, 4, 2, size=-2)",
        "g.hypergeometric(3, 4, 9, size=-2)",
        "g.multinomial(5, np.empty(0))", "g.multinomial(5, np.array([2.0]))", "g.multinomial(5, np.array([0.6, 0.6, 0.1]))",
        "g.multinomial(-1, np.array([0.5, 0.5]), size=-1)", "g.multinomial(-1, np.array([0.5, 0.5]), size=2)",
        "g.multinomial(5, np.array([0.5, np.nan]))", "g.multinomial(5, np.array([-0.1, 1.1]))", "g.multinomial(0, np.array([0.2, 0.3]), 3)",
        "g.multinomial(5, np.array([0.2, 0.3]), size=(2, 0))", "g.multinomial(5, np.array([0.5, 0.5]), size=(-1, 2))",
        "g.dirichlet(np.empty(0), 2)", "g.dirichlet(np.array([1.0, 0.0]), 1)", "g.dirichlet(np.array([1.0, -2.0]))",
        "g.dirichlet(np.array([1.0, np.nan]), 2)", "g.dirichlet(np.array([0.01, np.nan]), 2)", "g.dirichlet(np.array([1.0, 2.0]), -1)",
        "g.dirichlet(np.array([0.0, 0.0]), 3)", "g.dirichlet(np.array([0.05, 0.0, 0.0]), 3)", "g.dirichlet(np.array([-1.0]), size=-1)",
    ],
)
def test_errors_and_edges(src):
    ns = {}
    filename = f"<gen-discrete-err-{abs(hash(src))}>"
    text = f"import numpy as np\ndef f(g):\n    return {src}\n"
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    exec(compile(text, filename, "exec"), ns)
    check_gen(njit(ns["f"]), make("PCG64", 5))


def test_unsupported_forms_are_refused_by_name():
    cases = {
        "g.binomial(a, 0.5)": "array-valued parameters",
        "g.binomial(3.5, 0.5)": "n must be an int",
        "g.hypergeometric(3, 2.0, 1)": "nbad must be an int",
        "g.multinomial(3, [[0.5, 0.5]])": "pvals must be a 1-d float64 array",
        "g.multinomial(3.0, a)": "n must be an int",
        "g.dirichlet(a.reshape(1, 3))": "alpha must be a 1-d float64 array",
    }
    for src, words in cases.items():
        text = f"import numpy as np\ndef f(g, a):\n    return {src}\n"
        filename = f"<gen-discrete-unsup-{abs(hash(src))}>"
        linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
        ns = {}
        exec(compile(text, filename, "exec"), ns)
        with pytest.raises(UnsupportedError, match=words):
            njit(ns["f"])(make(), np.ones(3))


def test_missing_parameter_is_a_typing_error():
    @njit
    def f(g):
        return g.hypergeometric(3, 4)

    with pytest.raises(TypingError, match="missing required argument 'nsample'"):
        f(make())
