"""np.random.Generator objects passed into compiled code, bit-identical to NumPy's methods.

`check_gen` runs `f.py_func` and `f` on deep copies of one generator (same bit generator, same
state): results must be equal bit for bit (values, dtypes, shapes, scalar types) or raise the same
exception, and afterwards both generators must hold the same state and keep drawing the same
values, so compiled code advanced the caller's generator exactly as NumPy's methods would."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from conftest import assert_same, run
from hasten import njit, prange, UnsupportedError

BITGENS = ["PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64"]
seeds = st.integers(0, 2**63)
bitgens = st.sampled_from(BITGENS)
sizes = st.one_of(st.integers(0, 40), st.tuples(st.integers(0, 5), st.integers(0, 7)))


def make(bitgen="PCG64", seed=0):
    return np.random.Generator(getattr(np.random, bitgen)(seed))


def same_state(a, b):
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_state(a[k], b[k]) for k in a)
    if isinstance(a, np.ndarray):
        return np.array_equal(a, b)
    return a == b


def check_gen(f, g, *args):
    expected, pexc, pargs = run(f.py_func, g, *args)
    got, hexc, hargs = run(f, g, *args)
    if pexc is not None:
        assert hexc is not None, f"CPython raised {type(pexc).__name__}({pexc}) but hasten returned {got!r}"
        assert type(hexc) is type(pexc) and str(hexc) == str(pexc), f"{type(hexc).__name__}({hexc}) != {type(pexc).__name__}({pexc})"
    else:
        if hexc is not None:
            raise hexc
        assert_same(got, expected)
    for i, (h, p) in enumerate(zip(hargs[1:], pargs[1:])):
        if isinstance(p, np.ndarray):
            assert_same(h, p, f"argument {i + 1} after the call")
    gp, gh = pargs[0], hargs[0]
    assert same_state(gh.bit_generator.state, gp.bit_generator.state), "generator state after the call"
    assert_same(gh.random(3), gp.random(3), "NumPy's next draws after the call")
    assert_same(gh.integers(0, 1000, 3), gp.integers(0, 1000, 3), "NumPy's next integers after the call")
    return got


@njit
def scalars(g):
    return (g.random(), g.standard_normal(), g.normal(), g.normal(1.5, 2.0), g.uniform(), g.uniform(-3.0, 5),
            g.exponential(), g.exponential(2.5), g.standard_exponential(), g.integers(10), g.integers(-5, 5),
            g.integers(3, 4, endpoint=True))


@njit
def arrays(g, size):
    return (g.random(size), g.standard_normal(size), g.normal(0.5, 3.0, size), g.uniform(-1.0, 2.0, size=size),
            g.exponential(0.5, size), g.standard_exponential(size=size), g.integers(0, 7, size),
            g.integers(-2**40, 2**40, size=size), g.integers(-3, 3, size, endpoint=True))


@njit
def keywords(g, n):
    return (g.normal(loc=2.0, scale=0.5, size=n), g.uniform(high=4.0, low=1.0, size=(2, n)), g.exponential(scale=3.0),
            g.integers(low=5, size=n), g.integers(1, high=9, size=n, endpoint=False), g.random(size=n, dtype=np.float64),
            g.integers(0, 4, dtype=np.int64))


@given(bitgens, seeds)
@settings(max_examples=40, deadline=None)
def test_scalars_every_bit_generator(bitgen, seed):
    check_gen(scalars, make(bitgen, seed))


@given(bitgens, seeds, sizes)
@settings(max_examples=40, deadline=None)
def test_arrays_every_bit_generator(bitgen, seed, size):
    check_gen(arrays, make(bitgen, seed), size)


@given(bitgens, seeds, st.integers(0, 9))
@settings(max_examples=20, deadline=None)
def test_keywords(bitgen, seed, n):
    check_gen(keywords, make(bitgen, seed), n)


@njit
def draw_loop(g, n):
    # One draw per iteration: the scalar entries, interleaved in a data-dependent order.
    total = 0.0
    count = 0
    for i in range(n):
        u = g.random()
        if u < 0.3:
            total += g.standard_normal()
        elif u < 0.6:
            total += g.exponential(2.0)
        else:
            count += int(g.integers(0, 2**33))
    return total, count


@given(bitgens, seeds, st.integers(0, 300))
@settings(max_examples=25, deadline=None)
def test_call_orders(bitgen, seed, n):
    check_gen(draw_loop, make(bitgen, seed), n)


def test_many_normals_and_exponentials_cover_the_tails():
    # Millions of draws visit every ziggurat box and the rare paths (the wedges, and about a
    # thousand draws of each tail, where log1p(-u) and log(1 - u) would differ a few times).
    @njit
    def f(g):
        return g.standard_normal(4 * 10**6), g.standard_exponential(10**6), g.normal(3.0, 0.0, 5)

    for bitgen in BITGENS:
        check_gen(f, make(bitgen, 12345))


@given(bitgens, seeds, st.integers(-2**62, 2**62), st.integers(0, 2**62), st.booleans())
@settings(max_examples=60, deadline=None)
def test_integers_ranges(bitgen, seed, low, span, endpoint):
    # Ranges below, at and above 2**32 take NumPy's 32-bit and 64-bit Lemire paths.
    @njit
    def f(g, low, high, endpoint):
        return g.integers(low, high, 9, endpoint=endpoint), g.integers(low, high, endpoint=endpoint)

    for high in (low + span, low + 2**32 - 1, low + 2**32, low + 1, low):
        check_gen(f, make(bitgen, seed), low, min(high, 2**63 - 1), endpoint)


def test_integers_full_ranges():
    @njit
    def f(g, low, high, endpoint):
        return g.integers(low, high, 5, endpoint=endpoint)

    i64 = np.iinfo(np.int64)
    for args in [(i64.min, i64.max, True), (i64.min, i64.max, False), (0, 2**32 - 1, True), (-(2**31), 2**31, False)]:
        check_gen(f, make("PCG64", 7), *args)


@pytest.mark.parametrize(
    "src",
    [
        "g.integers(0)", "g.integers(5, 5)", "g.integers(5, 4, endpoint=True)", "g.integers(0, -1, endpoint=True)",
        "g.integers(5, 5, size=0)", "g.integers(5, 5, size=(2, 0))", "g.integers(5, size=-1)",
        "g.normal(0.0, -1.0)", "g.normal(0.0, -1.0, size=-1)", "g.normal(0.0, np.nan)", "g.normal(size=-1)",
        "g.normal(size=(2, -1))", "g.exponential(-1.0)", "g.exponential(-0.0)", "g.uniform(2.0, 1.0)",
        "g.uniform(0.0, np.inf)", "g.uniform(np.nan, 1.0)", "g.uniform(-1e308, 1e308, 3)", "g.uniform(1.0, 1.0, 2)",
    ],
)
def test_errors_and_edges(src):
    import linecache

    ns = {}
    filename = f"<gen-{abs(hash(src))}>"
    text = f"import numpy as np\ndef f(g):\n    return {src}\n"
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    exec(compile(text, filename, "exec"), ns)
    check_gen(njit(ns["f"]), make("PCG64", 3))


@njit
def shuffled(g, a):
    g.shuffle(a)
    return a


@njit
def permuted(g, x):
    return g.permutation(x)


arrays_to_shuffle = st.one_of(
    st.integers(0, 30).map(lambda n: np.arange(n, dtype=np.float64) * 1.5),
    st.integers(0, 6).map(lambda n: np.arange(n * 3, dtype=np.int32).reshape(n, 3)),
    st.integers(0, 8).map(lambda n: np.arange(n * 4, dtype=np.int64).reshape(n, 4)[:, ::2]),
    st.integers(0, 20).map(lambda n: np.arange(n, dtype=np.uint8)[::-1]),
)


@given(bitgens, seeds, arrays_to_shuffle)
@settings(max_examples=40, deadline=None)
def test_shuffle_and_permutation_of_arrays(bitgen, seed, a):
    check_gen(shuffled, make(bitgen, seed), a)
    check_gen(permuted, make(bitgen, seed), a)


@given(bitgens, seeds, st.integers(-3, 50))
@settings(max_examples=30, deadline=None)
def test_permutation_of_int(bitgen, seed, n):
    check_gen(permuted, make(bitgen, seed), n)


def test_large_shuffle_uses_64_bit_intervals_only_past_2_32():
    check_gen(shuffled, make("SFC64", 5), np.arange(100_000, dtype=np.float64))


def test_read_only_shuffle_raises():
    a = np.arange(5.0)
    a.flags.writeable = False
    check_gen(shuffled, make(), a)


def test_state_advances_in_the_callers_generator():
    @njit
    def f(g, n):
        return g.standard_normal(n)

    g, ref = make("Philox", 99), make("Philox", 99)
    first = f(g, 4)
    assert_same(first, ref.standard_normal(4))
    assert_same(g.standard_normal(3), ref.standard_normal(3))
    assert_same(f(g, 2), ref.standard_normal(2))


def test_generator_seen_through_a_jitted_callee():
    @njit
    def inner(g, n):
        return g.normal(0.0, 1.0, n)

    @njit
    def outer(g, n):
        return inner(g, n) + g.random(n)

    check_gen(outer, make("MT19937", 4), 6)


def test_unsupported_options_are_refused_by_name():
    cases = {
        "g.random(3, dtype=np.float32)": "dtype= other than float64",
        "g.integers(0, 5, dtype=np.int32)": "dtype= other than int64",
        "g.standard_exponential(3, method='inv')": "method=",
        "g.shuffle(a, axis=1)": "axis= other than 0",
        "g.choice(a, axis=1)": "axis= other than 0",
        "g.choice(a.reshape(3, 1))": "2-d array",
        "g.bytes(5)": "np.random.Generator",
        "g.multivariate_hypergeometric(a, 2)": "np.random.Generator",
        "g.normal(a)": "array-valued parameters",
    }
    import linecache

    for src, words in cases.items():
        text = f"import numpy as np\ndef f(g, a):\n    return {src}\n"
        filename = f"<gen-unsup-{abs(hash(src))}>"
        linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
        ns = {}
        exec(compile(text, filename, "exec"), ns)
        with pytest.raises(UnsupportedError, match=words.replace("(", r"\(")):
            njit(ns["f"])(make(), np.ones(3))


def test_returning_a_generator_is_refused():
    @njit
    def f(g):
        return g

    with pytest.raises(UnsupportedError, match="returning an np.random.Generator"):
        f(make())


def test_generator_methods_in_prange_are_refused():
    @njit(parallel=True)
    def f(g, n):
        out = np.empty(n)
        for i in prange(n):
            out[i] = g.random()
        return out

    with pytest.raises(UnsupportedError, match="prange"):
        f(make(), 10)

    @njit
    def draw(g):
        return g.random()

    @njit(parallel=True)
    def through_a_callee(g, n):
        out = np.empty(n)
        for i in prange(n):
            out[i] = draw(g)
        return out

    with pytest.raises(UnsupportedError, match="prange"):
        through_a_callee(make(), 10)


def test_a_method_of_something_else_is_a_typing_error():
    @njit
    def f(a):
        return a.normal()

    with pytest.raises(Exception, match="has no attribute 'normal'"):
        f(np.ones(3))


def test_generator_subclass_is_not_taken():
    class Mine(np.random.Generator):
        pass

    @njit
    def f(g):
        return g.random()

    with pytest.raises(Exception, match="unsupported type"):
        f(Mine(np.random.PCG64(0)))


@njit
def choices(g, a, n, size):
    return g.choice(n), g.choice(a), g.choice(n, size), g.choice(a, size=size), g.choice(a, size, True)


@njit
def weighted_choices(g, a, n, size, p):
    return g.choice(n, p=p), g.choice(a, p=p), g.choice(n, size, p=p), g.choice(a, size=size, replace=True, p=p)


@given(bitgens, seeds, st.integers(1, 40), sizes, st.sampled_from([np.float64, np.int32, np.uint8]))
@settings(max_examples=40, deadline=None)
def test_choice_with_replacement(bitgen, seed, n, size, dtype):
    a = (np.arange(n) * 3).astype(dtype)
    check_gen(choices, make(bitgen, seed), a, n, size)
    check_gen(choices, make(bitgen, seed), a[::-1], n, size)


def probabilities(weights):
    """The weights divided by their sum (the first made 1 if all are 0)."""
    w = np.array(weights)
    if w.sum() == 0:
        w[0] = 1.0
    return w / w.sum()


@given(bitgens, seeds, st.lists(st.floats(0.0, 10.0), min_size=1, max_size=12), sizes)
@settings(max_examples=40, deadline=None)
def test_choice_with_probabilities(bitgen, seed, weights, size):
    p = probabilities(weights)
    a = np.arange(len(p), dtype=np.float64) * 0.5
    check_gen(weighted_choices, make(bitgen, seed), a, len(p), size, p)


@njit
def unique_choices(g, a, n, size, k):
    return (g.choice(n, size, replace=False), g.choice(a, size=size, replace=False), g.choice(n, replace=False),
            g.choice(n, k, replace=False, shuffle=False), g.choice(a, k, False))


@njit
def weighted_unique_choices(g, a, n, k, p):
    return g.choice(n, k, replace=False, p=p), g.choice(a, size=k, replace=False, p=p)


@given(bitgens, seeds, st.integers(1, 60), st.data())
@settings(max_examples=40, deadline=None)
def test_choice_without_replacement(bitgen, seed, n, data):
    k = data.draw(st.integers(0, n))
    size = data.draw(st.sampled_from([k, (k,), (1, k)]))
    a = (np.arange(n) * 3).astype(np.float64)
    check_gen(unique_choices, make(bitgen, seed), a, n, size, k)


@pytest.mark.parametrize("n, k", [(20000, 300), (20000, 500), (20000, 1200), (12000, 12000), (30000, 10)])
def test_choice_without_replacement_of_large_populations(n, k):
    # Above 10000 NumPy shuffles the tail of the whole range once the sample exceeds a fiftieth
    # (a twentieth unshuffled) of it; Floyd's algorithm below.
    check_gen(unique_choices, make("PCG64", 5), np.arange(n, dtype=np.float64), n, k, k)


@given(bitgens, seeds, st.lists(st.floats(0.0, 10.0), min_size=1, max_size=12), st.data())
@settings(max_examples=40, deadline=None)
def test_choice_without_replacement_with_probabilities(bitgen, seed, weights, data):
    p = probabilities(weights)
    k = data.draw(st.integers(0, int((p > 0).sum())))
    check_gen(weighted_unique_choices, make(bitgen, seed), np.arange(len(p)) * 0.5, len(p), k, p)


@pytest.mark.parametrize(
    "src",
    [
        "g.choice(3, 4, replace=False)", "g.choice(3, -1, replace=False)",
        "g.choice(3, 3, replace=False, p=np.array([0.5, 0.5, 0.0]))",
        "g.choice(0)", "g.choice(0, 0)", "g.choice(-2, size=(0,))", "g.choice(empty, 2)", "g.choice(empty, 0)",
        "g.choice(3, p=np.array([0.2, 0.3]))", "g.choice(3, p=np.array([0.2, 0.3, np.nan]))",
        "g.choice(3, p=np.array([0.7, -0.2, 0.5]))", "g.choice(3, p=np.array([0.2, 0.3, 0.4]))", "g.choice(3, size=-1)",
        "g.choice(3, size=-1, p=np.array([0.2, 0.3, 0.5]))", "g.choice(0, size=-1)", "g.choice(3, p=np.array([0.0, 0.0, 1.0]), size=5)",
    ],
)
def test_choice_errors_and_edges(src):
    import linecache

    text = f"import numpy as np\ndef f(g, empty):\n    return {src}\n"
    filename = f"<gen-choice-{abs(hash(src))}>"
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    ns = {}
    exec(compile(text, filename, "exec"), ns)
    check_gen(njit(ns["f"]), make("PCG64", 11), np.array([], dtype=np.float64))


def test_zero_dimensional_arrays_are_typing_errors():
    # NumPy raises these at run time; compiled code knows the rank when it compiles.
    from hasten import TypingError

    @njit
    def shuffle0(g, a):
        g.shuffle(a)

    @njit
    def permutation0(g, a):
        return g.permutation(a)

    @njit
    def legacy_shuffle0(a):
        np.random.shuffle(a)

    @njit
    def legacy_permutation0(a):
        return np.random.permutation(a)

    with pytest.raises(TypingError, match="len\\(\\) of unsized object"):
        shuffle0(make(), np.array(5.0))
    with pytest.raises(TypingError, match="axis 0 is out of bounds"):
        permutation0(make(), np.array(5.0))
    with pytest.raises(TypingError, match="len\\(\\) of unsized object"):
        legacy_shuffle0(np.array(5.0))
    with pytest.raises(TypingError, match="at least 1-dimensional"):
        legacy_permutation0(np.array(5.0))
