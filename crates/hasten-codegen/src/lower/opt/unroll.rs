//! Which `range` loops `Lower::unrolled` emits as straight-line copies of their body: constant bounds,
//! at most `MAX_TRIPS` iterations, and at most `MAX_NODES` statements and expressions in all copies
//! together, so that compile time and code size stay small. A 3×3 stencil's `for a in range(3)` is the
//! case this is for: Cranelift does not unroll, and each copy's indices fold to constant offsets.

use hasten_ir::hir::*;
use super::*;
use crate::statement_count;

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

// ---- emission --------------------------------------------------------------------------------

impl<'a, 'f> Lower<'a, 'f> {
    /// A `range` loop over a few constants, as one copy of the body per value with the variable a
    /// constant in each: index arithmetic folds, and the copies' addresses differ by constants.
    pub(in crate::lower) fn unrolled(&mut self, var: LocalId, values: &[i64], body: &[Stmt], orelse: &[Stmt]) -> R<()> {
        let exit = self.b.create_block();
        for &v in values {
            let next = self.b.create_block();
            let c = self.iconst(types::I64, v);
            self.assign_local(var, vec![c], &Type::Int);
            if self.stable[var as usize] {
                self.facts.insert(var, (v as i128, v as i128));
            }
            self.loops.push(Loop { continue_to: next, break_to: exit });
            self.block(body)?;
            self.loops.pop();
            self.jump(next);
            // `continue` may reach it even when the body's end does not.
            self.enter(next, true);
        }
        self.facts.remove(&var);
        self.block(orelse)?;
        self.jump(exit);
        self.enter(exit, true);
        Ok(())
    }
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
