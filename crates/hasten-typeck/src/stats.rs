//! Typing NumPy's selection and order-statistics functions: `np.unique`, `np.nonzero` (and
//! one-argument `np.where`), `np.flatnonzero`, `np.argwhere`, `np.take`, `np.compress`/`np.extract`,
//! `np.median`, `np.nanmedian`, `np.percentile`, `np.quantile`, `np.ptp`. The front end has bound
//! the arguments (`hasten_front::numpy_stats`); result dtypes follow NumPy's (NEP 50 for `q`).

use crate::calls::Operands;
use crate::function::{err, R};
use crate::numpy::axis_arg;
use crate::rules;
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Dtype, Type};

const BOOL_SUBTRACT: &str =
    "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.";

/// The result type of a call of this family.
pub(crate) fn stats_call(f: NumpyFn, ops: &Operands) -> R<Type> {
    match f {
        NumpyFn::Unique => unique(ops),
        NumpyFn::Nonzero => {
            let a = ops.array(0)?;
            if a.ndim == 0 {
                return err("Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar).nonzero() instead.", ops.args[0].span);
            }
            Ok(Type::tuple(vec![Type::array(Dtype::I64, 1); a.ndim as usize]))
        }
        NumpyFn::Flatnonzero => {
            ops.array(0)?;
            Ok(Type::array(Dtype::I64, 1))
        }
        NumpyFn::Argwhere => {
            ops.array(0)?;
            // NumPy's transpose of `np.nonzero`'s arrays: Fortran-ordered.
            Ok(Type::Array(hasten_ir::ArrayType { dtype: Dtype::I64, ndim: 2, layout: hasten_ir::Layout::F, readonly: false }))
        }
        NumpyFn::Take => take(ops),
        NumpyFn::Compress | NumpyFn::Extract => compress(ops),
        NumpyFn::Median | NumpyFn::Nanmedian => {
            let a = ops.array(0)?;
            let d = rules::reduction_dtype(Reduction::Mean, a.dtype);
            Ok(reduced(d, a.ndim, axis_arg(ops, 1, a, None)?.is_some()))
        }
        NumpyFn::Percentile | NumpyFn::Quantile => quantile(f, ops),
        NumpyFn::Ptp => {
            let a = ops.array(0)?;
            if a.dtype == Dtype::Bool {
                return err(BOOL_SUBTRACT, ops.args[0].span);
            }
            let along = axis_arg(ops, 1, a, None)?.is_some();
            if a.dtype.is_complex() && !(along && a.ndim > 1) {
                // An element-wise result is made contiguous, in NumPy's layout of it.
                if a.ndim > 1 && a.layout == hasten_ir::Layout::A && !ops.args[0].is_elementwise() {
                    return Err(Diagnostic::unsupported("np.ptp of non-contiguous n-d complex arrays is not supported yet", ops.args[0].span));
                }
                return Ok(a.dtype.item());
            }
            Ok(reduced(a.dtype, a.ndim, along))
        }
        NumpyFn::Histogram => histogram(ops),
        NumpyFn::Average => {
            let (a, w) = (ops.array(0)?, ops.array(2)?);
            if a.ndim != w.ndim {
                return err("Axis must be specified when shapes of a and weights differ.", ops.args[2].span);
            }
            // NumPy's result_type(a, weights), with 'f8' when a holds integers or bools.
            let d = Dtype::promote(a.dtype, w.dtype);
            let d = if a.dtype.is_float() { d } else { Dtype::promote(d, Dtype::F64) };
            if !d.is_float() {
                return Err(Diagnostic::unsupported(format!("np.average in {d} is not supported"), ops.args[0].span));
            }
            Ok(match ops.args[3].kind {
                ExprKind::Const(Const::Bool(true)) => Type::tuple(vec![Type::Scalar(d), Type::Scalar(d)]),
                _ => Type::Scalar(d),
            })
        }
        NumpyFn::Digitize | NumpyFn::Interp => {
            let x = &ops.types[0];
            let sample_args: &[usize] = if f == NumpyFn::Digitize { &[1] } else { &[1, 2] };
            for &k in sample_args {
                let s = ops.array(k)?;
                if s.ndim != 1 {
                    let msg = if s.ndim == 0 { "object of too small depth for desired array" } else { "object too deep for desired array" };
                    return err(msg, ops.args[k].span);
                }
            }
            // Complex values (`fp`) are interpolated part by part, with complex `left`/`right`.
            let complex = f == NumpyFn::Interp && ops.array(2)?.dtype.is_complex();
            for k in [3, 4].into_iter().filter(|k| *k < ops.types.len()) {
                let t = &ops.types[k];
                if !(*t == Type::None || t.is_numeric_scalar() || (complex && t.is_complex_number())) {
                    return err(format!("expected a number or None, got {t}"), ops.args[k].span);
                }
            }
            let d = match f {
                NumpyFn::Digitize => Dtype::I64,
                _ if complex => Dtype::C128,
                _ => Dtype::F64,
            };
            match x {
                Type::Array(xa) => Ok(Type::array(d, xa.ndim)),
                t if t.is_numeric_scalar() => Ok(Type::Scalar(d)),
                // A tuple of numbers is retried as the array NumPy makes of it.
                Type::Tuple(_) => Err(ops.array(0).expect_err("a tuple is no array")),
                t => err(format!("expected a number or an array, got {t}"), ops.args[0].span),
            }
        }
        _ => unreachable!("numpy_call sends only this family here"),
    }
}

/// `np.histogram(np.ravel(a), bins, range)`: int64 counts, and float64 uniform edges or a copy of
/// the edges given. Data is binned as float64: float32 data (float32 edges in NumPy) and bools
/// are refused.
fn histogram(ops: &Operands) -> R<Type> {
    let a = ops.array(0)?;
    if matches!(a.dtype, Dtype::F32 | Dtype::Bool) {
        return Err(Diagnostic::unsupported(format!("np.histogram of {} data is not supported yet", a.dtype), ops.args[0].span));
    }
    let edges = match &ops.types[1] {
        t if t.is_intlike() && *t != Type::Bool => Dtype::F64,
        Type::Array(b) if b.ndim != 1 => return err("`bins` must be 1d, when an array", ops.args[1].span),
        Type::Array(b) if b.dtype != Dtype::Bool => b.dtype,
        t => return err(format!("bins must be an integer or an array of edges, not {t}"), ops.args[1].span),
    };
    match &ops.types[2] {
        Type::None => {}
        Type::Tuple(items) if items.len() == 2 && items.iter().all(|t| t.is_numeric_scalar()) => {}
        t => return err(format!("range must be None or a pair of numbers, not {t}"), ops.args[2].span),
    }
    Ok(Type::tuple(vec![Type::array(Dtype::I64, 1), Type::array(edges, 1)]))
}

/// A scalar when every axis is reduced, an array of one axis fewer when one is.
fn reduced(d: Dtype, ndim: u8, along_axis: bool) -> Type {
    if along_axis && ndim > 1 {
        Type::array(d, ndim - 1)
    } else {
        Type::Scalar(d)
    }
}

/// `np.unique`: the sorted values, then the index of each one's first occurrence, each element's
/// group (in the input's shape, as NumPy 2) and the counts, for the flags that are set.
fn unique(ops: &Operands) -> R<Type> {
    let a = ops.array(0)?;
    let values = Type::array(a.dtype, 1);
    let flags: Vec<bool> = ops.args[1..4].iter().map(|e| matches!(e.kind, ExprKind::Const(Const::Bool(true)))).collect();
    if !flags.iter().any(|f| *f) {
        return Ok(values);
    }
    let mut items = vec![values];
    let outs = [Type::array(Dtype::I64, 1), Type::array(Dtype::I64, a.ndim), Type::array(Dtype::I64, 1)];
    items.extend(outs.into_iter().zip(flags).filter(|(_, f)| *f).map(|(t, _)| t));
    Ok(Type::tuple(items))
}

/// Integer (or bool) indices: a scalar or an array.
fn index_ndim(ops: &Operands, k: usize) -> R<u8> {
    match &ops.types[k] {
        Type::Array(i) if !i.dtype.is_float() && !i.dtype.is_complex() => Ok(i.ndim),
        Type::Array(i) => err(format!("Cannot cast array data from dtype('{}') to dtype('int64') according to the rule 'safe'", i.dtype), ops.args[k].span),
        t if t.is_intlike() => Ok(0),
        t => err(format!("indices must be integers, not {t}"), ops.args[k].span),
    }
}

/// `np.take(a, indices, axis)`: the indices' shape in place of the axis; a NumPy scalar when no
/// axis remains.
fn take(ops: &Operands) -> R<Type> {
    let a = ops.array(0)?;
    if a.ndim == 0 {
        return Err(Diagnostic::unsupported("np.take of a 0-d array is not supported", ops.args[0].span));
    }
    let ind = index_ndim(ops, 1)?;
    axis_arg(ops, 2, a, None)?.expect("the front end makes axis=None axis 0 of the raveled array");
    Ok(match a.ndim - 1 + ind {
        0 => a.dtype.item(),
        n => Type::array(a.dtype, n),
    })
}

/// `np.compress(condition, a, axis)`: a 1-d condition of any dtype (its truth is used).
fn compress(ops: &Operands) -> R<Type> {
    let c = ops.array(0)?;
    if c.ndim != 1 {
        return err("condition must be a 1-d array", ops.args[0].span);
    }
    let a = ops.array(1)?;
    if a.ndim == 0 {
        return Err(Diagnostic::unsupported("np.compress of a 0-d array is not supported", ops.args[1].span));
    }
    axis_arg(ops, 2, a, None)?.expect("the front end makes axis=None axis 0 of the raveled array");
    Ok(Type::array(a.dtype, a.ndim))
}

/// `np.percentile`/`np.quantile`: `q` a number or an array of them; `q`'s dimensions come first.
/// A float32 array keeps float32 when `q` is a Python number (NumPy's weak `q`), float64
/// otherwise; integer arrays give float64.
fn quantile(f: NumpyFn, ops: &Operands) -> R<Type> {
    let a = ops.array(0)?;
    if a.dtype == Dtype::Bool {
        return err(BOOL_SUBTRACT, ops.args[0].span);
    }
    let q = &ops.types[1];
    if let Type::Tuple(_) = q {
        // Retried as the array NumPy makes of the numbers.
        return Err(ops.array(1).expect_err("a tuple is no array"));
    }
    let q_dtype = q.element().value_dtype();
    let int_q = match q {
        Type::Array(qa) => qa.dtype.is_int() || qa.dtype == Dtype::Bool,
        t => t.is_intlike(),
    };
    if !(q.is_numeric_scalar() || matches!(q, Type::Array(_))) || q_dtype == Dtype::F32 || (int_q && f == NumpyFn::Quantile) {
        return Err(Diagnostic::unsupported(format!("q of type {q} is not supported (float64 numbers and arrays are)"), ops.args[1].span));
    }
    let weak = matches!(q, Type::Int | Type::Float);
    let d = if a.dtype == Dtype::F32 && weak { Dtype::F32 } else { Dtype::F64 };
    let q_ndim = if let Type::Array(qa) = q { qa.ndim } else { 0 };
    let rest = if axis_arg(ops, 2, a, None)?.is_some() { a.ndim - 1 } else { 0 };
    Ok(match q_ndim + rest {
        0 => Type::Scalar(d),
        n => Type::array(d, n),
    })
}
