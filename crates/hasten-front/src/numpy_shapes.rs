//! The front end of NumPy's axis views, triangles, tilings, comparisons of whole arrays and
//! sliding products (`np.flip`, `np.swapaxes`, `np.moveaxis`, `np.rot90`, `np.expand_dims`, `np.squeeze`, `np.atleast_1d/2d/3d`,
//! `np.tri/tril/triu`, `np.vander`, `np.repeat`, `np.tile`, `np.meshgrid`, `np.isin`,
//! `np.array_equal`, `np.convolve`, `np.correlate`, `np.trapezoid`, `np.kron`, `np.append`): their names, and their arguments
//! bound to the positional form later stages read, NumPy's defaults filled in and its string
//! options made constants; `np.rot90` and `np.append` become the calls NumPy makes.

use crate::bind::Kwargs;
use crate::Result;
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Span};

/// `np.name` of this family.
pub(crate) fn attr(name: &str) -> Option<NumpyFn> {
    Some(match name {
        "flip" => NumpyFn::Flip,
        "swapaxes" => NumpyFn::Swapaxes,
        "moveaxis" => NumpyFn::Moveaxis,
        "expand_dims" => NumpyFn::ExpandDims,
        "squeeze" => NumpyFn::Squeeze,
        "atleast_1d" => NumpyFn::Atleast(1),
        "atleast_2d" => NumpyFn::Atleast(2),
        "atleast_3d" => NumpyFn::Atleast(3),
        "tri" => NumpyFn::Tri,
        "tril" => NumpyFn::Tril,
        "triu" => NumpyFn::Triu,
        "vander" => NumpyFn::Vander,
        "repeat" => NumpyFn::Repeat,
        "tile" => NumpyFn::Tile,
        "meshgrid" => NumpyFn::Meshgrid,
        "isin" => NumpyFn::Isin,
        "array_equal" => NumpyFn::ArrayEqual,
        "convolve" => NumpyFn::Convolve,
        "correlate" => NumpyFn::Correlate,
        // `np.trapezoid` is the library's (`stats.py`), which takes complex values itself.
        "_trapezoid" => NumpyFn::Trapezoid,
        "kron" => NumpyFn::Kron,
        _ => return None,
    })
}

/// The array method `a.name(...)` of this family.
pub(crate) fn method(name: &str) -> Option<NumpyFn> {
    Some(match name {
        "squeeze" => NumpyFn::Squeeze,
        "swapaxes" => NumpyFn::Swapaxes,
        "repeat" => NumpyFn::Repeat,
        _ => return None,
    })
}

/// Whether `f` binds its arguments here.
pub(crate) fn binds(f: NumpyFn) -> bool {
    matches!(
        f,
        NumpyFn::Flip
            | NumpyFn::Swapaxes
            | NumpyFn::Moveaxis
            | NumpyFn::ExpandDims
            | NumpyFn::Squeeze
            | NumpyFn::Atleast(_)
            | NumpyFn::Tri
            | NumpyFn::Tril
            | NumpyFn::Triu
            | NumpyFn::Vander
            | NumpyFn::Repeat
            | NumpyFn::Tile
            | NumpyFn::Meshgrid
            | NumpyFn::Isin
            | NumpyFn::ArrayEqual
            | NumpyFn::Convolve
            | NumpyFn::Correlate
            | NumpyFn::Trapezoid
            | NumpyFn::Kron
    )
}

/// The parameters NumPy names, how many are required, and those not compiled (refused by name).
fn params(f: NumpyFn) -> (&'static [&'static str], usize, &'static [&'static str]) {
    match f {
        NumpyFn::Flip => (&["m", "axis"], 1, &[]),
        NumpyFn::Swapaxes => (&["a", "axis1", "axis2"], 3, &[]),
        NumpyFn::Moveaxis => (&["a", "source", "destination"], 3, &[]),
        NumpyFn::ExpandDims => (&["a", "axis"], 2, &[]),
        NumpyFn::Squeeze => (&["a", "axis"], 1, &[]),
        NumpyFn::Tri => (&["N", "M", "k", "dtype", "like"], 1, &["like"]),
        NumpyFn::Tril | NumpyFn::Triu => (&["m", "k"], 1, &[]),
        NumpyFn::Vander => (&["x", "N", "increasing"], 1, &[]),
        NumpyFn::Repeat => (&["a", "repeats", "axis"], 2, &[]),
        NumpyFn::Tile => (&["A", "reps"], 2, &[]),
        NumpyFn::Isin => (&["element", "test_elements", "assume_unique", "invert", "kind"], 2, &["kind"]),
        NumpyFn::ArrayEqual => (&["a1", "a2", "equal_nan"], 2, &[]),
        NumpyFn::Convolve | NumpyFn::Correlate => (&["a", "v", "mode"], 2, &[]),
        NumpyFn::Trapezoid => (&["y", "x", "dx", "axis"], 1, &[]),
        NumpyFn::Kron => (&["a", "b"], 2, &[]),
        _ => unreachable!("only this family binds here"),
    }
}

/// The call of `f` on `args` (a method's receiver first) as an expression.
pub(crate) fn call(f: NumpyFn, args: Vec<Expr>, kwargs: Kwargs, sp: Span) -> Result<Expr> {
    let call = |f, args| Expr::new(ExprKind::Call(Callee::Numpy(f), args, Vec::new()), sp);
    if let NumpyFn::Atleast(_) = f {
        // `np.atleast_2d(a, b)` is the tuple of each one's.
        if let Some((name, v)) = kwargs.first() {
            return Err(Diagnostic::typing(format!("unexpected keyword argument '{name}'"), v.span));
        }
        return Ok(match args.len() {
            0 => return Err(Diagnostic::typing("missing required argument", sp)),
            1 => call(f, args),
            _ => Expr::new(ExprKind::Tuple(args.into_iter().map(|a| call(f, vec![a])).collect()), sp),
        });
    }
    if f == NumpyFn::Meshgrid {
        return meshgrid(args, kwargs, sp);
    }
    let (names, required, refused) = params(f);
    let mut slots = crate::numpy_stats::slots(args, kwargs, names, refused, sp)?;
    if slots[..required].iter().any(Option::is_none) {
        return Err(Diagnostic::typing("missing required argument", sp));
    }
    let constant = |c| Expr::new(ExprKind::Const(c), sp);
    let mut take = |k: usize, default: Const| slots[k].take().unwrap_or_else(|| constant(default));
    let args = match f {
        NumpyFn::Tri => {
            let mut out = vec![take(0, Const::None), take(1, Const::None), take(2, Const::Int(0))];
            out.extend(slots[3].take());
            out
        }
        NumpyFn::Tril | NumpyFn::Triu => vec![take(0, Const::None), take(1, Const::Int(0))],
        NumpyFn::Vander => {
            let increasing = take(2, Const::Bool(false));
            let (x, n) = (take(0, Const::None), take(1, Const::None));
            if matches!(increasing.kind, ExprKind::Local(_)) {
                // A variable (read after `x` and `N` as CPython reads them, for nothing changes
                // it): the call for each order, chosen by its truth.
                let order = |up: bool| call(f, vec![x.clone(), n.clone(), constant(Const::Bool(up))]);
                return Ok(Expr::new(ExprKind::IfExp(Box::new(increasing), Box::new(order(true)), Box::new(order(false))), sp));
            }
            if !matches!(increasing.kind, ExprKind::Const(Const::Bool(_))) {
                return Err(Diagnostic::unsupported("np.vander's increasing= must be True, False or a variable", increasing.span));
            }
            vec![x, n, increasing]
        }
        NumpyFn::Repeat => {
            // NumPy repeats the raveled array when `axis` is None.
            let (a, repeats, axis) = (take(0, Const::None), take(1, Const::None), take(2, Const::None));
            if matches!(axis.kind, ExprKind::Const(Const::None)) {
                vec![ravel(a), repeats, constant(Const::Int(0))]
            } else {
                vec![a, repeats, axis]
            }
        }
        NumpyFn::Isin => {
            // `assume_unique` only lets NumPy skip work: the result is the same either way (a
            // variable is read for nothing).
            let unique = take(2, Const::Bool(false));
            if !matches!(unique.kind, ExprKind::Local(_)) {
                flag(unique, "np.isin's assume_unique=")?;
            }
            let invert = flag(take(3, Const::Bool(false)), "np.isin's invert=")?;
            vec![take(0, Const::None), ravel(take(1, Const::None)), invert]
        }
        NumpyFn::ArrayEqual => {
            let equal_nan = flag(take(2, Const::Bool(false)), "np.array_equal's equal_nan=")?;
            vec![take(0, Const::None), take(1, Const::None), equal_nan]
        }
        NumpyFn::Convolve | NumpyFn::Correlate => {
            let default = if f == NumpyFn::Convolve { "full" } else { "valid" };
            let mode = mode(take(2, Const::Str(default.into())))?;
            vec![take(0, Const::None), take(1, Const::None), mode]
        }
        NumpyFn::Trapezoid => vec![take(0, Const::None), take(1, Const::None), take(2, Const::Float(1.0)), take(3, Const::Int(-1))],
        _ => (0..names.len()).map(|k| take(k, Const::None)).collect(),
    };
    Ok(call(f, args))
}

fn ravel(a: Expr) -> Expr {
    let sp = a.span;
    Expr::new(ExprKind::Call(Callee::Numpy(NumpyFn::Ravel), vec![a], Vec::new()), sp)
}

/// A flag that must be a bool constant.
fn flag(e: Expr, what: &str) -> Result<Expr> {
    match e.kind {
        ExprKind::Const(Const::Bool(_)) => Ok(e),
        _ => Err(Diagnostic::unsupported(format!("{what} must be True or False"), e.span)),
    }
}

/// `np.convolve`/`np.correlate`'s mode by NumPy's number for it (its names, or the number itself);
/// a mode known only at run time stays, for the library's choice (`library.rs`).
fn mode(e: Expr) -> Result<Expr> {
    let k = match &e.kind {
        ExprKind::Const(Const::Str(s)) if s == "valid" => 0,
        ExprKind::Const(Const::Str(s)) if s == "same" => 1,
        ExprKind::Const(Const::Str(s)) if s == "full" => 2,
        ExprKind::Const(Const::Int(k)) if (0..=2).contains(k) => *k,
        ExprKind::Const(Const::Str(_) | Const::Int(_)) => {
            return Err(Diagnostic::typing("Use one of 'valid', 'same', or 'full' for convolve/correlate mode", e.span))
        }
        _ => return Ok(e),
    };
    Ok(Expr::new(ExprKind::Const(Const::Int(k)), e.span))
}

/// `np.meshgrid(*xi, copy=True, sparse=False, indexing='xy')`: each input raveled, as NumPy does,
/// then whether `indexing` is 'ij'. Views (`copy=False`) and sparse grids are not compiled.
fn meshgrid(args: Vec<Expr>, kwargs: Kwargs, sp: Span) -> Result<Expr> {
    if args.is_empty() {
        return Err(Diagnostic::unsupported("np.meshgrid of no arrays is not supported", sp));
    }
    let mut ij = false;
    for (name, v) in kwargs {
        match (name.as_str(), &v.kind) {
            ("indexing", ExprKind::Const(Const::Str(s))) if s == "xy" || s == "ij" => ij = s == "ij",
            ("indexing", ExprKind::Const(Const::Str(_))) => return Err(Diagnostic::typing("Valid values for `indexing` are 'xy' and 'ij'.", v.span)),
            ("sparse", ExprKind::Const(Const::Bool(false))) | ("copy", ExprKind::Const(Const::Bool(true))) => {}
            ("indexing" | "sparse" | "copy", _) => {
                return Err(Diagnostic::unsupported(format!("np.meshgrid's {name}= is supported with its default value only (indexing= 'xy' or 'ij')"), v.span))
            }
            _ => return Err(Diagnostic::typing(format!("meshgrid() got an unexpected keyword argument '{name}'"), v.span)),
        }
    }
    let mut out: Vec<Expr> = args.into_iter().map(ravel).collect();
    out.push(Expr::new(ExprKind::Const(Const::Bool(ij)), sp));
    Ok(Expr::new(ExprKind::Call(Callee::Numpy(NumpyFn::Meshgrid), out, Vec::new()), sp))
}

/// The NumPy functions the front end writes as other NumPy calls.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Rewrite {
    Rot90,
    Append,
    Dstack,
}

/// `np.rot90(m, k, axes)` with constant `k` and `axes`, as NumPy composes it: `k % 4` quarter
/// turns from `axes[0]` towards `axes[1]`, each a flip and a swap of the two axes;
/// `np.append(arr, values, axis)`: `np.concatenate` of both, raveled when `axis` is None;
/// `np.dstack(tup)` of a tuple or list written out: `np.concatenate` of each `np.atleast_3d` on axis 2.
pub(crate) fn rewrite_call(r: Rewrite, args: Vec<Expr>, kwargs: Kwargs, sp: Span) -> Result<Expr> {
    let call = |f, args| Expr::new(ExprKind::Call(Callee::Numpy(f), args, Vec::new()), sp);
    let int = |k| Expr::new(ExprKind::Const(Const::Int(k)), sp);
    match r {
        Rewrite::Rot90 => {
            let mut slots = crate::numpy_stats::slots(args, kwargs, &["m", "k", "axes"], &[], sp)?;
            let Some(m) = slots[0].take() else { return Err(Diagnostic::typing("missing required argument", sp)) };
            // `k` known at run time (a variable): the four turns, chosen by `k % 4`.
            let (k, run_time) = match slots[1].take() {
                None => (1, None),
                Some(Expr { kind: ExprKind::Const(Const::Int(k)), .. }) => (k.rem_euclid(4), None),
                Some(k @ Expr { kind: ExprKind::Local(_), .. }) => (0, Some(k)),
                Some(_) => return Err(Diagnostic::unsupported("np.rot90's k must be an integer constant or a variable", sp)),
            };
            let (a0, a1) = match slots[2].take() {
                None => (0, 1),
                Some(Expr { kind: ExprKind::Tuple(items), .. }) if items.len() == 2 => match (&items[0].kind, &items[1].kind) {
                    (ExprKind::Const(Const::Int(a)), ExprKind::Const(Const::Int(b))) => (*a, *b),
                    _ => return Err(Diagnostic::unsupported("np.rot90's axes must be a pair of integer constants", sp)),
                },
                Some(e) => return Err(Diagnostic::unsupported("np.rot90's axes must be a pair of integer constants", e.span)),
            };
            let pair = |a, b| Expr::new(ExprKind::Tuple(vec![int(a), int(b)]), sp);
            let turn = |k: i64, m: Expr| match k {
                0 => call(NumpyFn::Flip, vec![m, Expr::new(ExprKind::Tuple(Vec::new()), sp)]),
                1 => call(NumpyFn::Swapaxes, vec![call(NumpyFn::Flip, vec![m, int(a1)]), int(a0), int(a1)]),
                2 => call(NumpyFn::Flip, vec![m, pair(a0, a1)]),
                _ => call(NumpyFn::Flip, vec![call(NumpyFn::Swapaxes, vec![m, int(a0), int(a1)]), int(a1)]),
            };
            let Some(k) = run_time else { return Ok(turn(k, m)) };
            let quarter = Expr::new(ExprKind::Binary(BinOp::Mod, Box::new(k), Box::new(int(4))), sp);
            let is = |q: i64| Expr::new(ExprKind::Compare(Box::new(quarter.clone()), vec![(CmpOp::Eq, int(q))]), sp);
            let mut chosen = turn(3, m.clone());
            for q in [2, 1, 0] {
                chosen = Expr::new(ExprKind::IfExp(Box::new(is(q)), Box::new(turn(q, m.clone())), Box::new(chosen)), sp);
            }
            Ok(chosen)
        }
        Rewrite::Append => {
            let mut slots = crate::numpy_stats::slots(args, kwargs, &["arr", "values", "axis"], &[], sp)?;
            let (Some(arr), Some(values)) = (slots[0].take(), slots[1].take()) else {
                return Err(Diagnostic::typing("missing required argument", sp));
            };
            let (pair, axis) = match slots[2].take() {
                Some(axis) if !matches!(axis.kind, ExprKind::Const(Const::None)) => (vec![arr, values], axis),
                // A number or a list of values is an array first (`np.append(a, 4)`).
                _ => (vec![ravel(arr), ravel(call(NumpyFn::FromList, vec![values]))], int(0)),
            };
            Ok(call(NumpyFn::Concatenate, vec![Expr::new(ExprKind::Tuple(pair), sp), axis]))
        }
        Rewrite::Dstack => {
            let mut slots = crate::numpy_stats::slots(args, kwargs, &["tup"], &[], sp)?;
            let Some(tup) = slots[0].take() else { return Err(Diagnostic::typing("missing required argument", sp)) };
            let (ExprKind::Tuple(items) | ExprKind::List(items)) = tup.kind else {
                return Err(Diagnostic::unsupported("np.dstack is supported on a tuple or list written out in the call", tup.span));
            };
            let items = items.into_iter().map(|a| call(NumpyFn::Atleast(3), vec![a])).collect();
            Ok(call(NumpyFn::Concatenate, vec![Expr::new(ExprKind::Tuple(items), sp), int(2)]))
        }
    }
}
