//! Tuples of axes in reductions, `np.sum(a, axis=(0, 2))`: checked as NumPy checks them; axes
//! that are not consecutive are reduced one run of consecutive axes at a time where the result
//! cannot depend on the order NumPy takes the elements in.

use crate::function::{err, FnCx, R};
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Span, Type};

/// The axes of `axis=(i, j, ...)` of an array of `ndim` axes, from 0 and in order, with NumPy's
/// errors in NumPy's order.
fn axes_of(items: &[Expr], ndim: u8, span: Span) -> R<Vec<usize>> {
    let nd = ndim as i64;
    if items.is_empty() {
        return Err(Diagnostic::unsupported("axis=() (reducing no axis) is not supported yet", span));
    }
    let mut axes = Vec::new();
    for e in items {
        let ExprKind::Const(Const::Int(k)) = e.kind else {
            return Err(Diagnostic::unsupported("axis= must be a tuple of integer constants", e.span));
        };
        if k >= nd || k < -nd {
            return err(format!("axis {k} is out of bounds for array of dimension {nd}"), e.span);
        }
        axes.push(if k < 0 { k + nd } else { k } as usize);
    }
    // NumPy checks every axis's range before looking for repeats.
    axes.sort_unstable();
    if axes.windows(2).any(|w| w[0] == w[1]) {
        return err("duplicate value in 'axis'", span);
    }
    Ok(axes)
}

/// The runs of consecutive axes among `axes` (sorted), in order.
fn runs(axes: &[usize]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for &k in axes {
        match out.last_mut() {
            Some(run) if run.last() == Some(&(k - 1)) => run.push(k),
            _ => out.push(vec![k]),
        }
    }
    out
}

/// `axes_of`, for the reductions code generation takes: consecutive axes, which it reduces as the
/// one line NumPy's iterator makes of them where they are contiguous in memory (and refuses at run
/// time where another axis lies between them), or all of them.
pub(crate) fn axis_tuple(items: &[Expr], ndim: u8, span: Span) -> R<Vec<usize>> {
    let axes = axes_of(items, ndim, span)?;
    if runs(&axes).len() > 1 && axes.len() < ndim as usize {
        return Err(Diagnostic::unsupported(
            "axis= of axes that are not consecutive is supported for sums and products of integers and booleans, their minima and maxima, and any/all; not yet for this reduction, whose result depends on NumPy's order of the elements",
            span,
        ));
    }
    Ok(axes)
}

/// The reduction `r` of elements of dtype kind `dtype` gives the same bits whatever order it
/// takes them in: integer sums and products wrap, integer extremes and truth values are exact.
fn order_free(r: Reduction, ty: &Type) -> bool {
    let Type::Array(a) = ty else { return false };
    let exact = a.dtype.is_int() || a.dtype == hasten_ir::Dtype::Bool;
    match r {
        Reduction::Sum | Reduction::Prod | Reduction::Min | Reduction::Max => exact,
        Reduction::Any | Reduction::All => true,
        _ => false,
    }
}

impl FnCx<'_, '_, '_> {
    /// Rewrites `r(a, axis=(i, j, ...))` over axes that are not consecutive into reductions over
    /// each run of consecutive axes, the last run innermost so that the others keep their numbers:
    /// `np.sum(a, axis=(0, 2))` is `np.sum(np.sum(a, axis=(2,)), axis=(0,))`. Only where the
    /// result cannot depend on the order (`order_free`) and no `dtype=` or `initial=` is given;
    /// anything else is left to `axis_tuple`'s refusal.
    pub(crate) fn split_axes(&mut self, r: Reduction, args: &mut [Expr]) -> R<()> {
        let [a, axis, rest @ ..] = args else { return Ok(()) };
        let ExprKind::Tuple(items) = &axis.kind else { return Ok(()) };
        if !rest.iter().all(|e| matches!(e.kind, ExprKind::Const(Const::None))) {
            return Ok(());
        }
        let ty = self.expr(a)?;
        let Type::Array(at) = &ty else { return Ok(()) };
        let axes = axes_of(items, at.ndim, axis.span)?;
        let mut runs = runs(&axes);
        if runs.len() < 2 || axes.len() == at.ndim as usize || !order_free(r, &ty) {
            return Ok(());
        }
        let span = axis.span;
        let tuple = |run: &[usize]| Expr::new(ExprKind::Tuple(run.iter().map(|&k| Expr::new(ExprKind::Const(Const::Int(k as i64)), span)).collect()), span);
        let mut base = std::mem::replace(a, Expr::new(ExprKind::Const(Const::None), span));
        while runs.len() > 1 {
            let last = runs.pop().expect("two runs or more");
            base = Expr::new(ExprKind::Call(Callee::Numpy(NumpyFn::Reduce(r)), vec![base, tuple(&last)], Vec::new()), span);
        }
        *a = base;
        *axis = tuple(&runs[0]);
        Ok(())
    }
}
