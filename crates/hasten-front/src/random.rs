//! `np.random.*` in the front end: which names exist, and each call's arguments in the positional
//! order of its HIR call (see `hasten_ir::random`): a distribution's parameters with their
//! defaults and then `size`; `rand(d0, d1, ...)`/`randn(...)` with their dimensions as `size`.

use crate::bind::Kwargs;
use crate::entity::{Callable, Entity};
use crate::Result;
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Dtype, Span};

/// `np.random.attr`.
pub(crate) fn random_attr(attr: &str, sp: Span) -> Result<Entity> {
    match RandomFn::from_name(attr) {
        Some(f) if matches!(attr, "rand" | "randn") => Ok(Entity::Callable(Callable::RandomDims(f))),
        Some(f) => Ok(Entity::Callable(Callable::Callee(Callee::Random(f)))),
        None if attr == "random_integers" => Ok(Entity::Callable(Callable::RandomIntegers)),
        None => Err(Diagnostic::unsupported(format!("np.random.{attr} is not supported yet"), sp)),
    }
}

fn none(sp: Span) -> Expr {
    Expr::new(ExprKind::Const(Const::None), sp)
}

/// `rand(d0, d1, ...)` and `randn(...)`: no dimensions is a scalar draw, else `size=(d0, ...)`.
pub(crate) fn random_dims_call(f: RandomFn, args: Vec<Expr>, kwargs: Kwargs, sp: Span) -> Result<Expr> {
    if let Some((name, v)) = kwargs.first() {
        return Err(Diagnostic::typing(format!("unexpected keyword argument '{name}'"), v.span));
    }
    let size = if args.is_empty() { none(sp) } else { Expr::new(ExprKind::Tuple(args), sp) };
    Ok(Expr::new(ExprKind::Call(Callee::Random(f), vec![size], Vec::new()), sp))
}

/// A call of `f` with Python's binding of its parameters, defaults filled in.
pub(crate) fn random_call(f: RandomFn, args: Vec<Expr>, kwargs: Kwargs, sp: Span) -> Result<Expr> {
    let (names, defaults): (Vec<&str>, Vec<Option<Expr>>) = match f {
        RandomFn::Seed | RandomFn::DefaultRng => (vec!["seed"], vec![Some(none(sp))]),
        RandomFn::Shuffle | RandomFn::Permutation => (vec!["x"], vec![None]),
        RandomFn::Choice => (
            vec!["a", "size", "replace", "p"],
            vec![None, Some(none(sp)), Some(Expr::new(ExprKind::Const(Const::Bool(true)), sp)), Some(none(sp))],
        ),
        RandomFn::Randint => (vec!["low", "high", "size", "dtype"], vec![None, Some(none(sp)), Some(none(sp)), Some(none(sp))]),
        RandomFn::Multinomial => (vec!["n", "pvals", "size"], vec![None, None, Some(none(sp))]),
        RandomFn::Dirichlet => (vec!["alpha", "size"], vec![None, Some(none(sp))]),
        f => {
            let params = f.params();
            let float = |v: f64| Expr::new(ExprKind::Const(Const::Float(v)), sp);
            let names = params.iter().map(|(n, _)| *n).chain(["size"]).collect();
            let defaults = params.iter().map(|(_, d)| d.map(float)).chain([Some(none(sp))]).collect();
            (names, defaults)
        }
    };
    let mut slots = bind_all(f, args, kwargs, &names, sp)?;
    for (k, d) in defaults.into_iter().enumerate() {
        if slots[k].is_none() {
            slots[k] = d;
        }
    }
    if let Some(k) = slots.iter().position(|s| s.is_none()) {
        return Err(Diagnostic::typing(format!("np.random.{}() missing required argument '{}'", f.name(), names[k]), sp));
    }
    let mut args: Vec<Expr> = slots.into_iter().flatten().collect();
    if f == RandomFn::Randint {
        randint_args(&mut args)?;
    }
    Ok(Expr::new(ExprKind::Call(Callee::Random(f), args, Vec::new()), sp))
}

/// `random_integers(low, high=None, size=None)`, deprecated in NumPy, which draws
/// `randint(low, high + 1, size)`, or `randint(1, low + 1, size)` without `high`: the same draws
/// (without NumPy's DeprecationWarning).
pub(crate) fn random_integers_call(args: Vec<Expr>, kwargs: Kwargs, sp: Span) -> Result<Expr> {
    let f = RandomFn::Randint;
    let names = ["low", "high", "size"];
    let mut slots = bind_all(f, args, kwargs, &names, sp).map_err(|mut d| {
        d.message = d.message.replace("randint", "random_integers");
        d
    })?;
    let Some(low) = slots[0].take() else {
        return Err(Diagnostic::typing("np.random.random_integers() missing required argument 'low'", sp));
    };
    let (low, high) = match slots[1].take() {
        Some(h) if !matches!(h.kind, ExprKind::Const(Const::None)) => (low, h),
        _ => (Expr::new(ExprKind::Const(Const::Int(1)), sp), low),
    };
    let one = Expr::new(ExprKind::Const(Const::Int(1)), high.span);
    let hs = high.span;
    let high = Expr::new(ExprKind::Binary(BinOp::Add, Box::new(high), Box::new(one)), hs);
    let size = slots[2].take().unwrap_or_else(|| none(sp));
    let scalar = matches!(size.kind, ExprKind::Const(Const::None));
    let call = Expr::new(ExprKind::Call(Callee::Random(f), vec![low, high, size], Vec::new()), sp);
    // NumPy passes `dtype='l'`, so a single draw is an `np.int64`, not `randint`'s Python int.
    Ok(if scalar { Expr::new(ExprKind::Call(Callee::ScalarCtor(Dtype::I64), vec![call], Vec::new()), sp) } else { call })
}

/// Positional and keyword arguments in the slots of `names`, with Python's errors.
fn bind_all(f: RandomFn, args: Vec<Expr>, kwargs: Kwargs, names: &[&str], sp: Span) -> Result<Vec<Option<Expr>>> {
    if args.len() > names.len() {
        return Err(Diagnostic::typing(format!("np.random.{}() takes at most {} arguments ({} given)", f.name(), names.len(), args.len()), sp));
    }
    let mut slots: Vec<Option<Expr>> = args.into_iter().map(Some).collect();
    slots.resize(names.len(), None);
    for (name, value) in kwargs {
        let Some(k) = names.iter().position(|n| *n == name) else {
            return Err(Diagnostic::typing(format!("np.random.{}() got an unexpected keyword argument '{name}'", f.name()), value.span));
        };
        if slots[k].is_some() {
            return Err(Diagnostic::typing(format!("argument '{name}' given twice"), value.span));
        }
        slots[k] = Some(value);
    }
    Ok(slots)
}

/// `randint(low, high, size, dtype)` as `[low, high, size]`: `randint(n)` draws from `[0, n)`;
/// only the default dtype (int64, NumPy's `long`) is compiled.
fn randint_args(args: &mut Vec<Expr>) -> Result<()> {
    let dtype = args.pop().expect("randint has four slots");
    match &dtype.kind {
        ExprKind::Const(Const::None) => {}
        ExprKind::Dtype(Dtype::I64) => {
            return Err(Diagnostic::unsupported("randint's dtype= is not supported yet (the default draws int64)", dtype.span))
        }
        _ => return Err(Diagnostic::unsupported("randint's dtype= is not supported yet", dtype.span)),
    }
    if matches!(args[1].kind, ExprKind::Const(Const::None)) {
        let zero = Expr::new(ExprKind::Const(Const::Int(0)), args[1].span);
        let low = std::mem::replace(&mut args[0], zero);
        args[1] = low;
    }
    Ok(())
}
