//! The `math` functions that are not a C library call: CPython's own gamma and lgamma (a Lanczos
//! approximation, not libm's `tgamma`/`lgamma`), the exact integer functions on 64-bit ints, and
//! `ldexp`/`isclose` with CPython's errors. Each entry with an error writes its result through
//! `out` and returns status 0, or records the exception and returns 1.

use crate::error::{ffi_str, set_error};
use crate::messages::OVERFLOW;

/// CPython's errno outcomes of `math_1a`-style functions.
enum Fail {
    Domain,
    Range,
}

fn raise(exc: &str, msg: &str, loc_ptr: *const u8, loc_len: usize) -> u32 {
    // SAFETY: compiled code passes a pointer into its constant pool with its length.
    let loc = unsafe { ffi_str(loc_ptr, loc_len) };
    set_error(exc, Some(msg.to_owned()), &loc);
    1
}

fn finish<T>(r: Result<T, Fail>, out: *mut T, loc_ptr: *const u8, loc_len: usize) -> u32 {
    match r {
        Ok(v) => {
            // SAFETY: compiled code passes a pointer to a stack slot of the result's size.
            unsafe { out.write(v) };
            0
        }
        Err(Fail::Domain) => raise("ValueError", "math domain error", loc_ptr, loc_len),
        Err(Fail::Range) => raise("OverflowError", "math range error", loc_ptr, loc_len),
    }
}

// The Lanczos approximation CPython uses (N = 13, g = 6.024680040776729583740234375), its
// rational form's coefficients, and Gamma of the integers 1..=23.
const LANCZOS_G: f64 = 6.024680040776729583740234375;
const LANCZOS_G_MINUS_HALF: f64 = 5.524680040776729583740234375;
const LANCZOS_NUM: [f64; 13] = [
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
];
const LANCZOS_DEN: [f64; 13] = [
    0.0, 39916800.0, 120543840.0, 150917976.0, 105258076.0, 45995730.0, 13339535.0, 2637558.0, 357423.0,
    32670.0, 1925.0, 66.0, 1.0,
];
const GAMMA_INTEGRAL: [f64; 23] = [
    1.0, 1.0, 2.0, 6.0, 24.0, 120.0, 720.0, 5040.0, 40320.0, 362880.0, 3628800.0, 39916800.0,
    479001600.0, 6227020800.0, 87178291200.0, 1307674368000.0, 20922789888000.0, 355687428096000.0,
    6402373705728000.0, 121645100408832000.0, 2432902008176640000.0, 51090942171709440000.0,
    1124000727777607680000.0,
];
const PI: f64 = std::f64::consts::PI;
const LOG_PI: f64 = 1.144729885849400174143427351353058711647;

/// The rational function of the Lanczos sum for `x > 0`, in `1/x` past 5 so it cannot overflow.
fn lanczos_sum(x: f64) -> f64 {
    let (mut num, mut den) = (0.0f64, 0.0f64);
    if x < 5.0 {
        for i in (0..13).rev() {
            num = num * x + LANCZOS_NUM[i];
            den = den * x + LANCZOS_DEN[i];
        }
    } else {
        for i in 0..13 {
            num = num / x + LANCZOS_NUM[i];
            den = den / x + LANCZOS_DEN[i];
        }
    }
    num / den
}

/// `sin(pi * x)` for finite `x`, exact at the integers and half-integers.
fn sinpi(x: f64) -> f64 {
    let y = x.abs() % 2.0;
    let r = match (2.0 * y).round() as i32 {
        0 => (PI * y).sin(),
        1 => (PI * (y - 0.5)).cos(),
        // -sin(pi * (y - 1)) would give -0.0 at y == 1.
        2 => (PI * (1.0 - y)).sin(),
        3 => -(PI * (y - 1.5)).cos(),
        _ => (PI * (y - 2.0)).sin(),
    };
    1f64.copysign(x) * r
}

fn gamma(x: f64) -> Result<f64, Fail> {
    if !x.is_finite() {
        return if x.is_nan() || x > 0.0 { Ok(x) } else { Err(Fail::Domain) };
    }
    if x == 0.0 {
        return Err(Fail::Domain);
    }
    if x == x.floor() {
        if x < 0.0 {
            return Err(Fail::Domain);
        }
        if x <= 23.0 {
            return Ok(GAMMA_INTEGRAL[x as usize - 1]);
        }
    }
    let absx = x.abs();
    if absx < 1e-20 {
        let r = 1.0 / x;
        return if r.is_infinite() { Err(Fail::Range) } else { Ok(r) };
    }
    if absx > 200.0 {
        return if x < 0.0 { Ok(0.0 / sinpi(x)) } else { Err(Fail::Range) };
    }
    let y = absx + LANCZOS_G_MINUS_HALF;
    // The rounding error of `y`, fed back as a first-order correction.
    let z = if absx > LANCZOS_G_MINUS_HALF { (y - absx) - LANCZOS_G_MINUS_HALF } else { (y - LANCZOS_G_MINUS_HALF) - absx };
    let z = z * LANCZOS_G / y;
    let r = if x < 0.0 {
        let mut r = -PI / sinpi(absx) / absx * y.exp() / lanczos_sum(absx);
        r -= z * r;
        if absx < 140.0 {
            r / y.powf(absx - 0.5)
        } else {
            let sqrtpow = y.powf(absx / 2.0 - 0.25);
            r / sqrtpow / sqrtpow
        }
    } else {
        let mut r = lanczos_sum(absx) / y.exp();
        r += z * r;
        if absx < 140.0 {
            r * y.powf(absx - 0.5)
        } else {
            let sqrtpow = y.powf(absx / 2.0 - 0.25);
            r * sqrtpow * sqrtpow
        }
    };
    if r.is_infinite() {
        Err(Fail::Range)
    } else {
        Ok(r)
    }
}

fn lgamma(x: f64) -> Result<f64, Fail> {
    if !x.is_finite() {
        return Ok(if x.is_nan() { x } else { f64::INFINITY });
    }
    if x == x.floor() && x <= 2.0 {
        return if x <= 0.0 { Err(Fail::Domain) } else { Ok(0.0) };
    }
    let absx = x.abs();
    if absx < 1e-20 {
        return Ok(-absx.ln());
    }
    let mut r = lanczos_sum(absx).ln() - LANCZOS_G;
    r += (absx - 0.5) * ((absx + LANCZOS_G - 0.5).ln() - 1.0);
    if x < 0.0 {
        // The reflection formula.
        r = LOG_PI - sinpi(absx).abs().ln() - absx.ln() - r;
    }
    if r.is_infinite() {
        Err(Fail::Range)
    } else {
        Ok(r)
    }
}

/// `math.gamma` (op 0) and `math.lgamma` (op 1).
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with a valid `out` and (ptr, len)
pub extern "C" fn hasten_rt_math_gamma(op: i64, x: f64, out: *mut f64, loc_ptr: *const u8, loc_len: usize) -> u32 {
    finish(if op == 0 { gamma(x) } else { lgamma(x) }, out, loc_ptr, loc_len)
}

extern "C" {
    fn ldexp(x: f64, exp: i32) -> f64;
}

/// `math.ldexp(x, i)`: CPython clamps exponents beyond C's int before calling the C library.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // as above
pub extern "C" fn hasten_rt_math_ldexp(x: f64, i: i64, out: *mut f64, loc_ptr: *const u8, loc_len: usize) -> u32 {
    let r = if x == 0.0 || !x.is_finite() {
        Ok(x)
    } else if i > i32::MAX as i64 {
        Err(Fail::Range)
    } else if i < i32::MIN as i64 {
        Ok(0f64.copysign(x))
    } else {
        // SAFETY: a pure C library function.
        let r = unsafe { ldexp(x, i as i32) };
        if r.is_infinite() {
            Err(Fail::Range)
        } else {
            Ok(r)
        }
    };
    finish(r, out, loc_ptr, loc_len)
}

/// `math.frexp(x)`: the mantissa, the exponent through `exp`; `(x, 0)` for zeros, infinities, NaN.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with a valid `exp`
pub extern "C" fn hasten_rt_math_frexp(x: f64, exp: *mut i64) -> f64 {
    let (m, e) = if x == 0.0 || !x.is_finite() {
        (x, 0)
    } else {
        let bits = x.to_bits();
        let biased = ((bits >> 52) & 0x7ff) as i64;
        // Subnormals are normalised by 2**64 first.
        let (bits, shift) = if biased == 0 { ((x * f64::from_bits(0x43f0_0000_0000_0000)).to_bits(), 64) } else { (bits, 0) };
        let biased = ((bits >> 52) & 0x7ff) as i64;
        (f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52)), biased - 1022 - shift)
    };
    // SAFETY: compiled code passes a pointer to a stack slot.
    unsafe { exp.write(e) };
    m
}

/// `math.isclose(a, b, rel_tol, abs_tol)` as CPython's formula, `out` 0 or 1.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // as `hasten_rt_math_gamma`
pub extern "C" fn hasten_rt_math_isclose(a: f64, b: f64, rel: f64, abs: f64, out: *mut i64, loc_ptr: *const u8, loc_len: usize) -> u32 {
    if rel < 0.0 || abs < 0.0 {
        return raise("ValueError", "tolerances must be non-negative", loc_ptr, loc_len);
    }
    let close = if a == b {
        true
    } else if a.is_infinite() || b.is_infinite() {
        false
    } else {
        let diff = (b - a).abs();
        diff <= (rel * b).abs() || diff <= (rel * a).abs() || diff <= abs
    };
    // SAFETY: compiled code passes a pointer to a stack slot.
    unsafe { out.write(close as i64) };
    0
}

/// The integer functions' operations, as compiled code names them.
pub const FACTORIAL: i64 = 0;
pub const COMB: i64 = 1;
pub const PERM: i64 = 2;
pub const ISQRT: i64 = 3;
pub const GCD: i64 = 4;
pub const LCM: i64 = 5;
pub const GCD_DONE: i64 = 6;

/// A ValueError's message, or None for a result that leaves 64 bits.
type IntResult = Result<i64, Option<&'static str>>;

fn fits(v: u128) -> IntResult {
    i64::try_from(v).map_err(|_| None)
}

fn factorial(n: i64) -> IntResult {
    if n < 0 {
        return Err(Some("factorial() not defined for negative values"));
    }
    (2..=n).try_fold(1i64, |acc, k| acc.checked_mul(k).ok_or(None))
}

/// CPython's checks of `comb`/`perm`'s arguments; `Ok(true)` when `k > n` (the result is 0).
fn more_than_n(n: i64, k: i64) -> Result<bool, Option<&'static str>> {
    if n < 0 {
        return Err(Some("n must be a non-negative integer"));
    }
    if k < 0 {
        return Err(Some("k must be a non-negative integer"));
    }
    Ok(k > n)
}

fn comb(n: i64, k: i64) -> IntResult {
    if more_than_n(n, k)? {
        return Ok(0);
    }
    let k = k.min(n - k) as u128;
    // comb(n, i + 1) = comb(n, i) * (n - i) / (i + 1) exactly; the partial results grow with i
    // up to k <= n/2, so one that leaves 64 bits means the result does.
    let mut c: u128 = 1;
    for i in 0..k {
        c = c * (n as u128 - i) / (i + 1);
        fits(c)?;
    }
    fits(c)
}

fn perm(n: i64, k: i64) -> IntResult {
    if more_than_n(n, k)? {
        return Ok(0);
    }
    (0..k).try_fold(1i64, |acc, i| acc.checked_mul(n - i).ok_or(None))
}

fn isqrt(n: i64) -> IntResult {
    if n < 0 {
        return Err(Some("isqrt() argument must be nonnegative"));
    }
    // The float root is within one of the exact one for 64-bit values; fix it up exactly.
    let mut r = (n as f64).sqrt() as i128;
    let n = n as i128;
    while r * r > n {
        r -= 1;
    }
    while (r + 1) * (r + 1) <= n {
        r += 1;
    }
    Ok(r as i64)
}

fn gcd_u64(mut x: u64, mut y: u64) -> u64 {
    while y != 0 {
        (x, y) = (y, x % y);
    }
    x
}

/// One step of `gcd(*ints)`: the accumulated magnitude `acc` (as u64 bits, which may be 2**63:
/// `gcd(INT64_MIN, 0, 6)` passes through it) and the next argument.
fn gcd_step(acc: i64, b: i64) -> IntResult {
    Ok(gcd_u64(acc as u64, b.unsigned_abs()) as i64)
}

/// The end of `gcd(*ints)`: the magnitude must fit in 64 signed bits.
fn gcd_done(acc: i64) -> IntResult {
    fits(acc as u64 as u128)
}

/// One step of `lcm(*ints)` over nonzero arguments (the caller answers 0 when any is zero), whose
/// partial results never exceed the final one.
fn lcm(a: i64, b: i64) -> IntResult {
    if a == 0 || b == 0 {
        return Ok(0);
    }
    let g = gcd_u64(a.unsigned_abs(), b.unsigned_abs()) as u128;
    fits(a.unsigned_abs() as u128 / g * b.unsigned_abs() as u128)
}

/// `math.factorial/comb/perm/isqrt/gcd/lcm` (`op` one of the constants above; `b` unused by the
/// one-argument ones) on 64-bit ints.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // as `hasten_rt_math_gamma`
pub extern "C" fn hasten_rt_math_int(op: i64, a: i64, b: i64, out: *mut i64, loc_ptr: *const u8, loc_len: usize) -> u32 {
    let r = match op {
        FACTORIAL => factorial(a),
        COMB => comb(a, b),
        PERM => perm(a, b),
        ISQRT => isqrt(a),
        GCD => gcd_step(a, b),
        GCD_DONE => gcd_done(a),
        _ => lcm(a, b),
    };
    match r {
        Ok(v) => {
            // SAFETY: compiled code passes a pointer to a stack slot.
            unsafe { out.write(v) };
            0
        }
        Err(Some(msg)) => raise("ValueError", msg, loc_ptr, loc_len),
        Err(None) => raise("OverflowError", OVERFLOW, loc_ptr, loc_len),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gamma_matches_cpython() {
        // (x, math.gamma(x), math.lgamma(x)) from CPython 3.11.
        let cases = [
            (0.5, 1.7724538509055159, 0.5723649429247004),
            (4.5, 11.631728396567446, 2.453736570842443),
            (-2.5, -0.9453087204829417, -0.05624371649767457),
            (30.2, 1.7410094445911314e31, 71.93460296839497),
            (150.5, 4.661072627097377e261, 602.5139548705855),
        ];
        for (x, g, lg) in cases {
            assert_eq!(gamma(x).ok(), Some(g), "gamma({x})");
            assert_eq!(lgamma(x).ok(), Some(lg), "lgamma({x})");
        }
    }

    #[test]
    fn integer_functions_are_exact_and_overflow_at_64_bits() {
        assert_eq!(factorial(20), Ok(2432902008176640000));
        assert_eq!(factorial(21), Err(None));
        assert_eq!(comb(66, 33), Ok(7219428434016265740));
        assert_eq!(comb(68, 34), Err(None));
        assert_eq!(comb(i64::MAX, 1), Ok(i64::MAX));
        assert_eq!(comb(i64::MAX, i64::MAX - 1), Ok(i64::MAX));
        assert_eq!(perm(20, 20), Ok(2432902008176640000));
        assert_eq!(isqrt(i64::MAX), Ok(3037000499));
        let gcd = |xs: &[i64]| xs.iter().try_fold(0, |acc, &x| gcd_step(acc, x)).and_then(gcd_done);
        assert_eq!(gcd(&[i64::MIN, 0]), Err(None));
        assert_eq!(gcd(&[i64::MIN, 0, 6]), Ok(2));
        assert_eq!(gcd(&[-4, 6]), Ok(2));
        assert_eq!(lcm(-4, 6), Ok(12));
        assert_eq!(lcm(1, i64::MIN), Err(None));
    }
}

/// `10**n` as NumPy's `np.round` computes it: exact up to 1e8, then repeated multiplication by 10
/// (stopping once infinite, where further products stay so).
pub fn power_of_ten(n: u64) -> f64 {
    const P10: [f64; 9] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];
    if n < 9 {
        return P10[n as usize];
    }
    let mut r: f64 = 1e9;
    for _ in 9..n {
        r *= 10.0;
        if r.is_infinite() {
            break;
        }
    }
    r
}

/// `power_of_ten(|n|)` for `np.round` with decimals known only at run time.
#[no_mangle]
pub extern "C" fn hasten_rt_power_of_ten(n: i64) -> f64 {
    power_of_ten(n.unsigned_abs())
}
