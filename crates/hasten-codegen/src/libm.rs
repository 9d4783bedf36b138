//! C math functions for compiled code. Rust's `f64` methods call the platform libm, the same one
//! CPython's `math` module calls, so results are bit-identical. Registering them explicitly avoids
//! depending on dlsym finding libm in the process.

use hasten_runtime::mathseq::{frexp_exponent, pow2};

macro_rules! unary {
    ($($name:ident => $method:ident),* $(,)?) => {
        $(extern "C" fn $name(x: f64) -> f64 { x.$method() })*
    };
}

unary! {
    hasten_m_exp => exp,
    hasten_m_log => ln,
    hasten_m_log2 => log2,
    hasten_m_log10 => log10,
    hasten_m_log1p => ln_1p,
    hasten_m_expm1 => exp_m1,
    hasten_m_sin => sin,
    hasten_m_cos => cos,
    hasten_m_tan => tan,
    hasten_m_asin => asin,
    hasten_m_acos => acos,
    hasten_m_atan => atan,
    hasten_m_sinh => sinh,
    hasten_m_cosh => cosh,
    hasten_m_tanh => tanh,
}

macro_rules! unary_f32 {
    ($($name:ident => $method:ident),* $(,)?) => {
        $(extern "C" fn $name(x: f32) -> f32 { x.$method() })*
    };
}

unary_f32! {
    hasten_m_expf => exp,
    hasten_m_logf => ln,
    hasten_m_sinf => sin,
    hasten_m_cosf => cos,
}

/// C library functions NumPy's ufuncs call by name, registered as they are (Rust's own `asinh`,
/// `acosh` and `atanh` are not the C library's).
mod c {
    extern "C" {
        pub fn asinh(x: f64) -> f64;
        pub fn acosh(x: f64) -> f64;
        pub fn atanh(x: f64) -> f64;
        pub fn exp2(x: f64) -> f64;
        pub fn cbrt(x: f64) -> f64;
        pub fn hypot(x: f64, y: f64) -> f64;
        pub fn fmod(x: f64, y: f64) -> f64;
        pub fn erf(x: f64) -> f64;
        pub fn erfc(x: f64) -> f64;
        pub fn tanf(x: f32) -> f32;
        pub fn asinf(x: f32) -> f32;
        pub fn acosf(x: f32) -> f32;
        pub fn atanf(x: f32) -> f32;
        pub fn sinhf(x: f32) -> f32;
        pub fn coshf(x: f32) -> f32;
        pub fn tanhf(x: f32) -> f32;
        pub fn asinhf(x: f32) -> f32;
        pub fn acoshf(x: f32) -> f32;
        pub fn atanhf(x: f32) -> f32;
        pub fn log2f(x: f32) -> f32;
        pub fn log10f(x: f32) -> f32;
        pub fn log1pf(x: f32) -> f32;
        pub fn expm1f(x: f32) -> f32;
        pub fn exp2f(x: f32) -> f32;
        pub fn cbrtf(x: f32) -> f32;
        pub fn atan2f(y: f32, x: f32) -> f32;
        pub fn hypotf(x: f32, y: f32) -> f32;
        pub fn fmodf(x: f32, y: f32) -> f32;
    }
}

extern "C" {
    fn dlopen(filename: *const std::ffi::c_char, flags: std::ffi::c_int) -> *mut std::ffi::c_void;
    fn dlsym(handle: *mut std::ffi::c_void, symbol: *const std::ffi::c_char) -> *mut std::ffi::c_void;
}

/// `name` from the system's `libm.so.6`, the library NumPy's loops call: the link may resolve some
/// names (`cbrt`) to Rust's own soft implementations, which differ in the last bit.
fn system_libm(name: &std::ffi::CStr) -> Option<*const u8> {
    static LIBM: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    // SAFETY: dlopen and dlsym with NUL-terminated names; the handle is never closed.
    let handle = *LIBM.get_or_init(|| unsafe { dlopen(c"libm.so.6".as_ptr(), 2) } as usize);
    if handle == 0 {
        return None;
    }
    let f = unsafe { dlsym(handle as *mut std::ffi::c_void, name.as_ptr()) };
    (!f.is_null()).then_some(f as *const u8)
}

/// The C library's functions under hasten's names (`hasten_c_NAME`), for NumPy's ufuncs: the
/// system libm's when it can be opened, the linked ones otherwise.
macro_rules! c_functions {
    ($($name:literal => $f:ident),* $(,)?) => {
        fn c_symbols() -> Vec<(&'static str, *const u8)> {
            vec![$(($name, system_libm(&std::ffi::CString::new(stringify!($f)).expect("no NUL")).unwrap_or(c::$f as *const u8))),*]
        }
    };
}

c_functions! {
    "hasten_c_asinh" => asinh, "hasten_c_acosh" => acosh, "hasten_c_atanh" => atanh,
    "hasten_c_exp2" => exp2, "hasten_c_cbrt" => cbrt, "hasten_c_hypot" => hypot, "hasten_c_fmod" => fmod,
    "hasten_c_erf" => erf, "hasten_c_erfc" => erfc,
    "hasten_c_tanf" => tanf, "hasten_c_asinf" => asinf, "hasten_c_acosf" => acosf, "hasten_c_atanf" => atanf,
    "hasten_c_sinhf" => sinhf, "hasten_c_coshf" => coshf, "hasten_c_tanhf" => tanhf,
    "hasten_c_asinhf" => asinhf, "hasten_c_acoshf" => acoshf, "hasten_c_atanhf" => atanhf,
    "hasten_c_log2f" => log2f, "hasten_c_log10f" => log10f, "hasten_c_log1pf" => log1pf,
    "hasten_c_expm1f" => expm1f, "hasten_c_exp2f" => exp2f, "hasten_c_cbrtf" => cbrtf,
    "hasten_c_atan2f" => atan2f, "hasten_c_hypotf" => hypotf, "hasten_c_fmodf" => fmodf,
}

extern "C" fn hasten_m_atan2(y: f64, x: f64) -> f64 {
    // CPython's m_atan2 answers its own (positive) NaN for a NaN argument, whatever its sign.
    if y.is_nan() || x.is_nan() {
        return f64::NAN;
    }
    y.atan2(x)
}

/// `math.hypot(x, y)` as CPython 3.11 computes it (not libm's `hypot`): scale by the larger
/// magnitude's power of two, sum the squares in extended precision, take the square root and apply
/// one Newton correction, which makes the result correctly rounded in practice.
extern "C" fn hasten_m_hypot(x: f64, y: f64) -> f64 {
    let (ax, ay) = (x.abs(), y.abs());
    let max = ax.max(ay);
    if max.is_infinite() {
        return max;
    }
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if max == 0.0 {
        return max;
    }
    let max_e = frexp_exponent(max);
    if max_e < -1023 {
        // 2**-max_e would overflow: rescale out of the subnormal range first.
        return f64::MIN_POSITIVE * hasten_m_hypot(ax / f64::MIN_POSITIVE, ay / f64::MIN_POSITIVE);
    }
    let scale = pow2(-max_e);
    let (mut csum, mut frac1, mut frac2) = (1.0f64, 0.0f64, 0.0f64);
    for v in [ax, ay] {
        let v = v * scale;
        let (pr_hi, pr_lo) = exact_product(v, v);
        let (sm_hi, sm_lo) = fast_two_sum(csum, pr_hi);
        csum = sm_hi;
        frac1 += pr_lo;
        frac2 += sm_lo;
    }
    let mut h = (csum - 1.0 + (frac1 + frac2)).sqrt();
    let (pr_hi, pr_lo) = exact_product(-h, h);
    let (sm_hi, sm_lo) = fast_two_sum(csum, pr_hi);
    csum = sm_hi;
    frac1 += pr_lo;
    frac2 += sm_lo;
    let residual = csum - 1.0 + (frac1 + frac2);
    h += residual / (2.0 * h);
    h / scale
}

/// `a * b` as an unevaluated sum `hi + lo`, exactly.
fn exact_product(a: f64, b: f64) -> (f64, f64) {
    let hi = a * b;
    (hi, a.mul_add(b, -hi))
}

/// `a + b` as `hi + lo` exactly, for `|a| >= |b|`.
fn fast_two_sum(a: f64, b: f64) -> (f64, f64) {
    let hi = a + b;
    (hi, (a - hi) + b)
}

extern "C" fn hasten_m_pow(x: f64, y: f64) -> f64 {
    x.powf(y)
}

extern "C" fn hasten_m_powf(x: f32, y: f32) -> f32 {
    x.powf(y)
}

/// Python's `int / int`: the correctly rounded quotient, as CPython computes it, also when the
/// operands are too large to be exact as floats.
extern "C" fn hasten_m_int_truediv(a: i64, b: i64) -> f64 {
    const EXACT: u64 = 1 << 53;
    if a.unsigned_abs() <= EXACT && b.unsigned_abs() <= EXACT {
        return a as f64 / b as f64;
    }
    let negative = (a < 0) != (b < 0);
    let (n, d) = (a.unsigned_abs() as u128, b.unsigned_abs() as u128);
    let bits = |x: u128| 128 - x.leading_zeros() as i32;
    // Scale the numerator so the integer quotient carries at least 55 significant bits; the
    // remainder then only decides rounding, folded in as a sticky bit.
    let shift = (56 + bits(d) - bits(n)).max(0);
    let scaled = n << shift;
    let (q, r) = (scaled / d, scaled % d);
    let value = (q | (r != 0) as u128) as f64 * 2f64.powi(-shift);
    if negative {
        -value
    } else {
        value
    }
}

/// Python's `round(x, n)` for an int: exact, halves to even; status 1 (OverflowError) when the
/// rounded value leaves 64 bits.
extern "C" fn hasten_m_round_int(x: i64, n: i64, out: *mut i64, loc_ptr: *const u8, loc_len: usize) -> u32 {
    if n >= 0 {
        // SAFETY: compiled code passes a valid stack slot.
        unsafe { *out = x };
        return 0;
    }
    let digits = n.unsigned_abs();
    let rounded: i128 = if digits > 19 {
        0
    } else {
        let p = 10i128.pow(digits as u32);
        let (q, r) = ((x as i128).div_euclid(p), (x as i128).rem_euclid(p));
        let up = 2 * r > p || (2 * r == p && q % 2 != 0);
        (q + up as i128) * p
    };
    match i64::try_from(rounded) {
        Ok(v) => {
            // SAFETY: as above.
            unsafe { *out = v };
            0
        }
        Err(_) => {
            let loc = if loc_ptr.is_null() {
                ""
            } else {
                // SAFETY: the location is a constant UTF-8 string of the compiled module.
                unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(loc_ptr, loc_len)) }
            };
            hasten_runtime::set_error("OverflowError", Some(hasten_runtime::messages::OVERFLOW.to_string()), loc);
            1
        }
    }
}

/// Python's `pow(base, exp, m)` of ints: `base ** exp % m` with the sign of `m`, a negative `exp`
/// through the inverse of `base` modulo `m`; status 1 with CPython's ValueError (a zero modulus,
/// a base with no inverse).
extern "C" fn hasten_m_pow_mod(base: i64, exp: i64, m: i64, out: *mut i64, loc_ptr: *const u8, loc_len: usize) -> u32 {
    let fail = |msg: &str| {
        let loc = if loc_ptr.is_null() {
            ""
        } else {
            // SAFETY: the location is a constant UTF-8 string of the compiled module.
            unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(loc_ptr, loc_len)) }
        };
        hasten_runtime::set_error("ValueError", Some(msg.to_string()), loc);
        1
    };
    if m == 0 {
        return fail("pow() 3rd argument cannot be 0");
    }
    let n = m.unsigned_abs() as i128;
    let mut b = (base as i128).rem_euclid(n);
    if exp < 0 {
        match inverse(b, n) {
            Some(inv) => b = inv,
            None => return fail("base is not invertible for the given modulus"),
        }
    }
    let (mut e, mut r) = (exp.unsigned_abs(), 1 % n);
    while e > 0 {
        if e & 1 == 1 {
            r = r * b % n;
        }
        b = b * b % n;
        e >>= 1;
    }
    // Python's `%` takes the sign of the modulus.
    let r = if m < 0 && r != 0 { r - n } else { r };
    // SAFETY: compiled code passes a valid stack slot.
    unsafe { *out = r as i64 };
    0
}

/// The inverse of `a` modulo `n` (both non-negative, `n` > 0), if they are coprime.
fn inverse(a: i128, n: i128) -> Option<i128> {
    let (mut r0, mut r1, mut t0, mut t1) = (n, a, 0i128, 1i128);
    while r1 != 0 {
        let q = r0 / r1;
        (r0, r1) = (r1, r0 - q * r1);
        (t0, t1) = (t1, t0 - q * t1);
    }
    (r0 == 1).then(|| t0.rem_euclid(n))
}

/// NumPy's integer power: wraps on overflow (the caller rejects negative exponents).
extern "C" fn hasten_m_ipow_wrap(base: i64, mut exp: i64) -> i64 {
    let mut result: i64 = 1;
    let mut b = base;
    while exp > 0 {
        if exp & 1 == 1 {
            result = result.wrapping_mul(b);
        }
        b = b.wrapping_mul(b);
        exp >>= 1;
    }
    result
}

pub(crate) fn symbols() -> Vec<(&'static str, *const u8)> {
    let mut symbols = c_symbols();
    symbols.extend(crate::npymath::symbols());
    symbols.extend([
        ("hasten_m_exp", hasten_m_exp as *const u8),
        ("hasten_m_log", hasten_m_log as *const u8),
        ("hasten_m_log2", hasten_m_log2 as *const u8),
        ("hasten_m_log10", hasten_m_log10 as *const u8),
        ("hasten_m_log1p", hasten_m_log1p as *const u8),
        ("hasten_m_expm1", hasten_m_expm1 as *const u8),
        ("hasten_m_sin", hasten_m_sin as *const u8),
        ("hasten_m_cos", hasten_m_cos as *const u8),
        ("hasten_m_tan", hasten_m_tan as *const u8),
        ("hasten_m_asin", hasten_m_asin as *const u8),
        ("hasten_m_acos", hasten_m_acos as *const u8),
        ("hasten_m_atan", hasten_m_atan as *const u8),
        ("hasten_m_sinh", hasten_m_sinh as *const u8),
        ("hasten_m_cosh", hasten_m_cosh as *const u8),
        ("hasten_m_tanh", hasten_m_tanh as *const u8),
        ("hasten_m_expf", hasten_m_expf as *const u8),
        ("hasten_m_logf", hasten_m_logf as *const u8),
        ("hasten_m_sinf", hasten_m_sinf as *const u8),
        ("hasten_m_cosf", hasten_m_cosf as *const u8),
        ("hasten_m_atan2", hasten_m_atan2 as *const u8),
        ("hasten_m_hypot", hasten_m_hypot as *const u8),
        ("hasten_m_pow", hasten_m_pow as *const u8),
        ("hasten_m_powf", hasten_m_powf as *const u8),
        ("hasten_m_int_truediv", hasten_m_int_truediv as *const u8),
        ("hasten_m_round_int", hasten_m_round_int as *const u8),
        ("hasten_m_pow_mod", hasten_m_pow_mod as *const u8),
        ("hasten_m_ipow_wrap", hasten_m_ipow_wrap as *const u8),
    ]);
    symbols
}

#[cfg(test)]
mod tests {
    use super::{hasten_m_int_truediv, hasten_m_pow_mod, hasten_m_round_int};

    fn pow_mod(b: i64, e: i64, m: i64) -> Option<i64> {
        let mut out = 0;
        (hasten_m_pow_mod(b, e, m, &mut out, std::ptr::null(), 0) == 0).then_some(out)
    }

    #[test]
    fn pow_with_a_modulus_matches_cpython() {
        // Values from CPython 3.11's pow(b, e, m).
        assert_eq!(pow_mod(3, 200, 1000003), Some(333986));
        assert_eq!(pow_mod(-7, 3, 5), Some(2));
        assert_eq!(pow_mod(3, 2, -5), Some(-1));
        assert_eq!(pow_mod(2, -1, 7), Some(4));
        assert_eq!(pow_mod(12345678901, 98765, (1 << 62) + 1), Some(1245014962145726876));
        assert_eq!(pow_mod(5, 0, 1), Some(0));
        assert_eq!(pow_mod(-3, -3, 11), Some(2));
        assert_eq!(pow_mod(2, 5, 0), None);
        assert_eq!(pow_mod(2, -1, 4), None);
        hasten_runtime::take_error();
    }

    #[test]
    fn int_true_division_is_correctly_rounded() {
        // Values checked against CPython 3.11: (2**62 + 1) / 3 and friends.
        assert_eq!(hasten_m_int_truediv((1 << 62) + 1, 3), 1537228672809129301.0);
        assert_eq!(hasten_m_int_truediv(i64::MAX, 7), 1317624576693539401.0);
        assert_eq!(hasten_m_int_truediv(-(1 << 60) - 3, 1 << 40), -1048576.0);
        assert_eq!(hasten_m_int_truediv(i64::MIN, -1), 9.223372036854776e18);
        assert_eq!(hasten_m_int_truediv(1, 3), 1.0 / 3.0);
    }

    #[test]
    fn hypot_matches_cpython() {
        // (x, y, math.hypot(x, y)) from CPython 3.11.
        let cases = [
            (3.97696886077503e16, 3.97696886077503e16, 5.6242833000435256e16),
            (3.0, 4.0, 5.0),
            (1e308, 1e308, 1.4142135623730951e308),
            (5e-324, 5e-324, 5e-324),
            (0.1, 0.2, 0.223606797749979),
        ];
        for (x, y, want) in cases {
            assert_eq!(super::hasten_m_hypot(x, y), want, "hypot({x}, {y})");
        }
        assert!(super::hasten_m_hypot(f64::NAN, 1.0).is_nan());
        assert_eq!(super::hasten_m_hypot(f64::NAN, f64::INFINITY), f64::INFINITY);
    }

    #[test]
    fn int_round_halves_to_even() {
        let round = |x, n| {
            let mut out = 0;
            let status = hasten_m_round_int(x, n, &mut out, std::ptr::null(), 0);
            (status, out)
        };
        // CPython: round(25, -1) == 20, round(35, -1) == 40, round(-25, -1) == -20, round(2**63 - 1, -18) == 9 * 10**18
        assert_eq!(round(25, -1), (0, 20));
        assert_eq!(round(35, -1), (0, 40));
        assert_eq!(round(-25, -1), (0, -20));
        assert_eq!(round(1234, -2), (0, 1200));
        assert_eq!(round(7, 3), (0, 7));
        assert_eq!(round(i64::MAX, -30), (0, 0));
        assert_eq!(round(i64::MAX, -18), (0, 9_000_000_000_000_000_000));
        assert_eq!(round(i64::MAX, -19).0, 1, "10**19 does not fit");
    }
}
