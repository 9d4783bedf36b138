//! Arithmetic helpers that reproduce CPython's float and int semantics
//! exactly where a plain machine instruction would not.
//!
//! Helpers returning a status give 0 on success and 1 after recording an
//! exception (see [`crate::error`]); on error `*out` is left untouched.

use std::fmt::Write as _;

use crate::error::{ffi_str, set_error};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PowError {
    ZeroToNegative,
    Complex,
    ComplexOverflow,
    Overflow,
}

impl PowError {
    fn raise(self, loc: &str) {
        let (exc, msg) = match self {
            PowError::ZeroToNegative => ("ZeroDivisionError", "0.0 cannot be raised to a negative power"),
            // CPython would return a complex number, which hasten cannot represent.
            PowError::Complex => {
                ("ValueError", "negative number cannot be raised to a fractional power (the result would be complex)")
            }
            // CPython's complex power overflows before anyone sees the complex value.
            PowError::ComplexOverflow => ("OverflowError", "complex exponentiation"),
            // CPython reports the ERANGE of libm's pow through PyErr_SetFromErrno.
            PowError::Overflow => ("OverflowError", "(34, 'Numerical result out of range')"),
        };
        set_error(exc, Some(msg.to_owned()), loc);
    }
}

/// CPython's DOUBLE_IS_ODD_INTEGER.
fn is_odd_integer(x: f64) -> bool {
    x.abs() % 2.0 == 1.0
}

/// `x ** y` for Python floats: CPython's float_pow special cases, then libm pow.
pub(crate) fn float_pow(x: f64, y: f64) -> Result<f64, PowError> {
    if y == 0.0 {
        return Ok(1.0);
    }
    if x.is_nan() {
        return Ok(x);
    }
    if y.is_nan() {
        return Ok(if x == 1.0 { 1.0 } else { y });
    }
    if y.is_infinite() {
        let ax = x.abs();
        return Ok(if ax == 1.0 {
            1.0
        } else if (y > 0.0) == (ax > 1.0) {
            f64::INFINITY
        } else {
            0.0
        });
    }
    if x.is_infinite() {
        let odd = is_odd_integer(y);
        return Ok(match (y > 0.0, odd) {
            (true, true) => x,
            (true, false) => f64::INFINITY,
            (false, true) => 0.0f64.copysign(x),
            (false, false) => 0.0,
        });
    }
    if x == 0.0 {
        if y < 0.0 {
            return Err(PowError::ZeroToNegative);
        }
        return Ok(if is_odd_integer(y) { x } else { 0.0 });
    }
    let mut base = x;
    let mut negate = false;
    if x < 0.0 {
        if y != y.floor() {
            // CPython's complex pow has modulus |x|**y (the exponent is real).
            return Err(if (-x).powf(y).is_infinite() {
                PowError::ComplexOverflow
            } else {
                PowError::Complex
            });
        }
        base = -x;
        negate = is_odd_integer(y);
    }
    // Also covers (-1) ** huge_even_or_odd, which some libms got wrong.
    if base == 1.0 {
        return Ok(if negate { -1.0 } else { 1.0 });
    }
    // Operands are finite here, so an infinite result is an overflow (ERANGE);
    // underflow to zero is not an error in CPython.
    let r = base.powf(y);
    if r.is_infinite() {
        return Err(PowError::Overflow);
    }
    Ok(if negate { -r } else { r })
}

/// Python's `float ** float`.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with a valid `out` and (ptr, len)
pub extern "C" fn hasten_rt_float_pow(
    x: f64,
    y: f64,
    out: *mut f64,
    loc_ptr: *const u8,
    loc_len: usize,
) -> u32 {
    match float_pow(x, y) {
        Ok(r) => {
            // SAFETY: compiled code passes a pointer to a stack slot.
            unsafe { *out = r };
            0
        }
        Err(e) => {
            // SAFETY: compiled code passes a pointer into its constant pool with its length.
            e.raise(&unsafe { ffi_str(loc_ptr, loc_len) });
            1
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IntPowError {
    NegativeExponent,
    Overflow,
}

/// Exact `base ** exp` for 64-bit ints.
pub(crate) fn int_pow(base: i64, exp: i64) -> Result<i64, IntPowError> {
    if exp < 0 {
        return Err(IntPowError::NegativeExponent);
    }
    // These never overflow, whatever the exponent.
    match base {
        0 => return Ok(if exp == 0 { 1 } else { 0 }),
        1 => return Ok(1),
        -1 => return Ok(if exp & 1 == 0 { 1 } else { -1 }),
        _ => {}
    }
    let mut result: i64 = 1;
    let mut b = base;
    let mut e = exp as u64;
    loop {
        if e & 1 == 1 {
            result = result.checked_mul(b).ok_or(IntPowError::Overflow)?;
        }
        e >>= 1;
        if e == 0 {
            return Ok(result);
        }
        // With |b| >= 2 and bits left, the result has |b*b| as a factor, so an
        // overflowing square means the result overflows too (b*b can never be
        // exactly 2**63, so i64::MIN results are not lost).
        b = b.checked_mul(b).ok_or(IntPowError::Overflow)?;
    }
}

/// Python's `int ** int` for a non-negative exponent.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with a valid `out` and (ptr, len)
pub extern "C" fn hasten_rt_int_pow(
    base: i64,
    exp: i64,
    out: *mut i64,
    loc_ptr: *const u8,
    loc_len: usize,
) -> u32 {
    let (exc, msg) = match int_pow(base, exp) {
        Ok(r) => {
            // SAFETY: compiled code passes a pointer to a stack slot.
            unsafe { *out = r };
            return 0;
        }
        // Python would return a float; compiled code must know the type statically.
        Err(IntPowError::NegativeExponent) => (
            "ValueError",
            "integer ** negative integer needs a constant exponent in compiled code",
        ),
        Err(IntPowError::Overflow) => (
            "OverflowError",
            crate::messages::OVERFLOW,
        ),
    };
    // SAFETY: compiled code passes a pointer into its constant pool with its length.
    let loc = unsafe { ffi_str(loc_ptr, loc_len) };
    set_error(exc, Some(msg.to_owned()), &loc);
    1
}

/// Python's `x // y` and `x % y` for floats of one width (CPython's `_float_div_mod`, which
/// NumPy's `npy_divmod`/`npy_divmodf` follow in the operands' own precision: float32 operands
/// are computed in float32, not rounded from float64).
macro_rules! floor_divmod {
    ($floordiv:ident, $modulo:ident, $t:ty) => {
        /// `x // y`. For `y == 0` it returns NumPy's `x / y` (±inf or nan); Python floats never
        /// get there because compiled code raises ZeroDivisionError first.
        pub extern "C" fn $floordiv(x: $t, y: $t) -> $t {
            if y == 0.0 {
                return x / y;
            }
            // Rust's `%` on floats is C's fmod, which is exact.
            let m = x % y;
            // Mathematically an exact multiple of y; the snapping below absorbs the rounding.
            let mut div = (x - m) / y;
            // When the remainder's sign would differ from y's, Python's remainder is
            // m + y and the quotient one less. NaN counts as non-zero, as in C's `if (mod)`.
            if m != 0.0 && (y < 0.0) != (m < 0.0) {
                div -= 1.0;
            }
            if div != 0.0 {
                let mut fd = div.floor();
                if div - fd > 0.5 {
                    fd += 1.0;
                }
                fd
            } else {
                // A zero quotient takes the sign of the true quotient.
                (0.0 as $t).copysign(x / y)
            }
        }

        /// `x % y`: the result has the sign of `y`. For `y == 0` it returns NumPy's nan.
        pub extern "C" fn $modulo(x: $t, y: $t) -> $t {
            let m = x % y;
            if y == 0.0 {
                return m;
            }
            if m != 0.0 {
                if (y < 0.0) != (m < 0.0) {
                    m + y
                } else {
                    m
                }
            } else {
                // fmod's zero sign differs across platforms; CPython uses y's.
                (0.0 as $t).copysign(y)
            }
        }
    };
}

floor_divmod!(hasten_rt_float_floordiv, hasten_rt_float_mod, f64);
floor_divmod!(hasten_rt_float32_floordiv, hasten_rt_float32_mod, f32);

/// Fixed buffer for decimal strings, so rounding does not allocate. The
/// longest string written is 309 integer digits + '.' + 323 decimals.
struct DecimalBuf {
    bytes: [u8; 704],
    len: usize,
}

impl DecimalBuf {
    fn new() -> Self {
        DecimalBuf {
            bytes: [0; 704],
            len: 0,
        }
    }

    fn as_str(&self) -> &str {
        // Only ASCII produced by number formatting is ever written.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }

    fn parse(&self) -> f64 {
        // The strings are well-formed; NaN is unreachable but avoids a panic path.
        self.as_str().parse().unwrap_or(f64::NAN)
    }
}

impl std::fmt::Write for DecimalBuf {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        self.bytes
            .get_mut(self.len..end)
            .ok_or(std::fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// CPython's limits: beyond NDIGITS_MAX every float rounds to itself, below
/// NDIGITS_MIN to a signed zero.
const NDIGITS_MAX: i64 = 323;
const NDIGITS_MIN: i64 = -308;

/// Python's `round(x, ndigits)` for floats: the exact binary value rounded
/// half-even to `ndigits` decimal places, then read back correctly rounded
/// (what CPython does with dtoa mode 3 and strtod).
///
/// Where CPython raises OverflowError ("rounded value too large to
/// represent", only possible for ndigits < 0 near f64::MAX) this returns ±inf.
pub extern "C" fn hasten_rt_round_ndigits(x: f64, ndigits: i64) -> f64 {
    if !x.is_finite() || ndigits > NDIGITS_MAX {
        return x;
    }
    if ndigits < NDIGITS_MIN {
        return 0.0 * x;
    }
    // Half-even rounding is symmetric, so round |x| and restore the sign
    // (which also keeps -0.0 for negatives that round to zero, as CPython does).
    let a = x.abs();
    let mut buf = DecimalBuf::new();
    let r = if ndigits >= 0 {
        // Rust's fixed-precision formatting is exact and rounds ties to even.
        if write!(buf, "{:.*}", ndigits as usize, a).is_err() {
            return x;
        }
        buf.parse()
    } else {
        round_to_tens(a, (-ndigits) as usize, &mut buf)
    };
    r.copysign(x)
}

/// Rounds finite `a >= 0` half-even to a multiple of 10**k (k >= 1) using
/// the exact decimal digits of its integer part, never float scaling.
fn round_to_tens(a: f64, k: usize, buf: &mut DecimalBuf) -> f64 {
    let int = a.trunc();
    // Formatting an integral float with no decimals is exact.
    if write!(buf, "{int:.0}").is_err() {
        return a;
    }
    let n = buf.len;
    if k > n {
        // a < 10**n <= 10**k / 10, below half a unit.
        return 0.0;
    }
    let split = n - k;
    let digits = &buf.bytes[..n];
    let first_dropped = digits[split];
    let sticky = a != int || digits[split + 1..].iter().any(|&d| d != b'0');
    let last_kept_odd = split > 0 && (digits[split - 1] - b'0') % 2 == 1;
    let round_up = first_dropped > b'5' || (first_dropped == b'5' && (sticky || last_kept_odd));

    // Every digit has been inspected: increment the kept prefix in place.
    let kept = &mut buf.bytes[..split];
    let mut carry = round_up;
    for d in kept.iter_mut().rev() {
        if !carry {
            break;
        }
        if *d == b'9' {
            *d = b'0';
        } else {
            *d += 1;
            carry = false;
        }
    }
    // A carry out of all nines (or out of an empty prefix) adds a leading 1.
    let lead = if carry {
        "1"
    } else if kept.is_empty() {
        "0"
    } else {
        ""
    };
    let mut out = DecimalBuf::new();
    let _ = write!(out, "{lead}{}e{k}", std::str::from_utf8(kept).unwrap_or(""));
    out.parse()
}

/// Records the error CPython's `int(x)` gives for a float that does not fit
/// a hasten int. Compiled code calls it only after its range check failed.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with a valid (ptr, len)
pub extern "C" fn hasten_rt_float_to_int_error(x: f64, loc_ptr: *const u8, loc_len: usize) {
    let (exc, msg) = if x.is_nan() {
        ("ValueError", "cannot convert float NaN to integer")
    } else if x.is_infinite() {
        ("OverflowError", "cannot convert float infinity to integer")
    } else {
        (
            "OverflowError",
            "int too large to convert to 64-bit integer (hasten ints are 64-bit)",
        )
    };
    // SAFETY: compiled code passes a pointer into its constant pool with its length.
    let loc = unsafe { ffi_str(loc_ptr, loc_len) };
    set_error(exc, Some(msg.to_owned()), &loc);
}

#[cfg(test)]
mod tests;
