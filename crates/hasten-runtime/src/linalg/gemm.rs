//! Matrix products through BLAS `dgemm`: between the runtime's column-major matrices, and for
//! `@`/`np.dot` of large float64 matrices in compiled code.

use super::lapack::{lapack, Lapack};
use super::matrix::{int, Mat};
use super::Res;

/// `a @ b`.
pub(crate) fn mat_mul(lp: &Lapack, a: &Mat, b: &Mat) -> Res<Mat> {
    let mut c = Mat::zeros(a.m, b.n);
    if a.m == 0 || b.n == 0 || a.n == 0 {
        return Ok(c);
    }
    let (m, n, k) = (int(a.m)?, int(b.n)?, int(a.n)?);
    let (one, zero) = (1.0, 0.0);
    // SAFETY: column-major buffers of the dimensions given.
    unsafe {
        (lp.dgemm)(b"N".as_ptr(), b"N".as_ptr(), &m, &n, &k, &one, a.a.as_ptr(), &a.ld(), b.a.as_ptr(), &b.ld(), &zero, c.a.as_mut_ptr(), &m);
    }
    Ok(c)
}

/// Below this many multiply-adds the compiled loop is as fast as a BLAS call.
const BLAS_MIN_WORK: usize = 32 * 32 * 32;

/// A float64 matrix operand as BLAS sees the transpose of it: a column-major `cols × rows`
/// matrix read either directly (C order: `'N'`) or transposed (Fortran order: `'T'`), or a
/// C-ordered copy of any other layout.
struct Operand {
    trans: u8,
    ptr: *const f64,
    ld: i32,
    _copy: Vec<f64>,
}

unsafe fn operand(w: *const i64) -> Option<Operand> {
    let (data, rows, cols, s0, s1) = (*w as *const f64, *w.add(3), *w.add(4), *w.add(5), *w.add(6));
    if s1 == 8 && s0 % 8 == 0 && s0 / 8 >= cols.max(1) {
        return Some(Operand { trans: b'N', ptr: data, ld: i32::try_from(s0 / 8).ok()?, _copy: Vec::new() });
    }
    if s0 == 8 && s1 % 8 == 0 && s1 / 8 >= rows.max(1) {
        return Some(Operand { trans: b'T', ptr: data, ld: i32::try_from(s1 / 8).ok()?, _copy: Vec::new() });
    }
    let mut copy = Vec::with_capacity((rows * cols) as usize);
    for i in 0..rows as isize {
        for j in 0..cols as isize {
            copy.push(data.byte_offset(i * s0 as isize + j * s1 as isize).read_unaligned());
        }
    }
    Some(Operand { trans: b'N', ptr: copy.as_ptr(), ld: i32::try_from(cols.max(1)).ok()?, _copy: copy })
}

/// Writes `a @ b` of two 2-D float64 arrays (7 words each, as `Input` reads them; the inner
/// dimensions already checked) into the C-ordered `out`. Returns 0, having written nothing,
/// when the product is too small to gain from BLAS or SciPy's BLAS is not available (the
/// compiled loop then computes it), 1 when done.
///
/// # Safety
/// The words must describe live float64 arrays and `out` must hold `rows(a) × cols(b)` floats.
pub unsafe extern "C" fn hasten_rt_dgemm(a: *const i64, b: *const i64, out: *mut f64) -> i32 {
    let (m, k, n) = (*a.add(3), *a.add(4), *b.add(4));
    let work = (m as usize).saturating_mul(n as usize).saturating_mul(k as usize);
    if work < BLAS_MIN_WORK {
        return 0;
    }
    let Ok(lp) = lapack() else { return 0 };
    let (Some(x), Some(y), Ok(mi), Ok(ni), Ok(ki)) = (operand(a), operand(b), i32::try_from(m), i32::try_from(n), i32::try_from(k)) else {
        return 0;
    };
    let (one, zero) = (1.0, 0.0);
    // Column-major, the C-ordered result is its transpose: out^T = b^T a^T.
    (lp.dgemm)(&y.trans, &x.trans, &ni, &mi, &ki, &one, y.ptr, &y.ld, x.ptr, &x.ld, &zero, out, &ni);
    1
}
