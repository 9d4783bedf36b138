//! `np.random.choice(a, size, replace, p)` as `RandomState.choice` makes it: the same checks in
//! the same order, then the same draws (bounded integers, or uniform doubles searched in the
//! cumulative distribution, or a shuffled range, or NumPy's rounds of unique draws without
//! replacement).

use super::bounded;
use super::mt19937::Mt19937;
use super::with_state;
use crate::error::{ffi_str, set_error};

/// The call, as compiled code lays it out in eleven words.
struct Call {
    pop: i64,
    /// The elements of `a` when it is an array (null for an int `a`), their stride and size.
    a_data: *const u8,
    a_stride: i64,
    itemsize: i64,
    /// How many values (the product of `size`, 1 without a size) and whether the result is a scalar.
    n: i64,
    scalar: bool,
    replace: bool,
    /// `p`, null when absent.
    p_data: *const u8,
    p_len: i64,
    p_stride: i64,
}

impl Call {
    fn p(&self) -> Option<Vec<f64>> {
        if self.p_data.is_null() {
            return None;
        }
        // SAFETY: compiled code passes a 1-D float64 array of p_len elements with its stride.
        Some((0..self.p_len).map(|k| unsafe { *(self.p_data.offset((k * self.p_stride) as isize) as *const f64) }).collect())
    }

    fn check(&self) -> Result<(), String> {
        let samples = self.scalar || self.n != 0;
        if self.a_data.is_null() && self.pop <= 0 && samples {
            return Err("a must be greater than 0 unless no samples are taken".into());
        }
        if !self.a_data.is_null() && self.pop == 0 && samples {
            return Err("'a' cannot be empty unless no samples are taken".into());
        }
        let p = self.p();
        if let Some(p) = &p {
            check_p(p, self.pop)?;
        }
        if self.replace {
            if p.is_none() {
                bounded::check(0, self.pop)?;
            }
            return Ok(());
        }
        if self.n > self.pop {
            return Err("Cannot take a larger sample than population when 'replace=False'".into());
        }
        if self.n < 0 {
            return Err("Negative dimensions are not allowed".into());
        }
        if let Some(p) = &p {
            if (p.iter().filter(|&&v| v > 0.0).count() as i64) < self.n {
                return Err("Fewer non-zero entries in p than size".into());
            }
        }
        Ok(())
    }

    fn indices(&self, mt: &mut Mt19937) -> Vec<i64> {
        let n = self.n.max(0) as usize;
        match (self.replace, self.p()) {
            (true, None) => {
                let mut out = vec![0u64; n];
                bounded::fill(mt, 0, self.pop, &mut out);
                out.into_iter().map(|v| v as i64).collect()
            }
            (true, Some(p)) => {
                let cdf = cdf(&p);
                (0..n).map(|_| search_right(&cdf, mt.next_double())).collect()
            }
            (false, None) => {
                let mut perm: Vec<i64> = (0..self.pop).collect();
                for i in (1..self.pop).rev() {
                    let j = bounded::interval(mt, i as u64) as usize;
                    perm.swap(i as usize, j);
                }
                perm.truncate(n);
                perm
            }
            (false, Some(p)) => unique_rounds(&mut || mt.next_double(), p, n),
        }
    }
}

/// NumPy's checks of `p`: its length, then its Kahan sum (NaN, negative entries, distance from 1).
fn check_p(p: &[f64], pop: i64) -> Result<(), String> {
    if p.len() as i64 != pop {
        return Err("'a' and 'p' must have same size".into());
    }
    let sum = kahan_sum(p);
    if sum.is_nan() {
        return Err("probabilities contain NaN".into());
    }
    if p.iter().any(|&v| v < 0.0) {
        return Err("probabilities are not non-negative".into());
    }
    // `sqrt(finfo(float64).eps)`.
    let atol = f64::EPSILON.sqrt();
    if (sum - 1.0).abs() > atol {
        return Err("probabilities do not sum to 1".into());
    }
    Ok(())
}

pub(super) fn kahan_sum(v: &[f64]) -> f64 {
    let Some((&first, rest)) = v.split_first() else { return 0.0 };
    let (mut sum, mut c) = (first, 0.0);
    for &x in rest {
        let y = x - c;
        let t = sum + y;
        c = (t - sum) - y;
        sum = t;
    }
    sum
}

/// `p.cumsum()` divided by its last value.
pub(super) fn cdf(p: &[f64]) -> Vec<f64> {
    let mut acc = 0.0;
    let mut cdf: Vec<f64> = p
        .iter()
        .map(|&v| {
            acc += v;
            acc
        })
        .collect();
    let last = *cdf.last().expect("p has the population's length, which is positive here");
    for v in cdf.iter_mut() {
        *v /= last;
    }
    cdf
}

/// `cdf.searchsorted(x, side='right')`: how many entries are `<= x`.
pub(super) fn search_right(cdf: &[f64], x: f64) -> i64 {
    cdf.partition_point(|&c| c <= x) as i64
}

/// Without replacement, with `p`: rounds of draws until `n` distinct indices are found, each
/// round zeroing the probabilities already taken and keeping the first occurrence of each new
/// index in draw order.
pub(super) fn unique_rounds(double: &mut dyn FnMut() -> f64, mut p: Vec<f64>, n: usize) -> Vec<i64> {
    let mut found: Vec<i64> = Vec::with_capacity(n);
    while found.len() < n {
        let x: Vec<f64> = (0..n - found.len()).map(|_| double()).collect();
        for &f in &found {
            p[f as usize] = 0.0;
        }
        let cdf = cdf(&p);
        let mut seen = std::collections::HashSet::new();
        for v in x {
            let k = search_right(&cdf, v);
            if seen.insert(k) {
                found.push(k);
            }
        }
    }
    found
}

/// `phase` 0 checks the call (before the result is allocated); phase 1 draws into `out`: the
/// indices as int64 for an int `a`, else the chosen elements of `a`.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with valid pointers
#[no_mangle]
pub extern "C" fn hasten_rt_random_choice(words: *const i64, out: *mut u8, phase: i64, loc_ptr: *const u8, loc_len: usize) -> u32 {
    // SAFETY: compiled code passes a stack slot of ten words.
    let w = unsafe { std::slice::from_raw_parts(words, 10) };
    let call = Call {
        pop: w[0],
        a_data: w[1] as *const u8,
        a_stride: w[2],
        itemsize: w[3],
        n: if w[5] != 0 { 1 } else { w[4] },
        scalar: w[5] != 0,
        replace: w[6] != 0,
        p_data: w[7] as *const u8,
        p_len: w[8],
        p_stride: w[9],
    };
    if phase == 0 {
        if let Err(msg) = call.check() {
            // SAFETY: compiled code passes a pointer into its constant pool with its length.
            set_error("ValueError", Some(msg), &unsafe { ffi_str(loc_ptr, loc_len) });
            return 1;
        }
        return 0;
    }
    let idx = with_state(|s| call.indices(&mut s.mt));
    for (k, &i) in idx.iter().enumerate() {
        // SAFETY: `out` has room for n elements; `i` indexes `a`'s first axis.
        unsafe {
            if call.a_data.is_null() {
                *(out as *mut i64).add(k) = i;
            } else {
                let size = call.itemsize as usize;
                std::ptr::copy_nonoverlapping(call.a_data.offset((i * call.a_stride) as isize), out.add(k * size), size);
            }
        }
    }
    0
}
