//! Recognises counted loops whose only effect is to add loop-invariant integers to Python-int
//! accumulators (`for j in range(m): s = s + x`, nested to any depth), so that `Lower::closed_form`
//! can compute the result as `s + n * x` instead of iterating.
//!
//! This is exact for Python ints: the closed form is evaluated in 128-bit arithmetic and gives CPython's
//! value whenever it fits in 64 bits. Floats are never folded (their rounding depends on the order of
//! additions). Increments are restricted to constants and locals that cannot be unbound, which cannot
//! raise, so evaluating them once is indistinguishable from evaluating them every iteration; range
//! bounds may raise, and are evaluated exactly when CPython would evaluate them.

use hasten_ir::hir::*;
use hasten_ir::Type;

pub(crate) struct Affine<'e> {
    pub var: LocalId,
    pub start: &'e Expr,
    pub stop: &'e Expr,
    pub step: &'e Expr,
    pub updates: Vec<Update<'e>>,
}

pub(crate) enum Update<'e> {
    /// `local += term` (or `-=` when `negate`).
    Add { local: LocalId, negate: bool, term: &'e Expr },
    /// A nested counted loop that is itself affine.
    Nested(Affine<'e>),
}

/// What the analysis needs to know of each local: its type and whether it may be read unbound.
pub(crate) struct LocalInfo {
    pub ty: Type,
    pub maybe_unbound: bool,
}

pub(crate) fn analyze<'e>(stmt: &'e Stmt, locals: &[LocalInfo]) -> Option<Affine<'e>> {
    let mut assigned = Vec::new();
    assigned_locals(std::slice::from_ref(stmt), &mut assigned);
    let affine = nest(stmt, &assigned, locals)?;
    // A loop variable that is also accumulated is reset by its loop on every outer iteration, which
    // is not an affine effect.
    let (mut vars, mut accumulators) = (Vec::new(), Vec::new());
    collect(&affine, &mut vars, &mut accumulators);
    if vars.iter().any(|v| accumulators.contains(v)) {
        return None;
    }
    Some(affine)
}

/// One level of the nest. `assigned` holds every local the outermost loop assigns: a term or a
/// nested range bound must be invariant in the whole nest, not only in its own loop, since the
/// closed form reads each of them once.
fn nest<'e>(stmt: &'e Stmt, assigned: &[LocalId], locals: &[LocalInfo]) -> Option<Affine<'e>> {
    let StmtKind::ForRange { var, start, stop, step, body, orelse, .. } = &stmt.kind else {
        return None;
    };
    if !orelse.is_empty() || body.is_empty() {
        return None;
    }
    let mut updates = Vec::new();
    for s in body {
        match &s.kind {
            StmtKind::Pass => {}
            StmtKind::AugAssign { target: Target::Local(v, _), op, value } => {
                let negate = match op {
                    BinOp::Add => false,
                    BinOp::Sub => true,
                    _ => return None,
                };
                updates.push(add(*v, negate, value, assigned, locals)?);
            }
            StmtKind::Assign { targets, value } => {
                let [Target::Local(v, _)] = targets.as_slice() else { return None };
                let ExprKind::Binary(op, l, r) = &value.kind else { return None };
                let is_v = |e: &Expr| matches!(e.kind, ExprKind::Local(x) if x == *v);
                let update = match op {
                    BinOp::Add if is_v(l) => add(*v, false, r, assigned, locals)?,
                    BinOp::Add if is_v(r) => add(*v, false, l, assigned, locals)?,
                    BinOp::Sub if is_v(l) => add(*v, true, r, assigned, locals)?,
                    _ => return None,
                };
                if value.ty != Type::Int {
                    return None;
                }
                updates.push(update);
            }
            StmtKind::ForRange { start: s2, stop: e2, step: t2, .. } => {
                if [s2, e2, t2].iter().any(|e| !crate::memo::invariant(e, assigned)) {
                    return None;
                }
                updates.push(Update::Nested(nest(s, assigned, locals)?));
            }
            _ => return None,
        }
    }
    Some(Affine { var: *var, start, stop, step, updates })
}

fn collect(a: &Affine, vars: &mut Vec<LocalId>, accumulators: &mut Vec<LocalId>) {
    vars.push(a.var);
    for u in &a.updates {
        match u {
            Update::Add { local, .. } => accumulators.push(*local),
            Update::Nested(inner) => collect(inner, vars, accumulators),
        }
    }
}

fn add<'e>(local: LocalId, negate: bool, term: &'e Expr, assigned: &[LocalId], locals: &[LocalInfo]) -> Option<Update<'e>> {
    if locals[local as usize].ty != Type::Int || !matches!(term.ty, Type::Int | Type::Bool) {
        return None;
    }
    let simple = match &term.kind {
        ExprKind::Const(_) => true,
        ExprKind::Local(x) => !assigned.contains(x) && !locals[*x as usize].maybe_unbound,
        _ => false,
    };
    simple.then_some(Update::Add { local, negate, term })
}
