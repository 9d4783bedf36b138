//! Typing NumPy's axis views, triangles and tilings (the family of the front end's
//! `numpy_shapes.rs`). `view_plan` is NumPy's rule for which axes a view reverses, inserts or
//! removes; code generation reads the same plan from the typed arguments.

use crate::calls::Operands;
use crate::function::{err, R};
use hasten_ir::hir::*;
use hasten_ir::{ArrayType, Diagnostic, Dtype, Layout, Type};

/// What a view does to its array's axes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewKind {
    /// `np.flip`: these axes (of the input and the result alike) are walked backwards.
    Reverse,
    /// `np.expand_dims`, `np.atleast_*d`: unit axes at these positions of the result.
    Insert,
    /// `np.squeeze`: these axes of the input, each of length 1 (checked at run time), are dropped.
    Remove,
    /// `np.swapaxes`, `np.moveaxis`: axis `i` of the result is axis `axes[i]` of the input.
    Permute,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewPlan {
    pub kind: ViewKind,
    /// Ascending, without repeats (a permutation for `Permute`).
    pub axes: Vec<usize>,
    /// The result's number of axes.
    pub ndim: u8,
}

/// The constant axes of an `axis` argument (an int, or a tuple or list of ints) normalised against `nd`
/// axes, ascending; NumPy's errors for axes out of range or repeated.
fn const_axes(axis: &Expr, nd: usize) -> R<Vec<usize>> {
    let items: Vec<&Expr> = match &axis.kind {
        ExprKind::Tuple(items) | ExprKind::List(items) => items.iter().collect(),
        _ => vec![axis],
    };
    let mut out = Vec::new();
    for e in items {
        let ExprKind::Const(Const::Int(k)) = e.kind else {
            return Err(Diagnostic::unsupported("axis= must be an integer constant or a tuple of them", e.span));
        };
        if k >= nd as i64 || k < -(nd as i64) {
            return err(format!("axis {k} is out of bounds for array of dimension {nd}"), e.span);
        }
        let k = if k < 0 { k + nd as i64 } else { k } as usize;
        if out.contains(&k) {
            return err("repeated axis", e.span);
        }
        out.push(k);
    }
    out.sort_unstable();
    Ok(out)
}

/// The constant axes of `e` in the order given (normalised against `nd` axes, checked as
/// `const_axes` checks them).
fn given_axes(e: &Expr, nd: usize) -> R<Vec<usize>> {
    const_axes(e, nd)?;
    let items: Vec<&Expr> = match &e.kind {
        ExprKind::Tuple(items) | ExprKind::List(items) => items.iter().collect(),
        _ => vec![e],
    };
    Ok(items.iter().map(|e| if let ExprKind::Const(Const::Int(k)) = e.kind { k.rem_euclid(nd as i64) as usize } else { unreachable!("checked") }).collect())
}

/// NumPy's order of the axes after `np.moveaxis(source, destination)`.
fn moved(source: &[usize], destination: &[usize], nd: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..nd).filter(|k| !source.contains(k)).collect();
    let mut pairs: Vec<(usize, usize)> = destination.iter().copied().zip(source.iter().copied()).collect();
    pairs.sort_unstable();
    for (dest, src) in pairs {
        order.insert(dest, src);
    }
    order
}

/// The plan of the view `f` on an array of `nd` axes, given its arguments after the array (the
/// axis, none for `np.atleast_*d`, two for `np.swapaxes`/`np.moveaxis`).
pub fn view_plan(f: NumpyFn, rest: &[Expr], nd: u8) -> R<ViewPlan> {
    let axis = rest.first();
    let none = axis.is_none_or(|a| matches!(a.kind, ExprKind::Const(Const::None)));
    let (kind, axes, ndim) = match f {
        NumpyFn::Swapaxes | NumpyFn::Moveaxis => {
            let (first, second) = (given_axes(&rest[0], nd as usize)?, given_axes(&rest[1], nd as usize)?);
            let order = if f == NumpyFn::Swapaxes {
                let mut order: Vec<usize> = (0..nd as usize).collect();
                order.swap(first[0], second[0]);
                order
            } else if first.len() != second.len() {
                return err("`source` and `destination` arguments must have the same number of elements", rest[1].span);
            } else {
                moved(&first, &second, nd as usize)
            };
            (ViewKind::Permute, order, nd)
        }
        NumpyFn::Transpose => {
            // `transpose(a, axes)`: axis k of the view is axis `axes[k]` of `a`, every axis once.
            let order = given_axes(&rest[0], nd as usize)?;
            if order.len() != nd as usize {
                return err("axes don't match array", rest[0].span);
            }
            (ViewKind::Permute, order, nd)
        }
        NumpyFn::Flip if none => (ViewKind::Reverse, (0..nd as usize).collect(), nd),
        NumpyFn::Flip => (ViewKind::Reverse, const_axes(axis.expect("not none"), nd as usize)?, nd),
        NumpyFn::ExpandDims => {
            let axis = axis.expect("required");
            let n = match &axis.kind {
                ExprKind::Tuple(items) | ExprKind::List(items) => items.len(),
                _ => 1,
            };
            let out = nd as usize + n;
            (ViewKind::Insert, const_axes(axis, out)?, out as u8)
        }
        NumpyFn::Squeeze if none && nd == 0 => (ViewKind::Remove, Vec::new(), 0),
        NumpyFn::Squeeze if none => {
            let sp = axis.map_or(Default::default(), |a| a.span);
            let msg = "np.squeeze without axis= is not supported (its number of dimensions depends on the shape): pass the axes to remove";
            return Err(Diagnostic::unsupported(msg, sp));
        }
        NumpyFn::Squeeze => {
            let axes = const_axes(axis.expect("not none"), nd as usize)?;
            let n = axes.len() as u8;
            (ViewKind::Remove, axes, nd - n)
        }
        NumpyFn::Atleast(n) => {
            // NumPy's placement: a 1-d array is a row (and a 3-d one a row of one column); a 2-d
            // array gains a trailing axis.
            let axes = match (n, nd) {
                (_, 0) => (0..n as usize).collect(),
                (2, 1) => vec![0],
                (3, 1) => vec![0, 2],
                (3, 2) => vec![2],
                _ => Vec::new(),
            };
            (ViewKind::Insert, axes, nd.max(n))
        }
        _ => unreachable!("not a view of this family"),
    };
    Ok(ViewPlan { kind, axes, ndim })
}

fn int(ops: &Operands, k: usize, what: &str) -> R<()> {
    let t = &ops.types[k];
    if t.is_intlike() && *t != Type::Bool {
        Ok(())
    } else {
        err(format!("{what} must be an integer, not {t}"), ops.args[k].span)
    }
}

fn int_or_none(ops: &Operands, k: usize, what: &str) -> R<()> {
    if ops.types[k] == Type::None {
        Ok(())
    } else {
        int(ops, k, what)
    }
}

/// The result type of a call of this family; `explicit` is `np.tri`'s `dtype=`.
pub(crate) fn shapes_call(f: NumpyFn, ops: &Operands, explicit: Option<Dtype>) -> R<Type> {
    Ok(match f {
        NumpyFn::Flip | NumpyFn::Swapaxes | NumpyFn::Moveaxis | NumpyFn::Transpose | NumpyFn::ExpandDims | NumpyFn::Squeeze | NumpyFn::Atleast(_) => {
            let a = ops.array(0)?;
            if f == NumpyFn::Flip && a.ndim == 0 {
                // NumPy's `m[()]` gives a scalar there, not a view.
                return Err(Diagnostic::unsupported("np.flip of a 0-d array is not supported", ops.args[0].span));
            }
            let plan = view_plan(f, &ops.args[1..], a.ndim)?;
            // Unit axes added or dropped leave the data as contiguous as it was.
            let reordered = match plan.kind {
                ViewKind::Reverse => !plan.axes.is_empty(),
                ViewKind::Permute => plan.axes.iter().enumerate().any(|(i, k)| i != *k),
                ViewKind::Insert | ViewKind::Remove => false,
            };
            let layout = if reordered { Layout::A } else { a.layout };
            Type::Array(ArrayType { ndim: plan.ndim, layout, ..a })
        }
        NumpyFn::Tri => {
            int(ops, 0, "N")?;
            int_or_none(ops, 1, "M")?;
            int(ops, 2, "k")?;
            Type::array(explicit.unwrap_or(Dtype::F64), 2)
        }
        NumpyFn::Tril | NumpyFn::Triu => {
            let a = ops.array(0)?;
            int(ops, 1, "k")?;
            if a.ndim == 0 {
                return err("tri() missing required argument 'N' (pos 1)", ops.args[0].span);
            }
            Type::array(a.dtype, a.ndim.max(2))
        }
        NumpyFn::Vander => {
            let x = ops.array(0)?;
            if x.ndim != 1 {
                return err("x must be a one-dimensional array or sequence.", ops.args[0].span);
            }
            int_or_none(ops, 1, "N")?;
            Type::array(Dtype::promote(x.dtype, Dtype::I64), 2)
        }
        NumpyFn::Repeat => {
            let a = ops.array(0)?;
            match &ops.types[1] {
                t if t.is_intlike() && *t != Type::Bool => {}
                Type::Array(r) if r.ndim <= 1 && r.dtype.is_int() => {}
                t => return Err(Diagnostic::unsupported(format!("np.repeat's repeats must be an integer or a 1-d integer array, not {t}"), ops.args[1].span)),
            }
            // The front end made `axis=None` axis 0 of the raveled array.
            crate::numpy::axis_arg(ops, 2, a, None)?;
            Type::array(a.dtype, a.ndim)
        }
        NumpyFn::Tile => {
            let a = ops.array(0)?;
            let d = match &ops.types[1] {
                t if t.is_intlike() && *t != Type::Bool => 1,
                Type::Tuple(items) if items.iter().all(|t| t.is_intlike() && *t != Type::Bool) => items.len() as u8,
                t => return err(format!("reps must be an integer or a tuple of integers, not {t}"), ops.args[1].span),
            };
            Type::array(a.dtype, a.ndim.max(d))
        }
        NumpyFn::Meshgrid => {
            let n = ops.args.len() - 1;
            let items = (0..n).map(|k| Ok(Type::array(ops.array(k)?.dtype, n as u8))).collect::<R<Vec<Type>>>()?;
            Type::tuple(items)
        }
        _ => unreachable!("not of this family"),
    })
}
