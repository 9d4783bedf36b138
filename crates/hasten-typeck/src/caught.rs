//! The type of `e.args` in an `except ... as e` clause. Compiled code has no exception objects, so
//! the tuple's item types come from the `raise` statements the clause catches (CPython's class
//! hierarchy): in the `try` body and in the jitted functions it calls; they must agree. A clause that catches none of them holds
//! what callees and the runtime raise, whose argument is their message: `(str,)`. The runtime checks
//! the exception it holds against this type when `e.args` is read (`hasten_rt_exc_args`).

use crate::function::R;
use crate::Spec;
use hasten_ir::hir::*;
use hasten_ir::Type;
use hasten_ir::{Diagnostic, Span};

/// Whether an exception of class `raised` is an instance of `class`.
fn is_subclass(raised: &ExcClass, class: &ExcClass) -> bool {
    if class.name == "BaseException" || raised.ancestry.iter().any(|c| *c == class.name) {
        return true;
    }
    let mut c = Some(raised.name.as_str());
    while let Some(name) = c {
        if name == class.name {
            return true;
        }
        c = hasten_runtime::handlers::builtin_base(name);
    }
    false
}

/// Whether a clause catching `classes` (none: a bare `except`) catches `raised`.
pub fn catches(classes: &[ExcClass], raised: &ExcClass) -> bool {
    classes.is_empty() || classes.iter().any(|c| is_subclass(raised, c))
}

/// A `raise` that may reach a clause: its class, the type of its `args`, where it stands.
type Site = (ExcClass, Type, Span);

/// The `raise` statements that may leave `stmts`, directly or from the jitted functions they call
/// (`seen`: the specialisations already searched): not those a nested `try` catches first.
fn raised(stmts: &[Stmt], specs: &[Spec], seen: &mut Vec<usize>, out: &mut Vec<Site>) {
    for s in stmts {
        match &s.kind {
            StmtKind::Raise { exc, args } => {
                let items = args
                    .iter()
                    .map(|a| match a {
                        RaiseArg::Str(_) => Type::Str,
                        RaiseArg::Value(e) => e.ty.clone(),
                    })
                    .collect();
                out.push((exc.clone(), Type::Tuple(items), s.span));
            }
            StmtKind::Try { body, handlers, orelse, finalbody } => {
                let mut inner = Vec::new();
                raised(body, specs, seen, &mut inner);
                out.extend(inner.into_iter().filter(|(c, ..)| !handlers.iter().any(|h| catches(&h.classes, c))));
                for b in handlers.iter().map(|h| h.body.as_slice()).chain([orelse.as_slice(), finalbody.as_slice()]) {
                    raised(b, specs, seen, out);
                }
            }
            _ => {
                stmt_exprs(&s.kind, &mut |e| called(e, specs, seen, out));
                s.kind.blocks().into_iter().for_each(|b| raised(b, specs, seen, out));
            }
        }
    }
}

/// The sites of the jitted functions `e` calls.
fn called(e: &Expr, specs: &[Spec], seen: &mut Vec<usize>, out: &mut Vec<Site>) {
    if let ExprKind::Call(Callee::Spec(i, _), ..) = &e.kind {
        if !seen.contains(i) {
            seen.push(*i);
            if let Some(spec) = specs.get(*i) {
                raised(&spec.hir.body, specs, seen, out);
            }
        }
    }
    e.for_each_child(|c| called(c, specs, seen, out));
}

/// Calls `f` with the expressions of `s` itself (not of the statements nested in it).
fn stmt_exprs<'e>(s: &'e StmtKind, f: &mut impl FnMut(&'e Expr)) {
    let target = |t: &'e Target, f: &mut dyn FnMut(&'e Expr)| {
        if let Target::Index { base, indices, .. } = t {
            f(base);
            indices.iter().for_each(|i| f(i));
        }
    };
    match s {
        StmtKind::Assign { targets, value } => {
            f(value);
            targets.iter().for_each(|t| target(t, f));
        }
        StmtKind::AugAssign { target: t, value, .. } => {
            f(value);
            target(t, f);
        }
        StmtKind::Expr(e) | StmtKind::If { cond: e, .. } | StmtKind::While { cond: e, .. } | StmtKind::ForIter { iter: e, .. } => f(e),
        StmtKind::ForRange { start, stop, step, .. } => [start, stop, step].into_iter().for_each(f),
        StmtKind::Return(Some(e)) | StmtKind::Assert { test: e, .. } => f(e),
        _ => {}
    }
}

/// The type of `e.args` for the clause `h` of a `try` whose body is `body`.
pub(crate) fn caught_args_type(body: &[Stmt], h: &Handler, specs: &[Spec]) -> R<Type> {
    let mut all = Vec::new();
    raised(body, specs, &mut Vec::new(), &mut all);
    let sites: Vec<(Type, Span)> = all.into_iter().filter(|(c, ..)| catches(&h.classes, c)).map(|(_, t, sp)| (t, sp)).collect();
    let Some((first, _)) = sites.first() else {
        return Ok(Type::tuple(vec![Type::Str]));
    };
    if sites.iter().any(|(t, _)| matches!(t, Type::Tuple(items) if items.iter().any(|i| matches!(i, Type::Unknown | Type::Never)))) {
        return Ok(Type::Unknown);
    }
    match sites.iter().find(|(t, _)| t != first) {
        None => Ok(first.clone()),
        Some((other, sp)) => Err(Diagnostic::unsupported(
            format!("e.args of a clause that catches exceptions raised with arguments of different types ({first} and {other})"),
            *sp,
        )
        .note("compiled code gives e.args one type; raise them with arguments of the same types, or catch them in separate clauses")),
    }
}
