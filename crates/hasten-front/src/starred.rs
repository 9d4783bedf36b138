//! `f(*t, ...)` into a callee whose arguments the front end binds to its parameters (NumPy,
//! `math`, `np.random`, `np.linalg`, str methods): the tuple's length is known only to the type
//! checker, so the call is lowered once per length, each under a test of that length the type
//! checker decides (`calls.rs` lowers every other call).

use crate::bind::Kwargs;
use crate::entity::{Callable, Entity};
use crate::lowerer::Lowerer;
use crate::Result;
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Span};

impl Lowerer<'_> {
    /// `f(*t, ...)` where the front end binds `f`'s arguments to its parameters: one call for each
    /// length the tuple `t` may have, each with `t[0], t[1], ...` in its place, chosen by
    /// `len(t) == n`, which the type checker decides from the tuple's type (the others are dropped
    /// untyped). A length whose call cannot be bound keeps its error for when it is the one chosen.
    pub(crate) fn starred_call(&mut self, callable: Callable, args: Vec<Expr>, kwargs: Kwargs, k: usize, sp: Span) -> Result<Entity> {
        const MOST: usize = 8;
        let ExprKind::Call(_, inner, _) = &args[k].kind else { unreachable!("a starred argument") };
        let t = inner[0].clone();
        if args.iter().filter(|a| is_starred(a)).count() > 1 || !rereadable(&t) || matches!(callable, Callable::Callee(Callee::Builtin(Builtin::Sorted))) {
            return Err(Diagnostic::unsupported(
                "*x among the arguments of this function is supported once, of a variable holding a tuple or a constant slice or attribute of one (`np.histogram(*args)`, `np.clip(a, *bounds[:2])`); pass the arguments one by one",
                args[k].span,
            ));
        }
        let at = args[k].span;
        let refused = |d: Diagnostic| {
            let typing = Expr::new(ExprKind::Const(Const::Bool(d.kind == hasten_ir::ErrorKind::Typing)), at);
            let message = Expr::new(ExprKind::Const(Const::Str(d.message)), d.span.unwrap_or(at));
            Expr::new(ExprKind::Call(Callee::Numpy(NumpyFn::Unsupported), vec![message, typing], Vec::new()), at)
        };
        let mut chosen = refused(Diagnostic::unsupported(format!("*x of more than {MOST} items among the arguments of this function is not supported"), at));
        for n in (0..=MOST).rev() {
            let item = |j: usize| Expr::new(ExprKind::Index(Box::new(t.clone()), vec![Expr::new(ExprKind::Const(Const::Int(j as i64)), at)]), at);
            let mut these = args[..k].to_vec();
            these.extend((0..n).map(item));
            these.extend(args[k + 1..].iter().cloned());
            let call = match self.bound_call(callable.clone(), these, kwargs.clone(), sp) {
                Ok(Entity::Value(e)) => e,
                Ok(_) => refused(Diagnostic::unsupported("*x among the arguments of this function is not supported", at)),
                Err(d) if d.kind == hasten_ir::ErrorKind::Internal => return Err(d),
                Err(d) => refused(d),
            };
            // `len(tuple(t))`: a list or an array, whose length is known only at run time, is
            // refused by name there (tuple() of it) before any arm is typed.
            let items = Expr::new(ExprKind::Call(Callee::Builtin(Builtin::Tuple), vec![t.clone()], Vec::new()), at);
            let len = Expr::new(ExprKind::Call(Callee::Builtin(Builtin::Len), vec![items], Vec::new()), at);
            let is_n = Expr::new(ExprKind::Compare(Box::new(len), vec![(CmpOp::Eq, Expr::new(ExprKind::Const(Const::Int(n as i64)), at))]), at);
            chosen = Expr::new(ExprKind::IfExp(Box::new(is_n), Box::new(call), Box::new(chosen)), sp);
        }
        Ok(Entity::Value(chosen))
    }
}

/// Whether `e` reads the same value each time it is evaluated, without effects: a variable, a
/// constant, or an attribute or a constant index or slice of one.
pub(crate) fn rereadable(e: &Expr) -> bool {
    let constant = |e: &Expr| matches!(e.kind, ExprKind::Const(_)) || matches!(&e.kind, ExprKind::Unary(UnaryOp::Neg, x) if matches!(x.kind, ExprKind::Const(_)));
    match &e.kind {
        ExprKind::Local(_) | ExprKind::Const(_) => true,
        ExprKind::Attr(base, _) => rereadable(base),
        ExprKind::Index(base, idx) => {
            rereadable(base)
                && idx.iter().all(|i| match &i.kind {
                    ExprKind::Slice(a, b, c) => [a, b, c].iter().all(|x| x.as_deref().is_none_or(constant)),
                    _ => constant(i),
                })
        }
        _ => false,
    }
}

pub(crate) fn is_starred(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Call(Callee::Builtin(Builtin::Starred), ..))
}

/// Whether the front end binds the arguments of a call of `callable` to its parameters (filling in
/// defaults, transforming some by position): a `*x` there is unpacked first (`starred_call`). The
/// type checker binds those of jitted functions and of most builtins, after unpacking `*x`; the
/// library, named tuples, and `a.reshape(*shape)`/`a.transpose(*axes)` take theirs apart
/// themselves.
pub(crate) fn binds_here(callable: &Callable, args: &[Expr], kwargs: &Kwargs) -> bool {
    match callable {
        Callable::Callee(Callee::Numpy(NumpyFn::Reshape | NumpyFn::Transpose)) => !(args.len() == 2 && is_starred(&args[1])),
        Callable::Callee(Callee::Numpy(_)) => true,
        Callable::Callee(Callee::Random(_) | Callee::Generator(_) | Callee::Linalg(_) | Callee::Math(_) | Callee::StrMethod(_)) => true,
        Callable::Callee(Callee::Builtin(Builtin::Enumerate | Builtin::Sorted)) => true,
        Callable::Callee(Callee::Builtin(Builtin::Round | Builtin::Int)) => !kwargs.is_empty(),
        Callable::RandomIntegers | Callable::Allclose | Callable::Product(_) | Callable::Rewrite(_) => true,
        _ => false,
    }
}
