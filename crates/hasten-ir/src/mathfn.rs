//! The functions of Python's `math` module that compiled code calls, by name and arity.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MathFn {
    Sqrt,
    Exp,
    Log,
    Log2,
    Log10,
    Log1p,
    Expm1,
    Sin,
    Cos,
    Tan,
    Asin,
    Acos,
    Atan,
    Atan2,
    Sinh,
    Cosh,
    Tanh,
    Asinh,
    Acosh,
    Atanh,
    Exp2,
    Cbrt,
    /// `nextafter(x, y)` and `ulp(x)`, bit steps of a float.
    Nextafter,
    Ulp,
    Floor,
    Ceil,
    Trunc,
    Fabs,
    Copysign,
    Pow,
    Hypot,
    Fmod,
    Isnan,
    Isinf,
    Isfinite,
    Erf,
    Erfc,
    Gamma,
    Lgamma,
    Degrees,
    Radians,
    /// `frexp(x)` → `(float, int)`, `modf(x)` → `(float, float)`.
    Frexp,
    Modf,
    Ldexp,
    /// `isclose(a, b, rel_tol, abs_tol)`: the front end fills in the keyword-only defaults.
    Isclose,
    /// Exact functions of 64-bit ints; a result that leaves 64 bits is an OverflowError.
    Factorial,
    Comb,
    /// `perm(n, k)`; `perm(n)` is `factorial(n)` in the front end.
    Perm,
    Isqrt,
    /// `gcd(*ints)` and `lcm(*ints)`: any number of arguments.
    Gcd,
    Lcm,
    /// `fsum(list)`, `prod(list, start)`, `dist(list, list)`: the front end makes each iterable
    /// the list of its items.
    Fsum,
    Prod,
    Dist,
}

impl MathFn {
    const NAMES: &'static [(&'static str, MathFn)] = &[
        ("sqrt", MathFn::Sqrt), ("exp", MathFn::Exp), ("log", MathFn::Log), ("log2", MathFn::Log2),
        ("log10", MathFn::Log10), ("log1p", MathFn::Log1p), ("expm1", MathFn::Expm1), ("sin", MathFn::Sin),
        ("cos", MathFn::Cos), ("tan", MathFn::Tan), ("asin", MathFn::Asin), ("acos", MathFn::Acos),
        ("atan", MathFn::Atan), ("atan2", MathFn::Atan2), ("sinh", MathFn::Sinh), ("cosh", MathFn::Cosh),
        ("tanh", MathFn::Tanh), ("asinh", MathFn::Asinh), ("acosh", MathFn::Acosh), ("atanh", MathFn::Atanh),
        ("exp2", MathFn::Exp2), ("cbrt", MathFn::Cbrt), ("nextafter", MathFn::Nextafter), ("ulp", MathFn::Ulp),
        ("floor", MathFn::Floor), ("ceil", MathFn::Ceil), ("trunc", MathFn::Trunc),
        ("fabs", MathFn::Fabs), ("copysign", MathFn::Copysign), ("pow", MathFn::Pow),
        ("hypot", MathFn::Hypot), ("fmod", MathFn::Fmod), ("isnan", MathFn::Isnan), ("isinf", MathFn::Isinf),
        ("isfinite", MathFn::Isfinite), ("erf", MathFn::Erf), ("erfc", MathFn::Erfc),
        ("gamma", MathFn::Gamma), ("lgamma", MathFn::Lgamma), ("degrees", MathFn::Degrees),
        ("radians", MathFn::Radians), ("frexp", MathFn::Frexp), ("modf", MathFn::Modf),
        ("ldexp", MathFn::Ldexp), ("isclose", MathFn::Isclose), ("factorial", MathFn::Factorial),
        ("comb", MathFn::Comb), ("perm", MathFn::Perm), ("isqrt", MathFn::Isqrt), ("gcd", MathFn::Gcd),
        ("lcm", MathFn::Lcm), ("fsum", MathFn::Fsum), ("prod", MathFn::Prod), ("dist", MathFn::Dist),
    ];

    pub fn from_name(name: &str) -> Option<MathFn> {
        MathFn::NAMES.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
    }

    /// The function's name in the `math` module.
    pub fn name(self) -> &'static str {
        MathFn::NAMES.iter().find(|(_, f)| *f == self).map(|(n, _)| *n).expect("every MathFn is named")
    }

    /// The number of positional arguments after the front end's binding; None for `gcd`/`lcm`,
    /// which take any number.
    pub fn arity(self) -> Option<usize> {
        Some(match self {
            MathFn::Atan2 | MathFn::Nextafter | MathFn::Copysign | MathFn::Pow | MathFn::Hypot | MathFn::Fmod | MathFn::Ldexp | MathFn::Comb | MathFn::Perm
            | MathFn::Prod | MathFn::Dist => 2,
            MathFn::Isclose => 4,
            MathFn::Gcd | MathFn::Lcm => return None,
            _ => 1,
        })
    }
}
