//! Which `range` loops `Lower::unrolled` emits as straight-line copies of their body: constant bounds,
//! at most `MAX_TRIPS` iterations, and at most `MAX_NODES` statements and expressions in all copies
//! together, so that compile time and code size stay small. A 3×3 stencil's `for a in range(3)` is the
//! case this is for: Cranelift does not unroll, and each copy's indices fold to constant offsets.

use crate::statement_count;
use hasten_ir::hir::*;

const MAX_TRIPS: usize = 16;
const MAX_NODES: usize = 400;

/// The values the loop variable takes, if the loop is to be unrolled.
pub(crate) fn values(start: &Expr, stop: &Expr, step: &Expr, body: &[Stmt]) -> Option<Vec<i64>> {
    let (a, s, trips) = crate::ranges::constant_range(start, stop, step)?;
    if trips as usize > MAX_TRIPS || trips as usize * size(body) > MAX_NODES || has_prange(body) {
        return None;
    }
    Some((0..trips).map(|k| (a + k * s) as i64).collect())
}

fn size(stmts: &[Stmt]) -> usize {
    fn expr(e: &Expr) -> usize {
        let mut n = 1;
        e.for_each_child(|x| n += expr(x));
        n
    }
    let mut n = statement_count(stmts);
    for_each_expr(stmts, &mut |e| n += expr(e));
    n
}

fn has_prange(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| match &s.kind {
        StmtKind::ForRange { parallel: true, .. } => true,
        StmtKind::If { then: a, orelse: b, .. }
        | StmtKind::While { body: a, orelse: b, .. }
        | StmtKind::ForRange { body: a, orelse: b, .. }
        | StmtKind::ForIter { body: a, orelse: b, .. } => has_prange(a) || has_prange(b),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use hasten_ir::{Span, Type};

    fn int(v: i64) -> Expr {
        Expr { kind: ExprKind::Const(Const::Int(v)), span: Span::default(), ty: Type::Int }
    }

    #[test]
    fn python_range_values_and_limits() {
        assert_eq!(values(&int(7), &int(-2), &int(-3), &[]), Some(vec![7, 4, 1]));
        assert_eq!(values(&int(4), &int(2), &int(1), &[]), Some(vec![]));
        assert_eq!(values(&int(0), &int(3), &int(1), &[]), Some(vec![0, 1, 2]));
        assert_eq!(values(&int(0), &int(17), &int(1), &[]), None, "too many trips");
        assert_eq!(values(&int(0), &int(3), &int(0), &[]), None, "a zero step raises at run time");
    }
}
