//! NumPy's float `minimum.reduce` and `maximum.reduce` (`np.min`, `a.max()`, along an axis) bit
//! for bit: the value is the same whatever the order, but which NaN (its sign and payload) and
//! which zero (`-0.0` or `0.0`) comes out depends on how NumPy's SIMD loop walks the elements
//! (codegen `lower/numpy/reduce.rs` calls these).
//!
//! NumPy copies the first element into the result and reduces the rest in runs (each call of its
//! inner loop). A contiguous run of `len` elements is folded in `L` lanes, each starting from the
//! running result: the first `L * (len / L)` elements lane by lane, then the lanes are reduced
//! pairwise (lane `i` with lane `i + L/2`, halving) — or, when any lane holds a NaN, NumPy's
//! canonical NaN is taken — and the remaining elements are folded one by one. A strided run of 8
//! or more elements is folded in 8 slots seeded by its first 8 elements, which are combined as a
//! tree and then into the running result; the rest one by one. One step is always
//! `(a < b || isnan(a)) ? a : b` (`>` for max): ties and NaNs in `b` go to `b`.
//!
//! `L` and the canonical NaNs depend on the SIMD level NumPy dispatched to on this CPU; the package
//! measures them when it is imported (`hasten._simd`) and stores them with [`set_simd`].

use std::sync::atomic::{AtomicU64, Ordering};

use crate::iter_order::{axis_order, merged_dims, plan};

/// Lanes of float64 and float32 (0: NumPy folds contiguous runs as strided ones), and the
/// canonical NaNs, as measured; AVX2's until the package says otherwise.
static LANES_F64: AtomicU64 = AtomicU64::new(4);
static LANES_F32: AtomicU64 = AtomicU64::new(8);
static NAN_F64: AtomicU64 = AtomicU64::new(0x7ff8_0000_0000_0000);
static NAN_F32: AtomicU64 = AtomicU64::new(0x7fc0_0000);

/// Stores NumPy's lane counts and canonical NaN bits for float64 and float32.
pub fn set_simd(lanes_f64: u64, nan_f64: u64, lanes_f32: u64, nan_f32: u32) {
    LANES_F64.store(lanes_f64, Ordering::Relaxed);
    NAN_F64.store(nan_f64, Ordering::Relaxed);
    LANES_F32.store(lanes_f32, Ordering::Relaxed);
    NAN_F32.store(nan_f32 as u64, Ordering::Relaxed);
}

/// `flags` bits of the entry points.
const MAX: i64 = 1;
const F32: i64 = 2;
/// A line NumPy does not walk innermost: its elements are folded into the result one by one.
const SEQUENTIAL: i64 = 4;

trait Elem: Copy + PartialOrd {
    const BYTES: i64;
    fn is_nan(self) -> bool;
    fn canonical_nan() -> Self;
    fn lanes() -> usize;
    fn bits(self) -> u64;
    unsafe fn load(p: *const u8) -> Self;
}

impl Elem for f64 {
    const BYTES: i64 = 8;
    fn is_nan(self) -> bool {
        self.is_nan()
    }
    fn canonical_nan() -> Self {
        f64::from_bits(NAN_F64.load(Ordering::Relaxed))
    }
    fn lanes() -> usize {
        LANES_F64.load(Ordering::Relaxed) as usize
    }
    fn bits(self) -> u64 {
        self.to_bits()
    }
    unsafe fn load(p: *const u8) -> Self {
        (p as *const f64).read_unaligned()
    }
}

impl Elem for f32 {
    const BYTES: i64 = 4;
    fn is_nan(self) -> bool {
        self.is_nan()
    }
    fn canonical_nan() -> Self {
        f32::from_bits(NAN_F32.load(Ordering::Relaxed) as u32)
    }
    fn lanes() -> usize {
        LANES_F32.load(Ordering::Relaxed) as usize
    }
    fn bits(self) -> u64 {
        self.to_bits() as u64
    }
    unsafe fn load(p: *const u8) -> Self {
        (p as *const f32).read_unaligned()
    }
}

/// One step of NumPy's NaN-propagating minimum (`MAX`: maximum).
#[inline(always)]
fn step<T: Elem, const MAX: bool>(a: T, b: T) -> T {
    let better = if MAX { a > b } else { a < b };
    if better || a.is_nan() {
        a
    } else {
        b
    }
}

/// A contiguous run folded into `acc` in `L` lanes.
fn lane_run<T: Elem, const MAX: bool, const L: usize>(acc: T, xs: &[T]) -> T {
    if xs.is_empty() {
        return acc;
    }
    let whole = xs.len() / L * L;
    let mut lanes = [acc; L];
    for chunk in xs[..whole].chunks_exact(L) {
        for j in 0..L {
            lanes[j] = step::<T, MAX>(lanes[j], chunk[j]);
        }
    }
    let mut r = if lanes.iter().any(|l| l.is_nan()) {
        T::canonical_nan()
    } else {
        let mut width = L;
        while width > 1 {
            width /= 2;
            for i in 0..width {
                lanes[i] = step::<T, MAX>(lanes[i], lanes[i + width]);
            }
        }
        lanes[0]
    };
    for &x in &xs[whole..] {
        r = step::<T, MAX>(r, x);
    }
    r
}

/// A run of `len` elements `stride` bytes apart folded into `acc` as NumPy's scalar loop does.
unsafe fn strided_run<T: Elem, const MAX: bool>(acc: T, p: *const u8, len: i64, stride: i64) -> T {
    let at = |i: i64| T::load(p.offset((i * stride) as isize));
    let mut acc = acc;
    let mut i = 0;
    if len >= 8 {
        let mut m = [at(0); 8];
        for (k, slot) in m.iter_mut().enumerate() {
            *slot = at(k as i64);
        }
        i = 8;
        while i + 8 <= len {
            for (k, slot) in m.iter_mut().enumerate() {
                *slot = step::<T, MAX>(*slot, at(i + k as i64));
            }
            i += 8;
        }
        let (m01, m23) = (step::<T, MAX>(m[0], m[1]), step::<T, MAX>(m[2], m[3]));
        let (m45, m67) = (step::<T, MAX>(m[4], m[5]), step::<T, MAX>(m[6], m[7]));
        let tree = step::<T, MAX>(step::<T, MAX>(m01, m23), step::<T, MAX>(m45, m67));
        acc = step::<T, MAX>(acc, tree);
    }
    while i < len {
        acc = step::<T, MAX>(acc, at(i));
        i += 1;
    }
    acc
}

/// One run of NumPy's inner loop: `len` elements at `p`, `stride` bytes apart, folded into `acc`.
unsafe fn run<T: Elem, const MAX: bool>(acc: T, p: *const u8, len: i64, stride: i64) -> T {
    if stride != T::BYTES || len < 1 {
        return strided_run::<T, MAX>(acc, p, len, stride);
    }
    let xs = std::slice::from_raw_parts(p as *const T, len as usize);
    match T::lanes() {
        2 => lane_run::<T, MAX, 2>(acc, xs),
        4 => lane_run::<T, MAX, 4>(acc, xs),
        8 => lane_run::<T, MAX, 8>(acc, xs),
        16 => lane_run::<T, MAX, 16>(acc, xs),
        32 => lane_run::<T, MAX, 32>(acc, xs),
        _ => strided_run::<T, MAX>(acc, p, len, stride),
    }
}

/// A line of an axis reduction: its first element, then the rest as one run (or one by one when
/// `sequential`).
unsafe fn line<T: Elem, const MAX: bool>(p: *const u8, n: i64, stride: i64, sequential: bool) -> T {
    let first = T::load(p);
    let rest = p.offset(stride as isize);
    if sequential {
        (1..n).fold(first, |acc, i| step::<T, MAX>(acc, T::load(p.offset((i * stride) as isize))))
    } else {
        run::<T, MAX>(first, rest, n - 1, stride)
    }
}

/// The whole array: NumPy's iteration order and buffering (runtime `iter_order.rs`), the first
/// element copied into the result and the rest reduced run by run.
unsafe fn whole<T: Elem, const MAX: bool>(data: *const u8, shape: &[i64], strides: &[i64]) -> T {
    let nd = shape.len();
    let strides: Vec<i64> = (0..nd).map(|k| if shape[k] == 1 { 0 } else { strides[k] }).collect();
    let perm = axis_order(shape, &strides, 1);
    let dims = merged_dims(shape, &strides, &perm);
    let first = T::load(data);
    let Some(&(inner, inner_stride)) = dims.first() else { return first };
    let chunks = plan(&dims, false);
    let mut acc = first;
    // The first element starts the result and is skipped once.
    let mut skip = 1;
    if !chunks.buffered {
        // Each innermost line in place.
        for_each_line(data, &dims, |p| {
            acc = run::<T, MAX>(acc, p.offset((skip * inner_stride) as isize), inner - skip, inner_stride);
            skip = 0;
        });
        return acc;
    }
    // Pieces of at most `piece` elements, never crossing a multiple of `block` (they end with the
    // array), each copied into a contiguous buffer.
    let mut buf: Vec<T> = Vec::with_capacity(chunks.piece as usize);
    let (mut in_block, mut left) = (0i64, 0i64);
    for_each_line(data, &dims, |p| {
        for i in 0..inner {
            if left == 0 {
                if in_block == 0 {
                    in_block = chunks.block;
                }
                left = chunks.piece.min(in_block);
            }
            buf.push(T::load(p.offset((i * inner_stride) as isize)));
            left -= 1;
            in_block -= 1;
            if left == 0 {
                let rest = &buf[skip as usize..];
                acc = run::<T, MAX>(acc, rest.as_ptr() as *const u8, rest.len() as i64, T::BYTES);
                skip = 0;
                buf.clear();
            }
        }
    });
    acc
}

/// Calls `f` with the start of each innermost line of `dims` (innermost first), in order.
unsafe fn for_each_line(data: *const u8, dims: &[(i64, i64)], mut f: impl FnMut(*const u8)) {
    let outer = &dims[1..];
    let mut index = vec![0i64; outer.len()];
    loop {
        let off: i64 = outer.iter().zip(&index).map(|(d, i)| d.1 * i).sum();
        f(data.offset(off as isize));
        let mut k = 0;
        loop {
            if k == outer.len() {
                return;
            }
            index[k] += 1;
            if index[k] < outer[k].0 {
                break;
            }
            index[k] = 0;
            k += 1;
        }
    }
}

fn dispatch_whole(data: *const u8, shape: &[i64], strides: &[i64], flags: i64) -> u64 {
    unsafe {
        match (flags & F32 != 0, flags & MAX != 0) {
            (false, false) => whole::<f64, false>(data, shape, strides).bits(),
            (false, true) => whole::<f64, true>(data, shape, strides).bits(),
            (true, false) => whole::<f32, false>(data, shape, strides).bits(),
            (true, true) => whole::<f32, true>(data, shape, strides).bits(),
        }
    }
}

/// NumPy's `minimum.reduce` (`flags & 1`: maximum; `flags & 2`: float32) of a whole nonempty
/// array of `ndim` axes; returns the result's bits.
///
/// # Safety
/// `shape` and `strides` (in bytes) hold `ndim` values describing a valid array at `data`.
#[no_mangle]
pub unsafe extern "C" fn hasten_rt_minmax_array(data: *const u8, ndim: i64, shape: *const i64, strides: *const i64, flags: i64) -> u64 {
    let nd = ndim.max(0) as usize;
    dispatch_whole(data, std::slice::from_raw_parts(shape, nd), std::slice::from_raw_parts(strides, nd), flags)
}

/// One line of an axis reduction: `n >= 1` elements `stride` bytes apart (`flags` as for
/// [`hasten_rt_minmax_array`], and `& 4` when NumPy does not walk the axis innermost); returns
/// the result's bits.
///
/// # Safety
/// The `n` elements lie in one valid array.
#[no_mangle]
pub unsafe extern "C" fn hasten_rt_minmax_line(data: *const u8, n: i64, stride: i64, flags: i64) -> u64 {
    let sequential = flags & SEQUENTIAL != 0;
    match (flags & F32 != 0, flags & MAX != 0) {
        (false, false) => line::<f64, false>(data, n, stride, sequential).bits(),
        (false, true) => line::<f64, true>(data, n, stride, sequential).bits(),
        (true, false) => line::<f32, false>(data, n, stride, sequential).bits(),
        (true, true) => line::<f32, true>(data, n, stride, sequential).bits(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn min_of(a: &[f64]) -> u64 {
        unsafe { hasten_rt_minmax_array(a.as_ptr() as *const u8, 1, [a.len() as i64].as_ptr(), [8].as_ptr(), 0) }
    }

    #[test]
    fn a_nan_in_the_lanes_becomes_the_canonical_nan_and_one_in_the_tail_stays() {
        set_simd(4, 0x7ff8_0000_0000_0000, 8, 0x7fc0_0000);
        let neg_nan = f64::from_bits(0xfff8_0000_0000_0001);
        // Five elements: the first and four in the lanes.
        assert_eq!(min_of(&[neg_nan, 1.0, 1.0, 1.0, 1.0]), 0x7ff8_0000_0000_0000);
        assert_eq!(min_of(&[1.0, 1.0, 1.0, 1.0, neg_nan]), 0x7ff8_0000_0000_0000);
        // Six: the last is the scalar tail.
        assert_eq!(min_of(&[1.0, 1.0, 1.0, 1.0, 1.0, neg_nan]), neg_nan.to_bits());
        // One element is the result itself.
        assert_eq!(min_of(&[neg_nan]), neg_nan.to_bits());
    }

    #[test]
    fn zeros_tie_by_lane_then_by_the_tail() {
        set_simd(4, 0x7ff8_0000_0000_0000, 8, 0x7fc0_0000);
        // Lanes after [0, -0, 0, 0 | 0]: -0 in lane 0, +0 elsewhere; the halving reduction prefers
        // lane 3 over lane 1 over lane 2 over lane 0.
        assert_eq!(min_of(&[0.0, -0.0, 0.0, 0.0, 0.0]), 0.0f64.to_bits());
        assert_eq!(min_of(&[0.0, 0.0, 0.0, 0.0, -0.0]), (-0.0f64).to_bits());
        assert_eq!(min_of(&[0.0, 0.0, 0.0, 0.0, -0.0, 0.0]), 0.0f64.to_bits());
    }

    #[test]
    fn strided_runs_fold_in_eight_slots() {
        let neg_nan = f64::from_bits(0xfff8_0000_0000_0001);
        let other_nan = f64::from_bits(0x7ff8_0000_0000_0002);
        // Every other element of 20: 10 elements, the first then 9 (8 slots and one more).
        let mut a = vec![1.0; 20];
        a[4] = neg_nan; // slot 1 of the 8
        a[2] = other_nan; // slot 0
        let r = unsafe { hasten_rt_minmax_array(a.as_ptr() as *const u8, 1, [10].as_ptr(), [16].as_ptr(), 0) };
        assert_eq!(r, other_nan.to_bits());
    }
}
