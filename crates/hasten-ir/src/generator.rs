//! The methods of `np.random.Generator` that compiled code calls on a generator passed in. The
//! HIR call has the generator first, then the method's parameters in order with their defaults
//! filled in by the front end (see each variant).

/// A method of `np.random.Generator`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GenMethod {
    /// `random(size)`.
    Random,
    /// `standard_normal(size)`.
    StandardNormal,
    /// `normal(loc, scale, size)`.
    Normal,
    /// `uniform(low, high, size)`.
    Uniform,
    /// `exponential(scale, size)`.
    Exponential,
    /// `standard_exponential(size)`.
    StandardExponential,
    /// `integers(low, high, size, endpoint)`; the front end makes `integers(n)` `integers(0, n)`.
    Integers,
    /// `shuffle(x)`.
    Shuffle,
    /// `permutation(x)`.
    Permutation,
    /// `choice(a, size, replace, p)`, the layout of `np.random.choice`; `replace` is `True`.
    Choice,
    /// `standard_gamma(shape, size)` (`dtype=`/`out=` checked and dropped by the front end).
    StandardGamma,
    /// The other distributions: their parameters (`params`), then `size`.
    Gamma,
    Beta,
    Chisquare,
    F,
    NoncentralChisquare,
    NoncentralF,
    StandardT,
    StandardCauchy,
    Lognormal,
    Laplace,
    Logistic,
    Gumbel,
    Pareto,
    Weibull,
    Power,
    Rayleigh,
    Triangular,
    Wald,
    Poisson,
    NegativeBinomial,
    Geometric,
    Zipf,
    Logseries,
    Vonmises,
    /// `binomial(n, p, size)`, `n` an int.
    Binomial,
    /// `hypergeometric(ngood, nbad, nsample, size)`, all ints.
    Hypergeometric,
    /// `multinomial(n, pvals, size)`: int64 counts, `size` then one axis of `len(pvals)`.
    Multinomial,
    /// `dirichlet(alpha, size)`: float64 vectors, `size` then one axis of `len(alpha)`.
    Dirichlet,
}

impl GenMethod {
    pub fn from_name(name: &str) -> Option<GenMethod> {
        use GenMethod::*;
        Some(match name {
            "random" => Random,
            "standard_normal" => StandardNormal,
            "normal" => Normal,
            "uniform" => Uniform,
            "exponential" => Exponential,
            "standard_exponential" => StandardExponential,
            "integers" => Integers,
            "shuffle" => Shuffle,
            "permutation" => Permutation,
            "choice" => Choice,
            "standard_gamma" => StandardGamma,
            "gamma" => Gamma,
            "beta" => Beta,
            "chisquare" => Chisquare,
            "f" => F,
            "noncentral_chisquare" => NoncentralChisquare,
            "noncentral_f" => NoncentralF,
            "standard_t" => StandardT,
            "standard_cauchy" => StandardCauchy,
            "lognormal" => Lognormal,
            "laplace" => Laplace,
            "logistic" => Logistic,
            "gumbel" => Gumbel,
            "pareto" => Pareto,
            "weibull" => Weibull,
            "power" => Power,
            "rayleigh" => Rayleigh,
            "triangular" => Triangular,
            "wald" => Wald,
            "poisson" => Poisson,
            "negative_binomial" => NegativeBinomial,
            "geometric" => Geometric,
            "zipf" => Zipf,
            "logseries" => Logseries,
            "vonmises" => Vonmises,
            "binomial" => Binomial,
            "hypergeometric" => Hypergeometric,
            "multinomial" => Multinomial,
            "dirichlet" => Dirichlet,
            _ => return None,
        })
    }

    /// The other methods of `Generator`, refused by name rather than taken for array methods.
    pub fn is_unsupported_name(name: &str) -> bool {
        matches!(name, "bytes" | "permuted" | "multivariate_hypergeometric"
            | "multivariate_normal" | "spawn")
    }

    pub fn name(self) -> &'static str {
        use GenMethod::*;
        match self {
            Random => "random",
            StandardNormal => "standard_normal",
            Normal => "normal",
            Uniform => "uniform",
            Exponential => "exponential",
            StandardExponential => "standard_exponential",
            Integers => "integers",
            Shuffle => "shuffle",
            Permutation => "permutation",
            Choice => "choice",
            StandardGamma => "standard_gamma",
            Gamma => "gamma",
            Beta => "beta",
            Chisquare => "chisquare",
            F => "f",
            NoncentralChisquare => "noncentral_chisquare",
            NoncentralF => "noncentral_f",
            StandardT => "standard_t",
            StandardCauchy => "standard_cauchy",
            Lognormal => "lognormal",
            Laplace => "laplace",
            Logistic => "logistic",
            Gumbel => "gumbel",
            Pareto => "pareto",
            Weibull => "weibull",
            Power => "power",
            Rayleigh => "rayleigh",
            Triangular => "triangular",
            Wald => "wald",
            Poisson => "poisson",
            NegativeBinomial => "negative_binomial",
            Geometric => "geometric",
            Zipf => "zipf",
            Logseries => "logseries",
            Vonmises => "vonmises",
            Binomial => "binomial",
            Hypergeometric => "hypergeometric",
            Multinomial => "multinomial",
            Dirichlet => "dirichlet",
        }
    }

    /// A distribution's parameters before `size`, with their defaults (None: required); empty
    /// for the other methods. They are floats but for those of [`GenMethod::int_params`].
    pub fn params(self) -> &'static [(&'static str, Option<f64>)] {
        use GenMethod::*;
        const LOC_SCALE: &[(&str, Option<f64>)] = &[("loc", Some(0.0)), ("scale", Some(1.0))];
        match self {
            Random | StandardNormal | StandardExponential | StandardCauchy | Integers | Shuffle | Permutation | Choice | Multinomial
            | Dirichlet => &[],
            Normal | Laplace | Logistic | Gumbel => LOC_SCALE,
            Uniform => &[("low", Some(0.0)), ("high", Some(1.0))],
            Exponential | Rayleigh => &[("scale", Some(1.0))],
            StandardGamma => &[("shape", None)],
            Gamma => &[("shape", None), ("scale", Some(1.0))],
            Beta => &[("a", None), ("b", None)],
            Chisquare | StandardT => &[("df", None)],
            F => &[("dfnum", None), ("dfden", None)],
            NoncentralChisquare => &[("df", None), ("nonc", None)],
            NoncentralF => &[("dfnum", None), ("dfden", None), ("nonc", None)],
            Lognormal => &[("mean", Some(0.0)), ("sigma", Some(1.0))],
            Pareto | Weibull | Power | Zipf => &[("a", None)],
            Triangular => &[("left", None), ("mode", None), ("right", None)],
            Wald => &[("mean", None), ("scale", None)],
            Poisson => &[("lam", Some(1.0))],
            NegativeBinomial => &[("n", None), ("p", None)],
            Geometric | Logseries => &[("p", None)],
            Vonmises => &[("mu", None), ("kappa", None)],
            Binomial => &[("n", None), ("p", None)],
            Hypergeometric => &[("ngood", None), ("nbad", None), ("nsample", None)],
        }
    }

    /// Whether the method draws values of a distribution (parameters, then `size`).
    pub fn is_distribution(self) -> bool {
        use GenMethod::*;
        !matches!(self, Integers | Shuffle | Permutation | Choice | Multinomial | Dirichlet)
    }

    /// Which parameters are ints (passed to the runtime as `i64` words).
    pub fn int_params(self) -> [bool; 3] {
        match self {
            GenMethod::Binomial => [true, false, false],
            GenMethod::Hypergeometric => [true, true, true],
            _ => [false; 3],
        }
    }

    /// Whether a distribution's values are integers (int64 arrays, Python ints as scalars).
    pub fn int_values(self) -> bool {
        use GenMethod::*;
        matches!(self, Poisson | NegativeBinomial | Geometric | Zipf | Logseries | Binomial | Hypergeometric)
    }
}
