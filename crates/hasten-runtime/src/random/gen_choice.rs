//! `Generator.choice(a, size, replace=True, p)` as NumPy makes it: its checks and messages in
//! its order, then the indices (bounded integers, or uniform doubles searched in the cumulative
//! distribution of `p`) and, for an array `a`, its elements at them.

use super::choice::{cdf, kahan_sum, search_right};
use super::generator::Bitgen;
use crate::error::{ffi_str, set_error};

/// The call, as compiled code lays it out in ten words (the layout of `np.random.choice`'s).
struct Call {
    pop: i64,
    /// The elements of `a` when it is an array (null for an int `a`), their stride and size.
    a_data: *const u8,
    a_stride: i64,
    itemsize: i64,
    /// How many values (the product of `size`; 1 without a size) and whether `size` was None.
    n: i64,
    scalar: bool,
    p: Option<Vec<f64>>,
}

impl Call {
    fn check(&self) -> Result<(), String> {
        let samples = self.scalar || self.n != 0;
        if self.a_data.is_null() && self.pop <= 0 && samples {
            return Err("a must be a positive integer unless no samples are taken".into());
        }
        if !self.a_data.is_null() && self.pop == 0 && samples {
            return Err("a cannot be empty unless no samples are taken".into());
        }
        let Some(p) = &self.p else { return Ok(()) };
        if p.len() as i64 != self.pop {
            return Err("a and p must have same size".into());
        }
        let sum = kahan_sum(p);
        if sum.is_nan() {
            return Err("Probabilities contain NaN".into());
        }
        if p.iter().any(|&v| v < 0.0) {
            return Err("Probabilities are not non-negative".into());
        }
        // `sqrt(finfo(float64).eps)`.
        if (sum - 1.0).abs() > f64::EPSILON.sqrt() {
            return Err("Probabilities do not sum to 1. See Notes section of docstring for more information.".into());
        }
        Ok(())
    }

    fn indices(&self, b: &mut Bitgen) -> Vec<u64> {
        let n = self.n.max(0) as usize;
        let mut out = vec![0u64; n];
        if n == 0 {
            return out;
        }
        match &self.p {
            // `integers(0, pop)`: NumPy's bounded fill over [0, pop - 1].
            None => b.bounded_fill(0, (self.pop - 1) as u64, &mut out),
            Some(p) => {
                let cdf = cdf(p);
                out.iter_mut().for_each(|o| *o = search_right(&cdf, b.double()) as u64);
            }
        }
        out
    }
}

/// Checks the call (phase 0) or draws `n` values into `out` (phase 1): int64 indices for an int
/// `a`, else elements of `a`. Returns 1 with the ValueError recorded.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with valid pointers
#[no_mangle]
pub extern "C" fn hasten_rt_gen_choice(bitgen: *mut Bitgen, words: *const i64, out: *mut u8, phase: i64, loc_ptr: *const u8, loc_len: usize) -> u32 {
    // SAFETY: compiled code passes a stack slot of ten words.
    let w = unsafe { std::slice::from_raw_parts(words, 10) };
    let p_data = w[7] as *const u8;
    // SAFETY: `p`, when given, is a 1-d float64 array of w[8] elements with stride w[9].
    let p = (!p_data.is_null()).then(|| (0..w[8]).map(|k| unsafe { *(p_data.offset((k * w[9]) as isize) as *const f64) }).collect());
    let scalar = w[5] != 0;
    let call = Call { pop: w[0], a_data: w[1] as *const u8, a_stride: w[2], itemsize: w[3], n: if scalar { 1 } else { w[4] }, scalar, p };
    if phase == 0 {
        return match call.check() {
            Ok(()) => 0,
            Err(msg) => {
                // SAFETY: compiled code passes a pointer into its constant pool with its length.
                set_error("ValueError", Some(msg), &unsafe { ffi_str(loc_ptr, loc_len) });
                1
            }
        };
    }
    // SAFETY: the binding passes the caller's live `bitgen_t`.
    let idx = call.indices(unsafe { &mut *bitgen });
    for (k, &i) in idx.iter().enumerate() {
        // SAFETY: `out` has room for n elements; `i` indexes `a`'s first axis.
        unsafe {
            if call.a_data.is_null() {
                *(out as *mut u64).add(k) = i;
            } else {
                let size = call.itemsize as usize;
                std::ptr::copy_nonoverlapping(call.a_data.offset(i as isize * call.a_stride as isize), out.add(k * size), size);
            }
        }
    }
    0
}
