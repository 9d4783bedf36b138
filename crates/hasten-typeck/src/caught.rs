//! The type of `e.args` in an `except ... as e` clause. Compiled code has no exception objects, so
//! the tuple's item types come from the `raise` statements of the `try` body that the clause
//! catches (CPython's class hierarchy); they must agree. A clause that catches none of them holds
//! what callees and the runtime raise, whose argument is their message: `(str,)`. The runtime checks
//! the exception it holds against this type when `e.args` is read (`hasten_rt_exc_args`).

use crate::function::R;
use hasten_ir::hir::*;
use hasten_ir::Type;
use hasten_ir::{Diagnostic, Span};

/// The base class of a builtin exception class compiled code can raise or name (the runtime's
/// `handlers::builtin_base`, which matches the exceptions at run time).
fn builtin_base(name: &str) -> Option<&'static str> {
    Some(match name {
        "Exception" | "KeyboardInterrupt" => "BaseException",
        "ArithmeticError" | "AssertionError" | "LookupError" | "MemoryError" | "NameError" | "RuntimeError"
        | "TypeError" | "ValueError" => "Exception",
        "FloatingPointError" | "OverflowError" | "ZeroDivisionError" => "ArithmeticError",
        "IndexError" | "KeyError" => "LookupError",
        "NotImplementedError" | "RecursionError" => "RuntimeError",
        "UnboundLocalError" => "NameError",
        _ => return None,
    })
}

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
        c = builtin_base(name);
    }
    false
}

/// Whether a clause catching `classes` (none: a bare `except`) catches `raised`.
fn catches(classes: &[ExcClass], raised: &ExcClass) -> bool {
    classes.is_empty() || classes.iter().any(|c| is_subclass(raised, c))
}

/// The argument types of the `raise` statements in `stmts` that a clause catching `classes` sees:
/// not those a nested `try` catches first.
fn raised_args(stmts: &[Stmt], classes: &[ExcClass], out: &mut Vec<(Type, Span)>) {
    for s in stmts {
        match &s.kind {
            StmtKind::Raise { exc, args } if catches(classes, exc) => {
                let items = args
                    .iter()
                    .map(|a| match a {
                        RaiseArg::Str(_) => Type::Str,
                        RaiseArg::Value(e) => e.ty.clone(),
                    })
                    .collect();
                out.push((Type::Tuple(items), s.span));
            }
            StmtKind::Try { body, handlers, orelse, finalbody } => {
                let mut inner = Vec::new();
                raised_args(body, classes, &mut inner);
                let escapes = |sp: &Span| !handlers.iter().any(|h| caught_at(body, *sp, &h.classes));
                out.extend(inner.into_iter().filter(|(_, sp)| escapes(sp)));
                for b in handlers.iter().map(|h| h.body.as_slice()).chain([orelse.as_slice(), finalbody.as_slice()]) {
                    raised_args(b, classes, out);
                }
            }
            _ => s.kind.blocks().into_iter().for_each(|b| raised_args(b, classes, out)),
        }
    }
}

/// Whether the `raise` statement at `sp` in `stmts` raises a class that `classes` catches.
fn caught_at(stmts: &[Stmt], sp: Span, classes: &[ExcClass]) -> bool {
    stmts.iter().any(|s| match &s.kind {
        StmtKind::Raise { exc, .. } if s.span == sp => catches(classes, exc),
        _ => s.kind.blocks().into_iter().any(|b| caught_at(b, sp, classes)),
    })
}

/// The type of `e.args` for the clause `h` of a `try` whose body is `body`.
pub(crate) fn caught_args_type(body: &[Stmt], h: &Handler) -> R<Type> {
    let mut sites = Vec::new();
    raised_args(body, &h.classes, &mut sites);
    let Some((first, _)) = sites.first() else {
        return Ok(Type::Tuple(vec![Type::Str]));
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
