//! NumPy's float reductions `minimum.reduce`/`maximum.reduce` (`np.min`, `a.max()`) and
//! `fmin.reduce`/`fmax.reduce` (`np.nanmin`, `np.nanmax`) bit for bit, whole-array or along an axis:
//! the value is the same whatever the order, but which NaN (its sign and payload) and which zero
//! (`-0.0` or `0.0`) comes out depends on how NumPy's loops walk the elements (codegen
//! `lower/numpy/minmax.rs` calls these).
//!
//! NumPy copies the first element into the result and reduces the rest in runs (each call of its
//! inner loop). A contiguous run of `len` elements is folded in `L` lanes, each starting from the
//! running result: the first `L * (len / L)` elements lane by lane, then the lanes are reduced by
//! halving (lane `i` with lane `i + h`, each level breaking ties towards the lower or the upper
//! lane) and the remaining elements are folded one by one. A strided run of 8 or more elements is
//! folded in 8 slots seeded by its first 8 elements, which are combined as a tree and then into
//! the running result; the rest one by one. Along an axis NumPy does not walk innermost, the lines
//! are combined element-wise into the result, by its SIMD loop for the first `L * (w / L)` of the
//! `w` results and by its scalar loop for the rest. (For `fmin` there NumPy's compiled scalar loop
//! mixes both steps in a pattern its compiler chose, which hasten does not follow: such lines can
//! give another NaN or zero than NumPy's, never another value.)
//!
//! The two families differ in their steps (see [`Family`]). `L`, the ties of each halving level
//! and the canonical NaN depend on the SIMD level NumPy dispatched to on this CPU; the package
//! measures them before it compiles anything (`hasten._simd`) and stores them with [`set_simd`].

use std::sync::atomic::{AtomicU64, Ordering};

use crate::iter_order::{axis_order, merged_dims, plan, scratch, MAX_DIMS};

/// What the package measured of NumPy's loops for one dtype; AVX-512's until it says otherwise.
struct Simd {
    /// Lanes of a vector (0: NumPy folds contiguous runs as strided ones).
    lanes: AtomicU64,
    /// The NaN `minimum`'s halving answers when a lane holds one.
    nan: AtomicU64,
    /// Per family (`minimum`, `fmin`): bit `k` set when the halving level of half-width `2^k`
    /// breaks ties towards the upper lane.
    ties: [AtomicU64; 2],
    /// `fmin`'s scalar steps, which NumPy's compiler arranged its own way: bit `k` (a `Site`) set
    /// when that step keeps its first operand where both are NaN and gives ties to the second (the
    /// SIMD lane's step), clear for the reverse (the C library's `fmin`).
    fmin_sites: AtomicU64,
}

/// Where `fmin`'s scalar steps happen (bits of `Simd::fmin_sites`).
#[derive(Clone, Copy)]
enum Site {
    /// After the lanes of a contiguous run.
    LaneTail = 0,
    /// Each strided slot's step.
    Slot = 1,
    /// The tree of the 8 strided slots.
    Tree = 2,
    /// The tree's value into the running result.
    Combine = 3,
    /// A strided run's remaining elements.
    StridedTail = 4,
}

static SIMD_F64: Simd = Simd {
    lanes: AtomicU64::new(8),
    nan: AtomicU64::new(0x7ff8_0000_0000_0000),
    ties: [AtomicU64::new(!0), AtomicU64::new(0b001)],
    fmin_sites: AtomicU64::new(0b11100),
};
static SIMD_F32: Simd = Simd {
    lanes: AtomicU64::new(16),
    nan: AtomicU64::new(0x7fc0_0000),
    ties: [AtomicU64::new(!0), AtomicU64::new(0b0011)],
    fmin_sites: AtomicU64::new(0b11100),
};

/// Stores what `hasten._simd` measured for float64 (`f32 == false`) or float32: the lane count,
/// canonical NaN bits, halving ties and `fmin`'s scalar steps (see `Simd`).
pub fn set_simd(f32: bool, lanes: u64, nan: u64, ties: [u64; 2], fmin_sites: u64) {
    let s = if f32 { &SIMD_F32 } else { &SIMD_F64 };
    s.lanes.store(lanes, Ordering::Relaxed);
    s.nan.store(nan, Ordering::Relaxed);
    s.ties[0].store(ties[0], Ordering::Relaxed);
    s.ties[1].store(ties[1], Ordering::Relaxed);
    s.fmin_sites.store(fmin_sites, Ordering::Relaxed);
}

/// `flags` bits of the entry points.
const MAX: i64 = 1;
const F32: i64 = 2;
/// A line NumPy does not walk innermost: its elements are combined into the result one by one.
const SEQUENTIAL: i64 = 4;
/// `fmin`/`fmax` (NaN-ignoring) instead of `minimum`/`maximum`.
const IGNORE_NAN: i64 = 8;

trait Elem: Copy + PartialOrd {
    const BYTES: i64;
    fn is_nan(self) -> bool;
    fn simd() -> &'static Simd;
    fn from_bits64(bits: u64) -> Self;
    fn infinity(negative: bool) -> Self;
    fn bits(self) -> u64;
    unsafe fn load(p: *const u8) -> Self;
}

impl Elem for f64 {
    const BYTES: i64 = 8;
    fn is_nan(self) -> bool {
        self.is_nan()
    }
    fn simd() -> &'static Simd {
        &SIMD_F64
    }
    fn from_bits64(bits: u64) -> Self {
        f64::from_bits(bits)
    }
    fn infinity(negative: bool) -> Self {
        if negative { f64::NEG_INFINITY } else { f64::INFINITY }
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
    fn simd() -> &'static Simd {
        &SIMD_F32
    }
    fn from_bits64(bits: u64) -> Self {
        f32::from_bits(bits as u32)
    }
    fn infinity(negative: bool) -> Self {
        if negative { f32::NEG_INFINITY } else { f32::INFINITY }
    }
    fn bits(self) -> u64 {
        self.to_bits() as u64
    }
    unsafe fn load(p: *const u8) -> Self {
        (p as *const f32).read_unaligned()
    }
}

/// Whether `a` is strictly smaller (`max`: larger) than `b`.
#[inline(always)]
fn better<T: Elem>(max: bool, a: T, b: T) -> bool {
    if max { a > b } else { a < b }
}

/// The steps of one family of reductions (`MAX`: the maximum).
trait Family {
    const MAX: bool;
    /// Index into `Simd::ties`.
    const INDEX: usize;
    /// A SIMD lane's step (also NumPy's SIMD element-wise loop).
    fn lane<T: Elem>(a: T, b: T) -> T;
    /// The scalar steps' arrangement (`Simd::fmin_sites`), read once per run.
    fn sites<T: Elem>() -> u64;
    /// The scalar step at `site`, given `sites()`.
    fn step<T: Elem>(sites: u64, site: Site, a: T, b: T) -> T;
    /// The horizontal reduction's answer decided by NaNs, if any; otherwise the lanes to halve
    /// (NaN lanes replaced where the family ignores them).
    fn nan_lanes<T: Elem>(lanes: &mut [T]) -> Option<T>;
}

/// `minimum`/`maximum`: `(a < b || isnan(a)) ? a : b` everywhere; a NaN in any lane gives
/// NumPy's canonical NaN.
struct Minimum<const MAX: bool>;

impl<const M: bool> Family for Minimum<M> {
    const MAX: bool = M;
    const INDEX: usize = 0;
    #[inline(always)]
    fn lane<T: Elem>(a: T, b: T) -> T {
        if better(M, a, b) || a.is_nan() { a } else { b }
    }
    fn sites<T: Elem>() -> u64 {
        0
    }
    #[inline(always)]
    fn step<T: Elem>(_: u64, _: Site, a: T, b: T) -> T {
        Self::lane(a, b)
    }
    fn nan_lanes<T: Elem>(lanes: &mut [T]) -> Option<T> {
        lanes.iter().any(|l| l.is_nan()).then(|| T::from_bits64(T::simd().nan.load(Ordering::Relaxed)))
    }
}

/// `fmin`/`fmax`: a SIMD lane keeps `a` when `b` is NaN and gives ties to `b`; the C library's
/// `fmin` is that step with its operands swapped (it takes `b` when `a` is NaN and keeps `a` on
/// ties); all-NaN lanes give lane 0, otherwise NaN lanes count as the identity (`inf` for the
/// minimum).
struct Fmin<const MAX: bool>;

impl<const M: bool> Family for Fmin<M> {
    const MAX: bool = M;
    const INDEX: usize = 1;
    #[inline(always)]
    fn lane<T: Elem>(a: T, b: T) -> T {
        if b.is_nan() || better(M, a, b) { a } else { b }
    }
    fn sites<T: Elem>() -> u64 {
        T::simd().fmin_sites.load(Ordering::Relaxed)
    }
    #[inline(always)]
    fn step<T: Elem>(sites: u64, site: Site, a: T, b: T) -> T {
        if sites >> site as u32 & 1 != 0 { Self::lane(a, b) } else { Self::lane(b, a) }
    }
    fn nan_lanes<T: Elem>(lanes: &mut [T]) -> Option<T> {
        if lanes.iter().all(|l| l.is_nan()) {
            return Some(lanes[0]);
        }
        for l in lanes.iter_mut().filter(|l| l.is_nan()) {
            *l = T::infinity(M);
        }
        None
    }
}

/// The halving reduction of NaN-free lanes; `ties` as in `Simd::ties`.
fn halve<T: Elem, F: Family>(lanes: &mut [T], ties: u64) -> T {
    let mut width = lanes.len();
    while width > 1 {
        width /= 2;
        let upper = ties >> width.trailing_zeros() & 1 != 0;
        for i in 0..width {
            let (a, b) = (lanes[i], lanes[i + width]);
            lanes[i] = if better(F::MAX, b, a) || (upper && !better(F::MAX, a, b)) { b } else { a };
        }
    }
    lanes[0]
}

/// A contiguous run folded into `acc` in `L` lanes.
fn lane_run<T: Elem, F: Family, const L: usize>(acc: T, xs: &[T]) -> T {
    if xs.is_empty() {
        return acc;
    }
    let whole = xs.len() / L * L;
    let mut lanes = [acc; L];
    for chunk in xs[..whole].chunks_exact(L) {
        for j in 0..L {
            lanes[j] = F::lane(lanes[j], chunk[j]);
        }
    }
    let mut r = match F::nan_lanes(&mut lanes) {
        Some(r) => r,
        None => halve::<T, F>(&mut lanes, T::simd().ties[F::INDEX].load(Ordering::Relaxed)),
    };
    let sites = F::sites::<T>();
    for &x in &xs[whole..] {
        r = F::step(sites, Site::LaneTail, r, x);
    }
    r
}

/// A run of `len` elements `stride` bytes apart folded into `acc` as NumPy's scalar loop does.
unsafe fn strided_run<T: Elem, F: Family>(acc: T, p: *const u8, len: i64, stride: i64) -> T {
    let at = |i: i64| T::load(p.offset((i * stride) as isize));
    let mut acc = acc;
    let mut i = 0;
    let sites = F::sites::<T>();
    let tree = |a, b| F::step(sites, Site::Tree, a, b);
    if len >= 8 {
        let mut m: [T; 8] = std::array::from_fn(|k| at(k as i64));
        i = 8;
        while i + 8 <= len {
            for (k, slot) in m.iter_mut().enumerate() {
                *slot = F::step(sites, Site::Slot, *slot, at(i + k as i64));
            }
            i += 8;
        }
        let (m01, m23, m45, m67) = (tree(m[0], m[1]), tree(m[2], m[3]), tree(m[4], m[5]), tree(m[6], m[7]));
        acc = F::step(sites, Site::Combine, acc, tree(tree(m01, m23), tree(m45, m67)));
    }
    while i < len {
        acc = F::step(sites, Site::StridedTail, acc, at(i));
        i += 1;
    }
    acc
}

/// One run of NumPy's inner loop: `len` elements at `p`, `stride` bytes apart, folded into `acc`.
unsafe fn run<T: Elem, F: Family>(acc: T, p: *const u8, len: i64, stride: i64) -> T {
    if stride != T::BYTES || len < 1 {
        return strided_run::<T, F>(acc, p, len, stride);
    }
    // NumPy's vector loads do not need alignment; a slice does (a view at an odd byte offset).
    let copy: Vec<T>;
    let xs = if (p as usize) % std::mem::align_of::<T>() == 0 {
        std::slice::from_raw_parts(p as *const T, len as usize)
    } else {
        copy = (0..len).map(|i| T::load(p.offset((i * T::BYTES) as isize))).collect();
        &copy
    };
    match T::simd().lanes.load(Ordering::Relaxed) {
        2 => lane_run::<T, F, 2>(acc, xs),
        4 => lane_run::<T, F, 4>(acc, xs),
        8 => lane_run::<T, F, 8>(acc, xs),
        16 => lane_run::<T, F, 16>(acc, xs),
        32 => lane_run::<T, F, 32>(acc, xs),
        _ => strided_run::<T, F>(acc, xs.as_ptr() as *const u8, len, stride),
    }
}

/// A line of an axis reduction: its first element, then the rest as one run; or, when NumPy
/// combines the lines element-wise (`sequential`), one by one with the step of the loop that
/// computes this result, the `j`-th of `w` in its inner loop.
unsafe fn line<T: Elem, F: Family>(p: *const u8, n: i64, stride: i64, sequential: bool, (j, w): (i64, i64)) -> T {
    let first = T::load(p);
    if !sequential {
        return run::<T, F>(first, p.offset(stride as isize), n - 1, stride);
    }
    let lanes = T::simd().lanes.load(Ordering::Relaxed) as i64;
    let simd = lanes > 0 && j < w / lanes * lanes;
    let at = |i: i64| T::load(p.offset((i * stride) as isize));
    let sites = F::sites::<T>();
    (1..n).fold(first, |acc, i| if simd { F::lane(acc, at(i)) } else { F::step(sites, Site::LaneTail, acc, at(i)) })
}

/// The whole array: NumPy's iteration order and buffering (runtime `iter_order.rs`), the first
/// element copied into the result and the rest reduced run by run; with an `initial=` value,
/// that value starts the result and every element is reduced.
unsafe fn whole<T: Elem, F: Family>(data: *const u8, shape: &[i64], strides: &[i64], initial: Option<T>) -> T {
    if let (Some(v), true) = (initial, shape.contains(&0)) {
        return v;
    }
    let (mut perm_stack, mut perm_heap) = ([0; MAX_DIMS], Vec::new());
    let perm = scratch(&mut perm_stack, &mut perm_heap, shape.len());
    axis_order(shape, strides, None, 1, perm);
    let (mut dims_stack, mut dims_heap) = ([(0, 0); MAX_DIMS], Vec::new());
    let dims = scratch(&mut dims_stack, &mut dims_heap, shape.len());
    let n = merged_dims(shape, strides, perm, dims);
    let dims = &dims[..n];
    let Some(&(inner, inner_stride)) = dims.first() else {
        let only = T::load(data);
        return initial.map_or(only, |v| run::<T, F>(v, data, 1, T::BYTES));
    };
    let chunks = plan(&dims, false);
    // The first element starts the result and is skipped once (unless `initial` starts it).
    let (mut acc, mut skip) = match initial {
        Some(v) => (v, 0),
        None => (T::load(data), 1),
    };
    if !chunks.buffered {
        // Each innermost line in place.
        for_each_line(data, &dims, |p| {
            acc = run::<T, F>(acc, p.offset((skip * inner_stride) as isize), inner - skip, inner_stride);
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
                acc = run::<T, F>(acc, rest.as_ptr() as *const u8, rest.len() as i64, T::BYTES);
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

/// Calls `$call` with the element type and family that `$flags` name, as `$call::<T, F>`.
macro_rules! by_flags {
    ($flags:expr, $call:ident ( $($arg:expr),* )) => {
        match ($flags & F32 != 0, $flags & IGNORE_NAN != 0, $flags & MAX != 0) {
            (false, false, false) => $call::<f64, Minimum<false>>($($arg),*).bits(),
            (false, false, true) => $call::<f64, Minimum<true>>($($arg),*).bits(),
            (false, true, false) => $call::<f64, Fmin<false>>($($arg),*).bits(),
            (false, true, true) => $call::<f64, Fmin<true>>($($arg),*).bits(),
            (true, false, false) => $call::<f32, Minimum<false>>($($arg),*).bits(),
            (true, false, true) => $call::<f32, Minimum<true>>($($arg),*).bits(),
            (true, true, false) => $call::<f32, Fmin<false>>($($arg),*).bits(),
            (true, true, true) => $call::<f32, Fmin<true>>($($arg),*).bits(),
        }
    };
}

/// The reduction `flags` name (`& 1`: maximum; `& 2`: float32; `& 8`: fmin/fmax) of a whole
/// nonempty array of `ndim` axes; returns the result's bits.
///
/// # Safety
/// `shape` and `strides` (in bytes) hold `ndim` values describing a valid array at `data`.
#[no_mangle]
pub unsafe extern "C" fn hasten_rt_minmax_array(data: *const u8, ndim: i64, shape: *const i64, strides: *const i64, flags: i64) -> u64 {
    let nd = ndim.max(0) as usize;
    let (shape, strides) = (std::slice::from_raw_parts(shape, nd), std::slice::from_raw_parts(strides, nd));
    by_flags!(flags, whole(data, shape, strides, None))
}

/// [`hasten_rt_minmax_array`] with NumPy's `initial=` (`initial`: its bits in the array's float
/// type), for an array of any size.
///
/// # Safety
/// As [`hasten_rt_minmax_array`].
#[no_mangle]
pub unsafe extern "C" fn hasten_rt_minmax_array_from(data: *const u8, ndim: i64, shape: *const i64, strides: *const i64, flags: i64, initial: u64) -> u64 {
    let nd = ndim.max(0) as usize;
    let (shape, strides) = (std::slice::from_raw_parts(shape, nd), std::slice::from_raw_parts(strides, nd));
    by_flags!(flags, whole_from(data, shape, strides, initial))
}

unsafe fn whole_from<T: Elem, F: Family>(data: *const u8, shape: &[i64], strides: &[i64], initial: u64) -> T {
    whole::<T, F>(data, shape, strides, Some(T::from_bits64(initial)))
}

/// One line of an axis reduction: `n >= 1` elements `stride` bytes apart (`flags` as for
/// [`hasten_rt_minmax_array`], and `& 4` when NumPy does not walk the axis innermost: then this
/// line's result is the `j`-th of the `w` NumPy's inner loop computes); returns the result's bits.
///
/// # Safety
/// The `n` elements lie in one valid array.
#[no_mangle]
pub unsafe extern "C" fn hasten_rt_minmax_line(data: *const u8, n: i64, stride: i64, flags: i64, j: i64, w: i64) -> u64 {
    let sequential = flags & SEQUENTIAL != 0;
    by_flags!(flags, line(data, n, stride, sequential, (j, w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn min_of(a: &[f64]) -> u64 {
        unsafe { hasten_rt_minmax_array(a.as_ptr() as *const u8, 1, [a.len() as i64].as_ptr(), [8].as_ptr(), 0) }
    }

    #[test]
    fn a_nan_in_the_lanes_becomes_the_canonical_nan_and_one_in_the_tail_stays() {
        set_simd(false, 4, 0x7ff8_0000_0000_0000, [!0, 0b01], 0b11100);
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
        set_simd(false, 4, 0x7ff8_0000_0000_0000, [!0, 0b01], 0b11100);
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
