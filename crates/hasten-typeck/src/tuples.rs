//! Tuples as iterables, `tuple(x)`, `reversed(x)`, and `t + u`, `t * k` (a tuple of the items: its
//! length is part of its type, so `k` must be a constant).
//!
//! A tuple whose items share one type is iterated (`for x in t`, `x in t`, `sum/min/max/sorted(t)`,
//! comprehensions, `list(t)`) as the list of its items: the expression becomes `list(t)`
//! (`Builtin::List` of a tuple), which code generation fills from the tuple's values. A tuple is
//! immutable, so the list's snapshot is what CPython's tuple iterator would see. A tuple of
//! different item types is refused: a loop variable has one type (numba refuses it too).
//!
//! `reversed(x)` of an array or a string is `x[::-1]`, which visits the same items
//! (an array's view sees the body's stores as CPython's index-based reversed iterator does). A
//! list's and a dict's stay calls that code generation walks backwards, re-reading the length as
//! CPython's reverse iterators do.

use crate::function::{err, FnCx, R};
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Span, Type};

impl FnCx<'_, '_, '_> {
    /// If `e` (already typed) is a tuple, makes it the list of its items and gives that list's
    /// type; `what` names the use for the error of a tuple that has no one item type.
    pub(crate) fn tuple_as_list(&mut self, e: &mut Expr, what: &str) -> R<Option<Type>> {
        let Type::Tuple(items) = &e.ty else { return Ok(None) };
        let item = one_item_type(items, what, e.span)?;
        let list = Type::List(Box::new(item));
        let span = e.span;
        let tuple = std::mem::replace(e, Expr::new(ExprKind::Const(Const::None), span));
        *e = Expr::new(ExprKind::Call(Callee::Builtin(Builtin::List), vec![tuple], Vec::new()), span);
        e.ty = list.clone();
        Ok(Some(list))
    }

    /// `list(t)` of a tuple (made by `tuple_as_list`) and `tuple(x)`: their types. `tuple(x)` of
    /// a list whose length is known (`known`) is the tuple of that many items.
    pub(crate) fn list_or_tuple_of(&mut self, b: Builtin, types: &[Type], known: Option<usize>, span: Span) -> R<Type> {
        if let (Builtin::Tuple, [Type::List(item)], Some(n)) = (b, types, known) {
            return Ok(Type::tuple(vec![(**item).clone(); n]));
        }
        match (b, types) {
            (Builtin::List, [Type::Tuple(items)]) => Ok(Type::List(Box::new(one_item_type(items, "list() of", span)?))),
            // Made by `items_as_list`.
            (Builtin::List, [Type::Str]) => Ok(Type::List(Box::new(Type::Str))),
            (Builtin::List, [Type::Array(at)]) if at.ndim == 1 => Ok(Type::List(Box::new(Type::Scalar(at.dtype)))),
            (Builtin::Tuple, [t @ Type::Tuple(_)]) => Ok(t.clone()),
            (Builtin::Tuple, [t]) => Err(Diagnostic::unsupported(
                format!("tuple() of {t} is not supported: a tuple's length is part of its type, and this one's is known only at run time; keep it as it is, or unpack a known number of items"),
                span,
            )),
            (Builtin::Tuple, _) => err("tuple expected at most 1 argument", span),
            _ => Err(Diagnostic::unsupported("list() is supported of range() or of a generator expression over range() yet", span)),
        }
    }

    /// The item of `for ... in reversed(x)`, or None if `e` is no call of `reversed`. Arrays and
    /// strings become `x[::-1]`; a list or a dict (or its view) stays the call, typed as the list
    /// or the dict it walks, and so does a tuple, made the list of its items.
    pub(crate) fn reversed_loop_item(&mut self, e: &mut Expr) -> R<Option<Type>> {
        let ExprKind::Call(Callee::Builtin(Builtin::Reversed), args, kwargs) = &mut e.kind else { return Ok(None) };
        if let Some((name, v)) = kwargs.first() {
            return err(format!("reversed() takes no keyword arguments ('{name}' given)"), v.span);
        }
        let [x] = args.as_mut_slice() else { return err(format!("reversed expected 1 argument, got {}", args.len()), e.span) };
        if crate::iterate::is_zip(x) {
            let name = if matches!(x.kind, ExprKind::Call(Callee::Builtin(Builtin::Zip), ..)) { "zip" } else { "enumerate" };
            return err(format!("'{name}' object is not reversible"), x.span);
        }
        if let Some(item) = self.dict_loop_item(x)? {
            // A view: the loop walks the dict, giving the view's items.
            let ExprKind::Call(_, view_args, _) = &x.kind else { unreachable!("dict_loop_item checked a view") };
            e.ty = view_args[0].ty.clone();
            return Ok(Some(item));
        }
        let t = self.expr(x)?;
        match &t {
            Type::Array(a) if a.ndim == 0 => err("len() of unsized object", x.span),
            // A tuple is walked as the list of its items.
            Type::Tuple(_) => {
                let list = self.tuple_as_list(x, "reversed() of")?.expect("a tuple");
                e.ty = list.clone();
                Ok(Some(crate::iterate::iteration_type(&list, e.span)?))
            }
            Type::Array(_) | Type::Str => {
                let span = x.span;
                let x = std::mem::replace(x, Expr::new(ExprKind::Const(Const::None), span));
                let minus_one = Expr::new(ExprKind::Const(Const::Int(-1)), span);
                let slice = Expr::new(ExprKind::Slice(None, None, Some(Box::new(minus_one))), span);
                *e = Expr::new(ExprKind::Index(Box::new(x), vec![slice]), e.span);
                self.loop_item(e).map(Some)
            }
            Type::List(item) => {
                e.ty = t.clone();
                Ok(Some(if **item == Type::Unknown { Type::Unknown } else { (**item).clone() }))
            }
            Type::Dict(k, _) => {
                e.ty = t.clone();
                Ok(Some((**k).clone()))
            }
            Type::Unknown | Type::Never => Ok(Some(Type::Unknown)),
            Type::Set(_) => err("'set' object is not reversible", x.span),
            t => err(format!("'{t}' object is not reversible"), x.span),
        }
    }
}

/// The one type of a tuple's items (none for the empty tuple, whose loop never runs: int).
fn one_item_type(items: &[Type], what: &str, span: Span) -> R<Type> {
    let Some(first) = items.first() else { return Ok(Type::Int) };
    let first = first.as_list_item();
    if let Some(other) = items.iter().map(Type::as_list_item).find(|t| *t != first) {
        return Err(Diagnostic::unsupported(
            format!("{what} a tuple whose items differ in type ({first} and {other}) is not supported: the items would need one type; use a tuple (or a list) of one item type"),
            span,
        ));
    }
    if !crate::lists::item_type_ok(&first) {
        return Err(Diagnostic::unsupported(format!("{what} a tuple of {first} is not supported yet"), span));
    }
    Ok(first)
}

/// The maximum number of items `t * k` makes.
const MAX_REPEATED_ITEMS: usize = 64;

/// `t + u` of tuples and `t * k`/`k * t` of a tuple and an int constant: the type of the tuple of
/// their items. None where neither operand is a tuple.
pub(crate) fn tuple_binary(op: BinOp, (lt, l): (&Type, &Expr), (rt, r): (&Type, &Expr), span: Span) -> R<Option<Type>> {
    let repeated = |items: &[Type], count: &Expr| -> R<Option<Type>> {
        let ExprKind::Const(Const::Int(k)) = count.kind else {
            return Err(Diagnostic::unsupported("a tuple repeated a number of times known only at run time is not supported: its length is part of its type", span));
        };
        let k = k.max(0) as usize;
        if items.len() * k > MAX_REPEATED_ITEMS {
            return Err(Diagnostic::unsupported(format!("a tuple of more than {MAX_REPEATED_ITEMS} items is not supported"), span));
        }
        Ok(Some(Type::Tuple((0..k).flat_map(|_| items.iter().cloned()).collect())))
    };
    match (op, lt, rt) {
        (BinOp::Add, Type::Tuple(a), Type::Tuple(b)) => Ok(Some(Type::Tuple(a.iter().chain(b).cloned().collect()))),
        (BinOp::Mul, Type::Tuple(items), n) if n.is_intlike() => repeated(items, r),
        (BinOp::Mul, n, Type::Tuple(items)) if n.is_intlike() => repeated(items, l),
        _ => Ok(None),
    }
}

/// The length of the list `e` gives where it is known at compile time: `sorted(t)` of a tuple `t`
/// (typed as `sorted(list(t))`), so that `tuple(sorted(t))` is a tuple again.
pub(crate) fn known_length(e: &Expr) -> Option<usize> {
    let ExprKind::Call(Callee::Builtin(Builtin::Sorted), args, _) = &e.kind else { return None };
    match &args.first()?.kind {
        ExprKind::Call(Callee::Builtin(Builtin::List), of, _) => match of.as_slice() {
            [Expr { ty: Type::Tuple(items), .. }] => Some(items.len()),
            _ => None,
        },
        _ => None,
    }
}
