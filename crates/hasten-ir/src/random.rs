//! `np.random.*`: the functions of NumPy's legacy global `RandomState` that compiled code calls,
//! with their parameters. A distribution's HIR call has its parameters in order (defaults filled
//! in by the front end) followed by `size` (None when absent); see each variant for the others.

/// A function of `np.random`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RandomFn {
    /// `seed(seed)`: one argument, an int or None.
    Seed,
    /// `shuffle(x)`: an array, shuffled in place along its first axis.
    Shuffle,
    /// `permutation(x)`: an int `n` (a shuffled `arange(n)`) or an array (a shuffled copy).
    Permutation,
    /// `choice(a, size, replace, p)`.
    Choice,
    /// `random_sample`, `random`, `sample`, `ranf` and `rand` (its dimensions made into `size`).
    RandomSample,
    /// `standard_normal`, and `randn` (its dimensions made into `size`).
    StandardNormal,
    Normal,
    Uniform,
    /// `randint(low, high, size)`; the front end makes `randint(n)` into `randint(0, n)`.
    Randint,
    Exponential,
    StandardExponential,
    StandardGamma,
    Gamma,
    Beta,
    Chisquare,
    F,
    StandardT,
    Poisson,
    Binomial,
    Geometric,
    Lognormal,
    Logistic,
    Laplace,
    Gumbel,
    Weibull,
    Pareto,
    Power,
    Rayleigh,
    Triangular,
    StandardCauchy,
    Vonmises,
    Wald,
    Zipf,
    Hypergeometric,
    NegativeBinomial,
    Logseries,
    NoncentralChisquare,
    /// `multinomial(n, pvals, size)`: int64 counts, `size` then one axis of `len(pvals)`.
    Multinomial,
    /// `dirichlet(alpha, size)`: float64 vectors, `size` then one axis of `len(alpha)`.
    Dirichlet,
    /// `default_rng(seed)`: a new `np.random.Generator` (PCG64) owned by compiled code; the seed
    /// an int or None.
    DefaultRng,
}

/// A parameter's default: required, or a float.
pub type Default = Option<f64>;

impl RandomFn {
    pub fn from_name(name: &str) -> Option<RandomFn> {
        use RandomFn::*;
        Some(match name {
            "seed" => Seed,
            "shuffle" => Shuffle,
            "permutation" => Permutation,
            "choice" => Choice,
            "random_sample" | "random" | "sample" | "ranf" | "rand" => RandomSample,
            "standard_normal" | "randn" => StandardNormal,
            "normal" => Normal,
            "uniform" => Uniform,
            "randint" => Randint,
            "exponential" => Exponential,
            "standard_exponential" => StandardExponential,
            "standard_gamma" => StandardGamma,
            "gamma" => Gamma,
            "beta" => Beta,
            "chisquare" => Chisquare,
            "f" => F,
            "standard_t" => StandardT,
            "poisson" => Poisson,
            "binomial" => Binomial,
            "geometric" => Geometric,
            "lognormal" => Lognormal,
            "logistic" => Logistic,
            "laplace" => Laplace,
            "gumbel" => Gumbel,
            "weibull" => Weibull,
            "pareto" => Pareto,
            "power" => Power,
            "rayleigh" => Rayleigh,
            "triangular" => Triangular,
            "standard_cauchy" => StandardCauchy,
            "vonmises" => Vonmises,
            "wald" => Wald,
            "zipf" => Zipf,
            "hypergeometric" => Hypergeometric,
            "negative_binomial" => NegativeBinomial,
            "logseries" => Logseries,
            "noncentral_chisquare" => NoncentralChisquare,
            "multinomial" => Multinomial,
            "dirichlet" => Dirichlet,
            "default_rng" => DefaultRng,
            _ => return None,
        })
    }

    /// The name in `np.random` (for `RandomSample` and `StandardNormal`, the first of their names).
    pub fn name(self) -> String {
        let mut out = String::new();
        for (k, ch) in format!("{self:?}").chars().enumerate() {
            if ch.is_uppercase() && k > 0 {
                out.push('_');
            }
            out.push(ch.to_ascii_lowercase());
        }
        out
    }

    /// A distribution's parameters before `size`, with their defaults; empty for the others.
    pub fn params(self) -> &'static [(&'static str, Default)] {
        use RandomFn::*;
        const LOC_SCALE: &[(&str, Default)] = &[("loc", Some(0.0)), ("scale", Some(1.0))];
        match self {
            Seed | Shuffle | Permutation | Choice | RandomSample | StandardNormal | StandardExponential | StandardCauchy | Multinomial
            | Dirichlet | DefaultRng => &[],
            Normal | Logistic | Laplace | Gumbel => LOC_SCALE,
            Uniform => &[("low", Some(0.0)), ("high", Some(1.0))],
            Randint => &[("low", None), ("high", None)],
            Exponential | Rayleigh => &[("scale", Some(1.0))],
            StandardGamma => &[("shape", None)],
            Gamma => &[("shape", None), ("scale", Some(1.0))],
            Beta => &[("a", None), ("b", None)],
            Chisquare | StandardT => &[("df", None)],
            F => &[("dfnum", None), ("dfden", None)],
            Poisson => &[("lam", Some(1.0))],
            Binomial | NegativeBinomial => &[("n", None), ("p", None)],
            Geometric | Logseries => &[("p", None)],
            NoncentralChisquare => &[("df", None), ("nonc", None)],
            Lognormal => &[("mean", Some(0.0)), ("sigma", Some(1.0))],
            Weibull | Pareto | Power | Zipf => &[("a", None)],
            Triangular => &[("left", None), ("mode", None), ("right", None)],
            Vonmises => &[("mu", None), ("kappa", None)],
            Wald => &[("mean", None), ("scale", None)],
            Hypergeometric => &[("ngood", None), ("nbad", None), ("nsample", None)],
        }
    }

    /// Whether the function draws values of a distribution (parameters, then `size`).
    pub fn is_distribution(self) -> bool {
        !matches!(self, RandomFn::Seed | RandomFn::Shuffle | RandomFn::Permutation | RandomFn::Choice | RandomFn::Multinomial | RandomFn::Dirichlet | RandomFn::DefaultRng)
    }

    /// Which parameters are integers (`RandomState` converts them to C longs).
    pub fn int_params(self) -> [bool; 3] {
        match self {
            RandomFn::Randint | RandomFn::Hypergeometric => [true, true, true],
            RandomFn::Binomial => [true, false, false],
            _ => [false; 3],
        }
    }

    /// Whether the values are integers (int64 arrays, Python ints as scalars).
    pub fn int_values(self) -> bool {
        use RandomFn::*;
        matches!(self, Randint | Poisson | Binomial | Geometric | Zipf | Hypergeometric | NegativeBinomial | Logseries)
    }
}
