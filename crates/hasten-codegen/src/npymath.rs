//! NumPy's own element functions (its `npy_math` library) that are no single C library call:
//! `logaddexp`, `logaddexp2`, `nextafter`, `spacing`, `ldexp` with a 64-bit exponent, and the
//! integer `gcd`/`lcm` of every width, each as NumPy's loops compute them (the C library's `exp`,
//! `log1p` and `exp2` underneath, through Rust's `f64`/`f32` methods as in `libm.rs`).

use std::f64::consts::{LN_2, LOG2_E};

macro_rules! float_functions {
    ($t:ident, $logaddexp:ident, $logaddexp2:ident, $nextafter:ident, $spacing:ident, $ldexp:ident, $c_ldexp:ident) => {
        /// `log(exp(x) + exp(y))` without overflow: equal operands (infinities included) give
        /// `x + log(2)`, NaN propagates through the difference.
        extern "C" fn $logaddexp(x: $t, y: $t) -> $t {
            if x == y {
                return x + LN_2 as $t;
            }
            let d = x - y;
            if d > 0.0 {
                x + (-d).exp().ln_1p()
            } else if d <= 0.0 {
                y + d.exp().ln_1p()
            } else {
                d
            }
        }

        /// `log2(2**x + 2**y)`, the same way in base 2.
        extern "C" fn $logaddexp2(x: $t, y: $t) -> $t {
            if x == y {
                return x + 1.0;
            }
            let d = x - y;
            if d > 0.0 {
                x + LOG2_E as $t * (-d).exp2().ln_1p()
            } else if d <= 0.0 {
                y + LOG2_E as $t * d.exp2().ln_1p()
            } else {
                d
            }
        }

        /// The next representable value after `x` towards `y` (C's `nextafter`).
        extern "C" fn $nextafter(x: $t, y: $t) -> $t {
            if x.is_nan() || y.is_nan() {
                return x + y;
            }
            if x == y {
                return y;
            }
            if x == 0.0 {
                return <$t>::from_bits(1).copysign(y);
            }
            let b = x.to_bits();
            // Away from zero is one step up in magnitude, towards zero one step down.
            let up = (y > x) == (x > 0.0);
            <$t>::from_bits(if up { b + 1 } else { b - 1 })
        }

        /// The distance to the next value away from zero, signed as `x` (positive for both
        /// zeros); NaN for infinities.
        extern "C" fn $spacing(x: $t) -> $t {
            if x.is_infinite() {
                return <$t>::NAN;
            }
            if x == 0.0 {
                return <$t>::from_bits(1);
            }
            $nextafter(x, <$t>::INFINITY.copysign(x)) - x
        }

        /// `ldexp` with NumPy's clamping of a 64-bit exponent to C's int.
        extern "C" fn $ldexp(x: $t, e: i64) -> $t {
            let e = e.clamp(i32::MIN as i64, i32::MAX as i64) as i32;
            // SAFETY: a pure C library function.
            unsafe { $c_ldexp(x, e) }
        }
    };
}

extern "C" {
    fn ldexp(x: f64, e: i32) -> f64;
    fn ldexpf(x: f32, e: i32) -> f32;
}

float_functions!(f64, logaddexp, logaddexp2, nextafter, spacing, ldexp64, ldexp);
float_functions!(f32, logaddexpf, logaddexp2f, nextafterf, spacingf, ldexp32, ldexpf);

/// NumPy's `gcd` and `lcm` in each integer width: Euclid on the magnitudes, the result cast back
/// (so the gcd of the most negative value and 0 is itself), `lcm` as `|a| / gcd * |b|`, wrapping.
macro_rules! int_functions {
    ($($gcd:ident, $lcm:ident: $t:ty => $u:ty;)*) => {
        $(fn $gcd(a: $t, b: $t) -> $t {
            let (mut x, mut y) = (a.wrapping_abs() as $u, b.wrapping_abs() as $u);
            while y != 0 {
                (x, y) = (y, x % y);
            }
            x as $t
        }

        fn $lcm(a: $t, b: $t) -> $t {
            let g = $gcd(a, b);
            if g == 0 {
                return 0;
            }
            a.wrapping_abs().wrapping_div(g).wrapping_mul(b.wrapping_abs())
        })*
    };
}

int_functions! {
    gcd_i8, lcm_i8: i8 => u8; gcd_i16, lcm_i16: i16 => u16; gcd_i32, lcm_i32: i32 => u32; gcd_i64, lcm_i64: i64 => u64;
    gcd_u8, lcm_u8: u8 => u8; gcd_u16, lcm_u16: u16 => u16; gcd_u32, lcm_u32: u32 => u32; gcd_u64, lcm_u64: u64 => u64;
}

trait WrappingAbs {
    fn wrapping_abs(self) -> Self;
}

macro_rules! unsigned_abs {
    ($($t:ident),*) => {
        $(impl WrappingAbs for $t {
            fn wrapping_abs(self) -> Self {
                self
            }
        })*
    };
}

unsigned_abs!(u8, u16, u32, u64);

/// The integer dtypes' codes for `hasten_npy_gcd_lcm`, as code generation passes them.
pub(crate) fn int_code(d: hasten_ir::Dtype) -> i64 {
    use hasten_ir::Dtype::*;
    match d {
        I8 => 0,
        I16 => 1,
        I32 => 2,
        I64 => 3,
        U8 => 4,
        U16 => 5,
        U32 => 6,
        _ => 7,
    }
}

/// `gcd` (`lcm` when `is_lcm` is 1) of two integers of the dtype `code` (`int_code`), passed
/// extended to 64 bits; the result comes back the same way.
extern "C" fn hasten_npy_gcd_lcm(is_lcm: i64, code: i64, a: i64, b: i64) -> i64 {
    macro_rules! apply {
        ($t:ty, $gcd:ident, $lcm:ident) => {{
            let (a, b) = (a as $t, b as $t);
            (if is_lcm == 1 { $lcm(a, b) } else { $gcd(a, b) }) as i64
        }};
    }
    match code {
        0 => apply!(i8, gcd_i8, lcm_i8),
        1 => apply!(i16, gcd_i16, lcm_i16),
        2 => apply!(i32, gcd_i32, lcm_i32),
        3 => apply!(i64, gcd_i64, lcm_i64),
        4 => apply!(u8, gcd_u8, lcm_u8),
        5 => apply!(u16, gcd_u16, lcm_u16),
        6 => apply!(u32, gcd_u32, lcm_u32),
        _ => apply!(u64, gcd_u64, lcm_u64),
    }
}

pub(crate) fn symbols() -> Vec<(&'static str, *const u8)> {
    vec![
        ("hasten_npy_logaddexp", logaddexp as *const u8),
        ("hasten_npy_logaddexp2", logaddexp2 as *const u8),
        ("hasten_npy_nextafter", nextafter as *const u8),
        ("hasten_npy_spacing", spacing as *const u8),
        ("hasten_npy_ldexp", ldexp64 as *const u8),
        ("hasten_npy_logaddexpf", logaddexpf as *const u8),
        ("hasten_npy_logaddexp2f", logaddexp2f as *const u8),
        ("hasten_npy_nextafterf", nextafterf as *const u8),
        ("hasten_npy_spacingf", spacingf as *const u8),
        ("hasten_npy_ldexpf", ldexp32 as *const u8),
        ("hasten_npy_gcd_lcm", hasten_npy_gcd_lcm as *const u8),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gcd_and_lcm_wrap_as_numpys() {
        // np.gcd(np.int64(-2**63), 0), np.lcm(np.int8(-100), np.int8(3)), np.lcm(np.int8(-128), np.int8(-1))
        assert_eq!(hasten_npy_gcd_lcm(0, 3, i64::MIN, 0), i64::MIN);
        assert_eq!(hasten_npy_gcd_lcm(1, 0, -100, 3), 44);
        assert_eq!(hasten_npy_gcd_lcm(1, 0, -128, -1), -128);
        assert_eq!(hasten_npy_gcd_lcm(0, 3, -4, 6), 2);
        assert_eq!(hasten_npy_gcd_lcm(1, 3, -4, 6), 12);
    }

    #[test]
    fn next_values_and_spacing() {
        assert_eq!(nextafter(0.0, -1.0).to_bits(), (-5e-324f64).to_bits());
        assert_eq!(nextafter(1.0, 2.0), 1.0000000000000002);
        assert_eq!(nextafter(-1.0, 0.0), -0.9999999999999999);
        assert_eq!(spacing(-1.0), -2.220446049250313e-16);
        assert_eq!(spacing(0.0), 5e-324);
        assert_eq!(spacing(-0.0), 5e-324);
        assert!(spacing(f64::INFINITY).is_nan());
        assert_eq!(spacingf(1.0), 1.1920929e-07);
        assert_eq!(logaddexp(f64::INFINITY, f64::INFINITY), f64::INFINITY);
        assert_eq!(logaddexp2(1.0, 1.0), 2.0);
    }
}
