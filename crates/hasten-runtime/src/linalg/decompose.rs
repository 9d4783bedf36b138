//! Decompositions and what NumPy builds on them: `eigh`/`eigvalsh` (`syevd`), `eig`/`eigvals`
//! (`geev`, real spectra only: NumPy's result dtype would follow the values), `svd` (`gesdd`), `lstsq` (`gelsd`),
//! `qr` (`geqrf` + `orgqr`), `pinv` and `matrix_rank` (from the SVD, NumPy's cut-offs).

use super::gemm::mat_mul;
use super::lapack::Lapack;
use super::matrix::{int, Mat, Outs};
use super::{Call, Fail, QrMode, Res};

/// A workspace size LAPACK reported in a query.
fn lwork(w: f64) -> usize {
    (w as usize).max(1)
}

/// The eigenvalues of the symmetric matrix `a` in ascending order (`syevd`); with `vectors`, `a`
/// is overwritten by the eigenvectors as its columns.
fn syevd(lp: &Lapack, a: &mut Mat, vectors: bool, upper: bool) -> Res<Vec<f64>> {
    let n = a.n;
    let mut w = vec![0.0; n];
    if n > 0 {
        let ni = int(n)?;
        let (jobz, uplo) = (if vectors { b'V' } else { b'N' }, if upper { b'U' } else { b'L' });
        let (mut info, mut wq, mut iq) = (0, 0.0, 0i32);
        let q = -1;
        // SAFETY: a workspace query, then the call with the sizes it reported.
        unsafe {
            (lp.dsyevd)(&jobz, &uplo, &ni, a.a.as_mut_ptr(), &ni, w.as_mut_ptr(), &mut wq, &q, &mut iq, &q, &mut info);
            let (lw, liw) = (lwork(wq), iq.max(1) as usize);
            let (mut work, mut iwork) = (vec![0.0; lw], vec![0i32; liw]);
            (lp.dsyevd)(&jobz, &uplo, &ni, a.a.as_mut_ptr(), &ni, w.as_mut_ptr(), work.as_mut_ptr(), &int(lw)?, iwork.as_mut_ptr(), &int(liw)?, &mut info);
        }
        if info != 0 {
            return Err(Fail::LinAlg("Eigenvalues did not converge".into()));
        }
    }
    Ok(w)
}

pub(crate) fn eigh(lp: &Lapack, call: &Call, out: &mut Outs) -> Res<()> {
    let mut a = call.input(0).square()?;
    let (upper, vectors) = (call.param(0) != 0, call.param(1) != 0);
    let w = syevd(lp, &mut a, vectors, upper)?;
    out.vector(&w)?;
    if vectors {
        out.matrix(&a)?;
    }
    Ok(())
}

/// NumPy's `svd(a, hermitian=True)`, from `eigh`: the singular values are the eigenvalues'
/// magnitudes in descending order, `u` the eigenvectors in that order and `vt` the transpose of `u`
/// with each row multiplied by its eigenvalue's sign (`copysign(1, w)`, as NumPy 2: never 0).
/// Without `vectors` (`eigvalsh`) `u` and `vt` are empty.
fn hermitian_svd(lp: &Lapack, mut a: Mat, vectors: bool) -> Res<(Mat, Vec<f64>, Mat)> {
    let w = syevd(lp, &mut a, vectors, false)?;
    let n = a.n;
    // NumPy's ascending argsort of |w|, reversed; a stable sort keeps ties as NumPy's insertion
    // sort does for small matrices.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| w[i].abs().total_cmp(&w[j].abs()));
    order.reverse();
    let s = order.iter().map(|&i| w[i].abs()).collect();
    if !vectors {
        return Ok((Mat::zeros(0, 0), s, Mat::zeros(0, 0)));
    }
    let (mut u, mut vt) = (Mat::zeros(n, n), Mat::zeros(n, n));
    for (k, &i) in order.iter().enumerate() {
        let sign = 1.0f64.copysign(w[i]);
        for r in 0..n {
            u.a[k * n + r] = a.at(r, i);
            vt.a[r * n + k] = a.at(r, i) * sign;
        }
    }
    Ok((u, s, vt))
}

/// The SVD of `inp` (`jobz` as in [`svd`]), through `eigh` for `hermitian=True` (a square operand).
fn svd_of(lp: &Lapack, inp: &super::matrix::Input, jobz: u8, hermitian: bool) -> Res<(Mat, Vec<f64>, Mat)> {
    if hermitian {
        inp.check_square()?;
        return hermitian_svd(lp, inp.mat(), jobz != b'N');
    }
    svd(lp, inp.mat(), jobz)
}

pub(crate) fn eig(lp: &Lapack, call: &Call, out: &mut Outs) -> Res<()> {
    let inp = call.input(0);
    let mut a = inp.square()?;
    if a.a.iter().any(|x| !x.is_finite()) {
        return Err(Fail::LinAlg("Array must not contain infs or NaNs".into()));
    }
    let vectors = call.param(0) != 0;
    let n = a.n;
    let (mut wr, mut wi, mut vr) = (vec![0.0; n], vec![0.0; n], Mat::zeros(n, n));
    if n > 0 {
        let ni = int(n)?;
        let jobvr = if vectors { b'V' } else { b'N' };
        let (mut info, mut wq, one, mut vl) = (0, 0.0, 1, [0.0]);
        // SAFETY: a workspace query, then the call with the size it reported.
        unsafe {
            let q = -1;
            (lp.dgeev)(b"N".as_ptr(), &jobvr, &ni, a.a.as_mut_ptr(), &ni, wr.as_mut_ptr(), wi.as_mut_ptr(), vl.as_mut_ptr(), &one, vr.a.as_mut_ptr(), &ni, &mut wq, &q, &mut info);
            let lw = lwork(wq);
            let mut work = vec![0.0; lw];
            (lp.dgeev)(b"N".as_ptr(), &jobvr, &ni, a.a.as_mut_ptr(), &ni, wr.as_mut_ptr(), wi.as_mut_ptr(), vl.as_mut_ptr(), &one, vr.a.as_mut_ptr(), &ni, work.as_mut_ptr(), &int(lw)?, &mut info);
        }
        if info != 0 {
            return Err(Fail::LinAlg("Eigenvalues did not converge".into()));
        }
    }
    if wi.iter().any(|x| *x != 0.0) {
        return Err(Fail::Value("eig() of this real matrix has complex eigenvalues: NumPy would return a complex array, a dtype compiled code cannot choose from the values".into()));
    }
    out.vector(&wr)?;
    if vectors {
        out.matrix(&vr)?;
    }
    Ok(())
}

/// The SVD `a = u diag(s) vt`: `jobz` b'A' full, b'S' reduced, b'N' values only (u and vt
/// then empty). NumPy's empty cases: identities where full matrices are asked for.
pub(crate) fn svd(lp: &Lapack, mut a: Mat, jobz: u8) -> Res<(Mat, Vec<f64>, Mat)> {
    let (m, n) = (a.m, a.n);
    let k = m.min(n);
    let (ur, uc, vr) = match jobz {
        b'A' => (m, m, n),
        b'S' => (m, k, k),
        _ => (0, 0, 0),
    };
    let (mut u, mut s, mut vt) = (Mat::zeros(ur, uc), vec![0.0; k], Mat::zeros(vr, n));
    if k == 0 {
        if jobz == b'A' {
            return Ok((Mat::eye(m), s, Mat::eye(n)));
        }
        return Ok((u, s, vt));
    }
    let (mi, ni) = (int(m)?, int(n)?);
    let (ldu, ldvt) = (u.ld(), vt.m.max(1) as i32);
    let mut iwork = vec![0i32; 8 * k];
    let (mut info, mut wq, q) = (0, 0.0, -1);
    // LAPACK does not touch u and vt for `jobz = 'N'`, but wants valid pointers.
    let mut dummy = [0.0f64; 1];
    let up = if u.a.is_empty() { dummy.as_mut_ptr() } else { u.a.as_mut_ptr() };
    let vp = if vt.a.is_empty() { dummy.as_mut_ptr() } else { vt.a.as_mut_ptr() };
    // SAFETY: a workspace query, then the call with the size it reported; buffers as sized above.
    unsafe {
        (lp.dgesdd)(&jobz, &mi, &ni, a.a.as_mut_ptr(), &mi, s.as_mut_ptr(), up, &ldu, vp, &ldvt, &mut wq, &q, iwork.as_mut_ptr(), &mut info);
        let lw = lwork(wq);
        let mut work = vec![0.0; lw];
        (lp.dgesdd)(&jobz, &mi, &ni, a.a.as_mut_ptr(), &mi, s.as_mut_ptr(), up, &ldu, vp, &ldvt, work.as_mut_ptr(), &int(lw)?, iwork.as_mut_ptr(), &mut info);
    }
    if info != 0 {
        return Err(Fail::LinAlg("SVD did not converge".into()));
    }
    Ok((u, s, vt))
}

pub(crate) fn svd_call(lp: &Lapack, call: &Call, out: &mut Outs) -> Res<()> {
    let inp = call.input(0);
    inp.at_least_2d()?;
    let (full, uv, hermitian) = (call.param(0) != 0, call.param(1) != 0, call.param(2) != 0);
    let jobz = match (uv, full) {
        (false, _) => b'N',
        (true, true) => b'A',
        (true, false) => b'S',
    };
    let (u, s, vt) = svd_of(lp, &inp, jobz, hermitian)?;
    if uv {
        out.matrix(&u)?;
        out.vector(&s)?;
        out.matrix(&vt)
    } else {
        out.vector(&s)
    }
}

/// `lstsq(a, b, rcond)`: x, the residuals (the squared norms of the parts of b's columns `a`
/// cannot reach, only when `a` has full column rank and more rows than columns), the rank (an
/// int32 as in NumPy) and the singular values.
pub(crate) fn lstsq(lp: &Lapack, call: &Call, out: &mut Outs) -> Res<()> {
    let (ai, bi) = (call.input(0), call.input(1));
    ai.at_least_2d()?;
    let (m, n) = (ai.rows, ai.cols);
    if bi.rows != m {
        return Err(Fail::LinAlg("Incompatible dimensions".into()));
    }
    let nrhs = bi.cols;
    let rcond = match call.float(0) {
        r if r.is_nan() => f64::EPSILON * m.max(n) as f64,
        r => r,
    };
    let mut a = ai.mat();
    let b0 = bi.mat();
    let rows = m.max(n);
    // b padded to max(m, n) rows, as gelsd needs room for x.
    let mut b = Mat::zeros(rows, nrhs);
    for j in 0..nrhs {
        for i in 0..m {
            b.a[j * rows + i] = b0.at(i, j);
        }
    }
    let k = m.min(n);
    let mut s = vec![0.0; k];
    let mut rank = 0i32;
    if k > 0 && nrhs > 0 {
        let (mi, ni, ri, ldb) = (int(m)?, int(n)?, int(nrhs)?, int(rows.max(1))?);
        let (mut info, mut wq, mut iq, q) = (0, 0.0, 0i32, -1);
        // SAFETY: a workspace query, then the call with the sizes it reported.
        unsafe {
            (lp.dgelsd)(&mi, &ni, &ri, a.a.as_mut_ptr(), &mi, b.a.as_mut_ptr(), &ldb, s.as_mut_ptr(), &rcond, &mut rank, &mut wq, &q, &mut iq, &mut info);
            let lw = lwork(wq);
            let (mut work, mut iwork) = (vec![0.0; lw], vec![0i32; (iq.max(1)) as usize]);
            (lp.dgelsd)(&mi, &ni, &ri, a.a.as_mut_ptr(), &mi, b.a.as_mut_ptr(), &ldb, s.as_mut_ptr(), &rcond, &mut rank, work.as_mut_ptr(), &int(lw)?, iwork.as_mut_ptr(), &mut info);
        }
        if info != 0 {
            return Err(Fail::LinAlg("SVD did not converge in Linear Least Squares".into()));
        }
    } else if k > 0 {
        // No right-hand sides: NumPy still reports the singular values and rank.
        let (_, sv, _) = svd(lp, a.clone(), b'N')?;
        rank = sv.iter().filter(|x| **x > rcond * sv[0]).count() as i32;
        s = sv;
    }
    let x = b.rows(n);
    let resids: Vec<f64> = if rank as usize == n && m > n {
        (0..nrhs).map(|j| (n..m).map(|i| b.at(i, j) * b.at(i, j)).fold(0.0, |s, x| s + x)).collect()
    } else {
        Vec::new()
    };
    if bi.ndim == 1 {
        out.vector(&x.a)?;
    } else {
        out.matrix(&x)?;
    }
    out.vector(&resids)?;
    out.int(rank as i64)?;
    out.vector(&s)
}

pub(crate) fn qr(lp: &Lapack, call: &Call, out: &mut Outs) -> Res<()> {
    let inp = call.input(0);
    inp.at_least_2d()?;
    let mode = [QrMode::Reduced, QrMode::Complete, QrMode::R][call.param(0) as usize];
    let mut a = inp.mat();
    let (m, n) = (a.m, a.n);
    let k = m.min(n);
    let mut tau = vec![0.0; k.max(1)];
    let (mut info, mut wq, q) = (0, 0.0, -1);
    if k > 0 {
        let (mi, ni) = (int(m)?, int(n)?);
        // SAFETY: a workspace query, then the call with the size it reported.
        unsafe {
            (lp.dgeqrf)(&mi, &ni, a.a.as_mut_ptr(), &mi, tau.as_mut_ptr(), &mut wq, &q, &mut info);
            let lw = lwork(wq);
            let mut work = vec![0.0; lw];
            (lp.dgeqrf)(&mi, &ni, a.a.as_mut_ptr(), &mi, tau.as_mut_ptr(), work.as_mut_ptr(), &int(lw)?, &mut info);
        }
    }
    let rrows = if mode == QrMode::Complete { m } else { k };
    let mut r = Mat::zeros(rrows, n);
    for j in 0..n {
        for i in 0..rrows.min(j + 1) {
            r.a[j * rrows + i] = a.at(i, j);
        }
    }
    if mode == QrMode::R {
        return out.matrix(&r);
    }
    let qcols = if mode == QrMode::Complete { m } else { k };
    // Q from the reflectors: the first `qcols` columns of the product, `orgqr` on a copy wide enough.
    let mut qm = Mat::zeros(m, qcols);
    for j in 0..qcols.min(n) {
        for i in 0..m {
            qm.a[j * m + i] = a.at(i, j);
        }
    }
    if m > 0 && qcols > 0 {
        let (mi, qi, ki) = (int(m)?, int(qcols)?, int(k)?);
        // SAFETY: a workspace query, then the call with the size it reported.
        unsafe {
            (lp.dorgqr)(&mi, &qi, &ki, qm.a.as_mut_ptr(), &mi, tau.as_ptr(), &mut wq, &q, &mut info);
            let lw = lwork(wq);
            let mut work = vec![0.0; lw];
            (lp.dorgqr)(&mi, &qi, &ki, qm.a.as_mut_ptr(), &mi, tau.as_ptr(), work.as_mut_ptr(), &int(lw)?, &mut info);
        }
    }
    out.matrix(&qm)?;
    out.matrix(&r)
}

/// NumPy's `pinv`: `vt.T @ diag(1/s) @ u.T` over the singular values above `rcond * max(s)`.
pub(crate) fn pinv(lp: &Lapack, call: &Call, out: &mut Outs) -> Res<()> {
    let inp = call.input(0);
    inp.at_least_2d()?;
    let (m, n) = (inp.rows, inp.cols);
    if m == 0 || n == 0 {
        return out.matrix(&Mat::zeros(n, m));
    }
    let (u, s, vt) = svd_of(lp, &inp, b'S', call.param(0) != 0)?;
    // NumPy 2's default (`rcond=None`, no `rtol`) is 1e-15.
    let rcond = match call.float(1) {
        r if r.is_nan() => 1e-15,
        r => r,
    };
    let cutoff = rcond * s.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let k = s.len();
    // diag(1/s) @ u.T, k × m
    let mut su = Mat::zeros(k, m);
    for (i, &si) in s.iter().enumerate() {
        let inv = if si > cutoff { 1.0 / si } else { 0.0 };
        for j in 0..m {
            su.a[j * k + i] = inv * u.at(j, i);
        }
    }
    let mut v = Mat::zeros(n, k);
    for j in 0..k {
        for i in 0..n {
            v.a[j * n + i] = vt.at(j, i);
        }
    }
    out.matrix(&mat_mul(lp, &v, &su)?)
}

/// NumPy's `matrix_rank` of a 2-D array: singular values above `tol` (by default
/// `max(s) * max(m, n) * eps`).
pub(crate) fn matrix_rank(lp: &Lapack, call: &Call, out: &mut Outs) -> Res<()> {
    let inp = call.input(0);
    if inp.ndim < 2 {
        out.int(inp.mat().a.iter().any(|x| *x != 0.0) as i64)?;
        return Ok(());
    }
    let (_, s, _) = svd_of(lp, &inp, b'N', call.param(0) != 0)?;
    let tol = match call.float(1) {
        t if t.is_nan() => s.iter().cloned().fold(f64::NEG_INFINITY, f64::max) * inp.rows.max(inp.cols) as f64 * f64::EPSILON,
        t => t,
    };
    out.int(s.iter().filter(|x| **x > tol).count() as i64)?;
    Ok(())
}
