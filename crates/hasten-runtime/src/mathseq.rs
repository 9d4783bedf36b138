//! The `math` functions of sequences, CPython's algorithms: `fsum` (Shewchuk's exact partial
//! sums, correctly rounded, with CPython's errors for overflow and `inf - inf`) and `dist`
//! (CPython 3.11's `vector_norm`: power-of-two scaling, split squaring, compensated summation and
//! a corrected square root). Items come as the 8-byte slots of a list, each read by its kind.

use crate::error::{ffi_str, set_error};

/// How a list's item slot holds its number (the kinds `item` reads).
pub const KIND_F64: i64 = 0;
pub const KIND_I64: i64 = 1;
pub const KIND_I8: i64 = 2;
pub const KIND_F32: i64 = 3;
pub const KIND_I32: i64 = 4;
pub const KIND_I16: i64 = 5;
pub const KIND_U8: i64 = 6;
pub const KIND_U16: i64 = 7;
pub const KIND_U32: i64 = 8;
pub const KIND_U64: i64 = 9;

/// Item `i` of the slots at `items` as a float (CPython's `PyFloat_AsDouble`: ints round to nearest).
///
/// # Safety
/// `items` holds at least `i + 1` slots of 8 bytes.
unsafe fn item(items: *const u8, i: usize, kind: i64) -> f64 {
    let p = items.add(i * 8);
    match kind {
        KIND_F64 => (p as *const f64).read(),
        KIND_I64 => (p as *const i64).read() as f64,
        KIND_I8 => (p as *const i8).read() as f64,
        KIND_F32 => (p as *const f32).read() as f64,
        KIND_I32 => (p as *const i32).read() as f64,
        KIND_I16 => (p as *const i16).read() as f64,
        KIND_U8 => p.read() as f64,
        KIND_U16 => (p as *const u16).read() as f64,
        KIND_U32 => (p as *const u32).read() as f64,
        _ => (p as *const u64).read() as f64,
    }
}

fn raise(exc: &str, msg: &str, loc_ptr: *const u8, loc_len: usize) -> u32 {
    // SAFETY: compiled code passes a pointer into its constant pool with its length.
    let loc = unsafe { ffi_str(loc_ptr, loc_len) };
    set_error(exc, Some(msg.to_owned()), &loc);
    1
}

/// The correctly rounded sum of `xs`, or CPython's exception (type, message).
pub fn fsum(xs: impl Iterator<Item = f64>) -> Result<f64, (&'static str, &'static str)> {
    // Non-overlapping partial sums, increasing in magnitude; together exactly the running sum.
    let mut partials: Vec<f64> = Vec::new();
    let (mut special_sum, mut inf_sum) = (0.0f64, 0.0f64);
    for xsave in xs {
        let mut x = xsave;
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        partials.truncate(i);
        if x != 0.0 {
            if !x.is_finite() {
                // From an overflow of finite items, or an inf/nan item: the latter are summed
                // apart and the partials start again.
                if xsave.is_finite() {
                    return Err(("OverflowError", "intermediate overflow in fsum"));
                }
                if xsave.is_infinite() {
                    inf_sum += xsave;
                }
                special_sum += xsave;
                partials.clear();
            } else {
                partials.push(x);
            }
        }
    }
    if special_sum != 0.0 {
        return if inf_sum.is_nan() { Err(("ValueError", "-inf + inf in fsum")) } else { Ok(special_sum) };
    }
    let mut n = partials.len();
    if n == 0 {
        return Ok(0.0);
    }
    n -= 1;
    let mut hi = partials[n];
    let mut lo = 0.0;
    // Add from the top while the sum stays exact.
    while n > 0 {
        let x = hi;
        n -= 1;
        let y = partials[n];
        hi = x + y;
        lo = y - (hi - x);
        if lo != 0.0 {
            break;
        }
    }
    // Half-even rounding across partials: a remainder of the same sign as the next partial
    // means the true sum lies beyond the halfway point.
    if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
        let y = lo * 2.0;
        let x = hi + y;
        if y == x - hi {
            hi = x;
        }
    }
    Ok(hi)
}

/// `math.fsum(list)`: the list's `len` item slots at `items`, of `kind`.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with valid pointers
pub extern "C" fn hasten_rt_math_fsum(items: *const u8, len: i64, kind: i64, out: *mut f64, loc_ptr: *const u8, loc_len: usize) -> u32 {
    // SAFETY: compiled code passes a list's item block with its length.
    let xs = (0..len as usize).map(|i| unsafe { item(items, i, kind) });
    match fsum(xs) {
        Ok(v) => {
            // SAFETY: `out` is a stack slot of 8 bytes.
            unsafe { out.write(v) };
            0
        }
        Err((exc, msg)) => raise(exc, msg, loc_ptr, loc_len),
    }
}

/// `sqrt(sum(x*x for x in vec))` for non-negative `vec` whose largest item is `max`, as CPython
/// 3.11 computes it (its `vector_norm`).
pub fn vector_norm(vec: &[f64], max: f64, found_nan: bool) -> f64 {
    // Veltkamp's constant: splits a double into two halves of 26 bits.
    const T27: f64 = 134217729.0;
    let split = |x: f64| {
        let t = x * T27;
        let hi = t - (t - x);
        (hi, x - hi)
    };
    if max.is_infinite() {
        return max;
    }
    if found_nan {
        return f64::NAN;
    }
    if max == 0.0 || vec.len() <= 1 {
        return max;
    }
    let max_e = frexp_exponent(max);
    // csum starts at 1.0 so that every addend is smaller than it (the fast Neumaier step).
    let (mut csum, mut frac1, mut frac2, mut frac3) = (1.0f64, 0.0f64, 0.0f64, 0.0f64);
    let add = |csum: &mut f64, frac: &mut f64, x: f64| {
        let old = *csum;
        *csum += x;
        *frac += (old - *csum) + x;
    };
    if max_e >= -1023 {
        let scale = pow2(-max_e);
        for &v in vec {
            let (hi, lo) = split(v * scale);
            add(&mut csum, &mut frac1, hi * hi);
            add(&mut csum, &mut frac2, 2.0 * hi * lo);
            frac3 += lo * lo;
        }
        let h = (csum - 1.0 + (frac1 + frac2 + frac3)).sqrt();
        let (hi, lo) = split(h);
        add(&mut csum, &mut frac1, -hi * hi);
        add(&mut csum, &mut frac2, -2.0 * hi * lo);
        add(&mut csum, &mut frac3, -lo * lo);
        let x = csum - 1.0 + (frac1 + frac2 + frac3);
        return (h + x / (2.0 * h)) / scale;
    }
    // Subnormal magnitudes: 2**-max_e would overflow, so divide by the largest instead.
    for &v in vec {
        let x = v / max;
        add(&mut csum, &mut frac1, x * x);
    }
    max * (csum - 1.0 + frac1).sqrt()
}

/// `2**k` exactly for `-1074 <= k <= 1023` (subnormal below -1022, where `powi` loses it).
pub fn pow2(k: i32) -> f64 {
    if k >= -1022 {
        f64::from_bits(((k + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (k + 1074))
    }
}

/// C's `frexp(x)` exponent of a positive finite `x`: `x = m * 2**e` with `0.5 <= m < 1`.
pub fn frexp_exponent(x: f64) -> i32 {
    let bits = x.to_bits();
    let e = ((bits >> 52) & 0x7ff) as i32;
    if e == 0 {
        // Subnormal: the exponent of its highest set bit.
        let m = bits & ((1u64 << 52) - 1);
        -1022 - (m.leading_zeros() as i32 - 12)
    } else {
        e - 1022
    }
}

/// `math.dist(p, q)` of two lists (item slots and kinds): CPython's ValueError for lengths that
/// differ, then the norm of `|p - q|`.
#[allow(clippy::not_unsafe_ptr_arg_deref, clippy::too_many_arguments)] // called only by compiled code
pub extern "C" fn hasten_rt_math_dist(p: *const u8, p_len: i64, p_kind: i64, q: *const u8, q_len: i64, q_kind: i64, out: *mut f64, loc_ptr: *const u8, loc_len: usize) -> u32 {
    if p_len != q_len {
        return raise("ValueError", "both points must have the same number of dimensions", loc_ptr, loc_len);
    }
    let (mut max, mut found_nan) = (0.0f64, false);
    let diffs: Vec<f64> = (0..p_len as usize)
        .map(|i| {
            // SAFETY: both lists hold `p_len` item slots.
            let x = unsafe { (item(p, i, p_kind) - item(q, i, q_kind)).abs() };
            found_nan |= x.is_nan();
            if x > max {
                max = x;
            }
            x
        })
        .collect();
    // SAFETY: `out` is a stack slot of 8 bytes.
    unsafe { out.write(vector_norm(&diffs, max, found_nan)) };
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fsum_is_exact_and_raises_as_cpython() {
        assert_eq!(fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50].into_iter()), Ok(1e-100));
        assert_eq!(fsum([0.1; 10].into_iter()), Ok(1.0));
        assert_eq!(fsum([1e-16, 1.0, 1e16].into_iter()), Ok(10000000000000002.0));
        assert_eq!(fsum([1.7e308, 1.7e308].into_iter()), Err(("OverflowError", "intermediate overflow in fsum")));
        assert_eq!(fsum([f64::INFINITY, f64::NEG_INFINITY].into_iter()), Err(("ValueError", "-inf + inf in fsum")));
        // The finite items overflow after the infinity reset the partials: still CPython's error.
        assert_eq!(fsum([f64::INFINITY, 1.7e308, 1.7e308].into_iter()), Err(("OverflowError", "intermediate overflow in fsum")));
        assert_eq!(fsum([1.7e308, 1.7e308, f64::INFINITY].into_iter()), Err(("OverflowError", "intermediate overflow in fsum")));
        assert_eq!(fsum([f64::INFINITY, 1.0, f64::INFINITY].into_iter()), Ok(f64::INFINITY));
        assert!(fsum([f64::NAN, 1.0].into_iter()).unwrap().is_nan());
        assert_eq!(fsum(std::iter::empty()), Ok(0.0));
    }

    #[test]
    fn norms_of_small_and_subnormal_vectors() {
        assert_eq!(vector_norm(&[3.0, 4.0], 4.0, false), 5.0);
        assert_eq!(vector_norm(&[5e-324, 5e-324], 5e-324, false), 5e-324);
        assert_eq!(frexp_exponent(1.0), 1);
        assert_eq!(frexp_exponent(5e-324), -1073);
        assert_eq!(frexp_exponent(0.75), 0);
        assert_eq!(pow2(-1024), f64::from_bits(1 << 50));
        assert_eq!(pow2(3), 8.0);
    }
}
