//! Matrix products through BLAS `dgemm` between the runtime's column-major matrices (compiled
//! code's own products go through NumPy's BLAS: `dot.rs`, `gemv.rs`, `matmat.rs`).

use super::lapack::Lapack;
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
