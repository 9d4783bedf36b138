//! `Generator.choice(a, size, replace, p, shuffle=True)` as NumPy makes it: its checks and
//! messages in its order, then the indices (bounded integers, or uniform doubles searched in the
//! cumulative distribution of `p`; without replacement Floyd's algorithm or a shuffle of the tail
//! of the whole range, or rounds of unique draws under `p`) and, for an array `a`, its elements
//! at them.

use super::bounded::mask_of;
use super::choice::{cdf, kahan_sum, search_right, unique_rounds};
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
    replace: bool,
    /// Without replacement, whether the indices are shuffled (else in Floyd's order).
    shuffle: bool,
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

    /// The checks NumPy makes after those of `p` when drawing without replacement.
    fn check_unique(&self) -> Result<(), String> {
        if self.replace {
            return Ok(());
        }
        if self.n > self.pop {
            return Err("Cannot take a larger sample than population when replace is False".into());
        }
        if self.n < 0 {
            return Err("negative dimensions are not allowed".into());
        }
        match &self.p {
            Some(p) if (p.iter().filter(|&&v| v > 0.0).count() as i64) < self.n => Err("Fewer non-zero entries in p than size".into()),
            _ => Ok(()),
        }
    }

    fn indices(&self, b: &mut Bitgen) -> Vec<u64> {
        let n = self.n.max(0) as usize;
        let mut out = vec![0u64; n];
        if n == 0 {
            return out;
        }
        match (&self.p, self.replace) {
            // `integers(0, pop)`: NumPy's bounded fill over [0, pop - 1].
            (None, true) => b.bounded_fill(0, (self.pop - 1) as u64, &mut out),
            (Some(p), true) => {
                let cdf = cdf(p);
                out.iter_mut().for_each(|o| *o = search_right(&cdf, b.double()) as u64);
            }
            (Some(p), false) => return unique_rounds(&mut || b.double(), p.clone(), n).into_iter().map(|v| v as u64).collect(),
            (None, false) => return distinct(b, self.pop as u64, n as u64, self.shuffle),
        }
        out
    }
}

/// `size` distinct values of `[0, pop)`: for a large population and a sample larger than a
/// fiftieth (a twentieth unshuffled) of it, the last `size` entries of the range after a partial
/// shuffle of its tail; else Floyd's algorithm over an open-addressing set, then a shuffle.
fn distinct(b: &mut Bitgen, pop: u64, size: u64, shuffle: bool) -> Vec<u64> {
    let cutoff = if shuffle { 50 } else { 20 };
    if pop > 10000 && size > pop / cutoff {
        let mut all: Vec<u64> = (0..pop).collect();
        shuffle_tail(b, &mut all, (pop - size).max(1) as usize);
        return all.split_off((pop - size) as usize);
    }
    let mask = mask_of((1.2 * size as f64) as u64);
    let mut set = vec![u64::MAX; (mask + 1) as usize];
    let mut out = Vec::with_capacity(size as usize);
    for j in pop - size..pop {
        let val = b.bounded(j);
        let mut at = val & mask;
        while set[at as usize] != u64::MAX && set[at as usize] != val {
            at = (at + 1) & mask;
        }
        if set[at as usize] == u64::MAX {
            set[at as usize] = val;
            out.push(val);
        } else {
            at = j & mask;
            while set[at as usize] != u64::MAX {
                at = (at + 1) & mask;
            }
            set[at as usize] = j;
            out.push(j);
        }
    }
    if shuffle {
        shuffle_tail(b, &mut out, 1);
    }
    out
}

/// NumPy's `_shuffle_int`: Fisher-Yates from the end down to position `first`, each position
/// drawn by Lemire's bounded method (not the masked `random_interval` of `shuffle`).
fn shuffle_tail(b: &mut Bitgen, data: &mut [u64], first: usize) {
    for i in (first..data.len()).rev() {
        data.swap(i, b.bounded(i as u64) as usize);
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
    // Word 6 holds `replace` in bit 0 and `shuffle` in bit 1.
    let (replace, shuffle) = (w[6] & 1 != 0, w[6] & 2 != 0);
    let call = Call { pop: w[0], a_data: w[1] as *const u8, a_stride: w[2], itemsize: w[3], n: if scalar { 1 } else { w[4] }, scalar, replace, shuffle, p };
    if phase == 0 {
        return match call.check().and_then(|()| call.check_unique()) {
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
