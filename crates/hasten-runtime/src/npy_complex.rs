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

use crate::complex::Cx;

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

fn c(re: f64, im: f64) -> Cx {
    Cx { re, im }
}

/// NumPy's product inside `power` (npymath's, without fused multiply-adds).
fn mul(a: Cx, b: Cx) -> Cx {
    c(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
}

/// NumPy's complex division (Smith's method; a zero divisor divides each part by a zero).
pub fn div(a: Cx, b: Cx) -> Cx {
    let (abs_re, abs_im) = (b.re.abs(), b.im.abs());
    if abs_re >= abs_im {
        if abs_re == 0.0 && abs_im == 0.0 {
            return c(a.re / abs_re, a.im / abs_im);
        }
        let rat = b.im / b.re;
        let scl = 1.0 / (b.re + b.im * rat);
        c((a.re + a.im * rat) * scl, (a.im - a.re * rat) * scl)
    } else {
        let rat = b.re / b.im;
        let scl = 1.0 / (b.im + b.re * rat);
        c((a.re * rat + a.im) * scl, (a.im * rat - a.re) * scl)
    }
}

/// NumPy's `power` of complex numbers (npymath's `npy_cpow`).
pub fn power(a: Cx, b: Cx) -> Cx {
    if b.re == 0.0 && b.im == 0.0 {
        return c(1.0, 0.0);
    }
    if a.re == 0.0 && a.im == 0.0 {
        // A zero base: zero for a positive real exponent, NaN otherwise (NumPy's "invalid").
        return if b.re > 0.0 { c(0.0, 0.0) } else { c(f64::NAN, f64::NAN) };
    }
    if b.im == 0.0 && b.re > -100.0 && b.re < 100.0 && b.re == (b.re as i64) as f64 {
        let n = b.re as i64;
        match n {
            1 => return a,
            2 => return mul(a, a),
            3 => return mul(a, mul(a, a)),
            _ => {
                // Square-and-multiply over the bits of |n|, then NumPy's reciprocal for n < 0.
                let (mut acc, mut p, mut mask, m) = (c(1.0, 0.0), a, 1i64, n.abs());
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
                return if n < 0 { div(c(1.0, 0.0), acc) } else { acc };
            }
        }
    }
    // SAFETY: a pure C library function of values.
    unsafe { cpow(a, b) }
}

/// NumPy's `sign` of a complex number: `z / |z|` (`|z|` by `hypot`); NaN for a NaN modulus or
/// two infinite parts, the unit along the infinite part, zero for zero.
pub fn sign(z: Cx) -> Cx {
    let m = z.re.hypot(z.im);
    if m.is_nan() {
        c(f64::NAN, f64::NAN)
    } else if m.is_infinite() {
        match (z.re.is_infinite(), z.im.is_infinite()) {
            (true, true) => c(f64::NAN, f64::NAN),
            (true, false) => c(if z.re > 0.0 { 1.0 } else { -1.0 }, 0.0),
            _ => c(0.0, if z.im > 0.0 { 1.0 } else { -1.0 }),
        }
    } else if m == 0.0 {
        c(0.0, 0.0)
    } else {
        c(z.re / m, z.im / m)
    }
}

/// The value of operation `op` (one of the codes above) on `a` (and `b` for `POWER`).
pub fn apply(op: i64, a: Cx, b: Cx) -> Cx {
    let scaled = |z: Cx, k: f64| c(z.re * k, z.im * k);
    // SAFETY: pure C library functions of values.
    unsafe {
        match op {
            EXP => cexp(a),
            LOG => clog(a),
            LOG10 => scaled(clog(a), std::f64::consts::LOG10_E),
            LOG2 => scaled(clog(a), std::f64::consts::LOG2_E),
            SQRT => csqrt(a),
            SIN => csin(a),
            COS => ccos(a),
            TAN => ctan(a),
            SINH => csinh(a),
            COSH => ccosh(a),
            TANH => ctanh(a),
            ARCSIN => casin(a),
            ARCCOS => cacos(a),
            ARCTAN => catan(a),
            ARCSINH => casinh(a),
            ARCCOSH => cacosh(a),
            ARCTANH => catanh(a),
            SIGN => sign(a),
            // NumPy's own formulas: `exp(z * ln 2)`; `expm1` from the real part's `expm1` and
            // `cos(y) - 1 = -2 sin²(y/2)`; `log1p` from `hypot` and `atan2` of `z + 1`; each
            // part rounded to even.
            EXP2 => cexp(scaled(a, std::f64::consts::LN_2)),
            EXPM1 => {
                let h = (a.im / 2.0).sin();
                c(a.re.exp_m1() * a.im.cos() - 2.0 * h * h, a.re.exp() * a.im.sin())
            }
            LOG1P => c((a.re + 1.0).hypot(a.im).ln(), a.im.atan2(a.re + 1.0)),
            RINT => c(a.re.round_ties_even(), a.im.round_ties_even()),
            _ => power(a, b),
        }
    }
}

/// The entry compiled code calls; see the module's documentation.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called by compiled code with a valid `out`
pub extern "C" fn hasten_rt_npy_complex(op: i64, a_re: f64, a_im: f64, b_re: f64, b_im: f64, out: *mut f64) {
    let r = apply(op, c(a_re, a_im), c(b_re, b_im));
    // SAFETY: compiled code passes a 16-byte stack slot.
    unsafe {
        *out = r.re;
        *out.add(1) = r.im;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
