//! The float64 and float32 dot product of two vectors as NumPy computes it: through the `cblas_ddot`
//! / `cblas_sdot` of NumPy's own BLAS (their addresses, and those `gemv.rs` and `matmat.rs` call, are
//! given before the first compile), so the blocked, fused sums are NumPy's bit for bit, with NumPy's
//! choice of when to call BLAS:
//!
//! - `DOUBLE_dot`/`FLOAT_dot` (`np.matmul`/`@`, `np.vdot`): BLAS when both strides are positive
//!   multiples of the item size, chunks of 2^30 items summed in a double; otherwise the products
//!   added in order (a float32 sum for float32).
//! - `cblas_matrixproduct` (`np.dot`, `np.inner`): operands with "bad" strides (negative, zero
//!   over more than one item, not a multiple of the item size, or misaligned data) are first copied
//!   contiguous; a vector of at most one item is a scalar (length 0: `0.0`; length 1: the one
//!   product); then `DOUBLE_dot`.
//!
//! Without NumPy's BLAS (another build of NumPy), the products are added in order.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The addresses of NumPy's `cblas_` routines compiled code calls: `ddot sdot dgemv sgemv dgemm
/// sgemm dsyrk ssyrk`, the order of `python/hasten/_blas.py`'s `_ROUTINES`.
static ADDRESSES: [AtomicUsize; 8] = [const { AtomicUsize::new(0) }; 8];

/// A routine by its operation; the float32 one follows the float64 one.
#[derive(Clone, Copy)]
pub(super) enum Routine {
    Dot = 0,
    Gemv = 2,
    Gemm = 4,
    Syrk = 6,
}

/// Whether the routines take 64-bit integers (NumPy's wheels: `scipy_cblas_ddot64_`).
static ILP64: AtomicBool = AtomicBool::new(false);

type Ddot64 = unsafe extern "C" fn(i64, *const f64, i64, *const f64, i64) -> f64;
type Ddot32 = unsafe extern "C" fn(i32, *const f64, i32, *const f64, i32) -> f64;
type Sdot64 = unsafe extern "C" fn(i64, *const f32, i64, *const f32, i64) -> f32;
type Sdot32 = unsafe extern "C" fn(i32, *const f32, i32, *const f32, i32) -> f32;

/// Installs the addresses of NumPy's routines, in the order of `ADDRESSES` (0: not found).
pub fn set_numpy_dot(addresses: &[usize], ilp64: bool) {
    ILP64.store(ilp64, Ordering::Relaxed);
    for (slot, a) in ADDRESSES.iter().zip(addresses) {
        slot.store(*a, Ordering::Release);
    }
}

/// NumPy's routine for `r` and whether it takes 64-bit integers, if found.
pub(super) fn routine(r: Routine, single: bool) -> Option<(usize, bool)> {
    let addr = ADDRESSES[r as usize + single as usize].load(Ordering::Acquire);
    (addr != 0).then(|| (addr, ILP64.load(Ordering::Relaxed)))
}

/// Which of NumPy's entries a vector product follows (see the module's text).
#[derive(Clone, Copy, PartialEq)]
pub(super) enum DotRules {
    Dot,
    Matmul,
}

/// `flags & 1`: float32 items; `flags & 2`: `np.dot`'s preparation (`cblas_matrixproduct`)
/// before `DOUBLE_dot`. Strides are in bytes. A float32 result is returned exactly as a double.
///
/// # Safety
/// `x` and `y` address `n` items of the dtype at the given strides.
pub unsafe extern "C" fn hasten_rt_vector_dot(flags: i64, n: i64, x: *const u8, sx: i64, y: *const u8, sy: i64) -> f64 {
    let rules = if flags & 2 != 0 { DotRules::Dot } else { DotRules::Matmul };
    vector_dot_with(flags & 1 != 0, rules, n, (x, sx), (y, sy))
}

/// The product of `n` items at `x` and at `y` (byte strides) under NumPy's `rules`.
///
/// # Safety
/// As `hasten_rt_vector_dot`.
pub(super) unsafe fn vector_dot_with(single: bool, rules: DotRules, n: i64, (x, sx): (*const u8, i64), (y, sy): (*const u8, i64)) -> f64 {
    let size = if single { 4 } else { 8 };
    if rules == DotRules::Matmul {
        return typed_dot(single, n, (x, sx), (y, sy));
    }
    match n {
        0 => return 0.0,
        1 if single => return (*(x as *const f32) * *(y as *const f32)) as f64,
        1 => return *(x as *const f64) * *(y as *const f64),
        _ => {}
    }
    let (cx, x, sx) = contiguous(x, sx, n, size);
    let (cy, y, sy) = contiguous(y, sy, n, size);
    let r = typed_dot(single, n, (x, sx), (y, sy));
    drop((cx, cy));
    r
}

/// `x` itself, or a contiguous copy where NumPy's `_bad_strides` would copy it.
pub(super) unsafe fn contiguous(x: *const u8, sx: i64, n: i64, size: i64) -> (Vec<u64>, *const u8, i64) {
    let bad = (x as usize) % size as usize != 0 || sx < 0 || sx % size != 0 || (sx == 0 && n > 1);
    if !bad {
        return (Vec::new(), x, sx);
    }
    let copy = gather(n, size, |i| x.offset((i * sx) as isize));
    let p = copy.as_ptr().cast();
    (copy, p, size)
}

/// `n` items of `size` bytes from `at(i)`, packed in a buffer aligned as NumPy's are (8 bytes).
pub(super) unsafe fn gather(n: i64, size: i64, at: impl Fn(i64) -> *const u8) -> Vec<u64> {
    let mut copy = vec![0u64; ((n * size + 7) / 8) as usize];
    let out = copy.as_mut_ptr().cast::<u8>();
    for i in 0..n {
        std::ptr::copy_nonoverlapping(at(i), out.offset((i * size) as isize), size as usize);
    }
    copy
}

unsafe fn typed_dot(single: bool, n: i64, (x, sx): (*const u8, i64), (y, sy): (*const u8, i64)) -> f64 {
    let size = if single { 4 } else { 8 };
    let Some((routine, ilp64)) = routine(Routine::Dot, single) else { return in_order(single, n, (x, sx), (y, sy)) };
    let stride_ok = |s: i64| s > 0 && s % size == 0 && (ilp64 || s / size <= i32::MAX as i64);
    if !stride_ok(sx) || !stride_ok(sy) {
        return in_order(single, n, (x, sx), (y, sy));
    }
    const CHUNK: i64 = 1 << 30;
    let (mut sum, mut done) = (0.0f64, 0i64);
    while done < n {
        let chunk = (n - done).min(CHUNK);
        let (px, py) = (x.offset((done * sx) as isize), y.offset((done * sy) as isize));
        let (ix, iy) = (sx / size, sy / size);
        // SAFETY: the address is NumPy's routine of this signature (`set_numpy_dot`).
        sum += match (single, ilp64) {
            (false, true) => std::mem::transmute::<usize, Ddot64>(routine)(chunk, px.cast(), ix, py.cast(), iy),
            (false, false) => std::mem::transmute::<usize, Ddot32>(routine)(chunk as i32, px.cast(), ix as i32, py.cast(), iy as i32),
            (true, true) => std::mem::transmute::<usize, Sdot64>(routine)(chunk, px.cast(), ix, py.cast(), iy) as f64,
            (true, false) => std::mem::transmute::<usize, Sdot32>(routine)(chunk as i32, px.cast(), ix as i32, py.cast(), iy as i32) as f64,
        };
        done += chunk;
    }
    if single { sum as f32 as f64 } else { sum }
}

/// The products added in order from zero, in the items' precision.
unsafe fn in_order(single: bool, n: i64, (x, sx): (*const u8, i64), (y, sy): (*const u8, i64)) -> f64 {
    let at = |p: *const u8, s: i64, i: i64| p.offset((i * s) as isize);
    if single {
        let mut sum = 0.0f32;
        for i in 0..n {
            sum += at(x, sx, i).cast::<f32>().read_unaligned() * at(y, sy, i).cast::<f32>().read_unaligned();
        }
        return sum as f64;
    }
    let mut sum = 0.0f64;
    for i in 0..n {
        sum += at(x, sx, i).cast::<f64>().read_unaligned() * at(y, sy, i).cast::<f64>().read_unaligned();
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_blas_the_products_are_added_in_order() {
        let (x, y) = ([1.0f64, 2.0, 3.0], [4.0f64, -5.0, 6.0]);
        let (px, py) = (x.as_ptr().cast(), y.as_ptr().cast());
        // SAFETY: three float64 items each, contiguous or reversed.
        unsafe {
            assert_eq!(hasten_rt_vector_dot(0, 3, px, 8, py, 8), 12.0);
            assert_eq!(hasten_rt_vector_dot(2, 3, px.add(16), -8, py, 8), 3.0 * 4.0 - 2.0 * 5.0 + 6.0);
            // np.dot of one item is its product, sign of zero included; of none, +0.0.
            let neg = [-0.0f64];
            assert!(hasten_rt_vector_dot(2, 1, neg.as_ptr().cast(), 8, py, 8).is_sign_negative());
            assert!(hasten_rt_vector_dot(0, 1, neg.as_ptr().cast(), 8, py, 8).is_sign_positive());
            assert_eq!(hasten_rt_vector_dot(2, 0, px, 8, py, 8), 0.0);
        }
        let (a, b) = ([1.5f32, 2.25], [2.0f32, 4.0]);
        // SAFETY: two float32 items each.
        unsafe { assert_eq!(hasten_rt_vector_dot(1, 2, a.as_ptr().cast(), 4, b.as_ptr().cast(), 4), 12.0) };
    }
}
