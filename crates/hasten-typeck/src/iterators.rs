//! `iter(x)` and `next(it[, default])`: iterators as values (`Type::Iter`, what they walk recorded
//! as an `IterOf`). `iter` types its argument as a `for` loop types its iterable (a `zip`,
//! `enumerate` or `reversed` call, a dict view, a tuple as the list of its items), so an iterator
//! walks what such a loop walks; `iter(it)` of an iterator is that iterator, as in CPython.

use crate::function::{err, FnCx, R};
use hasten_ir::hir::{Builtin, Callee, Const, Expr, ExprKind, ListMethod};
use hasten_ir::iterators::IterOf;
use hasten_ir::{Diagnostic, Span, Type};

impl FnCx<'_, '_, '_> {
    /// `iter(x)`, `iter(range(...))` (`IterRange` of the bounds), `next(it)`, `next(it, default)`.
    pub(crate) fn iter_builtin(&mut self, b: Builtin, args: &mut [Expr], span: Span) -> R<Type> {
        match b {
            Builtin::IterRange => {
                for a in args.iter_mut() {
                    match self.expr(a)? {
                        t if t.is_intlike() || matches!(t, Type::Unknown | Type::Never) => {}
                        t => return err(format!("'{t}' object cannot be interpreted as an integer"), a.span),
                    }
                }
                if let ExprKind::Const(Const::Int(0)) = args[2].kind {
                    return err("range() arg 3 must not be zero", args[2].span);
                }
                Ok(Type::Iter(Box::new(IterOf::Range)))
            }
            Builtin::Iter => {
                let [x] = args else {
                    let msg = if args.is_empty() { "iter expected at least 1 argument, got 0".to_string() } else { "iter(callable, sentinel) is not supported".to_string() };
                    return Err(Diagnostic::unsupported(msg, span));
                };
                let item = self.loop_item(x)?;
                if item == Type::Unknown {
                    return Ok(Type::Unknown);
                }
                if let Type::Iter(_) = &x.ty {
                    return Ok(x.ty.clone());
                }
                Ok(Type::Iter(Box::new(iter_of(x)?)))
            }
            _ => {
                let (it, default) = match args {
                    [it] => (it, None),
                    [it, d] => (it, Some(d)),
                    _ => return err(format!("next expected 1 or 2 arguments, got {}", args.len()), span),
                };
                let item = match self.expr(it)? {
                    Type::Iter(of) => of.item(),
                    Type::Unknown | Type::Never => return Ok(Type::Unknown),
                    t => return err(format!("'{t}' object is not an iterator"), it.span).map_err(|d| d.note("make one with iter(x)")),
                };
                let Some(d) = default else { return Ok(item) };
                if item == Type::Unknown {
                    self.expr(d)?;
                    return Ok(item);
                }
                match self.expr(d)? {
                    Type::None => match crate::optional::merged_local(&item, &Type::None) {
                        Some(Ok(t)) => Ok(t),
                        _ => Err(Diagnostic::unsupported(format!("next(it, None) of an iterator of {item} is not supported yet (of numbers and bools it is)"), d.span)
                            .note("give a default of the item's type, or catch StopIteration")),
                    },
                    t if t == item || matches!(t, Type::Unknown | Type::Never) => Ok(item),
                    // One type holds both, as a variable assigned both would (an int default of a
                    // float iterator gives a float, where CPython returns the int itself).
                    t => crate::rules::unify(&item, &t).filter(|_| (item.is_floatlike() && t.is_floatlike()) || (item.is_intlike() && t.is_intlike())).ok_or_else(|| {
                        Diagnostic::unsupported(format!("next() with a default of {t} for an iterator of {item} is not supported: one value cannot hold both"), d.span)
                            .note("convert the default to the item type")
                    }),
                }
            }
        }
    }
}

/// What `iter(x)` walks, for an `x` typed as a loop's iterable.
fn iter_of(x: &Expr) -> R<IterOf> {
    if let ExprKind::Call(Callee::Builtin(Builtin::Zip | Builtin::Enumerate), args, _) = &x.kind {
        if let Some(s) = args.iter().find(|a| a.ty == Type::Str) {
            return Err(Diagnostic::unsupported("iter() of a zip or enumerate of strings is not supported yet", s.span));
        }
    }
    Ok(match &x.kind {
        ExprKind::Call(Callee::Builtin(Builtin::Zip), args, _) => IterOf::Zip(args.iter().map(iter_of).collect::<R<_>>()?),
        ExprKind::Call(Callee::Builtin(Builtin::Enumerate), args, _) => IterOf::Enumerate(Box::new(iter_of(&args[0])?)),
        ExprKind::Call(Callee::Builtin(Builtin::Reversed), ..) => match &x.ty {
            t @ Type::List(_) => IterOf::Reversed(t.clone()),
            t => return Err(Diagnostic::unsupported(format!("iter(reversed(...)) of {t} is not supported yet (of lists, arrays, strings and tuples it is)"), x.span)),
        },
        ExprKind::Call(Callee::ListMethod(m @ (ListMethod::Keys | ListMethod::Values | ListMethod::Items)), args, _) => match m {
            ListMethod::Keys => IterOf::Seq(args[0].ty.clone()),
            m => IterOf::DictView(args[0].ty.clone(), *m == ListMethod::Items),
        },
        _ => match &x.ty {
            t @ (Type::Array(_) | Type::List(_) | Type::Str | Type::Dict(..) | Type::Set(_)) => IterOf::Seq(t.clone()),
            t => return Err(Diagnostic::unsupported(format!("iter() of {t} is not supported"), x.span)),
        },
    })
}

/// Whether a value of type `t` holds an iterator, which Python cannot receive yet.
pub(crate) fn holds_iterator(t: &Type) -> bool {
    match t {
        Type::Iter(_) => true,
        Type::Tuple(items) => items.iter().any(holds_iterator),
        _ => false,
    }
}
