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
use hasten_ir::{Diagnostic, Type};

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
