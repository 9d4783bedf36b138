//! `np.linalg.norm` (vector norms along lines, matrix norms, the flattened 2-norm) and
//! `np.linalg.cond`, with NumPy's definitions of each `ord`.

use super::decompose::svd;
use super::lapack::{lapack, Lapack};
use super::matrix::{Mat, Outs};
use super::{Call, Fail, NormKind, NormOrd, Res};

/// The float32 dtype's code in the operand words.
const F32: i64 = 9;

#[derive(Clone, Copy)]
enum Ord {
    Default,
    Number(f64),
    Fro,
    Nuc,
}

fn ord(call: &Call, code: usize, value: usize) -> Ord {
    match call.param(code) {
        c if c == NormOrd::Number as i64 => Ord::Number(call.float(value)),
        c if c == NormOrd::Fro as i64 => Ord::Fro,
        c if c == NormOrd::Nuc as i64 => Ord::Nuc,
        _ => Ord::Default,
    }
}

/// A sum from +0.0, as NumPy's (Rust's float `sum` of nothing is -0.0).
fn add(a: f64, b: f64) -> f64 {
    a + b
}

fn empty_minimum() -> Fail {
    Fail::Value("zero-size array to reduction operation minimum which has no identity".into())
}

/// How NumPy adds up a vector norm's terms: `add.reduce` along the inner loop is its pairwise
/// sum, along an outer axis a plain one in order.
fn sum_of(terms: impl Iterator<Item = f64>, pairwise: bool) -> f64 {
    if pairwise {
        crate::pairwise::pairwise_sum_f64(&terms.collect::<Vec<f64>>())
    } else {
        terms.fold(0.0, add)
    }
}

/// `sqrt(x.dot(x))`, NumPy's 2-norm of a flattened array: its `dot`, through BLAS where NumPy's
/// has one.
fn dot_norm(x: &[f64]) -> f64 {
    let at = (x.as_ptr().cast::<u8>(), 8);
    // SAFETY: `x` holds `len` contiguous float64 values.
    unsafe { super::dot::vector_dot_with(false, super::dot::DotRules::Dot, x.len() as i64, at, at) }.sqrt()
}

/// The vector norm of `x` for `ord`, its terms added as `pairwise` says.
fn vector_norm(x: impl Iterator<Item = f64> + Clone, ord: Ord, pairwise: bool) -> Res<f64> {
    let p = match ord {
        Ord::Default => 2.0,
        Ord::Number(p) => p,
        Ord::Fro => return Err(Fail::Value("Invalid norm order 'fro' for vectors".into())),
        Ord::Nuc => return Err(Fail::Value("Invalid norm order 'nuc' for vectors".into())),
    };
    let abs = x.map(f64::abs);
    Ok(if p == f64::INFINITY {
        extreme(abs.collect(), true)?
    } else if p == f64::NEG_INFINITY {
        extreme(abs.collect(), false)?
    } else if p == 0.0 {
        abs.filter(|v| *v != 0.0).count() as f64
    } else if p == 1.0 {
        sum_of(abs, pairwise)
    } else if p == 2.0 {
        sum_of(abs.map(|v| v * v), pairwise).sqrt()
    } else {
        sum_of(abs.map(|v| v.powf(p)), pairwise).powf(1.0 / p)
    })
}

/// NaN-propagating max/min, as NumPy's: its maxima start from `initial=0` (0 when empty), its
/// minima have no identity.
fn extreme(v: Vec<f64>, max: bool) -> Res<f64> {
    let mut it = v.into_iter();
    let first = match it.next() {
        Some(x) => x,
        None if max => 0.0,
        None => return Err(empty_minimum()),
    };
    Ok(it.fold(first, |a, b| if a.is_nan() || b.is_nan() { f64::NAN } else if max { a.max(b) } else { a.min(b) }))
}

fn matrix_norm(lp: Option<&Lapack>, a: &Mat, ord: Ord) -> Res<f64> {
    let col_sums = || (0..a.n).map(|j| (0..a.m).map(|i| a.at(i, j).abs()).fold(0.0, add)).collect::<Vec<f64>>();
    let row_sums = || (0..a.m).map(|i| (0..a.n).map(|j| a.at(i, j).abs()).fold(0.0, add)).collect::<Vec<f64>>();
    let singular = |lp: Option<&Lapack>| -> Res<Vec<f64>> {
        let lp = lp.ok_or_else(|| Fail::Import("unreachable: LAPACK is loaded for 2-norms".into()))?;
        Ok(svd(lp, a.clone(), b'N')?.1)
    };
    match ord {
        Ord::Default | Ord::Fro => Ok(a.a.iter().map(|v| v * v).fold(0.0, add).sqrt()),
        Ord::Nuc => Ok(singular(lp)?.into_iter().fold(0.0, add)),
        Ord::Number(p) if p == 2.0 => extreme(singular(lp)?, true),
        Ord::Number(p) if p == -2.0 => extreme(singular(lp)?, false),
        Ord::Number(p) if p == 1.0 => extreme(col_sums(), true),
        Ord::Number(p) if p == -1.0 => extreme(col_sums(), false),
        Ord::Number(p) if p == f64::INFINITY => extreme(row_sums(), true),
        Ord::Number(p) if p == f64::NEG_INFINITY => extreme(row_sums(), false),
        Ord::Number(_) => Err(Fail::Value("Invalid norm order for matrices.".into())),
    }
}

fn transpose(a: &Mat) -> Mat {
    let mut t = Mat::zeros(a.n, a.m);
    for i in 0..a.m {
        for j in 0..a.n {
            t.a[i * a.n + j] = a.at(i, j);
        }
    }
    t
}

pub(crate) fn norm(call: &Call, out: &mut Outs) -> Res<()> {
    let inp = call.input(0);
    let a = inp.mat();
    let ord = ord(call, 1, 2);
    let kind = [NormKind::Flat, NormKind::Vector, NormKind::Lines, NormKind::Matrix][call.param(0) as usize];
    // float32 operands keep sums in float64 in order (NumPy's are float32 sums).
    let exact = inp.dtype != F32;
    match kind {
        // NumPy's flattening in memory order (`ravel('K')`), then its `dot`.
        NormKind::Flat if exact && inp.ndim == 2 && inp.rows_inner() => out.scalar(dot_norm(&transpose(&a).a)),
        NormKind::Flat if exact && inp.ndim <= 2 => out.scalar(dot_norm(&a.a)),
        NormKind::Flat => out.scalar(a.a.iter().map(|v| v * v).fold(0.0, add).sqrt()),
        // `axis=None` on a 1-D array takes the flattened 2-norm's path.
        NormKind::Vector if exact && call.param(3) == 1 && matches!(ord, Ord::Default | Ord::Number(2.0)) => out.scalar(dot_norm(&a.a)),
        NormKind::Vector => out.scalar(vector_norm(a.a.iter().copied(), ord, exact && call.param(3) != 2)?),
        NormKind::Lines => {
            // Norms of the columns (axis 0), or of the rows: pairwise where the reduced axis is
            // the inner one in memory.
            let along_rows = call.param(3) == 1;
            let pairwise = exact && along_rows == inp.rows_inner();
            let a = if along_rows { transpose(&a) } else { a };
            let norms = (0..a.n).map(|j| vector_norm(a.a[j * a.m..(j + 1) * a.m].iter().copied(), ord, pairwise)).collect::<Res<Vec<f64>>>()?;
            out.vector(&norms)
        }
        NormKind::Matrix => {
            let a = if call.param(3) == 1 { transpose(&a) } else { a };
            let lp = match ord {
                Ord::Nuc => Some(lapack().map_err(Fail::Import)?),
                Ord::Number(p) if p.abs() == 2.0 => Some(lapack().map_err(Fail::Import)?),
                _ => None,
            };
            out.scalar(matrix_norm(lp, &a, ord)?)
        }
    }
}

/// NumPy's `cond`: the ratio of extreme singular values for `p` None/±2, else
/// `norm(x, p) * norm(inv(x), p)`; NaN (a singular matrix) becomes inf unless `x` holds a NaN.
pub(crate) fn cond(lp: &Lapack, call: &Call, out: &mut Outs) -> Res<()> {
    let inp = call.input(0);
    inp.at_least_2d()?;
    let ord = ord(call, 0, 1);
    let a = inp.mat();
    let r = match ord {
        Ord::Default | Ord::Number(2.0) | Ord::Number(-2.0) => {
            let s = svd(lp, a.clone(), b'N')?.1;
            let (first, last) = (s.first().copied().unwrap_or(f64::NAN), s.last().copied().unwrap_or(f64::NAN));
            if matches!(ord, Ord::Number(p) if p == -2.0) { last / first } else { first / last }
        }
        _ => {
            let a = inp.square()?;
            let mut x = Mat::eye(a.n);
            let singular = super::solve::gesv(lp, &mut a.clone(), &mut x).is_err();
            if singular {
                f64::NAN
            } else {
                matrix_norm(Some(lp), &a, ord)? * matrix_norm(Some(lp), &x, ord)?
            }
        }
    };
    let nan_input = a.a.iter().any(|v| v.is_nan());
    out.scalar(if r.is_nan() && !nan_input { f64::INFINITY } else { r })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(x: &[f64], ord: Ord) -> f64 {
        vector_norm(x.iter().copied(), ord, true).ok().expect("a norm")
    }

    #[test]
    fn vector_norms_follow_numpys_definitions() {
        let x = [3.0, -4.0, 0.0];
        assert_eq!(v(&x, Ord::Default), 5.0);
        assert_eq!(v(&x, Ord::Number(1.0)), 7.0);
        assert_eq!(v(&x, Ord::Number(f64::INFINITY)), 4.0);
        assert_eq!(v(&x, Ord::Number(f64::NEG_INFINITY)), 0.0);
        assert_eq!(v(&x, Ord::Number(0.0)), 2.0);
        assert!((v(&x, Ord::Number(3.0)) - 91f64.powf(1.0 / 3.0)).abs() < 1e-12);
        assert!(vector_norm(x.iter().copied(), Ord::Fro, true).is_err());
    }

    #[test]
    fn empty_maxima_are_zero_and_minima_fail() {
        assert_eq!(v(&[], Ord::Number(f64::INFINITY)), 0.0);
        assert!(vector_norm([].into_iter(), Ord::Number(f64::NEG_INFINITY), false).is_err());
        assert!(extreme(vec![1.0, f64::NAN, 2.0], true).ok().expect("a value").is_nan());
    }

    #[test]
    fn matrix_norms_without_lapack() {
        // [[1, -2], [3, 4]] column-major
        let a = Mat { m: 2, n: 2, a: vec![1.0, 3.0, -2.0, 4.0] };
        let n = |o| matrix_norm(None, &a, o).ok().expect("a norm");
        assert_eq!(n(Ord::Number(1.0)), 6.0);
        assert_eq!(n(Ord::Number(-1.0)), 4.0);
        assert_eq!(n(Ord::Number(f64::INFINITY)), 7.0);
        assert_eq!(n(Ord::Number(f64::NEG_INFINITY)), 3.0);
        assert_eq!(n(Ord::Fro), 30f64.sqrt());
        assert!(matrix_norm(None, &a, Ord::Number(3.0)).is_err());
    }
}
