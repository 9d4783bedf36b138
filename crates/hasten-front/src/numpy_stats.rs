//! The front end of NumPy's selection and order-statistics functions (`np.unique`, `np.nonzero`,
//! `np.take`, `np.compress`, `np.median`, `np.percentile`, ...): their names, and their arguments
//! bound to the positional form later stages read. Where NumPy works on the flattened array
//! (`axis=None`), the array becomes `np.ravel(a)`, which is NumPy's own first step.

use crate::bind::Kwargs;
use crate::Result;
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Span};

/// `np.name` of this family.
pub(crate) fn attr(name: &str) -> Option<NumpyFn> {
    Some(match name {
        "unique" => NumpyFn::Unique,
        "nonzero" => NumpyFn::Nonzero,
        "flatnonzero" => NumpyFn::Flatnonzero,
        "argwhere" => NumpyFn::Argwhere,
        "take" => NumpyFn::Take,
        "compress" => NumpyFn::Compress,
        "extract" => NumpyFn::Extract,
        // `np.median` is the library's (`stats.py`), which takes complex values itself.
        "_median" => NumpyFn::Median,
        "nanmedian" => NumpyFn::Nanmedian,
        "percentile" => NumpyFn::Percentile,
        "quantile" => NumpyFn::Quantile,
        "ptp" => NumpyFn::Ptp,
        "histogram" => NumpyFn::Histogram,
        "average" => NumpyFn::Average,
        "digitize" => NumpyFn::Digitize,
        "interp" => NumpyFn::Interp,
        _ => return None,
    })
}

/// The array method `a.name(...)` of this family.
pub(crate) fn method(name: &str) -> Option<NumpyFn> {
    Some(match name {
        "nonzero" => NumpyFn::Nonzero,
        "take" => NumpyFn::Take,
        _ => return None,
    })
}

/// Whether `f` binds its arguments here.
pub(crate) fn binds(f: NumpyFn) -> bool {
    matches!(
        f,
        NumpyFn::Unique
            | NumpyFn::Nonzero
            | NumpyFn::Flatnonzero
            | NumpyFn::Argwhere
            | NumpyFn::Take
            | NumpyFn::Compress
            | NumpyFn::Extract
            | NumpyFn::Median
            | NumpyFn::Nanmedian
            | NumpyFn::Percentile
            | NumpyFn::Quantile
            | NumpyFn::Ptp
            | NumpyFn::Histogram
            | NumpyFn::Average
            | NumpyFn::Digitize
            | NumpyFn::Interp
    )
}

/// The parameters NumPy names, and those of them that are not compiled (refused by name).
fn params(f: NumpyFn) -> (&'static [&'static str], &'static [&'static str]) {
    match f {
        NumpyFn::Unique => (&["ar", "return_index", "return_inverse", "return_counts", "axis", "equal_nan"], &[]),
        NumpyFn::Nonzero | NumpyFn::Flatnonzero | NumpyFn::Argwhere => (&["a"], &[]),
        NumpyFn::Take => (&["a", "indices", "axis", "out", "mode"], &["out", "mode"]),
        NumpyFn::Extract => (&["condition", "arr"], &[]),
        NumpyFn::Compress => (&["condition", "a", "axis", "out"], &["out"]),
        NumpyFn::Median | NumpyFn::Nanmedian => (&["a", "axis", "out", "overwrite_input", "keepdims"], &["out", "overwrite_input", "keepdims"]),
        NumpyFn::Percentile | NumpyFn::Quantile => (
            &["a", "q", "axis", "out", "overwrite_input", "method", "keepdims", "weights"],
            &["out", "overwrite_input", "keepdims", "weights"],
        ),
        NumpyFn::Ptp => (&["a", "axis", "out", "keepdims"], &["out", "keepdims"]),
        NumpyFn::Histogram => (&["a", "bins", "range", "density", "weights"], &["density", "weights"]),
        NumpyFn::Digitize => (&["x", "bins", "right"], &[]),
        NumpyFn::Average => (&["a", "axis", "weights", "returned", "keepdims"], &["keepdims"]),
        NumpyFn::Interp => (&["x", "xp", "fp", "left", "right", "period"], &["period"]),
        _ => unreachable!("only this family binds here"),
    }
}

/// The function a call of `f` is, and its arguments in its positional order.
pub(crate) fn call(f: NumpyFn, args: Vec<Expr>, kwargs: Kwargs, sp: Span) -> Result<(NumpyFn, Vec<Expr>)> {
    let is_none = |e: &Option<Expr>| e.as_ref().is_none_or(|e| matches!(e.kind, ExprKind::Const(Const::None)));
    if f == NumpyFn::Average {
        let (names, refused) = params(f);
        let mut slots = slots(args, kwargs, names, refused, sp)?;
        let Some(a) = slots[0].take() else { return Err(Diagnostic::typing("missing required argument", sp)) };
        let (axis, weights) = (slots[1].take(), slots[2].take());
        let returned = slots[3].take().unwrap_or_else(|| Expr::new(ExprKind::Const(Const::Bool(false)), sp));
        match returned.kind {
            ExprKind::Const(Const::Bool(false)) => {}
            ExprKind::Const(Const::Bool(true)) if !is_none(&weights) => {}
            ExprKind::Const(Const::Bool(true)) => return Err(Diagnostic::unsupported("np.average's returned=True is supported with weights= only", returned.span)),
            _ => return Err(Diagnostic::unsupported("np.average's returned= must be True or False", returned.span)),
        }
        if is_none(&weights) {
            // NumPy's own first step: the mean.
            let mut out = vec![a];
            out.extend(axis);
            return Ok((NumpyFn::Reduce(Reduction::Mean), out));
        }
        if !is_none(&axis) {
            let sp = axis.map_or(sp, |a| a.span);
            return Err(Diagnostic::unsupported("np.average with both weights= and axis= is not supported yet", sp));
        }
        return Ok((f, vec![a, Expr::new(ExprKind::Const(Const::None), sp), weights.expect("not none"), returned]));
    }
    let mut args = self::args(f, args, kwargs, sp)?;
    // `np.percentile(a, [25, 75])`: a list or tuple of `q`s is the array NumPy makes of it.
    if matches!(f, NumpyFn::Percentile | NumpyFn::Quantile) {
        if let Some(q) = args.get_mut(1).filter(|q| matches!(q.kind, ExprKind::List(_) | ExprKind::Tuple(_))) {
            let items = std::mem::replace(q, Expr::new(ExprKind::Const(Const::None), sp));
            *q = Expr::new(ExprKind::Call(Callee::Numpy(NumpyFn::FromList), vec![items], Vec::new()), sp);
        }
    }
    Ok((f, args))
}

/// The arguments of a call of `f` in its positional order.
fn args(f: NumpyFn, args: Vec<Expr>, kwargs: Kwargs, sp: Span) -> Result<Vec<Expr>> {
    let (names, refused) = params(f);
    let mut slots = slots(args, kwargs, names, refused, sp)?;
    let required = match f {
        NumpyFn::Take | NumpyFn::Compress | NumpyFn::Extract | NumpyFn::Percentile | NumpyFn::Quantile | NumpyFn::Digitize => 2,
        NumpyFn::Interp => 3,
        _ => 1,
    };
    if slots[..required].iter().any(Option::is_none) {
        return Err(Diagnostic::typing("missing required argument", sp));
    }
    let none = || Expr::new(ExprKind::Const(Const::None), sp);
    let mut take = |k: usize| slots[k].take();
    Ok(match f {
        NumpyFn::Unique => {
            if let Some(axis) = take(4).filter(|a| !matches!(a.kind, ExprKind::Const(Const::None))) {
                return Err(Diagnostic::unsupported("np.unique's axis= is not supported yet", axis.span));
            }
            if let Some(e) = take(5).filter(|e| !matches!(e.kind, ExprKind::Const(Const::Bool(true)))) {
                return Err(Diagnostic::unsupported("np.unique's equal_nan= is supported as True only", e.span));
            }
            let mut out = vec![take(0).expect("required")];
            for k in 1..4 {
                out.push(flag(take(k), sp)?);
            }
            out
        }
        NumpyFn::Flatnonzero => vec![ravel(take(0).expect("required"))],
        NumpyFn::Nonzero | NumpyFn::Argwhere => vec![take(0).expect("required")],
        NumpyFn::Take => {
            let (a, indices) = (take(0).expect("required"), take(1).expect("required"));
            flattened(a, indices, take(2), sp)
        }
        NumpyFn::Extract => {
            let (c, a) = (take(0).expect("required"), take(1).expect("required"));
            vec![ravel(c), ravel(a), Expr::new(ExprKind::Const(Const::Int(0)), sp)]
        }
        NumpyFn::Compress => {
            let (c, a) = (take(0).expect("required"), take(1).expect("required"));
            let [a, c, axis]: [Expr; 3] = flattened(a, c, take(2), sp).try_into().expect("three arguments");
            vec![c, a, axis]
        }
        NumpyFn::Median | NumpyFn::Nanmedian | NumpyFn::Ptp => vec![take(0).expect("required"), take(1).unwrap_or_else(none)],
        NumpyFn::Percentile | NumpyFn::Quantile => {
            if let Some(m) = take(5) {
                if !matches!(&m.kind, ExprKind::Const(Const::Str(s)) if s == "linear") {
                    return Err(Diagnostic::unsupported("only NumPy's default method='linear' is supported", m.span));
                }
            }
            vec![take(0).expect("required"), take(1).expect("required"), take(2).unwrap_or_else(none)]
        }
        NumpyFn::Histogram => {
            let bins = take(1).unwrap_or_else(|| Expr::new(ExprKind::Const(Const::Int(10)), sp));
            vec![ravel(take(0).expect("required")), bins, take(2).unwrap_or_else(none)]
        }
        NumpyFn::Digitize => {
            let right = take(2).unwrap_or_else(|| Expr::new(ExprKind::Const(Const::Bool(false)), sp));
            if !matches!(right.kind, ExprKind::Const(Const::Bool(_))) {
                return Err(Diagnostic::unsupported("np.digitize's right= must be True or False", right.span));
            }
            vec![take(0).expect("required"), take(1).expect("required"), right]
        }
        NumpyFn::Interp => {
            let (x, xp, fp) = (take(0).expect("required"), take(1).expect("required"), take(2).expect("required"));
            vec![x, xp, fp, take(3).unwrap_or_else(none), take(4).unwrap_or_else(none)]
        }
        _ => unreachable!("only this family binds here"),
    })
}

/// Positional and keyword arguments in the slots of `names`, Python's errors for the rest.
pub(crate) fn slots(args: Vec<Expr>, kwargs: Kwargs, names: &[&str], refused: &[&str], sp: Span) -> Result<Vec<Option<Expr>>> {
    if args.len() > names.len() {
        return Err(Diagnostic::typing(format!("expected at most {} arguments, got {}", names.len(), args.len()), sp));
    }
    let mut slots: Vec<Option<Expr>> = args.into_iter().map(Some).collect();
    slots.resize(names.len(), None);
    for (name, value) in kwargs {
        let Some(k) = names.iter().position(|p| *p == name) else {
            return Err(Diagnostic::typing(format!("unexpected keyword argument '{name}'"), value.span));
        };
        if slots[k].is_some() {
            return Err(Diagnostic::typing(format!("argument '{name}' given twice"), value.span));
        }
        slots[k] = Some(value);
    }
    for (k, name) in names.iter().enumerate() {
        if let Some(v) = slots[k].as_ref().filter(|_| refused.contains(name)) {
            return Err(Diagnostic::unsupported(format!("the {name}= argument is not supported yet"), v.span));
        }
    }
    Ok(slots)
}

/// A flag of `np.unique`: a bool constant, False when absent.
fn flag(e: Option<Expr>, sp: Span) -> Result<Expr> {
    match e {
        None => Ok(Expr::new(ExprKind::Const(Const::Bool(false)), sp)),
        Some(e) if matches!(e.kind, ExprKind::Const(Const::Bool(_))) => Ok(e),
        Some(e) => Err(Diagnostic::unsupported("np.unique's return_* flags must be True or False constants", e.span)),
    }
}

fn ravel(a: Expr) -> Expr {
    let sp = a.span;
    Expr::new(ExprKind::Call(Callee::Numpy(NumpyFn::Ravel), vec![a], Vec::new()), sp)
}

/// `[a, other, axis]` with an absent or None axis made axis 0 of the raveled array.
fn flattened(a: Expr, other: Expr, axis: Option<Expr>, sp: Span) -> Vec<Expr> {
    match axis {
        Some(axis) if !matches!(axis.kind, ExprKind::Const(Const::None)) => vec![a, other, axis],
        _ => vec![ravel(a), other, Expr::new(ExprKind::Const(Const::Int(0)), sp)],
    }
}
