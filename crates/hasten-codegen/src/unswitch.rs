//! Finds the test that `Lower::unswitched_loop` moves out of an innermost loop: the leading operands of
//! an `if … and …` in the body that the loop never changes, like the row test of a convolution,
//! `0 <= i + k - r < h`, inside the loop over columns.
//!
//! A test qualifies when it reads only constants, locals the loop never assigns, and locals the loop
//! assigns exactly once, at the top of its body and before the `if`, from an expression that
//! qualifies in turn (`row = i + k - r`). Such a local holds the same value in every iteration, so
//! the test can be evaluated once before the loop with each of those reads replaced by its defining
//! expression. Only pure expressions qualify (no element reads, no jitted calls: see
//! `memo::invariant`), so evaluating them early has no effect other than an error, which the caller
//! turns into running the original loop.

use crate::memo;
use hasten_ir::hir::*;

pub(crate) struct Plan<'e> {
    /// The locals assigned once from an invariant expression, in body order, with that expression.
    pub defs: Vec<(LocalId, &'e Expr)>,
    /// The `if` whose condition starts with the tests.
    pub cond: &'e Expr,
    /// Its leading invariant operands: the whole condition, or a prefix of its `and` operands.
    pub tests: Vec<&'e Expr>,
}

/// The plan for a loop whose variable is `var` and whose body is `body`, if its body holds no loop
/// and an `if` at its top level starts with an invariant test (the first such `if`).
pub(crate) fn plan<'e>(var: LocalId, body: &'e [Stmt]) -> Option<Plan<'e>> {
    if contains_loop(body) {
        return None;
    }
    let mut assigned = vec![var];
    assigned_locals(body, &mut assigned);
    let once = |id: LocalId| assigned.iter().filter(|a| **a == id).count() == 1;
    let mut defs: Vec<(LocalId, &Expr)> = Vec::new();
    // Other statements before the `if` are passed over: they can only assign locals the loop assigns
    // anyway, and nothing they do changes a pure test's value.
    for s in body {
        match &s.kind {
            StmtKind::Assign { targets, value } => {
                if let [Target::Local(id, _)] = targets.as_slice() {
                    if once(*id) && qualifies(value, &assigned, &defs) {
                        defs.push((*id, value));
                    }
                }
            }
            StmtKind::If { cond, .. } => {
                let parts: Vec<&Expr> = match &cond.kind {
                    ExprKind::Logical(LogicalOp::And, parts) => parts.iter().collect(),
                    _ => vec![cond],
                };
                let tests: Vec<&Expr> = parts.into_iter().take_while(|p| qualifies(p, &assigned, &defs)).collect();
                if !tests.is_empty() {
                    return Some(Plan { defs: needed(defs, &tests), cond, tests });
                }
            }
            _ => {}
        }
    }
    None
}

/// The definitions the tests read, directly or through other definitions.
fn needed<'e>(defs: Vec<(LocalId, &'e Expr)>, tests: &[&Expr]) -> Vec<(LocalId, &'e Expr)> {
    let mut keep = vec![false; defs.len()];
    for k in (0..defs.len()).rev() {
        let id = defs[k].0;
        keep[k] = tests.iter().any(|t| reads(t, id)) || (k + 1..defs.len()).any(|j| keep[j] && reads(defs[j].1, id));
    }
    defs.into_iter().zip(keep).filter_map(|(d, k)| k.then_some(d)).collect()
}

/// Whether `e` is pure and reads only locals the loop leaves alone or that `defs` define.
fn qualifies(e: &Expr, assigned: &[LocalId], defs: &[(LocalId, &Expr)]) -> bool {
    let variant: Vec<LocalId> = assigned.iter().copied().filter(|id| !defs.iter().any(|(d, _)| d == id)).collect();
    memo::invariant(e, &variant)
}

fn reads(e: &Expr, id: LocalId) -> bool {
    let mut found = false;
    local_reads(e, &mut |_, v| found |= v == id);
    found
}

/// Calls `f` with every read of a local inside `e`: the reading expression and the local.
pub(crate) fn local_reads<'e>(e: &'e Expr, f: &mut impl FnMut(&'e Expr, LocalId)) {
    match e.kind {
        ExprKind::Local(id) => f(e, id),
        _ => e.for_each_child(|x| local_reads(x, f)),
    }
}

pub(crate) fn contains_loop(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| match &s.kind {
        StmtKind::ForRange { .. } | StmtKind::ForIter { .. } | StmtKind::While { .. } => true,
        StmtKind::If { then, orelse, .. } => contains_loop(then) || contains_loop(orelse),
        _ => false,
    })
}
