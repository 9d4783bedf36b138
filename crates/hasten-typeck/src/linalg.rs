//! Typing `np.linalg.*` calls: NumPy's result types (float32 in, float32 out; every other dtype
//! computes in float64), the shapes of tuples of results, and NumPy's choice of norm from `ord`,
//! `axis` and the rank, recorded on the callee (`NormPlan`) for code generation.

use crate::function::{err, FnCx, R};
use hasten_ir::hir::*;
use hasten_ir::linalg::{Norm, NormAxis, NormOrd, NormPlan, QrMode};
use hasten_ir::{Diagnostic, Dtype, Type};

/// NumPy's `_commonType`: float32 only when every operand is float32.
fn float_dtype(dtypes: &[Dtype]) -> Dtype {
    if dtypes.iter().all(|d| *d == Dtype::F32) {
        Dtype::F32
    } else {
        Dtype::F64
    }
}

/// `axis` of an array of rank `ndim`, made non-negative.
fn axis(a: i64, ndim: u8, e: &Expr) -> R<u8> {
    let nd = ndim as i64;
    if a >= nd || a < -nd {
        return err(format!("axis {a} is out of bounds for array of dimension {nd}"), e.span);
    }
    Ok(a.rem_euclid(nd) as u8)
}

/// NumPy's choice in `norm`: a flattened 2-norm, a vector norm, vector norms along an axis, or
/// matrix norms (one per index of the other axes, for more than two dimensions).
fn norm_plan(n: Norm, ndim: u8, e: &Expr) -> R<NormPlan> {
    Ok(match (n.axis, ndim) {
        (NormAxis::None, 1) => NormPlan::Vector,
        (NormAxis::None, 0 | 2..) if n.ord == NormOrd::Default => NormPlan::Flat,
        // NumPy computes `ord='fro'` of a matrix as the flattened 2-norm.
        (NormAxis::None, 2) if n.ord == NormOrd::Fro => NormPlan::Flat,
        (NormAxis::None, 2) => NormPlan::Matrix { transposed: false },
        (NormAxis::One(a), 1) => {
            axis(a, 1, e)?;
            NormPlan::Vector
        }
        (NormAxis::One(a), 2) => NormPlan::Lines(axis(a, 2, e)?),
        (NormAxis::One(a), _) => NormPlan::StackedVector(axis(a, ndim, e)?),
        (NormAxis::Two(a, b), 2..) => {
            let (a, b) = (axis(a, ndim, e)?, axis(b, ndim, e)?);
            if a == b {
                return err("Duplicate axes given.", e.span);
            }
            if ndim == 2 {
                NormPlan::Matrix { transposed: a == 1 }
            } else {
                NormPlan::StackedMatrix(a, b)
            }
        }
        (NormAxis::Two(..), _) => return err("Improper number of dimensions to norm.", e.span),
        // Only the default (flattened) norm takes an operand of another rank without `axis=`.
        (NormAxis::None, _) => return err("Improper number of dimensions to norm.", e.span),
    })
}

/// `t` for each member of a stack of `rank` axes: scalars become arrays, arrays gain the axes.
fn stacked(t: Type, rank: u8) -> Type {
    match t {
        _ if rank == 0 => t,
        Type::Scalar(d) => Type::array(d, rank),
        Type::Array(a) => Type::array(a.dtype, a.ndim + rank),
        Type::Tuple(items) => Type::Tuple(items.into_iter().map(|t| stacked(t, rank)).collect()),
        t => t,
    }
}

impl FnCx<'_, '_, '_> {
    pub(crate) fn linalg_call(&mut self, callee: &mut Callee, args: &mut [Expr]) -> R<Type> {
        let Callee::Linalg(f) = *callee else { unreachable!("a linalg call") };
        let types = match self.arg_types(args)? {
            Ok(types) => types,
            Err(pending) => return Ok(pending),
        };
        let mut arrays = Vec::new();
        for (t, e) in types.iter().zip(args.iter()).take(f.arrays()) {
            match t {
                Type::Array(a) if a.ndim > 2 && f == LinalgFn::Lstsq => {
                    return Err(Diagnostic::unsupported(format!("np.linalg.lstsq of {}-d arrays is not supported (NumPy's needs 2-d)", a.ndim), e.span))
                }
                // LAPACK's complex routines are not bound: refused rather than computed on the
                // real parts.
                Type::Array(a) if a.dtype.is_complex() => {
                    return Err(Diagnostic::unsupported(format!("np.linalg.{} of complex arrays is not supported yet", f.name()), e.span))
                }
                Type::Array(a) => arrays.push(*a),
                t => return Err(Diagnostic::unsupported(format!("np.linalg.{} of {t} (only arrays are supported)", f.name()), e.span)),
            }
        }
        for (t, e) in types.iter().zip(args.iter()).skip(f.arrays()) {
            let ok = match f {
                LinalgFn::MatrixPower => t.is_intlike() && *t != Type::Bool,
                _ => *t == Type::None || t.is_numeric_scalar(),
            };
            if !ok {
                return err(format!("np.linalg.{}: unexpected argument of type {t}", f.name()), e.span);
            }
        }
        let d = float_dtype(&arrays.iter().map(|a| a.dtype).collect::<Vec<_>>());
        let (vec, mat) = (Type::array(d, 1), Type::array(d, 2));
        let one = match f {
            LinalgFn::Solve => Type::array(d, arrays[1].ndim.min(2)),
            LinalgFn::Inv | LinalgFn::Cholesky { .. } | LinalgFn::Pinv { .. } | LinalgFn::Qr(QrMode::R) => mat,
            LinalgFn::Det | LinalgFn::Cond(_) => Type::Scalar(d),
            LinalgFn::Slogdet => Type::tuple(vec![Type::Scalar(d), Type::Scalar(d)]),
            LinalgFn::Eigh { vectors: true, .. } | LinalgFn::Eig { vectors: true } => Type::tuple(vec![vec, mat]),
            LinalgFn::Eigh { vectors: false, .. } | LinalgFn::Eig { vectors: false } => vec,
            LinalgFn::Svd { compute_uv: true, .. } => Type::tuple(vec![mat.clone(), vec, mat]),
            LinalgFn::Svd { compute_uv: false, .. } => vec,
            LinalgFn::Qr(_) => Type::tuple(vec![mat.clone(), mat]),
            LinalgFn::Lstsq => Type::tuple(vec![Type::array(d, arrays[1].ndim), vec.clone(), Type::Scalar(Dtype::I32), vec]),
            // NumPy's `int(not all(A == 0))` for a vector.
            LinalgFn::MatrixRank { .. } if arrays[0].ndim == 1 => Type::Int,
            LinalgFn::MatrixRank { .. } => Type::Scalar(Dtype::I64),
            // An integer matrix to a negative power is NumPy's float64 inverse; otherwise the
            // integer dtype is kept (`IntMatrixPower`).
            LinalgFn::MatrixPower if !arrays[0].dtype.is_float() && !crate::is_negative_int_const(&args[1]) => Type::array(arrays[0].dtype, 2),
            LinalgFn::MatrixPower => Type::array(d, 2),
            LinalgFn::Norm(n) => {
                let ndim = arrays[0].ndim;
                let plan = norm_plan(n, ndim, &args[0])?;
                let n = Norm { plan, ..n };
                *callee = Callee::Linalg(LinalgFn::Norm(n));
                return Ok(match plan {
                    _ if n.keepdims => Type::array(d, ndim),
                    NormPlan::Lines(_) => vec,
                    NormPlan::StackedMatrix(..) => Type::array(d, ndim - 2),
                    NormPlan::StackedVector(_) => Type::array(d, ndim - 1),
                    _ => Type::Scalar(d),
                });
            }
        };
        let ndims: Vec<u8> = arrays.iter().map(|a| a.ndim).collect();
        Ok(stacked(one, f.stack_rank(&ndims)))
    }
}
