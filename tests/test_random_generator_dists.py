"""The distributions of np.random.Generator in compiled code, bit-identical to NumPy's methods.

Each case runs under CPython and under hasten on copies of one generator (`check_gen`): the values
must be equal bit for bit (dtypes, shapes, Python scalar types), or the same exception raised,
and afterwards both generators must hold the same state and keep drawing the same values."""

import linecache

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from hasten import njit, UnsupportedError
from test_random_generator import BITGENS, check_gen, make

nan, inf = float("nan"), float("inf")

# name: parameter tuples, chosen to reach each branch of NumPy's algorithm (boundaries included).
PARAMS = {
    "standard_gamma": [(0.0,), (1e-3,), (0.3,), (0.999,), (1.0,), (1.0000001,), (1.5,), (3.0,), (50.0,), (1e6,)],
    "gamma": [(0.5, 2.0), (1.0, 1.0), (2.5, 0.5), (0.0, 3.0), (4.0, 0.0)],
    "beta": [(0.5, 0.5), (1e-104, 1e-104), (1e-3, 1e-3), (1e-3, 0.9), (1.0, 1.0), (0.7, 3.0), (2.0, 5.0), (1e-200, 0.5)],
    "chisquare": [(0.5,), (1.0,), (2.0,), (7.5,), (1e3,)],
    "f": [(1.0, 1.0), (3.5, 0.5), (10.0, 20.0)],
    "noncentral_chisquare": [(0.5, 1.0), (1.0, 30.0), (1.0, 0.5), (3.0, 2.0), (3.0, 0.0), (0.5, 0.0), (0.5, nan), (2.0, 1e-7)],
    "noncentral_f": [(3.0, 20.0, 3.0), (0.5, 2.0, 1.5), (2.0, 3.0, 0.0), (1.0, 1.0, 40.0)],
    "standard_t": [(0.5,), (1.0,), (3.0,), (100.0,)],
    "standard_cauchy": [()],
    "lognormal": [(0.0, 1.0), (1.5, 0.25), (0.0, 0.0)],
    "laplace": [(0.0, 1.0), (-2.0, 3.5), (0.0, 0.0)],
    "logistic": [(0.0, 1.0), (-2.0, 3.5), (0.0, 0.0)],
    "gumbel": [(0.0, 1.0), (-2.0, 3.5), (0.0, 0.0)],
    "pareto": [(0.5,), (1.0,), (3.0,), (100.0,)],
    "weibull": [(0.0,), (0.5,), (1.0,), (5.0,)],
    "power": [(0.1,), (1.0,), (5.0,)],
    "rayleigh": [(1.0,), (0.1,), (0.0,)],
    "triangular": [(0.0, 0.5, 1.0), (0.0, 0.0, 1.0), (-1.0, 1.0, 1.0), (2.0, 3.0, 10.0)],
    "wald": [(1.0, 1.0), (0.5, 3.0), (10.0, 0.1), (1e-3, 1e3)],
    "poisson": [(0.0,), (0.5,), (3.0,), (9.99,), (10.0,), (25.0,), (1e3,), (1e7,), (1e12,)],
    "negative_binomial": [(1.0, 0.5), (5.5, 0.1), (1.0, 1.0), (0.3, 0.9), (1000.0, 0.01), (inf, 1.0)],
    "geometric": [(1.0,), (0.5,), (1 / 3,), (0.3333333333333333,), (0.3,), (0.01,), (1e-10,), (1e-300,)],
    "zipf": [(1.0001,), (1.01,), (1.5,), (2.0,), (5.0,), (1024.9,), (1025.0,), (3000.0,)],
    "logseries": [(0.0,), (1e-10,), (0.3,), (0.5,), (0.9,), (0.999999,)],
    "vonmises": [(0.0, 0.0), (1.0, 1e-9), (-2.0, 1e-6), (3.0, 1.0), (0.5, 50.0), (3.1, 1e6), (3.1, 2e6), (-3.1, 1e7), (1.0, inf), (0.0, nan)],
}

_compiled = {}


def sampler(name):
    """A scalar draw, a 1-D array of n and a (2, n) array, with the parameters as arguments."""
    if name not in _compiled:
        nparams = len(PARAMS[name][0])
        params = ", ".join(f"p{k}" for k in range(nparams))
        args = f"{params}, " if params else ""
        src = (
            f"def f(g, {args}n):\n"
            f"    return g.{name}({params}), g.{name}({args}n), g.{name}({args}size=(2, n))\n"
        )
        filename = f"<gen-dist-{name}>"
        linecache.cache[filename] = (len(src), None, src.splitlines(True), filename)
        ns = {"np": np}
        exec(compile(src, filename, "exec"), ns)
        _compiled[name] = njit(ns["f"])
    return _compiled[name]


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_every_parameter_set_on_every_bit_generator(name):
    for params in PARAMS[name]:
        for seed, bitgen in enumerate(BITGENS):
            check_gen(sampler(name), make(bitgen, seed * 1000 + 17), *params, 9)


@pytest.mark.parametrize("name", sorted(PARAMS))
@settings(max_examples=15, deadline=None)
@given(data=st.data(), seed=st.integers(0, 2**63), n=st.integers(0, 12))
def test_seeds_and_sizes(name, data, seed, n):
    params = data.draw(st.sampled_from(PARAMS[name]))
    check_gen(sampler(name), make(data.draw(st.sampled_from(BITGENS)), seed), *params, n)


pos = st.floats(1e-3, 1e3)
small = st.floats(1e-4, 1.0)
shape = st.one_of(small, pos, st.sampled_from([0.0, 1.0]))
real = st.floats(-1e3, 1e3)
unit = st.floats(1e-6, 1.0)
# name: strategies of the parameters, drawn anywhere in their domains.
DOMAINS = {
    "standard_gamma": [shape], "gamma": [shape, pos], "beta": [st.one_of(small, pos)] * 2, "chisquare": [st.one_of(small, pos)],
    "f": [pos, pos], "noncentral_chisquare": [st.one_of(small, pos), st.one_of(st.just(0.0), small, pos)],
    "noncentral_f": [pos, pos, st.one_of(st.just(0.0), small, pos)], "standard_t": [st.one_of(small, pos)],
    "lognormal": [st.floats(-3, 3), small], "laplace": [real, pos], "logistic": [real, pos], "gumbel": [real, pos],
    "pareto": [st.one_of(small, pos)], "weibull": [shape], "power": [st.one_of(small, pos)], "rayleigh": [pos],
    "wald": [pos, pos], "vonmises": [st.floats(-4, 4), st.one_of(st.floats(0, 1e-4), small, pos, st.floats(1e5, 1e8))],
    "poisson": [st.one_of(small, pos, st.floats(10.0, 1e9))], "negative_binomial": [st.one_of(small, pos), unit],
    "geometric": [unit], "zipf": [st.floats(1.001, 8.0)], "logseries": [st.floats(0.0, 0.999999)],
}


@pytest.mark.parametrize("name", sorted(DOMAINS))
@settings(max_examples=20, deadline=None)
@given(data=st.data(), seed=st.integers(0, 2**63), n=st.integers(0, 12))
def test_parameters_across_their_domains(name, data, seed, n):
    params = [data.draw(s) for s in DOMAINS[name]]
    check_gen(sampler(name), make(data.draw(st.sampled_from(BITGENS)), seed), *params, n)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**63), left=real, a=st.floats(0.0, 100.0), b=st.floats(0.0, 100.0), n=st.integers(0, 12))
def test_triangular_across_its_domain(seed, left, a, b, n):
    check_gen(sampler("triangular"), make("PCG64", seed), left, left + min(a, b), left + max(a, b), n)


# Long runs reach the rare paths: the gamma's second test, PTRS's slow acceptance, Zipf's
# rejections near a = 1, the logarithmic branch of small beta shapes, the geometric search.
LONG = [
    ("standard_gamma", (0.2,)), ("standard_gamma", (2.5,)), ("beta", (1e-3, 2e-3)), ("beta", (0.3, 0.6)),
    ("poisson", (12.0,)), ("poisson", (3e4,)), ("zipf", (1.05,)), ("geometric", (0.4,)), ("geometric", (1e-3,)),
    ("logseries", (0.95,)), ("noncentral_chisquare", (0.8, 25.0)), ("negative_binomial", (2.0, 0.05)),
    ("wald", (2.0, 0.3)), ("standard_t", (2.0,)), ("laplace", (0.0, 1.0)),
]


@pytest.mark.parametrize("name, params", LONG)
def test_long_runs(name, params):
    check_gen(sampler(name), make("PCG64", 2024), *params, 30_000)


@njit
def keywords(g, n):
    return (g.gamma(shape=2.0, scale=3.0, size=n), g.poisson(lam=5, size=(2, n)), g.poisson(), g.poisson(size=n),
            g.standard_gamma(2.0, size=n, dtype=np.float64), g.noncentral_f(dfnum=2, dfden=3, nonc=1.5),
            g.triangular(0, 1, right=4, size=n), g.wald(mean=1.0, scale=2), g.zipf(a=2), g.geometric(p=0.25, size=n),
            g.lognormal(sigma=0.5), g.laplace(scale=2.0), g.logistic(1), g.rayleigh(), g.rayleigh(size=n),
            g.negative_binomial(3, 0.5), g.logseries(p=0.5, size=n), g.standard_cauchy(size=n), g.beta(2, 3),
            g.weibull(2), g.power(3), g.pareto(a=2), g.chisquare(3), g.f(2, 3), g.standard_t(df=4),
            g.noncentral_chisquare(2, nonc=1), g.gumbel(), g.vonmises(kappa=2.0, mu=1))


@given(st.sampled_from(BITGENS), st.integers(0, 2**63), st.integers(0, 6))
@settings(max_examples=20, deadline=None)
def test_keywords_defaults_and_int_parameters(bitgen, seed, n):
    check_gen(keywords, make(bitgen, seed), n)


@njit
def mixed_loop(g, n):
    # Scalar draws of several distributions interleaved in a data-dependent order.
    total = 0.0
    count = 0
    for i in range(n):
        u = g.random()
        if u < 0.2:
            total += g.standard_gamma(0.5)
        elif u < 0.4:
            count += g.poisson(15.0)
        elif u < 0.6:
            total += g.beta(0.5, 2.0)
        elif u < 0.8:
            count += g.zipf(1.7)
        else:
            count += g.geometric(0.05)
    return total, count


@given(st.sampled_from(BITGENS), st.integers(0, 2**63), st.integers(0, 200))
@settings(max_examples=20, deadline=None)
def test_call_orders(bitgen, seed, n):
    check_gen(mixed_loop, make(bitgen, seed), n)


@pytest.mark.parametrize(
    "src",
    [
        "g.beta(0.0, 1.0)", "g.beta(1.0, -1.0)", "g.beta(np.nan, 1.0)", "g.gamma(-1.0)", "g.gamma(1.0, -0.0)", "g.gamma(np.nan)",
        "g.standard_gamma(-1.0)", "g.standard_gamma(np.inf)", "g.chisquare(0.0)", "g.f(1.0, 0.0)", "g.f(-1.0, 1.0)",
        "g.noncentral_chisquare(1.0, -1.0)", "g.noncentral_chisquare(0.0, 1.0)", "g.noncentral_chisquare(0.5, np.inf)",
        "g.noncentral_chisquare(2.0, np.nan, 3)", "g.noncentral_f(1.0, 1.0, -1.0)", "g.noncentral_f(0.0, 1.0, 1.0)",
        "g.noncentral_f(1.0, 0.0, 1.0)", "g.pareto(0.0)", "g.power(-1.0)", "g.weibull(-1.0)", "g.weibull(-0.0)",
        "g.rayleigh(-1.0)", "g.laplace(0.0, -1.0)", "g.logistic(0, -1.0)", "g.gumbel(0, -1.0)", "g.lognormal(0, -1.0)",
        "g.standard_t(0.0)", "g.wald(0.0, 1.0)", "g.wald(1.0, 0.0)", "g.wald(1.0, -1.0)", "g.triangular(1.0, 0.0, 2.0)",
        "g.triangular(0.0, 3.0, 2.0)", "g.triangular(1.0, 1.0, 1.0)", "g.triangular(np.nan, 1.0, 2.0)", "g.poisson(-1.0)",
        "g.poisson(np.nan)", "g.poisson(1e19)", "g.poisson(9.2e18)", "g.negative_binomial(np.nan, 0.5)",
        "g.negative_binomial(0.0, 0.5)", "g.negative_binomial(-1.0, np.nan)", "g.negative_binomial(1.0, 0.0)",
        "g.negative_binomial(1.0, 1.5)", "g.negative_binomial(1e18, 0.5)", "g.negative_binomial(1e19, 0.5)", "g.negative_binomial(1e17, 0.01)", "g.negative_binomial(np.inf, 0.5)",
        "g.geometric(0.0)", "g.geometric(1.5)", "g.geometric(np.nan)", "g.zipf(1.0)", "g.zipf(np.nan)", "g.zipf(0.5)",
        "g.logseries(1.0)", "g.logseries(-0.1)", "g.logseries(np.nan)", "g.vonmises(0.0, -1.0)", "g.vonmises(np.nan, 1.0)", "g.poisson(-1.0, size=-1)", "g.zipf(2.0, size=-1)",
        "g.beta(1.0, 2.0, size=(3, -1))", "g.gamma(2.0, size=0)", "g.gamma(-2.0, size=0)",
    ],
)
def test_errors_and_edges(src):
    ns = {}
    filename = f"<gen-dist-err-{abs(hash(src))}>"
    text = f"import numpy as np\ndef f(g):\n    return {src}\n"
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    exec(compile(text, filename, "exec"), ns)
    check_gen(njit(ns["f"]), make("PCG64", 5))


def test_unsupported_options_are_refused_by_name():
    cases = {
        "g.standard_gamma(1.0, dtype=np.float32)": "dtype= other than float64",
        "g.standard_gamma(1.0, out=a)": "out=",
        "g.gamma(a)": "array-valued parameters",
        "g.poisson(a, 3)": "array-valued parameters",
        "g.permuted(a)": "np.random.Generator",
        "g.binomial(a, 0.5)": "array-valued parameters",
    }
    for src, words in cases.items():
        text = f"import numpy as np\ndef f(g, a):\n    return {src}\n"
        filename = f"<gen-dist-unsup-{abs(hash(src))}>"
        linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
        ns = {}
        exec(compile(text, filename, "exec"), ns)
        with pytest.raises(UnsupportedError, match=words):
            njit(ns["f"])(make(), np.ones(3))


def test_missing_parameter_is_a_typing_error():
    from hasten import TypingError

    @njit
    def f(g):
        return g.beta(1.0)

    with pytest.raises(TypingError, match="missing required argument 'b'"):
        f(make())
