//! Calls of `collections.namedtuple` classes: the arguments bound to the fields as CPython's
//! `__new__` binds them (positions, then keywords, then the defaults of the last fields).

use crate::bind::Kwargs;
use crate::Result;
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, GlobalValue, NamedClass, Span};
use std::sync::Arc;

/// `Point(...)`: one argument per field, in the fields' order. Arguments unpacked with `*` are
/// left for the type checker, which counts them once their tuples' lengths are known.
pub(crate) fn construct(class: Arc<NamedClass>, defaults: &[GlobalValue], mut args: Vec<Expr>, kwargs: Kwargs, sp: Span) -> Result<Expr> {
    let new = format!("{}.__new__()", class.name());
    let starred = args.iter().any(|a| matches!(a.kind, ExprKind::Call(Callee::Builtin(Builtin::Starred), ..)));
    if starred {
        if !kwargs.is_empty() {
            return Err(Diagnostic::unsupported("a namedtuple call with both *args and keyword arguments is not supported yet", sp));
        }
        return Ok(Expr::new(ExprKind::Call(Callee::NamedTuple(class, Vec::new()), args, Vec::new()), sp));
    }
    let n = class.fields.len();
    if args.len() > n {
        return Err(Diagnostic::typing(format!("{new} takes {} positional arguments but {} were given", n + 1, args.len() + 1), sp));
    }
    // The arguments stay in the source's order, evaluated so; `order[k]` is field k's.
    let mut order: Vec<Option<usize>> = (0..args.len()).map(Some).collect();
    order.resize(n, None);
    for (name, value) in kwargs {
        let Some(i) = class.field(&name) else {
            return Err(Diagnostic::typing(format!("{new} got an unexpected keyword argument '{name}'"), value.span));
        };
        if order[i].is_some() {
            return Err(Diagnostic::typing(format!("{new} got multiple values for argument '{name}'"), value.span));
        }
        order[i] = Some(args.len());
        args.push(value);
    }
    let first_default = n - defaults.len();
    let mut missing = Vec::new();
    for (i, slot) in order.iter_mut().enumerate() {
        if slot.is_some() {
            continue;
        }
        match defaults.get(i.wrapping_sub(first_default)) {
            Some(GlobalValue::Opaque(ty)) => {
                return Err(Diagnostic::unsupported(format!("the default of field '{}' of {} has type '{ty}', which compiled code cannot use", class.fields[i], class.name()), sp));
            }
            Some(d) if i >= first_default => {
                *slot = Some(args.len());
                args.push(crate::names::global_const_expr(d, sp));
            }
            _ => missing.push(format!("'{}'", class.fields[i])),
        }
    }
    if !missing.is_empty() {
        let s = if missing.len() == 1 { "" } else { "s" };
        let names = match missing.as_slice() {
            [one] => one.clone(),
            [first, last] => format!("{first} and {last}"),
            [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
            [] => unreachable!("not empty"),
        };
        return Err(Diagnostic::typing(format!("{new} missing {} required positional argument{s}: {names}", missing.len()), sp));
    }
    let order = order.into_iter().flatten().collect();
    Ok(Expr::new(ExprKind::Call(Callee::NamedTuple(class, order), args, Vec::new()), sp))
}
