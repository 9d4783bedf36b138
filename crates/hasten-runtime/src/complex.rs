//! Python's complex arithmetic and `cmath` as CPython 3.11 computes them, for compiled code.
//!
//! Division and power follow CPython's own algorithms step by step (Smith's division, powers by
//! repeated squaring for small integral exponents), so results agree bit for bit. The `cmath`
//! functions call the C library's C99 complex functions, whose values may differ from CPython's
//! own implementations in the last bits; the errors CPython raises (`ValueError` for a domain
//! error, `OverflowError` for an overflow) are decided here by CPython's rules.
//!
//! `hasten_rt_complex(op, a_re, a_im, b_re, b_im, out, loc_ptr, loc_len)` writes the result's two
//! parts to `out` and returns 0, or records the exception and returns 1.

use crate::error::{ffi_str, set_error};

#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cx {
    pub re: f64,
    pub im: f64,
}

// `double complex` is passed and returned as two doubles, as this struct is.
extern "C" {
    fn cexp(z: Cx) -> Cx;
    fn clog(z: Cx) -> Cx;
    fn csqrt(z: Cx) -> Cx;
    fn csinh(z: Cx) -> Cx;
    fn ccosh(z: Cx) -> Cx;
    fn ctanh(z: Cx) -> Cx;
    fn casinh(z: Cx) -> Cx;
    fn cacos(z: Cx) -> Cx;
    fn catanh(z: Cx) -> Cx;
    fn cacosh(z: Cx) -> Cx;
}

/// The operation codes (`hasten_ir::complex::CmathFn::runtime_op` gives 0..=15 for the
/// functions of one argument).
pub const OP_DIV: i64 = 100;
pub const OP_POW: i64 = 101;
pub const OP_RECT: i64 = 102;
pub const OP_LOG_BASE: i64 = 103;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fail {
    Domain,
    Range,
    DivByZero,
    PowZero,
    PowRange,
}

impl Fail {
    fn raise(self, loc: &str) {
        let (exc, msg) = match self {
            Fail::Domain => ("ValueError", "math domain error"),
            Fail::Range => ("OverflowError", "math range error"),
            Fail::DivByZero => ("ZeroDivisionError", "complex division by zero"),
            Fail::PowZero => ("ZeroDivisionError", "0.0 to a negative or complex power"),
            Fail::PowRange => ("OverflowError", "complex exponentiation"),
        };
        set_error(exc, Some(msg.to_owned()), loc);
    }
}

fn c(re: f64, im: f64) -> Cx {
    Cx { re, im }
}

/// CPython's product: no special treatment of infinities or of a zero imaginary part.
pub fn mul(a: Cx, b: Cx) -> Cx {
    c(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
}

/// CPython's division: Smith's method, scaled by the larger part of the divisor; `None` for a zero
/// divisor.
pub fn div(a: Cx, b: Cx) -> Option<Cx> {
    let (abs_re, abs_im) = (b.re.abs(), b.im.abs());
    if abs_re >= abs_im {
        if abs_re == 0.0 {
            return None;
        }
        let ratio = b.im / b.re;
        let denom = b.re + b.im * ratio;
        Some(c((a.re + a.im * ratio) / denom, (a.im - a.re * ratio) / denom))
    } else if abs_im >= abs_re {
        let ratio = b.re / b.im;
        let denom = b.re * ratio + b.im;
        Some(c((a.re * ratio + a.im) / denom, (a.im * ratio - a.re) / denom))
    } else {
        // A NaN in the divisor.
        Some(c(f64::NAN, f64::NAN))
    }
}

/// `x ** n` by repeated squaring, for `n >= 0`.
fn pow_unsigned(x: Cx, n: i64) -> Cx {
    let (mut r, mut p, mut mask) = (c(1.0, 0.0), x, 1i64);
    while mask > 0 && n >= mask {
        if n & mask != 0 {
            r = mul(r, p);
        }
        mask <<= 1;
        p = mul(p, p);
    }
    r
}

/// CPython's general power through polar form. The flag is CPython's domain error (a zero base
/// with a negative or complex exponent, or the cosine of an infinite angle).
fn pow_general(a: Cx, b: Cx) -> (Cx, bool) {
    if b.re == 0.0 && b.im == 0.0 {
        return (c(1.0, 0.0), false);
    }
    if a.re == 0.0 && a.im == 0.0 {
        return (c(0.0, 0.0), b.im != 0.0 || b.re < 0.0);
    }
    let vabs = a.re.hypot(a.im);
    let mut len = vabs.powf(b.re);
    let at = a.im.atan2(a.re);
    let mut phase = at * b.re;
    if b.im != 0.0 {
        len /= (at * b.im).exp();
        phase += b.im * vabs.ln();
    }
    (c(len * phase.cos(), len * phase.sin()), phase.is_infinite())
}

/// Python's `a ** b` for complex operands.
pub fn pow(a: Cx, b: Cx) -> Result<Cx, Fail> {
    let (p, domain) = if b.im == 0.0 && b.re == b.re.floor() && b.re.abs() <= 100.0 {
        let n = b.re as i64;
        if n > 0 {
            (pow_unsigned(a, n), false)
        } else {
            match div(c(1.0, 0.0), pow_unsigned(a, -n)) {
                Some(p) => (p, false),
                None => (c(0.0, 0.0), true),
            }
        }
    } else {
        pow_general(a, b)
    };
    if domain {
        Err(Fail::PowZero)
    } else if p.re.is_infinite() || p.im.is_infinite() {
        Err(Fail::PowRange)
    } else {
        Ok(p)
    }
}

fn finite(z: Cx) -> bool {
    z.re.is_finite() && z.im.is_finite()
}

/// `cmath.rect(r, phi)` with CPython's values and errors for non-finite arguments.
pub fn rect(r: f64, phi: f64) -> Result<Cx, Fail> {
    if r.is_nan() {
        return Ok(if phi == 0.0 { c(f64::NAN, 0.0) } else { c(f64::NAN, f64::NAN) });
    }
    if r == 0.0 {
        return Ok(if phi.is_finite() { c(r * phi.cos(), r * phi.sin()) } else { c(0.0, 0.0) });
    }
    if phi.is_infinite() {
        return Err(Fail::Domain);
    }
    if phi.is_nan() {
        return Ok(c(if r.is_infinite() { f64::INFINITY } else { f64::NAN }, f64::NAN));
    }
    if phi == 0.0 {
        // The sign of the zero imaginary part is the product of the signs (`r * phi` without the
        // NaN of an infinite `r`).
        return Ok(c(r, phi * r.signum()));
    }
    Ok(c(r * phi.cos(), r * phi.sin()))
}

/// Negation that leaves a NaN as it is: CPython's special values ignore a NaN's sign, the C
/// library's copy it.
fn neg(x: f64) -> f64 {
    if x.is_nan() { x } else { -x }
}

/// `i * z`.
fn times_i(z: Cx) -> Cx {
    c(neg(z.im), z.re)
}

/// `-i * z`.
fn times_minus_i(z: Cx) -> Cx {
    c(z.im, neg(z.re))
}

/// The C library's function `op`, with CPython's choice where C99 leaves the sign of a zero or
/// of an infinity unspecified (non-finite arguments only). The circular functions are CPython's
/// rotations of the hyperbolic ones: `sin z = -i sinh(iz)`, `cos z = cosh(iz)`,
/// `tan z = -i tanh(iz)`, `asin z = -i asinh(iz)`, `atan z = -i atanh(iz)`.
fn c_function(op: i64, z: Cx) -> Cx {
    let (x, y) = (z.re, z.im);
    // SAFETY: pure C library functions of a value.
    unsafe {
        match op {
            0 if x == f64::NEG_INFINITY && !y.is_finite() => c(0.0, 0.0),
            0 => cexp(z),
            1 | 2 => clog(z),
            3 => csqrt(z),
            4 => times_minus_i(c_function(7, times_i(z))),
            5 => c_function(8, times_i(z)),
            6 => times_minus_i(c_function(9, times_i(z))),
            7 if x == 0.0 && y.is_nan() => c(0.0, y),
            7 => csinh(z),
            8 if x.is_nan() && y == 0.0 => c(x, 0.0),
            8 => ccosh(z),
            9 if x == 0.0 && y.is_nan() => c(f64::NAN, f64::NAN),
            9 if x.is_infinite() && y.is_infinite() => c(x.signum(), 0.0),
            9 => ctanh(z),
            10 => times_minus_i(casinh(times_i(z))),
            11 if x.is_infinite() && y.is_nan() => c(f64::NAN, f64::INFINITY),
            11 => cacos(z),
            12 => times_minus_i(catanh(times_i(z))),
            13 => casinh(z),
            14 if x == 0.0 && y.is_nan() => c(f64::NAN, f64::NAN),
            14 => cacosh(z),
            _ => catanh(z),
        }
    }
}

/// A `cmath` function of one argument (`op` as `CmathFn::runtime_op` numbers them).
pub fn cmath(op: i64, z: Cx) -> Result<Cx, Fail> {
    // CPython's special values ignore a NaN's sign, where the C library's copy it into the result.
    let unsigned = |v: f64| if v.is_nan() { f64::NAN } else { v };
    let z = c(unsigned(z.re), unsigned(z.im));
    let (x, y) = (z.re, z.im);
    let r = c_function(op, z);
    // CPython's domain errors: where C99 gives a value with the "invalid" exception.
    let domain = match op {
        0 => y.is_infinite() && (x.is_finite() || x == f64::INFINITY),
        1 | 2 => x == 0.0 && y == 0.0,
        4 | 5 => x.is_infinite() && !y.is_nan(),
        6 => x.is_infinite() && y.is_finite(),
        7 | 8 => y.is_infinite() && !x.is_nan(),
        9 => y.is_infinite() && x.is_finite(),
        12 => x == 0.0 && y.abs() == 1.0,
        15 => y == 0.0 && x.abs() == 1.0,
        _ => false,
    };
    if domain {
        return Err(Fail::Domain);
    }
    if finite(z) && !finite(r) {
        return Err(Fail::Range);
    }
    Ok(if op == 2 { c(r.re / std::f64::consts::LN_10, r.im / std::f64::consts::LN_10) } else { r })
}

fn apply(op: i64, a: Cx, b: Cx) -> Result<Cx, Fail> {
    match op {
        OP_DIV => div(a, b).ok_or(Fail::DivByZero),
        OP_POW => pow(a, b),
        OP_RECT => rect(a.re, b.re),
        // `cmath.log(z, base)`: CPython divides the logarithms; the domain error of `z == 0` is
        // forgotten once the base's logarithm is taken, a zero divisor is a domain error.
        OP_LOG_BASE => {
            // SAFETY: a pure C library function of a value.
            let x = unsafe { clog(a) };
            div(x, cmath(1, b)?).ok_or(Fail::Domain)
        }
        _ => cmath(op, a),
    }
}

/// The entry compiled code calls; see the module's documentation.
#[allow(clippy::too_many_arguments, clippy::not_unsafe_ptr_arg_deref)] // called by compiled code with a valid `out`
pub extern "C" fn hasten_rt_complex(op: i64, a_re: f64, a_im: f64, b_re: f64, b_im: f64, out: *mut f64, loc_ptr: *const u8, loc_len: usize) -> u32 {
    match apply(op, c(a_re, a_im), c(b_re, b_im)) {
        Ok(r) => {
            // SAFETY: compiled code passes a 16-byte stack slot.
            unsafe {
                *out = r.re;
                *out.add(1) = r.im;
            }
            0
        }
        Err(e) => {
            // SAFETY: compiled code passes a pointer into its constant pool with its length.
            e.raise(&unsafe { ffi_str(loc_ptr, loc_len) });
            1
        }
    }
}

/// `repr(z)` (and `str(z)`) as CPython writes it: `3j` for a positive-zero real part, else
/// `(re+imj)`, each part as the float's repr without a trailing `.0`.
pub fn complex_repr(re: f64, im: f64) -> String {
    let part = |x: f64| {
        let s = crate::string::format::float_repr(x);
        s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
    };
    if re == 0.0 && re.is_sign_positive() {
        return format!("{}j", part(im));
    }
    let sign = if im.is_nan() || im.is_sign_positive() { "+" } else { "" };
    format!("({}{sign}{}j)", part(re), part(im))
}

/// A new string of `repr(complex(re, im))` for compiled code.
pub extern "C" fn hasten_rt_complex_repr(re: f64, im: f64) -> *mut crate::memory::Block {
    crate::string::new_str(&complex_repr(re, im))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn division_and_powers_match_cpython() {
        // Values printed by CPython 3.11.
        assert_eq!(div(c(1.0, 2.0), c(3.0, -1.0)), Some(c(0.1, 0.7000000000000001)));
        assert_eq!(div(c(1.0, 0.0), c(0.0, -0.0)), None);
        assert_eq!(pow(c(1.0, 2.0), c(2.0, 0.0)), Ok(c(-3.0, 4.0)));
        assert_eq!(pow(c(1.1, 0.1), c(-7.0, 0.0)), Ok(c(0.4015105405816818, -0.29559748394055113)));
        assert_eq!(pow(c(2.0, 0.5), c(0.3, -1.0)), Ok(c(1.2636338955551385, -0.9605520411239689)));
        assert_eq!(pow(c(0.0, 0.0), c(-1.0, 0.0)), Err(Fail::PowZero));
        assert_eq!(pow(c(0.0, 0.0), c(0.5, 1.0)), Err(Fail::PowZero));
        // The cosine of an infinite angle is CPython's domain error too.
        assert_eq!(pow(c(-1.0, 0.0), c(1e308, 0.0)), Err(Fail::PowZero));
        assert_eq!(pow(c(1e200, 0.0), c(2.0, 0.0)), Err(Fail::PowRange));
        // inf - inf: NaN parts, which are no overflow.
        assert!(pow(c(1e200, 1e200), c(3.0, 0.0)).is_ok_and(|p| p.re.is_nan() && p.im.is_nan()));
    }

    #[test]
    fn rect_and_cmath_special_values() {
        let r = rect(f64::NEG_INFINITY, 0.0).unwrap();
        assert!(r.re == f64::NEG_INFINITY && r.im == 0.0 && r.im.is_sign_negative());
        assert_eq!(rect(1.0, f64::INFINITY), Err(Fail::Domain));
        assert_eq!(rect(0.0, f64::INFINITY), Ok(c(0.0, 0.0)));
        assert_eq!(cmath(1, c(0.0, -0.0)), Err(Fail::Domain));
        assert_eq!(cmath(0, c(800.0, 0.0)), Err(Fail::Range));
        assert_eq!(cmath(12, c(0.0, 1.0)), Err(Fail::Domain));
        for y in [f64::NEG_INFINITY, f64::NAN, -f64::NAN] {
            let e = cmath(0, c(f64::NEG_INFINITY, y)).unwrap();
            assert!(e == c(0.0, 0.0) && e.im.is_sign_positive());
        }
        let t = cmath(9, c(f64::INFINITY, -f64::NAN)).unwrap();
        assert!(t == c(1.0, 0.0) && t.im.is_sign_positive());
    }

    #[test]
    fn repr_is_cpythons() {
        let nan = f64::NAN;
        for (re, im, want) in [
            (1.0, nan, "(1+nanj)"),
            (1.0, -nan, "(1+nanj)"),
            (-nan, 1.0, "(nan+1j)"),
            (0.0, nan, "nanj"),
            (-0.0, 1.0, "(-0+1j)"),
            (0.0, -0.0, "-0j"),
            (1e16, 1e-5, "(1e+16+1e-05j)"),
            (1.5, f64::NEG_INFINITY, "(1.5-infj)"),
            (2.0, 0.0, "(2+0j)"),
        ] {
            assert_eq!(complex_repr(re, im), want);
        }
    }
}
