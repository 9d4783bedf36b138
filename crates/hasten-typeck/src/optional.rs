//! `None` arguments that the body rebinds: `def f(a, out=None): if out is None: out = np.empty(...)`.
//!
//! A parameter whose argument is `None` holds no value of its own: the walk follows, in source order,
//! whether it still holds that `None` or has been assigned. While it holds `None`, each read of it
//! becomes the constant `None` (so `out is None` is decided and its dead branch pruned); once
//! assigned, it is an ordinary local of the assigned type. Where the two meet (a branch types do not
//! decide assigns it on one side only, a loop or `try` assigns it) a later read is refused by name:
//! compiled code has no optional values.
//!
//! A function whose returns give a value on some paths and `None` on others (falling off its end
//! included) returns `Type::Optional` of the value's type, which only Python callers take: the
//! binding gives them the value or `None`; compiled callers are refused by name.

use crate::function::{FnCx, R};
use crate::always_exits;
use hasten_ir::hir::*;
use hasten_ir::{Diagnostic, Dtype, Type};

/// What a tracked parameter holds at a point of the walk.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Holds {
    /// The `None` it was called with.
    NoneArg,
    /// A value assigned in the body.
    Assigned,
    /// Either, depending on the path taken.
    Either,
}

/// The parameters tracked for a specialisation: those called with `None`.
pub(crate) fn tracked(args: &[Type]) -> Vec<(LocalId, Holds)> {
    args.iter().enumerate().filter(|(_, t)| **t == Type::None).map(|(i, _)| (i as LocalId, Holds::NoneArg)).collect()
}

/// The return type after a return of `ty` where the others gave `ret`: their unification, or an
/// optional result where one is `None` and the other a value.
pub(crate) fn returned(ret: &Type, ty: &Type) -> Option<Type> {
    if let Some(t) = crate::rules::unify(ret, ty) {
        return Some(t);
    }
    match (ret, ty) {
        (Type::Optional(v), Type::None) | (Type::None, Type::Optional(v)) => Some(Type::Optional(v.clone())),
        (Type::Optional(a), Type::Optional(b)) => crate::rules::unify(a, b).map(|t| Type::Optional(Box::new(t))),
        (Type::Optional(v), t) | (t, Type::Optional(v)) => crate::rules::unify(v, t).map(|t| Type::Optional(Box::new(t))),
        (Type::None, t) | (t, Type::None) if !matches!(t, Type::Unknown | Type::Never) => Some(Type::Optional(Box::new(t.clone()))),
        _ => None,
    }
}

fn merge(a: Holds, b: Holds) -> Holds {
    if a == b { a } else { Holds::Either }
}

/// Whether the statements assign `id` anywhere (nested blocks included).
fn assigns(stmts: &[Stmt], id: LocalId) -> bool {
    let target = |t: &Target| {
        let mut found = false;
        t.for_each_local(&mut |l| found |= l == id);
        found
    };
    stmts.iter().any(|s| {
        let here = match &s.kind {
            StmtKind::Assign { targets, .. } => targets.iter().any(target),
            StmtKind::AugAssign { target: t, .. } | StmtKind::ForIter { target: t, .. } => target(t),
            StmtKind::ForRange { var, .. } => *var == id,
            _ => false,
        };
        here || s.kind.blocks().into_iter().any(|b| assigns(b, id))
    })
}

impl FnCx<'_, '_, '_> {
    /// A read of local `id`: the constant `None` while it holds its `None` argument (the node is
    /// rewritten), an error where that depends on the path; `None` for an untracked local.
    pub(crate) fn none_arg_read(&mut self, e: &mut Expr, id: LocalId) -> Option<R<Type>> {
        let holds = self.nones.iter().find(|(l, _)| *l == id)?.1;
        match holds {
            Holds::Assigned => None,
            Holds::NoneArg => {
                e.kind = ExprKind::Const(Const::None);
                Some(Ok(Type::None))
            }
            Holds::Either => {
                let local = &self.locals[id as usize];
                let name = local.name.clone();
                let ty = match &local.ty {
                    Type::Unknown => "a value".to_string(),
                    t => t.to_string(),
                };
                Some(Err(Diagnostic::unsupported(
                    format!("'{name}' is None (its argument) on some paths to here and {ty} on others; optional values are not supported"),
                    e.span,
                )
                .note(format!("assign '{name}' on every path before this, for instance `if {name} is None: {name} = ...` outside loops and try statements"))))
            }
        }
    }

    pub(crate) fn none_arg_assigned(&mut self, id: LocalId) {
        if let Some(entry) = self.nones.iter_mut().find(|(l, _)| *l == id) {
            entry.1 = Holds::Assigned;
        }
    }

    fn none_states(&self) -> Vec<Holds> {
        self.nones.iter().map(|(_, h)| *h).collect()
    }

    fn set_none_states(&mut self, states: &[Holds]) {
        self.nones.iter_mut().zip(states).for_each(|(e, h)| e.1 = *h);
    }

    /// Before a loop or `try` statement: a parameter still holding its `None` that the statement
    /// assigns may hold either inside it and after it. Gives the states to hand `none_args_leave`.
    pub(crate) fn none_args_enter(&mut self, blocks: &[&Vec<Stmt>]) -> Vec<Holds> {
        for (id, holds) in self.nones.iter_mut() {
            if *holds == Holds::NoneArg && blocks.iter().any(|b| assigns(b, *id)) {
                *holds = Holds::Either;
            }
        }
        self.none_states()
    }

    /// After a loop or `try` whose entry `none_args_enter` marked: the statement may have run
    /// none of its assignments, so an assigned parameter may still be `None`.
    pub(crate) fn none_args_leave(&mut self, entry: &[Holds]) {
        let merged: Vec<Holds> = self.none_states().iter().zip(entry).map(|(a, b)| merge(*a, *b)).collect();
        self.set_none_states(&merged);
    }

    /// `if` whose condition the types do not decide: each branch from the state before it, then
    /// the states of the branches that fall through merged.
    pub(crate) fn none_args_branches(&mut self, then: &mut Vec<Stmt>, orelse: &mut Vec<Stmt>) -> R<()> {
        if self.nones.is_empty() {
            self.block(then)?;
            return self.block(orelse);
        }
        let before = self.none_states();
        self.block(then)?;
        let after_then = self.none_states();
        self.set_none_states(&before);
        self.block(orelse)?;
        let after_else = self.none_states();
        let merged: Vec<Holds> = match (always_exits(then), always_exits(orelse)) {
            (true, _) => after_else,
            (false, true) => after_then,
            (false, false) => after_then.iter().zip(&after_else).map(|(a, b)| merge(*a, *b)).collect(),
        };
        self.set_none_states(&merged);
        Ok(())
    }
}

/// Whether `e` is of a kind that may have an optional type: besides a specialisation's result,
/// only locals, `d.get(k)`, `next(it, None)` and `x if c else None` are optional.
pub(crate) fn may_be_optional(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Local(_) | ExprKind::IfExp(..) | ExprKind::Call(Callee::ListMethod(ListMethod::Get) | Callee::Builtin(Builtin::Next), ..))
}

/// Whether a local may hold `None` on some paths and a `t` on others: numbers and bools, whose
/// optional form is a flag and the number (`Type::Optional`).
fn optional_value(t: &Type) -> bool {
    matches!(t, Type::Int | Type::Float | Type::Bool) || matches!(t, Type::Scalar(d) if !d.is_complex())
}

/// The type of a local assigned both `a` and `b` where they do not unify: optional where one is
/// `None` (or optional) and the other a number. `Err` names what is missing where `None` meets
/// a type that has no optional form yet.
pub(crate) fn merged_local(a: &Type, b: &Type) -> Option<Result<Type, String>> {
    let (mut value, mut none) = (Type::Unknown, false);
    for t in [a, b] {
        match t {
            Type::None => none = true,
            Type::Optional(v) => {
                none = true;
                value = crate::rules::unify(&value, v)?;
            }
            t => value = crate::rules::unify(&value, t)?,
        }
    }
    if !none || matches!(value, Type::Unknown) {
        return None;
    }
    Some(match optional_value(&value) {
        true => Ok(Type::Optional(Box::new(value))),
        false => Err(format!("a variable that holds None on some paths and {value} on others is not supported yet (optional values of numbers and bools are)")),
    })
}

/// The class name CPython's TypeError messages give a value of type `t` (NumPy's scalars defer
/// to Python's int and float there).
fn class_name(t: &Type) -> &'static str {
    match t {
        Type::None => "NoneType",
        Type::Bool | Type::Scalar(Dtype::Bool) => "bool",
        Type::Float => "float",
        Type::Scalar(d) if d.is_float() => "float",
        _ => "int",
    }
}

impl FnCx<'_, '_, '_> {
    /// `e` typed where an optional local may stand as it is: an assignment's value, a return, a
    /// side of `is None`.
    pub(crate) fn expr_optional(&mut self, e: &mut Expr) -> R<Type> {
        self.optional_ok = true;
        self.expr(e)
    }

    /// A return's value: an optional local, or a tuple literal with optional locals among its
    /// items (Python callers get None or the number in their places).
    pub(crate) fn returned_value(&mut self, e: &mut Expr) -> R<Type> {
        let ExprKind::Tuple(items) = &mut e.kind else { return self.expr_optional(e) };
        let mut types = Vec::new();
        for item in items.iter_mut() {
            match self.expr_optional(item)? {
                t @ (Type::Unknown | Type::Never) => return Ok(t),
                t => types.push(t),
            }
        }
        if !types.iter().any(|t| matches!(t, Type::Optional(_))) {
            return self.expr(e);
        }
        e.ty = Type::tuple(types);
        Ok(e.ty.clone())
    }

    /// The operands of `op` (an arithmetic operator's symbol or a comparison's), typed: an optional
    /// one becomes its value, checked when the operation runs (CPython's TypeError for `None`).
    /// A local still typed `None` before the pass that makes it optional leaves the type pending.
    pub(crate) fn unwrapped_operands(&mut self, l: &mut Expr, r: &mut Expr, op: Operator) -> R<(Type, Type)> {
        let lt = self.expr_optional(l)?;
        let rt = self.expr_optional(r)?;
        let value = |t: &Type| if let Type::Optional(v) = t { (**v).clone() } else { t.clone() };
        let (lv, rv) = (value(&lt), value(&rt));
        for (e, t, none_left) in [(l, &lt, true), (r, &rt, false)] {
            match t {
                Type::Optional(v) => {
                    let (left, right) = if none_left { (&Type::None, &rv) } else { (&lv, &Type::None) };
                    let message = op.message(left, right);
                    self.wrap_unwrap(e, v, message);
                }
                Type::None if !self.strict && matches!(e.kind, ExprKind::Local(_)) => return Ok((Type::Unknown, Type::Unknown)),
                _ => {}
            }
        }
        Ok((lv, rv))
    }

    /// A single comparison with an optional side: `x is None` (also `x == None`, the same for
    /// numbers) keeps the local as it is, an ordering unwraps it; `None` for other comparisons.
    pub(crate) fn optional_compare(&mut self, first: &mut Expr, rest: &mut [(CmpOp, Expr)]) -> R<Option<Type>> {
        let [(op, r)] = rest else { return Ok(None) };
        // An empty list literal is typed by the other side (`compare`).
        let empty = |e: &Expr| matches!(&e.kind, ExprKind::List(items) if items.is_empty());
        if empty(first) || empty(r) {
            return Ok(None);
        }
        let none = |e: &Expr| matches!(e.kind, ExprKind::Const(Const::None));
        match op {
            CmpOp::Is | CmpOp::IsNot | CmpOp::Eq | CmpOp::NotEq if none(first) || none(r) => {
                let lt = self.expr_optional(first)?;
                let rt = self.expr_optional(r)?;
                let optional = matches!(lt, Type::Optional(_)) || matches!(rt, Type::Optional(_));
                // `x == None` is `x is None` for anything but an array (compared element-wise).
                if optional || !(matches!(lt, Type::Array(_) | Type::Unknown) || matches!(rt, Type::Array(_) | Type::Unknown)) {
                    *op = if matches!(op, CmpOp::Is | CmpOp::Eq) { CmpOp::Is } else { CmpOp::IsNot };
                }
                Ok(optional.then_some(Type::Bool))
            }
            // Other operands are typed once, by `compare`.
            CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE if may_be_optional(first) || may_be_optional(r) => {
                let (lt, rt) = self.unwrapped_operands(first, r, Operator::Compare(*op))?;
                if matches!(lt, Type::Unknown) || matches!(rt, Type::Unknown) {
                    return Ok(Some(Type::Unknown));
                }
                Ok(None)
            }
            _ => Ok(None),
        }
    }

    /// The value of `target op= value`, typed: an optional one becomes its value, checked when the
    /// operation runs.
    pub(crate) fn unwrapped_value(&mut self, e: &mut Expr, op: Operator, target: &Type) -> R<Type> {
        match self.expr_optional(e)? {
            Type::Optional(v) => {
                let message = op.message(target, &Type::None);
                self.wrap_unwrap(e, &v, message);
                Ok(*v)
            }
            t => Ok(t),
        }
    }

    fn wrap_unwrap(&mut self, e: &mut Expr, v: &Type, message: String) {
        let span = e.span;
        let inner = std::mem::replace(e, Expr::new(ExprKind::Const(Const::None), span));
        let text = Expr { ty: Type::Str, ..Expr::new(ExprKind::Const(Const::Str(message)), span) };
        *e = Expr { ty: v.clone(), ..Expr::new(ExprKind::Call(Callee::Builtin(Builtin::Unwrap), vec![inner, text], Vec::new()), span) };
    }

    /// An `Unwrap` typed again: its value's type.
    pub(crate) fn unwrap_again(&mut self, args: &mut [Expr]) -> R<Type> {
        Ok(match self.expr_optional(&mut args[0])? {
            Type::Optional(v) => *v,
            t => t,
        })
    }
}

/// The operation an optional operand takes part in, for CPython's message when it is `None`.
#[derive(Clone, Copy)]
pub(crate) enum Operator {
    Binary(BinOp),
    InPlace(BinOp),
    Compare(CmpOp),
}

impl Operator {
    fn message(self, l: &Type, r: &Type) -> String {
        match self {
            Operator::Binary(BinOp::Pow) => format!("unsupported operand type(s) for ** or pow(): '{}' and '{}'", class_name(l), class_name(r)),
            Operator::Binary(op) => format!("unsupported operand type(s) for {}: '{}' and '{}'", op.symbol(), class_name(l), class_name(r)),
            Operator::InPlace(BinOp::Pow) => format!("unsupported operand type(s) for **= or pow(): '{}' and '{}'", class_name(l), class_name(r)),
            Operator::InPlace(op) => format!("unsupported operand type(s) for {}=: '{}' and '{}'", op.symbol(), class_name(l), class_name(r)),
            Operator::Compare(op) => {
                let symbol = |op| match op {
                    CmpOp::Lt => "<",
                    CmpOp::LtE => "<=",
                    CmpOp::Gt => ">",
                    _ => ">=",
                };
                // `None < x` of a NumPy scalar `x` is answered by the scalar's reflected `>`.
                if *l == Type::None && matches!(r, Type::Scalar(_)) {
                    let flipped = match op {
                        CmpOp::Lt => CmpOp::Gt,
                        CmpOp::LtE => CmpOp::GtE,
                        CmpOp::Gt => CmpOp::Lt,
                        _ => CmpOp::LtE,
                    };
                    return format!("'{}' not supported between instances of '{}' and 'NoneType'", symbol(flipped), class_name(r));
                }
                format!("'{}' not supported between instances of '{}' and '{}'", symbol(op), class_name(l), class_name(r))
            }
        }
    }
}
