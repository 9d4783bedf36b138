//! Keyword arguments of builtins and NumPy functions bound to parameter positions, as Python binds
//! them, with Python's errors for unexpected, repeated and missing arguments.

use crate::Result;
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Span};

/// The keyword arguments of a call, lowered, in source order.
pub(crate) type Kwargs = Vec<(String, Expr)>;

/// Binds keyword arguments of a builtin to positions; at least `required` must be given.
pub(crate) fn bind(mut args: Vec<Expr>, kwargs: Kwargs, params: &[&str], required: usize, sp: Span) -> Result<Vec<Expr>> {
    if args.len() > params.len() {
        return Err(Diagnostic::typing(
            format!("expected at most {} arguments, got {}", params.len(), args.len()),
            sp,
        ));
    }
    let mut slots: Vec<Option<Expr>> = args.drain(..).map(Some).collect();
    slots.resize(params.len(), None);
    for (name, value) in kwargs {
        let Some(i) = params.iter().position(|p| *p == name) else {
            return Err(Diagnostic::typing(format!("unexpected keyword argument '{name}'"), value.span));
        };
        if slots[i].is_some() {
            return Err(Diagnostic::typing(format!("argument '{name}' given twice"), value.span));
        }
        slots[i] = Some(value);
    }
    // Trailing optional parameters that were not given are dropped; a gap before a given one is not allowed.
    while slots.last().is_some_and(|s| s.is_none()) {
        slots.pop();
    }
    if slots.len() < required || slots.iter().any(|s| s.is_none()) {
        return Err(Diagnostic::typing("missing required argument", sp));
    }
    Ok(slots.into_iter().flatten().collect())
}
