//! `np.linalg.*` in the front end: which names exist, and each call bound as Python binds it,
//! with the options that decide the result's type (`UPLO`, `full_matrices`, `compute_uv`,
//! `mode`, `ord`, `axis`) folded into the `LinalgFn` as constants (see `hasten_ir::linalg`).

use crate::bind::Kwargs;
use crate::bind::bind as bind_positions;
use crate::entity::{Callable, Entity, Product};
use crate::Result;
use hasten_ir::hir::*;
use hasten_ir::linalg::{Norm, NormAxis, NormOrd, NormPlan, QrMode};
use hasten_ir::{Diagnostic, Span};

/// The key of NumPy's `LinAlgError` (see `hasten_runtime::linalg::LINALG_ERROR`) and its ancestry.
fn linalg_error() -> ExcClass {
    let key = "numpy.linalg.LinAlgError";
    ExcClass { name: key.into(), ancestry: [key, "ValueError", "Exception", "BaseException"].map(String::from).to_vec() }
}

/// `np.linalg.attr`.
pub(crate) fn linalg_attr(attr: &str, sp: Span) -> Result<Entity> {
    let f = match attr {
        "solve" => LinalgFn::Solve,
        "inv" => LinalgFn::Inv,
        "det" => LinalgFn::Det,
        "slogdet" => LinalgFn::Slogdet,
        "cholesky" => LinalgFn::Cholesky { upper: false },
        "eigh" => LinalgFn::Eigh { upper: false, vectors: true },
        "eigvalsh" => LinalgFn::Eigh { upper: false, vectors: false },
        "eig" => LinalgFn::Eig { vectors: true },
        "eigvals" => LinalgFn::Eig { vectors: false },
        "svd" => LinalgFn::Svd { full_matrices: true, compute_uv: true, hermitian: false },
        "lstsq" => LinalgFn::Lstsq,
        "qr" => LinalgFn::Qr(QrMode::Reduced),
        "pinv" => LinalgFn::Pinv { hermitian: false },
        "matrix_rank" => LinalgFn::MatrixRank { hermitian: false },
        "cond" => LinalgFn::Cond(NormOrd::Default),
        "norm" => LinalgFn::Norm(Norm { ord: NormOrd::Default, axis: NormAxis::None, keepdims: false, plan: NormPlan::Undecided }),
        "matrix_power" => LinalgFn::MatrixPower,
        "LinAlgError" => return Ok(Entity::Callable(Callable::Exception(linalg_error()))),
        _ => return Err(Diagnostic::unsupported(format!("np.linalg.{attr} is not supported yet"), sp)),
    };
    Ok(Entity::Callable(Callable::Callee(Callee::Linalg(f))))
}

fn none(sp: Span) -> Expr {
    Expr::new(ExprKind::Const(Const::None), sp)
}

fn boolean(b: bool, sp: Span) -> Expr {
    Expr::new(ExprKind::Const(Const::Bool(b)), sp)
}

fn string(s: &str, sp: Span) -> Expr {
    Expr::new(ExprKind::Const(Const::Str(s.into())), sp)
}

/// Positional and keyword arguments in the slots of `names`, defaults filled in, with Python's errors.
fn bind(f: LinalgFn, args: Vec<Expr>, kwargs: Kwargs, names: &[&str], defaults: Vec<Option<Expr>>, sp: Span) -> Result<Vec<Expr>> {
    let name = f.name();
    if args.len() > names.len() {
        return Err(Diagnostic::typing(format!("np.linalg.{name}() takes at most {} arguments ({} given)", names.len(), args.len()), sp));
    }
    let mut slots: Vec<Option<Expr>> = args.into_iter().map(Some).collect();
    slots.resize(names.len(), None);
    for (kw, value) in kwargs {
        let Some(k) = names.iter().position(|n| *n == kw) else {
            return Err(Diagnostic::typing(format!("np.linalg.{name}() got an unexpected keyword argument '{kw}'"), value.span));
        };
        if slots[k].is_some() {
            return Err(Diagnostic::typing(format!("argument '{kw}' given twice"), value.span));
        }
        slots[k] = Some(value);
    }
    let mut out = Vec::new();
    for (k, (slot, default)) in slots.into_iter().zip(defaults).enumerate() {
        match slot.or(default) {
            Some(e) => out.push(e),
            None => return Err(Diagnostic::typing(format!("np.linalg.{name}() missing required argument '{}'", names[k]), sp)),
        }
    }
    Ok(out)
}

/// A constant, seeing through negation (`-np.inf`).
fn constant(e: &Expr) -> Option<Const> {
    match &e.kind {
        ExprKind::Const(c) => Some(c.clone()),
        ExprKind::Unary(UnaryOp::Neg, x) => match constant(x)? {
            Const::Int(i) => Some(Const::Int(i.checked_neg()?)),
            Const::Float(v) => Some(Const::Float(-v)),
            _ => None,
        },
        _ => None,
    }
}

fn const_bool(e: &Expr, what: &str) -> Result<bool> {
    match constant(e) {
        Some(Const::Bool(b)) => Ok(b),
        Some(Const::Int(i)) => Ok(i != 0),
        _ => Err(Diagnostic::unsupported(format!("{what} must be a constant True or False"), e.span)),
    }
}

fn const_str(e: &Expr, what: &str) -> Result<String> {
    match constant(e) {
        Some(Const::Str(s)) => Ok(s),
        _ => Err(Diagnostic::unsupported(format!("{what} must be a constant string"), e.span)),
    }
}

fn norm_ord(e: &Expr) -> Result<NormOrd> {
    Ok(match constant(e) {
        Some(Const::None) => NormOrd::Default,
        Some(Const::Int(i)) => NormOrd::Number((i as f64).to_bits()),
        Some(Const::Float(v)) => NormOrd::Number(v.to_bits()),
        Some(Const::Bool(b)) => NormOrd::Number(if b { 1.0f64 } else { 0.0 }.to_bits()),
        Some(Const::Str(s)) if s == "fro" => NormOrd::Fro,
        Some(Const::Str(s)) if s == "nuc" => NormOrd::Nuc,
        Some(Const::Str(s)) => return Err(Diagnostic::typing(format!("Invalid norm order '{s}' for np.linalg.norm"), e.span)),
        None | Some(Const::Ellipsis) => {
            return Err(Diagnostic::unsupported("ord= must be a constant (None, a number, 'fro' or 'nuc')", e.span))
        }
    })
}

fn norm_axis(e: &Expr) -> Result<NormAxis> {
    let int = |e: &Expr| match constant(e) {
        Some(Const::Int(i)) => Ok(i),
        _ => Err(Diagnostic::unsupported("axis= of norm must be None, a constant int or a tuple of two", e.span)),
    };
    Ok(match &e.kind {
        ExprKind::Tuple(items) if items.len() == 2 => NormAxis::Two(int(&items[0])?, int(&items[1])?),
        ExprKind::Tuple(items) if items.len() == 1 => NormAxis::One(int(&items[0])?),
        ExprKind::Const(Const::None) => NormAxis::None,
        _ => NormAxis::One(int(e)?),
    })
}

/// A call of `f`: its operands and run-time parameters, the constant options in `f`.
pub(crate) fn linalg_call(f: LinalgFn, args: Vec<Expr>, kwargs: Kwargs, sp: Span) -> Result<Expr> {
    let (mut f, mut args) = (f, args);
    let req = || None;
    match f {
        LinalgFn::Solve => args = bind(f, args, kwargs, &["a", "b"], vec![req(), req()], sp)?,
        LinalgFn::Inv | LinalgFn::Det | LinalgFn::Slogdet | LinalgFn::Eig { .. } => args = bind(f, args, kwargs, &["a"], vec![req()], sp)?,
        LinalgFn::Cholesky { .. } => {
            args = bind(f, args, kwargs, &["a", "upper"], vec![req(), Some(boolean(false, sp))], sp)?;
            f = LinalgFn::Cholesky { upper: const_bool(&args[1], "upper=")? };
            args.truncate(1);
        }
        LinalgFn::Eigh { vectors, .. } => {
            args = bind(f, args, kwargs, &["a", "UPLO"], vec![req(), Some(string("L", sp))], sp)?;
            let upper = match const_str(&args[1], "UPLO=")?.as_str() {
                "L" => false,
                "U" => true,
                _ => return Err(Diagnostic::typing("UPLO argument must be 'L' or 'U'", args[1].span)),
            };
            f = LinalgFn::Eigh { upper, vectors };
            args.truncate(1);
        }
        LinalgFn::Svd { .. } => {
            let d = vec![req(), Some(boolean(true, sp)), Some(boolean(true, sp)), Some(boolean(false, sp))];
            args = bind(f, args, kwargs, &["a", "full_matrices", "compute_uv", "hermitian"], d, sp)?;
            f = LinalgFn::Svd {
                full_matrices: const_bool(&args[1], "full_matrices=")?,
                compute_uv: const_bool(&args[2], "compute_uv=")?,
                hermitian: const_bool(&args[3], "hermitian=")?,
            };
            args.truncate(1);
        }
        LinalgFn::Lstsq => args = bind(f, args, kwargs, &["a", "b", "rcond"], vec![req(), req(), Some(none(sp))], sp)?,
        LinalgFn::Qr(_) => {
            args = bind(f, args, kwargs, &["a", "mode"], vec![req(), Some(string("reduced", sp))], sp)?;
            f = LinalgFn::Qr(match const_str(&args[1], "mode=")?.as_str() {
                "reduced" => QrMode::Reduced,
                "complete" => QrMode::Complete,
                "r" => QrMode::R,
                m => return Err(Diagnostic::unsupported(format!("qr(mode='{m}') is not supported"), args[1].span)),
            });
            args.truncate(1);
        }
        LinalgFn::Pinv { .. } | LinalgFn::MatrixRank { .. } => {
            let pinv = matches!(f, LinalgFn::Pinv { .. });
            let names: &[&str] = if pinv { &["a", "rcond", "hermitian"] } else { &["A", "tol", "hermitian"] };
            args = bind(f, args, kwargs, names, vec![req(), Some(none(sp)), Some(boolean(false, sp))], sp)?;
            let hermitian = const_bool(&args[2], "hermitian=")?;
            f = if pinv { LinalgFn::Pinv { hermitian } } else { LinalgFn::MatrixRank { hermitian } };
            args.truncate(2);
        }
        LinalgFn::Cond(_) => {
            args = bind(f, args, kwargs, &["x", "p"], vec![req(), Some(none(sp))], sp)?;
            f = LinalgFn::Cond(norm_ord(&args[1])?);
            args.truncate(1);
        }
        LinalgFn::Norm(_) => {
            let d = vec![req(), Some(none(sp)), Some(none(sp)), Some(boolean(false, sp))];
            args = bind(f, args, kwargs, &["x", "ord", "axis", "keepdims"], d, sp)?;
            let keepdims = const_bool(&args[3], "keepdims=")?;
            f = LinalgFn::Norm(Norm { ord: norm_ord(&args[1])?, axis: norm_axis(&args[2])?, keepdims, plan: NormPlan::Undecided });
            args.truncate(1);
        }
        LinalgFn::MatrixPower => args = bind(f, args, kwargs, &["a", "n"], vec![req(), req()], sp)?,
    }
    Ok(Expr::new(ExprKind::Call(Callee::Linalg(f), args, Vec::new()), sp))
}

/// `np.vdot(a, b)` is `np.matmul(np.ravel(a), np.ravel(b))` (real dtypes: no conjugation);
/// `np.inner(a, b)` is its own function (`NumpyFn::Inner`);
/// `np.outer(a, b)` is `np.dot` of `a` raveled into a column and `b` into a row.
pub(crate) fn product_call(p: Product, args: Vec<Expr>, kwargs: Kwargs, sp: Span) -> Result<Expr> {
    let mut args = bind_positions(args, kwargs, &["a", "b"], 2, sp)?;
    let b = args.pop().expect("two bound");
    let a = args.pop().expect("two bound");
    let call = |f: NumpyFn, args: Vec<Expr>| Expr::new(ExprKind::Call(Callee::Numpy(f), args, Vec::new()), sp);
    let int = |v: i64| Expr::new(ExprKind::Const(Const::Int(v)), sp);
    let shape = |dims: Vec<Expr>| Expr::new(ExprKind::Tuple(dims), sp);
    let (a, b) = match p {
        // NumPy's vdot conjugates its first operand (the type checker drops that for real ones).
        Product::Vdot => (Expr::new(ExprKind::Call(Callee::Cmath(hasten_ir::complex::CmathFn::Conjugate), vec![call(NumpyFn::Ravel, vec![a])], Vec::new()), sp), call(NumpyFn::Ravel, vec![b])),
        Product::Inner => return Ok(call(NumpyFn::Inner, vec![a, b])),
        Product::Outer => (
            call(NumpyFn::Reshape, vec![call(NumpyFn::Ravel, vec![a]), shape(vec![int(-1), int(1)])]),
            call(NumpyFn::Reshape, vec![call(NumpyFn::Ravel, vec![b]), shape(vec![int(1), int(-1)])]),
        ),
    };
    // NumPy's vdot of the raveled vectors is matmul's vector product (`DOUBLE_dot` on them as
    // they are), not np.dot's (which copies reversed ones first).
    Ok(call(if matches!(p, Product::Vdot) { NumpyFn::Matmul } else { NumpyFn::Dot }, vec![a, b]))
}
