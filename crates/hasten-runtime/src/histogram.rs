//! `np.histogram` of one strided line (NumPy's `_histograms_impl.py`: the outer edges, the
//! linspace of the uniform edges, the index arithmetic and its two corrections, the last bin
//! closed), `np.digitize`'s monotonicity test and `np.interp` (NumPy's `arr_interp`). Values are
//! read as float64, the dtype NumPy bins integers and float64 in.

use crate::error::{ffi_str, set_error};
use crate::sort::by_dtype;
use crate::stats::Elem;

unsafe fn read_f64<T: Elem>(data: *const u8, n: usize, stride: isize) -> Vec<f64> {
    (0..n).map(|k| data.offset(k as isize * stride).cast::<T>().read_unaligned().to_f64()).collect()
}

/// The `n` elements of a strided line of dtype code `dtype`, as float64.
///
/// # Safety
/// `data + k * stride` must be a readable element for every `k < n`.
pub(crate) unsafe fn line_f64(data: *const u8, n: i64, stride: i64, dtype: i64) -> Vec<f64> {
    by_dtype!(dtype, read_f64, data, n as usize, stride as isize)
}

/// Python's `str` of a float in the messages NumPy formats (`nan`, `inf`, `1.5`).
fn py_str(v: f64) -> String {
    if v.is_nan() {
        "nan".into()
    } else if v.is_infinite() {
        if v > 0.0 { "inf" } else { "-inf" }.into()
    } else {
        format!("{v:?}")
    }
}

/// NumPy's outer edges: the range given (checked), else the data's min and max (checked finite,
/// (0, 1) when empty), widened by 0.5 on each side when equal.
fn outer_edges<T: Elem>(x: Line<T>, range: Option<(f64, f64)>) -> Result<(f64, f64), String> {
    let (lo, hi) = match range {
        Some((lo, hi)) => {
            if lo > hi {
                return Err("max must be larger than min in range parameter.".into());
            }
            if !(lo.is_finite() && hi.is_finite()) {
                return Err(format!("supplied range of [{}, {}] is not finite", py_str(lo), py_str(hi)));
            }
            (lo, hi)
        }
        None if x.n == 0 => (0.0, 1.0),
        None => {
            let (lo, hi) = extremes(x);
            if !(lo.is_finite() && hi.is_finite()) {
                return Err(format!("autodetected range of [{}, {}] is not finite", py_str(lo), py_str(hi)));
            }
            (lo, hi)
        }
    };
    Ok(if lo == hi { (lo - 0.5, hi + 0.5) } else { (lo, hi) })
}

/// `np.linspace(lo, hi, nbins + 1)` as NumPy computes it.
fn uniform_edges(lo: f64, hi: f64, nbins: usize, edges: &mut [f64]) {
    let delta = hi - lo;
    let div = nbins as f64;
    let step = delta / div;
    for (i, e) in edges.iter_mut().enumerate() {
        let fi = i as f64;
        *e = if step == 0.0 { fi / div * delta } else { fi * step } + lo;
    }
    edges[nbins] = hi;
}

/// Counts into uniform bins as NumPy does: an estimate of the bin from the value's place in the
/// range, then corrected by one against the edges. Any estimate within one of the bin the edges
/// give is corrected to that bin, and NumPy's `(v - lo) / (hi - lo) * nbins` and the product
/// `(v - lo) * (nbins / (hi - lo))` are both within a few ulps of the exact quotient, so they give
/// the same bins; the product (no division per value) is taken where the factor is a normal
/// float, NumPy's own arithmetic elsewhere.
fn count_uniform<T: Elem>(x: Line<T>, lo: f64, hi: f64, edges: &[f64], hist: &mut [i64]) {
    let nbins = hist.len();
    let denom = hi - lo;
    let factor = nbins as f64 / denom;
    if denom.is_finite() && factor.is_normal() {
        count_by_product(x, lo, hi, factor, edges, hist);
    } else {
        count_estimated(x.values(), lo, hi, edges, hist, |v| (v - lo) / denom * nbins as f64);
    }
}

/// `count_uniform` by the product `t = (v - lo) * factor`, skipping the edges where they cannot
/// move the bin. Measured in units of one bin, `t` is within `4.1 u nbins` of the value's exact
/// place (`u` = 2^-53: three roundings, and `factor` from the rounded `hi - lo`), and edge `i`
/// (`i * step + lo`, `step` the rounded `(hi - lo) / nbins`) within `4.1 u nbins + u max(|lo|,
/// |hi|) factor` of `i`. So when `t` is in a bin and its fraction more than `margin` (32 u per
/// unit: about four times their sum) from 0 and from 1, `floor(t)` is the bin the edges give and
/// `v` is inside the range; values outside it, NaN and those near an edge take NumPy's checks
/// and corrections (`count_estimated`). Measured on 10^7 uniform values into 100 bins, this loop
/// is twice as fast as the corrections taken every time.
fn count_by_product<T: Elem>(x: Line<T>, lo: f64, hi: f64, factor: f64, edges: &[f64], hist: &mut [i64]) {
    let nbins = hist.len() as i64;
    let margin = (nbins as f64 + lo.abs().max(hi.abs()) * factor) * 16.0 * f64::EPSILON;
    let estimate = move |v: f64| (v - lo) * factor;
    if margin >= 0.25 {
        count_estimated(x.values(), lo, hi, edges, hist, estimate);
        return;
    }
    for v in x.values() {
        let t = (v - lo) * factor;
        let k = truncate(t);
        let fraction = t - k as f64;
        if (k as u64) < nbins as u64 && fraction > margin && fraction < 1.0 - margin {
            // SAFETY: 0 <= k < nbins.
            unsafe { *hist.get_unchecked_mut(k as usize) += 1 };
        } else {
            count_estimated(std::iter::once(v), lo, hi, edges, hist, estimate);
        }
    }
}

/// `t` truncated towards zero; any `i64` for NaN and values out of range (x86's one instruction,
/// which gives `i64::MIN` there).
#[inline(always)]
fn truncate(t: f64) -> i64 {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE2 is part of x86-64.
    unsafe {
        std::arch::x86_64::_mm_cvttsd_si64(std::arch::x86_64::_mm_set_sd(t))
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        t as i64
    }
}

fn count_estimated(x: impl Iterator<Item = f64>, lo: f64, hi: f64, edges: &[f64], hist: &mut [i64], estimate: impl Fn(f64) -> f64) {
    let nbins = hist.len();
    for v in x {
        if !(v >= lo && v <= hi) {
            continue;
        }
        // SAFETY: lo <= v <= hi, so the estimate is in [0, nbins] and k, corrected by at most
        // one towards the inside, indexes a bin and its two edges.
        unsafe {
            let mut k: usize = estimate(v).to_int_unchecked();
            if k == nbins {
                k -= 1;
            }
            if v < *edges.get_unchecked(k) {
                k -= 1;
            } else if k != nbins - 1 && v >= *edges.get_unchecked(k + 1) {
                k += 1;
            }
            *hist.get_unchecked_mut(k) += 1;
        }
    }
}

/// Bins `[e[j], e[j+1])`, the last one closed, as NumPy's searches of the sorted data count them.
fn count_edges(x: impl Iterator<Item = f64>, edges: &[f64], hist: &mut [i64]) {
    let (first, last) = (edges[0], edges[edges.len() - 1]);
    for v in x {
        if !(v >= first && v <= last) {
            continue;
        }
        // The number of edges not above v, less one; v at the last edge is in the last bin.
        let k = edges.partition_point(|e| *e <= v) - 1;
        hist[k.min(hist.len() - 1)] += 1;
    }
}

/// A strided line of `T`, read as float64s by position.
struct Line<T> {
    data: *const u8,
    n: usize,
    stride: isize,
    elem: std::marker::PhantomData<T>,
}

impl<T> Clone for Line<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Line<T> {}

impl<T: Elem> Line<T> {
    /// # Safety
    /// `data + k * stride` is a readable `T` for every `k < n`.
    unsafe fn new(data: *const u8, n: i64, stride: i64) -> Self {
        Line { data, n: n as usize, stride: stride as isize, elem: std::marker::PhantomData }
    }

    fn at(&self, k: usize) -> f64 {
        debug_assert!(k < self.n);
        // SAFETY: `k < n`, and `new`'s caller vouched for the line.
        unsafe { self.data.offset(k as isize * self.stride).cast::<T>().read_unaligned().to_f64() }
    }

    fn values(self) -> impl Iterator<Item = f64> {
        (0..self.n).map(move |k| self.at(k))
    }
}

/// The smallest and largest values, both NaN when one is (NumPy's min and max propagate it). Four
/// running extremes each, kept in registers, so that the loop is not one long dependency chain.
fn extremes<T: Elem>(x: Line<T>) -> (f64, f64) {
    let (mut lo, mut hi, mut nan) = ([f64::INFINITY; 4], [f64::NEG_INFINITY; 4], false);
    let whole = x.n / 4 * 4;
    let mut see = |j: usize, v: f64| {
        lo[j] = if v < lo[j] { v } else { lo[j] };
        hi[j] = if v > hi[j] { v } else { hi[j] };
        nan |= v.is_nan();
    };
    for k in (0..whole).step_by(4) {
        for j in 0..4 {
            see(j, x.at(k + j));
        }
    }
    for k in whole..x.n {
        see(0, x.at(k));
    }
    match nan {
        true => (f64::NAN, f64::NAN),
        false => (lo.into_iter().fold(f64::INFINITY, f64::min), hi.into_iter().fold(f64::NEG_INFINITY, f64::max)),
    }
}

/// `hasten_rt_histogram` for elements of `T`; `Err` is the message of NumPy's ValueError.
#[allow(clippy::too_many_arguments)]
unsafe fn histogram_line<T: Elem>(data: *const u8, n: i64, stride: i64, nbins: i64, range: *const f64, edges_in: *const f64, hist: *mut i64, edges_out: *mut f64) -> Result<(), String> {
    if !edges_in.is_null() && nbins <= 0 {
        // Fewer than two edges: no bins, nothing to check.
        return Ok(());
    }
    let x = Line::<T>::new(data, n, stride);
    let nb = nbins as usize;
    let hist = std::slice::from_raw_parts_mut(hist, nb);
    if !edges_in.is_null() {
        let edges = std::slice::from_raw_parts(edges_in, nb + 1);
        if edges.windows(2).any(|w| w[0] > w[1]) {
            return Err("`bins` must increase monotonically, when an array".into());
        }
        count_edges(x.values(), edges, hist);
        return Ok(());
    }
    let range = (!range.is_null()).then(|| (*range, *range.add(1)));
    let (lo, hi) = outer_edges(x, range)?;
    let edges = std::slice::from_raw_parts_mut(edges_out, nb + 1);
    uniform_edges(lo, hi, nb, edges);
    // A range too narrow for the bins gives edges that do not increase (found by hypothesis).
    if edges.windows(2).any(|w| w[0] >= w[1]) {
        return Err(format!("Too many bins for data range. Cannot create {nb} finite-sized bins."));
    }
    count_uniform(x, lo, hi, edges, hist);
    Ok(())
}

/// Counts the `n` elements of the strided line into `nbins` bins at `hist` (zeroed). Uniform
/// bins (`edges_in` null) span `range` (two float64s, or null for the data's), and their edges
/// are written to `edges_out`; otherwise `edges_in` holds the `nbins + 1` edges as float64
/// (`nbins` is -1 for no edges). Returns 1 after recording NumPy's ValueError at `loc` for a bad
/// range or decreasing edges.
///
/// # Safety
/// The line must be readable, `range` null or two float64s, `edges_in` null or `nbins + 1`
/// float64s, `hist` `nbins` int64s and `edges_out` (when `edges_in` is null) `nbins + 1` float64s;
/// `(loc_ptr, loc_len)` a string.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn hasten_rt_histogram(
    data: *const u8,
    n: i64,
    stride: i64,
    dtype: i64,
    nbins: i64,
    range: *const f64,
    edges_in: *const f64,
    hist: *mut i64,
    edges_out: *mut f64,
    loc_ptr: *const u8,
    loc_len: usize,
) -> i32 {
    match by_dtype!(dtype, histogram_line, data, n, stride, nbins, range, edges_in, hist, edges_out) {
        Ok(()) => 0,
        Err(msg) => {
            set_error("ValueError", Some(msg), &ffi_str(loc_ptr, loc_len));
            1
        }
    }
}

/// `np.digitize`'s test of its bins (NumPy's `check_array_monotonic` on float64s): 1 when they
/// increase (or are all equal), -1 when they decrease, 0 otherwise.
///
/// # Safety
/// The line must be readable elements of `dtype`.
#[no_mangle]
pub unsafe extern "C" fn hasten_rt_monotonicity(data: *const u8, n: i64, stride: i64, dtype: i64) -> i64 {
    let a = line_f64(data, n, stride, dtype);
    let Some(&first) = a.first() else { return 1 };
    // The repeats of the first value are skipped from the second on, as NumPy does: a first NaN
    // is never compared with itself.
    let Some(i) = a[1..].iter().position(|v| *v != first).map(|k| k + 1) else { return 1 };
    let increasing = first < a[i];
    let broken = a[i..].windows(2).any(|w| if increasing { w[0] > w[1] } else { w[0] < w[1] });
    match (broken, increasing) {
        (true, _) => 0,
        (false, true) => 1,
        (false, false) => -1,
    }
}

/// Where NumPy's `np.interp` places `key` among the sample points: -1 left of `xp[0]`, `len`
/// right of the last point, else the `j` with `xp[j] <= key < xp[j + 1]` found as NumPy finds it
/// (a linear scan of up to four points; else the points around `guess`, the previous value's
/// place, then those within eight of it, then bisection). Points that do not increase (NumPy
/// does not check) then give NumPy's answer too.
fn search_with_guess(key: f64, xp: &[f64], guess: usize) -> isize {
    const NEAR: usize = 8;
    let len = xp.len();
    if key > xp[len - 1] {
        return len as isize;
    }
    if key < xp[0] {
        return -1;
    }
    if len <= 4 {
        let mut i = 1;
        while i < len && key >= xp[i] {
            i += 1;
        }
        return i as isize - 1;
    }
    let guess = guess.clamp(1, len - 3);
    let (mut lo, mut hi) = (0, len);
    if key < xp[guess] {
        // Not `key >= xp[guess - 1]`: NumPy's test, which differs where that point is NaN.
        #[allow(clippy::neg_cmp_op_on_partial_ord)]
        if !(key < xp[guess - 1]) {
            return guess as isize - 1;
        }
        hi = guess - 1;
        if guess > NEAR && key >= xp[guess - NEAR] {
            lo = guess - NEAR;
        }
    } else if key < xp[guess + 1] {
        return guess as isize;
    } else if key < xp[guess + 2] {
        return guess as isize + 1;
    } else {
        lo = guess + 2;
        if guess + NEAR + 1 < len && key < xp[guess + NEAR] {
            hi = guess + NEAR;
        }
    }
    while lo < hi {
        let mid = lo + ((hi - lo) >> 1);
        if key >= xp[mid] {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo as isize - 1
}

/// Where a value falls for NumPy's `np.interp` of more than one sample point.
enum Place {
    Nan,
    Left,
    Right,
    /// At sample point `j` (or on the last one): its value.
    Point(usize),
    /// Between sample points `j` and `j + 1`.
    Between(usize),
}

/// The place of `x` among the sample points `xp` (two or more), `guess` the previous value's
/// place (updated).
fn place(x: f64, xp: &[f64], guess: &mut usize) -> Place {
    if x.is_nan() {
        return Place::Nan;
    }
    let j = search_with_guess(x, xp, *guess);
    *guess = j.max(0) as usize;
    match j {
        -1 => Place::Left,
        j if j as usize == xp.len() => Place::Right,
        j if j as usize == xp.len() - 1 || xp[j as usize] == x => Place::Point(j as usize),
        j => Place::Between(j as usize),
    }
}

/// The line of `slope` through (x0, y0) at `x`; where that is NaN, the same line through (x1, y1);
/// where that is NaN too and the line is flat, y0 (NumPy's way around non-finite points).
fn on_line(slope: f64, x: f64, (x0, y0): (f64, f64), (x1, y1): (f64, f64)) -> f64 {
    let r = slope * (x - x0) + y0;
    if !r.is_nan() {
        return r;
    }
    let r = slope * (x - x1) + y1;
    if r.is_nan() && y0 == y1 {
        y0
    } else {
        r
    }
}

/// NumPy's `np.interp` of one value: the sample points `xp` (float64), values `fp`, the values
/// left and right of them, and the place of the previous value (updated).
fn interp_one(x: f64, xp: &[f64], fp: &[f64], left: f64, right: f64, guess: &mut usize) -> f64 {
    if xp.len() == 1 {
        return if x < xp[0] { left } else if x > xp[0] { right } else { fp[0] };
    }
    match place(x, xp, guess) {
        Place::Nan => x,
        Place::Left => left,
        Place::Right => right,
        Place::Point(j) => fp[j],
        Place::Between(j) => {
            let slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
            on_line(slope, x, (xp[j], fp[j]), (xp[j + 1], fp[j + 1]))
        }
    }
}

/// NumPy's `np.interp` of one value with complex values `fp` (pairs of float64): each part on its
/// own line, whose slope NumPy computes with the reciprocal of the step; a NaN value is NaN+0j.
fn interp_complex_one(x: f64, xp: &[f64], fp: &[[f64; 2]], left: [f64; 2], right: [f64; 2], guess: &mut usize) -> [f64; 2] {
    if xp.len() == 1 {
        return if x < xp[0] { left } else if x > xp[0] { right } else { fp[0] };
    }
    match place(x, xp, guess) {
        Place::Nan => [x, 0.0],
        Place::Left => left,
        Place::Right => right,
        Place::Point(j) => fp[j],
        Place::Between(j) => {
            let inv_dx = 1.0 / (xp[j + 1] - xp[j]);
            [0, 1].map(|k| on_line((fp[j + 1][k] - fp[j][k]) * inv_dx, x, (xp[j], fp[j][k]), (xp[j + 1], fp[j + 1][k])))
        }
    }
}

/// Writes `np.interp` of the `n` float64s at `x` (contiguous) to `out`; `xp`, `fp` hold `m`
/// float64s each; `left`/`right` are NaN-boxed choices: `has_left`/`has_right` say whether given.
///
/// # Safety
/// Pointers as described, `m > 0`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn hasten_rt_interp(x: *const f64, n: i64, xp: *const f64, fp: *const f64, m: i64, left: f64, right: f64, has_sides: i64, out: *mut f64) {
    let xp = std::slice::from_raw_parts(xp, m as usize);
    let fp = std::slice::from_raw_parts(fp, m as usize);
    let left = if has_sides & 1 != 0 { left } else { fp[0] };
    let right = if has_sides & 2 != 0 { right } else { fp[fp.len() - 1] };
    let mut guess = 0;
    for k in 0..n as usize {
        *out.add(k) = interp_one(*x.add(k), xp, fp, left, right, &mut guess);
    }
}

/// `hasten_rt_interp` with `m` complex128 values at `fp` and `out` for `n` of them; `sides` holds
/// the left and right values (real and imaginary parts), used as `has_sides` says.
///
/// # Safety
/// Pointers as described, `m > 0`.
#[no_mangle]
pub unsafe extern "C" fn hasten_rt_interp_complex(x: *const f64, n: i64, xp: *const f64, fp: *const [f64; 2], m: i64, sides: *const [f64; 2], has_sides: i64, out: *mut [f64; 2]) {
    let xp = std::slice::from_raw_parts(xp, m as usize);
    let fp = std::slice::from_raw_parts(fp, m as usize);
    let left = if has_sides & 1 != 0 { *sides } else { fp[0] };
    let right = if has_sides & 2 != 0 { *sides.add(1) } else { fp[fp.len() - 1] };
    let mut guess = 0;
    for k in 0..n as usize {
        *out.add(k) = interp_complex_one(*x.add(k), xp, fp, left, right, &mut guess);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_bins_close_the_last() {
        let x = [0.0f64, 0.1, 0.5, 1.0, 2.0, f64::NAN];
        let mut hist = [0i64; 2];
        let mut edges = [0.0f64; 3];
        let range = [0.0, 1.0];
        let loc = "loc";
        let s = unsafe { hasten_rt_histogram(x.as_ptr().cast(), 6, 8, 10, 2, range.as_ptr(), std::ptr::null(), hist.as_mut_ptr(), edges.as_mut_ptr(), loc.as_ptr(), 3) };
        assert_eq!((s, hist, edges), (0, [2, 2], [0.0, 0.5, 1.0]));
    }

    #[test]
    fn monotonicity_and_interp() {
        let up = [1.0f64, 1.0, 2.0, 3.0];
        let down = [3.0f64, 2.0, 2.0];
        let neither = [1.0f64, 3.0, 2.0];
        unsafe {
            assert_eq!(hasten_rt_monotonicity(up.as_ptr().cast(), 4, 8, 10), 1);
            assert_eq!(hasten_rt_monotonicity(down.as_ptr().cast(), 3, 8, 10), -1);
            assert_eq!(hasten_rt_monotonicity(neither.as_ptr().cast(), 3, 8, 10), 0);
        }
        assert_eq!(interp_one(1.5, &[1.0, 2.0], &[10.0, 20.0], 0.0, 0.0, &mut 0), 15.0);
        assert_eq!(interp_one(0.5, &[1.0, 2.0], &[10.0, 20.0], -1.0, 0.0, &mut 0), -1.0);
        let fp = [[10.0, 1.0], [20.0, f64::INFINITY]];
        assert_eq!(interp_complex_one(1.5, &[1.0, 2.0], &fp, [0.0; 2], [0.0; 2], &mut 0), [15.0, f64::INFINITY]);
        assert!(matches!(interp_complex_one(f64::NAN, &[1.0, 2.0], &fp, [0.0; 2], [0.0; 2], &mut 0), [x, 0.0] if x.is_nan()));
        // Right of the last point is tested first, and a short scan stops at the first point
        // above the value: NumPy's answers for points that do not increase.
        assert_eq!(search_with_guess(2.5, &[3.0, 1.0, 2.0], 0), 3);
        assert_eq!(search_with_guess(1.5, &[0.5, 3.0, 1.0, 2.0], 0), 0);
        let xp: Vec<f64> = (0..100).map(f64::from).collect();
        for (key, guess) in [(37.5, 0), (37.5, 36), (37.5, 37), (37.5, 38), (37.5, 45), (37.5, 99), (99.0, 5), (0.0, 50)] {
            assert_eq!(search_with_guess(key, &xp, guess), key as isize, "{key} from {guess}");
        }
    }
}
