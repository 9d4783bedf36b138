//! `np.random.multinomial(n, pvals, size)` and `np.random.dirichlet(alpha, size)` as
//! `RandomState` makes them: its checks in its order, then one vector of `len(pvals)` counts
//! (NumPy's `random_multinomial`: conditional binomials) or `len(alpha)` proportions (gammas
//! divided by their sum) per row of the result.

use super::discrete;
use super::with_state;
use crate::error::{ffi_str, set_error};

/// The call, as compiled code lays it out in six words.
pub(super) struct Call {
    /// `n` of multinomial (0 for dirichlet).
    pub(super) n: i64,
    /// `pvals` or `alpha`: a 1-d float64 array.
    pub(super) p: Vec<f64>,
    /// How many vectors: the product of `size` (1 without one).
    pub(super) rows: i64,
    /// Whether a dimension of `size` is negative: the allocation raises then, before `n` is checked.
    pub(super) bad_size: bool,
}

impl Call {
    /// The six words: n, the array's data, length and stride, rows, bad size.
    pub(super) fn read(words: *const i64) -> Call {
        // SAFETY: compiled code passes six words.
        let w = unsafe { std::slice::from_raw_parts(words, 6) };
        let data = w[1] as *const u8;
        // SAFETY: a 1-d float64 array of w[2] elements with stride w[3].
        let p = (0..w[2]).map(|k| unsafe { *(data.offset((k * w[3]) as isize) as *const f64) }).collect();
        Call { n: w[0], p, rows: w[4], bad_size: w[5] != 0 }
    }
}

/// NumPy's `kahan_sum` of the first `n` values.
pub(super) fn kahan_sum(v: &[f64], n: usize) -> f64 {
    if n == 0 {
        return 0.0;
    }
    let (mut sum, mut c) = (v[0], 0.0);
    for &x in &v[1..n] {
        let y = x - c;
        let t = sum + y;
        c = (t - sum) - y;
        sum = t;
    }
    sum
}

fn check(dirichlet: bool, call: &Call) -> Result<(), String> {
    if dirichlet {
        return if call.p.iter().any(|&a| a <= 0.0) { Err("alpha <= 0".into()) } else { Ok(()) };
    }
    if call.p.iter().any(|&p| !(0.0..=1.0).contains(&p)) {
        return Err("pvals < 0, pvals > 1 or pvals contains NaNs".into());
    }
    if kahan_sum(&call.p, call.p.len().saturating_sub(1)) > 1.0 + 1e-12 {
        return Err("sum(pvals[:-1]) > 1.0".into());
    }
    if !call.bad_size && call.n < 0 {
        return Err("n < 0".into());
    }
    Ok(())
}

/// Checks the call (null `out`) or fills `out` with `rows` vectors of `len(p)` values (int64
/// counts or float64 proportions). Returns 1 with the ValueError recorded.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with valid pointers
#[no_mangle]
pub extern "C" fn hasten_rt_random_vector(dirichlet: i64, words: *const i64, out: *mut u64, loc_ptr: *const u8, loc_len: usize) -> u32 {
    let call = Call::read(words);
    if out.is_null() {
        return match check(dirichlet != 0, &call) {
            Ok(()) => 0,
            Err(msg) => {
                // SAFETY: compiled code passes a pointer into its constant pool with its length.
                set_error("ValueError", Some(msg), &unsafe { ffi_str(loc_ptr, loc_len) });
                1
            }
        };
    }
    let d = call.p.len();
    if d == 0 || call.rows <= 0 {
        return 0;
    }
    // SAFETY: `out` is a fresh array of rows * d elements.
    let out = unsafe { std::slice::from_raw_parts_mut(out, call.rows as usize * d) };
    with_state(|s| {
        for row in out.chunks_exact_mut(d) {
            if dirichlet != 0 {
                let mut acc = 0.0;
                for (o, &a) in row.iter_mut().zip(&call.p) {
                    let v = s.standard_gamma(a);
                    acc += v;
                    *o = v.to_bits();
                }
                let inv = 1.0 / acc;
                row.iter_mut().for_each(|o| *o = (f64::from_bits(*o) * inv).to_bits());
            } else {
                row.fill(0);
                let (mut remaining, mut dn) = (1.0, call.n);
                for j in 0..d - 1 {
                    // `random_binomial`, which draws nothing for n == 0 or p == 0.
                    let p = call.p[j] / remaining;
                    let x = if dn == 0 || p == 0.0 { 0 } else { discrete::binomial(&mut s.mt, p, dn, false) };
                    row[j] = x as u64;
                    dn -= x;
                    if dn <= 0 {
                        break;
                    }
                    remaining -= call.p[j];
                }
                if dn > 0 {
                    row[d - 1] = dn as u64;
                }
            }
        }
    });
    0
}
