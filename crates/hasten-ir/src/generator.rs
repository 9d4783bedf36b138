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
            _ => return None,
        })
    }

    /// The other methods of `Generator`, refused by name rather than taken for array methods.
    pub fn is_unsupported_name(name: &str) -> bool {
        matches!(
            name,
            "bytes" | "permuted" | "beta" | "binomial" | "chisquare" | "dirichlet" | "f" | "gamma" | "geometric" | "gumbel"
                | "hypergeometric" | "laplace" | "logistic" | "lognormal" | "logseries" | "multinomial" | "multivariate_hypergeometric"
                | "multivariate_normal" | "negative_binomial" | "noncentral_chisquare" | "noncentral_f" | "pareto" | "poisson" | "power"
                | "rayleigh" | "spawn" | "standard_cauchy" | "standard_gamma" | "standard_t" | "triangular" | "vonmises" | "wald"
                | "weibull" | "zipf"
        )
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
        }
    }

    /// A continuous draw's float parameters before `size`, with their defaults; empty otherwise.
    pub fn params(self) -> &'static [(&'static str, f64)] {
        match self {
            GenMethod::Normal => &[("loc", 0.0), ("scale", 1.0)],
            GenMethod::Uniform => &[("low", 0.0), ("high", 1.0)],
            GenMethod::Exponential => &[("scale", 1.0)],
            _ => &[],
        }
    }

    /// Whether the method draws float64 values of a distribution (parameters, then `size`).
    pub fn is_continuous(self) -> bool {
        !matches!(self, GenMethod::Integers | GenMethod::Shuffle | GenMethod::Permutation | GenMethod::Choice)
    }
}
