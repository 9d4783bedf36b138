//! `np.random.Generator` for compiled code. The caller's generator is reached through its bit
//! generator's `bitgen_t` (NumPy's C interface: a state pointer and the functions drawing from
//! it, taken from `bit_generator.capsule` by the binding), so every bit generator works and its
//! state advances exactly as NumPy's methods advance it. The transformations are NumPy's
//! `distributions.c`: the ziggurat normal and exponential (tables in `ziggurat.rs`; their tails
//! take `log1p(-u)`, as NumPy 2 does, which differs from `log(1 - u)` in the last bit), Lemire's
//! bounded integers, and `random_interval` for shuffles; the distributions built on them are in
//! `gen_dist.rs`.

use super::bounded::{mask_of, shuffle_with};
use super::ziggurat::*;
use crate::error::{ffi_str, set_error};
use std::ffi::c_void;

/// NumPy's `bitgen_t`.
#[repr(C)]
pub struct Bitgen {
    state: *mut c_void,
    next_uint64: unsafe extern "C" fn(*mut c_void) -> u64,
    next_uint32: unsafe extern "C" fn(*mut c_void) -> u32,
    next_double: unsafe extern "C" fn(*mut c_void) -> f64,
    next_raw: unsafe extern "C" fn(*mut c_void) -> u64,
}

impl Bitgen {
    /// A `bitgen_t` of hasten's own bit generator (`pcg64.rs`), whose raw draws are its 64-bit ones.
    pub(super) fn new(
        state: *mut c_void,
        next_uint64: unsafe extern "C" fn(*mut c_void) -> u64,
        next_uint32: unsafe extern "C" fn(*mut c_void) -> u32,
        next_double: unsafe extern "C" fn(*mut c_void) -> f64,
    ) -> Bitgen {
        Bitgen { state, next_uint64, next_uint32, next_double, next_raw: next_uint64 }
    }

    #[inline]
    fn u64(&mut self) -> u64 {
        // SAFETY: a live bit generator's own function on its own state (the caller holds it).
        unsafe { (self.next_uint64)(self.state) }
    }
    #[inline]
    fn u32(&mut self) -> u32 {
        // SAFETY: as `u64`.
        unsafe { (self.next_uint32)(self.state) }
    }
    #[inline]
    pub(super) fn double(&mut self) -> f64 {
        // SAFETY: as `u64`.
        unsafe { (self.next_double)(self.state) }
    }

    /// `random_standard_normal`: the ziggurat on 52-bit magnitudes, a sign bit and 8 box bits.
    pub(super) fn standard_normal(&mut self) -> f64 {
        loop {
            let r = self.u64();
            let idx = (r & 0xff) as usize;
            let r = r >> 8;
            let rabs = (r >> 1) & 0x000f_ffff_ffff_ffff;
            let mut x = rabs as f64 * NOR_W[idx];
            if r & 1 != 0 {
                x = -x;
            }
            if rabs < NOR_K[idx] {
                return x;
            }
            if idx == 0 {
                loop {
                    let xx = -NOR_INV_R * (-self.double()).ln_1p();
                    let yy = -(-self.double()).ln_1p();
                    if yy + yy > xx * xx {
                        return if (rabs >> 8) & 1 != 0 { -(NOR_R + xx) } else { NOR_R + xx };
                    }
                }
            }
            if (NOR_F[idx - 1] - NOR_F[idx]) * self.double() + NOR_F[idx] < (-0.5 * x * x).exp() {
                return x;
            }
        }
    }

    /// `random_standard_exponential_zig`: 53-bit magnitudes and 8 box bits.
    pub(super) fn standard_exponential(&mut self) -> f64 {
        loop {
            let ri = self.u64() >> 3;
            let idx = (ri & 0xff) as usize;
            let ri = ri >> 8;
            let x = ri as f64 * EXP_W[idx];
            if ri < EXP_K[idx] {
                return x;
            }
            if idx == 0 {
                return EXP_R - (-self.double()).ln_1p();
            }
            if (EXP_F[idx - 1] - EXP_F[idx]) * self.double() + EXP_F[idx] < (-x).exp() {
                return x;
            }
        }
    }

    /// `random_interval`: a value in `[0, max]` by masked rejection.
    pub(super) fn interval(&mut self, max: u64) -> u64 {
        if max == 0 {
            return 0;
        }
        let mask = mask_of(max);
        loop {
            let v = if max <= 0xFFFF_FFFF { self.u32() as u64 & mask } else { self.u64() & mask };
            if v <= max {
                return v;
            }
        }
    }

    /// `random_bounded_uint64(0, rng)` without masking: one value in `[0, rng]`, as the fill draws
    /// each of its values.
    pub(super) fn bounded(&mut self, rng: u64) -> u64 {
        let mut one = [0u64];
        self.bounded_fill(0, rng, &mut one);
        one[0]
    }

    /// `random_bounded_uint64_fill` without masking (the Generator's choice): `off` plus a value
    /// in `[0, rng]` by Lemire's multiply-and-reject, on 32-bit draws when `rng` fits in them.
    pub(super) fn bounded_fill(&mut self, off: u64, rng: u64, out: &mut [u64]) {
        if rng == 0 {
            out.fill(off);
        } else if rng == 0xFFFF_FFFF {
            out.iter_mut().for_each(|o| *o = off.wrapping_add(self.u32() as u64));
        } else if rng < 0xFFFF_FFFF {
            let excl = rng as u32 + 1;
            let threshold = (u32::MAX - rng as u32) % excl;
            for o in out {
                let mut m = self.u32() as u64 * excl as u64;
                while (m as u32) < threshold {
                    m = self.u32() as u64 * excl as u64;
                }
                *o = off.wrapping_add(m >> 32);
            }
        } else if rng == u64::MAX {
            out.iter_mut().for_each(|o| *o = off.wrapping_add(self.u64()));
        } else {
            let excl = rng + 1;
            let threshold = (u64::MAX - rng) % excl;
            for o in out {
                let mut m = self.u64() as u128 * excl as u128;
                while (m as u64) < threshold {
                    m = self.u64() as u128 * excl as u128;
                }
                *o = off.wrapping_add((m >> 64) as u64);
            }
        }
    }
}

pub(super) fn raise(exc: &str, msg: String, loc_ptr: *const u8, loc_len: usize) -> u32 {
    // SAFETY: compiled code passes a pointer into its constant pool with its length.
    set_error(exc, Some(msg), &unsafe { ffi_str(loc_ptr, loc_len) });
    1
}

/// `rng.random()`: the draw cheap enough to deserve its own entry.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with a valid pointer
#[no_mangle]
pub extern "C" fn hasten_rt_gen_random(bitgen: *mut Bitgen) -> f64 {
    // SAFETY: the binding passes the caller's live `bitgen_t`.
    unsafe { &mut *bitgen }.double()
}

/// `rng.integers(low, high, size, dtype=np.int64, endpoint)`: `words` holds low, high, endpoint
/// and the number of values asked for. With a null `out` it only checks the bounds, as NumPy
/// does unless no value is asked for; else it writes `n` int64 values.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with valid pointers
#[no_mangle]
pub extern "C" fn hasten_rt_gen_integers(bitgen: *mut Bitgen, words: *const i64, out: *mut u64, n: i64, loc_ptr: *const u8, loc_len: usize) -> u32 {
    // SAFETY: compiled code passes a stack slot of four words.
    let [low, high, endpoint, count] = unsafe { [*words, *words.add(1), *words.add(2), *words.add(3)] };
    let closed = endpoint != 0;
    // The closed upper bound; `high - 1` cannot leave the i64 range below the check that follows.
    let top = if closed { Some(high) } else { high.checked_sub(1) };
    let bad = match top {
        Some(top) => low > top,
        None => true,
    };
    if count != 0 && bad {
        let msg = match (low == 0, closed) {
            (true, true) => "high < 0",
            (true, false) => "high <= 0",
            (false, true) => "low > high",
            (false, false) => "low >= high",
        };
        return raise("ValueError", msg.into(), loc_ptr, loc_len);
    }
    if out.is_null() || n <= 0 {
        return 0;
    }
    let rng = top.expect("checked above").wrapping_sub(low) as u64;
    // SAFETY: the binding passes the caller's live `bitgen_t`; `out` holds `n` values.
    let (b, out) = unsafe { (&mut *bitgen, std::slice::from_raw_parts_mut(out, n as usize)) };
    b.bounded_fill(low as u64, rng, out);
    0
}

/// `rng.shuffle(x)` (and `permutation`'s shuffle of its copy): the first axis of an array of
/// `ndim` dimensions, in place, one `random_interval` draw per position from the last down to 1.
#[allow(clippy::not_unsafe_ptr_arg_deref)] // called only by compiled code with valid pointers
#[no_mangle]
pub extern "C" fn hasten_rt_gen_shuffle(bitgen: *mut Bitgen, data: *mut u8, ndim: i64, shape: *const i64, strides: *const i64, itemsize: i64) {
    // SAFETY: compiled code passes the array's shape and strides, `ndim` words each, and the
    // binding the caller's live `bitgen_t`.
    let (shape, strides, b) =
        unsafe { (std::slice::from_raw_parts(shape, ndim as usize), std::slice::from_raw_parts(strides, ndim as usize), &mut *bitgen) };
    shuffle_with(&mut |max| b.interval(max), data, shape, strides, itemsize as usize);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_close_at_the_edges() {
        // The base strip's bound and the top box: NumPy's box 1 never accepts on the first try.
        assert_eq!(NOR_K[1], 0);
        assert_eq!(EXP_K[1], 0);
        assert_eq!(NOR_W[255] * (1u64 << 52) as f64, NOR_R);
        assert_eq!(EXP_W[255] * (1u64 << 53) as f64, EXP_R);
    }
}
