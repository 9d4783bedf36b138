//! The front end of NumPy's axis views, triangles and tilings (`np.flip`, `np.expand_dims`,
//! `np.squeeze`, `np.atleast_1d/2d/3d`, `np.tri/tril/triu`, `np.vander`, `np.repeat`, `np.tile`):
//! their names, and their arguments bound to the positional form later stages read, NumPy's
//! defaults filled in.

use crate::bind::Kwargs;
use crate::Result;
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Span};

/// `np.name` of this family.
pub(crate) fn attr(name: &str) -> Option<NumpyFn> {
    Some(match name {
        "flip" => NumpyFn::Flip,
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
        _ => return None,
    })
}

/// The array method `a.name(...)` of this family.
pub(crate) fn method(name: &str) -> Option<NumpyFn> {
    Some(match name {
        "squeeze" => NumpyFn::Squeeze,
        "repeat" => NumpyFn::Repeat,
        _ => return None,
    })
}

/// Whether `f` binds its arguments here.
pub(crate) fn binds(f: NumpyFn) -> bool {
    matches!(
        f,
        NumpyFn::Flip
            | NumpyFn::ExpandDims
            | NumpyFn::Squeeze
            | NumpyFn::Atleast(_)
            | NumpyFn::Tri
            | NumpyFn::Tril
            | NumpyFn::Triu
            | NumpyFn::Vander
            | NumpyFn::Repeat
            | NumpyFn::Tile
    )
}

/// The parameters NumPy names, how many are required, and those not compiled (refused by name).
fn params(f: NumpyFn) -> (&'static [&'static str], usize, &'static [&'static str]) {
    match f {
        NumpyFn::Flip => (&["m", "axis"], 1, &[]),
        NumpyFn::ExpandDims => (&["a", "axis"], 2, &[]),
        NumpyFn::Squeeze => (&["a", "axis"], 1, &[]),
        NumpyFn::Tri => (&["N", "M", "k", "dtype", "like"], 1, &["like"]),
        NumpyFn::Tril | NumpyFn::Triu => (&["m", "k"], 1, &[]),
        NumpyFn::Vander => (&["x", "N", "increasing"], 1, &[]),
        NumpyFn::Repeat => (&["a", "repeats", "axis"], 2, &[]),
        NumpyFn::Tile => (&["A", "reps"], 2, &[]),
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
            if !matches!(increasing.kind, ExprKind::Const(Const::Bool(_))) {
                return Err(Diagnostic::unsupported("np.vander's increasing= must be True or False", increasing.span));
            }
            vec![take(0, Const::None), take(1, Const::None), increasing]
        }
        NumpyFn::Repeat => {
            // NumPy repeats the raveled array when `axis` is None.
            let (a, repeats, axis) = (take(0, Const::None), take(1, Const::None), take(2, Const::None));
            if matches!(axis.kind, ExprKind::Const(Const::None)) {
                let flat = Expr::new(ExprKind::Call(Callee::Numpy(NumpyFn::Ravel), vec![a], Vec::new()), sp);
                vec![flat, repeats, constant(Const::Int(0))]
            } else {
                vec![a, repeats, axis]
            }
        }
        _ => (0..names.len()).map(|k| take(k, Const::None)).collect(),
    };
    Ok(call(f, args))
}
