//! NumPy's complex128 element functions, for the ufuncs of compiled code.
//!
//! NumPy's wheels (built against glibc 2.28) compute `exp log sqrt sin ... arctanh` and the
//! general `power` of complex128 by the C library's C99 functions, so calling the same functions
//! of the same library gives NumPy's bits. Around them this module repeats NumPy's own steps:
//! `log10`/`log2` scale `clog` by `log10(e)`/`log2(e)`; `exp2`, `expm1`, `log1p` and `rint` are
//! NumPy's formulas over the C library's real functions; `power` takes NumPy's zero and small
//! integer exponents first (repeated products, a reciprocal by NumPy's division) and `cpow` only
//! otherwise; `sign` is `z / |z|` with NumPy's choices for zeros, infinities and NaNs. No Python
//! exception is raised: like NumPy's loops, these give infinities and NaNs.
//!
//! `hasten_rt_npy_complex(op, a_re, a_im, b_re, b_im, out)` writes the result's two parts to `out`.

use std::ops::{Add, Div, Mul, Sub};

/// A complex number of parts `T` (float64 for complex128, float32 for complex64), laid out as
/// C's `double complex`/`float complex`, which the C library passes and returns by value.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Z<T> {
    pub re: T,
    pub im: T,
}

type Cx = Z<f64>;

extern "C" {
    fn cexp(z: Cx) -> Cx;
    fn clog(z: Cx) -> Cx;
    fn csqrt(z: Cx) -> Cx;
    fn csin(z: Cx) -> Cx;
    fn ccos(z: Cx) -> Cx;
    fn ctan(z: Cx) -> Cx;
    fn csinh(z: Cx) -> Cx;
    fn ccosh(z: Cx) -> Cx;
    fn ctanh(z: Cx) -> Cx;
    fn casin(z: Cx) -> Cx;
    fn cacos(z: Cx) -> Cx;
    fn catan(z: Cx) -> Cx;
    fn casinh(z: Cx) -> Cx;
    fn cacosh(z: Cx) -> Cx;
    fn catanh(z: Cx) -> Cx;
    fn cpow(a: Cx, b: Cx) -> Cx;
}

/// The operation codes compiled code passes.
pub const EXP: i64 = 0;
pub const LOG: i64 = 1;
pub const LOG10: i64 = 2;
pub const LOG2: i64 = 3;
pub const SQRT: i64 = 4;
pub const SIN: i64 = 5;
pub const COS: i64 = 6;
pub const TAN: i64 = 7;
pub const SINH: i64 = 8;
pub const COSH: i64 = 9;
pub const TANH: i64 = 10;
pub const ARCSIN: i64 = 11;
pub const ARCCOS: i64 = 12;
pub const ARCTAN: i64 = 13;
pub const ARCSINH: i64 = 14;
pub const ARCCOSH: i64 = 15;
pub const ARCTANH: i64 = 16;
pub const SIGN: i64 = 17;
pub const POWER: i64 = 18;
pub const EXP2: i64 = 19;
pub const EXPM1: i64 = 20;
pub const LOG1P: i64 = 21;
pub const RINT: i64 = 22;

/// The real type of NumPy's complex parts, with the operations its complex formulas take: each
/// the C library's function of that precision (`expm1`/`expm1f`, ...), as NumPy calls them.
pub trait Part: Copy + PartialOrd + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self> + Div<Output = Self> {
    const ZERO: Self;
    const ONE: Self;
    const TWO: Self;
    const NAN: Self;
    const LOG10_E: Self;
    const LOG2_E: Self;
    const LN_2: Self;
    fn abs(self) -> Self;
    fn hypot(self, other: Self) -> Self;
    fn exp(self) -> Self;
    fn exp_m1(self) -> Self;
    fn ln(self) -> Self;
    fn sin(self) -> Self;
    fn cos(self) -> Self;
    fn atan2(self, x: Self) -> Self;
    fn round_ties_even(self) -> Self;
    fn is_nan(self) -> bool;
    fn is_infinite(self) -> bool;
    /// The exponent `n` of npymath's repeated products: an integer strictly within ±100.
    fn small_int(self) -> Option<i64>;
}

/// Methods of `Part` that are the float type's own methods of the same name.
macro_rules! delegate {
    ($t:ident: $($name:ident($($arg:ident),*) -> $ret:ty),*) => {
        $(fn $name(self $(, $arg: Self)*) -> $ret {
            $t::$name(self $(, $arg)*)
        })*
    };
}

macro_rules! part {
    ($t:ident) => {
        impl Part for $t {
            const ZERO: Self = 0.0;
            const ONE: Self = 1.0;
            const TWO: Self = 2.0;
            const NAN: Self = $t::NAN;
            const LOG10_E: Self = std::$t::consts::LOG10_E;
            const LOG2_E: Self = std::$t::consts::LOG2_E;
            const LN_2: Self = std::$t::consts::LN_2;
            delegate!($t: abs() -> Self, hypot(other) -> Self, exp() -> Self, exp_m1() -> Self, ln() -> Self, sin() -> Self, cos() -> Self,
                atan2(x) -> Self, round_ties_even() -> Self, is_nan() -> bool, is_infinite() -> bool);
            fn small_int(self) -> Option<i64> {
                (self > -100.0 && self < 100.0 && self == (self as i64) as $t).then_some(self as i64)
            }
        }
    };
}
part!(f64);
part!(f32);

fn c<T>(re: T, im: T) -> Z<T> {
    Z { re, im }
}

/// NumPy's product inside `power` (npymath's, without fused multiply-adds).
fn mul<T: Part>(a: Z<T>, b: Z<T>) -> Z<T> {
    c(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
}

/// NumPy's complex division (Smith's method; a zero divisor divides each part by a zero).
pub fn div<T: Part>(a: Z<T>, b: Z<T>) -> Z<T> {
    let (abs_re, abs_im) = (b.re.abs(), b.im.abs());
    if abs_re >= abs_im {
        if abs_re == T::ZERO && abs_im == T::ZERO {
            return c(a.re / abs_re, a.im / abs_im);
        }
        let rat = b.im / b.re;
        let scl = T::ONE / (b.re + b.im * rat);
        c((a.re + a.im * rat) * scl, (a.im - a.re * rat) * scl)
    } else {
        let rat = b.re / b.im;
        let scl = T::ONE / (b.im + b.re * rat);
        c((a.re * rat + a.im) * scl, (a.im * rat - a.re) * scl)
    }
}

/// NumPy's `power` of complex numbers (npymath's `npy_cpow`), `cpow` the C library's.
pub fn power<T: Part>(a: Z<T>, b: Z<T>, cpow: fn(Z<T>, Z<T>) -> Z<T>) -> Z<T> {
    if b.re == T::ZERO && b.im == T::ZERO {
        return c(T::ONE, T::ZERO);
    }
    if a.re == T::ZERO && a.im == T::ZERO {
        // A zero base: zero for a positive real exponent, NaN otherwise (NumPy's "invalid").
        return if b.re > T::ZERO { c(T::ZERO, T::ZERO) } else { c(T::NAN, T::NAN) };
    }
    let Some(n) = b.re.small_int().filter(|_| b.im == T::ZERO) else { return cpow(a, b) };
    match n {
        1 => a,
        2 => mul(a, a),
        3 => mul(a, mul(a, a)),
        _ => {
            // Square-and-multiply over the bits of |n|, then NumPy's reciprocal for n < 0.
            let (mut acc, mut p, mut mask, m) = (c(T::ONE, T::ZERO), a, 1i64, n.abs());
            loop {
                if m & mask != 0 {
                    acc = mul(acc, p);
                }
                mask <<= 1;
                if m < mask {
                    break;
                }
                p = mul(p, p);
            }
            if n < 0 {
                div(c(T::ONE, T::ZERO), acc)
            } else {
                acc
            }
        }
    }
}

/// NumPy's `sign` of a complex number: `z / |z|` (`|z|` by `hypot`); NaN for a NaN modulus or
/// two infinite parts, the unit along the infinite part, zero for zero.
pub fn sign<T: Part>(z: Z<T>) -> Z<T> {
    let m = z.re.hypot(z.im);
    let unit = |x: T| if x > T::ZERO { T::ONE } else { T::ZERO - T::ONE };
    if m.is_nan() {
        c(T::NAN, T::NAN)
    } else if m.is_infinite() {
        match (z.re.is_infinite(), z.im.is_infinite()) {
            (true, true) => c(T::NAN, T::NAN),
            (true, false) => c(unit(z.re), T::ZERO),
            _ => c(T::ZERO, unit(z.im)),
        }
    } else if m == T::ZERO {
        c(T::ZERO, T::ZERO)
    } else {
        c(z.re / m, z.im / m)
    }
}

/// The value of operation `op` (one of the codes above) on `a` (and `b` for `POWER`) in the
/// precision of `T`: `library` computes the C library's complex functions (`EXP` ... `ARCTANH`),
/// `cpow` its power. NumPy's own formulas around them: `log10`/`log2` scale `log` by
/// `log10(e)`/`log2(e)`; `exp(z * ln 2)`; `expm1` from the real part's `expm1` and
/// `cos(y) - 1 = -2 sin²(y/2)`; `log1p` from `hypot` and `atan2` of `z + 1`; each part rounded to
/// even.
pub fn apply<T: Part>(op: i64, a: Z<T>, b: Z<T>, library: fn(i64, Z<T>) -> Z<T>, cpow: fn(Z<T>, Z<T>) -> Z<T>) -> Z<T> {
    let scaled = |z: Z<T>, k: T| c(z.re * k, z.im * k);
    match op {
        LOG10 => scaled(library(LOG, a), T::LOG10_E),
        LOG2 => scaled(library(LOG, a), T::LOG2_E),
        SIGN => sign(a),
        EXP2 => library(EXP, scaled(a, T::LN_2)),
        EXPM1 => {
            let h = (a.im / T::TWO).sin();
            c(a.re.exp_m1() * a.im.cos() - T::TWO * h * h, a.re.exp() * a.im.sin())
        }
        LOG1P => c((a.re + T::ONE).hypot(a.im).ln(), a.im.atan2(a.re + T::ONE)),
        RINT => c(a.re.round_ties_even(), a.im.round_ties_even()),
        POWER => power(a, b, cpow),
        _ => library(op, a),
    }
}

/// The C library's complex128 function of operation `op` (`EXP` ... `ARCTANH`).
fn library(op: i64, z: Cx) -> Cx {
    let f = match op {
        EXP => cexp,
        LOG => clog,
        SQRT => csqrt,
        SIN => csin,
        COS => ccos,
        TAN => ctan,
        SINH => csinh,
        COSH => ccosh,
        TANH => ctanh,
        ARCSIN => casin,
        ARCCOS => cacos,
        ARCTAN => catan,
        ARCSINH => casinh,
        ARCCOSH => cacosh,
        ARCTANH => catanh,
        _ => unreachable!("no complex128 library function of code {op}"),
    };
    // SAFETY: pure C library functions of values.
    unsafe { f(z) }
}

fn library_pow(a: Cx, b: Cx) -> Cx {
    // SAFETY: a pure C library function of values.
    unsafe { cpow(a, b) }
}

/// The entry compiled code calls; see the module's documentation.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called by compiled code with a valid `out`
pub extern "C" fn hasten_rt_npy_complex(op: i64, a_re: f64, a_im: f64, b_re: f64, b_im: f64, out: *mut f64) {
    let r = apply(op, c(a_re, a_im), c(b_re, b_im), library, library_pow);
    // SAFETY: compiled code passes a 16-byte stack slot.
    unsafe {
        *out = r.re;
        *out.add(1) = r.im;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn power(a: Cx, b: Cx) -> Cx {
        super::power(a, b, library_pow)
    }

    #[test]
    fn power_takes_numpys_special_cases() {
        // Values printed by NumPy 2.4: np.power(np.complex128(a), np.complex128(b)).
        assert_eq!(power(c(0.0, 0.0), c(0.0, 0.0)), c(1.0, 0.0));
        assert_eq!(power(c(0.0, -0.0), c(2.0, 1.0)), c(0.0, 0.0));
        assert!(power(c(0.0, 0.0), c(-1.0, 0.0)).re.is_nan());
        assert_eq!(power(c(1.0, 2.0), c(2.0, 0.0)), c(-3.0, 4.0));
        assert_eq!(power(c(1.0, 2.0), c(-2.0, 0.0)), c(-0.12, -0.16));
        assert_eq!(power(c(f64::INFINITY, 0.0), c(1.0, 0.0)), c(f64::INFINITY, 0.0));
    }

    #[test]
    fn sign_is_the_unit_vector() {
        assert_eq!(sign(c(3.0, -4.0)), c(0.6, -0.8));
        assert_eq!(sign(c(-0.0, 0.0)), c(0.0, 0.0));
        assert_eq!(sign(c(f64::NEG_INFINITY, 1.0)), c(-1.0, 0.0));
        assert_eq!(sign(c(f64::INFINITY, f64::NAN)), c(1.0, 0.0));
        assert!(sign(c(f64::INFINITY, f64::INFINITY)).re.is_nan());
        assert!(sign(c(1.0, f64::NAN)).im.is_nan());
    }
}
