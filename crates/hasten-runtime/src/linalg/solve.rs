//! Linear systems and LU: `solve`, `inv` (NumPy's `gesv` against the identity), `det` and
//! `slogdet` (NumPy's formula from the LU factors), `cholesky`, `matrix_power`.

use super::gemm::mat_mul;
use super::lapack::Lapack;
use super::matrix::{int, Mat, Outs};
use super::{Call, Fail, Res};

/// Solves `a x = b` in place of `b`; `a` is overwritten by its factors.
pub(crate) fn gesv(lp: &Lapack, a: &mut Mat, b: &mut Mat) -> Res<()> {
    if a.n == 0 || b.n == 0 {
        return Ok(());
    }
    let (n, nrhs) = (int(a.n)?, int(b.n)?);
    let mut ipiv = vec![0i32; a.n];
    let mut info = 0;
    // SAFETY: the buffers have the dimensions given.
    unsafe { (lp.dgesv)(&n, &nrhs, a.a.as_mut_ptr(), &n, ipiv.as_mut_ptr(), b.a.as_mut_ptr(), &n, &mut info) };
    if info != 0 {
        return Err(Fail::LinAlg("Singular matrix".into()));
    }
    Ok(())
}

pub(crate) fn solve(lp: &Lapack, call: &Call, out: &mut Outs) -> Res<()> {
    let mut a = call.input(0).square()?;
    let bi = call.input(1);
    if bi.rows != a.n {
        let (name, sig) = if bi.ndim == 1 { ("solve1", "(m,m),(m)->(m)") } else { ("solve", "(m,m),(m,n)->(m,n)") };
        return Err(Fail::Value(format!(
            "{name}: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature {sig} (size {} is different from {})",
            bi.rows, a.n
        )));
    }
    let mut b = bi.mat();
    gesv(lp, &mut a, &mut b)?;
    if bi.ndim == 1 {
        out.vector(&b.a)
    } else {
        out.matrix(&b)
    }
}

fn inverse(lp: &Lapack, mut a: Mat) -> Res<Mat> {
    let mut x = Mat::eye(a.n);
    gesv(lp, &mut a, &mut x)?;
    Ok(x)
}

pub(crate) fn inv(lp: &Lapack, call: &Call, out: &mut Outs) -> Res<()> {
    let a = call.input(0).square()?;
    out.matrix(&inverse(lp, a)?)
}

/// The sign and the log of the absolute value of the determinant, from the LU factors as NumPy
/// computes them (a singular matrix: sign 0, log -inf).
fn slogdet(lp: &Lapack, mut a: Mat) -> Res<(f64, f64)> {
    let n = a.n;
    if n == 0 {
        return Ok((1.0, 0.0));
    }
    let ni = int(n)?;
    let mut ipiv = vec![0i32; n];
    let mut info = 0;
    // SAFETY: an n × n matrix and n pivots.
    unsafe { (lp.dgetrf)(&ni, &ni, a.a.as_mut_ptr(), &ni, ipiv.as_mut_ptr(), &mut info) };
    if info != 0 {
        return Ok((0.0, f64::NEG_INFINITY));
    }
    let swaps = ipiv.iter().enumerate().filter(|(i, p)| **p != *i as i32 + 1).count();
    let mut sign = if swaps % 2 == 1 { -1.0 } else { 1.0 };
    let mut log = 0.0;
    for i in 0..n {
        let d = a.at(i, i);
        if d < 0.0 {
            sign = -sign;
        }
        log += d.abs().ln();
    }
    Ok((sign, log))
}

pub(crate) fn det(lp: &Lapack, call: &Call, out: &mut Outs, log: bool) -> Res<()> {
    let (sign, logdet) = slogdet(lp, call.input(0).square()?)?;
    if log {
        out.scalar(sign)?;
        out.scalar(logdet)?;
    } else {
        out.scalar(sign * logdet.exp())?;
    }
    Ok(())
}

pub(crate) fn cholesky(lp: &Lapack, call: &Call, out: &mut Outs) -> Res<()> {
    let mut a = call.input(0).square()?;
    let n = a.n;
    if n > 0 {
        let ni = int(n)?;
        let mut info = 0;
        // SAFETY: an n × n matrix.
        unsafe { (lp.dpotrf)(b"L".as_ptr(), &ni, a.a.as_mut_ptr(), &ni, &mut info) };
        if info != 0 {
            return Err(Fail::LinAlg("Matrix is not positive definite".into()));
        }
    }
    // The lower factor L, or its transpose for `upper=True`.
    let upper = call.param(0) != 0;
    let mut r = Mat::zeros(n, n);
    for j in 0..n {
        for i in j..n {
            let (row, col) = if upper { (j, i) } else { (i, j) };
            r.a[col * n + row] = a.at(i, j);
        }
    }
    out.matrix(&r)
}

/// NumPy's order of products: `a @ a`, `a @ a @ a`, then binary powers.
pub(crate) fn matrix_power(lp: &Lapack, call: &Call, out: &mut Outs) -> Res<()> {
    let mut a = call.input(0).square()?;
    let mut n = call.param(0);
    if n == 0 {
        return out.matrix(&Mat::eye(a.n));
    }
    if n < 0 {
        a = inverse(lp, a)?;
        n = n.checked_neg().ok_or_else(|| Fail::Value("exponent must be an integer".into()))?;
    }
    let result = match n {
        1 => a,
        2 => mat_mul(lp, &a, &a)?,
        3 => mat_mul(lp, &mat_mul(lp, &a, &a)?, &a)?,
        _ => {
            let (mut z, mut result): (Option<Mat>, Option<Mat>) = (None, None);
            while n > 0 {
                z = Some(match z {
                    None => a.clone(),
                    Some(z) => mat_mul(lp, &z, &z)?,
                });
                let bit = n % 2;
                n /= 2;
                if bit == 1 {
                    let zz = z.as_ref().expect("set above");
                    result = Some(match result {
                        None => zz.clone(),
                        Some(r) => mat_mul(lp, &r, zz)?,
                    });
                }
            }
            result.expect("n > 0 sets a bit")
        }
    };
    out.matrix(&result)
}

/// `matrix_power` of an integer or bool matrix in its own dtype: exact products whose low bits
/// are NumPy's wrapped ones (the low bits of a 64-bit product are the narrower dtype's), bools
/// as `or` of `and`s; a negative exponent (NumPy's float64 inverse) is refused.
pub(crate) fn int_matrix_power(call: &Call, out: &mut Outs) -> Res<()> {
    let inp = call.input(0);
    inp.check_square()?;
    let (n, code) = (inp.rows, inp.dtype);
    let mut p = call.param(0);
    if p < 0 {
        return Err(Fail::Value(
            "matrix_power of an integer matrix to a negative power is a float64 inverse in NumPy: hasten compiles it for a negative constant exponent only".into(),
        ));
    }
    let boolean = code == 0;
    let mul = |x: &[i64], y: &[i64]| -> Vec<i64> {
        let mut c = vec![0i64; n * n];
        for j in 0..n {
            for k in 0..n {
                let ykj = y[j * n + k];
                for i in 0..n {
                    c[j * n + i] = c[j * n + i].wrapping_add(x[k * n + i].wrapping_mul(ykj));
                }
            }
        }
        if boolean {
            c.iter_mut().for_each(|v| *v = (*v != 0) as i64);
        }
        c
    };
    let mut result: Vec<i64> = (0..n * n).map(|k| (k % (n + 1) == 0) as i64).collect();
    let mut z = inp.int_mat();
    while p > 0 {
        if p % 2 == 1 {
            result = mul(&result, &z);
        }
        p /= 2;
        if p > 0 {
            z = mul(&z, &z);
        }
    }
    out.int_matrix(n, n, &result, code)
}
