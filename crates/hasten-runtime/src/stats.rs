//! Order statistics of one contiguous line, for `np.unique`, `np.median`/`np.nanmedian` and
//! `np.percentile`/`np.quantile`. Lines are buffers compiled code has just copied (or sorted), so
//! they may be reordered in place. Dtypes are codes as in `sort` (the index in `Dtype::ALL`).

use crate::sort::{by_dtype, by_sort_key, SortKey};

/// What the statistics need of an element type beyond NumPy's order.
pub(crate) trait Elem: SortKey {
    fn to_f64(self) -> f64;
    fn is_nan(self) -> bool;
    /// `b - a` in the element type (integers wrap, as NumPy's), then as float64.
    fn diff_f64(a: Self, b: Self) -> f64;
    /// Only float32 lines are read in float32 (NumPy keeps their dtype); others never are.
    fn to_f32(self) -> f32 {
        self.to_f64() as f32
    }
}

macro_rules! int_elems {
    ($($t:ty),*) => {$(
        impl Elem for $t {
            fn to_f64(self) -> f64 { self as f64 }
            fn is_nan(self) -> bool { false }
            fn diff_f64(a: Self, b: Self) -> f64 { b.wrapping_sub(a) as f64 }
        }
    )*};
}
int_elems!(u8, i8, i16, i32, i64, u16, u32, u64);

impl Elem for f64 {
    fn to_f64(self) -> f64 {
        self
    }
    fn is_nan(self) -> bool {
        self.is_nan()
    }
    fn diff_f64(a: Self, b: Self) -> f64 {
        b - a
    }
}

impl Elem for f32 {
    fn to_f64(self) -> f64 {
        self as f64
    }
    fn is_nan(self) -> bool {
        self.is_nan()
    }
    fn diff_f64(a: Self, b: Self) -> f64 {
        (b - a) as f64
    }
    fn to_f32(self) -> f32 {
        self
    }
}

/// # Safety
/// `data` holds `n` elements of `T`; `perm`, when not null, `n` indices below `n`; each non-null
/// output has room for its values (`n` of them for `inverse`, the group count for the others).
#[allow(clippy::too_many_arguments)]
unsafe fn unique_line<T: SortKey>(data: *const u8, n: usize, perm: *const i64, values: *mut u8, index: *mut i64, inverse: *mut i64, counts: *mut i64) -> i64 {
    let data = data.cast::<T>();
    let at = |j: usize| if perm.is_null() { j } else { *perm.add(j) as usize };
    let mut groups = 0usize;
    let mut prev: Option<T> = None;
    // Without index, inverse or counts NumPy finds the groups by hashing, which keeps each
    // group's first element of the input: through `perm` the group's element of least position
    // (complex NaNs of different classes are one group, not adjacent in the input's order).
    let hashed = index.is_null() && inverse.is_null() && counts.is_null();
    let mut first_at = usize::MAX;
    for j in 0..n {
        let x = data.add(at(j)).read_unaligned();
        // NaNs are equal to each other in NumPy's order: they form one group (equal_nan=True).
        let new = prev.is_none_or(|p| !T::same(&p, &x));
        if !new && hashed && at(j) < first_at && !values.is_null() {
            values.cast::<T>().add(groups - 1).write_unaligned(x);
            first_at = at(j);
        }
        if new {
            first_at = at(j);
            if !values.is_null() {
                values.cast::<T>().add(groups).write_unaligned(x);
            }
            if !index.is_null() {
                *index.add(groups) = at(j) as i64;
            }
            if !counts.is_null() {
                *counts.add(groups) = 0;
            }
            groups += 1;
            prev = Some(x);
        }
        if !counts.is_null() {
            *counts.add(groups - 1) += 1;
        }
        if !inverse.is_null() {
            *inverse.add(at(j)) = groups as i64 - 1;
        }
    }
    groups as i64
}

/// The groups of equal elements of a line in sorted order: the line itself when `perm` is null
/// (then already sorted), else the line read through the stable permutation `perm` that sorts it.
/// Writes each group's first value, first index (through `perm`) and size, and each element's
/// group (at its own position) to the outputs that are not null; returns the number of groups,
/// so that a first call with every output null sizes them.
///
/// # Safety
/// As `unique_line`.
#[no_mangle]
pub unsafe extern "C" fn hasten_rt_unique(data: *const u8, n: i64, dtype: i64, perm: *const i64, values: *mut u8, index: *mut i64, inverse: *mut i64, counts: *mut i64) -> i64 {
    by_sort_key!(dtype, unique_line, data, n as usize, perm, values, index, inverse, counts)
}

/// Flags of `hasten_rt_quantile`: the result is float32 (else float64), the line's quantiles
/// (else its median), NaNs are skipped (`np.nanmedian`) rather than making the result NaN.
pub const OUT_F32: i64 = 1;
pub const QUANTILES: i64 = 2;
pub const SKIP_NAN: i64 = 4;

/// The `k`-th element in NumPy's order, placing it at `k` (the elements after it are not below it).
fn select<T: SortKey>(line: &mut [T], k: usize) -> T {
    *line.select_nth_unstable_by(k, T::order).1
}

/// The smallest element of a non-empty line in NumPy's order.
fn smallest<T: SortKey>(line: &[T]) -> T {
    *line.iter().min_by(|a, b| T::order(a, b)).expect("a non-empty line")
}

fn write_out(out: *mut u8, k: usize, stride: isize, f32_out: bool, v: f64, v32: f32) {
    // SAFETY: the caller's output has `nq` elements `stride` bytes apart.
    unsafe {
        let at = out.offset(k as isize * stride);
        if f32_out {
            at.cast::<f32>().write_unaligned(v32);
        } else {
            at.cast::<f64>().write_unaligned(v);
        }
    }
}

/// NumPy's median: the mean of the middle element or two (in float32 for float32 lines).
fn median<T: Elem>(line: &mut [T], f32_out: bool) -> (f64, f32) {
    let n = line.len();
    if n == 0 {
        return (f64::NAN, f32::NAN);
    }
    // NumPy's sums of a few elements start from 0.0, which turns -0.0 into 0.0.
    let hi = select(line, n / 2);
    if n % 2 == 1 {
        return (0.0 + hi.to_f64(), 0.0 + hi.to_f32());
    }
    let lo = line[..n / 2].iter().copied().max_by(|a, b| T::order(a, b)).expect("n >= 2");
    if f32_out {
        let v = (0.0 + lo.to_f32() + hi.to_f32()) / 2.0;
        (v as f64, v)
    } else {
        ((0.0 + lo.to_f64() + hi.to_f64()) / 2.0, 0.0)
    }
}

/// NumPy's linear interpolation between the order statistics around `q * (n - 1)` (`_lerp`, with
/// its indices clamped to the last element and its gamma measured from the clamped index).
fn quantile<T: Elem>(line: &mut [T], q: f64, f32_out: bool) -> (f64, f32) {
    let n = line.len();
    let virt = (n as f64 - 1.0) * q;
    let (prev, gamma) = if virt >= n as f64 - 1.0 { (n - 1, virt + 1.0) } else { (virt.floor() as usize, virt - virt.floor()) };
    let a = select(line, prev);
    let b = if prev + 1 < n && virt < n as f64 - 1.0 { smallest(&line[prev + 1..]) } else { a };
    if f32_out {
        // A float32 line with a Python-scalar q: NumPy computes in float32.
        let (a, b, t) = (a.to_f32(), b.to_f32(), gamma as f32);
        let d = b - a;
        let v = if gamma >= 0.5 { b - d * ((1.0 - gamma) as f32) } else { a + d * t };
        return (v as f64, v);
    }
    let d = T::diff_f64(a, b);
    let v = if gamma >= 0.5 { b.to_f64() - d * (1.0 - gamma) } else { a.to_f64() + d * gamma };
    (v, v as f32)
}

/// # Safety
/// As `hasten_rt_quantile`.
unsafe fn quantile_line<T: Elem>(data: *mut u8, n: usize, qs: *const f64, nq: usize, out: *mut u8, out_stride: isize, flags: i64) {
    let mut line = std::slice::from_raw_parts_mut(data.cast::<T>(), n);
    let f32_out = flags & OUT_F32 != 0;
    if flags & SKIP_NAN != 0 {
        let mut kept = 0;
        for j in 0..n {
            if !line[j].is_nan() {
                line.swap(kept, j);
                kept += 1;
            }
        }
        line = &mut line[..kept];
    } else if line.iter().any(|x| x.is_nan()) {
        let count = if flags & QUANTILES != 0 { nq } else { 1 };
        for k in 0..count {
            write_out(out, k, out_stride, f32_out, f64::NAN, f32::NAN);
        }
        return;
    }
    if flags & QUANTILES == 0 {
        let (v, v32) = median(line, f32_out);
        write_out(out, 0, out_stride, f32_out, v, v32);
        return;
    }
    if nq > 8 {
        // Many quantiles: one sort makes every selection below immediate.
        line.sort_unstable_by(T::order);
    }
    for k in 0..nq {
        let (v, v32) = quantile(line, *qs.add(k), f32_out);
        write_out(out, k, out_stride, f32_out, v, v32);
    }
}

/// Writes the median (without `QUANTILES`) or the `nq` quantiles `qs` (each in [0, 1]) of the
/// contiguous line of `n` elements at `data`, reordering it, to `out`, `out_stride` bytes apart.
/// A line with a NaN gives NaNs unless `SKIP_NAN`; a median of nothing is NaN; quantiles need
/// `n > 0` (compiled code raises NumPy's IndexError first).
///
/// # Safety
/// `data` holds `n` writable elements of `dtype`, `qs` `nq` floats, `out` room for the results.
#[no_mangle]
pub unsafe extern "C" fn hasten_rt_quantile(data: *mut u8, n: i64, dtype: i64, qs: *const f64, nq: i64, out: *mut u8, out_stride: i64, flags: i64) {
    by_dtype!(dtype, quantile_line, data, n as usize, qs, nq as usize, out, out_stride as isize, flags)
}

/// Checks `nq` quantiles (float64, contiguous) after dividing them by `scale` in place (100 for
/// percentiles): whether every one is in [0, 1], NaN never being.
///
/// # Safety
/// `qs` holds `nq` writable float64s.
#[no_mangle]
pub unsafe extern "C" fn hasten_rt_quantiles_valid(qs: *mut f64, nq: i64, scale: f64) -> i64 {
    let qs = std::slice::from_raw_parts_mut(qs, nq as usize);
    let mut ok = true;
    for q in qs.iter_mut() {
        *q /= scale;
        ok &= (0.0..=1.0).contains(q);
    }
    ok as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_groups_nans_and_zeros() {
        let v = [f64::NAN, 1.0, f64::NAN, 0.0, -0.0];
        let perm = [3i64, 4, 1, 0, 2];
        let n = unsafe { hasten_rt_unique(v.as_ptr().cast(), 5, 10, perm.as_ptr(), std::ptr::null_mut(), std::ptr::null_mut(), std::ptr::null_mut(), std::ptr::null_mut()) };
        assert_eq!(n, 3);
        let (mut vals, mut idx, mut inv, mut cnt) = ([0.0f64; 3], [0i64; 3], [0i64; 5], [0i64; 3]);
        unsafe { hasten_rt_unique(v.as_ptr().cast(), 5, 10, perm.as_ptr(), vals.as_mut_ptr().cast(), idx.as_mut_ptr(), inv.as_mut_ptr(), cnt.as_mut_ptr()) };
        assert_eq!((vals[0], vals[1]), (0.0, 1.0));
        assert!(vals[2].is_nan() && vals[0].is_sign_positive());
        assert_eq!(idx, [3, 1, 0]);
        assert_eq!(inv, [2, 1, 2, 0, 0]);
        assert_eq!(cnt, [2, 1, 2]);
    }

    #[test]
    fn quantiles_interpolate_as_numpy() {
        let mut v = [3.0f64, 0.0, 2.0, 1.0];
        let qs = [0.0, 0.3, 0.5, 1.0];
        let mut out = [0.0f64; 4];
        unsafe { hasten_rt_quantile(v.as_mut_ptr().cast(), 4, 10, qs.as_ptr(), 4, out.as_mut_ptr().cast(), 8, QUANTILES) };
        assert_eq!(out, [0.0, 0.8999999999999999, 1.5, 3.0]);
        let mut m = [5i64, 1, 4, 2];
        let mut med = [0.0f64];
        unsafe { hasten_rt_quantile(m.as_mut_ptr().cast(), 4, 4, std::ptr::null(), 0, med.as_mut_ptr().cast(), 8, 0) };
        assert_eq!(med[0], 3.0);
    }
}
