//! The length of `np.arange(start, stop, step)` exactly as NumPy computes it: `(stop - start) / step`
//! as one Python division (correctly rounded, for Python ints too), its ceiling, and NumPy's checks.
//! A float length can lose the last element of a huge integer range (`np.arange(0, 2**62 + 3, 2**60)`
//! has 4 elements, not 5) and a length of exactly 2**63 reads as empty (NumPy converts it to an
//! intp out of range): both are NumPy's answers on this platform.

use crate::error::{ffi_str, set_error};

const TWO_63: f64 = 9_223_372_036_854_775_808.0;

/// The double nearest to `num / den` (ties to even), as Python's `int / int` gives it.
fn int_quotient(num: i128, den: i64) -> f64 {
    let negative = (num < 0) != (den < 0);
    let (n, d) = (num.unsigned_abs(), den.unsigned_abs() as u128);
    if n == 0 {
        return if negative { -0.0 } else { 0.0 };
    }
    // Scale the numerator so that the integer quotient keeps 55 or more significant bits: 53 of
    // the result, a rounding bit, and the remainder folded into the lowest as a sticky bit.
    let bits = |x: u128| 128 - x.leading_zeros() as i32;
    let shift = (55 + bits(d) - bits(n)).max(0);
    let scaled = n << shift;
    let (q, r) = (scaled / d, scaled % d);
    let q = q | (r != 0) as u128;
    let magnitude = q as f64 / 2f64.powi(shift);
    if negative { -magnitude } else { magnitude }
}

/// NumPy's length from the quotient: its ceiling as an intp, NaN and values beyond an intp an
/// error (`Err(message)`). 2**63 passes NumPy's check and converts to a negative intp: empty.
fn length_of(q: f64) -> Result<i64, &'static str> {
    if q.is_nan() {
        return Err("arange: cannot compute length");
    }
    let c = q.ceil();
    if !(-TWO_63..=TWO_63).contains(&c) {
        return Err("Maximum allowed size exceeded");
    }
    Ok(if c >= TWO_63 { 0 } else { (c as i64).max(0) })
}

fn float_length(start: f64, stop: f64, step: f64) -> Result<i64, (&'static str, &'static str)> {
    if step == 0.0 {
        return Err(("ZeroDivisionError", "float division by zero"));
    }
    let delta = stop - start;
    let q = delta / step;
    // A quotient that underflowed to zero, or a step of infinity, still holds `start` when the
    // range goes the step's way.
    if q == 0.0 && delta != 0.0 {
        return Ok(if q.is_sign_negative() { 0 } else { 1 });
    }
    length_of(q).map_err(|m| ("ValueError", m))
}

fn int_length(start: i64, stop: i64, step: i64) -> Result<i64, (&'static str, &'static str)> {
    if step == 0 {
        return Err(("ZeroDivisionError", "division by zero"));
    }
    length_of(int_quotient(stop as i128 - start as i128, step)).map_err(|m| ("ValueError", m))
}

fn report(r: Result<i64, (&'static str, &'static str)>, loc_ptr: *const u8, loc_len: usize) -> i64 {
    r.unwrap_or_else(|(exc, msg)| {
        // SAFETY: compiled code passes a pointer into its constant pool with its length.
        let loc = unsafe { ffi_str(loc_ptr, loc_len) };
        set_error(exc, Some(msg.to_owned()), &loc);
        -1
    })
}

/// The length of a float arange, or -1 with NumPy's exception pending.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with a valid (ptr, len) pair
pub extern "C" fn hasten_rt_arange_len_f64(start: f64, stop: f64, step: f64, loc_ptr: *const u8, loc_len: usize) -> i64 {
    report(float_length(start, stop, step), loc_ptr, loc_len)
}

/// The length of an arange of Python ints, or -1 with NumPy's exception pending.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with a valid (ptr, len) pair
pub extern "C" fn hasten_rt_arange_len_i64(start: i64, stop: i64, step: i64, loc_ptr: *const u8, loc_len: usize) -> i64 {
    report(int_length(start, stop, step), loc_ptr, loc_len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_quotients_are_correctly_rounded() {
        assert_eq!(int_quotient(10, 3), 10.0 / 3.0);
        assert_eq!(int_quotient(-10, 3), -10.0 / 3.0);
        assert_eq!(int_quotient(0, -3), -0.0);
        assert_eq!(int_quotient((1 << 62) + 3, 1 << 60), 4.0);
        // 2**53 + 1 is a tie between 2**53 and 2**53 + 2: even wins; a remainder breaks the tie up.
        assert_eq!(int_quotient((1 << 53) + 1, 1), 9007199254740992.0);
        assert_eq!(int_quotient((1 << 54) + 3, 2), 9007199254740994.0);
        assert_eq!(int_quotient(u64::MAX as i128, 1), 18446744073709551616.0);
        assert_eq!(int_quotient(i64::MIN as i128, -1), TWO_63);
    }

    #[test]
    fn lengths_are_numpys() {
        assert_eq!(int_length(0, 10, 3), Ok(4));
        assert_eq!(int_length(0, -10, -3), Ok(4));
        assert_eq!(int_length(5, 0, 1), Ok(0));
        assert_eq!(int_length(0, (1 << 62) + 3, 1 << 60), Ok(4));
        assert_eq!(int_length(0, i64::MAX, 1), Ok(0));
        assert_eq!(int_length(i64::MIN, i64::MAX, 2), Ok(0));
        assert_eq!(int_length(i64::MAX, i64::MIN, 1), Err(("ValueError", "Maximum allowed size exceeded")));
        assert_eq!(int_length(0, 1, 0), Err(("ZeroDivisionError", "division by zero")));
        assert_eq!(float_length(0.0, 1.0, 0.0), Err(("ZeroDivisionError", "float division by zero")));
        assert_eq!(float_length(0.0, 10.0, f64::INFINITY), Ok(1));
        assert_eq!(float_length(0.0, -10.0, f64::INFINITY), Ok(0));
        assert_eq!(float_length(5.0, 5.0, f64::INFINITY), Ok(0));
        assert_eq!(float_length(0.0, 1e-320, 1e300), Ok(1));
        assert_eq!(float_length(0.0, TWO_63, 1.0), Ok(0));
        assert_eq!(float_length(0.0, -TWO_63, 1.0), Ok(0));
        assert_eq!(float_length(0.0, 9.223372036854778e18, 1.0), Err(("ValueError", "Maximum allowed size exceeded")));
        assert_eq!(float_length(f64::INFINITY, 10.0, 1.0), Err(("ValueError", "Maximum allowed size exceeded")));
        assert_eq!(float_length(f64::NAN, 10.0, 1.0), Err(("ValueError", "arange: cannot compute length")));
        assert_eq!(float_length(0.5, 7.5, 0.75), Ok(10));
    }
}
