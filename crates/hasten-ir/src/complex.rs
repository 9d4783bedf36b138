//! Complex numbers as the tree names them: `complex(...)`, the `cmath` functions and the
//! attributes and method of complex values (`.real`, `.imag`, `.conjugate()`).

/// A call the type checker types by the complex rules (`Callee::Cmath`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmathFn {
    /// `complex()`, `complex(x)`, `complex(re, im)`; a literal `3j` is `complex(0.0, 3.0)`.
    Complex,
    /// `z.real`, `z.imag`, `z.conjugate()`: the value is the only argument.
    Real,
    Imag,
    Conjugate,
    /// `np.conj(x)`, `np.conjugate(x)`: NumPy's ufunc, whose conjugate of a Python number is a
    /// NumPy scalar (the type checker makes it `Conjugate` of `np.complex128(z)`...).
    NpConjugate,
    Exp,
    Log,
    Log10,
    Sqrt,
    Sin,
    Cos,
    Tan,
    Sinh,
    Cosh,
    Tanh,
    Asin,
    Acos,
    Atan,
    Asinh,
    Acosh,
    Atanh,
    Phase,
    Polar,
    Rect,
    Isnan,
    Isinf,
    Isfinite,
}

impl CmathFn {
    /// The function of the `cmath` module of this name.
    pub fn from_name(name: &str) -> Option<CmathFn> {
        use CmathFn::*;
        Some(match name {
            "exp" => Exp,
            "log" => Log,
            "log10" => Log10,
            "sqrt" => Sqrt,
            "sin" => Sin,
            "cos" => Cos,
            "tan" => Tan,
            "sinh" => Sinh,
            "cosh" => Cosh,
            "tanh" => Tanh,
            "asin" => Asin,
            "acos" => Acos,
            "atan" => Atan,
            "asinh" => Asinh,
            "acosh" => Acosh,
            "atanh" => Atanh,
            "phase" => Phase,
            "polar" => Polar,
            "rect" => Rect,
            "isnan" => Isnan,
            "isinf" => Isinf,
            "isfinite" => Isfinite,
            _ => return None,
        })
    }

    /// The name a diagnostic shows.
    pub fn name(self) -> &'static str {
        use CmathFn::*;
        match self {
            Complex => "complex",
            Real => "real",
            Imag => "imag",
            Conjugate => "conjugate",
            NpConjugate => "np.conjugate",
            Exp => "cmath.exp",
            Log => "cmath.log",
            Log10 => "cmath.log10",
            Sqrt => "cmath.sqrt",
            Sin => "cmath.sin",
            Cos => "cmath.cos",
            Tan => "cmath.tan",
            Sinh => "cmath.sinh",
            Cosh => "cmath.cosh",
            Tanh => "cmath.tanh",
            Asin => "cmath.asin",
            Acos => "cmath.acos",
            Atan => "cmath.atan",
            Asinh => "cmath.asinh",
            Acosh => "cmath.acosh",
            Atanh => "cmath.atanh",
            Phase => "cmath.phase",
            Polar => "cmath.polar",
            Rect => "cmath.rect",
            Isnan => "cmath.isnan",
            Isinf => "cmath.isinf",
            Isfinite => "cmath.isfinite",
        }
    }

    /// The operation code of `hasten_runtime::complex` for a function that maps a complex value
    /// to a complex value through the C library (checked there as CPython checks it).
    pub fn runtime_op(self) -> Option<i64> {
        use CmathFn::*;
        Some(match self {
            Exp => 0,
            Log => 1,
            Log10 => 2,
            Sqrt => 3,
            Sin => 4,
            Cos => 5,
            Tan => 6,
            Sinh => 7,
            Cosh => 8,
            Tanh => 9,
            Asin => 10,
            Acos => 11,
            Atan => 12,
            Asinh => 13,
            Acosh => 14,
            Atanh => 15,
            _ => return None,
        })
    }
}
